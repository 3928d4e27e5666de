"""Dependencies point one way: extract ← queries ← kg. Every import statement counts, also inside functions."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Module names each ``.py`` file under ``package`` imports (absolute imports, at any depth)."""
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        out[str(path.relative_to(ROOT))] = names
    return out


def offending(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Files under ``package`` importing a ``forbidden`` module or one inside it, with those imports."""
    def bad(module: str) -> bool:
        return any(module == f or module.startswith(f + ".") for f in forbidden)

    found = {f: sorted(filter(bad, mods)) for f, mods in imported_modules(package).items()}
    return {f: mods for f, mods in found.items() if mods}


def test_extract_imports_nothing_from_kg_or_queries():
    assert offending("extract", ("kg", "queries")) == {}


@pytest.mark.parametrize("module", ["kg.store", "kg.cli", "kg.pipeline", "kg.build"])
def test_queries_import_no_store_and_no_builder(module):
    assert offending("queries", (module,)) == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("def f():\n    from kg.vocab import x\n    return x\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offending("pkg", ("kg",)) == {"pkg/m.py": ["kg.vocab"]}
