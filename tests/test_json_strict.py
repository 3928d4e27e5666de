"""Every --json output is strict JSON: NaN and ±Infinity print as null (issue 19, item 10a)."""

from __future__ import annotations

import json

import pytest


def _strict(text: str):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_kg_cypher_json_prints_null_for_numbers_json_has_not(tmp_path, small_graph):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.store import EmbeddedStore

    EmbeddedStore(tmp_path / "s").write_graph(small_graph)
    result = CliRunner().invoke(
        app,
        [
            "cypher",
            "--store",
            str(tmp_path / "s"),
            "--json",
            "RETURN 1.0/0.0 AS x, 0.0/0.0 AS y, -1.0/0.0 AS z, [1.0/0.0, 2.5] AS l",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert _strict(result.stdout) == [{"x": None, "y": None, "z": None, "l": [None, 2.5]}]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_print_json_is_strict_at_any_depth(capsys, value):
    from kg.cli.output import print_json

    print_json({"rows": [{"v": value, "ok": 1.0}], "set": {value}})
    assert _strict(capsys.readouterr().out) == {"rows": [{"v": None, "ok": 1.0}], "set": [None]}
