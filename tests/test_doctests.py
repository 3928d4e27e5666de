"""Every example in the library's docstrings runs and gives what it shows.

One test per module of ``extract``, ``queries`` and ``kg`` (found by file, so a new
module is tested without being listed here). Each also checks that doctest ran every
example written in the module's source (each ``>>>`` line not marked ``+SKIP``), so an
example doctest cannot find (in a comment, or in an object it does not look at) fails
instead of silently not running.
"""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extract", "queries", "kg")
#: files that run something when imported
NOT_IMPORTED = {"kg/__main__.py"}
EXAMPLE = re.compile(r"^\s*>>> ")


def module_files() -> list[str]:
    files = (str(p.relative_to(ROOT)) for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")))
    return [f for f in files if f not in NOT_IMPORTED]


def module_name(file: str) -> str:
    return file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def examples_written(file: str) -> int:
    """``>>>`` lines in the file that doctest would run (not marked ``+SKIP``)."""
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if EXAMPLE.match(line) and "+SKIP" not in line)


@pytest.mark.parametrize("file", module_files())
@pytest.mark.slow  # about a second or more
def test_every_docstring_example_runs_and_passes(file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    module = importlib.import_module(module_name(file))
    result = doctest.testmod(module)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {file} failed (output above)"
    assert result.attempted == examples_written(file), (
        f"{file}: doctest ran {result.attempted} of {examples_written(file)} examples"
    )


def test_the_example_count_is_what_doctest_runs():
    assert examples_written("kg/core/examples.py") >= 5
    assert module_name("kg/present/viz/__init__.py") == "kg.present.viz"
    assert module_name("kg/core/graph.py") == "kg.core.graph"
