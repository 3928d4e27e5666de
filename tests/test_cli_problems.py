"""Issue 19 item 10b: thousands of problems of one kind print as 20 lines and a count; --json keeps them all."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import kg.build.pipeline
from kg.cli import app
from tests.fixtures.fake_extraction import FakeExtractor

runner = CliRunner()


def write(path, n_title_only: int, good: int = 0):
    rows = [{"title": f"Only a title {i}"} for i in range(n_title_only)]
    rows += [{"title": f"Good {i}", "abstract": "Method:KiteNet"} for i in range(good)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_title_only_records_print_twenty_lines_and_a_count(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "t.jsonl", 500, good=2)
    out = runner.invoke(app, ["build", "t.jsonl", "-s", "st"])
    assert out.exit_code == 0, out.output
    lines = [line for line in out.output.splitlines() if line.startswith("warning:") and "empty abstract" in line]
    assert len(lines) == 21
    assert lines[0].endswith("t.jsonl:1: empty abstract; record skipped")
    assert lines[-1].endswith("… and 480 more of this kind (empty abstract; record skipped); all in --json")
    full = json.loads(runner.invoke(app, ["build", "t.jsonl", "-s", "st", "--json"]).stdout)
    assert len([p for p in full["problems"] if "empty abstract" in p]) == 500


def test_nothing_to_build_caps_its_problems_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "t.jsonl", 100)
    out = runner.invoke(app, ["build", "t.jsonl", "-s", "st"])
    assert out.exit_code == 1
    assert (
        len([line for line in out.output.splitlines() if line.startswith("warning:") and "empty abstract" in line])
        == 21
    )
