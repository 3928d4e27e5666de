"""Fuzz every reader with mutated files: no traceback, no hang, no good record lost.

For each reader a small seed file of known papers is generated, then mutated
at random (truncated, bytes flipped or inserted, lines dropped or repeated,
re-encoded as UTF-16/cp1252/mojibake, line ends made CR-only, mixed with
another format, huge fields and 5,000-digit numbers, deep nesting, control
characters, lone surrogates). A second set damages exactly one record of the
seed and checks that every other paper is still built.

Each file is read by ``kg.readers.read_sources`` in a worker process with a
time limit, so a hang is counted (and the worker replaced) instead of stalling
the run. A *crash* is an exception escaping the reader, or a problem reported
as a reader error (``kg.readers.INTERNAL_ERROR``).

    python bench/fuzz_readers.py                  # 1,000 mutated files per reader
    python bench/fuzz_readers.py --short          # 40 per reader (CI)
    python bench/fuzz_readers.py --files 5000 --json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import multiprocessing as mp
import random
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TIME_LIMIT = 20.0  # seconds per file before it counts as a hang

WORDS = "sparse kite lantern garden orbit marmalade tidal harbour beacon compass sextant windsock".split()
TASKS = "segmentation translation forecasting retrieval denoising probing".split()


def seed_records(n: int = 5) -> list[dict]:
    """Papers every seed file holds (titles distinct, some non-ASCII)."""
    out = []
    for i in range(n):
        title = f"{WORDS[i].title()} {WORDS[i + 3].title()} Nets for {TASKS[i % len(TASKS)].title()} {i}"
        if i == 2:
            title = "Naïve Café Kites for Über Segmentation 2"
        if i == 4:
            title = "深度学习用于图像分割 4"
        out.append(
            {
                "title": title,
                "year": 2019 + i,
                "authors": [f"Ada Lovelace{i}", "Alan Turing"],
                "doi": f"10.5555/fuzz.{i}",
                "abstract": f"We propose {WORDS[i]} nets, tested on CIFAR-10, for {TASKS[i % 6]}. "
                f"They improve accuracy, by {i + 1} points.",
            }
        )
    return out


# --- seed writers: records -> file text, one per reader ------------------------------


def w_jsonl(rs):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rs)


def w_json(rs):
    return json.dumps({"papers": rs}, ensure_ascii=False, indent=1)


def _table(rs, delimiter, header, row):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    for r in rs:
        w.writerow(row(r))
    return out.getvalue()


def w_csv(rs):
    return _table(
        rs,
        ",",
        ["title", "abstract", "year", "authors", "doi"],
        lambda r: [r["title"], r["abstract"], r["year"], "; ".join(r["authors"]), r["doi"]],
    )


def w_tsv(rs):
    return _table(
        rs,
        "\t",
        ["title", "abstract", "year", "authors"],
        lambda r: [r["title"], r["abstract"], r["year"], ", ".join(r["authors"])],
    )


ZOTERO = [
    "Key",
    "Item Type",
    "Publication Year",
    "Author",
    "Title",
    "Publication Title",
    "DOI",
    "Url",
    "Abstract Note",
    "Date",
    "Extra",
    "Manual Tags",
    "Automatic Tags",
]


def w_zotero(rs):
    return "\ufeff" + _table(
        rs,
        ",",
        ZOTERO,
        lambda r: [
            f"K{r['year']}",
            "journalArticle",
            r["year"],
            "; ".join(r["authors"]),
            r["title"],
            "Journal",
            r["doi"],
            "",
            r["abstract"],
            "",
            "",
            "a; b",
            "",
        ],
    )


SCOPUS = [
    "Authors",
    "Author full names",
    "Title",
    "Year",
    "Source title",
    "DOI",
    "Link",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "PubMed ID",
    "Document Type",
    "Source",
    "EID",
]


def w_scopus(rs):
    return "\ufeff" + _table(
        rs,
        ",",
        SCOPUS,
        lambda r: [
            "; ".join(r["authors"]),
            "",
            r["title"],
            r["year"],
            "J",
            r["doi"],
            "",
            r["abstract"] + " © 2023 Elsevier B.V.",
            "x; y",
            "",
            "",
            "Article",
            "Scopus",
            f"2-s2.0-{r['year']}",
        ],
    )


WOS = "PT AU AF TI SO DE ID AB PY DI PM UT".split()


def w_wos_tab(rs):
    return _table(
        rs,
        "\t",
        WOS,
        lambda r: [
            "J",
            "; ".join(r["authors"]),
            "; ".join(r["authors"]),
            r["title"],
            "JOURNAL",
            "a; b",
            "",
            r["abstract"],
            r["year"],
            r["doi"],
            "",
            f"WOS:{r['year']}",
        ],
    )


def w_wos(rs):
    out = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for r in rs:
        out += [
            "PT J",
            "AU " + r["authors"][0],
            "   " + r["authors"][1],
            "TI " + r["title"],
            "SO JOURNAL",
            "AB " + r["abstract"],
            "PY " + str(r["year"]),
            "DI " + r["doi"],
            f"UT WOS:{r['year']}",
            "ER",
            "",
        ]
    return "\n".join(out + ["EF", ""])


def w_ris(rs):
    out = []
    for r in rs:
        out += [
            "TY  - JOUR",
            "TI  - " + r["title"],
            *("AU  - " + a for a in r["authors"]),
            f"PY  - {r['year']}///",
            "DO  - " + r["doi"],
            "AB  - " + r["abstract"],
            "ER  - ",
            "",
        ]
    return "\r\n".join(out)


def _tex(text):
    return text.replace("\\", "").replace("{", "").replace("}", "")


def w_bibtex(rs):
    return "\n".join(
        f"@article{{key{i},\n  title = {{{_tex(r['title'])}}},\n  author = {{{' and '.join(r['authors'])}}},\n"
        f"  year = {{{r['year']}}},\n  doi = {{{r['doi']}}},\n  abstract = {{{_tex(r['abstract'])}}},\n}}\n"
        for i, r in enumerate(rs)
    )


def _xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def w_atom(rs):
    entries = "".join(
        f"  <entry>\n    <id>http://arxiv.org/abs/2401.{i:05d}v1</id>\n    <published>{r['year']}-01-02T00:00:00Z</published>\n"
        f"    <title>{_xml(r['title'])}</title>\n    <summary>{_xml(r['abstract'])}</summary>\n"
        + "".join(f"    <author><name>{_xml(a)}</name></author>\n" for a in r["authors"])
        + "  </entry>\n"
        for i, r in enumerate(rs)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n{entries}</feed>\n'


def w_pubmed(rs):
    arts = "".join(
        f"<PubmedArticle>\n<MedlineCitation>\n<PMID>{30000000 + i}</PMID>\n<Article>\n"
        f"<Journal><JournalIssue><PubDate><Year>{r['year']}</Year></PubDate></JournalIssue><Title>J</Title></Journal>\n"
        f"<ArticleTitle>{_xml(r['title'])}</ArticleTitle>\n"
        f'<Abstract><AbstractText Label="METHODS">{_xml(r["abstract"])}</AbstractText></Abstract>\n'
        f"<AuthorList><Author><LastName>Lovelace</LastName><ForeName>Ada</ForeName></Author></AuthorList>\n"
        f"</Article>\n</MedlineCitation>\n</PubmedArticle>\n"
        for i, r in enumerate(rs)
    )
    return (
        f'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "pubmed.dtd">\n'
        f"<PubmedArticleSet>\n{arts}</PubmedArticleSet>\n"
    )


def _inverted(text):
    index: dict[str, list[int]] = {}
    for pos, word in enumerate(text.split()):
        index.setdefault(word, []).append(pos)
    return index


def w_openalex(rs):
    return "".join(
        json.dumps(
            {
                "id": f"https://openalex.org/W{i}",
                "doi": "https://doi.org/" + r["doi"],
                "title": r["title"],
                "publication_year": r["year"],
                "authorships": [{"author": {"display_name": a}} for a in r["authors"]],
                "abstract_inverted_index": _inverted(r["abstract"]),
            },
            ensure_ascii=False,
        )
        + "\n"
        for i, r in enumerate(rs)
    )


def w_s2(rs):
    return json.dumps(
        {
            "total": len(rs),
            "offset": 0,
            "data": [
                {
                    "paperId": f"{i:040x}",
                    "externalIds": {"DOI": r["doi"]},
                    "title": r["title"],
                    "abstract": r["abstract"],
                    "year": r["year"],
                    "publicationDate": f"{r['year']}-03-04",
                    "authors": [{"name": a} for a in r["authors"]],
                }
                for i, r in enumerate(rs)
            ],
        },
        ensure_ascii=False,
    )


def w_csl(rs):
    return json.dumps(
        [
            {
                "id": f"item{i}",
                "type": "article-journal",
                "title": r["title"],
                "abstract": r["abstract"],
                "DOI": r["doi"],
                "author": [{"family": a.split()[-1], "given": a.split()[0]} for a in r["authors"]],
                "issued": {"date-parts": [[r["year"], 1, 2]]},
            }
            for i, r in enumerate(rs)
        ],
        ensure_ascii=False,
        indent=1,
    )


def w_arxiv_snapshot(rs):
    return "".join(
        json.dumps(
            {
                "id": f"2401.{i:05d}",
                "authors": ", ".join(r["authors"]),
                "title": r["title"],
                "abstract": "  " + r["abstract"] + "\n",
                "categories": "cs.LG",
                "doi": r["doi"],
                "versions": [{"version": "v1", "created": "Mon, 10 May 2021 17:59:59 GMT"}],
                "authors_parsed": [[a.split()[-1], a.split()[0], ""] for a in r["authors"]],
            },
            ensure_ascii=False,
        )
        + "\n"
        for i, r in enumerate(rs)
    )


def w_daily(rs):
    return "Daily Papers\n\n" + "".join(
        f"{r['title']}\n\n{r['abstract']}\n\n  • 2 authors\n·\nJun {i + 1}, 2024 {i}\n\n" for i, r in enumerate(rs)
    )


#: reader name -> (seed writer, file extension)
READERS = {
    "jsonl": (w_jsonl, ".jsonl"),
    "json": (w_json, ".json"),
    "csv": (w_csv, ".csv"),
    "tsv": (w_tsv, ".tsv"),
    "daily_papers": (w_daily, ".txt"),
    "bibtex": (w_bibtex, ".bib"),
    "ris": (w_ris, ".ris"),
    "wos": (w_wos, ".txt"),
    "wos_tab": (w_wos_tab, ".txt"),
    "zotero_csv": (w_zotero, ".csv"),
    "scopus_csv": (w_scopus, ".csv"),
    "arxiv_atom": (w_atom, ".xml"),
    "pubmed_xml": (w_pubmed, ".xml"),
    "openalex": (w_openalex, ".jsonl"),
    "semantic_scholar": (w_s2, ".json"),
    "csl_json": (w_csl, ".json"),
    "arxiv_snapshot": (w_arxiv_snapshot, ".jsonl"),
}


# --- damaging exactly one record ---------------------------------------------------


def one_bad_record(reader: str, records: list[dict], i: int, rng: random.Random) -> bytes:
    """The seed file with record ``i`` made unreadable (or odd) and the others intact."""
    text = READERS[reader][0](records)
    mark = records[i]["title"]
    if reader in ("json", "semantic_scholar", "csl_json"):  # an escaped lone surrogate, or a 5,000-digit number
        quoted = json.dumps(mark, ensure_ascii=False)
        return text.replace(quoted, rng.choice(['"\\ud83d broken"', quoted + ', "upvotes": ' + "9" * 5000]), 1).encode()
    if reader in ("jsonl", "openalex", "arxiv_snapshot"):
        lines = text.splitlines(keepends=True)
        lines[i] = rng.choice(
            [
                lines[i][: len(lines[i]) // 2] + "\n",
                lines[i].replace(f'"{mark}"', '"x", "year": ' + "9" * 5000, 1),
                lines[i].replace(mark, "\\ud83d", 1),
            ]
        )
        return "".join(lines).encode("utf-8", "surrogatepass")
    if reader in ("csv", "tsv", "zotero_csv", "scopus_csv", "wos_tab"):
        return text.replace(mark, '"' + mark, 1).encode()
    if reader == "bibtex":
        start = text.index(mark)
        end = text.index("\n}\n", start)
        return (text[:end] + "\n" + text[end + 3 :]).encode()
    if reader == "ris":
        start = text.index(mark)
        return (text[:start] + text[start:].replace("ER  - \r\n", "", 1)).encode()
    if reader == "wos":
        start = text.index(mark)
        return (text[:start] + text[start:].replace("\nER\n", "\n", 1)).encode()
    if reader in ("arxiv_atom", "pubmed_xml"):
        tag = "<title>" if reader == "arxiv_atom" else "<ArticleTitle>"
        start = text.index(tag + _xml(mark))
        return (text[:start] + tag[:-1] + " <" + text[start + len(tag) :]).encode()
    if reader == "daily_papers":
        return text.replace(records[i]["abstract"], records[i]["abstract"][:10] + "\udcff\x00 broken", 1).encode(
            "utf-8", "surrogateescape"
        )
    raise KeyError(reader)


# --- random mutations ----------------------------------------------------------------


def mutate(data: bytes, rng: random.Random, others: list[bytes], huge: int) -> bytes:
    """One to three random mutations of a file's bytes."""
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATIONS)(data, rng, others, huge)
    return data


def _pos(data, rng):
    return rng.randint(0, max(len(data), 1) - 1) if data else 0


def m_truncate(d, rng, o, h):
    return d[: _pos(d, rng)]


def m_flip(d, rng, o, h):
    b = bytearray(d)
    for _ in range(rng.randint(1, 20)):
        if b:
            b[_pos(b, rng)] = rng.randrange(256)
    return bytes(b)


def m_insert_bytes(d, rng, o, h):
    p = _pos(d, rng)
    junk = rng.choice(
        [
            b"\x00",
            b"\xff\xfe",
            b'"',
            b"{",
            b"}",
            b"<",
            b"&",
            b"\r",
            b"\n",
            b"\\ud83d",
            b"\xed\xa0\xbd",
            b"\x1b[31m",
            b"@article{",
            b"TY  - ",
            b"PT J\n",
            b"\t",
            b",",
            b"\xe9",
        ]
    )
    return d[:p] + junk * rng.randint(1, 50) + d[p:]


def m_drop_lines(d, rng, o, h):
    lines = d.splitlines(keepends=True)
    for _ in range(rng.randint(1, 3)):
        if lines:
            del lines[_pos(lines, rng)]
    return b"".join(lines)


def m_repeat_lines(d, rng, o, h):
    lines = d.splitlines(keepends=True)
    if lines:
        i = _pos(lines, rng)
        lines[i:i] = [lines[i]] * rng.randint(1, 30)
    return b"".join(lines)


def m_reencode(d, rng, o, h):
    text = d.decode("utf-8", "replace")
    return rng.choice(
        [
            lambda: text.encode("utf-16"),
            lambda: text.encode("utf-16-le"),
            lambda: text.encode("utf-16-be"),
            lambda: text.encode("cp1252", "replace"),
            lambda: text.encode("utf-8").decode("latin-1").encode("utf-8"),
            lambda: b"\xef\xbb\xbf" + d,
            lambda: text.encode("utf-32"),
        ]
    )()


def m_line_ends(d, rng, o, h):
    unified = d.replace(b"\r\n", b"\n")
    return unified.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n", b"\r\r\n"]))


def m_mix(d, rng, o, h):
    other = rng.choice(o)
    a, b = _pos(other, rng), _pos(other, rng)
    p = _pos(d, rng)
    return d[:p] + other[min(a, b) : max(a, b)] + d[p:]


def m_huge_field(d, rng, o, h):
    p = _pos(d, rng)
    blob = rng.choice(
        [
            b"word " * (h // 5),
            b"9" * 5000,
            b"x" * h,
            ("\u00e9" * (h // 2)).encode(),
            b"[" * 50_000,
            b'{"a":' * 20_000,
            b'"' + b"a," * (h // 2),
            b"\\u0000" * 1000,
            b"&amp;" * 10_000,
        ]
    )
    return d[:p] + blob + d[p:]


def m_control(d, rng, o, h):
    b = bytearray(d)
    for _ in range(rng.randint(1, 30)):
        if b:
            b.insert(_pos(b, rng), rng.choice([0, 7, 8, 11, 12, 27, 127]))
    return bytes(b)


MUTATIONS = [
    m_truncate,
    m_flip,
    m_insert_bytes,
    m_drop_lines,
    m_repeat_lines,
    m_reencode,
    m_line_ends,
    m_mix,
    m_huge_field,
    m_control,
]


# --- worker process -------------------------------------------------------------------


def _worker(conn) -> None:
    from kg.readers import INTERNAL_ERROR, read_sources

    while True:
        path = conn.recv()
        if path is None:
            return
        t0 = time.perf_counter()
        try:
            rep = read_sources([path])
            crash = next((str(p) for p in rep.problems if INTERNAL_ERROR in p.message), None)
            titles = [p.title for p in rep.papers]
        except BaseException:
            crash, titles = traceback.format_exc(limit=8), []
        conn.send({"titles": titles, "crash": crash, "seconds": time.perf_counter() - t0})


class Worker:
    """A reader process fed one file at a time; replaced when a file hangs it."""

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        self.conn, child = mp.Pipe()
        self.proc = mp.get_context("fork" if sys.platform != "win32" else "spawn").Process(
            target=_worker, args=(child,), daemon=True
        )
        self.proc.start()

    def read(self, path: str, limit: float) -> dict | None:
        """The worker's answer, or None when it took longer than ``limit`` (a hang)."""
        self.conn.send(path)
        if self.conn.poll(limit):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self._start()
        return None

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


@dataclass
class ReaderResult:
    reader: str
    files: int = 0
    crashes: int = 0
    hangs: int = 0
    partly_bad_files: int = 0
    good_records_lost: int = 0
    max_seconds: float = 0.0
    examples: list | None = None


def run(
    files_per_reader: int = 1000,
    seed: int = 12,
    huge: int = 2_000_000,
    readers=None,
    limit: float = TIME_LIMIT,
    progress=None,
) -> list[ReaderResult]:
    """Fuzz each reader with ``files_per_reader`` random mutations plus one-bad-record files."""
    rng = random.Random(seed)
    records = seed_records()
    seeds = {name: w(records).encode() for name, (w, _) in READERS.items()}
    others = list(seeds.values())
    results = []
    worker = Worker()
    try:
        with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
            for name in readers or READERS:
                res = ReaderResult(name, examples=[])
                ext = READERS[name][1]
                cases = [(mutate(seeds[name], rng, others, huge), None) for _ in range(files_per_reader)]
                n_bad = max(len(records), files_per_reader // 10)
                cases += [
                    (one_bad_record(name, records, k % len(records), rng), k % len(records)) for k in range(n_bad)
                ]
                for k, (data, bad) in enumerate(cases):
                    path = Path(tmp) / f"{name}-{k}{ext if rng.random() < 0.7 else '.dat'}"
                    path.write_bytes(data)
                    answer = worker.read(str(path), limit)
                    res.files += 1
                    if answer is None:
                        res.hangs += 1
                        res.examples.append(f"hang: {path.name}")
                    else:
                        res.max_seconds = max(res.max_seconds, answer["seconds"])
                        if answer["crash"]:
                            res.crashes += 1
                            res.examples.append(answer["crash"][-600:])
                        if bad is not None:
                            res.partly_bad_files += 1
                            lost = [
                                r["title"]
                                for j, r in enumerate(records)
                                if j != bad and r["title"] not in answer["titles"]
                            ]
                            res.good_records_lost += len(lost)
                            if lost:
                                res.examples.append(f"lost {lost} from {path.name}")
                    path.unlink()
                res.examples = res.examples[:3]
                results.append(res)
                if progress:
                    progress(res)
    finally:
        worker.close()
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="random mutated files per reader (default 1000)")
    ap.add_argument("--short", action="store_true", help="40 files per reader, 200 KB huge fields (the CI mode)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--reader", action="append", choices=sorted(READERS), help="only these readers")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    n, huge = (40, 200_000) if args.short else (args.files, 2_000_000)
    t0 = time.perf_counter()

    def show(r: ReaderResult) -> None:
        if not args.json:
            print(
                f"{r.reader:<17} {r.files:>6} files  {r.crashes} crashes  {r.hangs} hangs  "
                f"{r.good_records_lost} good records lost in {r.partly_bad_files} partly bad files  "
                f"max {r.max_seconds:.2f} s",
                flush=True,
            )
            for e in r.examples or []:
                print("    " + e.replace("\n", "\n    "))

    results = run(n, args.seed, huge, args.reader, progress=show)
    total = {k: sum(getattr(r, k) for r in results) for k in ("files", "crashes", "hangs", "good_records_lost")}
    if args.json:
        print(
            json.dumps(
                {
                    "results": [asdict(r) for r in results],
                    "total": total,
                    "seconds": round(time.perf_counter() - t0, 1),
                },
                indent=1,
            )
        )
    else:
        print(
            f"total: {total['files']} files, {total['crashes']} crashes, {total['hangs']} hangs, "
            f"{total['good_records_lost']} good records lost, {time.perf_counter() - t0:.0f} s"
        )
    return 0 if total["crashes"] == total["hangs"] == total["good_records_lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
