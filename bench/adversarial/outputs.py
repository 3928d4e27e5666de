"""Hostile names and titles through every export format and every table: read back, nothing injected.

Exports are read back with the tool that reads the format (networkx for
GraphML/GEXF/node-link, bibtexparser, the csv module) and checked: every
paper is there, lossless formats give the text back exactly, no CSV cell a
spreadsheet would run, no raw control character in text formats. Tables run
the ``kg`` commands in-process (Typer's runner) on a store holding the
hostile graph: no traceback, no character a terminal acts on, ``--json``
gives the titles back exactly, ``--csv`` cells guarded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx

from bench.adversarial.frame import Context
from bench.adversarial.hostile import hostile_graph, hostile_texts
from kg.core.safe_text import FORMULA_STARTS, no_lone_surrogates, xml_text

#: characters a terminal acts on (none may reach it from data)
TERMINAL_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CYPHER_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'")
_CYPHER_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"'}


def run(ctx: Context) -> None:
    texts = hostile_texts(ctx.rng, ctx.scale(len(hostile_texts(ctx.rng, 0)), 400))
    G = hostile_graph(texts)
    ctx.count("hostile_texts", len(texts))
    titles = [d["title"] for _, d in G.nodes(data=True) if d["label"] == "Paper"]
    for fmt, check in CHECKS.items():
        path = ctx.workdir / f"export.{fmt}"
        with ctx.case(f"export {fmt}"):
            from kg.present.export import export_graph

            export_graph(G, fmt, path)
            check(ctx, G, titles, path)
            ctx.count("exports_read_back")
    pages(ctx, G, texts)
    tables(ctx, G, texts)
    targets(ctx, G)


# -- pages and the VOSviewer export --------------------------------------------------
def pages(ctx: Context, G, texts: list[str]) -> None:
    """``kg viz`` and ``kg map`` pages hold no markup from data; VOSviewer files read back."""
    from kg.present.termmap import make_term_map
    from kg.present.termmap.vosviewer import read_vosviewer_files, read_vosviewer_json
    from kg.present.viz import make_map

    markup = [t for t in texts if "<script" in t]
    with ctx.case("kg viz page"):
        make_map(G, None, ctx.workdir / "viz.html")
        html = (ctx.workdir / "viz.html").read_text(encoding="utf-8")
        leaked = [t for t in markup if t in html]
        if leaked:
            ctx.fail("kg viz", f"raw markup from data in the page: {leaked[0]!r}")
        ctx.count("pages")
    with ctx.case("kg map page and VOSviewer export"):
        make_term_map(G, ctx.workdir / "terms.html", vosviewer=ctx.workdir / "vos.txt", min_papers=1)
        make_term_map(G, ctx.workdir / "terms2.html", vosviewer=ctx.workdir / "vos.json", min_papers=1)
        html = (ctx.workdir / "terms.html").read_text(encoding="utf-8")
        leaked = [t for t in markup if t in html]
        if leaked:
            ctx.fail("kg map", f"raw markup from data in the page: {leaked[0]!r}")
        items, _ = read_vosviewer_json((ctx.workdir / "vos.json").read_text(encoding="utf-8"))
        doc = json.loads((ctx.workdir / "vos.json").read_text(encoding="utf-8"))
        if any("<script" in d.get("description", "") for d in doc["network"]["items"]):
            ctx.fail("VOSviewer JSON", "raw markup from data in a description")
        rows, _ = read_vosviewer_files(
            (ctx.workdir / "vos.txt").read_text(encoding="utf-8"),
            (ctx.workdir / "vos_network.txt").read_text(encoding="utf-8"),
        )
        if len(rows) != len(items) or [r.label for r in rows] != [" ".join(i.label.split()) for i in items]:
            ctx.fail("VOSviewer map file", f"{len(rows)} items read back for {len(items)} written, or labels differ")
        ctx.count("pages", 2)


# -- exports ------------------------------------------------------------------
def _same_nodes(ctx: Context, G, H, fmt: str, line_breaks: bool = False) -> None:
    if H.number_of_nodes() != G.number_of_nodes():
        ctx.fail(f"{fmt}", f"{H.number_of_nodes()} nodes read back, {G.number_of_nodes()} written")
    names = sorted(str(d.get("label")) for _, d in H.nodes(data=True))
    expected = [xml_text(str(d.get("name"))) for _, d in G.nodes(data=True)]
    if line_breaks:  # XML parsers read every line break in element text as "\n" (XML 1.0, 2.11)
        expected = [re.sub("\r\n?", "\n", e) for e in expected]
    expected = sorted(expected)
    if names != expected:
        ctx.fail(fmt, "node labels read back differ from the names written")


def check_graphml(ctx, G, titles, path):
    _same_nodes(ctx, G, nx.read_graphml(path), "graphml", line_breaks=True)


def check_gexf(ctx, G, titles, path):
    _same_nodes(ctx, G, nx.read_gexf(path), "gexf")


def check_json(ctx, G, titles, path):
    H = nx.node_link_graph(json.loads(Path(path).read_text(encoding="utf-8")), edges="edges")
    if sorted(H.nodes) != sorted(G.nodes) or H.number_of_edges() != G.number_of_edges():
        ctx.fail("json", "node-link JSON does not give the graph back exactly")


def check_neo4j_csv(ctx, G, titles, path):
    with open(Path(path) / "nodes.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != G.number_of_nodes():
        ctx.fail("neo4j-csv", f"{len(rows)} node rows for {G.number_of_nodes()} nodes")
    from kg.present.export.neo4j_csv import cell

    if sorted(r["name"] for r in rows) != sorted(no_lone_surrogates(cell(d["name"])) for _, d in G.nodes(data=True)):
        ctx.fail("neo4j-csv", "names read back differ from what neo4j-admin should import")


def check_cypher(ctx, G, titles, path):
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    statements = [ln for ln in lines if not ln.startswith("//")]
    if len(statements) != G.number_of_nodes() + G.number_of_edges() or not all(s.endswith(";") for s in statements):
        ctx.fail("cypher", "not one statement per line for every node and relationship")
    if TERMINAL_ACTIVE.search(text.replace("\n", "")):
        ctx.fail("cypher", "raw control character in the script")
    found = {_decode(m.group(1)) for s in statements for m in _CYPHER_STRING.finditer(s)}
    missing = [t for t in titles if t not in found]
    if missing:
        ctx.fail("cypher", f"{len(missing)} titles not given back by the string literals, e.g. {missing[0]!r}")


def _decode(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_CYPHER_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def check_bibtex(ctx, G, titles, path):
    import bibtexparser

    text = Path(path).read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(text)
    if lib.failed_blocks or len(lib.entries) != len(titles):
        ctx.fail(
            "bibtex", f"{len(lib.entries)} entries and {len(lib.failed_blocks)} failed blocks for {len(titles)} papers"
        )
    if TERMINAL_ACTIVE.search(text.replace("\n", "")):
        ctx.fail("bibtex", "raw control character in the file")


def _guarded(cell: str) -> bool:
    if not cell.startswith(FORMULA_STARTS):
        return True
    try:
        float(cell)
        return True
    except ValueError:
        return False


def check_review_csv(ctx, G, titles, path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if len(rows) != len(titles) + 1:
        ctx.fail("review-csv", f"{len(rows) - 1} rows for {len(titles)} papers")
    bad = [c for r in rows for c in r if not _guarded(c)]
    if bad:
        ctx.fail("review-csv", f"{len(bad)} cells a spreadsheet would run, e.g. {bad[0]!r}")


def check_review_md(ctx, G, titles, path):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if len(lines) != len(titles) + 2:
        ctx.fail("review-md", f"{len(lines) - 2} table lines for {len(titles)} papers")
    cols = {len(re.findall(r"(?<!\\)\|", ln)) for ln in lines}
    if len(cols) != 1:
        ctx.fail("review-md", f"rows with different column counts {sorted(cols)}")


CHECKS = {
    "graphml": check_graphml,
    "gexf": check_gexf,
    "json": check_json,
    "neo4j-csv": check_neo4j_csv,
    "cypher": check_cypher,
    "bibtex": check_bibtex,
    "review-csv": check_review_csv,
    "review-md": check_review_md,
}


# -- tables -------------------------------------------------------------------
def _without_surrogates(G):
    H = G.copy()
    for _, d in [*H.nodes(data=True), *((None, e) for *_, e in H.edges(data=True))]:
        for k, v in d.items():
            if isinstance(v, str):
                d[k] = no_lone_surrogates(v)
            elif isinstance(v, list):
                d[k] = [no_lone_surrogates(x) if isinstance(x, str) else x for x in v]
    return H


def tables(ctx: Context, G, texts: list[str]) -> None:
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.store import open_store

    store = str(ctx.workdir / "store")
    # readers skip a record with a lone surrogate and the extractor replaces them, so none reach a store
    open_store(store).write_graph(nx.relabel_nodes(_without_surrogates(G), no_lone_surrogates))
    runner = CliRunner()
    names = texts[: ctx.scale(len(texts), 60)]
    # (command, options, arguments): arguments go after "--" so a name starting with "-" is a name
    commands = [
        ("stats", [], []),
        ("top", ["--n", "50"], []),
        ("papers", [], []),
        ("query", ["--list"], []),
        ("cypher", [], ["MATCH (p:Paper) RETURN p.title AS title, p.id AS id, p.authors AS authors"]),
    ]
    commands += [("show", [], [n]) for n in names] + [("related", [], [n]) for n in names[::3]]
    commands += [("path", [], [a, b]) for a, b in zip(names[::4], names[1::4], strict=False)]
    commands += [("papers", ["--search", n.split()[0] if n.split() else n], []) for n in names[::5]]
    commands += [("show", [], [f"Paper:{n}#{i}"]) for i, n in list(enumerate(names))[::6]]  # paper cards
    for cmd, opts, positional in commands:
        args = [cmd, *positional]
        for form in ([], ["--json"], ["--csv"]):
            if form and args[0] in ("show", "stats") and form == ["--csv"]:
                continue
            if form and args[0] == "path" and form == ["--json"]:
                continue
            full = [cmd, *opts, *form, *([] if cmd == "query" else ["--store", store]), "--", *positional]
            with ctx.case(f"kg {' '.join(map(repr, args))} {' '.join(form)}"):
                result = runner.invoke(app, full)
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    raise result.exception
                out = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
                active = TERMINAL_ACTIVE.search(out.replace("\n", "").replace("\t", ""))
                if active:
                    ctx.fail(f"kg {args[0]} {' '.join(form)}", f"terminal-active character {active.group()!r} printed")
                if form == ["--csv"] and result.exit_code == 0:
                    bad = [c for r in csv.reader(io.StringIO(result.stdout)) for c in r if not _guarded(c)]
                    if bad:
                        ctx.fail(f"kg {args[0]} --csv", f"formula cell {bad[0]!r}")
                if form == ["--json"] and result.exit_code == 0:
                    json.loads(result.stdout)
                if args[0] == "cypher" and form == ["--json"]:
                    back = {r["title"] for r in json.loads(result.stdout)}
                    lost = [t for t in texts if no_lone_surrogates(t) not in back and t not in back]
                    if lost:
                        ctx.fail("kg cypher --json", f"{len(lost)} titles not given back exactly, e.g. {lost[0]!r}")
                ctx.count("table_outputs")
                ctx.count(f"exit_{result.exit_code}" + (f"_{args[0]}" if result.exit_code else ""))


# -- where -o points (issue 19): only regular files and new paths are written -----------------------------
def _kind(path: Path) -> int:
    import os
    import stat

    return stat.S_IFMT(os.lstat(path).st_mode)


def targets(ctx: Context, G) -> None:
    """Every file export, ``kg viz`` and ``kg map`` aimed at a FIFO, socket, folder, device (as root),
    dangling link and links to those: an ``ExportError`` / one error line, and the node stays as it was;
    a link to a regular file is written through and stays a link."""
    import os
    import socket

    from typer.testing import CliRunner

    from kg.cli import app
    from kg.present.export import export_graph
    from kg.present.export.io import ExportError

    root = ctx.workdir / "targets"
    root.mkdir(exist_ok=True)
    os.mkfifo(root / "fifo")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock"))
    (root / "folder").mkdir()
    bad = ["fifo", "sock", "folder"]
    if os.geteuid() == 0:  # the issue's /dev/full case, on a device node of our own
        os.mknod(root / "device", 0o666 | 0o020000, os.makedev(1, 7))
        bad.append("device")
    for name in list(bad):
        (root / f"link-to-{name}").symlink_to(root / name)
        bad.append(f"link-to-{name}")
    (root / "dangling").symlink_to(root / "nowhere")
    bad.append("dangling")
    try:
        for fmt in [f for f in CHECKS if f != "neo4j-csv"]:
            for name in bad:
                with ctx.case(f"export {fmt} -o {name}"):
                    before = _kind(root / name)
                    try:
                        export_graph(G, fmt, root / name)
                    except ExportError as exc:
                        if "\n" in str(exc) or str(root / name) not in str(exc):
                            ctx.fail(f"{fmt} -o {name}", f"not one line naming the file: {exc}")
                    else:
                        ctx.fail(f"{fmt} -o {name}", "written")
                    if _kind(root / name) != before or (root / "nowhere").exists():
                        ctx.fail(f"{fmt} -o {name}", "the node was replaced")
                    ctx.count("output_targets_refused")
            with ctx.case(f"export {fmt} -o a link to a regular file"):
                real, link = root / f"real.{fmt}", root / f"link.{fmt}"
                real.write_text("old", encoding="utf-8")
                link.symlink_to(real)
                export_graph(G, fmt, link)
                if not link.is_symlink() or real.read_text(encoding="utf-8") == "old":
                    ctx.fail(f"{fmt} -o link", "the link was replaced, or its file not written")
                ctx.count("written_through_links")
        store = str(ctx.workdir / "store")
        runner = CliRunner()
        for cmd in (["viz"], ["map", "--min-papers", "1"], ["export", "-f", "json"]):
            for name in bad[: ctx.scale(3, len(bad))] + ["dangling/below.html"]:
                with ctx.case(f"kg {cmd[0]} -o {name}"):
                    result = runner.invoke(app, [*cmd, "--store", store, "-o", str(root / name)])
                    if result.exception is not None and not isinstance(result.exception, SystemExit):
                        raise result.exception
                    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
                    if result.exit_code != 1 or len(lines) != 1 or not lines[0].startswith("error: "):
                        ctx.fail(f"kg {cmd[0]} -o {name}", f"exit {result.exit_code}, {result.stderr[:200]!r}")
                    ctx.count("output_targets_refused")
    finally:
        server.close()
