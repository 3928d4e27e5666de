"""Each paper's claim votes, kept beside the record tables for the next columnar build.

A paper's votes (:func:`kg.build.claims.vote_rows`) are a function of its record's mentions as the
build keyed them (table ``nm``), its claim-type relations and, for each relation end, the kept entity
and label the corpus gives it. Those are hashed per paper (:func:`paper_digests`); a build of 10 new
papers reads the votes of every paper whose digest is unchanged from :data:`CLAIM_MEMO` and turns only
the other papers back into records (at 100,000 papers the claims were half the columnar steps' CPU
seconds). Stamped like the sentence votes' memo (:func:`kg.build.columnar.vote_code_digest`), so a memo
of other code, or one that cannot be read, is ignored and every paper voted again.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kg.build.claims import ClaimVote

#: the claim votes of the last build, per paper, beside the record tables
CLAIM_MEMO = "claims.parquet"
#: one row per vote; a paper that votes for nothing has one row with ``type`` null (its digest is known)
SCHEMA = pa.schema(
    [
        ("pid", pa.string()),
        ("digest", pa.string()),
        ("type", pa.string()),
        ("head", pa.string()),
        ("tail", pa.string()),
        ("conf", pa.float64()),
        ("sentence", pa.string()),
        ("source", pa.string()),
    ]
)
_STAMP = b"paperkg.claims"


def paper_digests(
    con,
    q,
    types: list[str],
    rekey: Callable[[str, str], str] | None,
    key_of: Callable[[str], str | None],
    labels: dict[str, str],
) -> dict[str, str]:
    """Paper id → digest of what its claim votes read, for each paper stating a claim-type relation (of
    ``types``) between two kept entities (the others vote for nothing): its record's hash, its mentions in
    ``nm`` (every column the votes read) and each claim relation's ends as ``rekey`` and ``key_of`` give
    them, with their labels."""
    rels = con.sql(
        "SELECT p.pid, p.hash, r.ord, r.head, r.tail FROM p JOIN relations r USING (hash) "
        "WHERE r.type IN (SELECT unnest($types))",
        params={"types": types},
    ).to_arrow_table()
    pids, heads, tails = (rels.column(n).to_pylist() for n in ("pid", "head", "tail"))
    if rekey is not None:
        heads = [rekey(pid, k) for pid, k in zip(pids, heads, strict=True)]
        tails = [rekey(pid, k) for pid, k in zip(pids, tails, strict=True)]
    kept_heads, kept_tails = [key_of(k) for k in heads], [key_of(k) for k in tails]
    ends = rels.select(["pid", "hash", "ord"]).append_column("head", pa.array(heads, pa.string()))
    for name, keys in (("tail", tails), ("hk", kept_heads), ("tk", kept_tails)):
        ends = ends.append_column(name, pa.array(keys, pa.string()))
    for name, keys in (("hl", kept_heads), ("tl", kept_tails)):
        ends = ends.append_column(name, pa.array([labels.get(k) if k else None for k in keys], pa.string()))
    con.register("cd_ends", ends)
    try:
        return dict(
            q(
                """
                WITH r AS (SELECT pid, any_value(hash) AS hash, bit_xor(hash(ord, head, tail, hk, tk, hl, tl)) AS e
                           FROM cd_ends GROUP BY pid HAVING bool_or(hk IS NOT NULL AND tk IS NOT NULL AND hk <> tk)),
                     m AS (SELECT pid, bit_xor(hash(ord, label, key, text, start, "end", sent, derived)) AS d
                           FROM nm WHERE pid IN (SELECT pid FROM r) GROUP BY pid)
                SELECT r.pid, concat_ws(':', r.hash, r.e, coalesce(m.d, 0)) FROM r LEFT JOIN m USING (pid)
                """
            )
        )
    finally:
        con.unregister("cd_ends")


class ClaimMemo:
    """The votes of :data:`CLAIM_MEMO` in ``folder`` (None: no memo), stamped with ``stamp``."""

    def __init__(self, folder: Path | None, stamp: str) -> None:
        self.path = None if folder is None else Path(folder) / CLAIM_MEMO
        self.stamp = stamp.encode()

    def kept(self, con, digests: dict[str, str]) -> pa.Table:
        """The stored rows of the papers whose digest is that of ``digests`` (empty without a valid memo)."""
        if self.path is None or not self._valid():
            return SCHEMA.empty_table()
        con.register("cm_now", pa.table({"pid": list(digests), "digest": list(digests.values())}))
        try:
            return (
                con.sql(f"SELECT m.* FROM read_parquet('{self.path}') m SEMI JOIN cm_now USING (pid, digest)")
                .to_arrow_table()
                .cast(SCHEMA)
            )
        finally:
            con.unregister("cm_now")

    def _valid(self) -> bool:
        try:
            meta = pq.read_schema(self.path).metadata or {}
        except (OSError, pa.ArrowException):
            return False
        return meta.get(_STAMP) == self.stamp

    def save(self, parts: list[pa.Table], digests: dict[str, str]) -> None:
        """Write the rows of ``parts`` (the kept ones and :func:`rows_table` of the papers voted again) as the
        memo, with a row for each other paper of ``digests`` (voting for nothing); a folder that cannot be
        written keeps none (the next build votes every paper)."""
        if self.path is None or not self.path.parent.is_dir():
            return
        voted = set().union(*(t.column("pid").to_pylist() for t in parts))
        silent = sorted(set(digests) - voted)
        nothing = [silent, [digests[pid] for pid in silent], *([[None] * len(silent)] * 6)]
        table = pa.concat_tables([*parts, pa.table(nothing, schema=SCHEMA)])
        tmp = self.path.with_name(f".{CLAIM_MEMO}.{uuid.uuid4().hex}.tmp")
        try:
            pq.write_table(table.replace_schema_metadata({_STAMP: self.stamp}), tmp)
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)


def rows_table(rows: Iterable[ClaimVote], digests: dict[str, str]) -> pa.Table:
    """Votes (:func:`kg.build.claims.vote_rows`) as memo rows (:data:`SCHEMA`)."""
    cols: list[Any] = [list(c) for c in zip(*((p, digests[p], *f, c, s, src) for f, p, c, s, src in rows), strict=True)]
    return pa.table(cols or [[] for _ in SCHEMA], schema=SCHEMA)


def votes_of(kept: pa.Table) -> Iterable[ClaimVote]:
    """The votes of memo rows (:func:`kg.build.claims.vote_rows`' form), skipping papers that vote for nothing."""
    cols = [kept.column(n).to_pylist() for n in ("type", "head", "tail", "pid", "conf", "sentence", "source")]
    for rel, head, tail, pid, conf, sentence, source in zip(*cols, strict=True):
        if rel is not None:
            yield (rel, head, tail), pid, conf, sentence, source
