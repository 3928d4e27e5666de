"""``kg audit``: a judging sheet of random entities per type, and the precision of a judged sheet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg.build.builder import build_graph
from kg.cli import app
from kg.core.graph import add_entity, add_paper, link_paper, new_graph
from kg.core.papers import Paper
from kg.quality.audit import COLUMNS, AuditError, sample_entities, score_sheet, write_sheet
from kg.store import MemoryStore, open_store
from queries.cypher_backend import CypherBackend
from queries.schema import CONCEPT, METHOD, PAPER, USES, node_id
from tests.test_quality_cut import fixture_corpus

runner = CliRunner()


def many_methods(n=30):
    """Methods m00..m29 with 1..30 papers each (so the top ones are plain to see)."""
    G = new_graph()
    papers = [add_paper(G, Paper(id=f"p{i:02d}", title=f"T{i}", abstract="A")) for i in range(n)]
    for i in range(n):
        nid = add_entity(G, METHOD, f"m{i:02d}", f"Method{i:02d}", papers=i + 1, quality=0.9)
        for p in papers[: i + 1]:
            link_paper(G, p, nid, USES, evidence=[f"We use Method{i:02d} in {p}."])
    return G


def test_the_sample_is_random_over_all_entities_not_the_top_and_seeded():
    backend = CypherBackend(MemoryStore(many_methods()))
    first = sample_entities(backend, 5, seed=1, types=(METHOD,))
    assert len(first) == 5 and all(r.type == METHOD for r in first)
    assert [r.entity for r in first] == [r.entity for r in sample_entities(backend, 5, seed=1, types=(METHOD,))]
    drawn = {r.entity for s in range(10) for r in sample_entities(backend, 5, seed=s, types=(METHOD,))}
    top5 = {f"Method{i:02d}" for i in range(25, 30)}
    assert len(drawn - top5) > 10  # the tail is drawn, not the most connected
    for r in first:
        i = int(r.entity[-2:])
        assert r.papers == i + 1 and r.evidence.startswith(f"We use Method{i:02d} in Paper:")


def test_the_default_draw_is_what_the_views_show_and_all_draws_everything():
    papers, records, _ = fixture_corpus()
    backend = CypherBackend(MemoryStore(build_graph(papers, records)))
    shown = {r.entity for r in sample_entities(backend, 50, seed=0, types=(CONCEPT,))}
    everything = {r.entity for r in sample_entities(backend, 50, seed=0, types=(CONCEPT,), min_quality=None)}
    assert "graph sparsification" not in shown and "graph sparsification" in everything
    assert shown < everything


def test_sheet_round_trip_and_precision_per_type(tmp_path):
    papers, records, _ = fixture_corpus()
    backend = CypherBackend(MemoryStore(build_graph(papers, records)))
    rows = sample_entities(backend, 10, seed=3, min_quality=None)
    buf = io.StringIO()
    assert write_sheet(rows, buf) == len(rows)
    lines = list(csv.reader(io.StringIO(buf.getvalue()), dialect="excel-tab"))
    assert tuple(lines[0]) == COLUMNS and all(line[-1] == "" for line in lines[1:])
    # judge: every Concept real except one, Datasets real, the rest left blank
    concepts = [i for i, line in enumerate(lines) if line[0] == CONCEPT]
    for i in concepts:
        lines[i][-1] = "y"
    lines[concepts[0]][-1] = "no"
    for line in lines[1:]:
        if line[0] == "Dataset":
            line[-1] = "1"
    sheet = tmp_path / "judged.tsv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, dialect="excel-tab", lineterminator="\n").writerows(lines)
    result = score_sheet(sheet)
    c = result["types"][CONCEPT]
    assert (c["judged"], c["correct"]) == (len(concepts), len(concepts) - 1)
    assert c["precision"] == pytest.approx((len(concepts) - 1) / len(concepts), abs=1e-4)
    assert result["types"]["Dataset"]["precision"] == 1.0
    assert result["types"]["Task"]["judged"] == 0 and result["types"]["Task"]["precision"] is None
    overall = result["overall"]
    assert overall["judged"] == len(concepts) + result["types"]["Dataset"]["judged"]
    assert overall["unjudged"] == len(rows) - overall["judged"]
    lo, hi = c["interval"]
    assert lo < c["precision"] <= hi


@pytest.mark.parametrize(
    "text, where, says",
    [
        ("", ":", "empty"),
        ("type\tentity\tpapers\n", ":1:", "verdict"),
        ("type\tentity\tpapers\tevidence\tverdict\nMethod\tBERT\t3\tWe use BERT.\tmaybe\n", ":2:", "'maybe'"),
        ("type\tentity\tpapers\tevidence\tverdict\nMethod\tA\t1\ts\ty\nWidget\tB\t1\ts\tn\n", ":3:", "'Widget'"),
        ("type\tentity\tpapers\tevidence\tverdict\nMethod\tA\tmany\ts\ty\n", ":2:", "'many'"),
    ],
)
def test_bad_sheets_name_file_and_line(tmp_path, text, where, says):
    sheet = tmp_path / "bad.tsv"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(AuditError) as info:
        score_sheet(sheet)
    assert f"{sheet}{where}" in str(info.value) and says in str(info.value)


def test_verdict_spellings_and_reordered_columns(tmp_path):
    sheet = tmp_path / "s.tsv"
    sheet.write_text(
        "verdict\ttype\tentity\nYes\tmethod\tA\nn\tMethod\tB\n0\tMethod\tC\nTRUE\tMethod\tD\n\tMethod\tE\n",
        encoding="utf-8",
    )
    m = score_sheet(sheet)["types"][METHOD]
    assert (m["judged"], m["correct"], m["unjudged"], m["precision"]) == (4, 2, 1, 0.5)


def test_cli_sample_then_score(tmp_path):
    papers, records, _ = fixture_corpus()
    store = tmp_path / "store"
    open_store(store).write_graph(build_graph(papers, records))
    sheet = tmp_path / "sheet.tsv"
    result = runner.invoke(app, ["audit", "--sample", "5", "--seed", "2", "-o", str(sheet), "--store", str(store)])
    assert result.exit_code == 0, result.output
    lines = sheet.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(COLUMNS) and len(lines) > 1
    printed = runner.invoke(app, ["audit", "--sample", "5", "--seed", "2", "--store", str(store)])
    assert printed.stdout.splitlines() == lines  # same seed, same sheet
    judged = [lines[0]] + [line + "y" for line in lines[1:]]
    sheet.write_text("\n".join(judged) + "\n", encoding="utf-8")
    out = runner.invoke(app, ["audit", "--score", str(sheet), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["overall"]["precision"] == 1.0
    table = runner.invoke(app, ["audit", "--score", str(sheet)])
    assert table.exit_code == 0 and "overall" in table.stdout
    bad = runner.invoke(app, ["audit", "--score", str(tmp_path / "missing.tsv")])
    assert bad.exit_code != 0 and "missing.tsv" in bad.output and "Traceback" not in bad.output
    both = runner.invoke(app, ["audit", "--store", str(store)])
    assert both.exit_code != 0 and "--sample" in both.output


def test_an_entity_without_evidence_gets_an_empty_sentence():
    G = new_graph()
    p = add_paper(G, Paper(id="p1", title="T", abstract="A"))
    link_paper(G, p, add_entity(G, METHOD, "x", "X", papers=1), USES, evidence=[])
    rows = sample_entities(CypherBackend(MemoryStore(G)), 3, types=(METHOD,))
    assert [(r.entity, r.evidence) for r in rows] == [("X", "")]
    assert node_id(PAPER, "p1") in G
