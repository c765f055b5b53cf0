"""Red official seals (公章) on a page: the ink mask, round stamps and the areas they cover.

Two finders, because seals reach the scanner in two shapes. Most close into one roughly
square red blob (ring, star and arc text together): `find_seals` takes those whole, with the
lines they cross. Some are joined to red-brown table rules or a border, or broken up by the
print over them; `find_seal_marks` finds those by the ring itself: red ink running round a
circle, which titles, rules and text do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

__all__ = ["RedBlobs", "SealMark", "find_seal_marks", "find_seals", "percentile_u8", "red_blobs", "red_mask"]

#: work size of the blob finder (seals are large; their shape is clear at this scale)
_BLOB_SIDE = 640


def red_mask(image: np.ndarray, *, strict: bool = False) -> np.ndarray:
    """Pixels where red dominates, down to the pale pink of a thin, light seal impression.

    `strict` also asks for real saturation: a cream or yellowed paper is slightly red too,
    and must not turn a whole page into one "seal" when looking for stamps; and for red,
    not brown: a certificate's brown print (frame, table rules, labels) is orange-leaning,
    green well above blue, where seal ink (crimson to vermilion) has green near blue; and
    seal ink is light (its red channel well over half the paper's), maroon rules are dark.
    """
    b, g, r = cv2.split(np.ascontiguousarray(image[..., :3]))
    # saturating uint8 arithmetic: r - max(g, b) > 15 exactly, without int16 page copies
    loose = cv2.subtract(r, cv2.max(g, b)) > 15
    if not strict:
        return loose
    # the strict tests only where red dominates at all: a few per cent of a page
    where = np.flatnonzero(loose)
    rr, gg, bb = (c.ravel()[where].astype(np.int16) for c in (r, g, b))
    paper = percentile_u8(r, 90)
    keep = (((rr - np.minimum(gg, bb)) * 100 > 30 * np.maximum(rr, 1))
            & ((gg - bb) * 2 < (rr - gg)) & (rr * 100 > 55 * paper))
    out = np.zeros(loose.size, dtype=bool)
    out[where[keep]] = True
    return out.reshape(loose.shape)


def percentile_u8(channel: np.ndarray, q: float) -> float:
    """np.percentile (linear) of an 8-bit channel, from its histogram: exact, and without
    sorting a page's million values."""
    hist = cv2.calcHist([np.ascontiguousarray(channel)], [0], None, [256], [0, 256])
    cum = np.cumsum(hist.ravel().astype(np.int64))
    n = int(cum[-1])
    pos = q / 100 * (n - 1)
    i = int(pos)
    frac = pos - i
    a = float(np.searchsorted(cum, i + 1))
    if frac == 0 or i + 1 >= n:
        return a
    b = float(np.searchsorted(cum, i + 2))
    return a + (b - a) * frac if frac < 0.5 else b - (b - a) * (1 - frac)


@dataclass(frozen=True)
class RedBlobs:
    """Strictly red ink on a reduced page, closed into blobs: what seal finders start from.
    Coordinates are on the reduced page; divide by `scale` for the page's."""

    mask: np.ndarray  # 255 where red ink
    closed: np.ndarray  # the mask with gaps closed: a seal's ring, star and text in one blob
    scale: float
    side: int  # the reduced page's shorter side


def red_blobs(image: np.ndarray, *, work_side: int, close_div: int,
              sharp: bool = False) -> RedBlobs:
    """Reduce the page to `work_side`, mask red ink, close gaps of 1/`close_div` of its side.

    A scan is reduced by area averaging, which keeps thin, pale ink that sampling would
    miss between its noisy pixels; a `sharp` rendering (a digital PDF) has no noise to
    average, and bilinear reduction is several times cheaper.
    """
    h, w = image.shape[:2]
    scale = min(1.0, work_side / max(h, w))
    how = cv2.INTER_LINEAR if sharp else cv2.INTER_AREA
    small = cv2.resize(image, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=how) if scale < 1 else image
    mask = red_mask(small, strict=True).view(np.uint8) * np.uint8(255)
    side = min(small.shape[:2])
    k = max(3, side // close_div)
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    return RedBlobs(mask=mask, closed=closed, scale=scale, side=side)


def find_seals(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of round red stamps: red blobs about as wide as tall.

    Red titles and red rules are long and thin, so they are left alone; the seal ring plus
    its star and arc text close into one roughly square component.
    """
    if image.ndim != 3:
        return []
    h, w = image.shape[:2]
    blobs = red_blobs(image, work_side=_BLOB_SIDE, close_div=60)
    scale, side = blobs.scale, blobs.side
    _, _, stats, _ = cv2.connectedComponentsWithStats(blobs.closed, connectivity=8)
    boxes = []
    for x, y, bw, bh, area in stats[1:]:
        if not 0.08 * side <= min(bw, bh) <= max(bw, bh) <= 0.45 * side:
            continue  # a letter, or the page's red border frame
        if not 0.6 <= bw / bh <= 1.65:
            continue
        if not 0.04 <= area / float(bw * bh) <= 0.85:
            continue
        # the lines a seal crosses run past its ring: take them in whole, so no line is
        # cut by the edge of the cleaned area
        pad_x, pad_y = bw * 0.6, bh * 0.08
        boxes.append((max(0, int((x - pad_x) / scale)), max(0, int((y - pad_y) / scale)),
                      min(w, int((x + bw + pad_x) / scale)), min(h, int((y + bh + pad_y) / scale))))
    for m in find_seal_marks(image):
        if not any(x0 <= m.cx <= x1 and y0 <= m.cy <= y1 for x0, y0, x1, y1 in boxes):
            pad_x, pad_y = 2 * m.radius * 0.6, 2 * m.radius * 0.08
            boxes.append((max(0, int(m.cx - m.radius - pad_x)), max(0, int(m.cy - m.radius - pad_y)),
                          min(w, int(m.cx + m.radius + pad_x)), min(h, int(m.cy + m.radius + pad_y))))
    return boxes


@dataclass(frozen=True)
class SealMark:
    """A round red stamp: centre and radius in page pixels, ring coverage 0..1."""

    cx: float
    cy: float
    radius: float
    coverage: float


_WORK_SIDE = 1200  # px: seals are large; find them on a reduced page
#: a rendering has no noise to average nor faint ink to keep: its seal's ring is whole at
#: two thirds of that (a 40 mm seal still over 100 px across), for under half the work
_SHARP_WORK_SIDE = 800


def find_seal_marks(image: np.ndarray, *, min_coverage: float = 0.6,
                    sharp: bool = False) -> list[SealMark]:
    """Round red stamps on the page (ring coverage ≥ `min_coverage`); `sharp`: the page is a
    rendering, not a scan (see :func:`red_blobs`)."""
    if image.ndim != 3 or min(image.shape[:2]) < 32:
        return []
    blobs = red_blobs(image, work_side=_SHARP_WORK_SIDE if sharp else _WORK_SIDE,
                      close_div=80, sharp=sharp)
    mask, scale, side = blobs.mask, blobs.scale, blobs.side
    # each blob's outer border: its bounding box, and its enclosing circle (a set of pixels
    # and its outer border have the same convex hull), without labelling every pixel
    # (two-level retrieval: every component's outer border is at the top, also of one that
    # lies in a hole of another, as a seal inside a red frame does)
    contours, tree = cv2.findContours(blobs.closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    outer = [c for c, link in zip(contours, tree[0] if tree is not None else []) if link[3] < 0]
    marks = []
    for border in outer:
        _x, _y, bw, bh = cv2.boundingRect(border)
        if not 0.06 * side <= min(bw, bh) <= max(bw, bh) <= 0.5 * side:
            continue
        if not 0.7 <= bw / bh <= 1.45:  # a seal is round (a photo may flatten it a little)
            continue
        (cx, cy), r = cv2.minEnclosingCircle(border)
        cov = _ring_coverage(mask, cx, cy, r)
        if cov >= min_coverage:
            marks.append(SealMark(float(cx) / scale, float(cy) / scale, float(r) / scale,
                                  round(cov, 3)))
    if not marks and mask.any():
        marks = _hough_marks(mask, side, scale, min_coverage)
    return _outermost(marks)


def _outermost(marks: list[SealMark]) -> list[SealMark]:
    """One mark per seal: a star or a ring of text inside a seal's rim is part of it."""
    marks = sorted(marks, key=lambda m: -m.radius)
    kept: list[SealMark] = []
    for m in marks:
        if not any(np.hypot(m.cx - k.cx, m.cy - k.cy) < k.radius for k in kept):
            kept.append(m)
    return kept


def _hough_marks(mask: np.ndarray, side: int, scale: float,
                 min_coverage: float) -> list[SealMark]:
    """Seals whose ink is split in pieces (a line of text or a patch across the ring):
    circles through the red ink, kept when the ink runs round them."""
    blurred = cv2.GaussianBlur(mask, (5, 5), 1.5)
    circles = cv2.HoughCircles(blurred, cv2.HOUGH_GRADIENT, dp=2, minDist=side * 0.1,
                               param1=100, param2=30, minRadius=int(0.03 * side),
                               maxRadius=int(0.25 * side))
    marks = []
    for cx, cy, r in (circles[0] if circles is not None else [])[:8]:
        cov = _ring_coverage(mask, float(cx), float(cy), float(r) * 1.04)
        if cov >= min_coverage:
            marks.append(SealMark(float(cx) / scale, float(cy) / scale, float(r) / scale,
                                  round(cov, 3)))
    return marks


def _ring_coverage(mask: np.ndarray, cx: float, cy: float, r: float) -> float:
    """Share of directions from the centre in which red ink lies near the rim."""
    angles = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    radii = np.linspace(0.78 * r, 1.0 * r, 6)
    xs = (cx + np.outer(radii, np.cos(angles))).round().astype(int)
    ys = (cy + np.outer(radii, np.sin(angles))).round().astype(int)
    ok = (xs >= 0) & (ys >= 0) & (xs < mask.shape[1]) & (ys < mask.shape[0])
    hit = np.zeros_like(ok)
    hit[ok] = mask[ys[ok], xs[ok]] > 0
    return float(hit.any(axis=0).mean())
