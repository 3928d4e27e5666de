"""The Typer application every command module registers on."""

import logging

import typer

# The Neo4j driver logs every transaction retry as a warning on stderr; kg reports the final
# error itself, on one line, without the driver's internals.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _keep_argument_help() -> None:
    """Typer 0.24 sets an argument's help and then calls click's ``Parameter.__init__``, which from click
    8.3 on takes ``help`` itself and so resets it to None: every positional argument lost its description.
    Pass it on again (a no-op with a click that keeps it)."""
    from typer.core import TyperArgument

    original = TyperArgument.__init__
    if getattr(original, "_keeps_help", False):
        return

    def __init__(self, *args, help: str | None = None, **kwargs) -> None:
        original(self, *args, help=help, **kwargs)
        if self.help is None:
            self.help = help

    __init__._keeps_help = True  # type: ignore[attr-defined]
    TyperArgument.__init__ = __init__  # type: ignore[method-assign]


_keep_argument_help()


def _one_argument_section() -> None:
    """Click 8.5 writes a "Positional arguments" section of its own, and Typer's option formatting already
    writes "Arguments": every command listed its arguments twice. Keep Typer's (a no-op with an older click)."""
    from typer.core import TyperCommand

    if hasattr(TyperCommand, "format_arguments"):
        TyperCommand.format_arguments = lambda self, ctx, formatter: None  # type: ignore[method-assign]


_one_argument_section()

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
    show_version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        "-s",
        show_default=False,
        help="Store folder for the command that follows (kg --store X stats); a --store after the command wins.",
    ),
) -> None:
    """paperkg: build and explore a knowledge graph of methods, datasets, tasks and concepts from abstracts.

    Example: kg build examples/*.jsonl examples/*.txt && kg --store kg-store top --type method
    """
