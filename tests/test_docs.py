"""The documentation keeps up with the CLI, stays short at the top, and links only to files in the repository.

Each ``kg`` command is documented in a section whose heading names it (``## `kg build```),
in README.md or docs/*.md; each of its long options appears in such a section or in a
section headed "Common options".
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import typer

import kg.cli  # noqa: F401  (registers the commands on the app)
from kg.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOC_FILES = [README, *sorted((ROOT / "docs").glob("*.md"))]
LINKED_FILES = [*DOC_FILES, ROOT / "CONTRIBUTING.md"]
MAX_README_LINES = 400

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def commands() -> dict[str, list[str]]:
    """Each ``kg`` command's name and its long options (``--store``), from the Typer app."""
    root = typer.main.get_command(app)
    assert isinstance(root, click.Group)
    return {
        name: sorted({opt for p in cmd.params for opt in [*p.opts, *p.secondary_opts] if opt.startswith("--")})
        for name, cmd in root.commands.items()
        if not cmd.hidden
    }


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) for every heading outside code fences; a body runs to the next heading of its level or higher."""
    lines = text.splitlines()
    heads, fenced = [], False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            heads.append((i, len(m.group(1)), m.group(2)))
    out = []
    for n, (start, level, title) in enumerate(heads):
        end = next((s for s, lv, _ in heads[n + 1 :] if lv <= level), len(lines))
        out.append((title, "\n".join(lines[start + 1 : end])))
    return out


def command_sections(name: str, files: list[Path] = DOC_FILES) -> list[str]:
    """Bodies of the sections whose heading names ``kg NAME``."""
    pattern = re.compile(rf"\bkg {re.escape(name)}\b")
    return [body for f in files for title, body in sections(f.read_text(encoding="utf-8")) if pattern.search(title)]


def common_sections(files: list[Path] = DOC_FILES) -> list[str]:
    return [
        body
        for f in files
        for title, body in sections(f.read_text(encoding="utf-8"))
        if title.strip().lower() == "common options"
    ]


def mentions(option: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def undocumented(files: list[Path] = DOC_FILES) -> list[str]:
    """``kg NAME`` without a section, and ``kg NAME --option`` in none of its sections nor the common options."""
    missing = []
    common = "\n".join(common_sections(files))
    for name, options in commands().items():
        own = command_sections(name, files)
        if not own:
            missing.append(f"kg {name}")
            continue
        text = "\n".join(own)
        missing += [f"kg {name} {opt}" for opt in options if not (mentions(opt, text) or mentions(opt, common))]
    return missing


def test_the_cli_is_discovered():
    found = commands()
    assert {"build", "show", "cypher", "export", "eval"} <= set(found)
    assert "--min-relevance" in found["build"] and "--links-per-term" in found["map"]


def test_every_command_and_option_is_documented():
    assert undocumented() == []


def test_a_missing_option_mention_is_caught(tmp_path):
    """The check fails when one mention goes: here ``--links-per-term``, in a copy of the docs."""
    copies = []
    for f in DOC_FILES:
        copy = tmp_path / f.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(f.read_text(encoding="utf-8").replace("--links-per-term", "--links-each"), encoding="utf-8")
        copies.append(copy)
    assert undocumented(copies) == ["kg map --links-per-term"]


def test_the_version_option_is_documented():
    assert mentions("--version", README.read_text(encoding="utf-8"))


def test_readme_is_at_most_400_lines():
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_README_LINES, f"README.md has {n} lines; move detail into docs/"


def relative_links(path: Path) -> list[str]:
    """Link targets in a markdown file that point into the repository (no scheme, not a bare #anchor)."""
    text = path.read_text(encoding="utf-8")
    return [t for t in _LINK.findall(text) if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


@pytest.mark.parametrize("path", LINKED_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_in_the_repository(path):
    broken = []
    for target in relative_links(path):
        resolved = (path.parent / target.split("#", 1)[0]).resolve()
        if not resolved.exists() or ROOT not in resolved.parents and resolved != ROOT:
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("path", LINKED_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_reference_to_files_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert re.findall(r"DESIGN\.md|\.\./shared", text) == []
