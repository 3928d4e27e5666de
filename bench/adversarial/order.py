"""Order and identity: the graph depends only on the set of papers, and a rebuild never loses one.

Order cases build random corpora of extraction records (a vocabulary full of
ties: two spellings of one name, two definitions of one abbreviation, one
name typed two ways) with :func:`kg.build.build_graph`, through
:func:`kg.build.pipeline.merge_papers` as builds do: once in order, shuffled, split
over several builds, and under other paper ids; the canonical dumps
(:func:`kg.core.canonical.canonical_dump`) must be equal. Rebuild cases write a
store of same-title papers with distinct ids (no authors, as the synthetic
store), read it back and add papers: every stored paper must stay. No spaCy.
"""

from __future__ import annotations

import json
import re

from bench.adversarial.frame import Context
from extract.record import Extraction, Mention, Relation
from kg.build.builder import build_graph
from kg.build.pipeline import merge_papers, stored_papers
from kg.core.canonical import canonical_dump
from kg.core.graph import add_paper, new_graph
from kg.core.papers import Paper
from kg.readers import read_file

MENTIONS = [
    ("Method", "KiteNet"),
    ("Method", "Kitenet"),
    ("Method", "FlowState"),
    ("Method", "BERT"),
    ("Dataset", "PropBank"),
    ("Dataset", "Propbank"),
    ("Dataset", "CIFAR-10"),
    ("Method", "CIFAR-10"),
    ("Dataset", "SQuAD"),
    ("Concept", "label noise"),
    ("Concept", "Label Noise"),
    ("Concept", "invariance"),
    ("Concept", "diffusion"),
    ("Task", "semantic segmentation"),
    ("Method", "SAE"),
    ("Method", "sparse autoencoder"),
    ("Method", "stacked autoencoder"),
    ("Method", "ResNet50"),
]
ABBREVIATIONS = [("sae", "sparse autoencoder"), ("sae", "stacked autoencoder")]
RELATIONS = [("OUTPERFORMS", "kitenet", "bert"), ("EXTENDS", "flowstate", "resnet50")]


def run(ctx: Context) -> None:
    for i in range(ctx.scale(3, 40)):
        corpus = _corpus(ctx, ctx.rng.randint(10, 60))
        with ctx.case(f"order corpus {i} ({len(corpus)} papers)"):
            _check_order(ctx, corpus)
    for i in range(ctx.scale(2, 20)):
        n, k = ctx.rng.randint(2, 200), ctx.rng.randint(1, 10)
        with ctx.case(f"rebuild of {n} same-title papers + {k}"):
            _check_rebuild(ctx, i, n, k)


def _corpus(ctx: Context, n: int) -> list[tuple[Paper, Extraction]]:
    rng, out = ctx.rng, []
    for i in range(n):
        rec = Extraction(f"p{i:03d}")
        for j, (label, text) in enumerate(rng.sample(MENTIONS, rng.randint(1, 6))):
            rec.sentences.append(f"{text} in sentence {j}.")
            rec.mentions.append(
                Mention(
                    label=label,
                    key=text.lower(),
                    text=text,
                    start=0,
                    end=len(text),
                    sentence=j,
                    role="proposes" if rng.random() < 0.1 else None,
                )
            )
        if rng.random() < 0.3:
            rec.abbreviations.update([rng.choice(ABBREVIATIONS)])
        if rng.random() < 0.3:
            rel, head, tail = rng.choice(RELATIONS)
            rec.relations.append(Relation(rel, head, tail, 0))
        paper = Paper(id=rec.paper_id, title=f"Paper {i}", abstract=f"abstract {i}", year=2015 + rng.randint(0, 9))
        out.append((paper, rec))
    return out


def _graph(batches: list[list[tuple[Paper, Extraction]]]) -> dict:
    """The canonical dump after one build per batch (papers merged as a build over a store does)."""
    papers: list[Paper] = []
    records = {}
    for batch in batches:
        papers, _, _ = merge_papers(papers, [p for p, _ in batch])
        records.update({r.paper_id: r for _, r in batch})
    return canonical_dump(build_graph(papers, records))


def _check_order(ctx: Context, corpus) -> None:
    reference = _graph([corpus])
    if not any(not n.startswith("Paper:") for n, _ in reference["nodes"]):
        ctx.fail("order", "no entity survived; the case tests nothing")
    shuffled = ctx.rng.sample(corpus, len(corpus))
    cuts = sorted(ctx.rng.sample(range(1, len(corpus)), min(3, len(corpus) - 1)))
    split = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(corpus)], strict=True)]
    for name, batches in (
        ("shuffled", [shuffled]),
        (f"split in {len(split)} builds", split),
        ("half then all", [corpus[: len(corpus) // 2], corpus]),
    ):
        if _graph(batches) != reference:
            ctx.fail("order", f"{name}: the graph differs from one build in order")
    ctx.count("order_equal")
    perm = ctx.rng.sample(range(len(corpus)), len(corpus))
    renamed = []
    for i, (paper, rec) in enumerate(corpus):
        new_id = f"q{perm[i]:03d}"
        renamed.append(
            (
                Paper(**{**paper.to_dict(), "id": new_id}),
                Extraction(new_id, rec.sentences, rec.mentions, rec.relations, rec.abbreviations),
            )
        )
    back = {f"q{perm[i]:03d}": f"p{i:03d}" for i in range(len(corpus))}
    if _renamed(_graph([renamed]), back) != _renamed(reference, {}):
        ctx.fail("order", "the same records under other ids give another graph")
    ctx.count("reid_equal")


def _renamed(dump: dict, ids: dict[str, str]) -> dict:
    """``dump`` with paper ids mapped through ``ids`` and lists of paper ids sorted."""

    def fix(text: str) -> str:
        return re.sub(r"\bq\d{3}\b", lambda m: ids.get(m.group(), m.group()), text)

    def props(text: str) -> str:
        d = json.loads(fix(text))
        if "paper_ids" in d:
            d["paper_ids"] = sorted(d["paper_ids"])
        return json.dumps(d, sort_keys=True)

    return {
        "nodes": sorted([fix(n), props(d)] for n, d in dump["nodes"]),
        "edges": sorted([fix(u), fix(v), k, props(d)] for u, v, k, d in dump["edges"]),
    }


def _check_rebuild(ctx: Context, i: int, n: int, k: int) -> None:
    from kg.store import EmbeddedStore

    store = EmbeddedStore(ctx.workdir / f"store{i}")
    G = new_graph()
    for j in range(n):
        add_paper(G, Paper(id=f"s{j:06d}", title="KiteNet for label noise", abstract="", year=2020))
    store.write_graph(G)
    new = [Paper(id="", title=f"New paper {i}-{j}", abstract="A.") for j in range(k)]
    papers, added, _ = merge_papers(stored_papers(store.read_graph()), new)
    if (len(papers), added) != (n + k, k):
        ctx.fail("rebuild", f"{n} stored + {k} new gave {len(papers)} papers ({added} new)")
    path = ctx.workdir / f"acl{i}.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"P19-{j:04d}", "title": "Introduction", "abstract": "A."}) + "\n" for j in range(n))
    )
    read = read_file(path)
    if len(read.papers) != n:
        ctx.fail("cold build", f"{n} same-title records with distinct ids read as {len(read.papers)} papers")
    ctx.count("papers_kept", n + k)
