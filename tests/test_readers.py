"""Readers: files of every supported format -> Paper records, bad input -> Problems."""

import json
from datetime import date
from pathlib import Path

import pytest

import kg.readers
from kg.core.papers import paper_id_from_title
from kg.readers import Format, Problem, ReadReport, detect_format, iter_file, read_file, read_sources
from kg.readers.daily_papers import parse_date_line
from kg.readers.fields import MAX_ABSTRACT_CHARS, parse_authors, parse_date

FIX = Path(__file__).parent / "fixtures" / "readers"
TODAY = date(2026, 11, 23)


def read(*paths, today=TODAY) -> ReadReport:
    return read_sources(paths, today=today)


def by_title(rep: ReadReport) -> dict:
    return {p.title: p for p in rep.papers}


def messages(rep: ReadReport) -> dict[str, str]:
    return {p.source: p.message for p in rep.problems}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def assert_counts_add_up(rep: ReadReport):
    assert rep.entries == len(rep.papers) + rep.duplicates + sum(rep.skipped.values())


# --- format detection -------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("daily_page_a.txt", Format("daily_papers")),
        ("papers.jsonl", Format("jsonl")),
        ("jsonl_disguised.txt", Format("jsonl")),
        ("records.json", Format("json")),
        ("array.json", Format("json")),
        ("papers.csv", Format("table", ",")),
        ("papers.tsv", Format("table", "\t")),
        ("semicolon.txt", Format("table", ";")),
        ("unknown.txt", None),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(FIX / name) == expected


def test_detect_by_content_ignores_misleading_extension(tmp_path):
    as_json = write(tmp_path / "lines.json", (FIX / "papers.jsonl").read_text())
    page = write(tmp_path / "page.data", (FIX / "daily_page_a.txt").read_text())
    pretty = write(tmp_path / "one.txt", json.dumps({"papers": [{"title": "T", "abstract": "A."}]}, indent=2))
    assert detect_format(as_json) == Format("jsonl")
    assert detect_format(page) == Format("daily_papers")
    assert detect_format(pretty) == Format("json")
    assert [p.title for p in read(as_json).papers][:1] == ["Sparse Kites: Flying Features in Small Models"]
    assert len(read(page).papers) == 5


def test_daily_page_without_header_detected_by_byline(tmp_path):
    body = (FIX / "daily_page_a.txt").read_text().split("Nov 20\n\n", 1)[1]
    page = write(tmp_path / "entries_only", body)
    assert detect_format(page) == Format("daily_papers")
    assert [p.title for p in read(page).papers] == [p.title for p in read(FIX / "daily_page_a.txt").papers]


# --- Daily Papers ------------------------------------------------------------


def test_daily_page_fields():
    rep = read(FIX / "daily_page_a.txt")
    papers = by_title(rep)
    assert (rep.entries, len(rep.papers), rep.duplicates, rep.problems) == (5, 5, 0, [])

    lantern = papers["Gradient Lanterns for Sparse Probing"]
    assert (lantern.date, lantern.year, lantern.n_authors, lantern.upvotes) == ("2024-06-17", 2024, 3, None)
    assert lantern.code_url == "https://github.com/example-lab/lanterns"
    assert lantern.id == paper_id_from_title(lantern.title, "", 2024)  # no DOI, arXiv id or own id: title + year
    assert lantern.source == f"{FIX / 'daily_page_a.txt'}:13"
    assert lantern.abstract.startswith("We light up hidden units") and lantern.abstract.endswith("lanterns.")

    # no year: this year, or last year when this year's date is still ahead of `today`
    assert papers["Quiet Tokens: Pruning Without Regret"].date == "2026-09-25"
    assert papers["Quiet Tokens: Pruning Without Regret"].n_authors == 1
    tidal = papers["Tidal Attention for Long Context Weather Models"]
    assert (tidal.date, tidal.year, tidal.upvotes) == ("2025-12-09", 2025, 4)
    sheep = papers["Counting Sheep with Diffusion Priors"]
    assert (sheep.date, sheep.upvotes, sheep.code_url) == ("2024-07-01", 12, None)
    # an organisation byline instead of "• N authors"
    lab = papers["Lab Notes on Frozen Encoders"]
    assert (lab.date, lab.upvotes, lab.n_authors) == ("2026-10-16", 2, None)


def test_daily_year_follows_today():
    rep = read(FIX / "daily_page_a.txt", today=date(2025, 12, 20))
    papers = by_title(rep)
    assert papers["Quiet Tokens: Pruning Without Regret"].date == "2025-09-25"
    assert papers["Tidal Attention for Long Context Weather Models"].date == "2025-12-09"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jun 17, 2024", ("2024-06-17", None)),
        ("Jul 1, 2024 1", ("2024-07-01", 1)),
        ("Sep 25", ("2026-09-25", None)),
        ("Nov 23", ("2026-11-23", None)),
        ("Nov 24", ("2025-11-24", None)),
        ("Oct 16 2", ("2026-10-16", 2)),
        ("Feb 29", ("2024-02-29", None)),
        ("Feb 30, 2024", None),
        ("Yesterday", None),
    ],
)
def test_parse_date_line(text, expected):
    assert parse_date_line(text, TODAY) == expected


def test_daily_duplicates_across_pages_fill_missing_fields():
    rep = read(FIX / "daily_page_a.txt", FIX / "daily_page_b.txt")
    assert (rep.entries, len(rep.papers), rep.duplicates) == (8, 7, 1)
    assert_counts_add_up(rep)
    lantern = by_title(rep)["Gradient Lanterns for Sparse Probing"]  # first occurrence wins...
    assert lantern.source.endswith("daily_page_a.txt:13")
    assert lantern.abstract.startswith("We light up")
    assert lantern.upvotes == 7  # ...but the second page fills the upvotes it lacked
    assert by_title(rep)["Brittle Bridges: Stress Tests for Graph Matching"].date == "2024-02-29"


def test_daily_entry_missing_byline_is_kept_and_reported():
    rep = read(FIX / "daily_page_b.txt")
    orphan = by_title(rep)["Orphaned Entry Without a Byline"]
    assert (orphan.date, orphan.n_authors) == (None, None)
    assert orphan.abstract == "This entry lost its author and date lines when the page was saved."
    src = f"{FIX / 'daily_page_b.txt'}:21"
    assert rep.problems == [Problem(src, "entry has no '• N authors · date' lines; read without them")]
    bridges = by_title(rep)["Brittle Bridges: Stress Tests for Graph Matching"]
    assert bridges.source.endswith(":25") and bridges.n_authors == 4


def test_daily_byline_without_date_and_bad_date(tmp_path):
    page = write(
        tmp_path / "p.txt",
        "Daily Papers\n\nTitle One\n\nAbstract one.\n\n  • 2 authors\n\n"
        "Title Two\n\nAbstract two.\n\n  • 3 authors\n·\nsometime soon\n",
    )
    rep = read(page)
    assert [(p.title, p.n_authors, p.date) for p in rep.papers] == [("Title One", 2, None), ("Title Two", 3, None)]
    assert messages(rep) == {
        f"{page}:7": "no date after the author line; read without a date",
        f"{page}:15": "unrecognised date 'sometime soon'; read without a date",
    }


def test_daily_missing_title_and_empty_abstract_are_skipped(tmp_path):
    long_par = "An abstract that lost its title line and so runs on and on. " * 8
    page = write(
        tmp_path / "p.txt",
        f"Daily Papers\n\n{long_par}\n\n  • 2 authors\n·\nMay 1, 2024\n\n"
        "Just A Title\n\n  • 1 author\n·\nMay 2, 2024\n\n"
        "  • 9 authors\n·\nMay 3, 2024\n\n"
        "Good Title\n\nGood abstract.\n\n  • 1 author\n·\nMay 4, 2024\n",
    )
    rep = read(page)
    assert [p.title for p in rep.papers] == ["Good Title"]
    assert rep.skipped == {"missing title": 1, "empty abstract": 1}
    assert messages(rep) == {
        f"{page}:3": "missing title; record skipped",
        f"{page}:9": "empty abstract; record skipped",
        f"{page}:15": "author/date lines with no title and abstract before them",
    }


# --- JSON Lines, JSON ---------------------------------------------------------


def test_jsonl_field_aliases():
    rep = read(FIX / "papers.jsonl")
    assert (rep.entries, len(rep.papers), rep.problems) == (3, 3, [])
    kites, gardens, marmalade = rep.papers
    assert (kites.id, kites.arxiv_id) == ("arxiv:2401.00001", "2401.00001")
    assert (kites.date, kites.year) == ("2024-01-05", 2024)
    assert kites.authors == ["Ada Lovelace", "Alan Turing"] and kites.n_authors == 2
    assert (kites.url, kites.code_url) == ("https://example.org/kites", "https://github.com/example/kites")
    assert kites.source == f"{FIX / 'papers.jsonl'}:1"
    assert gardens.source.endswith("papers.jsonl:3")  # blank line 2 is not a record
    assert (gardens.year, gardens.date) == (2021, None)
    assert gardens.authors == ["Grace Hopper", "Edsger Dijkstra"]
    assert gardens.code_url == "https://gitlab.com/example/gardens"  # found in the abstract
    assert gardens.id == paper_id_from_title("Label Noise Gardens", "Grace Hopper", 2021)
    assert (marmalade.title, marmalade.date) == ("Invariant Marmalade", "2022-03-03")
    assert marmalade.abstract.startswith("Invariance is spread")
    assert marmalade.authors == ["Hopper, Grace", "Turing, Alan"]
    assert marmalade.url == "https://example.org/m.pdf"


def test_json_object_with_papers_list():
    rep = read(FIX / "records.json")
    dither, candle = rep.papers
    assert (dither.id, dither.date, dither.year) == ("doi:10.1234/dither", "2020-07-14", 2020)
    assert dither.abstract.startswith("A student learns")
    assert (dither.url, dither.code_url) == ("https://example.org/dither", "https://github.com/example/dither")
    assert dither.source == f"{FIX / 'records.json'}:record 1"
    assert (candle.id, candle.year, candle.abstract) == (
        "records.json#p-2",
        2019,
        "Dim examples come first; bright ones later.",
    )
    assert candle.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_json_array_with_bad_records():
    rep = read(FIX / "array.json")
    name = FIX / "array.json"
    assert [p.title for p in rep.papers] == ["Echo Chambers in Retrieval", "Third Echo"]
    assert rep.skipped == {"not a JSON object": 1, "empty abstract": 1}
    assert messages(rep) == {
        f"{name}:record 2": "not a JSON object (found str); record skipped",
        f"{name}:record 3": "empty abstract; record skipped",
        f"{name}:record 4": "unrecognised date 'someday'; left empty",
    }
    assert by_title(rep)["Third Echo"].date is None


def test_malformed_json_document_names_the_line(tmp_path):
    bad = write(tmp_path / "bad.json", '[\n  {"title": "A", "abstract": "B"},\n  {"title": oops}\n]\n')
    rep = read(bad)
    assert rep.papers == [] and rep.files == 1
    assert len(rep.problems) == 1 and rep.problems[0].source == f"{bad}:3"
    assert rep.problems[0].message.startswith("malformed JSON: Expecting value")


def test_jsonl_bad_lines_are_skipped_and_the_rest_read():
    rep = read(FIX / "bad.jsonl")
    name = FIX / "bad.jsonl"
    assert [p.title for p in rep.papers] == ["Good One", "Good Two"]
    assert rep.entries == 6
    assert rep.skipped == {"malformed JSON": 1, "empty abstract": 1, "missing title": 1, "not a JSON object": 1}
    msgs = messages(rep)
    assert msgs[f"{name}:2"].startswith("malformed JSON (Expecting ',' delimiter")
    assert msgs[f"{name}:3"] == "empty abstract; record skipped"
    assert msgs[f"{name}:4"] == "missing title; record skipped"
    assert msgs[f"{name}:5"] == "not a JSON object (found list); record skipped"
    assert msgs[f"{name}:6"] == "unrecognised year 'soon'; left empty"
    assert rep.summary() == (
        "6 entries from 1 file: 2 papers; 4 skipped: 1 malformed JSON, "
        "1 empty abstract, 1 missing title, 1 not a JSON object; 5 problems"
    )


def test_deeply_nested_json_line_does_not_crash(tmp_path):
    path = write(tmp_path / "deep.jsonl", "[" * 100_000 + "]" * 100_000 + '\n{"title": "T", "abstract": "A."}\n')
    rep = read(path)
    assert [p.title for p in rep.papers] == ["T"]
    assert rep.skipped == {"malformed JSON": 1}


# --- CSV / TSV ----------------------------------------------------------------


def test_csv_rows_and_bad_rows():
    rep = read(FIX / "papers.csv")
    name = FIX / "papers.csv"
    pebble, moss = rep.papers
    assert pebble.abstract == "Pebble networks pass small messages\nbetween neighbouring stones, over two lines."
    assert (pebble.authors, pebble.date, pebble.url) == (
        ["Ada Lovelace", "Alan Turing"],
        "2022-02-02",
        "https://example.org/pebble",
    )
    assert pebble.source == f"{name}:2"
    assert moss.source == f"{name}:7"  # physical line, after the two-line cell
    assert (moss.date, moss.code_url) == ("2021-01-05", "https://github.com/example/moss")  # trailing empty cells ok
    assert rep.skipped == {"wrong column count": 1, "empty abstract": 1, "missing title": 1}
    assert messages(rep) == {
        f"{name}:4": "wrong column count (expected 5 columns, found 6); record skipped",
        f"{name}:5": "empty abstract; record skipped",
        f"{name}:6": "missing title; record skipped",
    }


def test_tsv_and_sniffed_delimiter():
    tsv = read(FIX / "papers.tsv")
    assert [(p.title, p.year, p.n_authors) for p in tsv.papers] == [
        ("Tab Separated Thoughts", 2018, 7),
        ("Another Tab Paper", 2017, None),
    ]
    assert tsv.papers[0].abstract == "Tabs keep commas, like these, inside cells."
    semi = read(FIX / "semicolon.txt")
    assert [(p.title, p.abstract, p.year) for p in semi.papers] == [
        ("Semicolon Science", "Cells split on semicolons, commas, stay inside.", 2020)
    ]


def test_csv_without_title_column_is_one_problem(tmp_path):
    path = write(tmp_path / "x.csv", "name,abstract\nA,B\nC,D\n")
    rep = read(path)
    assert rep.papers == [] and rep.entries == 0
    assert rep.problems == [Problem(f"{path}:1", "header has no title column (found: name, abstract); file skipped")]


# --- bad input ---------------------------------------------------------------


def test_non_utf8_bytes_are_replaced_reported_and_kept(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        '{"title": "Plain Café", "abstract": "Fine."}\n'.encode()
        + b'{"title": "Caf\xe9 Models", "abstract": "Na\xefve but valid."}\n'
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Plain Café", "Caf\ufffd Models"]
    assert rep.papers[1].abstract == "Na\ufffdve but valid."
    assert rep.problems == [Problem(f"{path}:2", "invalid UTF-8 at character 15, replaced with U+FFFD")]


def test_windows_1252_file_is_read_as_such(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        b'{"title": "Plain", "abstract": "Fine."}\n'
        b'{"title": "Caf\xe9 Models \x96 a \x93study\x94", "abstract": "Na\xefve but valid."}\n'
    )
    rep = read(path)
    assert [p.title for p in rep.papers] == ["Plain", "Café Models – a “study”"]
    assert rep.papers[1].abstract == "Naïve but valid."
    assert rep.problems == [Problem(str(path), "not UTF-8 or UTF-16; read as Windows-1252")]


def test_non_utf8_in_csv_and_daily_page(tmp_path):
    csv_path = tmp_path / "l.csv"
    csv_path.write_bytes("title,abstract\nOk ✓,Fine\n".encode() + b"Bad \xff,Still fine\n")
    page = tmp_path / "p.txt"
    page.write_bytes(b"Daily Papers\n\nT\xe9st\n\nAbstract.\n\n" + "  • 1 author\n·\nMay 1, 2024\n".encode())
    rep = read(csv_path, page)
    assert [p.title for p in rep.papers] == ["Ok ✓", "Bad \ufffd", "T\ufffdst"]
    assert [p.source for p in rep.problems] == [f"{csv_path}:3", f"{page}:3"]


@pytest.mark.slow
def test_huge_lines_are_skipped_not_fatal(tmp_path):
    huge = "word " * 1_000_000  # 5 MB on one line
    jsonl = write(
        tmp_path / "h.jsonl",
        json.dumps({"title": "Huge", "abstract": huge})
        + "\n"
        + json.dumps({"title": "Small", "abstract": "Fine."})
        + "\n",
    )
    page = write(
        tmp_path / "h.txt",
        f"Daily Papers\n\nHuge\n\n{huge}\n\n  • 1 author\n·\nMay 1, 2024\n\n"
        "Small Too\n\nFine.\n\n  • 1 author\n·\nMay 2, 2024\n",
    )
    table = write(tmp_path / "h.csv", f"title,abstract\nHuge,{huge}\nSmall Three,Fine.\n")
    rep = read(jsonl, page, table)
    assert [p.title for p in rep.papers] == ["Small", "Small Too", "Small Three"]
    assert rep.skipped == {"abstract too long": 2, "malformed CSV row": 1}
    msgs = messages(rep)
    assert (
        msgs[f"{jsonl}:1"]
        == f"abstract too long ({len(huge.strip()):,} characters; limit {MAX_ABSTRACT_CHARS:,}); record skipped"
    )
    assert msgs[f"{page}:3"].startswith("abstract too long")
    assert msgs[f"{table}:2"].startswith("malformed CSV row (field larger than field limit")


def test_missing_unknown_and_empty_files(tmp_path):
    missing = tmp_path / "nope.jsonl"
    empty = write(tmp_path / "empty.csv", "")
    blank = write(tmp_path / "blank.txt", "\n\n  \n")
    rep = read(missing, FIX / "unknown.txt", empty, blank, FIX / "papers.tsv")
    assert len(rep.papers) == 2 and rep.files == 1
    assert messages(rep) == {
        str(missing): "cannot read file: No such file or directory",
        str(FIX / "unknown.txt"): f"unknown format ({kg.readers.FORMAT_HELP})",
        str(empty): "file is empty",
        str(blank): "file is empty",
    }


def test_directory_reads_files_inside_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.jsonl", '{"title": "B", "abstract": "b."}\n')
    write(tmp_path / "a.jsonl", '{"title": "A", "abstract": "a."}\n')
    write(tmp_path / ".hidden.jsonl", '{"title": "H", "abstract": "h."}\n')
    (tmp_path / "empty_dir").mkdir()
    rep = read(tmp_path, tmp_path / "empty_dir")
    assert [p.title for p in rep.papers] == ["A", "B"]
    assert rep.files == 2
    assert rep.problems == [Problem(str(tmp_path / "empty_dir"), "directory has no files")]


# --- dedupe and report ----------------------------------------------------------


def test_dedupe_across_files_by_title_and_by_id(tmp_path):
    same_title = write(
        tmp_path / "t.csv",
        "title,abstract,year,code\n"
        "sparse kites -- flying features in small models,Other text.,2023,https://github.com/x/y\n",
    )
    same_id = write(
        tmp_path / "i.jsonl",
        '{"id": "arXiv:2401.00001", "title": "Renamed Kites", "abstract": "Z."}\n'
        '{"id": "p-2", "title": "Label Noise Gardens", "abstract": "Dup of the JSONL title."}\n',
    )
    rep = read(FIX / "papers.jsonl", same_title, same_id)
    assert (rep.entries, len(rep.papers), rep.duplicates, rep.merged) == (6, 4, 2, {"same title": 2})
    kites = rep.papers[0]
    assert (kites.title, kites.year, kites.code_url) == (
        "Sparse Kites: Flying Features in Small Models",
        2024,
        "https://github.com/example/kites",
    )
    # the same arXiv id under a different title is a collision: kept apart and reported, never merged
    renamed = by_title(rep)["Renamed Kites"]
    assert renamed.arxiv_id == "2401.00001" and renamed.id != kites.id and rep.collisions == 1
    assert rep.problems == [
        Problem(
            f"{same_id}:1",
            "arXiv id 2401.00001 already names 'Sparse Kites: Flying Features "
            f"in Small Models' ({FIX / 'papers.jsonl'}:1); kept as a separate paper",
        )
    ]


def test_duplicate_fills_missing_fields(tmp_path):
    first = write(tmp_path / "a.jsonl", '{"title": "Filled Later", "abstract": "First."}\n')
    second = write(
        tmp_path / "b.jsonl",
        '{"title": "Filled later", "abstract": "Second.", "date": "2022-03-04",'
        ' "code": "https://github.com/a/b", "authors": "X, Y"}\n',
    )
    (paper,) = read(first, second).papers
    # the fuller field wins (the longer abstract); the others fill what the first lacked
    assert (paper.abstract, paper.date, paper.year, paper.code_url) == (
        "Second.",
        "2022-03-04",
        2022,
        "https://github.com/a/b",
    )
    assert (paper.authors, paper.n_authors, paper.source) == (["X", "Y"], 2, f"{first}:1")


def test_report_summary_and_dict():
    rep = read(FIX / "papers.csv", FIX / "papers.csv")
    assert_counts_add_up(rep)
    assert rep.summary() == (
        "10 entries from 2 files: 2 papers, 2 merged (2 same title); 6 skipped: "
        "2 wrong column count, 2 empty abstract, 2 missing title; 6 problems"
    )
    data = rep.to_dict()
    assert (data["entries"], data["papers"], data["skipped"]["empty abstract"]) == (10, 2, 2)
    assert data["problems"][0] == {
        "source": f"{FIX / 'papers.csv'}:4",
        "message": "wrong column count (expected 5 columns, found 6); record skipped",
    }
    assert json.loads(json.dumps(rep.to_dict(papers=True)))["papers"][0]["title"] == "Pebble Networks"


def test_read_file_and_iter_file_stream():
    items = iter_file(FIX / "papers.tsv", today=TODAY)
    assert next(items) == Format("table", "\t")
    assert next(items).title == "Tab Separated Thoughts"
    assert [p.title for p in read_file(FIX / "papers.tsv").papers] == ["Tab Separated Thoughts", "Another Tab Paper"]


# --- field helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-06-17", ("2024-06-17", 2024)),
        ("2024-6-7", ("2024-06-07", 2024)),
        ("2024/06/17", ("2024-06-17", 2024)),
        ("17 June 2024", ("2024-06-17", 2024)),
        ("2024-06", (None, 2024)),
        (2019, (None, 2019)),
        ("2024-02-30", (None, None)),
        ("", (None, None)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("A; B ;C", ["A", "B", "C"]),
        ("A and B", ["A", "B"]),
        ("A, B, and C", ["A", "B", "C"]),
        ("Doe, J. and Roe, R.", ["Doe, J.", "Roe, R."]),
        (["  A  B ", ""], ["A B"]),
        (None, []),
    ],
)
def test_parse_authors(value, expected):
    assert parse_authors(value) == expected
