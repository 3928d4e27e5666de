"""Identity and bad input (issue 12's reproducers): nothing lost, nothing merged by
accident, a bad record is one skipped record with its file, line and reason."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.core.papers import paper_id_from_title
from kg.readers import Problem, read_sources
from kg.store import EmbeddedStore

ROWS = [
    ("Sparse Kites", "Kites drift upward through layers."),
    ("Label Noise Gardens", "Gardens of noisy labels are pruned."),
    ("Invariant Marmalade", "Invariance is spread over augmentations."),
]


def read(*paths):
    return read_sources(paths)


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- identity ---------------------------------------------------------------------


def test_titles_without_latin_letters_are_two_papers(tmp_path):
    path = jsonl(
        tmp_path / "p.jsonl",
        [
            {"title": "深度学习用于图像分割", "abstract": "图像分割。"},
            {"title": "Нейронные сети для перевода", "abstract": "Перевод."},
        ],
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["深度学习用于图像分割", "Нейронные сети для перевода"]
    assert rep.duplicates == 0 and len({p.id for p in rep.papers}) == 2
    assert paper_id_from_title("") != paper_id_from_title("深度学习用于图像分割")


def test_titles_without_letters_at_all_still_get_distinct_ids(tmp_path):
    path = jsonl(tmp_path / "p.jsonl", [{"title": "?!", "abstract": "One."}, {"title": "...", "abstract": "Two."}])
    assert len({p.id for p in read(path).papers}) == 2


def test_non_latin_titles_build_as_two_paper_nodes(tmp_path, reuse_extractor):
    path = jsonl(
        tmp_path / "p.jsonl",
        [
            {"title": "深度学习用于图像分割", "abstract": "We segment images with deep learning."},
            {"title": "Нейронные сети для перевода", "abstract": "We translate with neural networks."},
        ],
    )
    store = EmbeddedStore(tmp_path / "store")
    report = build([path], store)
    assert (report.papers, report.read.duplicates) == (2, 0)
    again = build(
        [jsonl(tmp_path / "q.jsonl", [{"title": "Нейронные сети для перевода", "abstract": "We translate."}])], store
    )
    assert again.papers == 2  # a later build never replaces the other one


def test_ids_reused_across_files_are_different_papers(tmp_path, reuse_extractor):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("id,title,abstract\n1,Sparse Kites,Kites drift.\n2,Label Noise Gardens,Gardens grow.\n")
    b.write_text("id,title,abstract\n1,Invariant Marmalade,Marmalade spreads.\n2,Orbit Diffusion,Orbits denoise.\n")
    rep = read(a, b)
    assert sorted(p.id for p in rep.papers) == ["a.csv#1", "a.csv#2", "b.csv#1", "b.csv#2"]
    store = EmbeddedStore(tmp_path / "store")
    build([a], store)
    report = build([b], store)  # a later build with the same row numbers adds, never overwrites
    assert (report.papers, report.new_papers) == (4, 2)


def test_the_same_id_with_another_title_in_one_file_is_a_reported_collision(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,title,abstract\n7,Sparse Kites,Kites drift.\n7,Orbit Diffusion,Orbits denoise.\n")
    rep = read(path)
    assert sorted(p.title for p in rep.papers) == ["Orbit Diffusion", "Sparse Kites"]
    assert rep.collisions == 1 and rep.problems == [
        Problem(f"{path}:3", f"source id c.csv#7 already names 'Sparse Kites' ({path}:2); kept as a separate paper")
    ]
    assert "1 id collision kept apart" in rep.summary()


def test_a_doi_shared_by_different_titles_is_not_merged(tmp_path):
    path = jsonl(
        tmp_path / "d.jsonl",
        [
            {"title": "Sparse Kites", "abstract": "A.", "doi": "10.5555/x.1"},
            {"title": "Completely Unrelated Harbour Study", "abstract": "B.", "doi": "https://doi.org/10.5555/X.1"},
        ],
    )
    rep = read(path)
    assert len(rep.papers) == 2 and rep.collisions == 1
    assert rep.papers[0].id == "doi:10.5555/x.1" and rep.papers[1].doi == "10.5555/x.1"  # the first keeps the DOI id


def test_same_title_different_first_author_or_distant_year_is_two_papers(tmp_path):
    path = jsonl(
        tmp_path / "t.jsonl",
        [
            {"title": "Editorial", "abstract": "A.", "authors": ["Ada Lovelace"], "year": 2019},
            {"title": "Editorial", "abstract": "B.", "authors": ["Alan Turing"], "year": 2019},
            {"title": "Editorial", "abstract": "C.", "authors": ["Ada Lovelace"], "year": 2024},
            {"title": "editorial.", "abstract": "A longer one.", "authors": ["Lovelace, A."], "year": 2020},
        ],
    )
    rep = read(path)
    assert len(rep.papers) == 3 and rep.merged == {"same title": 1}


# --- a bad record is one skipped record ------------------------------------------------


@pytest.mark.parametrize("field", ["upvotes", "year", "id"])
def test_a_5000_digit_number_skips_one_record(tmp_path, field):
    path = tmp_path / "n.jsonl"
    lines = [json.dumps({"title": t, "abstract": a}) for t, a in ROWS]
    lines[1] = lines[1][:-1] + f', "{field}": ' + "9" * 5000 + "}"
    path.write_text("\n".join(lines) + "\n")
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Sparse Kites", "Invariant Marmalade"]
    assert rep.problems == [Problem(f"{path}:2", "number too long (5,000 digits); record skipped")]


def test_a_5000_digit_number_in_a_json_document_skips_only_its_record(tmp_path):
    path = tmp_path / "n.json"
    path.write_text(
        '{"papers": [{"title": "Sparse Kites", "abstract": "A.", "upvotes": ' + "9" * 5000 + "},"
        '{"title": "Label Noise Gardens", "abstract": "B.", "year": -'
        + "1" * 5000
        + '}, {"title": "Fine", "abstract": "C."}]}'
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Fine"]
    assert rep.skipped == {"number too long": 2} and rep.problems[0].source == f"{path}:record 1"


def test_huge_numbers_in_a_csv_are_dropped_with_a_warning(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(
        f"title,abstract,year,upvotes\nSparse Kites,Kites.,{'9' * 5000},{'1' * 5000}\nGardens,Grow.,2020,1e400\n"
    )
    rep = read(path)
    assert [(p.title, p.year, p.upvotes) for p in rep.papers] == [("Sparse Kites", None, None), ("Gardens", 2020, None)]
    assert [p.source for p in rep.problems] == [f"{path}:2", f"{path}:2", f"{path}:3"]


def test_a_lone_surrogate_skips_one_record(tmp_path):
    path = tmp_path / "s.jsonl"
    records = [json.dumps({"title": t, "abstract": a}) for t, a in ROWS]
    records[1] = '{"title": "Broken \\ud83d Emoji", "abstract": "Half a pair."}'
    path.write_text("\n".join(records) + "\n")
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Sparse Kites", "Invariant Marmalade"]
    assert rep.problems == [Problem(f"{path}:2", "invalid Unicode (lone surrogate U+D83D in title); record skipped")]


def test_control_characters_are_replaced_and_reported(tmp_path):
    path = jsonl(
        tmp_path / "c.jsonl", [{"title": "Bell\x07 Kites\x1b[31m", "abstract": "Ab\x00stract.", "id": "x\x0by"}]
    )
    rep = read(path)
    (paper,) = rep.papers
    assert (paper.title, paper.abstract, paper.source_ids) == ("Bell Kites [31m", "Ab stract.", ["c.jsonl#x y"])
    assert {p.message for p in rep.problems} == {
        "control characters in title replaced by spaces",
        "control characters in abstract replaced by spaces",
        "control characters in id replaced by spaces",
    }


def test_giant_fields_skip_or_drop_without_stopping(tmp_path):
    path = jsonl(
        tmp_path / "g.jsonl",
        [
            {"title": "Giant Abstract", "abstract": "word " * 30_000},
            {
                "title": "Giant Venue",
                "abstract": "Fine.",
                "venue": "v" * 50_000,
                "authors": [f"Author {i}" for i in range(5000)],
            },
            {"title": "Fine", "abstract": "Fine."},
        ],
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Giant Venue", "Fine"]
    venue = rep.papers[0]
    assert venue.venue is None and len(venue.authors) == 1000 and venue.n_authors == 5000
    assert rep.skipped == {"abstract too long": 1}


# --- encodings and line ends -----------------------------------------------------------

TABLE = "title\tabstract\n" + "".join(f"{t}\t{a}\n" for t, a in ROWS)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_build_every_record(tmp_path, encoding):
    path = tmp_path / "excel-unicode.txt"
    text = TABLE.replace("Kites", "Kités")
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # Excel's "Unicode text" writes a BOM
        data = ("\ufeff" + text).encode(encoding)
    path.write_bytes(data)
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Sparse Kités", "Label Noise Gardens", "Invariant Marmalade"]
    assert rep.problems == []


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_line_ending_builds_every_record(tmp_path, ending):
    table = tmp_path / "t.csv"
    table.write_bytes(TABLE.replace("\t", ",").replace("\n", ending).encode())
    lines = tmp_path / "l.jsonl"
    lines.write_bytes("".join(json.dumps({"title": t, "abstract": a}) + ending for t, a in ROWS).encode())
    ris = tmp_path / "r.ris"
    ris.write_bytes(
        "".join(f"TY  - JOUR{ending}TI  - {t}{ending}AB  - {a}{ending}ER  - {ending}" for t, a in ROWS).encode()
    )
    rep = read(table, lines, ris)
    assert (rep.entries, len(rep.papers), rep.problems) == (9, 3, [])
    assert [p.source for p in rep.papers] == [f"{table}:2", f"{table}:3", f"{table}:4"]


def test_cp1252_csv_is_read(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("title,abstract\nNaïve Kites – a study,Café abstract.\n".encode("cp1252"))
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Naïve Kites – a study"]
    assert rep.problems == [Problem(str(path), "not UTF-8 or UTF-16; read as Windows-1252")]


# --- broken quotes, special files ----------------------------------------------------


def test_a_broken_csv_quote_is_reported_at_its_line_and_the_rows_after_it_are_read(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        'title,abstract\nSparse Kites,Kites.\n"Broken Quote,It never closes.\nLabel Noise Gardens,Gardens.\n'
        'Invariant Marmalade,"Spread, thinly."\nOrbit Diffusion,Orbits.\n'
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == [
        "Sparse Kites",
        "Label Noise Gardens",
        "Invariant Marmalade",
        "Orbit Diffusion",
    ]
    assert rep.problems == [
        Problem(
            f"{path}:3",
            "unclosed quote (the row's quote never closes; reading resumes on the next line); record skipped",
        )
    ]


def test_a_broken_quote_in_the_last_column_does_not_swallow_the_rest(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text(
        'title\tabstract\nSparse Kites\t"Kites drift\nLabel Noise Gardens\tGardens.\nInvariant Marmalade\tSpread.\n'
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Label Noise Gardens", "Invariant Marmalade"]
    assert [p.source for p in rep.problems] == [f"{path}:2"]


def test_a_multiline_quoted_abstract_is_still_one_row(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('title,abstract\nSparse Kites,"Line one,\nline two."\nGardens,Grow.\n')
    rep = read(path)
    assert [(p.title, p.abstract) for p in rep.papers] == [
        ("Sparse Kites", "Line one,\nline two."),
        ("Gardens", "Grow."),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_and_a_device_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    good = jsonl(tmp_path / "good.jsonl", [{"title": "Sparse Kites", "abstract": "Kites."}])
    code = (
        "import json, sys; from kg.readers import read_sources; "
        "r = read_sources(sys.argv[1:]); print(json.dumps(r.to_dict()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(fifo), "/dev/zero", str(good)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rep = json.loads(out.stdout)
    assert rep["papers"] == 1
    assert rep["problems"] == [
        {"source": str(fifo), "message": "not a regular file (named pipe (FIFO)); refused"},
        {"source": "/dev/zero", "message": "not a regular file (device); refused"},
    ]


def test_an_over_long_line_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    from kg.readers import textio

    monkeypatch.setattr(textio, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "l.jsonl"
    path.write_text(
        json.dumps({"title": "Long", "abstract": "x" * 5000})
        + "\n"
        + json.dumps({"title": "Short", "abstract": "Fine."})
        + "\n"
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Short"]
    assert rep.problems == [Problem(f"{path}:1", "line longer than 1,000 characters; skipped")]


def test_truncated_xml_keeps_the_records_before_the_cut_and_resumes_after_damage(tmp_path):
    feed = (Path(__file__).parent / "fixtures" / "exports" / "arxiv_feed.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(feed[: feed.index("<title>Weathervane")])
    rep = read(cut)
    assert [p.arxiv_id for p in rep.papers] == ["2401.05678"]
    assert "file cut short" in rep.problems[-1].message
    damaged = tmp_path / "damaged.xml"
    damaged.write_text(feed.replace("<title>Windsock", "<title <Windsock", 1))
    rep = read(damaged)
    assert [p.arxiv_id for p in rep.papers] == ["2402.00999"]
    assert rep.problems[0].source.startswith(f"{damaged}:") and "malformed XML" in rep.problems[0].message
