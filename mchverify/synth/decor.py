"""Certificate decoration as page primitives: border frames, guilloche, rosettes, tints.

Real certificates are printed on pre-designed stock: a coloured frame and a faint security
pattern under the text. These are light enough never to hide a character.
"""

from __future__ import annotations

import math
import random

from mchverify.synth.page import RGB, Item, Page, Polyline, Rect

__all__ = ["BORDER_STYLES", "FRAME_COLORS", "PAPERS", "add_background", "add_border"]

PAPERS: tuple[tuple[str, RGB], ...] = (
    ("white", (252, 252, 250)), ("white", (250, 250, 247)), ("cream", (252, 248, 234)),
    ("green", (241, 248, 240)), ("blue", (240, 245, 252)), ("pink", (252, 243, 242)),
)
FRAME_COLORS: tuple[RGB, ...] = ((176, 132, 60), (150, 42, 40), (40, 108, 72), (42, 72, 140),
                                 (40, 40, 44), (196, 150, 70))
BORDER_STYLES = ("double", "triple", "wave", "chain", "corner")


def _rect_line(x0: float, y0: float, x1: float, y1: float, w: float, c: RGB) -> Polyline:
    return Polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], w, c, closed=True)


def _wave_edge(a: tuple[float, float], b: tuple[float, float], amp: float, period: float,
               w: float, c: RGB, phase: float) -> Polyline:
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    n = max(8, int(length / period * 12))
    pts = []
    for i in range(n + 1):
        t = i / n
        s = amp * math.sin(2 * math.pi * t * length / period + phase)
        pts.append((x0 + (x1 - x0) * t + nx * s, y0 + (y1 - y0) * t + ny * s))
    return Polyline(pts, w, c)


def add_border(page: Page, rng: random.Random, margin: float, style: str, color: RGB) -> float:
    """Draw a frame `margin` mm inside the sheet edge; returns the inner edge's inset."""
    w, h = page.width, page.height
    m = margin
    items: list[Item] = []
    if style == "double":
        items.append(_rect_line(m, m, w - m, h - m, 1.2, color))
        items.append(_rect_line(m + 2.2, m + 2.2, w - m - 2.2, h - m - 2.2, 0.35, color))
        inner = m + 2.2
    elif style == "triple":
        items.append(_rect_line(m, m, w - m, h - m, 0.5, color))
        items.append(_rect_line(m + 1.6, m + 1.6, w - m - 1.6, h - m - 1.6, 1.4, color))
        items.append(_rect_line(m + 3.6, m + 3.6, w - m - 3.6, h - m - 3.6, 0.4, color))
        inner = m + 3.6
    elif style == "wave":
        band = 5.0
        items.append(_rect_line(m, m, w - m, h - m, 0.6, color))
        items.append(_rect_line(m + band, m + band, w - m - band, h - m - band, 0.6, color))
        mid = m + band / 2
        corners = [(mid, mid), (w - mid, mid), (w - mid, h - mid), (mid, h - mid)]
        for phase in (0.0, math.pi):
            for i in range(4):
                items.append(_wave_edge(corners[i], corners[(i + 1) % 4], band * 0.32, 6.0, 0.3,
                                        color, phase))
        inner = m + band
    elif style == "chain":
        band = 4.5
        items.append(_rect_line(m, m, w - m, h - m, 0.5, color))
        items.append(_rect_line(m + band, m + band, w - m - band, h - m - band, 0.5, color))
        mid = m + band / 2
        step = 5.0
        r = band * 0.3
        for x0, y0, x1, y1 in ((mid, mid, w - mid, mid), (mid, h - mid, w - mid, h - mid),
                               (mid, mid, mid, h - mid), (w - mid, mid, w - mid, h - mid)):
            n = int(math.hypot(x1 - x0, y1 - y0) / step)
            for i in range(n + 1):
                cx = x0 + (x1 - x0) * i / max(1, n)
                cy = y0 + (y1 - y0) * i / max(1, n)
                items.append(Polyline([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
                                      0.3, color, closed=True))
        inner = m + band
    else:  # corner ornaments on a double line
        items.append(_rect_line(m, m, w - m, h - m, 0.9, color))
        items.append(_rect_line(m + 2.0, m + 2.0, w - m - 2.0, h - m - 2.0, 0.3, color))
        s = 9.0
        for cx, cy, sx, sy in ((m, m, 1, 1), (w - m, m, -1, 1), (m, h - m, 1, -1),
                               (w - m, h - m, -1, -1)):
            items.append(Polyline([(cx + sx * 3.5, cy + sy * s), (cx + sx * 3.5, cy + sy * 3.5),
                                   (cx + sx * s, cy + sy * 3.5)], 0.6, color))
            items.append(Rect(cx + sx * 4.5 - 1.1, cy + sy * 4.5 - 1.1, cx + sx * 4.5 + 1.1,
                              cy + sy * 4.5 + 1.1, None, 0, color))
        inner = m + 2.0
    page.items.extend(items)
    return inner


def _lighten(paper: RGB, color: RGB, amount: float) -> RGB:
    """A colour `amount` of the way from the paper towards `color`."""
    return tuple(int(p + (c - p) * amount) for p, c in zip(paper, color))  # type: ignore[return-value]


def add_background(page: Page, rng: random.Random, kind: str, color: RGB,
                   box: tuple[float, float, float, float]) -> None:
    """Security pattern inside `box`: guilloche waves, a central rosette, or nothing."""
    x0, y0, x1, y1 = box
    dark = sum(color) < 200
    ink = _lighten(page.paper, color, rng.uniform(0.1, 0.16) if dark else rng.uniform(0.14, 0.24))
    if kind == "guilloche":
        n = rng.randint(14, 24)
        period = rng.uniform(25, 45)
        amp = rng.uniform(3, 7)
        gap = (y1 - y0) / n
        for i in range(n):
            base = y0 + gap * (i + 0.5)
            phase = i * rng.uniform(0.3, 0.6)
            pts = []
            steps = int((x1 - x0) / 2.0)
            for k in range(steps + 1):
                x = x0 + (x1 - x0) * k / steps
                y = base + amp * math.sin(2 * math.pi * (x - x0) / period + phase) \
                    + amp * 0.4 * math.sin(2 * math.pi * (x - x0) / (period * 0.37) - phase)
                pts.append((x, y))
            page.items.append(Polyline(pts, 0.18, ink))
    elif kind == "rosette":
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + rng.uniform(-10, 10)
        big = min(x1 - x0, y1 - y0) * rng.uniform(0.28, 0.4)
        for j in range(rng.randint(3, 5)):
            r_out = big * (1 - 0.16 * j)
            lobes = rng.choice((12, 16, 18, 24))
            pts = []
            for k in range(721):
                t = 2 * math.pi * k / 720
                r = r_out * (0.82 + 0.18 * math.cos(lobes * t + j))
                pts.append((cx + r * math.cos(t), cy + r * math.sin(t)))
            page.items.append(Polyline(pts, 0.2, ink, closed=True))
