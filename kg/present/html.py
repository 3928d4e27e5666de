"""What both offline pages (``kg viz``, ``kg map``) share: the Jinja environment
over ``kg/present/templates``, vis-network's files from the installed pyvis, and
small text helpers."""

from __future__ import annotations

import math
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kg.core.errors import PageError

#: vis-network's files inside the installed pyvis package
VIS_DIR = "templates/lib/vis-9.1.2"


def vis_asset(name: str) -> str:
    """A vis-network file from the copy bundled in the installed pyvis package."""
    try:
        return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise PageError(f"pyvis does not ship {VIS_DIR}/{name}; reinstall pyvis>=0.3.2") from exc


def short(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis.

    >>> short("Sparse   autoencoders find features", 12)
    'Sparse auto…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def short_words(text: str, n: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``n`` characters with an ellipsis
    (mid-word only when its first word alone is longer); trailing punctuation is dropped before the cut.

    >>> short_words("Learning with noisy labels: a survey of robust training", 28)
    'Learning with noisy labels…'
    >>> short_words("Supercalifragilisticexpialidocious models", 12)
    'Supercalifr…'
    """
    text = " ".join(str(text).split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut and text[n - 1] != " " else cut
    head = head.rstrip(" ,;:.-–—(")
    return (head or cut.rstrip()) + "…"


def shape_svg(shape: str, colour: str) -> Markup:
    """A 16×16 inline SVG glyph of a vis-network shape, for the legend."""
    pts = {
        "diamond": "8,1 15,8 8,15 1,8",
        "triangle": "8,1.5 15,14.5 1,14.5",
        "hexagon": " ".join(
            f"{8 + 7 * math.cos(math.radians(a)):.1f},{8 + 7 * math.sin(math.radians(a)):.1f}"
            for a in range(0, 360, 60)
        ),
        "star": " ".join(
            f"{8 + (7 if i % 2 == 0 else 3) * math.cos(math.radians(-90 + 36 * i)):.1f},"
            f"{8 + (7 if i % 2 == 0 else 3) * math.sin(math.radians(-90 + 36 * i)):.1f}"
            for i in range(10)
        ),
    }
    if shape == "square":
        body = f'<rect x="2" y="2" width="12" height="12" fill="{colour}"/>'
    elif shape in pts:
        body = f'<polygon points="{pts[shape]}" fill="{colour}"/>'
    else:
        body = f'<circle cx="8" cy="8" r="6.5" fill="{colour}"/>'
    return Markup(f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{body}</svg>')


_env: Environment | None = None


def environment() -> Environment:
    """The Jinja environment of paperkg's page templates (autoescaped; ``shape_svg`` global)."""
    global _env
    if _env is None:
        _env = Environment(loader=PackageLoader("kg.present", "templates"), autoescape=select_autoescape(["html"]))
        _env.globals["shape_svg"] = shape_svg
    return _env
