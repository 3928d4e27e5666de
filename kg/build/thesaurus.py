"""VOSviewer thesaurus files: merge terms into one, or drop them, in a graph.

The file is VOSviewer's: tab-separated, a header line ``label<TAB>replace by``,
then one term per line. A non-empty replacement merges the term into the
replacement (an existing entity of that name, key or alias, else the term is
renamed); an empty replacement drops the term. Labels match an entity's
display name, key or any alias, ignoring case and surrounding spaces.

Applied to a built graph (``kg build --thesaurus`` or ``kg map --thesaurus``):
merged entities pool their paper links (counts and evidence), aliases and
paper counts; CO_OCCURS edges are recomputed the way the builder computes them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.core.errors import ThesaurusError
from kg.core.graph import set_first_years
from queries.schema import CO_OCCURS, ENTITY_LABELS, MAX_EVIDENCE, PAPER, PROPOSES

HEADER = ("label", "replace by")


@dataclass
class Thesaurus:
    """``replace``: folded label → replacement (``""`` = drop); ``problems``: lines skipped."""

    replace: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.replace)


@dataclass
class ThesaurusReport:
    """What :func:`apply_thesaurus` changed: node ids merged (old → new), renamed (id → new name), dropped."""

    merged: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """The matching form of a label: case-folded, spaces collapsed.

    >>> fold("  Sparse  AutoEncoders ")
    'sparse autoencoders'
    """
    return " ".join(str(text).split()).casefold()


def parse_thesaurus(text: str, source: str = "<thesaurus>") -> Thesaurus:
    """Parse thesaurus text; bad lines are reported (file and line), the rest still apply.

    >>> t = parse_thesaurus("label\\treplace by\\nSAE\\tsparse autoencoder\\nresults\\t\\n")
    >>> t.replace
    {'sae': 'sparse autoencoder', 'results': ''}
    """
    th = Thesaurus()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if lineno == 1 and tuple(fold(c) for c in cells[:2]) == HEADER:
            continue
        if len(cells) > 2 and any(c.strip() for c in cells[2:]):
            th.problems.append(f"{source}:{lineno}: expected 'label<TAB>replace by', got {len(cells)} columns")
            continue
        if len(cells) < 2:
            th.problems.append(f"{source}:{lineno}: no tab between label and replacement")
            continue
        label, replacement = cells[0].strip(), cells[1].strip()
        if not label:
            th.problems.append(f"{source}:{lineno}: empty label")
            continue
        th.replace[fold(label)] = replacement
    return th


def read_thesaurus(path: str | Path) -> Thesaurus:
    """Read a thesaurus file (UTF-8, with or without a byte-order mark)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ThesaurusError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ThesaurusError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return parse_thesaurus(text, str(path))


def _names(d: dict, n: str) -> set[str]:
    return {fold(x) for x in [d.get("name") or "", d.get("key") or n.partition(":")[2], *(d.get("aliases") or [])] if x}


def _index(G: nx.MultiDiGraph) -> dict[str, str]:
    """Folded name/key/alias → entity node id (names first, then keys, then aliases; most papers win)."""
    out: dict[str, str] = {}
    ents = sorted(
        ((n, d) for n, d in G.nodes(data=True) if d.get("label") in ENTITY_LABELS),
        key=lambda nd: (-int(nd[1].get("papers") or 0), nd[0]),
    )
    for field_ in ("name", "key", "aliases"):
        for n, d in ents:
            values = d.get("aliases") or [] if field_ == "aliases" else [d.get(field_) or ""]
            for v in values:
                if v:
                    out.setdefault(fold(v), n)
    return out


def _merge_into(G: nx.MultiDiGraph, old: str, new: str) -> None:
    """Move ``old``'s paper links and aliases onto ``new`` and remove ``old``."""
    for p, _, k, d in list(G.in_edges(old, keys=True, data=True)):
        if G.nodes[p].get("label") != PAPER:
            continue
        if G.has_edge(p, new):  # one relationship per paper and entity: PROPOSES wins, as in the builder
            kept = next(iter(G[p][new]))
            e = G.edges[p, new, kept]
            e["count"] = int(e.get("count") or 0) + int(d.get("count") or 0)
            e["evidence"] = list(dict.fromkeys([*(e.get("evidence") or []), *(d.get("evidence") or [])]))[:MAX_EVIDENCE]
            if k == PROPOSES and kept != PROPOSES:
                G.remove_edge(p, new, kept)
                G.add_edge(p, new, key=PROPOSES, **{**e, "type": PROPOSES})
        else:
            G.add_edge(p, new, key=k, **d)
    nd, od = G.nodes[new], G.nodes[old]
    nd["aliases"] = sorted(set(nd.get("aliases") or []) | set(od.get("aliases") or []) | {od.get("name") or ""} - {""})
    G.remove_node(old)


def recount(G: nx.MultiDiGraph, nodes) -> None:
    """Set ``papers`` of entity ``nodes`` to their number of distinct linked papers (and ``first_year``)."""
    for n in nodes:
        if n in G:
            G.nodes[n]["papers"] = len({p for p in G.predecessors(n) if G.nodes[p].get("label") == PAPER})
    set_first_years(G, nodes)


def recompute_cooccurrences(G: nx.MultiDiGraph, config=None) -> None:
    """Replace every CO_OCCURS edge with the builder's (same thresholds, :class:`kg.build.BuildConfig`)."""
    from kg.build.builder import BuildConfig, cooccurrences
    from kg.core.graph import add_cooccurrence

    n_papers = sum(1 for _, d in G.nodes(data=True) if d.get("label") == PAPER)
    cfg = (config or BuildConfig()).resolved(n_papers)
    G.remove_edges_from([(u, v, k) for u, v, k in G.edges(keys=True) if k == CO_OCCURS])
    entity_papers: dict[str, list[str]] = defaultdict(list)
    for p, e in G.edges():
        if G.nodes[p].get("label") == PAPER and G.nodes[e].get("label") in ENTITY_LABELS:
            entity_papers[e].append(G.nodes[p].get("key") or p)
    entity_papers = {e: sorted(set(ps)) for e, ps in entity_papers.items()}
    for a, b, shared, strength in cooccurrences(entity_papers, max(n_papers, 1), cfg):
        add_cooccurrence(G, a, b, shared, strength)


def apply_thesaurus(
    G: nx.MultiDiGraph, thesaurus: Thesaurus, config=None, cooccurrence: bool = True
) -> ThesaurusReport:
    """Merge and drop the entities ``thesaurus`` names, in place; return what changed.

    With ``cooccurrence`` the CO_OCCURS edges are recomputed when anything changed
    (the term map computes its own links and passes ``False``).

    >>> from kg.core.examples import small_graph
    >>> G = small_graph()
    >>> r = apply_thesaurus(G, parse_thesaurus("label\\treplace by\\nCIFAR10\\tImageNet\\naccuracy\\t\\n"))
    >>> r.merged, r.dropped, G.nodes["Dataset:imagenet"]["papers"]
    ({'Dataset:cifar10': 'Dataset:imagenet'}, ['Metric:accuracy'], 4)
    """
    report = ThesaurusReport()
    index = _index(G)
    touched: set[str] = set()
    for label, replacement in thesaurus.replace.items():
        old = index.get(label)
        if old is None or old not in G:
            report.unmatched.append(label)
            continue
        if not replacement:
            G.remove_node(old)
            report.dropped.append(old)
            continue
        new = index.get(fold(replacement))
        if new is None or new not in G:  # no such entity yet: rename in place
            G.nodes[old]["aliases"] = sorted(
                set(G.nodes[old].get("aliases") or []) | {G.nodes[old].get("name") or ""} - {""}
            )
            G.nodes[old]["name"] = replacement
            index[fold(replacement)] = old
            report.renamed[old] = replacement
            continue
        if new == old:
            continue
        _merge_into(G, old, new)
        for k, v in list(index.items()):
            if v == old:
                index[k] = new
        for k, v in list(report.merged.items()):
            if v == old:
                report.merged[k] = new
        report.merged[old] = new
        touched.add(new)
    recount(G, touched)
    if cooccurrence and (touched or report.dropped):
        recompute_cooccurrences(G, config)
    return report
