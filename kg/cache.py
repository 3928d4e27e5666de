"""Extraction cache: records keyed by a hash of (extractor fingerprint, title, abstract).

SQLite (stdlib), JSON values, one transaction per batch: an interrupted run
keeps what it committed and never leaves a half-written record.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Iterable

from extract.record import Extraction


def content_hash(fingerprint: str, title: str, abstract: str) -> str:
    """>>> content_hash("f", "T", "A") == content_hash("f", "T", "A")
    True
    """
    return hashlib.sha1(f"{fingerprint}\x00{title}\x00{abstract}".encode("utf-8", "replace")).hexdigest()


class ExtractionCache:
    """A persistent map content hash → :class:`Extraction` (paper_id excluded from the value)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE TABLE IF NOT EXISTS extractions (hash TEXT PRIMARY KEY, record TEXT NOT NULL)")

    def get_many(self, hashes: Iterable[str]) -> dict[str, Extraction]:
        hashes = list(hashes)
        out: dict[str, Extraction] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            rows = self.db.execute(
                f"SELECT hash, record FROM extractions WHERE hash IN ({','.join('?' * len(chunk))})", chunk
            )
            out.update((h, Extraction.from_dict(json.loads(r))) for h, r in rows)
        return out

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO extractions (hash, record) VALUES (?, ?)",
                ((h, json.dumps(rec.to_dict(), ensure_ascii=False)) for h, rec in items),
            )

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]

    def close(self) -> None:
        self.db.close()
