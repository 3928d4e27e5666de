"""Parity of the columnar build with ``build_graph`` on real sources (docs/scale.md).

    .venv/bin/python -m bench.columnar_parity SOURCES... --cache CACHE.sqlite [--json]

Reads SOURCES as ``kg build`` does, takes their extraction records from CACHE (parsing the
missing ones with spaCy and caching them), builds the graph with :func:`kg.build.builder.build_graph`
and with the columnar steps (:func:`kg.build.columnar.compute`, record tables in a temporary folder),
times both (CPU seconds) and compares the graphs node by node and edge by edge
(:func:`kg.build.pipeline.same_graph`; the first differences are printed) and the tables the columnar
build writes with those :func:`kg.store.ladybug_schema.graph_tables` makes of ``build_graph``'s graph.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time

from extract.fingerprint import fingerprint
from kg.build.builder import build_graph
from kg.build.cache import ExtractionCache, content_hash
from kg.build.columnar import RecordTables, compute
from kg.build.pipeline import _merge, extract_records, same_graph
from kg.core.graph import graph_stats
from kg.readers import read_sources
from kg.store.ladybug_schema import graph_tables


def differences(a, b, limit: int = 5) -> list[str]:
    """The first node and edge differences between graphs ``a`` and ``b``."""
    out = []
    na, nb = dict(a.nodes(data=True)), dict(b.nodes(data=True))
    for n in sorted(set(na) | set(nb)):
        if na.get(n) != nb.get(n):
            da, db = na.get(n) or {}, nb.get(n) or {}
            diff = {k: (da.get(k), db.get(k)) for k in set(da) | set(db) if da.get(k) != db.get(k)}
            out.append(
                f"node {n}: {diff if n in na and n in nb else ('only in first' if n in na else 'only in second')}"
            )
            if len(out) >= limit:
                return out
    ea = {(u, v, k): d for u, v, k, d in a.edges(keys=True, data=True)}
    eb = {(u, v, k): d for u, v, k, d in b.edges(keys=True, data=True)}
    for e in sorted(set(ea) | set(eb)):
        if ea.get(e) != eb.get(e):
            out.append(f"edge {e}: {ea.get(e)} != {eb.get(e)}")
            if len(out) >= limit:
                break
    return out


def _values(column) -> list:
    """A table's column as a list (the columnar build gives some as Arrow arrays)."""
    return column.to_pylist() if hasattr(column, "to_pylist") else list(column)


def table_rows(tables) -> dict:
    """Each table's name, columns, FROM/TO pairs and rows (in any order)."""
    return {
        t.name: (
            t.columns,
            t.pairs,
            {
                pair: sorted(map(repr, zip(*(_values(v) for v in cols.values()), strict=True)))
                for pair, cols in t.data.items()
                if next(iter(cols.values()), None)
            },
        )
        for t in tables
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    read = read_sources(args.sources)
    papers, *_ = _merge([], read.papers)
    cache = ExtractionCache(args.cache)
    records, extracted, _ = extract_records(papers, cache)
    cache.close()
    out: dict = {"papers": len(papers), "extracted": extracted}
    t = time.process_time()
    G = build_graph(papers, records)
    out["build_graph_s"] = round(time.process_time() - t, 2)
    fp = fingerprint()
    hashes = {p.id: content_hash(fp, p.title, p.abstract) for p in papers}
    with tempfile.TemporaryDirectory() as tmp:
        tables = RecordTables(tmp)
        t = time.process_time()
        tables.add({hashes[pid]: rec for pid, rec in records.items()}.items())
        out["tables_s"] = round(time.process_time() - t, 2)
        t = time.process_time()
        computed = compute(papers, hashes, tables)
        C = computed.graph()
        out["columnar_s"] = round(time.process_time() - t, 2)
        made = computed.tables()
    out["same_tables"] = table_rows(made.tables) == table_rows(graph_tables(G)) and made.stats == graph_stats(G)
    out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
    out["same_graph"] = same_graph(G, C)
    out["differences"] = differences(G, C)
    print(json.dumps(out, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
