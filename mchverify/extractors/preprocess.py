"""OpenCV page preparation before OCR: find the sheet in a photo, flatten it, drop seal red.

Orientation and skew are not handled here: the OCR engine derives both from its own text
detection (one pass), which is cheaper and more reliable than a second image analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from mchverify.extractors.seals import (
    find_grey_seal_marks,
    find_seals,
    is_grey_copy,
    ring_level,
    seal_box,
)

__all__ = [
    "Prepared",
    "find_document_quad",
    "lift_rules",
    "prepare_page",
    "suppress_red",
    "upright",
    "warp_document",
]

#: Work size for the sheet search: contours are stable at this scale and it costs ~5 ms.
_SEARCH_SIDE = 640


@dataclass(frozen=True)
class Prepared:
    """The page to OCR and what was done to it."""

    image: np.ndarray
    cropped: bool
    quad: np.ndarray | None = None
    #: the (cropped) page before red ink was suppressed: what the seal and tamper checks see
    colour: np.ndarray | None = None


def prepare_page(image: np.ndarray, *, crop: bool = True, drop_red: bool = True,
                 drop_rules: bool = True) -> Prepared:
    """Crop a photographed sheet off its background, suppress red ink, lift ruled lines."""
    quad = find_document_quad(image) if crop else None
    page = warp_document(image, quad) if quad is not None else image
    colour = page
    if drop_red:
        page = suppress_red(page)
    if drop_rules and not is_grey_copy(page):  # a copy's streaks and crushed print are
        page = lift_rules(page)                 # no rules: lifting them cuts characters
    return Prepared(image=page, cropped=quad is not None, quad=quad, colour=colour)


#: A ruled line is a straight dark run at least this share of the page's width…
_RULE_MIN_SHARE = 1 / 12
#: …darker than the paper around it by this much (grey levels).
_RULE_INK = 40


def lift_rules(image: np.ndarray) -> np.ndarray:
    """Paint long horizontal rules (a blank's fill-in lines, table rules, frames) with the
    paper around them.

    A printer's fill lands on or across the blank's fill-in line; where a digit's foot
    sits on the rule the detector sees one long dark bar and reads the number short or
    not at all (510121198010147588 read as 588). Characters have no straight run a
    twelfth of the page wide, so only the rules go; a character crossing one loses at most
    the rule's own thickness of its stroke.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(cv2.medianBlur(small, 5), (w, h), interpolation=cv2.INTER_LINEAR)
    ink = (cv2.subtract(paper, gray) > _RULE_INK).view(np.uint8) * np.uint8(255)
    k = max(40, int(w * _RULE_MIN_SHARE))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                           (k, 1)))
    if not rules.any():
        return image
    rules = _free_standing(rules, ink, h)
    if not rules.any():
        return image
    rules = cv2.dilate(rules, np.ones((3, 1), np.uint8))  # the rule's anti-aliased edges
    where = rules > 0
    out = image.copy()
    out[where] = paper[where][:, None] if image.ndim == 3 else paper[where]
    return out


def _free_standing(rules: np.ndarray, ink: np.ndarray, height: int) -> np.ndarray:
    """The horizontal rules that meet no vertical rule: a blank's fill-in lines. A table's
    rules and a border frame stay, since the cells they close are where the reader looks
    for labels and values (a letter-spaced label sits against them)."""
    k = max(20, height // 40)
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    vertical = cv2.dilate(vertical, np.ones((7, 7), np.uint8))
    n, labels = cv2.connectedComponents(rules, connectivity=8)
    if n <= 1:
        return rules
    touching = np.unique(labels[(vertical > 0) & (labels > 0)])
    keep = np.ones(n, bool)
    keep[0] = False
    keep[touching] = False
    return (keep[labels]).view(np.uint8) * np.uint8(255)


def find_document_quad(image: np.ndarray, *, min_area: float = 0.2,
                       max_area: float = 0.95) -> np.ndarray | None:
    """Four corners of a sheet photographed on a darker background, or None for a scan.

    Two candidates: the largest bright region (robust to busy backgrounds) and the largest
    closed outline of edges (robust to a shadow across the sheet, which splits the bright
    region); the larger one that really stands out from its surroundings wins.
    """
    h, w = image.shape[:2]
    scale = _SEARCH_SIDE / max(h, w)
    small = cv2.resize(image, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    best: np.ndarray | None = None
    best_area = 0.0
    for outline in (_bright_outline(gray), _edge_outline(gray)):
        if outline is None:
            continue
        area = cv2.contourArea(outline) / float(gray.shape[0] * gray.shape[1])
        if min_area <= area <= max_area and area > best_area and _stands_out(gray, outline):
            best, best_area = outline, area
    if best is None:
        return None
    return _order_corners(best.reshape(4, 2).astype(np.float32) / scale)


def _quad_of(contour: np.ndarray) -> np.ndarray | None:
    """The contour's convex hull as four corners, if it is a quadrilateral."""
    hull = cv2.convexHull(contour)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    return approx if len(approx) == 4 else None


def _bright_outline(gray: np.ndarray) -> np.ndarray | None:
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return _quad_of(max(contours, key=cv2.contourArea)) if contours else None


def _edge_outline(gray: np.ndarray) -> np.ndarray | None:
    edges = cv2.dilate(cv2.Canny(gray, 30, 90), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        quad = _quad_of(contour)
        if quad is not None:
            return quad
    return None


def _stands_out(gray: np.ndarray, quad: np.ndarray) -> bool:
    """A photo's background is darker than the sheet; a scan's margin round a printed
    frame is the same paper, and cropping to the frame would cut text off."""
    inside = np.zeros(gray.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.reshape(4, 2), 1)
    if inside.all():
        return False
    return float(gray[inside == 1].mean()) - float(gray[inside == 0].mean()) >= 40


def warp_document(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Flatten the sheet to a rectangle the size of its longer edges."""
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                   dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def suppress_red(image: np.ndarray, regions: list[tuple[int, int, int, int]] | None = None,
                 *, force: bool = False) -> np.ndarray:
    """Lift seal ink to paper brightness so the characters a seal crosses stay readable.

    Only inside `regions` (default: the detected seals), so red printing elsewhere is kept.
    `force`: on a copy, lift even a seal as dark as the print, at a fixed cut (thin strokes
    of the print go with it: a second reading for a value the first did not find).
    """
    if image.ndim != 3:
        return image
    if is_grey_copy(image):
        return _lift_grey_seals(image, regions, force=force)
    if regions is None:
        regions = find_seals(image)
    if not regions:
        return image
    out = image.copy()
    for x0, y0, x1, y1 in regions:
        out[y0:y1, x0:x1] = _lift_seal_ink(out[y0:y1, x0:x1, 2], _COLOUR_KEEP)[:, :, None]
    return out


#: share of the way from the text's level to the paper's at which ink already counts as
#: background: in the red channel a red seal is nearly paper
_COLOUR_KEEP = 0.7
#: on a copy the seal is grey, and only sometimes lighter than the print: its ring's grey
#: as a share of the way from the print's level to the paper's must reach this for a cut
#: between them to keep the print whole (below it the seal is left as it is: the reader
#: does better on characters crossed by a dark ring than on characters cut to pieces)
_GREY_MIN_REL = 0.2
#: the cut lies this share of the way from the print's level to the ring's
_GREY_CUT = 0.75
#: a forced cut (see `suppress_red`): this share of the way from the print to the paper
_GREY_FORCED_CUT = 0.35


def _lift_grey_seals(image: np.ndarray,
                     regions: list[tuple[int, int, int, int]] | None = None, *,
                     force: bool = False) -> np.ndarray:
    """A copy's grey seals taken off the characters they cross.

    No channel separates grey from grey. A copier often prints a red seal a mid grey and
    black print black, and where it does a cut between the two levels — measured on each
    seal's own ring and print — takes the seal out. Where the copier made the seal as dark
    as the print (a dark toner setting), no cut can, and the page stays as it is (taking
    the ring and star out by shape was tried: it read as many issuers more as it lost)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    marks = find_grey_seal_marks(image)
    if regions is not None:  # the caller's boxes: the marks whose centre they hold
        marks = [m for m in marks if any(x0 <= m.cx <= x1 and y0 <= m.cy <= y1
                                         for x0, y0, x1, y1 in regions)]
    out = image
    for m in marks:
        x0, y0, x1, y1 = seal_box(m, image.shape)
        box = gray[y0:y1, x0:x1]
        paper = float(np.percentile(box, 90))
        text = _print_level(box, m.radius, paper)
        spread = max(paper - text, 60.0)
        rel = (ring_level(gray, m) - text) / spread
        if rel < _GREY_MIN_REL and not force:
            continue
        if out is image:
            out = image.copy()
        cut = max(_GREY_CUT * rel, _GREY_FORCED_CUT) if force else _GREY_CUT * rel
        out[y0:y1, x0:x1] = _lift_seal_ink(box, cut, levels=(text, paper))[:, :, None]
    return out


#: the print's level near a seal: this percentile of its thin strokes' grey (the darkest
#: few are a photo's rim or the sheet's edge, not print)
_PRINT_PERCENTILE = 5
#: a solid patch is ink this share of a seal's radius thick (a photo, a star, the sheet's
#: dark edge): no stroke of print
_SOLID_SHARE = 0.12


def _solid_ink(ink: np.ndarray, radius: float) -> np.ndarray:
    """Patches of `ink` (0/1) thicker than any stroke, grown over their blurred rims."""
    k = max(5, int(_SOLID_SHARE * radius)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    return cv2.dilate(cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel), kernel)


def _print_level(box: np.ndarray, radius: float, paper: float) -> float:
    """The grey of the print's strokes in a seal's box. A booklet's seal sits on the
    photo's corner: the darkest pixels of the box are the photo's, and measured on them
    the print counted as pale as the seal and was lifted with it."""
    ink = (box < 0.85 * paper).view(np.uint8)
    thin = box[(ink > 0) & (_solid_ink(ink, radius) == 0)]
    if thin.size < 50:
        return float(np.percentile(box, 1))
    return float(np.percentile(thin, _PRINT_PERCENTILE))


def _lift_seal_ink(red: np.ndarray, keep: float,
                   levels: tuple[float, float] | None = None) -> np.ndarray:
    """The red channel, stretched so that the paper and seal ink are white, text black.

    In the red channel seal ink is nearly as bright as paper, black text stays dark. The
    levels are the region's own (darkest text, paper): in a shaded phone photo the paper
    is grey and the ring darker still, so a fixed cut-off would leave the ring in place.
    `levels`: (print, paper) when the caller measured them better than the region's
    darkest pixels can (a copy's seal box holding a photo's dark).
    """
    values = red.astype(np.float32)
    if levels is None:
        levels = (float(np.percentile(values, 1)), float(np.percentile(values, 90)))
    text, paper = levels
    spread = max(paper - text, 60.0)
    stretched = (values - text) * (255.0 / (keep * spread))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """tl, tr, br, bl from four unordered points."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
                    dtype=np.float32)


_TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def upright(image: np.ndarray, rotation: int, skew: float) -> np.ndarray:
    """The page turned by `rotation` (clockwise degrees) and deskewed by `skew` degrees about
    its centre: the frame OCR reports its line boxes in (see ocr.base.quad_to_upright_box)."""
    if rotation % 360:
        image = cv2.rotate(image, _TURN[rotation % 360])
    if abs(skew) < 0.05:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)
