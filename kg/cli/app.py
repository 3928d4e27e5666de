"""The Typer application every command module registers on."""

import typer

app = typer.Typer(
    name="kg",
    help="paperkg: build and explore a knowledge graph of methods, datasets, tasks and concepts from abstracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
