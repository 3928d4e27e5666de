"""GraphML, GEXF (Gephi, Cytoscape) and node-link JSON.

GraphML and GEXF hold only scalar attributes, so :func:`flat_graph` converts a
paperkg graph first:

* node ``label`` = display name (Gephi and Cytoscape show it), ``type`` = the
  paperkg label (Method, Paper, …); edge ``label`` = relationship type and
  ``weight`` = CO_OCCURS strength, the Paper→entity mention count or a claim's
  support (``papers``), as a float; claims keep ``papers``, ``paper_ids``,
  ``evidence``, ``confidence`` and ``sources`` as edge attributes;
* lists become one string: ``aliases``/``authors`` joined with ``"; "``,
  ``evidence`` with ``" | "``; ``None`` values are left out;
* ``key`` is written as ``canonical_key`` and a Paper's ``id`` as ``paper_id``
  (GEXF reserves both names);
* every edge gets a unique id ``"<from>|<TYPE>|<to>"``;
* characters XML 1.0 cannot hold (control characters, lone surrogates) are
  written as visible escapes (``\\x01``) in ids and values alike
  (:func:`kg.core.safe_text.xml_text`); an id that would then equal another gets
  ``#2``, ``#3``… so no two nodes merge.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.core.safe_text import json_text, xml_text
from kg.present.export.io import atomic_write_text
from queries.schema import CO_OCCURS

#: node attributes renamed in GraphML/GEXF (GEXF takes a node ``id`` attribute as the node's id,
#: and turns any ``key`` attribute into ``networkx_key``)
RENAMED = {"id": "paper_id", "key": "canonical_key"}
LIST_SEPARATORS = {"evidence": " | "}
DEFAULT_SEPARATOR = "; "


def edge_id(u: str, v: str, k: str) -> str:
    """The id an edge has in exported files.

    >>> edge_id("Paper:p1", "Method:bert", "USES")
    'Paper:p1|USES|Method:bert'
    """
    return f"{u}|{k}|{v}"


def flat_value(name: str, value: object) -> object:
    """A value GraphML/GEXF can hold (str, int, float, bool); ``None`` stays ``None``.

    >>> flat_value("aliases", ["SAE", "SAEs"]), flat_value("evidence", ["A.", "B."])
    ('SAE; SAEs', 'A. | B.')
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        if not value:
            return None
        value = LIST_SEPARATORS.get(name, DEFAULT_SEPARATOR).join(str(v) for v in value)
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (bool, int, float)):
        return value
    return xml_text(str(value))


def xml_ids(nodes) -> dict:
    """Node id → an id XML can hold, distinct for distinct nodes.

    >>> xml_ids(["Method:a\\x01", "Method:a\\\\x01", "Method:b"])
    {'Method:a\\x01': 'Method:a\\\\x01', 'Method:a\\\\x01': 'Method:a\\\\x01#2', 'Method:b': 'Method:b'}
    """
    out: dict = {}
    used: set[str] = set()
    for n in nodes:
        base = new = xml_text(str(n))
        i = 1
        while new in used:
            i += 1
            new = f"{base}#{i}"
        used.add(new)
        out[n] = new
    return out


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with only scalar attributes, in the layout described above."""
    H: nx.MultiDiGraph = nx.MultiDiGraph()
    ids = xml_ids(G.nodes)
    for n, d in G.nodes(data=True):
        attrs: dict[str, Any] = {
            RENAMED.get(k, k): flat_value(k, v) for k, v in d.items() if k not in ("label", "name")
        }
        attrs = {k: v for k, v in attrs.items() if v is not None}
        attrs["type"] = str(d.get("label", ""))
        attrs["label"] = flat_value("name", d.get("name")) or ids[n]
        H.add_node(ids[n], **attrs)
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = {a: flat_value(a, x) for a, x in d.items() if a != "type"}
        attrs = {a: x for a, x in attrs.items() if x is not None}
        attrs["label"] = xml_text(str(k))
        weight = d.get("strength") if k == CO_OCCURS else d.get("count", d.get("papers"))  # claims: support
        attrs["weight"] = float(weight if weight is not None else 1.0)
        for a in ("strength", "confidence"):
            if a in attrs:
                attrs[a] = float(attrs[a])
        eid = edge_id(ids[u], ids[v], xml_text(str(k)))
        H.add_edge(ids[u], ids[v], key=eid, id=eid, **attrs)
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GraphML (edge ids are the unique ``u|TYPE|v`` ids)."""
    H = flat_graph(G)
    for _, _, d in H.edges(data=True):
        d.pop("id", None)  # networkx writes the key as the GraphML edge id
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", named_key_ids=True)
    atomic_write_text(path, buf.getvalue().decode("utf-8"))


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GEXF 1.2 (Gephi's format)."""
    buf = io.BytesIO()
    nx.write_gexf(flat_graph(G), buf, encoding="utf-8", version="1.2draft")
    atomic_write_text(path, buf.getvalue().decode("utf-8"))


def write_node_link(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Node-link JSON (``networkx.node_link_graph(data, edges="edges")`` reads it back; lists stay lists).

    Each node's ``id`` is its node id (the node-link convention), so a Paper's
    ``id`` attribute (equal to its ``key``) is not repeated.
    """
    data = nx.node_link_data(G, edges="edges")
    data["graph"] = {k: v for k, v in data.get("graph", {}).items() if isinstance(v, (str, int, float, bool, list))}
    atomic_write_text(path, json_text(json.dumps(data, ensure_ascii=False, indent=1)) + "\n")
