"""The Typer application every command module registers on."""

import logging
from typing import Optional

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
    # plain help text: Typer's rich help imports markdown and syntax highlighting (≈0.3 s per start)
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("paperkg")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"paperkg {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    store: Optional[str] = typer.Option(None, "--store", "-s", show_default=False,
                                        help="Store folder for the command that follows (kg --store X stats); "
                                             "a --store after the command wins."),
) -> None:
    """paperkg: build and explore a knowledge graph of methods, datasets, tasks and concepts from abstracts.

    Example: kg build examples/*.jsonl examples/*.txt && kg --store kg-store top --type method
    """
