"""Extraction cache: records keyed by a hash of (extractor fingerprint, title, abstract).

SQLite (stdlib), JSON values, one transaction per batch: an interrupted run
keeps what it committed and never leaves a half-written record.

A damaged cache never stops a build. A file that is not an SQLite database
(truncated, overwritten with garbage), a database whose pages are corrupt, or
one with another schema is *set aside* (renamed to
``extractions.sqlite.damaged-<time>``, with its journal files) and a fresh
cache is made in its place; a row whose record does not decode is treated as
missing and extracted again. Each of these adds a line to
:attr:`ExtractionCache.warnings`, which ``kg build`` prints. A cache that
cannot be opened at all (a folder, no permission) is replaced by an
in-memory one for this run, with a warning.

Not damage: a full disk is :class:`kg.store.files.DiskFull` (the cache keeps
what it held, the build stops before the store is written), and a cache file
or journal that is a symbolic link is refused (:class:`kg.store.files.LinkRefused`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from extract.record import Extraction
from kg.store.files import is_disk_full, refuse_links, write_failure

SCHEMA = "CREATE TABLE IF NOT EXISTS extractions (hash TEXT PRIMARY KEY, record TEXT NOT NULL)"
COLUMNS = ["hash", "record"]
#: seconds to wait for another process's write lock before giving up
BUSY_TIMEOUT = 60.0


def content_hash(fingerprint: str, title: str, abstract: str) -> str:
    """The cache key of one paper's text under one extractor fingerprint (SHA-1, hex).

    >>> content_hash("f", "T", "A")
    '7f7cafc0886353e0cb3c93e98b5d353877110485'
    >>> content_hash("f", "T", "B") == content_hash("f", "T", "A")
    False
    """
    return hashlib.sha1(f"{fingerprint}\x00{title}\x00{abstract}".encode("utf-8", "replace")).hexdigest()


def _is_damage(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error means a damaged file (not a lock held by another process, not a full disk)."""
    text = str(exc).lower()
    return (
        isinstance(exc, sqlite3.DatabaseError)
        and not is_disk_full(exc)
        and not any(w in text for w in ("locked", "busy", "unable to open", "readonly", "read-only"))
    )


def _sealed(payload: str) -> str:
    """A record as stored: its digest, a space, the JSON (a flipped byte no longer decodes silently)."""
    return f"{hashlib.sha1(payload.encode('utf-8', 'surrogatepass')).hexdigest()[:16]} {payload}"


def _checked(stored: str) -> str:
    """The JSON of a stored record; ValueError when its digest does not match (damage)."""
    digest, _, payload = stored.partition(" ")
    if hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16] != digest:
        raise ValueError("record digest does not match")
    return payload


def encode_record(rec: Extraction) -> str:
    """A record as the cache stores it (a digest, a space, its JSON); :func:`decode_record` reads it back.

    Parquet shards written by ``kg build --cluster`` (:mod:`kg.build.cluster`) hold the same text.

    >>> stored = encode_record(Extraction(paper_id="p1", abbreviations={"GAN": "generative adversarial network"}))
    >>> decode_record(stored).abbreviations
    {'GAN': 'generative adversarial network'}
    """
    return _sealed(json.dumps(rec.to_dict(), ensure_ascii=False))


def decode_record(stored: str) -> Extraction:
    """The record of a stored text; ValueError (or TypeError, KeyError) when it is damaged.

    >>> decode_record("0000000000000000 {}")
    Traceback (most recent call last):
    ...
    ValueError: record digest does not match
    """
    return Extraction.from_dict(json.loads(_checked(stored)))


class ExtractionCache:
    """A persistent map content hash → :class:`Extraction` (paper_id excluded from the value)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        #: what went wrong with the cache and what was done about it, one line each
        self.warnings: list[str] = []
        self.db = self._open()

    # -- opening, checking, setting aside ------------------------------------
    def _open(self) -> sqlite3.Connection:
        refuse_links(self.path.parent, [self.path.name + s for s in ("", "-journal", "-wal", "-shm")])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect_checked()
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                return self._in_memory(exc)
            reason = str(exc)
        except UnicodeDecodeError as exc:  # flipped bytes in the schema's text
            reason = f"garbled schema text ({exc.reason})"
        except OSError as exc:
            return self._in_memory(exc)
        try:
            self._set_aside(reason)
            return self._connect_checked()
        except (sqlite3.Error, OSError) as again:
            return self._in_memory(again)

    def _connect_checked(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT)
        try:
            db.execute(SCHEMA)
            columns = [row[1] for row in db.execute("PRAGMA table_info(extractions)")]
            if columns != COLUMNS:
                raise sqlite3.DatabaseError(f"unexpected schema: table extractions has columns {columns}")
            db.execute("SELECT hash, record FROM extractions LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _in_memory(self, exc: Exception) -> sqlite3.Connection:
        self.warnings.append(
            f"extraction cache {self.path}: cannot be used ({exc}); this build keeps its extractions in memory only"
        )
        db = sqlite3.connect(":memory:")
        db.execute(SCHEMA)
        return db

    def _set_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            src = Path(f"{self.path}{suffix}")
            if src.exists():
                src.replace(Path(f"{aside}{suffix}"))
        self.warnings.append(
            f"extraction cache {self.path} is damaged ({reason}); set aside as {aside.name} "
            "and rebuilt: its papers are extracted again"
        )

    def _recover(self, exc: sqlite3.Error) -> None:
        """The cache broke while in use: set it aside and carry on with a fresh one."""
        if is_disk_full(exc):
            raise self._disk_full(exc) from None
        if not _is_damage(exc):
            raise exc
        self.db.close()
        try:
            self._set_aside(str(exc))
            self.db = self._connect_checked()
        except (sqlite3.Error, OSError) as again:
            self.db = self._in_memory(again)

    # -- the map -----------------------------------------------------------------
    def get_many(self, hashes: Iterable[str]) -> dict[str, Extraction]:
        hashes = list(hashes)
        out: dict[str, Extraction] = {}
        undecodable = 0
        try:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                rows = self.db.execute(
                    f"SELECT hash, record FROM extractions WHERE hash IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                for h, r in rows:
                    try:
                        out[h] = decode_record(r)
                    except (ValueError, TypeError, KeyError, AttributeError):
                        undecodable += 1
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._recover(
                exc if isinstance(exc, sqlite3.Error) else sqlite3.DatabaseError(f"garbled text ({exc.reason})")
            )
            return {}
        if undecodable:
            self.warnings.append(
                f"extraction cache {self.path}: {undecodable} records do not decode; those papers are extracted again"
            )
        return out

    def held(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` the cache holds a record for, without decoding them (one that does not
        decode counts: :meth:`get_many` tells); none where the cache cannot be read."""
        hashes = list(hashes)
        out: set[str] = set()
        try:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                out.update(
                    h
                    for (h,) in self.db.execute(
                        f"SELECT hash FROM extractions WHERE hash IN ({','.join('?' * len(chunk))})", chunk
                    )
                )
        except sqlite3.Error:
            return set()  # get_many meets the same error and recovers
        return out

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> None:
        self.put_encoded((h, encode_record(rec)) for h, rec in items)

    def put_encoded(self, rows: Iterable[tuple[str, str]]) -> None:
        """Store (hash, :func:`encode_record` text) rows as they are, in one transaction."""
        rows = list(rows)
        for attempt in (1, 2):
            try:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO extractions (hash, record) VALUES (?, ?)", rows)
                return
            except sqlite3.Error as exc:
                if attempt == 2:
                    raise (self._disk_full(exc) if is_disk_full(exc) else exc) from None
                self._recover(exc)

    def _disk_full(self, exc: sqlite3.Error):
        """The error for a full disk: the failed transaction was rolled back, the cache keeps what it held."""
        return write_failure(exc, self.path, "the store (the cache keeps every record it held)")

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]

    def close(self) -> None:
        self.db.close()
