"""The harness frame: areas, cases, counts, time limits.

An *area* is one function ``run(ctx: Context) -> None`` that tries hostile
cases with :meth:`Context.case` and records what each did. Areas are listed
in :data:`AREAS` as ``"name": "module:function"`` and imported only when run,
so one area's missing dependency never stops the others. Adding an area is
one line here plus one module with one function.

Every case is counted as exactly one of ``ok``, ``failed`` (the product
answered but wrongly: an injection, a lost record, an unreadable file),
``traceback`` (an exception the product should have turned into a clear
message) or ``hang`` (past the case's time limit). Areas may add their own
counters with :meth:`Context.count`.
"""

from __future__ import annotations

import random
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

#: area name -> "module:function"; the function takes a :class:`Context`. An area whose
#: product part is not on this branch yet raises :class:`AreaNotLanded` and is reported so.
AREAS: dict[str, str] = {
    "outputs": "bench.adversarial.outputs:run",  # hostile names/titles through every export and table
    "caches": "bench.adversarial.caches:run",  # damaged extraction caches
    "cypher": "bench.adversarial.cypher:run",  # hostile Cypher text and parameters
    "extraction": "bench.adversarial.extraction:run",  # giant and broken abstracts within the per-paper caps
    "readers": "bench.adversarial.readers:run",  # mutated files for every reader (bench/fuzz_readers.py)
    "kill9": "bench.adversarial.processes:kill9",  # `kg build` killed at random moments
    "concurrent_builds": "bench.adversarial.processes:concurrent_builds",  # two `kg build`s into one store
    "order": "bench.adversarial.order:run",  # shuffled, split and re-id'd inputs give one graph; rebuilds keep papers
    "store_links": "bench.adversarial.store:store_links",  # store files replaced by links to outside files
    "disk_full": "bench.adversarial.store:disk_full",  # builds and writes on a full tmpfs (root), else ENOSPC
    "killed_write": "bench.adversarial.store:killed_write",  # `kg cypher --write` killed at random moments
    "damaged_tables": "bench.adversarial.store:damaged_tables",  # dropped tables, then build(rebuild=True)
}


class Hang(Exception):
    """A case ran past its time limit."""


class AreaNotLanded(Exception):
    """The product part an area exercises (or its fixtures) is not on this branch yet."""


@dataclass
class AreaResult:
    """Counts of one area's cases, with up to :data:`MAX_EXAMPLES` examples of each problem."""

    name: str
    status: str = "ran"  # ran | not landed | unavailable | crashed
    cases: int = 0
    ok: int = 0
    failed: int = 0
    traceback: int = 0
    hang: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return self.status == "ran" and self.failed == self.traceback == self.hang == 0

    def to_dict(self) -> dict:
        return {**self.__dict__, "seconds": round(self.seconds, 2), "clean": self.clean}


MAX_EXAMPLES = 8


@dataclass
class Context:
    """What an area gets: the mode, a random generator, a scratch folder, and its result."""

    short: bool
    rng: random.Random
    workdir: Path
    result: AreaResult

    def scale(self, short: int, long: int) -> int:
        """A case count for the mode."""
        return short if self.short else long

    def count(self, name: str, n: int = 1) -> None:
        self.result.counts[name] = self.result.counts.get(name, 0) + n

    def _example(self, text: str) -> None:
        if len(self.result.examples) < MAX_EXAMPLES:
            self.result.examples.append(text[:400])

    def fail(self, what: str, why: str) -> None:
        """Record that the current case answered wrongly (call inside :meth:`case`)."""
        raise CaseFailed(f"{what}: {why}")

    @contextmanager
    def case(self, what: str, seconds: float = 30.0) -> Iterator[None]:
        """One case: its body runs under a time limit; its outcome is counted, never raised."""
        r = self.result
        what = what if len(what) <= 160 else what[:150] + "…" + what[-9:]
        r.cases += 1
        try:
            with time_limit(seconds):
                yield
        except CaseFailed as exc:
            r.failed += 1
            self._example(f"failed: {exc}")
        except Hang:
            r.hang += 1
            self._example(f"hang: {what} (> {seconds:g}s)")
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            r.traceback += 1
            self._example(f"traceback: {what}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
        else:
            r.ok += 1


class CaseFailed(Exception):
    """The product answered, but wrongly."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` (POSIX ``SIGALRM``)."""

    def on_alarm(signum, frame):
        raise Hang()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_area(name: str) -> Callable[[Context], None]:
    module, func = AREAS[name].split(":")
    return getattr(import_module(module), func)


def run_areas(
    names: list[str] | None = None, *, short: bool = True, seed: int = 0, workdir: Path | None = None
) -> list[AreaResult]:
    """Run the named areas (default: all of :data:`AREAS`) and return their results."""
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-adversarial-") as tmp:
        root = Path(workdir or tmp)
        for name in names or list(AREAS):
            result = AreaResult(name)
            t0 = time.perf_counter()
            try:
                fn = load_area(name)
            except (ImportError, AttributeError) as exc:
                result.status = "unavailable"
                result.examples.append(f"{type(exc).__name__}: {exc}")
            else:
                area_dir = root / name
                area_dir.mkdir(parents=True, exist_ok=True)
                try:
                    fn(Context(short=short, rng=random.Random(f"{seed}:{name}"), workdir=area_dir, result=result))
                except AreaNotLanded as exc:
                    result.status = "not landed"
                    result.examples.append(str(exc))
                except Exception as exc:  # noqa: BLE001 - an area that crashes is reported, the others still run
                    result.status = "crashed"
                    result.examples.append(
                        f"area crashed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-4)}"
                    )
            result.seconds = time.perf_counter() - t0
            results.append(result)
    return results
