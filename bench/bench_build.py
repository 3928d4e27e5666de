"""Build benchmark: bare spaCy ``nlp.pipe`` vs ``kg build`` cold and warm, time and peak memory.

    .venv/bin/python bench/bench_build.py                 # the seeds in ../shared/seeds/*.txt
    .venv/bin/python bench/bench_build.py papers.jsonl --runs 5 --json
    .venv/bin/python bench/bench_build.py --profile       # also: where the time goes (components, imports, cProfile)

All measurements run on the same texts in one run, ``--runs`` times each,
interleaved (the order rotates every round) so machine noise hits all alike;
the table shows medians. Two ways of being fair:

* **fresh process** — each measurement is its own ``python`` child, timed
  from spawn to exit: interpreter start, imports, model load (not in warm
  builds, which never load it), the work, exit. Peak memory is the child's
  max RSS (``os.wait4``).

  - ``pipe full``: ``spacy.load(model)`` as shipped (all components, NER
    included) then ``nlp.pipe`` over the texts;
  - ``pipe needed``: ``extract.pipeline.statistical_pipeline`` (the components the
    extractor enables, its OntoNotes NER disabled, plus the trained span proposer)
    then ``nlp.pipe``;
  - ``build API``: ``kg.build.pipeline.build(sources, fresh store)`` — read files,
    load model, extract (cache empty), build graph, compare, atomic write;
  - ``build CLI``: the ``kg build SOURCES --store DIR --json`` command;
  - warm: the same build again on the same store (every paper cached).

  The bare pipes get the texts pre-composed (``extract.pipeline.compose``,
  title + blank line + abstract) from a temporary JSON file, so they do only
  the NLP; reading and parsing the source files is counted in the builds.

* **model loaded** — one child per round loads the models first (untimed,
  with a short warm-up pass), then times just ``nlp.pipe`` over the texts vs
  the whole ``build()`` call with the extractor's model already loaded
  (``kg.build.pipeline.load_extractor`` returns the preloaded extractor), cold on a
  fresh store and warm on the same store.

Targets (issue 2): cold build ≤ 1.3 × bare ``nlp.pipe``; warm ≤ 10 % of cold.

**Throughput** (``--throughput``, issue 8), on a real corpus::

    .venv/bin/python bench/bench_build.py --throughput ../shared/corpus/arxiv_ml_5k.jsonl --limit 1000

Abstracts per second of bare ``nlp.pipe`` (the same spaCy pipelines the
extractor runs: ``statistical_pipeline``) and of a cold ``build()`` (read,
extract, graph, write), each with ``--processes`` worker processes (default
1 and 2), models loaded first (untimed) in a fresh child per measurement,
interleaved over ``--runs``; peak RSS of the main process and of the largest
worker. Ratios: build / pipe at each process count (target ≤ 1.5), and the
speed-up of 2 processes over 1 (target ≥ 1.7 on 2 cores).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = str(REPO.parent / "shared" / "seeds" / "*.txt")
COLD_TARGET = 1.3
WARM_TARGET = 0.10
BUILD_OVER_PIPE_TARGET = 1.5  # --throughput: cold build / bare nlp.pipe, same processes
SPEEDUP_TARGET = 1.7  # --throughput: 2 processes over 1

#: what each measurement includes, for the table and the JSON
INCLUDES = {
    "pipe_full_proc": "fresh process: start + import spacy + spacy.load (all components, NER on) + nlp.pipe",
    "pipe_needed_proc": "fresh process: start + import + statistical_pipeline (extractor's spaCy components + span NER) + nlp.pipe",
    "build_cold_api_proc": "fresh process: start + import kg + build() on a fresh store (read, load, extract, graph, write)",
    "build_cold_cli": "`kg build --json` on a fresh store (start + CLI imports + build)",
    "build_warm_api_proc": "fresh process: start + import kg + build() again, same store (all cached, no model load)",
    "build_warm_cli": "`kg build --json` again, same store",
    "pipe_full_loaded": "model loaded: nlp.pipe only (all components)",
    "pipe_needed_loaded": "model loaded: nlp.pipe only (extractor's spaCy components + span NER)",
    "build_cold_loaded": "model loaded: build() on a fresh store (read, extract, graph, compare, write)",
    "build_warm_loaded": "model loaded: build() again, same store",
}


# --------------------------------------------------------------------------- children


def _timed(phases: dict, name: str, fn):
    """Wrap ``fn`` so its wall time adds to ``phases[name]``."""

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - t

    return wrapper


_gc_callback = None


def _time_gc(phases: dict) -> None:
    """Add the time spent in garbage collection to ``phases["gc"]`` (replacing an earlier hook)."""
    import gc

    global _gc_callback
    if _gc_callback in gc.callbacks:
        gc.callbacks.remove(_gc_callback)
    started = [0.0]

    def callback(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            phases["gc"] = phases.get("gc", 0.0) + time.perf_counter() - started[0]

    _gc_callback = callback
    gc.callbacks.append(callback)


def _instrument_build(phases: dict, extractor=None):
    """Patch kg.build.pipeline's module globals so build() reports its phases.

    Phases: read (files), read_store, extract_records (hash + cache + model
    load + parse), model_load, graph (build_graph), compare, write, and gc
    (garbage collection anywhere after this call, overlapping the others). With
    ``extractor`` given, build() reuses it instead of loading the model.
    """
    import kg.build.pipeline as P

    _time_gc(phases)
    P.read_sources = _timed(phases, "read", P.read_sources)
    P.extract_records = _timed(phases, "extract_records", P.extract_records)
    P.build_graph = _timed(phases, "graph", P.build_graph)
    P.same_graph = _timed(phases, "compare", P.same_graph)
    if extractor is not None:
        P.load_extractor = lambda model=None: extractor
    else:
        P.load_extractor = _timed(phases, "model_load", P.load_extractor)
    return P


def _open_store(path: str, phases: dict):
    from kg.store import open_store

    store = open_store(path)
    store.read_graph = _timed(phases, "read_store", store.read_graph)
    store.write_graph = _timed(phases, "write", store.write_graph)
    return store


def _report_summary(report) -> dict:
    return {"papers": report.papers, "extracted": report.extracted, "cached": report.cached, "changed": report.changed}


def child_pipe(args) -> dict:
    """Fresh-process bare pipe: import, load (full or needed), pipe over pre-composed texts."""
    t0 = time.perf_counter()
    import spacy

    if args.worker == "pipe_needed":
        from extract.pipeline import statistical_pipeline
    phases = {"import": time.perf_counter() - t0}
    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    t = time.perf_counter()
    nlp = spacy.load(args.model) if args.worker == "pipe_full" else statistical_pipeline(args.model)
    phases["model_load"] = time.perf_counter() - t
    t = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size))
    phases["pipe"] = time.perf_counter() - t
    phases["in_process"] = time.perf_counter() - t0
    return {"phases": phases, "docs": n, "pipes": nlp.pipe_names}


def child_build(args) -> dict:
    """Fresh-process build through the Python API, with phase timings."""
    t0 = time.perf_counter()
    phases: dict = {}
    P = _instrument_build(phases)
    phases["import"] = time.perf_counter() - t0
    store = _open_store(args.store, phases)
    t = time.perf_counter()
    report = P.build(args.sources, store, model=args.model, batch_size=args.batch_size)
    phases["build"] = time.perf_counter() - t
    phases["in_process"] = time.perf_counter() - t0
    return {"phases": phases, **_report_summary(report)}


def child_loaded(args) -> dict:
    """Models loaded first; then time pipe (full, needed) and build (cold, warm) in ``args.order``."""
    import spacy

    from extract.pipeline import Extractor, statistical_pipeline

    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    nlps = {"pipe_full_loaded": spacy.load(args.model), "pipe_needed_loaded": statistical_pipeline(args.model)}
    extractor = Extractor(args.model)
    for nlp in [*nlps.values(), extractor.nlp]:  # warm-up: first-call allocations, lazy init
        for _ in nlp.pipe(texts[:16], batch_size=args.batch_size):
            pass
    out: dict = {}
    for name in args.order.split(","):
        if name in nlps:
            t, c = time.perf_counter(), time.process_time()
            sum(1 for _ in nlps[name].pipe(texts, batch_size=args.batch_size))
            out[name] = {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c, "phases": {}}
            continue
        for kind in ("cold", "warm"):  # build_loaded: cold then warm on the same store
            phases: dict = {}
            P = _instrument_build(phases, extractor)
            store = _open_store(args.store, phases)
            t, c = time.perf_counter(), time.process_time()
            report = P.build(args.sources, store, model=args.model, batch_size=args.batch_size)
            out[f"build_{kind}_loaded"] = {
                "seconds": time.perf_counter() - t,
                "cpu_seconds": time.process_time() - c,
                "phases": phases,
                **_report_summary(report),
            }
            _time_gc({})  # stop counting into this build's phases
    return out


def child_profile(args) -> dict:
    """cProfile one build() (cold on a fresh store, warm on a built one); imports not included."""
    import cProfile
    import io
    import pstats

    from kg.build.pipeline import build
    from kg.store import open_store

    prof = cProfile.Profile()
    prof.runcall(build, args.sources, open_store(args.store), model=args.model, batch_size=args.batch_size)
    out = {}
    for order in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(args.profile_top)
        out[order] = buf.getvalue()
    return out


def child_components(args) -> dict:
    return component_seconds(args)


def component_seconds(args) -> dict:
    """Seconds per step of the cold extraction, model loaded: tokenizer, each enabled
    pipeline component (``proc.pipe`` over all docs), record building, cache write."""
    from extract.pipeline import Extractor, compose, fingerprint, to_record
    from kg.build.cache import ExtractionCache, content_hash
    from kg.readers import read_sources

    papers = read_sources(args.sources).papers
    texts = [compose(p.title, p.abstract) for p in papers]
    nlp = Extractor(args.model).nlp
    for _ in nlp.pipe(texts[:16], batch_size=args.batch_size):  # warm-up
        pass
    out = {}
    t = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    out["tokenizer"] = time.perf_counter() - t
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=args.batch_size) if hasattr(proc, "pipe") else map(proc, docs))
        out[name] = time.perf_counter() - t
    t = time.perf_counter()
    records = [to_record(doc, p.id) for doc, p in zip(docs, papers, strict=True)]
    out["to_record"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        cache = ExtractionCache(Path(tmp) / "c.sqlite")
        t = time.perf_counter()
        fp = fingerprint(args.model)
        cache.put_many((content_hash(fp, p.title, p.abstract), r) for p, r in zip(papers, records, strict=True))
        out["hash+cache_write"] = time.perf_counter() - t
        cache.close()
    return {k: round(v, 3) for k, v in out.items()}


def import_seconds(module: str, packages=("spacy", "networkx", "rich", "typer", "neo4j", "pyvis", "scipy")) -> dict:
    """``python -X importtime -c 'import module'``: total, and the cumulative import time of the
    main third-party packages (each with everything it was first to import), in seconds."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stderr
    total, cumulative = 0.0, {}
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        total += int(parts[0]) / 1e6
        name = parts[2].strip()
        if name in packages and name not in cumulative:
            cumulative[name] = round(int(parts[1]) / 1e6, 3)
    return {"total": round(total, 3), **dict(sorted(cumulative.items(), key=lambda kv: -kv[1]))}


def child_throughput(args) -> dict:
    """Models loaded (untimed, with a warm-up), then one timed run of ``args.order`` ("pipe" or "build")
    with ``args.n_process`` processes; wall and CPU seconds, peak RSS of this process and its largest worker."""
    import resource

    import kg.build.pipeline as P
    from extract.pipeline import Extractor, statistical_pipeline
    from kg.store import open_store

    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    n_process = int(args.n_process)
    if args.order == "pipe":
        nlp = statistical_pipeline(args.model)
        run = lambda: sum(1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=n_process))  # noqa: E731
    else:
        extractor = Extractor(args.model)
        nlp = extractor.nlp
        P.load_extractor = lambda model=None: extractor

        def run():
            return P.build(
                args.sources, open_store(args.store), model=args.model, batch_size=args.batch_size, n_process=n_process
            ).extracted

    for _ in nlp.pipe(texts[:16], batch_size=args.batch_size):  # warm-up
        pass
    t, c = time.perf_counter(), time.process_time()
    n = run()
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu_seconds_main": cpu,
        "cpu_seconds_workers": workers.ru_utime + workers.ru_stime,
        "docs": n,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_largest_worker_mb": workers.ru_maxrss / 1024 if n_process > 1 else 0.0,
    }


CHILDREN = {
    "throughput": child_throughput,
    "pipe_full": child_pipe,
    "pipe_needed": child_pipe,
    "build": child_build,
    "loaded": child_loaded,
    "profile": child_profile,
    "components": child_components,
}


# --------------------------------------------------------------------------- parent


def run_child(cmd: list[str], stdout_path: Path) -> dict:
    """Run ``cmd`` to completion; wall seconds, CPU seconds and max RSS (MiB) via wait4, and its stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_CACHE", "KG_STORE", "KG_SPACY_MODEL")}
    with stdout_path.open("w") as out, open(stdout_path.with_suffix(".err"), "w") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = stdout_path.with_suffix(".err").read_text(errors="replace").strip().splitlines()[-5:]
        sys.exit(f"error: benchmark step failed ({' '.join(cmd[:4])} …): " + " | ".join(tail))
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,
        "stdout": stdout_path.read_text(),
    }


class Bench:
    """One benchmark run: a temp folder, the sources, the settings and the collected samples."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
        self.samples: dict[str, list[dict]] = {k: [] for k in INCLUDES}
        self.n = 0
        self.retries = 0

    def me(self, worker: str, store: Path | None = None, **extra) -> list[str]:
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            worker,
            "--model",
            self.args.model,
            "--batch-size",
            str(self.args.batch_size),
            "--texts",
            str(self.tmp / "texts.json"),
        ]
        if store:
            cmd += ["--store", str(store)]
        for k, v in extra.items():
            cmd += [f"--{k.replace('_', '-')}", str(v)]
        return cmd + ["--", *self.args.sources]

    def fresh(self, name: str) -> Path:
        self.n += 1
        return self.tmp / f"{name}-{self.n}"

    def child_json(self, cmd: list[str], name: str) -> tuple[dict, dict]:
        res = run_child(cmd, self.fresh(name).with_suffix(".out"))
        return res, json.loads(res.pop("stdout").strip().splitlines()[-1] if "--worker" in cmd else res.pop("stdout"))

    def unit_pipe(self, variant: str) -> dict:
        res, data = self.child_json(self.me(variant), variant)
        return {f"{variant}_proc": {**res, **data}}

    def unit_api(self) -> dict:
        store, out = self.fresh("api-store"), {}
        for kind in ("cold", "warm"):
            res, data = self.child_json(self.me("build", store), f"api-{kind}")
            out[f"build_{kind}_api_proc"] = {**res, **data}
        return out

    def unit_cli(self) -> dict:
        store, out = self.fresh("cli-store"), {}
        kg = Path(sys.executable).with_name("kg")
        base = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg"]
        cmd = [
            *base,
            "build",
            *self.args.sources,
            "--store",
            str(store),
            "--model",
            self.args.model,
            "--batch-size",
            str(self.args.batch_size),
            "--json",
        ]
        for kind in ("cold", "warm"):
            res, data = self.child_json(cmd, f"cli-{kind}")
            out[f"build_{kind}_cli"] = {
                **res,
                "papers": data["papers"],
                "extracted": data["extracted"],
                "cached": data["cached"],
                "phases": {"build": data["seconds"]},
            }
        return out

    def unit_loaded(self, round_no: int) -> dict:
        order = ["pipe_full_loaded", "pipe_needed_loaded", "build_loaded"]
        order = order[round_no % 3 :] + order[: round_no % 3]
        _, data = self.child_json(self.me("loaded", self.fresh("loaded-store"), order=",".join(order)), "loaded")
        return data

    def record(self, unit, round_no: int, attempts: int = 3) -> None:
        """Run a unit and keep its samples if cold parsed everything and warm nothing.

        A warm build that re-extracts means the extractor's code (part of the
        cache key) changed between the two builds — others edit the checkout
        while this runs — so the unit is run again.
        """
        for attempt in range(1, attempts + 1):
            samples = unit(round_no)
            problem = invalid(samples)
            if not problem:
                for name, sample in samples.items():
                    self.samples[name].append(sample)
                return
            print(f"warning: {problem}; repeating (attempt {attempt}/{attempts})", file=sys.stderr)
            self.retries += 1
        sys.exit(f"error: {problem}")

    def run(self) -> dict:
        report = read_texts(self.args.sources, self.tmp / "texts.json")
        fp_start = fingerprint(self.args.model)
        # untimed: page-cache the model files and interpreter so the first measurement is not penalised
        run_child([sys.executable, "-c", f"import spacy; spacy.load({self.args.model!r})"], self.tmp / "warmup.out")
        units = [
            lambda r: self.unit_pipe("pipe_full"),
            lambda r: self.unit_pipe("pipe_needed"),
            lambda r: self.unit_api(),
            lambda r: self.unit_cli(),
            self.unit_loaded,
        ]
        load = [os.getloadavg()[0]]
        for r in range(self.args.runs):
            for unit in units[r % len(units) :] + units[: r % len(units)]:
                self.record(unit, r)
            if not self.args.json:
                print(f"round {r + 1}/{self.args.runs} done", file=sys.stderr)
        load.append(os.getloadavg()[0])
        result = summarise(self.samples, self.args, report, load)
        result.update(retries=self.retries, extractor_fingerprint=[fp_start, fingerprint(self.args.model)])
        if self.args.profile:
            store = self.fresh("profile-store")
            result["profile"] = prof = {
                "components": self.child_json(self.me("components"), "components")[1],
                "imports": {m: import_seconds(m) for m in ("kg.build.pipeline", "kg.cli")},
            }
            for kind in ("cold", "warm"):  # each in its own process, warm after cold on the same store
                _, out = self.child_json(self.me("profile", store, profile_top=self.args.profile_top), f"prof-{kind}")
                prof.update({f"cprofile_{kind}_{order}": text for order, text in out.items()})
        return result

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_throughput(args) -> dict:
    """``--throughput``: abstracts/s of bare pipe and cold build at each process count (see module docstring)."""
    from extract.pipeline import compose
    from kg.readers import read_sources

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-tp-"))
    try:
        papers = read_sources(args.sources).papers[: args.limit]
        if not papers:
            sys.exit(f"error: no papers read from {' '.join(args.sources)}")
        corpus = tmp / "papers.jsonl"
        corpus.write_text(
            "".join(json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract}) + "\n" for p in papers),
            encoding="utf-8",
        )
        (tmp / "texts.json").write_text(json.dumps([compose(p.title, p.abstract) for p in papers]), encoding="utf-8")
        units = [(kind, n) for n in args.processes for kind in ("pipe", "build")]
        samples: dict[str, list[dict]] = {f"{kind}_{n}p": [] for kind, n in units}
        load = [os.getloadavg()[0]]
        for r in range(args.runs):
            for kind, n in units[r % len(units) :] + units[: r % len(units)]:
                out = tmp / f"{kind}-{n}-{r}.out"
                cmd = [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--worker",
                    "throughput",
                    "--order",
                    kind,
                    "--n-process",
                    str(n),
                    "--model",
                    args.model,
                    "--batch-size",
                    str(args.batch_size),
                    "--texts",
                    str(tmp / "texts.json"),
                    "--store",
                    str(tmp / f"store-{kind}-{n}-{r}"),
                    "--",
                    str(corpus),
                ]
                res = run_child(cmd, out)
                samples[f"{kind}_{n}p"].append(json.loads(res["stdout"].strip().splitlines()[-1]))
            if not args.json:
                print(f"round {r + 1}/{args.runs} done", file=sys.stderr)
        load.append(os.getloadavg()[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = {}
    for name, runs in samples.items():
        med = statistics.median(s["seconds"] for s in runs)
        rows[name] = {
            "median_s": round(med, 2),
            "abstracts_per_s": round(len(papers) / med, 1),
            "min_s": round(min(s["seconds"] for s in runs), 2),
            "max_s": round(max(s["seconds"] for s in runs), 2),
            "cpu_s": round(statistics.median(s["cpu_seconds_main"] + s["cpu_seconds_workers"] for s in runs), 2),
            "peak_rss_main_mb": round(max(s["rss_main_mb"] for s in runs)),
            "peak_rss_largest_worker_mb": round(max(s["rss_largest_worker_mb"] for s in runs)),
        }
    ratios, targets = {}, {}
    for n in args.processes:
        k = f"build/pipe, {n} process{'es' if n > 1 else ''}"
        ratios[k] = rows[f"build_{n}p"]["median_s"] / rows[f"pipe_{n}p"]["median_s"]
        targets[k] = {"max": BUILD_OVER_PIPE_TARGET, "met": ratios[k] <= BUILD_OVER_PIPE_TARGET}
    for kind in ("build", "pipe"):
        for n in args.processes:
            if n > 1 and 1 in args.processes:
                k = f"{kind} speed-up, {n} processes over 1"
                ratios[k] = rows[f"{kind}_1p"]["median_s"] / rows[f"{kind}_{n}p"]["median_s"]
                if n == 2:
                    targets[k] = {"min": SPEEDUP_TARGET, "met": ratios[k] >= SPEEDUP_TARGET}
    return {
        "command": " ".join([Path(sys.executable).name, "bench/bench_build.py", *sys.argv[1:]]),
        "sources": args.sources,
        "abstracts": len(papers),
        "limit": args.limit,
        "model": args.model,
        "batch_size": args.batch_size,
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "load_average_start_end": [round(x, 2) for x in load],
        "measurements": rows,
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "targets": targets,
    }


def print_throughput(res: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150, highlight=False)
    console.print(
        f"{res['abstracts']} abstracts ({'first ' + str(res['limit']) if res['limit'] else 'all'} of "
        f"{' '.join(res['sources'])}), model {res['model']} + span NER, batch size {res['batch_size']}; "
        f"median of {res['runs']} interleaved runs; {res['cpus']} CPUs, load average "
        f"{res['load_average_start_end'][0]} → {res['load_average_start_end'][1]}"
    )
    table = Table(title="Throughput (models loaded first; wall clock)")
    for col in (
        "measurement",
        "abstracts/s",
        "median s",
        "min–max s",
        "CPU s (all processes)",
        "peak RSS main MiB",
        "peak RSS largest worker MiB",
    ):
        table.add_column(col, justify="left" if col == "measurement" else "right")
    for k, v in res["measurements"].items():
        table.add_row(
            k,
            f"{v['abstracts_per_s']:.1f}",
            f"{v['median_s']:.2f}",
            f"{v['min_s']:.2f}–{v['max_s']:.2f}",
            f"{v['cpu_s']:.2f}",
            str(v["peak_rss_main_mb"]),
            str(v["peak_rss_largest_worker_mb"] or ""),
        )
    console.print(table)
    table = Table(title="Ratios (of medians)")
    for col in ("ratio", "value", "target"):
        table.add_column(col)
    for k, v in res["ratios"].items():
        t = res["targets"].get(k)
        goal = (
            ""
            if t is None
            else (f"≤ {t['max']:g}" if "max" in t else f"≥ {t['min']:g}") + (" met" if t["met"] else " MISSED")
        )
        table.add_row(k, f"{v:.2f}", goal)
    console.print(table)


def read_texts(sources: list[str], out: Path) -> dict:
    """Read the sources as build does and write the composed texts for the bare pipes."""
    from extract.pipeline import compose
    from kg.readers import read_sources

    read = read_sources(sources)
    if not read.papers:
        sys.exit(f"error: no papers read from {' '.join(sources)}")
    texts = [compose(p.title, p.abstract) for p in read.papers]
    out.write_text(json.dumps(texts), encoding="utf-8")
    return {
        "files": read.files,
        "entries": read.entries,
        "papers": len(read.papers),
        "duplicates": read.duplicates,
        "skipped": dict(read.skipped),
        "characters": sum(map(len, texts)),
    }


def invalid(samples: dict) -> str | None:
    """Why a unit's samples cannot be used: a cold build found cached papers, or a warm one parsed some."""
    for name, s in samples.items():
        if "cold" in name and s.get("cached"):
            return f"{name} found {s['cached']} cached papers in a fresh store"
        if "warm" in name and s.get("extracted"):
            return f"{name} re-extracted {s['extracted']} papers (extractor code changed during the run?)"
    return None


def fingerprint(model: str) -> str:
    """The extractor fingerprint (model + extract/ code + lexicons), computed in a fresh process."""
    code = f"from extract.fingerprint import fingerprint; print(fingerprint({model!r}))"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.strip()


def _median_phases(runs: list[dict]) -> dict:
    names = {k for s in runs for k in s.get("phases", {})}
    return {k: round(statistics.median(s["phases"].get(k, 0.0) for s in runs), 3) for k in sorted(names)}


def summarise(samples: dict, args, read: dict, load: list[float]) -> dict:
    rows = {}
    for name, runs in samples.items():
        secs = [s["seconds"] for s in runs]
        row = {
            "includes": INCLUDES[name],
            "median_s": round(statistics.median(secs), 3),
            "cpu_median_s": round(statistics.median(s["cpu_seconds"] for s in runs), 3),
            "min_s": round(min(secs), 3),
            "max_s": round(max(secs), 3),
            "runs": len(secs),
            "phases_median_s": _median_phases(runs),
        }
        if "max_rss_mb" in runs[0]:
            row["max_rss_mb"] = round(statistics.median(s["max_rss_mb"] for s in runs), 1)
        if "papers" in runs[0]:
            row.update(papers=runs[0]["papers"], extracted=runs[0]["extracted"], cached=runs[0]["cached"])
        rows[name] = row
    med = {k: v["median_s"] for k, v in rows.items()}
    rss = {k: v["max_rss_mb"] for k, v in rows.items() if "max_rss_mb" in v}
    cpu = {k: v["cpu_median_s"] for k, v in rows.items()}
    ratios = {
        "cold_api/pipe_full (fresh process)": med["build_cold_api_proc"] / med["pipe_full_proc"],
        "cold_api/pipe_needed (fresh process)": med["build_cold_api_proc"] / med["pipe_needed_proc"],
        "cold_cli/pipe_full (fresh process)": med["build_cold_cli"] / med["pipe_full_proc"],
        "cold_cli/pipe_needed (fresh process)": med["build_cold_cli"] / med["pipe_needed_proc"],
        "cold/pipe_full (model loaded)": med["build_cold_loaded"] / med["pipe_full_loaded"],
        "cold/pipe_needed (model loaded)": med["build_cold_loaded"] / med["pipe_needed_loaded"],
        "warm/cold api (fresh process)": med["build_warm_api_proc"] / med["build_cold_api_proc"],
        "warm/cold cli": med["build_warm_cli"] / med["build_cold_cli"],
        "warm/cold (model loaded)": med["build_warm_loaded"] / med["build_cold_loaded"],
        "peak RSS cold_api/pipe_full": rss["build_cold_api_proc"] / rss["pipe_full_proc"],
        "peak RSS cold_api/pipe_needed": rss["build_cold_api_proc"] / rss["pipe_needed_proc"],
        "peak RSS cold_cli/pipe_needed": rss["build_cold_cli"] / rss["pipe_needed_proc"],
    }
    cpu_ratios = {
        "cold_api/pipe_full (fresh process)": cpu["build_cold_api_proc"] / cpu["pipe_full_proc"],
        "cold_api/pipe_needed (fresh process)": cpu["build_cold_api_proc"] / cpu["pipe_needed_proc"],
        "cold_cli/pipe_full (fresh process)": cpu["build_cold_cli"] / cpu["pipe_full_proc"],
        "cold_cli/pipe_needed (fresh process)": cpu["build_cold_cli"] / cpu["pipe_needed_proc"],
        "cold/pipe_full (model loaded)": cpu["build_cold_loaded"] / cpu["pipe_full_loaded"],
        "cold/pipe_needed (model loaded)": cpu["build_cold_loaded"] / cpu["pipe_needed_loaded"],
        "warm/cold api (fresh process)": cpu["build_warm_api_proc"] / cpu["build_cold_api_proc"],
        "warm/cold cli": cpu["build_warm_cli"] / cpu["build_cold_cli"],
        "warm/cold (model loaded)": cpu["build_warm_loaded"] / cpu["build_cold_loaded"],
    }
    targets = {k: (COLD_TARGET if k.startswith("cold") else WARM_TARGET) for k in ratios if not k.startswith("peak")}
    return {
        "command": " ".join([Path(sys.executable).name, "bench/bench_build.py", *sys.argv[1:]]),
        "sources": args.sources,
        "model": args.model,
        "batch_size": args.batch_size,
        "runs": args.runs,
        "input": read,
        "cpus": os.cpu_count(),
        "load_average_start_end": [round(x, 2) for x in load],
        "measurements": rows,
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "cpu_ratios": {k: round(v, 3) for k, v in cpu_ratios.items()},
        "targets": {k: {"max": t, "met": ratios[k] <= t} for k, t in targets.items()},
    }


def print_result(res: dict) -> None:
    """The measurements, the ratios with their targets, what each measurement includes, any profile."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150, highlight=False)
    inp = res["input"]
    console.print(
        f"{inp['papers']} papers ({inp['entries']} entries, {inp['files']} files, {inp['characters']} chars), "
        f"model {res['model']}, batch size {res['batch_size']}; median of {res['runs']} interleaved runs; "
        f"{res['cpus']} CPUs, load average {res['load_average_start_end'][0]} → {res['load_average_start_end'][1]}; "
        f"units repeated: {res['retries']}"
    )
    table = Table(title="Build benchmark (seconds, wall clock)")
    for col in ("measurement", "median", "min–max", "CPU s", "peak RSS MiB", "phases (median s)"):
        table.add_column(
            col, overflow="fold", justify="left" if col in ("measurement", "phases (median s)") else "right"
        )
    for k, v in res["measurements"].items():
        table.add_row(
            k,
            f"{v['median_s']:.2f}",
            f"{v['min_s']:.2f}–{v['max_s']:.2f}",
            f"{v['cpu_median_s']:.2f}",
            f"{v['max_rss_mb']:.0f}" if "max_rss_mb" in v else "",
            ", ".join(f"{p} {s:.2f}" for p, s in v["phases_median_s"].items()),
        )
    console.print(table)
    table = Table(title="Ratios (of medians)")
    for col in ("ratio", "wall", "target (wall)", "CPU time"):
        table.add_column(col)
    for k, v in res["ratios"].items():
        t, c = res["targets"].get(k), res["cpu_ratios"].get(k)
        table.add_row(
            k,
            f"{v:.2f}",
            "" if t is None else f"≤ {t['max']:g} {'met' if t['met'] else 'MISSED'}",
            "" if c is None else f"{c:.2f}",
        )
    console.print(table)
    console.print("What each measurement includes:")
    for k, v in res["measurements"].items():
        console.print(f"  {k}: {v['includes']}")
    prof = res.get("profile")
    if prof:
        comps = prof["components"]
        console.print(
            "\nCold extraction, model loaded, seconds per step: "
            + ", ".join(f"{k} {v:.2f}" for k, v in comps.items())
            + f" (sum {sum(comps.values()):.2f})"
        )
        for module, times in prof["imports"].items():
            console.print(
                f"import {module}: {times['total']:.2f}s; slowest: "
                + ", ".join(f"{k} {v:.2f}" for k, v in times.items() if k != "total")
            )
        for k, text in prof.items():
            if k.startswith("cprofile_"):
                console.print(f"\n{k}", style="bold")
                console.print(text, markup=False)


def parse_args(argv: list[str] | None = None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("sources", nargs="*", help=f"files or globs to build from (default: {DEFAULT_SOURCES})")
    ap.add_argument("--runs", type=int, default=3, help="repetitions of each measurement (median reported)")
    ap.add_argument("--model", help="spaCy model (default: the one kg build would pick)")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size, same for pipe and build")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also show where the time goes: per-component seconds, import times, cProfile of a cold and a warm build",
    )
    ap.add_argument("--profile-top", type=int, default=30, help="functions listed per profile")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (stores, child output)")
    ap.add_argument(
        "--throughput",
        action="store_true",
        help="abstracts/s of bare nlp.pipe and cold build with --processes workers, peak memory, ratios",
    )
    ap.add_argument("--processes", default="1,2", help="--throughput: process counts to measure (default 1,2)")
    ap.add_argument("--limit", type=int, help="--throughput: only the first N papers (a busy machine)")
    for hidden in ("--worker", "--store", "--texts", "--order", "--n-process"):
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not args.worker:
        patterns = args.sources or [DEFAULT_SOURCES]
        args.sources = sorted(
            {p for pat in patterns for p in (glob.glob(pat) or ([pat] if Path(pat).exists() else []))}
        )
        if not args.sources:
            ap.error(f"no input files match {' '.join(patterns)}")
        if args.runs < 1:
            ap.error("--runs must be at least 1")
        try:
            args.processes = sorted({int(n) for n in args.processes.split(",")})
        except ValueError:
            ap.error(f"--processes takes numbers separated by commas, not {args.processes!r}")
        if not args.model:
            from extract.model import ModelNotFound, model_name

            try:
                args.model = model_name()
            except ModelNotFound as exc:
                ap.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(CHILDREN[args.worker](args)))
        return
    if args.throughput:
        res = run_throughput(args)
        print(json.dumps(res, indent=2)) if args.json else print_throughput(res)
        return
    bench = Bench(args)
    try:
        res = bench.run()
    finally:
        if args.keep:
            print(f"kept {bench.tmp}", file=sys.stderr)
        else:
            bench.close()
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_result(res)


if __name__ == "__main__":
    main()
