"""Library errors are in the library's terms: they name parameters, never command-line flags;
the CLI names the flags (kg.cli.output.with_flags)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.present.export import ExportError, infer_format
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def string_literals(path: Path):
    """(line, text) of every string literal in ``path`` that is not a docstring or a comment."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.STRING:
            continue
        before = next((t for t in reversed(tokens[:i]) if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        docstring = (
            (
                before is None
                or before.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE)
                or (before.type == tokenize.OP and before.string == ":")
            )
            and after is not None
            and after.type in (tokenize.NEWLINE, tokenize.ENDMARKER)
        )
        if not docstring:
            yield tok.start[0], tok.string


def test_no_library_string_names_a_command_line_flag():
    offenders = []
    for folder in ("kg", "queries", "extract"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(("kg/cli/", "extract/training/")):  # the CLI and the training script's own argparse
                continue
            offenders += [f"{rel}:{line}: {text[:80]}" for line, text in string_literals(path) if FLAG.search(text)]
    assert offenders == []


def test_errors_name_the_parameter_and_the_cli_names_the_flag(tmp_path, small_graph):
    with pytest.raises(ExportError, match="give `fmt`"):
        infer_format("graph.unknown")
    store = tmp_path / "store"
    open_store(store).write_graph(small_graph)
    runner = CliRunner()
    cases = [
        (["export", "-o", str(tmp_path / "g.unknown")], "give --format ("),
        (["viz", "-o", str(tmp_path / "m.html"), "--layout", "sideways"], "--layout must be one of"),
        (
            ["map", "-o", str(tmp_path / "t.html"), "--from", "2100"],
            "(check --type, --min-papers, --from/--to, the quality cut)",
        ),
    ]
    for args, message in cases:
        result = runner.invoke(app, [*args, "--store", str(store)])
        assert result.exit_code == 1 and message in " ".join(result.output.split()), result.output
        assert "`" not in result.output
