"""Export the term map in VOSviewer's formats, and read them back.

* JSON (VOSviewer 1.6.16+ ``Open map > JSON``): ``network.items`` with id, label,
  x, y, cluster, ``weights`` (Links, Total link strength, Occurrences) and
  ``scores`` (Avg. pub. year); ``network.links`` with source_id, target_id and
  strength (shared papers: VOSviewer normalises by association strength itself).
* Map and network files (tab-separated text): the map file has a header line
  ``id label x y cluster weight<Links> weight<Total link strength>
  weight<Occurrences> score<Avg. pub. year>``; the network file has one
  ``id1 id2 strength`` line per link and no header. Labels there are on one
  line (tabs and line breaks as spaces).
* Names are HTML-escaped in the ``description`` (VOSviewer shows it as HTML).

Positions are exported in VOSviewer's orientation (y up) and scale (about -1..1).
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path

from kg.present.termmap.network import TermNetwork

MAP_HEADER = [
    "id",
    "label",
    "x",
    "y",
    "cluster",
    "weight<Links>",
    "weight<Total link strength>",
    "weight<Occurrences>",
    "score<Avg. pub. year>",
    "description",
]


@dataclass
class VosItem:
    """One item as VOSviewer stores it."""

    id: int
    label: str
    x: float
    y: float
    cluster: int | None
    occurrences: int
    links: int
    total_link_strength: float
    year: float | None


def vos_items(net: TermNetwork) -> tuple[list[VosItem], list[tuple[int, int, int]]]:
    """Items (ids 1..n in the map's term order) and links ``(id1, id2, shared papers)``."""
    ids = {t.id: i + 1 for i, t in enumerate(net.terms)}
    degree: dict[str, int] = {}
    total: dict[str, float] = {}
    for lk in net.links:
        for e in (lk.a, lk.b):
            degree[e] = degree.get(e, 0) + 1
            total[e] = total.get(e, 0) + lk.papers
    span = max([abs(v) for t in net.terms for v in (t.x, t.y)] or [1.0]) or 1.0
    items = [
        VosItem(
            ids[t.id],
            t.name,
            round(t.x / span, 6),
            round(-t.y / span, 6),
            t.cluster,
            t.papers,
            degree.get(t.id, 0),
            total.get(t.id, 0),
            t.year,
        )
        for t in net.terms
    ]
    links = sorted((min(ids[lk.a], ids[lk.b]), max(ids[lk.a], ids[lk.b]), lk.papers) for lk in net.links)
    return items, links


def _description(t) -> str:
    """The HTML VOSviewer shows for an item (the name escaped: data is never markup)."""
    return f"<b>{html.escape(t.name)}</b> ({t.type}, {t.papers} papers)"


def _one_line(text: str) -> str:
    """A cell of the tab-separated files: tabs and line breaks become spaces."""
    return " ".join(str(text).split())


def vosviewer_json(net: TermNetwork) -> str:
    """The map as VOSviewer JSON text."""
    items, links = vos_items(net)
    out_items = []
    for item, t in zip(items, net.terms, strict=True):
        d = {"id": item.id, "label": item.label, "x": item.x, "y": item.y}
        if item.cluster is not None:
            d["cluster"] = item.cluster
        d["weights"] = {
            "Links": item.links,
            "Total link strength": item.total_link_strength,
            "Occurrences": item.occurrences,
        }
        if item.year is not None:
            d["scores"] = {"Avg. pub. year": item.year}
        d["description"] = _description(t)
        out_items.append(d)
    doc = {
        "config": {
            "terminology": {
                "item": "Term",
                "items": "Terms",
                "link": "Co-occurrence link",
                "links": "Co-occurrence links",
                "link_strength": "Co-occurrences",
                "total_link_strength": "Total co-occurrences",
            }
        },
        "network": {
            "items": out_items,
            "links": [{"source_id": a, "target_id": b, "strength": s} for a, b, s in links],
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def vosviewer_map_text(net: TermNetwork) -> str:
    """The map file (tab-separated, with header)."""
    items, _ = vos_items(net)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(MAP_HEADER)
    for item, t in zip(items, net.terms, strict=True):
        w.writerow(
            [
                item.id,
                _one_line(item.label),
                item.x,
                item.y,
                "" if item.cluster is None else item.cluster,
                item.links,
                item.total_link_strength,
                item.occurrences,
                "" if item.year is None else item.year,
                _one_line(_description(t)),
            ]
        )
    return buf.getvalue()


def vosviewer_network_text(net: TermNetwork) -> str:
    """The network file: ``id1<TAB>id2<TAB>strength`` per link."""
    _, links = vos_items(net)
    return "".join(f"{a}\t{b}\t{s}\n" for a, b, s in links)


def write_vosviewer(net: TermNetwork, path: str | Path) -> list[str]:
    """Write ``path``: ``.json`` → VOSviewer JSON; otherwise the map file at ``path`` and the
    network file beside it (``<stem>_network.txt``). Returns the paths written."""
    from kg.present.export.io import atomic_write_text

    path = Path(path)
    if path.suffix.lower() == ".json":
        atomic_write_text(path, vosviewer_json(net))
        return [str(path)]
    network = path.with_name(path.stem + "_network.txt")
    atomic_write_text(path, vosviewer_map_text(net))
    atomic_write_text(network, vosviewer_network_text(net))
    return [str(path), str(network)]


def _num(text: str):
    if text == "":
        return None
    f = float(text)
    return int(f) if f.is_integer() and "." not in text else f


def read_vosviewer_json(text: str) -> tuple[list[VosItem], list[tuple[int, int, float]]]:
    """Items and links from VOSviewer JSON text."""
    doc = json.loads(text)["network"]
    items = [
        VosItem(
            int(d["id"]),
            d["label"],
            float(d.get("x", 0)),
            float(d.get("y", 0)),
            d.get("cluster"),
            d.get("weights", {}).get("Occurrences", 0),
            d.get("weights", {}).get("Links", 0),
            d.get("weights", {}).get("Total link strength", 0),
            d.get("scores", {}).get("Avg. pub. year"),
        )
        for d in doc.get("items", [])
    ]
    links = [(int(d["source_id"]), int(d["target_id"]), d.get("strength", 1)) for d in doc.get("links", [])]
    return items, links


def read_vosviewer_files(map_text: str, network_text: str) -> tuple[list[VosItem], list[tuple[int, int, float]]]:
    """Items and links from a VOSviewer map file and network file."""
    rows = list(csv.reader(io.StringIO(map_text), delimiter="\t"))
    col = {name: i for i, name in enumerate(rows[0])}
    items = [
        VosItem(
            int(r[col["id"]]),
            r[col["label"]],
            float(r[col["x"]]),
            float(r[col["y"]]),
            _num(r[col["cluster"]]),
            _num(r[col["weight<Occurrences>"]]),
            _num(r[col["weight<Links>"]]),
            _num(r[col["weight<Total link strength>"]]),
            _num(r[col["score<Avg. pub. year>"]]),
        )
        for r in rows[1:]
        if r
    ]
    links = []
    for line in network_text.splitlines():
        if line.strip():
            a, b, *s = line.split("\t")
            links.append((int(a), int(b), _num(s[0]) if s else 1))
    return items, links
