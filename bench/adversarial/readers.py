"""Reader fuzzing, from ``bench/fuzz_readers.py`` (every reader, mutated files and files with one
bad record, read in a watched worker): its counts in the harness's terms.

Per file: a crash is a ``traceback``, a read past the time limit a ``hang``;
each good record missing from a partly bad file is a ``failed`` case.
"""

from __future__ import annotations

from bench.adversarial.frame import AreaNotLanded, Context


def run(ctx: Context) -> None:
    try:
        from bench import fuzz_readers
    except ImportError as exc:
        raise AreaNotLanded(f"bench/fuzz_readers.py is not on this branch ({exc})") from None
    results = fuzz_readers.run(
        files_per_reader=ctx.scale(5, 1000), seed=ctx.rng.randrange(10**6), huge=ctx.scale(200_000, 2_000_000)
    )
    r = ctx.result
    for res in results:
        r.cases += res.files
        r.traceback += res.crashes
        r.hang += res.hangs
        r.failed += res.good_records_lost
        r.ok += max(0, res.files - res.crashes - res.hangs - res.good_records_lost)
        ctx.count(f"files_{res.reader}", res.files)
        ctx.count("partly_bad_files", res.partly_bad_files)
        ctx.count("good_records_lost", res.good_records_lost)
        for example in res.examples or []:
            ctx._example(f"{res.reader}: {example}")
