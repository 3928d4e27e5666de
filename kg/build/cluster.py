"""Extraction on a Dask cluster: ``kg build SOURCES --cluster local:N`` or ``--cluster tcp://HOST:PORT``.

:func:`extract_on_cluster` runs the extraction of the papers the cache lacks as Dask
tasks, one task per batch of papers. Each worker process loads the spaCy model once
(:func:`worker_extractor`; the model object never travels in a task) and writes the
records of its batch as one Parquet shard: columns ``hash`` (the content hash, the
cache key) and ``record`` (the record as the cache stores it, :func:`kg.build.cache.encode_record`).
The client imports each shard into the SQLite extraction cache as its task finishes,
and the build goes on as a local one: the graph is the same by construction.

Shards go to a folder beside the extraction cache (``extraction-shards/``) or to any
fsspec URL (``--shards``); with workers on other machines it must be a place both the
workers and the client reach (a shared file system, an object store). Shards are
named after the extractor fingerprint and their batch, kept after the import, and can
be deleted at any time.

Dask is imported only here, inside the functions that need it: a build without
``--cluster`` never loads it (``kg`` start-up time).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.record import Extraction
from kg.build.cache import ExtractionCache, decode_record, encode_record

#: the command that installs the cluster dependencies
INSTALL_HINT = "pip install 'paperkg[cluster]', or bash scripts/install.sh cluster"
#: papers per task when not given: about four tasks per worker, within these bounds
MIN_TASK, MAX_TASK = 8, 256
#: seconds to wait for a scheduler to answer and for a first worker to join it
CONNECT_TIMEOUT = 30

#: (hash, paper id, title, abstract): one paper to extract
Item = tuple[str, str, str, str]


class ClusterError(RuntimeError):
    """The cluster could not be used or a task kept failing (one line, for the CLI)."""


@dataclass(frozen=True)
class ClusterSpec:
    """A parsed ``--cluster`` value: ``local`` with ``workers`` processes, or ``tcp`` at ``address``."""

    kind: str
    workers: int = 0
    address: str = ""


def parse_cluster(spec: str) -> ClusterSpec:
    """The cluster a ``--cluster`` value names; ValueError with the accepted forms otherwise.

    >>> parse_cluster("local:2")
    ClusterSpec(kind='local', workers=2, address='')
    >>> parse_cluster("tcp://10.0.0.5:8786").address
    'tcp://10.0.0.5:8786'
    >>> parse_cluster("local:0")
    Traceback (most recent call last):
    ...
    ValueError: `cluster` 'local:0': expected local:N (N worker processes, N >= 1) or tcp://HOST:PORT (a running Dask scheduler)
    """
    text = spec.strip()
    local = re.fullmatch(r"local:(\d+)", text)
    if local and int(local.group(1)) >= 1:
        return ClusterSpec("local", workers=int(local.group(1)))
    tcp = re.fullmatch(r"tcp://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})", text)
    if tcp and 0 < int(tcp.group(2)) < 65536:
        return ClusterSpec("tcp", address=text)
    raise ValueError(
        f"`cluster` {spec!r}: expected local:N (N worker processes, N >= 1) "
        "or tcp://HOST:PORT (a running Dask scheduler)"
    )


def default_shards(cache_path: str | Path) -> Path:
    """Where shards go when no location is given: ``extraction-shards/`` beside the extraction cache."""
    return Path(cache_path).resolve().parent / "extraction-shards"


def task_size(papers: int, workers: int) -> int:
    """Papers per task: about four tasks per worker (a slow task leaves the others busy),
    at least :data:`MIN_TASK` (a task's overhead) and at most :data:`MAX_TASK`.

    >>> task_size(500, 2), task_size(40, 2), task_size(1_000_000, 64)
    (63, 8, 256)
    """
    return max(MIN_TASK, min(MAX_TASK, math.ceil(papers / (4 * max(1, workers)))))


# -- the worker side -------------------------------------------------------------
_EXTRACTORS: dict[str | None, Any] = {}
#: one extraction at a time in a worker process (a worker may run tasks in several threads)
_EXTRACTING = threading.Lock()


def worker_extractor(model: str | None):
    """The worker process's extractor for ``model``, loaded on its first task and kept."""
    if model not in _EXTRACTORS:
        from extract.pipeline import Extractor

        _EXTRACTORS[model] = Extractor(model)
    return _EXTRACTORS[model]


def extract_batch(items: list[Item], model: str | None, batch_size: int, shard: str, expected: str) -> tuple[str, int]:
    """One task: extract ``items`` and write their records to the Parquet file ``shard``
    (a path or fsspec URL). Returns (shard, records written).

    ``expected`` is the client's extractor fingerprint: a worker whose model, code or
    word lists differ would file records under keys they do not match, so it refuses.
    """
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extract.fingerprint import fingerprint

    mine = fingerprint(model)
    if mine != expected:
        raise RuntimeError(
            f"this worker's extractor (fingerprint {mine}) differs from the client's ({expected}): "
            "install the same paperkg version and spaCy model on the workers"
        )
    with _EXTRACTING:
        extractor = worker_extractor(model)
        by_id = {pid: h for h, pid, _, _ in items}
        records = list(extractor.extract_many(((pid, t, a) for _, pid, t, a in items), batch_size=batch_size))
    table = pa.table(
        {"hash": [by_id[r.paper_id] for r in records], "record": [encode_record(r) for r in records]},
        schema=pa.schema([("hash", pa.string()), ("record", pa.string())]),
    )
    fs, path = fsspec.core.url_to_fs(shard)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path, "wb") as out:
        pq.write_table(table, out)
    return shard, len(records)


# -- the client side -------------------------------------------------------------
def read_shard(shard: str) -> list[tuple[str, str]]:
    """The (hash, stored record) rows of a shard; ClusterError when it cannot be read."""
    import fsspec
    import pyarrow.parquet as pq

    try:
        with fsspec.open(shard, "rb") as f:
            table = pq.read_table(f, columns=["hash", "record"])
    except FileNotFoundError:
        raise ClusterError(
            f"shard {shard} written by a worker is not there for the client: with workers on other "
            "machines, give `shards` a location both reach (a shared folder, an object store URL)"
        ) from None
    except Exception as exc:  # noqa: BLE001 - pyarrow and fsspec raise many kinds; one line for the user
        raise ClusterError(f"shard {shard} cannot be read: {exc}") from None
    return list(zip(table.column("hash").to_pylist(), table.column("record").to_pylist(), strict=True))


def import_shard(shard: str, cache: ExtractionCache) -> dict[str, Extraction]:
    """Check every record of a shard and store them in ``cache``; returns them by hash."""
    rows = read_shard(shard)
    records = {}
    for h, stored in rows:
        try:
            records[h] = decode_record(stored)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ClusterError(f"shard {shard}: the record of {h} is damaged ({exc})") from None
    cache.put_encoded(rows)
    return records


@contextmanager
def connected(spec: ClusterSpec) -> Iterator[Any]:
    """A Dask client for ``spec``, closed on exit (and the LocalCluster it started, if any)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(f"`cluster` needs the 'cluster' extra (Dask is not installed): {INSTALL_HINT}") from None
    if spec.kind == "local":
        import dask

        with (
            # no dashboard, so no use for the workers' stack sampling (about a tenth of their CPU time)
            dask.config.set({"distributed.worker.profile.enabled": False}),
            LocalCluster(
                n_workers=spec.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(spec.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec.address}: {exc}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise ClusterError(
                f"no worker joined the Dask scheduler at {spec.address} within {CONNECT_TIMEOUT}s "
                "(start some with dask's own worker command, one thread each; docs/building.md)"
            ) from None
        yield client


def extract_on_cluster(
    items: list[Item],
    cache: ExtractionCache,
    *,
    cluster: str,
    fingerprint: str,
    shards: str | Path | None = None,
    model: str | None = None,
    batch_size: int = 64,
    papers_per_task: int | None = None,
    retries: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Extraction]:
    """Extract ``items`` (hash, paper id, title, abstract) on the Dask cluster ``cluster``
    (``local:N`` or ``tcp://HOST:PORT``), import the records into ``cache`` and return them by hash.

    ``fingerprint`` is the extractor fingerprint the hashes were made with (workers must
    match it); ``shards`` the folder or fsspec URL for the Parquet shards (default
    :func:`default_shards`); ``batch_size`` the texts per ``nlp.pipe`` batch on a worker;
    ``papers_per_task`` the papers per task (default :func:`task_size`); ``retries`` how
    often a failed task is run again; ``progress`` hears (papers extracted, papers to extract).

    Each finished task's shard is imported at once, so when a task keeps failing the
    others' papers are in the cache all the same; a :class:`ClusterError` then names the
    failure. Raises ValueError for a bad ``cluster`` value.
    """
    spec = parse_cluster(cluster)
    unique = list({h: (h, pid, t, a) for h, pid, t, a in items}.values())  # one extraction per text
    location = str(shards) if shards is not None else str(default_shards(cache.path))
    if "://" not in location:
        location = str(Path(location).resolve())
    location = location.rstrip("/")
    found: dict[str, Extraction] = {}
    if progress:
        progress(0, len(unique))
    if not unique:
        return found
    with connected(spec) as client:
        from dask.distributed import as_completed

        workers = spec.workers or len(client.nthreads())  # worker processes (one extraction at a time each)
        size = papers_per_task or task_size(len(unique), workers)
        futures = {}
        for start in range(0, len(unique), size):
            batch = unique[start : start + size]
            digest = hashlib.sha1("\n".join(h for h, *_ in batch).encode()).hexdigest()[:16]
            shard = f"{location}/{fingerprint}-{digest}.parquet"
            future = client.submit(
                extract_batch,
                batch,
                model,
                batch_size,
                shard,
                fingerprint,
                key=f"kg-extract-{fingerprint}-{digest}",
                retries=retries,
                pure=False,
            )
            futures[future] = batch
        failed: list[tuple[list[Item], BaseException]] = []
        for future in as_completed(futures):
            if future.status != "finished":
                try:
                    failed.append((futures[future], future.exception()))
                except BaseException as exc:  # noqa: BLE001 - a cancelled task: its exception is the cancellation
                    failed.append((futures[future], exc))
                continue
            shard, _ = future.result()
            found.update(import_shard(shard, cache))
            if progress:
                progress(len(found), len(unique))
    if failed:
        lost = sum(len(batch) for batch, _ in failed)
        batch, error = failed[0]
        raise ClusterError(
            f"{len(failed)} of {len(futures)} extraction tasks failed after {retries} "
            f"{'retry' if retries == 1 else 'retries'} ({lost} papers not extracted; the other "
            f"{len(found)} are in the extraction cache, run the build again for the rest); "
            f"the task of {batch[0][1]} and {len(batch) - 1} more papers: {type(error).__name__}: {error}"
        )
    return found
