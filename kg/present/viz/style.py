"""Colours and shapes: by node type, by community, by average publication year.

Type colours are the Okabe–Ito colour-blind-safe palette; shapes differ per
type too, so the type stays readable when colouring by community or year.
"""

from __future__ import annotations

from queries.schema import (
    CLAIM_RELS,
    COMPARED_WITH,
    CONCEPT,
    DATASET,
    EVALUATES,
    EXTENDS,
    FEATURE_OF,
    IS_A,
    METHOD,
    METRIC,
    OUTPERFORMS,
    PAPER,
    PART_OF,
    TASK,
    USED_FOR,
)

#: label -> (colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str]] = {
    METHOD: ("#0072B2", "dot"),
    DATASET: ("#E69F00", "diamond"),
    TASK: ("#009E73", "triangle"),
    METRIC: ("#CC79A7", "star"),
    CONCEPT: ("#D55E00", "hexagon"),
    PAPER: ("#7a7a7a", "square"),
}
UNKNOWN_STYLE = ("#999999", "dot")
MISSING = "#c8c8c8"  # no community / no year

#: categorical colours for communities (Tableau 10, then lighter variants)
COMMUNITY_COLOURS = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#A0CBE8",
    "#FFBE7D",
    "#FF9D9A",
    "#8CD17D",
    "#F1CE63",
    "#D4A6C8",
)

#: viridis, sampled at 9 stops (dark blue = earliest, yellow = latest)
YEAR_RAMP = ("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")


def type_style(label: str | None) -> tuple[str, str]:
    """(colour, shape) for a node label.

    >>> type_style("Dataset")
    ('#E69F00', 'diamond')
    """
    return TYPE_STYLE.get(label, UNKNOWN_STYLE) if label is not None else UNKNOWN_STYLE


def community_colour(index: int | None) -> str:
    """Colour of community ``index`` (0 = largest); ``None`` → grey.

    >>> community_colour(0), community_colour(None)
    ('#4E79A7', '#c8c8c8')
    """
    if index is None:
        return MISSING
    return COMMUNITY_COLOURS[index % len(COMMUNITY_COLOURS)]


def hex_rgb(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def ramp(t: float, stops: tuple[str, ...] = YEAR_RAMP) -> str:
    """Colour at position ``t`` in [0, 1] along ``stops`` (linear in RGB).

    >>> ramp(0.0), ramp(1.0)
    ('#440154', '#fde725')
    """
    t = min(1.0, max(0.0, t))
    x = t * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    f = x - i
    a, b = hex_rgb(stops[i]), hex_rgb(stops[i + 1])
    return "#" + "".join(f"{round(a[j] + (b[j] - a[j]) * f):02x}" for j in range(3))


def year_colour(year: float | None, lo: float, hi: float) -> str:
    """Colour of an (average) year within [lo, hi]; ``None`` → grey.

    >>> year_colour(2020, 2020, 2024), year_colour(None, 2020, 2024)
    ('#440154', '#c8c8c8')
    """
    if year is None:
        return MISSING
    return ramp(0.5 if hi <= lo else (year - lo) / (hi - lo))


#: claim family -> (colour, vis-network dashes: False = solid); paper links are grey [3, 4] dashes
CLAIM_FAMILIES: dict[str, tuple[str, bool | list[int]]] = {
    "use and evaluation": ("#0060a8", False),
    "kinds and parts": ("#1b8a5a", [10, 4]),
    "comparison": ("#c0392b", [12, 3, 3, 3]),
    "lineage": ("#8e44ad", [2, 3]),
}
#: claim predicate -> its family in :data:`CLAIM_FAMILIES`
CLAIM_FAMILY: dict[str, str] = {
    USED_FOR: "use and evaluation",
    EVALUATES: "use and evaluation",
    IS_A: "kinds and parts",
    PART_OF: "kinds and parts",
    FEATURE_OF: "kinds and parts",
    COMPARED_WITH: "comparison",
    OUTPERFORMS: "comparison",
    EXTENDS: "lineage",
}
assert set(CLAIM_FAMILY) == set(CLAIM_RELS)


def claim_text(predicate: str) -> str:
    """A claim predicate as an arrow's label.

    >>> claim_text("USED_FOR")
    'used for'
    """
    return predicate.lower().replace("_", " ")


def claim_style(predicate: str) -> tuple[str, bool | list[int]]:
    """(colour, dashes) of a claim arrow: by the predicate's family.

    >>> claim_style("OUTPERFORMS")
    ('#c0392b', [12, 3, 3, 3])
    """
    return CLAIM_FAMILIES[CLAIM_FAMILY[predicate]]
