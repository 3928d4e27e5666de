"""The Typer application every command module registers on."""

import logging

import typer

# The Neo4j driver logs every transaction retry as a warning on stderr; kg reports the final
# error itself, on one line, without the driver's internals.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

app = typer.Typer(
    name="kg",
    help="paperkg: build and explore a knowledge graph of methods, datasets, tasks and concepts from abstracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
