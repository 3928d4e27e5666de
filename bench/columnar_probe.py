"""Probe of the columnar build (docs/scale.md): the corpus-level aggregates as DuckDB group-bys,
timed, and checked equal to what :func:`kg.build.builder.build_graph` stores.

    .venv/bin/pip install -e ".[scale]"                           # duckdb: not a core dependency yet
    .venv/bin/python -m bench.columnar_probe STORE [--check] [--json]

STORE is a built embedded store: its papers come from its Paper table, their extraction
records from its cache (``kg build``'s key). Per-paper steps run in Python as records are put
into the table (:func:`kg.build.variants.node_mentions`, the derived-mention span rule: the
same per paper, whatever the corpus); the raw key → entity mapping (aliases, variants,
curation, labels) comes from the builder's own functions; then DuckDB computes each entity's
papers (document frequency), surface forms, each Paper→entity link's mention count and the
shared-paper count of every pair. ``--check`` also runs ``build_graph`` and compares: entity
``papers`` and ``aliases``, link ``count``, CO_OCCURS ``papers``.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import defaultdict

import pyarrow as pa

from extract.fingerprint import fingerprint
from kg.build.builder import (
    BuildConfig,
    _resolve,
    build_graph,
    confirmed_keys,
    curate_keys,
    resolve_aliases,
    variant_aliases,
    vote_labels,
)
from kg.build.cache import ExtractionCache, content_hash
from kg.build.variants import node_mentions, variant_keys
from kg.store import open_store
from queries.schema import CO_OCCURS, CONCEPT, PAPER, PAPER_RELS


def mention_rows(records: dict) -> pa.Table:
    """One row per mention that can make a node, with the per-paper ``skip`` flag of build_graph."""
    cols: dict[str, list] = defaultdict(list)
    for pid, rec in node_mentions(records).items():
        typed = {(m.start, m.end) for m in rec.mentions if not m.derived and m.label != CONCEPT}
        for m in rec.mentions:
            cols["paper"].append(pid)
            cols["key"].append(m.key)
            cols["text"].append(m.text)
            cols["derived"].append(m.derived)
            cols["skip"].append(m.derived and (m.start, m.end) in typed)
    return pa.table(cols)


def key_mapping(recs: list) -> dict[str, str]:
    """Raw mention key → entity key, as build_graph decides it (the same calls, in its order)."""
    abbreviations = resolve_aliases(recs)
    shorts_of: dict[str, set[str]] = defaultdict(set)
    for short, long in abbreviations.items():
        shorts_of[long].add(short)
    direct = confirmed_keys(recs, abbreviations)
    aliases = _resolve({**variant_aliases(recs, direct), **abbreviations})
    aliases = _resolve({**variant_keys(recs, aliases), **aliases})
    direct = confirmed_keys(recs, aliases)
    labels = vote_labels(recs, aliases)
    curated = curate_keys(recs, aliases, direct, labels, shorts_of)
    raw = {m.key for rec in recs for m in rec.mentions}
    return {k: curated[aliases.get(k, k)][0] for k in raw if aliases.get(k, k) in curated}


def main() -> None:
    import duckdb

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store")
    ap.add_argument("--check", action="store_true", help="also run build_graph and compare")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out: dict = {}
    t = time.process_time()
    store = open_store(args.store)
    papers = store.read_papers()
    cache = ExtractionCache(store.path / "extractions.sqlite")
    fp = fingerprint()
    hashes = {p.id: content_hash(fp, p.title, p.abstract) for p in papers}
    found = cache.get_many(hashes.values())
    records = {p.id: found[hashes[p.id]] for p in papers if hashes[p.id] in found}
    for pid, rec in records.items():
        rec.paper_id = pid
    out["papers"], out["records"] = len(papers), len(records)
    out["read_s"] = round(time.process_time() - t, 2)

    t = time.process_time()
    table = mention_rows(records)
    out["mention_rows"] = table.num_rows
    out["ingest_s"] = round(time.process_time() - t, 2)
    t = time.process_time()
    kept = node_mentions(records)  # as build_graph: the mapping sees only mentions that can make a node
    recs = [kept[p.id] for p in sorted(papers, key=lambda p: p.id) if p.id in kept]
    mapping = key_mapping(recs)
    out["mapping_python_s"] = round(time.process_time() - t, 2)

    con = duckdb.connect()
    con.register("m_arrow", table)
    con.register("km_arrow", pa.table({"key": list(mapping), "final": list(mapping.values())}))
    times = {}

    def q(name: str, sql: str):
        t0 = time.process_time()
        res = con.sql(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else con.execute(sql)
        times[name] = round(time.process_time() - t0, 2)
        return res

    q("load", "CREATE TABLE m AS SELECT * FROM m_arrow JOIN km_arrow USING (key)")
    q("uses", "CREATE TABLE uses AS SELECT paper, final, COUNT(*) AS n FROM m WHERE NOT skip GROUP BY paper, final")
    df = dict(q("df", "SELECT final, COUNT(*) FROM uses GROUP BY final"))
    forms = q("forms", "SELECT final, list(DISTINCT text ORDER BY text) FROM m WHERE NOT derived GROUP BY final")
    links = q("links", "SELECT paper, final, n FROM uses")
    pairs = q(
        "pairs",
        "SELECT a.final, b.final, COUNT(*) FROM uses a JOIN uses b ON a.paper = b.paper AND a.final < b.final "
        "GROUP BY 1, 2",
    )
    out["duckdb_cpu_s"] = times
    out["entities"], out["pairs"] = len(df), len(pairs)

    if args.check:
        t = time.process_time()
        G = build_graph(papers, records, BuildConfig())
        out["build_graph_s"] = round(time.process_time() - t, 2)
        entities = {d["key"]: d for _, d in G.nodes(data=True) if d["label"] not in (PAPER, "Author", "Venue")}
        bad = []
        bad += [k for k, d in entities.items() if df.get(k) != d["papers"]]
        form_of = dict(forms)
        bad += [k for k, d in entities.items() if sorted(d["aliases"]) != (form_of.get(k) or [])]
        bad += [k for k in df if k not in entities]
        count = {(p, k): n for p, k, n in links}
        graph_links = {
            (G.nodes[u]["key"], G.nodes[v]["key"]): d["count"]
            for u, v, r, d in G.edges(keys=True, data=True)
            if r in PAPER_RELS
        }
        bad += [f"link {pk}" for pk, n in graph_links.items() if count.get(pk) != n]
        bad += [f"link {pk} missing" for pk in count if pk not in graph_links]
        shared = {(a, b): c for a, b, c in pairs}
        for u, v, r, d in G.edges(keys=True, data=True):
            if r == CO_OCCURS:
                a, b = sorted((G.nodes[u]["key"], G.nodes[v]["key"]))
                if shared.get((a, b)) != d["papers"]:
                    bad.append(f"pair {a} {b}")
        out["checked"] = {
            "entities": len(entities),
            "links": len(graph_links),
            "cooccurs": sum(r == CO_OCCURS for *_, r in G.edges(keys=True)),
        }
        out["mismatches"] = len(bad)
        out["first_mismatches"] = bad[:5]
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
