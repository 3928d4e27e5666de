"""Dependencies point one way: extract ← queries ← kg, and inside kg
core ← readers, store ← build ← present ← cli (quality beside build).
Every import statement counts, also inside functions and under TYPE_CHECKING."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: what each part may import from this project (itself always); anything else is a back-arrow
ALLOWED = {
    "extract": set(),
    "queries": {"extract"},
    "kg.core": {"extract", "queries"},
    "kg.readers": {"extract", "queries", "kg.core"},
    "kg.store": {"extract", "queries", "kg.core"},
    "kg.quality": {"extract", "queries", "kg.core"},
    "kg.build": {"extract", "queries", "kg.core", "kg.readers", "kg.store"},
    "kg.present": {"extract", "queries", "kg.core", "kg.store", "kg.build"},
    "kg.cli": {"extract", "queries", "kg"},
    "kg": {"kg.cli"},  # kg/__init__.py, kg/__main__.py
}
PROJECT = ("extract", "queries", "kg")


def imported_modules(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Module names each ``.py`` file under ``package`` imports (absolute imports, at any depth)."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        out[str(path.relative_to(root))] = names
    return out


def part_of(name: str) -> str | None:
    """The part (a key of :data:`ALLOWED`) a module or a file path belongs to, most specific first."""
    dotted = name.removesuffix(".py").replace("/", ".")
    for part in sorted(ALLOWED, key=len, reverse=True):
        if dotted == part or dotted.startswith(part + "."):
            return part
    return None


def back_arrows(root: Path = ROOT) -> dict[str, list[str]]:
    """Files importing a part of the project their own part may not import, with those imports."""
    found = {}
    for package in PROJECT:
        if not (root / package).is_dir():
            continue
        for file, modules in imported_modules(package, root).items():
            part = part_of(file)
            allowed = ALLOWED[part] | {part}
            bad = sorted(m for m in modules if m.split(".")[0] in PROJECT and not _within(m, allowed))
            if bad:
                found[file] = bad
    return found


def _within(module: str, parts: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in parts)


def test_every_file_belongs_to_a_part():
    files = [f for p in PROJECT for f in imported_modules(p)]
    assert files and [f for f in files if part_of(f) is None] == []


def test_no_back_arrows():
    assert back_arrows() == {}


@pytest.mark.parametrize(
    "planted, where",
    [
        ("from kg.core.papers import Paper\n", "queries/planted.py"),
        ("def f():\n    from kg.cli.app import app\n    return app\n", "kg/store/planted.py"),
        ("from kg.present.select import Selection\n", "kg/build/planted.py"),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from queries.api import top\n",
            "extract/planted.py",
        ),
    ],
)
def test_a_planted_back_arrow_is_found(tmp_path, planted, where):
    for package in PROJECT:
        (tmp_path / package).mkdir()
    (tmp_path / where).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / where).write_text(planted, encoding="utf-8")
    (tmp_path / "kg" / "core").mkdir(exist_ok=True)
    (tmp_path / "kg" / "core" / "fine.py").write_text("from queries.schema import PAPER\n", encoding="utf-8")
    assert list(back_arrows(tmp_path)) == [where]


def test_bench_and_scripts_import_nothing_from_tests():
    found = {}
    for folder in ("bench", "scripts"):
        for file, modules in imported_modules(folder).items():
            bad = sorted(m for m in modules if m == "tests" or m.startswith("tests."))
            if bad:
                found[file] = bad
    assert found == {}
