"""A round seal's arc of characters unrolled into a straight line the recogniser reads.

A seal carries the issuing authority's name along its upper arc, each character upright
towards the centre. Unrolling the ring around the seal's centre (a polar unwrap) turns the
arc into a straight line of upright characters: no detector, no character segmentation.
The arc is found, not assumed at 12 o'clock: its ends are the edges of the one wide gap
in the ring of characters, so a seal stamped askew reads the same.

`read_grey_arcs` reads a copy's seals so (dark ink of any colour): on a grey copy the
issuer printed under the seal is often lost to its ring and star, while the seal's own
arc, above the print, still names the authority (`verification.seal_text` reads a colour
seal's red ink the same way, to set it against the printed issuer).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from mchverify.extractors.ocr.base import LineRecognizer
from mchverify.extractors.seals import SealMark, find_grey_seal_marks

__all__ = ["ARC_BANDS", "arc_span", "read_grey_arcs", "rim_radius", "unwrap_arc"]

# A seal's geometry in units of its outer radius (synth/seal.py, after real 公章): a rim
# 0.06 wide, the characters' centres at 0.71, characters at most 0.35 tall.
_TEXT_RADIUS = 0.71
#: radius bands (inner, outer) unrolled and read; the best read wins. Short names have big
#: characters and long names small ones, and a radius found a little off shifts them all.
ARC_BANDS: tuple[tuple[float, float], ...] = ((0.50, 0.92), (0.55, 0.90), (0.46, 0.95))
#: radii of the outer half of the characters: the star and a line under it stay inside
_PROFILE_BAND = (0.75, 0.87)
_STRIP_HEIGHT = 64  # px; the recogniser scales to 48
_MIN_SPAN, _MAX_SPAN = 60.0, 300.0  # degrees: an arc found outside these is not trusted
_DEFAULT_SPAN = (-130.0, 130.0)  # an upright seal's arc, for when none is found
_END_MARGIN = 4.0  # degrees: the smoothed profile eats into the arc's ends


def _polar(ink: np.ndarray, cx: float, cy: float, radii: np.ndarray,
           angles: np.ndarray) -> np.ndarray:
    """`ink` sampled on a polar grid: a row per radius, a column per angle (degrees
    clockwise from 12 o'clock)."""
    theta = np.radians(angles)[None, :]
    rho = radii[:, None]
    map_x = (cx + rho * np.sin(theta)).astype(np.float32)
    map_y = (cy - rho * np.cos(theta)).astype(np.float32)
    return cv2.remap(ink, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                     borderValue=0.0)


def rim_radius(ink: np.ndarray, cx: float, cy: float, radius: float) -> float:
    """The rim's outer edge, where the ring's ink fades outwards: the seal finder measures
    a closed mask on a reduced page, which can be a few per cent off."""
    radii = np.linspace(0.8 * radius, 1.15 * radius, 72)
    profile = _polar(ink, cx, cy, radii, np.arange(0.0, 360.0, 2.0)).mean(axis=1)
    peak = int(np.argmax(profile))
    if profile[peak] < 0.15:
        return radius
    beyond = np.flatnonzero(profile[peak:] < 0.5 * profile[peak])
    return float(radii[peak + beyond[0]]) if len(beyond) else radius


def arc_span(ink: np.ndarray, cx: float, cy: float, radius: float) -> tuple[float, float]:
    """Start and end of the arc text, degrees clockwise from 12 o'clock (start < end): the
    complement of the longest run of angles without ink in the characters' outer half."""
    profile = _polar(ink, cx, cy, np.linspace(_PROFILE_BAND[0] * radius,
                                              _PROFILE_BAND[1] * radius, 12),
                     np.arange(0.0, 360.0, 1.0)).mean(axis=0)
    profile = np.convolve(np.concatenate([profile[-3:], profile, profile[:3]]),
                          np.ones(7) / 7, mode="valid")
    empty = profile < 0.2 * float(np.percentile(profile, 95))
    if empty.all() or not empty.any():
        return _DEFAULT_SPAN
    gap_start, gap_len = _longest_circular_run(empty)
    span = 360.0 - gap_len
    if not _MIN_SPAN <= span <= _MAX_SPAN:
        return _DEFAULT_SPAN
    start = float((gap_start + gap_len) % 360)
    if start > 180:
        start -= 360
    return start - _END_MARGIN, start + span + _END_MARGIN


def _longest_circular_run(flags: np.ndarray) -> tuple[int, int]:
    """Start index and length of the longest run of True, wrapping round the end (at
    least one flag must be False)."""
    n = len(flags)
    shift = int(np.argmin(flags))  # a False: no run crosses the seam after rolling
    rolled = np.roll(flags, -shift)
    best, run_start = (0, 0), -1
    for i, on in enumerate([*rolled.tolist(), False]):
        if on and run_start < 0:
            run_start = i
        elif not on and run_start >= 0:
            if i - run_start > best[1]:
                best = (run_start, i - run_start)
            run_start = -1
    return (best[0] + shift) % n, best[1]


def unwrap_arc(ink: np.ndarray, cx: float, cy: float, radius: float,
            band: tuple[float, float], start: float, end: float) -> np.ndarray:
    """The ring between the `band` radii from `start` to `end` degrees as a straight strip,
    black on white: outer radius at the top (the characters' tops point outwards), read
    left to right, characters about as wide as they are at the text radius."""
    inner, outer = band[0] * radius, band[1] * radius
    height = _STRIP_HEIGHT
    arc = math.radians(end - start) * _TEXT_RADIUS * radius * height / (outer - inner)
    radii = np.linspace(outer, inner, height)
    angles = np.linspace(start, end, max(height, round(arc)))
    strip = _polar(ink, cx, cy, radii, angles)
    pad = height // 4
    strip = cv2.copyMakeBorder(strip, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=0.0)
    return (255.0 * (1.0 - strip)).astype(np.uint8)


def grey_ink(gray: np.ndarray, mark: SealMark) -> tuple[np.ndarray, float, float]:
    """Darkness (float32 0..1) on a square around a copy's seal, and its centre there: the
    page's own paper and darkest ink set the levels, so a pale copy spans 0..1 too."""
    h, w = gray.shape[:2]
    half = math.ceil(mark.radius * 1.2) + 2
    x0, y0 = max(0, int(mark.cx) - half), max(0, int(mark.cy) - half)
    x1, y1 = min(w, int(mark.cx) + half + 1), min(h, int(mark.cy) + half + 1)
    patch = gray[y0:y1, x0:x1].astype(np.float32)
    paper, dark = float(np.percentile(patch, 90)), float(np.percentile(patch, 2))
    ink = np.clip((paper - patch) / max(1.0, paper - dark), 0.0, 1.0)
    return ink.astype(np.float32), mark.cx - x0, mark.cy - y0


def read_grey_arcs(image: np.ndarray, recognizer: object,
                   marks: list[SealMark] | None = None) -> list[tuple[str, float]]:
    """What the arcs of the dark round seals on `image` (an upright copy's page) read, a
    read per seal and band; empty without such seals or a recogniser of cut-out lines.
    `marks`: the seals already found on `image` (found here when not given)."""
    if not isinstance(recognizer, LineRecognizer):
        return []
    marks = find_grey_seal_marks(image) if marks is None else marks
    if not marks:
        return []
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    strips = []
    for mark in marks:
        ink, cx, cy = grey_ink(gray, mark)
        radius = rim_radius(ink, cx, cy, mark.radius)
        start, end = arc_span(ink, cx, cy, radius)
        strips += [cv2.cvtColor(unwrap_arc(ink, cx, cy, radius, band, start, end),
                                cv2.COLOR_GRAY2BGR) for band in ARC_BANDS]
    return [(text, float(score)) for text, score in recognizer.recognize(strips)]
