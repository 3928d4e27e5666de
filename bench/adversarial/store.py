"""The embedded store against a hostile or failing file system (issue 19, items 2, 4, 5, 9).

* ``store_links``: every store file (control, database, cache, journals) replaced by a link to a
  file outside the store, or by a dangling link; reading, writing, a write query and the cache
  must refuse it by name, and the outside file must stay as it was (or not come to exist);
* ``disk_full``: a build, a write query and a graph write on a small tmpfs filled to a few bytes
  .. a few hundred KB free (root only; elsewhere the same operations on a simulated ENOSPC):
  each succeeds or fails with "disk full while writing …; nothing was changed", the previous
  graph reads back, the cache is never set aside and keeps its records;
* ``killed_write``: ``kg cypher --write`` killed with SIGKILL at a random moment (the command
  and its query process, or the command alone): the store then opens for ``kg stats`` and
  holds the old graph or the new one, with no file left behind;
* ``damaged_tables``: tables dropped by a write query; ``stats``, a build and a removal are one
  "damaged" error each, and ``build(rebuild=True)`` gives the graph a build of the undamaged
  store gives, with a warning.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from bench.adversarial.frame import Context

VICTIM_TEXT = "outside the store: must never change\n"


def _small_graph():
    from kg.core.examples import small_graph as make_small_graph

    return make_small_graph()


def _store_with_graph(path: Path):
    from kg.store import EmbeddedStore

    store = EmbeddedStore(path)
    store.write_graph(_small_graph())
    store.close()
    return store


# -- links --------------------------------------------------------------------------------------------
def store_links(ctx: Context) -> None:
    from kg.build.cache import ExtractionCache
    from kg.store import EmbeddedStore
    from kg.store.files import CONTROL_FILES, LinkRefused

    operations = {
        "stats": lambda s: s.stats(),
        "read_graph": lambda s: s.read_graph(),
        "write_graph": lambda s: s.write_graph(_small_graph()),
        "write query": lambda s: s.run("MATCH (p:Paper) SET p.title = 'x'", write=True),
        "write query (isolated)": lambda s: s.run("MATCH (p:Paper) SET p.title = 'x'", write=True, isolated=True),
        "cache": lambda s: ExtractionCache(s.path / "extractions.sqlite").close(),
        "search index": lambda s: s.search_index(),
    }
    reference = _store_with_graph(ctx.workdir / "reference")
    n = 0
    for name in CONTROL_FILES:
        for dangling in (False, True):
            # short mode: every file, linked to a file, through a read, a write and the cache; dangling links for two
            ops = (
                list(operations)
                if not ctx.short
                else []
                if dangling and name not in (".lock", "format")
                else ["stats", "write_graph", "cache"]
            )
            for op in ops:
                if op == "cache" and not name.startswith("extractions.sqlite"):
                    continue
                n += 1
                folder = ctx.workdir / f"case{n}"
                shutil.copytree(reference.path, folder / "st")
                store = EmbeddedStore(folder / "st")
                victim = folder / "victim.txt"
                if not dangling:
                    victim.write_text(VICTIM_TEXT)
                link = store.path / name
                if link.exists():
                    link.unlink()
                link.symlink_to(victim)
                with ctx.case(f"{name} -> {'dangling' if dangling else 'file'}: {op}", seconds=60):
                    try:
                        operations[op](EmbeddedStore(store.path))
                        ctx.fail(f"{name}: {op}", "the link was followed, not refused")
                    except LinkRefused as exc:
                        if name not in str(exc):
                            ctx.fail(f"{name}: {op}", f"the error does not name the file: {exc}")
                        ctx.count("refused")
                    if dangling and victim.exists():
                        ctx.fail(f"{name}: {op}", "a file was created outside the store")
                    if not dangling and victim.read_text() != VICTIM_TEXT:
                        ctx.fail(f"{name}: {op}", "the file outside the store changed")


# -- a full disk ---------------------------------------------------------------------------------------------
@contextmanager
def _tmpfs(where: Path, size: str):
    """A small tmpfs at ``where`` (yields None when not root or mounting is not allowed)."""
    where.mkdir(parents=True, exist_ok=True)
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
        ).returncode
        != 0
    ):
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as fh:  # unbuffered: no bytes left to flush (and fail) at close
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


def _cache_rows(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {h for (h,) in db.execute("SELECT hash FROM extractions")}


def disk_full(ctx: Context) -> None:
    import kg.build.pipeline
    from bench.adversarial.caches import PAPERS
    from kg.build.pipeline import build, same_graph
    from kg.core.graph import add_paper
    from kg.core.papers import Paper
    from kg.store import EmbeddedStore, StoreError

    extractor = kg.build.pipeline.load_extractor()
    original = kg.build.pipeline.load_extractor
    kg.build.pipeline.load_extractor = lambda model=None: extractor
    old_src, all_src = ctx.workdir / "old.jsonl", ctx.workdir / "all.jsonl"
    old_src.write_text("".join(json.dumps(p) + "\n" for p in PAPERS[:3]), encoding="utf-8")
    all_src.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    bigger = _small_graph()
    for i in range(200):
        add_paper(bigger, Paper(id=f"x{i}", title=f"Filler paper {i}", abstract="A" * 2000))
    operations = {
        "build new papers": lambda s: build([all_src], s),
        "write query": lambda s: s.run(
            "UNWIND range(1, 20000) AS i CREATE (:Concept {key: 'k' + string(i)})", write=True
        ),
        "write_graph": lambda s: s.write_graph(bigger),
    }
    try:
        reference = ctx.workdir / "reference"
        build([old_src], EmbeddedStore(reference))
        with _tmpfs(ctx.workdir / "disk", "10m") as disk:
            if disk is None:
                ctx.count("simulated_not_root")
                _simulated_disk_full(ctx, reference, operations)
                return
            leaves = (
                [0, 150_000]
                if ctx.short
                else [0, 1024, 4096, 16_384, 65_536, 150_000, 300_000, 600_000, 1_200_000, 2_400_000]
            )
            for leave in leaves:
                for op, run_op in operations.items():
                    store_dir = disk / "st"
                    shutil.rmtree(store_dir, ignore_errors=True)
                    shutil.copytree(reference, store_dir)
                    before_graph = EmbeddedStore(store_dir).read_graph()
                    before_cache = _cache_rows(store_dir / "extractions.sqlite")
                    filler = _fill(disk, leave)
                    with ctx.case(f"{op} with {leave} bytes free", seconds=300):
                        try:
                            run_op(EmbeddedStore(store_dir))
                            ctx.count("succeeded")
                        except StoreError as exc:
                            if not str(exc).startswith("disk full while writing") or "nothing was changed" not in str(
                                exc
                            ):
                                ctx.fail(f"{op}, {leave} free", f"not the disk-full error: {exc}")
                            ctx.count("disk_full_error")
                            if not same_graph(EmbeddedStore(store_dir).read_graph(), before_graph):
                                ctx.fail(f"{op}, {leave} free", "the graph changed although the write failed")
                        names = os.listdir(store_dir)
                        if any(".damaged-" in n for n in names):
                            ctx.fail(f"{op}, {leave} free", "the cache was set aside as damaged")
                        if any(n.startswith(".graph-") for n in names):
                            ctx.fail(f"{op}, {leave} free", f"temporary files left: {names}")
                        if not before_cache <= _cache_rows(store_dir / "extractions.sqlite"):
                            ctx.fail(f"{op}, {leave} free", "the cache lost records")
                    filler.unlink()
                    ctx.count("tmpfs_cases")
    finally:
        kg.build.pipeline.load_extractor = original


def _simulated_disk_full(ctx: Context, reference: Path, operations: dict) -> None:
    """Without root: every file write of the store fails with ENOSPC."""
    import kg.store.embedded as embedded
    from kg.store import EmbeddedStore, StoreError

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    for op, run_op in operations.items():
        store_dir = ctx.workdir / f"sim-{op.replace(' ', '-')}"
        shutil.copytree(reference, store_dir)
        saved = embedded.shutil.copyfile, embedded.os.replace
        embedded.shutil.copyfile = no_space
        embedded.os.replace = no_space
        with ctx.case(f"simulated ENOSPC: {op}", seconds=300):
            try:
                run_op(EmbeddedStore(store_dir))
                ctx.fail(op, "the write succeeded although the disk was full")
            except StoreError as exc:
                if not str(exc).startswith("disk full while writing"):
                    ctx.fail(op, f"not the disk-full error: {exc}")
                ctx.count("disk_full_error")
            finally:
                embedded.shutil.copyfile, embedded.os.replace = saved


# -- a killed write query ---------------------------------------------------------------------------------------
def killed_write(ctx: Context) -> None:
    from bench.support.store_processes import kg, leftovers
    from kg.store import EmbeddedStore

    rows = 150_000
    query = f"UNWIND range(1, {rows}) AS i CREATE (:Concept {{key: 'k' + string(i), name: 'x'}})"
    reference = _store_with_graph(ctx.workdir / "reference")
    before = reference.stats()
    reference.close()
    probe = ctx.workdir / "probe"
    shutil.copytree(reference.path, probe)
    t0 = time.monotonic()
    if kg("cypher", "--write", "--store", probe, query).wait(timeout=600) != 0:
        raise RuntimeError("the probe write failed")
    span = time.monotonic() - t0
    for trial in range(ctx.scale(2, 20)):
        store = ctx.workdir / f"kill{trial}"
        shutil.copytree(reference.path, store)
        alone = ctx.rng.random() < 0.5
        with ctx.case(
            f"write killed, trial {trial} ({'command alone' if alone else 'command and query process'})", seconds=900
        ):
            proc = kg("cypher", "--write", "--store", store, query, start_new_session=True)
            time.sleep(ctx.rng.uniform(0.05, span))
            if alone:
                proc.send_signal(signal.SIGKILL)
            else:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            with EmbeddedStore(store).writing(wait=600):  # an orphaned query process finishes first
                pass
            after = EmbeddedStore(store).stats()
            new = after["nodes"].get("Concept", 0) == before["nodes"]["Concept"] + rows
            ctx.count("new" if new else "old" if after == before else "neither")
            if after != before and not new:
                ctx.fail(f"trial {trial}", f"neither the old graph nor the new one: {after['nodes']}")
            out, err = kg("stats", "--store", store).communicate(timeout=300)
            if err:
                ctx.fail(f"trial {trial}", f"kg stats afterwards: {err.strip()[-300:]}")
            out, err = kg("cypher", "--write", "--store", store, "MATCH (m:Method) SET m.name = 'm'").communicate(
                timeout=300
            )
            if err:
                ctx.fail(f"trial {trial}", f"the next write: {err.strip()[-300:]}")
            if leftovers(store):  # the next writer removes what a killed one left
                ctx.fail(f"trial {trial}", f"left behind {leftovers(store)}")


# -- damaged tables and rebuild ---------------------------------------------------------------------------------
def damaged_tables(ctx: Context) -> None:
    import kg.build.pipeline
    from bench.adversarial.caches import PAPERS
    from kg.build.pipeline import build, remove, same_graph
    from kg.store import EmbeddedStore, StoreError
    from queries.schema import NODE_LABELS, REL_TYPES

    extractor = kg.build.pipeline.load_extractor()
    original = kg.build.pipeline.load_extractor
    kg.build.pipeline.load_extractor = lambda model=None: extractor
    try:
        first, second = ctx.workdir / "first.jsonl", ctx.workdir / "second.jsonl"
        first.write_text("".join(json.dumps(p) + "\n" for p in PAPERS[:4]), encoding="utf-8")
        second.write_text("".join(json.dumps(p) + "\n" for p in PAPERS[4:]), encoding="utf-8")
        reference = ctx.workdir / "reference"
        build([first], EmbeddedStore(reference))
        build([second], EmbeddedStore(reference))
        expected_dir = ctx.workdir / "expected"
        shutil.copytree(reference, expected_dir)
        build([second], EmbeddedStore(expected_dir))
        expected = EmbeddedStore(expected_dir).read_graph()
        tables = list(REL_TYPES) + list(NODE_LABELS)
        chosen = ctx.rng.sample(tables, 3) if ctx.short else tables
        for table in chosen:
            store_dir = ctx.workdir / f"drop-{table}"
            shutil.copytree(reference, store_dir)
            # a node table goes after every relationship table (they refer to it)
            drops = [*REL_TYPES, table] if table in NODE_LABELS else [table]
            for name in drops:
                try:
                    EmbeddedStore(store_dir).run(f"DROP TABLE {name}", write=True)
                except StoreError:  # e.g. Paper: the write cannot finish, so it is not swapped in
                    ctx.count("drop_not_kept")
            with ctx.case(f"dropped {table}", seconds=300):
                for what, attempt in (
                    ("stats", lambda s: s.stats()),
                    ("build", lambda s: build([second], s)),
                    ("remove", lambda s: remove(["c0"], s)),
                ):
                    try:
                        attempt(EmbeddedStore(store_dir))
                        ctx.fail(f"{what} after dropping {table}", "no error")
                    except StoreError as exc:
                        if "is damaged" not in str(exc):
                            ctx.fail(f"{what} after dropping {table}", f"unclear error: {exc}")
                        ctx.count("clear_errors")
                report = build([second], EmbeddedStore(store_dir), rebuild=True)
                if not any("rebuilt from the sources and the extraction cache" in w for w in report.warnings):
                    ctx.fail(f"rebuild after dropping {table}", f"no warning says so: {report.warnings}")
                if not same_graph(EmbeddedStore(store_dir).read_graph(), expected):
                    ctx.fail(f"rebuild after dropping {table}", "the graph differs from a build of the undamaged store")
                EmbeddedStore(store_dir).stats()
                ctx.count("rebuilt")
    finally:
        kg.build.pipeline.load_extractor = original


__all__ = ["store_links", "disk_full", "killed_write", "damaged_tables"]
