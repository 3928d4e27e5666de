"""The full-text index behind `kg papers --search`: an SQLite FTS5 file beside the graph.

``kg-store/search.sqlite`` holds one FTS5 row per paper (title and abstract
indexed with the ``unicode61`` tokenizer, diacritics removed, Porter stemming;
key, year, date and url stored) and the *stamp* of the ``graph.lbug`` it was
built from (inode, size, modification time). :meth:`EmbeddedStore.write_graph
<kg.store.embedded.EmbeddedStore.write_graph>` writes both in its atomic step;
an index whose stamp is not the graph's (an older store, a ``kg cypher --write``,
a crash between the two renames) is rebuilt on the first search, under the
writer lock, or in memory when the store cannot be written. Ranking is FTS5's
BM25, a title hit weighing :data:`TITLE_WEIGHT` abstract hits.

>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> fill_index(db, [{"key": "p1", "title": "Label noise", "abstract": "Noisy labels hurt.", "year": 2024}], "-")
1
>>> total, rows = search(db, 'title:"label noise"')
>>> total, rows[0]["id"], rows[0]["score"] > 0
(1, 'Paper:p1', True)
"""

from __future__ import annotations

import bisect
import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.store.files import fsync_path, open_nofollow, refuse_link
from kg.store.search_query import to_fts5
from queries.errors import QueryError
from queries.schema import PAPER, node_id

INDEX_FILE = "search.sqlite"
#: bump when the table changes: an index of another version is rebuilt
INDEX_VERSION = "2"
TITLE_WEIGHT = 2.0
_COLUMNS = ("key", "title", "year", "date", "url", "abstract")
_CREATE = (
    "CREATE VIRTUAL TABLE papers USING fts5(title, abstract, key UNINDEXED, year UNINDEXED, "
    "date UNINDEXED, url UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def graph_stamp(graph_file: str | os.PathLike) -> str:
    """What identifies one written ``graph.lbug``: a rename keeps it, any rewrite changes it."""
    st = os.stat(graph_file, follow_symlinks=False)
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def fill_index(db: sqlite3.Connection, papers: Iterable[dict], stamp: str) -> int:
    """Create the index tables in the empty database ``db`` and add ``papers`` (dicts with
    ``key``, ``title``, ``abstract``, ``year``, ``date``, ``url``); returns how many.

    Rows go in in list order (year ↓, title, key), so a row id breaks ties between equal
    scores the way paper lists are ordered, without reading those columns for every match."""
    db.execute(_CREATE)
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
    n = 0
    ordered = sorted(papers, key=_list_order)
    with db:
        for batch in _batches(ordered, 2000):
            db.executemany(_INSERT, [_row((n + i + 1) * ROW_GAP, p) for i, p in enumerate(batch)])
            n += len(batch)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", INDEX_VERSION), ("stamp", stamp)])
    return n


#: row ids go in steps of this, so a paper added later takes a row id between its neighbours' in list order
ROW_GAP = 1 << 20
_INSERT = "INSERT INTO papers (rowid, key, title, year, date, url, abstract) VALUES (?, ?, ?, ?, ?, ?, ?)"


def _row(rowid: int, paper: dict) -> tuple:
    return (rowid, *(_cell(paper.get(c)) for c in _COLUMNS))


class _NoRoom(Exception):
    """No row id left between two neighbours (or the index is not one to update): written whole instead."""


def update_index_file(
    path: Path, source: Path, papers: Iterable[dict], keys: set[str], was: str, stamp: str
) -> int | None:
    """Write at ``path`` (which must not exist) a copy of the index ``source`` with the rows of ``keys``
    replaced by ``papers`` (the rows of those keys the graph still holds; a key without one is gone), each
    given a row id between its neighbours' in list order, so the index ranks as one written whole
    (:func:`fill_index`) with these papers. Returns the rows written; None (and nothing at ``path``) when
    ``source`` is not this version's index of the graph stamped ``was``, or has no row id left between
    two neighbours: the caller writes the index whole."""
    refuse_link(source)
    fd = open_nofollow(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        db = sqlite3.connect(path)
        try:
            n = _replace_rows(db, papers, keys, was, stamp)
        finally:
            db.close()
    except (OSError, sqlite3.Error, _NoRoom):
        path.unlink(missing_ok=True)
        return None
    fsync_path(path)
    return n


def _replace_rows(db: sqlite3.Connection, papers: Iterable[dict], keys: set[str], was: str, stamp: str) -> int:
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    if meta.get("version") != INDEX_VERSION or meta.get("stamp") != was:
        raise _NoRoom
    with db:
        db.execute("DELETE FROM papers WHERE key IN (SELECT value FROM json_each(?))", [json.dumps(sorted(keys))])
        kept = db.execute("SELECT rowid, key, title, year FROM papers ORDER BY rowid").fetchall()
        rowids = [r[0] for r in kept]
        ranks = [_list_order({"key": k, "title": t, "year": y}) for _, k, t, y in kept]
        if any(a > b for a, b in zip(ranks, ranks[1:], strict=False)):
            raise _NoRoom  # not in list order: not an index this writes
        n = 0
        for paper in sorted(papers, key=_list_order):
            rank = _list_order(paper)
            i = bisect.bisect(ranks, rank)
            low = rowids[i - 1] if i else 0
            high = rowids[i] if i < len(rowids) else low + 2 * ROW_GAP
            if high - low < 2:
                raise _NoRoom
            rowid = (low + high) // 2
            db.execute(_INSERT, _row(rowid, paper))
            rowids.insert(i, rowid)
            ranks.insert(i, rank)
            n += 1
        db.execute("UPDATE meta SET value = ? WHERE name = 'stamp'", [stamp])
    return n


def _list_order(paper: dict) -> tuple:
    year = paper.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        return (True, 0, str(paper.get("title") or ""), str(paper.get("key") or ""))
    return (False, -year, str(paper.get("title") or ""), str(paper.get("key") or ""))


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, (int, float)) else str(value)


def _batches(items: Iterable[dict], size: int) -> Iterable[list[dict]]:
    batch: list[dict] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_index_file(path: Path, papers: Iterable[dict], stamp: str) -> int:
    """Write a new index file at ``path`` (which must not exist: created with O_EXCL, never through a link)."""
    os.close(open_nofollow(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        n = fill_index(db, papers, stamp)
    finally:
        db.close()
    fsync_path(path)
    return n


def temporary_path(folder: Path) -> Path:
    return folder / f".search-{uuid.uuid4().hex}.tmp"


def open_index(path: Path, stamp: str) -> sqlite3.Connection | None:
    """The index at ``path`` read-only, or None when it is missing, unreadable, of another version
    or built for another graph (``stamp``)."""
    refuse_link(path)
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    if meta.get("version") != INDEX_VERSION or meta.get("stamp") != stamp:
        db.close()
        return None
    return db


def search(
    db: sqlite3.Connection,
    query: str,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[dict]]:
    """``(total, rows)`` for a search query (:mod:`kg.store.search_query`), best match first
    (BM25; ties: year ↓, title, key); ``rows`` is the page ``offset``…``offset + limit``."""
    where: list[str] = ["papers MATCH ?"]
    params: list[Any] = [to_fts5(query)]
    if year_from is not None:
        where.append("year >= ?")
        params.append(int(year_from))
    if year_to is not None:
        where.append("year <= ?")
        params.append(int(year_to))
    cond = " AND ".join(where)
    try:
        total = db.execute(f"SELECT count(*) FROM papers WHERE {cond}", params).fetchone()[0]
        # rank on (score, row id) only: the page's columns are read for its rows alone
        ranked = db.execute(
            f"SELECT rowid, bm25(papers, {TITLE_WEIGHT}, 1.0) AS s FROM papers WHERE {cond} "
            "ORDER BY s, rowid LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else int(limit), int(offset)],
        ).fetchall()
        fields = {}
        for start in range(0, len(ranked), 500):
            ids = [r[0] for r in ranked[start : start + 500]]
            marks = ",".join("?" * len(ids))
            fields.update(
                {
                    r[0]: r[1:]
                    for r in db.execute(
                        f"SELECT rowid, key, title, year, date, url, abstract FROM papers WHERE rowid IN ({marks})", ids
                    )
                }
            )
    except sqlite3.OperationalError as exc:  # every term is quoted: only a damaged index gets here
        raise QueryError(f"search {query!r} failed: {exc}") from None
    rows = []
    for rowid, score in ranked:
        key, title, year, date, url, abstract = fields[rowid]
        rows.append(
            {
                "id": node_id(PAPER, key),
                "key": key,
                "title": title,
                "year": year,
                "date": date,
                "url": url,
                "abstract": abstract,
                "score": round(-score, 6),
            }
        )
    return total, rows
