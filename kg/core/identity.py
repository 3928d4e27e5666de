"""Which records are one paper, and which id each paper gets.

Rules, in order: the same DOI, the same arXiv id, the same PMID, the same
source id (``openalex:W…``, ``papers.csv#7``), the same normalised title
(with no conflicting identifier: DOI, arXiv id, PMID, or a source id of the
same namespace such as ``papers.csv#7`` and ``papers.csv#8``; years at most
one apart; the same first author's surname when both are known; and only one
paper it could join), then the same paper id (papers already in a store, or
made in Python). A match on an identifier whose titles disagree is a
**collision**: reported, never merged, and both papers are kept. Papers
already in a store are never merged with each other (:meth:`PaperIndex.add`
with ``stored``), so reading a store back keeps every paper it holds.

A merged paper keeps every identifier and the fuller fields (the longer
abstract and author list, a date over a bare year, keywords and source ids
united). Ids come from the best identifier (``doi:…``, ``arxiv:…``,
``pmid:…``, a source id) or the title/first-author/year hash, and are unique.

>>> index = PaperIndex()
>>> a = Paper(id="", title="Deep Kites", abstract="Short.", doi="10.1/k")
>>> b = Paper(id="", title="Deep kites.", abstract="A longer abstract.", arxiv_id="2101.00001", doi="10.1/k")
>>> index.add(a).rule, index.add(b).rule
(None, 'same DOI')
>>> [(p.id, p.arxiv_id, p.abstract) for p in index.finalise()]
[('doi:10.1/k', '2101.00001', 'A longer abstract.')]
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from kg.core.identifiers import normalise_arxiv, normalise_doi, normalise_pmid
from kg.core.papers import Paper, normalise_title, paper_id_from_title, surname_key
from queries.authors import author_key

RULES = ("same DOI", "same arXiv id", "same PMID", "same source id", "same title", "same id")
_IDENTIFIERS = (("doi", "same DOI", "doi:"), ("arxiv_id", "same arXiv id", "arxiv:"), ("pmid", "same PMID", "pmid:"))
_UNIONS = ("source_ids", "keywords", "reference_ids")
_KEEP = ("id", "title", "source", "orcids")  # orcids follow the authors (merge_into)


@dataclass
class Outcome:
    """What :meth:`PaperIndex.add` did: ``paper`` is the paper kept, ``rule`` the
    merge rule (None: added as new) and ``collision`` a message when an identifier
    was shared with a different title."""

    paper: Paper
    rule: str | None = None
    collision: str | None = None


def preferred_id(paper: Paper) -> str:
    """The id a paper gets when nothing else holds it (see :func:`candidate_ids`)."""
    return candidate_ids(paper)[0]


def candidate_ids(paper: Paper) -> list[str]:
    """Ids in order of preference: identifiers, source ids, the paper's current id,
    then the title hash.

    >>> candidate_ids(Paper(id="p1", title="T", abstract="A", pmid="12", source_ids=["x.csv#3"]))[:3]
    ['pmid:12', 'x.csv#3', 'p1']
    """
    out = [prefix + getattr(paper, name) for name, _, prefix in _IDENTIFIERS if getattr(paper, name)]
    out += paper.source_ids
    if paper.id and paper.id not in out:
        out.append(paper.id)
    out.append(paper_id_from_title(paper.title, paper.authors[0] if paper.authors else "", paper.year))
    return out


def titles_agree(a: str, b: str) -> bool:
    """Whether two titles can name one paper: equal when normalised, one a prefix of
    the other (a subtitle), or sharing at least half their words.

    >>> titles_agree("Deep Kites: A Study", "Deep kites"), titles_agree("深度学习用于图像分割", "Нейронные сети")
    (True, False)
    """
    na, nb = normalise_title(a), normalise_title(b)
    if na == nb or (na and nb and (na.startswith(nb) or nb.startswith(na))):
        return True
    wa, wb = set(na.split()), set(nb.split())
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _same_by_title(a: Paper, b: Paper) -> bool:
    if conflicting_identifiers(a, b):
        return False
    if a.year and b.year and abs(a.year - b.year) > 1:
        return False
    sa, sb = (_first_surname(p) for p in (a, b))
    return not (sa and sb and sa != sb)


def conflicting_identifiers(a: Paper, b: Paper) -> bool:
    """Whether two papers carry different identifiers of one kind: DOI, arXiv id, PMID,
    or source ids of one namespace (``acl.jsonl#P19-1001`` and ``acl.jsonl#P19-1002``).

    >>> conflicting_identifiers(Paper(id="", title="T", abstract="", source_ids=["a.jsonl#1"]),
    ...                         Paper(id="", title="T", abstract="", source_ids=["a.jsonl#2", "openalex:W1"]))
    True
    >>> conflicting_identifiers(Paper(id="", title="T", abstract="", source_ids=["a.jsonl#1"]),
    ...                         Paper(id="", title="T", abstract="", source_ids=["b.jsonl#2"]))
    False
    """
    if any(
        getattr(a, name) and getattr(b, name) and getattr(a, name) != getattr(b, name) for name, _, _ in _IDENTIFIERS
    ):
        return True
    mine, theirs = _by_namespace(a.source_ids), _by_namespace(b.source_ids)
    return any(not (mine[ns] & theirs[ns]) for ns in mine.keys() & theirs.keys())


def _by_namespace(source_ids: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for sid in source_ids:
        cut = sid.find("#") + 1 or sid.find(":") + 1
        out.setdefault(sid[:cut], set()).add(sid)
    return out


def _first_surname(p: Paper) -> str:
    return surname_key(p.authors[0]) if p.authors else ""


def merge_into(kept: Paper, other: Paper, *, newer: bool = False) -> None:
    """Fill ``kept`` from ``other``: identifiers and lists united, the fuller value of
    every other field (``newer``: ``other``'s non-empty values win, as an edited
    record read again); each author keeps an ORCID either record gives."""
    known = _orcids_by_name(kept) | _orcids_by_name(other)
    for f in fields(Paper):
        name = f.name
        mine, theirs = getattr(kept, name), getattr(other, name)
        if name in _KEEP or _empty(theirs):
            continue
        if name in _UNIONS:
            seen = {str(v).casefold() for v in mine}
            setattr(kept, name, mine + [v for v in theirs if str(v).casefold() not in seen])
        elif _empty(mine) or (newer and name not in ("doi", "arxiv_id", "pmid")):
            setattr(kept, name, theirs)
        elif name == "abstract" and len(theirs) > len(mine):
            kept.abstract = theirs
        elif name == "authors" and len(theirs) > len(mine):
            kept.authors = theirs
        elif name in ("n_authors", "upvotes", "references"):
            setattr(kept, name, max(mine, theirs))
    if newer and other.title:
        kept.title = other.title
    orcids = [known.get(author_key(a), "") for a in kept.authors]
    kept.orcids = orcids if any(orcids) else []


def _orcids_by_name(paper: Paper) -> dict[str, str]:
    """Author name key → ORCID for the authors of ``paper`` that have one."""
    return {author_key(a): o for a, o in zip(paper.authors, paper.orcids, strict=False) if o}


def _same_file(a: Paper, b: Paper) -> bool:
    return bool(a.source) and a.source.rsplit(":", 1)[0] == b.source.rsplit(":", 1)[0]


def _empty(value) -> bool:
    return value is None or value == "" or value == []


class PaperIndex:
    """Papers merged by the rules above, in the order first seen."""

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self._keys: dict[tuple[str, str], list[Paper]] = {}

    def add(self, paper: Paper, *, newer: bool = False, stored: bool = False) -> Outcome:
        """Merge ``paper`` into the paper it matches, or add it as new.

        ``newer``: ``paper`` was read after the one it matches (a build over a
        store); when it is the same record read again (same source id, same id,
        or the same file), its values replace the stored ones. ``stored``: a
        paper a store holds, added as new whatever it shares with the papers
        stored before it (a store never holds one paper twice).
        """
        if stored:
            self.papers.append(paper)
            self._index(paper)
            return Outcome(paper)
        collision = None
        for kind, value, rule in self._keys_of(paper):
            held = [p for p in self._keys.get((kind, value), ()) if p is not paper]
            if not held:
                continue
            if rule == "same title":
                joinable = [p for p in held if _same_by_title(p, paper)]
                if len(joinable) != 1:  # none, or several papers it could be: kept apart
                    continue
                kept = joinable[0]
            else:
                agreeing = next((p for p in held if titles_agree(p.title, paper.title)), None)
                if agreeing is None:
                    first = held[0]
                    collision = collision or (
                        f"{rule[5:]} {value} already names {first.title[:80]!r} "
                        f"({first.source or 'stored'}); kept as a separate paper"
                    )
                    continue
                kept = agreeing
            if collision is None:
                merge_into(
                    kept,
                    paper,
                    newer=newer and (rule == "same source id" or kept.id == paper.id or _same_file(kept, paper)),
                )
                self._index(kept)
                return Outcome(kept, rule)
        self.papers.append(paper)
        self._index(paper)
        return Outcome(paper, None, collision)

    def finalise(self) -> list[Paper]:
        """The papers with unique ids (see :func:`candidate_ids`), in the order added.

        Ids are given in an order fixed by the papers themselves (their candidate
        ids, title and abstract), so they do not depend on the order papers came in.
        """
        used: set[str] = set()
        ranked = sorted(
            ((candidate_ids(p), normalise_title(p.title), p.title, p.abstract, p) for p in self.papers),
            key=lambda t: t[:4],
        )
        for options, *_, paper in ranked:
            chosen = next((i for i in options if i not in used), None)
            n = 2
            while chosen is None:
                chosen = f"{options[-1]}-{n}" if f"{options[-1]}-{n}" not in used else None
                n += 1
            paper.id = chosen
            used.add(chosen)
        return list(self.papers)

    def _keys_of(self, paper: Paper):
        for name, rule, _ in _IDENTIFIERS:
            if getattr(paper, name):
                yield name, getattr(paper, name), rule
        for sid in paper.source_ids:
            yield "source", sid, "same source id"
        title = normalise_title(paper.title)
        if title:
            yield "title", title, "same title"
        if paper.id:
            yield "id", paper.id, "same id"

    def _index(self, paper: Paper) -> None:
        for kind, value, _ in self._keys_of(paper):
            held = self._keys.setdefault((kind, value), [])
            if not any(p is paper for p in held):
                held.append(paper)


def possible_duplicates(papers: list[Paper], among: list[Paper] | None = None) -> list[list[Paper]]:
    """Groups of two or more papers with one normalised title, kept apart because their
    identifiers differ (or because a record could have joined several); ``among``:
    only the groups holding one of these papers. Groups and papers sorted by id.

    >>> a, b = (Paper(id=i, title="Deep Kites", abstract="") for i in ("p1", "p2"))
    >>> [[p.id for p in g] for g in possible_duplicates([a, b, Paper(id="p3", title="Other", abstract="")])]
    [['p1', 'p2']]
    """
    groups: dict[str, list[Paper]] = {}
    for p in papers:
        title = normalise_title(p.title)
        if title:
            groups.setdefault(title, []).append(p)
    wanted = None if among is None else {id(p) for p in among}
    out = [
        sorted(g, key=lambda p: p.id)
        for g in groups.values()
        if len(g) > 1 and (wanted is None or any(id(p) in wanted for p in g))
    ]
    return sorted(out, key=lambda g: g[0].id)


def paper_matches(paper: Paper, selector: str) -> bool:
    """Whether ``selector`` names ``paper``: its id (with or without ``Paper:``), DOI,
    arXiv id, PMID, one of its source ids, its title (normalised), or the file it came from.

    >>> p = Paper(id="doi:10.1000/x", title="Sparse Kites!", abstract="A", doi="10.1000/x", source="refs/a.bib:3")
    >>> [paper_matches(p, s) for s in ("Paper:doi:10.1000/x", "https://doi.org/10.1000/X", "sparse kites", "refs/a.bib", "b.bib")]
    [True, True, True, True, False]
    """
    return bool(papers_matching([paper], [selector])[selector])


def papers_matching(papers: list[Paper], selectors: list[str]) -> dict[str, list[str]]:
    """For each selector, the ids of the papers it names (:func:`paper_matches`, in the order of
    ``papers``): each selector normalised once and each source file resolved once, not once per
    paper, so removing 10 papers from 100,000 costs a pass over the papers, not a million
    path look-ups.

    >>> a = Paper(id="doi:10.1000/a", title="Sparse Kites", abstract="", doi="10.1000/a", source="x.bib:1")
    >>> b = Paper(id="b", title="Other", abstract="", source="x.bib:9")
    >>> papers_matching([a, b], ["sparse kites", "x.bib", "https://doi.org/10.1000/A", "nothing"])
    {'sparse kites': ['doi:10.1000/a'], 'x.bib': ['doi:10.1000/a', 'b'], 'https://doi.org/10.1000/A': ['doi:10.1000/a'], 'nothing': []}
    """
    out: dict[str, list[str]] = {s: [] for s in selectors}
    wanted = []
    for selector in dict.fromkeys(selectors):
        text = selector.strip()
        if text:
            pmid = normalise_pmid(text) if text.lower().startswith("pmid:") else None
            wanted.append((selector, text, normalise_doi(text), normalise_arxiv(text), pmid, normalise_title(text)))
    resolved: dict[str, Path | None] = {}

    def resolve(path: str) -> Path | None:
        if path not in resolved:
            try:
                resolved[path] = Path(path).resolve()
            except (OSError, ValueError):
                resolved[path] = None
        return resolved[path]

    for paper in papers:
        title = normalise_title(paper.title)
        source_file = paper.source.rsplit(":", 1)[0] if paper.source else ""
        for selector, text, doi, arxiv, pmid, text_title in wanted:
            if (
                text.removeprefix("Paper:") == paper.id
                or text in paper.source_ids
                or (paper.doi and doi == paper.doi)
                or (paper.arxiv_id and arxiv == paper.arxiv_id)
                or (paper.pmid and pmid is not None and pmid == paper.pmid)
                or (text_title and text_title == title)
                or (
                    source_file
                    and (
                        source_file == text
                        or (resolve(source_file) is not None and resolve(source_file) == resolve(text))
                    )
                )
            ):
                out[selector].append(paper.id)
    return out
