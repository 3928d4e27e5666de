"""Damaged extraction caches (``extractions.sqlite``): every build still succeeds, with a warning,
gives the same graph as with a good cache, and leaves a cache the next build uses without a warning.

Damage: truncated at several lengths, header overwritten, garbage pages,
random byte flips (long mode: many), a text file, another schema, records
that do not decode, a folder in the cache's place, a garbage journal.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from bench.adversarial.frame import Context

#: papers in our own words (enough text for spaCy to find entities)
PAPERS = [
    {
        "id": f"c{i}",
        "title": f"{name}: robust training for image classification",
        "abstract": f"We propose {name}, a method for image classification under label noise. "
        f"We evaluate {name} on CIFAR-10 and ImageNet and report accuracy.",
    }
    for i, name in enumerate(["NoiseNet", "ClearNet", "SharpNet", "QuietNet", "BrightNet", "CalmNet"])
]


def damages(rng, good: Path, n_flips: int):
    """(name, function(path)) pairs; each function damages the cache file at ``path`` (a copy of ``good``)."""
    size = good.stat().st_size

    def truncate(n):
        return lambda p: p.write_bytes(good.read_bytes()[:n])

    def overwrite(offset, data):
        def f(p):
            b = bytearray(good.read_bytes())
            b[offset : offset + len(data)] = data
            p.write_bytes(bytes(b))

        return f

    def flips(seed):
        def f(p):
            import random

            r = random.Random(seed)
            b = bytearray(good.read_bytes())
            for _ in range(r.randint(1, 20)):
                b[r.randrange(len(b))] = r.randrange(256)
            p.write_bytes(bytes(b))

        return f

    def schema(p):
        p.unlink()
        with sqlite3.connect(p) as db:
            db.execute("CREATE TABLE extractions (id INTEGER, payload BLOB, extra TEXT)")
            db.execute("INSERT INTO extractions VALUES (1, x'00ff', 'x')")

    def undecodable(p):
        shutil.copy(good, p)
        with sqlite3.connect(p) as db:
            db.execute("UPDATE extractions SET record = '{not json' WHERE rowid % 2 = 0")
            db.execute("UPDATE extractions SET record = '[1, 2, 3]' WHERE rowid % 2 = 1")

    def folder(p):
        p.unlink()
        p.mkdir()
        (p / "file").write_text("x")

    def journal(p):
        shutil.copy(good, p)
        Path(f"{p}-journal").write_bytes(
            b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(rng.randrange(256) for _ in range(600))
        )

    out = [
        ("empty file", truncate(0)),
        ("truncated to 50 bytes", truncate(50)),
        ("truncated to half", truncate(size // 2)),
        ("truncated by one page", truncate(max(size - 4096, 100))),
        ("header overwritten", overwrite(0, b"GARBAGE" * 4)),
        ("garbage page", overwrite(min(4096, size - 512), bytes(rng.randrange(256) for _ in range(512)))),
        ("text file", lambda p: p.write_text("this is not a database\n" * 50)),
        ("other schema", schema),
        ("records do not decode", undecodable),
        ("folder", folder),
        ("garbage journal", journal),
    ]
    out += [(f"random byte flips #{i}", flips(rng.randrange(10**9))) for i in range(n_flips)]
    return out


def run(ctx: Context) -> None:
    import kg.build.pipeline
    from kg.build.pipeline import build, same_graph
    from kg.store import open_store

    extractor = kg.build.pipeline.load_extractor()
    original = kg.build.pipeline.load_extractor
    kg.build.pipeline.load_extractor = lambda model=None: extractor
    try:
        src = ctx.workdir / "papers.jsonl"
        src.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
        good = ctx.workdir / "good.sqlite"
        reference = build([src], open_store(ctx.workdir / "reference"), cache_path=good)
        expected = open_store(ctx.workdir / "reference").read_graph()
        for i, (name, damage) in enumerate(damages(ctx.rng, good, ctx.scale(4, 200))):
            case_dir = ctx.workdir / f"case{i}"
            case_dir.mkdir()
            cache = case_dir / "extractions.sqlite"
            shutil.copy(good, cache)
            damage(cache)
            with ctx.case(f"cache damage: {name}", seconds=120):
                store = open_store(case_dir / "store")
                report = build([src], store, cache_path=cache)
                if report.papers != reference.papers or not same_graph(store.read_graph(), expected):
                    ctx.fail(name, "the graph differs from the build with a good cache")
                ctx.count("warned" if report.warnings else "no_warning")
                again = build([src], open_store(case_dir / "store2"), cache_path=cache)
                if name != "folder" and (again.warnings or again.extracted):
                    ctx.fail(
                        name,
                        f"the cache was not rebuilt: next build warned {again.warnings} "
                        f"and extracted {again.extracted}",
                    )
                ctx.count(
                    "set_aside",
                    sum(
                        1
                        for p in case_dir.iterdir()
                        if ".damaged-" in p.name and not p.name.endswith(("-journal", "-wal", "-shm"))
                    ),
                )
    finally:
        kg.build.pipeline.load_extractor = original
