"""Issue 19 item 8: a whole JSON document on one line is read, whatever the per-line cap; files too
large to read whole get one clear problem; JSON Lines keep their per-line cap."""

from __future__ import annotations

import json
import time

import pytest

from kg.readers import read_file, textio
from kg.readers.report import Problem


def papers(n: int, abstract_chars: int) -> list[dict]:
    return [
        {"id": f"w{i}", "title": f"Kite paper {i}", "abstract": f"Paper {i}. " + "k" * abstract_chars} for i in range(n)
    ]


@pytest.mark.slow  # about a second or more
def test_a_minified_json_array_longer_than_the_line_cap_is_read(tmp_path):
    path = tmp_path / "min.json"
    path.write_text(json.dumps(papers(2_100, 10_000), separators=(",", ":")))  # one line of 21.3 M characters
    assert path.stat().st_size > textio.MAX_LINE_CHARS
    start = time.perf_counter()
    rep = read_file(path)
    assert (len(rep.papers), rep.problems) == (2_100, [])
    assert time.perf_counter() - start < 10


def test_an_object_holding_the_list_on_one_line_is_read_too(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "obj.json"
    path.write_text(json.dumps({"papers": papers(5, 500)}))
    rep = read_file(path)
    assert (len(rep.papers), rep.problems) == (5, [])


def test_a_document_over_the_overall_cap_is_one_problem_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_DOCUMENT_BYTES", 2**20)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(papers(300, 5_000)))
    rep = read_file(path)
    assert rep.papers == []
    assert rep.problems == [
        Problem(
            str(path),
            "file of 1.5 MB is larger than the 1.0 MB read as one document; "
            "split it or convert it to JSON Lines; file skipped",
        )
    ]


def test_json_lines_keep_the_per_line_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "l.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in papers(2, 2_000)))
    rep = read_file(path)
    assert rep.papers == []
    assert [p.message for p in rep.problems] == ["line longer than 1,000 characters; skipped"] * 2
