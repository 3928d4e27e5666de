"""The density view: a kernel density of the terms (weighted by papers) as a PNG.

Like VOSviewer's density view: every term spreads its weight with a Gaussian
kernel over the map; the summed density is coloured from transparent (none)
through blue and green to yellow (highest). The picture is computed here on
a grid in map coordinates and drawn under the terms by the page.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
from scipy.ndimage import gaussian_filter

from kg.present.viz.style import YEAR_RAMP, hex_rgb

CELLS = 256  # grid cells along the longer side
KERNEL = 60.0  # kernel standard deviation in map pixels


def png_bytes(rgba: np.ndarray) -> bytes:
    """An RGBA ``uint8`` array of shape (h, w, 4) as PNG file bytes.

    >>> png_bytes(np.zeros((2, 3, 4), dtype=np.uint8))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    h, w, _ = rgba.shape
    raw = b"".join(b"\x00" + rgba[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def density_grid(points: list[tuple[float, float, float]], kernel: float = KERNEL, cells: int = CELLS):
    """(density in [0, 1] with shape (h, w), bounds (x0, y0, x1, y1)) for (x, y, weight) points.

    >>> d, b = density_grid([(0, 0, 1), (500, 0, 1)])
    >>> float(d.max()), d.shape[1] == 256, b[0] < 0 < 500 < b[2]
    (1.0, True, True)
    """
    xy = np.array([(x, y) for x, y, _ in points], dtype=float).reshape(-1, 2)
    w = np.array([max(0.0, float(v)) for _, _, v in points], dtype=float)
    margin = 3 * kernel
    x0, y0 = xy.min(axis=0) - margin if len(xy) else (-margin, -margin)
    x1, y1 = xy.max(axis=0) + margin if len(xy) else (margin, margin)
    cell = max(x1 - x0, y1 - y0) / cells
    nx_, ny_ = max(1, int(np.ceil((x1 - x0) / cell))), max(1, int(np.ceil((y1 - y0) / cell)))
    grid, _, _ = np.histogram2d(
        xy[:, 1], xy[:, 0], bins=(ny_, nx_), range=((y0, y0 + ny_ * cell), (x0, x0 + nx_ * cell)), weights=w
    )
    grid = gaussian_filter(grid, sigma=kernel / cell, mode="constant")
    # the top 1% of the covered area is "highest": one very frequent term does not wash out the rest
    covered = grid[grid > grid.max() * 1e-3]
    top = float(np.percentile(covered, 99)) if covered.size else 0.0
    return (np.clip(grid / top, 0, 1) if top > 0 else grid), (
        float(x0),
        float(y0),
        float(x0 + nx_ * cell),
        float(y0 + ny_ * cell),
    )


def colour_density(d: np.ndarray) -> np.ndarray:
    """RGBA ``uint8`` image: viridis colour by density, alpha rising with it (0 = transparent)."""
    stops = np.array([hex_rgb(c) for c in YEAR_RAMP], dtype=float)
    t = np.sqrt(np.clip(d, 0, 1))  # sqrt: the low-density fringe stays visible next to the peaks
    x = t * (len(stops) - 1)
    i = np.minimum(x.astype(int), len(stops) - 2)
    f = (x - i)[..., None]
    rgb = stops[i] * (1 - f) + stops[i + 1] * f
    alpha = np.clip((t - 0.12) * 2.6, 0, 0.92) * 255  # fades out before the grid's edge
    return np.concatenate([rgb, alpha[..., None]], axis=-1).round().astype(np.uint8)


def density_image(points: list[tuple[float, float, float]], kernel: float | None = None) -> dict:
    """``{"src": PNG data URI, "bounds": [x0, y0, x1, y1]}`` for the page's density view.

    The kernel defaults to :data:`KERNEL` or 1/45 of the map's width, whichever is larger.
    """
    if kernel is None:
        xs = [x for x, _, _ in points] or [0.0]
        ys = [y for _, y, _ in points] or [0.0]
        kernel = max(KERNEL, max(max(xs) - min(xs), max(ys) - min(ys)) / 45)
    d, bounds = density_grid(points, kernel)
    src = "data:image/png;base64," + base64.b64encode(png_bytes(colour_density(d))).decode("ascii")
    return {"src": src, "bounds": [round(b, 1) for b in bounds]}
