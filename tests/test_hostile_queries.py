"""Hostile input to `kg cypher` / `kg query`: one error line and exit 1, never a traceback."""

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import open_store

runner = CliRunner()


@pytest.fixture
def store(tmp_path, small_graph):
    open_store(tmp_path / "s").write_graph(small_graph)
    return str(tmp_path / "s")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["cypher", "RETURN " + "9" * 5000 + " AS x"],
        ["cypher", "RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS x"],  # crashed LadybugDB's parser
        ["cypher", "MATCH (n) WHERE n.x IN " + "[" * 3000 + "]" * 3000 + " RETURN n"],
        ["cypher", "RETURN 1 AS x // " + "x" * 100_001],
        ["cypher", "RETURN " + " + ".join(["1"] * 5000) + " AS x"],  # 12 s in LadybugDB's parser
        ["cypher", "RETURN $x AS x", "--param", "x=" + "[" * 3000 + "]" * 3000],
        ["cypher", "RETURN $x AS x", "--param", "x=" + '{"a":' * 3000 + "1" + "}" * 3000],
        ["query", "methods_on_dataset", "--param", "dataset=" + "[" * 3000],
    ],
)
def test_one_error_line_not_a_traceback(store, args):
    result = runner.invoke(app, [*args, "--store", store])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")


def test_a_huge_number_as_a_parameter_stays_a_string():
    from queries.api import parse_params

    assert parse_params(["n=" + "9" * 5000]) == {"n": "9" * 5000}
