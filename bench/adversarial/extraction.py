"""Giant and broken abstracts through extraction and graph building: each paper is built,
within the per-paper caps of :mod:`extract.limits`, in bounded time, with no traceback.

Papers go straight to :func:`kg.build.pipeline.extract_records` and
:func:`kg.build.build_graph` (what readers let through, and what stores
hold, are the ``readers`` area's and the stores' business). Counts the
slowest paper (``max_ms``) so a cap that stops working shows.
"""

from __future__ import annotations

import time

from bench.adversarial.frame import Context
from bench.adversarial.hostile import HOSTILE, names_abstract

#: seconds one hostile paper may take to build (model already loaded)
MAX_SECONDS = 10


def abstracts(ctx: Context) -> list[tuple[str, str]]:
    """(name, abstract) pairs, each under the readers' 100,000-character limit."""
    rng = ctx.rng
    out = [
        ("12,000 names", names_abstract(12_000, rng.randrange(1000))),
        ("one 99,000-character word", "x" * 99_000),
        ("punctuation", "".join(rng.choice("()[]{},.;:-–—/\\'\"") for _ in range(90_000))),
        ("nested parentheses", "We use SAE " + "(SAE " * 15_000 + ")" * 15_000),
        ("one long sentence", "We use " + " and ".join(f"method{i} on dataset{i}" for i in range(3_000)) + "."),
        ("CJK", "深度学习用于图像分割。" * 9_000),
        ("emoji", "😀🔥" * 40_000),
        ("lone surrogates", "We train BERT \ud83d on ImageNet \udc00." * 2_000),
        ("control characters", "We train BERT\x00 on\x1b[31m ImageNet\x07." * 2_000),
        ("bidi overrides", "We train \u202eBERT\u202c on ImageNet." * 2_000),
        ("hostile strings", " ".join(HOSTILE) * 50),
        ("empty-ish", "." * 10),
    ]
    if ctx.short:  # the shapes that broke things before the caps
        out = [
            o
            for o in out
            if o[0]
            in (
                "12,000 names",
                "one 99,000-character word",
                "nested parentheses",
                "emoji",
                "lone surrogates",
                "control characters",
            )
        ]
    for i in range(ctx.scale(1, 60)):
        pieces = [rng.choice(HOSTILE) for _ in range(rng.randint(1, 200))]
        words = [f"Net{rng.randrange(10**6)}" for _ in range(rng.randint(0, 5000))]
        text = " ".join(pieces + words)
        rng.shuffle(pieces)
        out.append((f"random mix #{i}", text[:99_000]))
    return out


def run(ctx: Context) -> None:
    import kg.build.pipeline
    from kg.build.builder import build_graph
    from kg.build.cache import ExtractionCache
    from kg.build.pipeline import extract_records
    from kg.core.papers import Paper

    extractor = kg.build.pipeline.load_extractor()
    original = kg.build.pipeline.load_extractor
    kg.build.pipeline.load_extractor = lambda model=None: extractor
    cache = ExtractionCache(ctx.workdir / "cache.sqlite")
    slowest = 0.0
    try:
        for i, (name, abstract) in enumerate(abstracts(ctx)):
            paper = Paper(id=f"h{i}", title=f"Hostile {name}", abstract=abstract)
            with ctx.case(f"abstract: {name} ({len(abstract):,} chars)", seconds=MAX_SECONDS * 3):
                t0 = time.perf_counter()
                records, extracted, _ = extract_records([paper], cache)
                graph = build_graph([paper], records)
                seconds = time.perf_counter() - t0
                slowest = max(slowest, seconds)
                if extracted != 1 or graph.number_of_nodes() < 1:
                    ctx.fail(name, f"{extracted} extracted, {graph.number_of_nodes()} nodes")
                if seconds > MAX_SECONDS:
                    ctx.fail(name, f"took {seconds:.1f}s (cap: {MAX_SECONDS}s)")
                ctx.count("built")
    finally:
        cache.close()
        kg.build.pipeline.load_extractor = original
        ctx.count("max_ms", round(slowest * 1000))
