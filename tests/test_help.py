"""Help texts: every argument described, one example per command, untruncated summaries, accurate --json help,
and default output files named after their command."""

from __future__ import annotations

import click
import pytest
import typer
from typer.testing import CliRunner

import kg.cli  # noqa: F401  (registers the commands)
from kg.cli.app import app

runner = CliRunner()
ROOT = typer.main.get_command(app)
assert isinstance(ROOT, click.Group)
COMMANDS = {name: cmd for name, cmd in ROOT.commands.items() if not cmd.hidden}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example_and_described_arguments(name):
    cmd = COMMANDS[name]
    assert f"Example: kg {name}" in (cmd.help or "") or f"kg {name} " in (cmd.help or "").split("Example:")[-1], name
    for p in cmd.params:
        if isinstance(p, click.Argument):
            assert getattr(p, "help", None), f"kg {name}: argument {p.name} has no help"
    out = runner.invoke(app, [name, "--help"], terminal_width=100)
    assert out.exit_code == 0 and "Example:" in out.stdout
    sections = [ln for ln in out.stdout.splitlines() if ln.rstrip().endswith("arguments:") or ln == "Arguments:"]
    assert len(sections) <= 1, f"kg {name}: arguments listed in {sections}"


def test_top_level_help_lists_every_command_with_an_untruncated_summary():
    out = runner.invoke(app, ["--help"], terminal_width=80)
    listing = out.stdout.split("Commands:")[1]
    for name in COMMANDS:
        line = next(ln for ln in listing.splitlines() if ln.strip().startswith(name + " "))
        assert not line.rstrip().endswith("..."), line
    assert "--store" in out.stdout.split("Commands:")[0]


@pytest.mark.parametrize(
    "name", ["viz", "export", "map", "trend", "build", "remove", "push", "show", "path", "extract"]
)
def test_json_help_says_what_is_printed(name):
    opt = next(p for p in COMMANDS[name].params if "--json" in p.opts)
    assert "instead of a table" not in opt.help or name == "extract", opt.help


@pytest.mark.parametrize("name, default", [("viz", "viz.html"), ("map", "map.html"), ("trend", "trend.svg")])
def test_default_output_is_named_after_the_command(name, default):
    opt = next(p for p in COMMANDS[name].params if "--output" in p.opts)
    assert str(opt.default) == default
