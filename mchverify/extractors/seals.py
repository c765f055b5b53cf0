"""Official seals (公章) on a page: the ink mask, round stamps and the areas they cover.

Two finders for red ink, because seals reach the scanner in two shapes. Most close into one roughly
square red blob (ring, star and arc text together): `find_seals` takes those whole, with the
lines they cross. Some are joined to red-brown table rules or a border, or broken up by the
print over them; `find_seal_marks` finds those by the ring itself: red ink running round a
circle, which titles, rules and text do not.

A photocopy or a fax (复印件) has no red: its seal is a grey or black ring among black
print. `find_grey_seal_marks` finds those by shape alone: circles through the dark ink
(OpenCV's HOUGH_GRADIENT_ALT, which scores how whole each circle is), kept when they look
like a stamp: a thin ring of ink nearly all round, paper just outside it, not a solid disk,
and a star or arc text inside. Table corners, frames, photos and QR codes fail one of
these. It is used where no red seal is found (`inspect_images`), and on a page without
colour (`is_grey_copy`) for the areas the OCR cleans (`find_seals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

__all__ = ["Ink", "RedBlobs", "SealMark", "dark_ink_mask", "find_grey_seal_marks",
           "find_seal_marks", "find_seals", "is_grey_copy", "percentile_u8", "red_blobs",
           "red_mask"]

#: how a seal was found: by its red ink, or by its shape in grey or black ink (a copy)
Ink = Literal["red", "grey"]

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
    its star and arc text close into one roughly square component. On a copy (no colour
    at all) the grey stamps found by their shape, so that the print they cross is cleaned
    of them as well.
    """
    if image.ndim != 3:
        return []
    if is_grey_copy(image):
        return [seal_box(m, image.shape) for m in find_grey_seal_marks(image)]
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
            boxes.append(seal_box(m, image.shape))
    return boxes


def seal_box(m: SealMark, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A seal's box with the lines it crosses taken in (as `find_seals` gives it)."""
    h, w = shape[:2]
    pad_x, pad_y = 2 * m.radius * 0.6, 2 * m.radius * 0.08
    return (max(0, int(m.cx - m.radius - pad_x)), max(0, int(m.cy - m.radius - pad_y)),
            min(w, int(m.cx + m.radius + pad_x)), min(h, int(m.cy + m.radius + pad_y)))


@dataclass(frozen=True)
class SealMark:
    """A round stamp: centre and radius in page pixels, ring coverage 0..1, and the ink it
    was found by (red, or grey/black on a copy)."""

    cx: float
    cy: float
    radius: float
    coverage: float
    ink: Ink = "red"


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
    merged = False  # a blob a seal's size that is no round stamp: a seal grown into more
    for border in outer:
        _x, _y, bw, bh = cv2.boundingRect(border)
        if max(bw, bh) < 0.06 * side:
            continue
        if min(bw, bh) < 0.06 * side or max(bw, bh) > 0.5 * side or not 0.7 <= bw / bh <= 1.45:
            merged = True  # a seal is round (a photo may flatten it a little)
            continue
        (cx, cy), r = cv2.minEnclosingCircle(border)
        cov = _ring_coverage(mask, cx, cy, r)
        if cov < min_coverage:
            merged = True
        elif _red_solid(mask, cx, cy, r) < _MAX_RED_SOLID:  # not the emblem's red disk
            marks.append(SealMark(float(cx) / scale, float(cy) / scale, float(r) / scale,
                                  round(cov, 3)))
    if (merged or not marks) and mask.any():
        # circles through the ink find a seal joined to a booklet's photo (a face's warm
        # tones), a red frame or another seal, which no blob outlines on its own
        marks += _hough_marks(mask, side, scale, min_coverage)
    return _outermost(marks)


def _outermost(marks: list[SealMark]) -> list[SealMark]:
    """One mark per seal: a star or a ring of text inside a seal's rim is part of it."""
    marks = sorted(marks, key=lambda m: -m.radius)
    kept: list[SealMark] = []
    for m in marks:
        if not any(np.hypot(m.cx - k.cx, m.cy - k.cy) < k.radius for k in kept):
            kept.append(m)
    return kept


#: share of the band inside a red circle's rim (0.5-0.85 of its radius: a seal's arc text)
#: that is ink: measured 0.19-0.21 on seals, also on one over a photo's corner; 0.84-0.86 on
#: the national emblem's red field, 0.79 on a circle through a face's warm tones
_MAX_RED_SOLID = 0.5


def _red_solid(mask: np.ndarray, cx: float, cy: float, r: float) -> float:
    """How solid the red is inside a circle's rim: a seal's is a ring of text with paper
    between its characters; a disk (the emblem over a blank's title) or a warm patch (a
    face on a booklet's photo) that a circle happens to pass through is ink throughout."""
    return float(_band(mask, cx, cy, r, 0.5, 0.85, steps=12).mean())


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
        # a ring is thin: ink solid from the rim well inwards all round is a warm patch (a
        # face on a booklet's photo) the circle happens to pass through
        if cov >= min_coverage and _red_solid(mask, float(cx), float(cy), float(r)) < _MAX_RED_SOLID:
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


# --------------------------------------------------------------------------- copies

#: a pixel is coloured when its channels, each taken against the paper's own level, spread
#: by more than this (grey levels, on the page reduced by area averaging: scanner noise
#: and a colour scanner's fringes at black strokes average out below it)
_COLOUR_SPREAD = 30.0
#: a page is a grey copy when less than this share of it is coloured: the seal's ink alone
#: colours 0.5-1 % of an original, its frames and titles more
COPY_MAX_COLOUR_SHARE = 0.0015
#: and it must carry print: a blank back with the front showing faintly through is no copy
_MIN_PRINT_SHARE = 0.005
_COPY_WORK_SIDE = 600


def is_grey_copy(image: np.ndarray) -> bool:
    """Whether the page is printed but has no warm colour against its own paper: a grey or
    black-and-white photocopy, a fax, or a copy on tinted paper (one cast over paper, print
    and seal alike, which dividing by the paper's colour takes out). A page in black print
    alone is one too: what it says is only that no colour can be seen."""
    h, w = image.shape[:2]
    scale = min(1.0, _COPY_WORK_SIDE / max(h, w))
    small = cv2.resize(image, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else image
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    if float((gray < 0.75 * percentile_u8(gray, 90)).mean()) < _MIN_PRINT_SHARE:
        return False
    if small.ndim != 3:
        return True
    paper = np.array([max(1.0, percentile_u8(small[..., c], 90)) for c in range(3)],
                     np.float32)
    balanced = small.astype(np.float32) * (255.0 / paper)
    # warm colour only: a seal's red, a blank's gold or brown. A clerk's blue or black pen
    # on a copy (此复印件与原件一致, a signature) is written after copying and makes no
    # original of it.
    warm = balanced[..., 2] - balanced[..., :2].max(axis=2)
    return float((_inner(warm) > _COLOUR_SPREAD).mean()) < COPY_MAX_COLOUR_SHARE


#: a page cropped off a phone photo often keeps a sliver of the desk along an edge: this
#: share of each side is not looked at for colour
_EDGE_SHARE = 0.02


def _inner(plane: np.ndarray) -> np.ndarray:
    """The plane without a thin band along its edges (`_EDGE_SHARE`)."""
    h, w = plane.shape[:2]
    dy, dx = int(h * _EDGE_SHARE), int(w * _EDGE_SHARE)
    return plane[dy:h - dy, dx:w - dx] if h > 2 * dy and w > 2 * dx else plane


# --------------------------------------------------------------------------- grey seals

#: work size of the grey finder: a 40 mm seal is still ~90 px across on the reduced page
_GREY_WORK_SIDE = 1000
#: dark ink: under this share of the paper's grey. Low enough to keep the pale grey of a
#: seal on a low-contrast copy, high enough that copy noise and paper grain stay out.
_DARK_SHARE = 0.85
#: a seal's radius as a share of the page's shorter side: 35-45 mm seals on A4 are 0.08-0.11;
#: a phone photo's margins and a booklet page widen the range
_MIN_RADIUS, _MAX_RADIUS = 0.045, 0.15
#: a stamp's shape: ink nearly all round its rim (a binary copy breaks it a little), paper
#: beyond the rim in most directions (print crosses it, a table or a photo fills it), no
#: solid disk, and a star or arc text inside
_GREY_MIN_COVERAGE = 0.7
_MIN_CLEAR_OUTSIDE = 0.45
_MAX_SOLID = 0.2
_MIN_TEXT_BAND = 0.3
#: ink over the disk inside the ring: a stamp's arc text and star, with the print it lies
#: on, cover 0.35-0.45 of it on copies (tune toner, fax and buff copies, pale stamps
#: included); a photo with its frame, a circle round it touching the frame, 0.8-0.85
_MAX_INTERIOR = 0.65
#: a ring that is not whole must stand apart: paper just outside it in most directions.
#: Print crossing a stamp fills 0.05-0.3 of them on tune copies (a fax's heavy strokes the
#: most); a circle through a blank's border of diamonds and a QR code's modules, 0.5, and
#: its ring 0.71 whole. A whole ring is a stamp's whatever lies beside it.
_MAX_BESIDE_RIM, _WHOLE_RING = 0.4, 0.85
_MIN_CENTRE_INK = 0.08


def dark_ink_mask(image: np.ndarray, *, work_side: int = _GREY_WORK_SIDE,
                  share: float = _DARK_SHARE) -> tuple[np.ndarray, float]:
    """Dark ink (255) of any colour on the page reduced to `work_side`, and the scale:
    under `share` of the paper's grey.

    The paper's level comes from the page itself, so a grey, tinted or low-contrast copy
    is judged against its own paper."""
    small, paper, scale = _grey_and_paper(image, work_side)
    return _under(small, paper, share), scale


def _grey_and_paper(image: np.ndarray, work_side: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The page in grey reduced to `work_side`, its paper's local grey, and the scale."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = gray.shape[:2]
    scale = min(1.0, work_side / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else gray
    paper = np.minimum(float(percentile_u8(small, 90)), _local_paper(small))
    return small, paper, scale


def _under(small: np.ndarray, paper: np.ndarray, share: float) -> np.ndarray:
    """Ink (255) where the grey is under `share` of the paper's."""
    return (small < share * paper).view(np.uint8) * np.uint8(255)


#: the paper's local level: the brightest grey within this share of the page's longer side
#: (wider than a photo, an emblem or a seal, so their dark never counts as paper)
_PAPER_WINDOW_SHARE = 0.12


def _local_paper(gray: np.ndarray) -> np.ndarray:
    """The paper's grey around each pixel, its upper envelope: a phone photo of a sheet is
    lit unevenly, and against the brightest paper its shaded side counted as ink, a solid
    field in which no seal's ring stands out."""
    h, w = gray.shape[:2]
    f = 16
    small = cv2.resize(gray, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    k = max(3, int(_PAPER_WINDOW_SHARE * max(small.shape[:2])) | 1)
    small = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    small = cv2.GaussianBlur(small, (k, k), 0)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def find_grey_seal_marks(image: np.ndarray, *, min_coverage: float = _GREY_MIN_COVERAGE,
                         ) -> list[SealMark]:
    """Round stamps found by shape in dark ink of any colour (a copy's grey or black seal),
    as marks with `ink="grey"`."""
    if min(image.shape[:2]) < 64:
        return []
    small, paper, scale = _grey_and_paper(image, _GREY_WORK_SIDE)
    marks = _grey_marks(_under(small, paper, _DARK_SHARE), scale, min_coverage)
    if marks or not is_grey_copy(image):
        return marks
    return _grey_marks(_under(small, paper, _FAINT_SHARE), scale, min_coverage)


#: a pale stamp on a low-contrast copy (a buff sheet, toner running low) keeps its ring
#: just under the paper's grey: looked for at this share when none is found at the first.
#: On a copy only: on a colour original that pale ring is an embossed steel seal (钢印)
#: over the photo, no issuer's stamp (tune bench-verify seed 2026, doc0023)
_FAINT_SHARE = 0.93


def _grey_marks(mask: np.ndarray, scale: float, min_coverage: float) -> list[SealMark]:
    """Stamps found by shape in an ink mask of the page reduced by `scale`."""
    side = min(mask.shape[:2])
    blurred = cv2.GaussianBlur(mask, (5, 5), 1.5)
    # ALT scores each circle by how whole its edge is (param2), so the print of a page
    # gives few candidates where the classic detector gives dozens
    circles = cv2.HoughCircles(blurred, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=side * 0.05,
                               param1=300, param2=0.5, minRadius=int(_MIN_RADIUS * side),
                               maxRadius=int(_MAX_RADIUS * side))
    marks = []
    for cx, cy, r in (circles[0] if circles is not None else [])[:12]:
        found = _stamp_shape(mask, float(cx), float(cy), float(r), min_coverage)
        if found is not None:
            radius, cov = found
            marks.append(SealMark(float(cx) / scale, float(cy) / scale, radius / scale,
                                  round(cov, 3), ink="grey"))
    return _outermost(marks)


def ring_level(gray: np.ndarray, mark: SealMark) -> float:
    """The grey of a stamp's ring: along each ray across the rim its darkest pixel (the
    ring's core), the median over all rays (print crossing the ring or a gap in it moves a
    few rays only). On a copy this is what tells the seal's ink from the print's."""
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    radii = np.linspace(0.88 * mark.radius, 1.02 * mark.radius, 10)
    h, w = gray.shape[:2]
    xs = (mark.cx + np.outer(radii, np.cos(angles))).round().astype(int).clip(0, w - 1)
    ys = (mark.cy + np.outer(radii, np.sin(angles))).round().astype(int).clip(0, h - 1)
    return float(np.median(gray[ys, xs].min(axis=0)))


def _stamp_shape(mask: np.ndarray, cx: float, cy: float, r: float,
                 min_coverage: float) -> tuple[float, float] | None:
    """(rim radius, ring coverage) when the circle is a stamp's rim, else None.

    The rim is searched a little either side of the detector's radius (it finds the ring's
    inner or outer edge, or a line of text beside it): the outer edge of the densest ring
    of ink there; the rest is judged at that rim."""
    radii = r * np.linspace(0.9, 1.12, 12)
    density = [_band(mask, cx, cy, rr, 0.97, 1.0, steps=2).mean() for rr in radii]
    rim = float(radii[int(np.argmax(density))]) * 1.02
    best_cov = float(_band(mask, cx, cy, rim, 0.9, 1.0).any(axis=0).mean())
    if best_cov < min_coverage:
        return None
    clear_outside = 1.0 - _band(mask, cx, cy, rim, 1.1, 1.22).any(axis=0).mean()
    # a ring is thin: ink solid from its rim well inwards is a disk (an emblem, a photo)
    solid = _band(mask, cx, cy, rim, 0.7, 1.0, steps=12).all(axis=0).mean()
    text_band = _band(mask, cx, cy, rim, 0.5, 0.86, steps=10).any(axis=0).mean()
    centre = _band(mask, cx, cy, rim, 0.0, 0.3, steps=6).mean()
    interior = _band(mask, cx, cy, rim, 0.0, 0.86, steps=20, directions=90).mean()
    beside = _band(mask, cx, cy, rim, 1.04, 1.1, steps=3).any(axis=0).mean()
    if clear_outside < _MIN_CLEAR_OUTSIDE or solid > _MAX_SOLID or interior > _MAX_INTERIOR:
        return None  # a photo, a QR code or a filled emblem: ink beyond or inside the rim
    if beside > _MAX_BESIDE_RIM and best_cov < _WHOLE_RING:
        return None  # a broken circle through a border's pattern or a code's modules
    if text_band < _MIN_TEXT_BAND and centre < _MIN_CENTRE_INK:
        return None  # an empty circle: no star, no arc text
    return float(rim), float(best_cov)


def _band(mask: np.ndarray, cx: float, cy: float, r: float, inner: float, outer: float,
          *, steps: int = 6, directions: int = 180) -> np.ndarray:
    """Ink hits (steps × directions) on radii from `inner`·r to `outer`·r round the centre."""
    angles = np.linspace(0, 2 * np.pi, directions, endpoint=False)
    radii = np.linspace(inner * r, outer * r, steps)
    xs = (cx + np.outer(radii, np.cos(angles))).round().astype(int)
    ys = (cy + np.outer(radii, np.sin(angles))).round().astype(int)
    ok = (xs >= 0) & (ys >= 0) & (xs < mask.shape[1]) & (ys < mask.shape[0])
    hit = np.zeros(ok.shape, dtype=bool)
    hit[ok] = mask[ys[ok], xs[ok]] > 0
    return hit
