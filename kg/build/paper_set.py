"""The papers of a columnar build, sorted by id: Python :class:`Paper` objects, or the store's Paper table
as Arrow columns with the few papers a build adds or changes put in (docs/scale.md, "Stored papers as
columns").

At 100,000 papers the stored papers as `Paper` objects hold ~0.48 GB, as Arrow columns ~0.12 GB. The
columnar steps read every paper's id, content hash and year, and the bibliography of what changed reads a
few columns of every paper (authors, venue, identifiers, references); only the papers whose rows are made
become Python objects (:meth:`PaperSet.papers`, :meth:`PaperSet.nodes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from kg.core.identity import candidate_ids
from kg.core.papers import Paper, normalise_title
from queries.schema import PAPER, node_id

FIELDS = tuple(Paper.__dataclass_fields__)


class PaperSet:
    """Papers sorted by id, from a list of :class:`Paper` (``papers``) or an Arrow table with a column per
    Paper field (``table``, e.g. :meth:`kg.store.embedded.EmbeddedStore.read_paper_table`)."""

    def __init__(self, papers: Iterable[Paper] | None = None, table: pa.Table | None = None) -> None:
        self._list = None if papers is None else sorted(papers, key=lambda p: p.id)
        if table is not None and not _sorted(table.column("id")):  # the store's is read sorted: not copied
            table = table.sort_by("id")
        self._table = table
        self._ids: list[str] | None = None
        self._row: dict[str, int] | None = None
        self._id_set: set[str] | None = None

    @classmethod
    def of(cls, papers: PaperSet | Iterable[Paper]) -> PaperSet:
        return papers if isinstance(papers, PaperSet) else cls(papers)

    def __len__(self) -> int:
        return len(self._list) if self._list is not None else self._table.num_rows  # type: ignore[union-attr]

    @property
    def id_set(self) -> set[str]:
        if self._id_set is None:
            self._id_set = set(self.ids)
        return self._id_set

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self.column("id")
        return self._ids

    def column(self, name: str) -> list:
        """One field of every paper, in id order."""
        if self._list is not None:
            return [getattr(p, name) for p in self._list]
        return self._table.column(name).to_pylist()  # type: ignore[union-attr]

    def rows(self, *names: str, batch: int = 20_000) -> Iterator[tuple]:
        """Some fields of every paper as tuples, in id order (a batch of Python values at a time)."""
        if self._list is not None:
            for p in self._list:
                yield tuple(getattr(p, n) for n in names)
            return
        for b in self._table.select(list(names)).to_batches(max_chunksize=batch):  # type: ignore[union-attr]
            yield from zip(*(col.to_pylist() for col in b.columns), strict=True)

    def having(self, name: str, values: set[str]) -> list[str]:
        """The ids of the papers whose field ``name`` (a string, or a list of strings) is, or holds, one of
        ``values``; in id order."""
        if not values:
            return []
        if self._list is not None:
            return [
                p.id
                for p in self._list
                if (not values.isdisjoint(v) if isinstance(v := getattr(p, name), list) else v in values)
            ]
        col, wanted = self._table.column(name), pa.array(sorted(values), pa.string())  # type: ignore[union-attr]
        if pa.types.is_list(col.type):
            rows = pc.filter(pc.list_parent_indices(col), pc.is_in(pc.list_flatten(col), value_set=wanted))
        else:
            rows = pc.indices_nonzero(pc.fill_null(pc.is_in(col, value_set=wanted), False))
        return [self.ids[i] for i in sorted(set(rows.to_pylist()))]

    def distinct(self, name: str) -> set:
        """The values of the field ``name`` (a string or a list of strings: its items) among the papers."""
        if self._list is not None:
            out: set = set()
            for p in self._list:
                v = getattr(p, name)
                out.update(v) if isinstance(v, list) else out.add(v)
            return out
        col = self._table.column(name)  # type: ignore[union-attr]
        return set(pc.unique(pc.list_flatten(col) if pa.types.is_list(col.type) else col).to_pylist())

    def papers(self, ids: Iterable[str] | None = None) -> list[Paper]:
        """The papers of ``ids`` (those held; None: every paper) as :class:`Paper` objects, in id order."""
        if self._list is not None:
            return list(self._list) if ids is None else [self._list[i] for i in self._rows_of(ids)]
        table = self._table if ids is None else self._take(ids)
        return [Paper(**row) for row in table.to_pylist()]  # type: ignore[union-attr]

    def nodes(self, ids: Iterable[str] | None = None) -> list[tuple[str, dict]]:
        """The Paper nodes (node id, properties) of ``ids`` (None: every paper), in id order."""
        return [
            (node_id(PAPER, p.id), {"label": PAPER, "key": p.id, "name": p.title, **{f: getattr(p, f) for f in FIELDS}})
            for p in self.papers(ids)
        ]

    def fields_of(self, ids: Iterable[str], names: tuple[str, ...]) -> list[tuple[str, dict]]:
        """The Paper nodes of ``ids`` with only the fields ``names`` (and the label and key), in id order: what
        :func:`kg.core.bibliography.add_authors` or ``add_venues`` reads of many papers."""
        if self._list is not None:
            return [
                (node_id(PAPER, p.id), {"label": PAPER, "key": p.id, **{n: getattr(p, n) for n in names}})
                for p in self.papers(ids)
            ]
        rows = self._take(ids).select(["id", *names]).to_pylist()
        return [(node_id(PAPER, r["id"]), {"label": PAPER, "key": r.pop("id"), **r}) for r in rows]

    def paper_rows(self, keys: set[str] | None = None) -> Iterator[dict]:
        """The Paper nodes' properties of ``keys`` (None: every paper): the search index's rows."""
        for start in range(0, len(self), 20_000) if keys is None else [0]:
            part = self.ids[start : start + 20_000] if keys is None else sorted(keys)
            for _, d in self.nodes(part):
                yield d

    def concerning(self, new: list[Paper]) -> set[str]:
        """The ids of the papers :class:`kg.core.identity.PaperIndex` could join ``new`` to, or whose ids a
        paper of ``new`` could take: those sharing a DOI, arXiv id, PMID, source id or normalised title with
        one, or holding one of its candidate ids; then those of the normalised title of one of those (the
        possible duplicates of the papers a new record joins)."""
        keys: dict[str, set] = {"doi": set(), "arxiv_id": set(), "pmid": set(), "source_ids": set(), "id": set()}
        titles = set()
        for p in new:
            for name in ("doi", "arxiv_id", "pmid"):
                if getattr(p, name):
                    keys[name].add(getattr(p, name))
            keys["source_ids"].update(p.source_ids)
            keys["id"].update(candidate_ids(p))
            titles.add(normalise_title(p.title))
        titles.discard("")
        found: set[str] = set()
        title_of: dict[str, str] = {}
        for pid, doi, arxiv_id, pmid, source_ids, title in self.rows(
            "id", "doi", "arxiv_id", "pmid", "source_ids", "title"
        ):
            title_of[pid] = normalise_title(title)
            if (
                pid in keys["id"]
                or doi in keys["doi"]
                or arxiv_id in keys["arxiv_id"]
                or pmid in keys["pmid"]
                or not keys["source_ids"].isdisjoint(source_ids or ())
                or title_of[pid] in titles
            ):
                found.add(pid)
        titles = {title_of[pid] for pid in found} - {""}
        return found | {pid for pid, title in title_of.items() if title in titles}

    def replaced(self, papers: list[Paper]) -> PaperSet:
        """These papers with ``papers`` put in (in place of those of their ids, or added)."""
        if self._list is not None:
            mine = {p.id: p for p in self._list}
            mine.update((p.id, p) for p in papers)
            return PaperSet(mine.values())
        table = self._table
        gone = pa.array([p.id for p in papers], pa.string())
        kept = table.filter(pc.invert(pc.is_in(table.column("id"), value_set=gone)))  # type: ignore[union-attr]
        added = pa.Table.from_pylist([p.to_dict() for p in papers], schema=table.schema)  # type: ignore[union-attr]
        return PaperSet(table=pa.concat_tables([kept, added]))

    def _take(self, ids: Iterable[str]) -> pa.Table:
        return self._table.take(pa.array(self._rows_of(ids), pa.int64()))  # type: ignore[union-attr]

    def _rows_of(self, ids: Iterable[str]) -> list[int]:
        """The positions of the papers of ``ids`` held here, in order."""
        if self._row is None:
            self._row = {pid: i for i, pid in enumerate(self.ids)}
        return sorted(self._row[pid] for pid in set(ids) if pid in self._row)


def _sorted(ids: pa.ChunkedArray) -> bool:
    """Whether ``ids`` are in ascending order (the store's Paper table is read sorted by id)."""
    n = len(ids)
    return n < 2 or bool(pc.all(pc.less_equal(ids.slice(0, n - 1), ids.slice(1))).as_py())
