"""The words on a round official seal (公章), read to be set against the printed issuer.

A seal carries the issuing authority's name along its upper arc, each character upright
towards the centre. Unrolling the ring around the seal's centre (a polar unwrap) turns the
arc into a straight line of upright characters, which the line recogniser reads like any
other text line: no detector, no character segmentation.

Only red ink is kept: the seal is stamped over the printed issuer and date, and that black
print showing through would be read with it. Red ink becomes black on white, the form the
recogniser was trained on.

The arc is found, not assumed at 12 o'clock: its ends are the edges of the one wide gap
in the ring of characters, so a seal stamped askew, or a page turned in its file, reads the
same.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from mchverify.extractors.arcs import ARC_BANDS, arc_span, rim_radius, unwrap_arc
from mchverify.extractors.field_specs import NATIONAL_AUTHORITIES
from mchverify.extractors.ocr.base import LineRecognizer
from mchverify.extractors.seals import SealMark
from mchverify.verification.issuer import Division, issuer_division

__all__ = ["LineRecognizer", "SealText", "read_seal_text", "seal_matches_issuer"]


@dataclass(frozen=True)
class SealText:
    """What a seal's arc reads: text (NFKC, letters and digits only) and its score 0..1."""

    text: str
    score: float


def read_seal_text(image: np.ndarray, mark: SealMark, engine: LineRecognizer,
                   *, expected: str | None = None) -> SealText | None:
    """Read the arc of the seal at `mark` on `image` (BGR); None when nothing legible.

    With `expected` (the printed issuer), a first band that already reads as that name is
    taken as it is: the other bands are read only to settle a seal that does not match,
    which is where the evidence lies (two thirds of the recognition saved on honest pages).
    """
    if image.ndim != 3 or mark.radius < 8:
        return None
    ink, cx, cy = _ink_patch(image, mark)
    if not ink.any():
        return None
    radius = rim_radius(ink, cx, cy, mark.radius)
    start, end = arc_span(ink, cx, cy, radius)

    def read(bands: tuple[tuple[float, float], ...]) -> list[SealText]:
        strips = [unwrap_arc(ink, cx, cy, radius, band, start, end) for band in bands]
        reads = engine.recognize([cv2.cvtColor(s, cv2.COLOR_GRAY2BGR) for s in strips])
        found = [SealText(_normalise(text), float(min(max(score, 0.0), 1.0)))
                 for text, score in reads]
        return [r for r in found if len(r.text) >= 2]

    found = read(ARC_BANDS[:1])
    if expected and found and seal_matches_issuer(found[0].text, expected,
                                                  score=found[0].score) is True:
        return found[0]
    found += read(ARC_BANDS[1:])
    return max(found, key=lambda r: r.score, default=None)


def _normalise(text: str) -> str:
    """NFKC, letters and digits only: spaces and stray marks are no part of a name."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


# --------------------------------------------------------------------------- image


def _ink_patch(image: np.ndarray, mark: SealMark) -> tuple[np.ndarray, float, float]:
    """Red-ink strength (float32 0..1) on a square around the seal, and its centre there.

    Redness is R - max(G, B): paper and black print are near 0, seal ink high; where seal
    ink lies on black print the pixel is dark and drops out (a gap, not a stroke). Levels
    come from the patch itself, so a pale stamp or a tinted photo still spans 0..1.
    """
    h, w = image.shape[:2]
    half = math.ceil(mark.radius * 1.2) + 2
    x0, y0 = max(0, int(mark.cx) - half), max(0, int(mark.cy) - half)
    x1, y1 = min(w, int(mark.cx) + half + 1), min(h, int(mark.cy) + half + 1)
    patch = image[y0:y1, x0:x1].astype(np.int16)
    redness = (patch[..., 2] - np.maximum(patch[..., 0], patch[..., 1])).astype(np.float32)
    paper = float(np.median(redness))
    full = float(np.percentile(redness, 98))
    if full - paper < 20:
        return np.zeros(redness.shape, np.float32), mark.cx - x0, mark.cy - y0
    ink = np.clip((redness - paper - 6.0) / (0.8 * (full - paper)), 0.0, 1.0)
    return ink.astype(np.float32), mark.cx - x0, mark.cy - y0


# --------------------------------------------------------------------------- comparison

_MIN_CHARS = 4  # fewer characters than any authority's name: a failed read
_POOR_SCORE = 0.5  # under this the recogniser is guessing
_CONFIDENT = 0.85  # a read trusted enough to say "another authority"
_SURE = 90  # ratio (0..100) at which two names are the same whatever they begin with
_SAME = 75  # ratio from which they are the same when their divisions agree
_CONTAINED = 0.85  # share of the shorter name found in the longer: one holds the other
_UNRELATED = 40  # ratio under which two names have nothing in common


def seal_matches_issuer(seal_text: str, issuer: str, *, score: float = 1.0) -> bool | None:
    """True: the seal is the printed issuer up to OCR noise. False: it clearly names another
    authority. None: the read (`score`: the recogniser's confidence) is too poor to tell.

    Conservative by design: False is a flag on a reviewer's desk, so it needs a confident
    read that names other divisions or another body, or nothing in common with the issuer.
    """
    seal, printed = _normalise(seal_text), _normalise(issuer)
    if len(seal) < _MIN_CHARS or len(printed) < 2 or score < _POOR_SCORE:
        return None
    if _national(seal) and not _national(printed):
        return None  # the ministry's 监制 seal printed on the blank: it names no issuer
    other = _other_authority(seal, printed)
    if not other and _same_name(seal, printed):
        return True
    if score < _CONFIDENT:
        return None
    if other or max(fuzz.ratio(seal, printed), fuzz.partial_ratio(seal, printed)) < _UNRELATED:
        return False
    return None


def names_national_authority(text: str) -> bool:
    """A seal read as a national ministry's: the blank's 监制 seal, not an issuer's stamp."""
    return _national(_normalise(text))


def _national(name: str) -> bool:
    """A national ministry (卫生部, 国家卫生健康委员会…): on a certificate only as the blank's
    监制 seal or line, since the documents this product reads are issued locally."""
    return any(n in name for n in NATIONAL_AUTHORITIES)


def _same_name(seal: str, printed: str) -> bool:
    """The same name up to noise, or one inside the other (a seal missing an end character,
    a printed line with 发证机关 before it) — but a shared 卫生健康局 is not enough: where
    the issuer begins with divisions, the seal must show its seat (up to one character)."""
    ratio = fuzz.ratio(seal, printed)
    if ratio >= _SURE:
        return True
    short, long = sorted((seal, printed), key=len)
    if ratio < _SAME and _found_in(short, long) < _CONTAINED:
        return False
    chain = issuer_division(printed)
    if not chain or issuer_division(seal):
        return True
    seat = chain[-1].name
    return _found_in(seat, seal) >= 1.0 - 1.0 / len(seat)


def _found_in(needle: str, hay: str) -> float:
    """How much of `needle` appears in `hay`, 0..1: one minus the fewest edits that turn it
    into some stretch of `hay`, per character of `needle`."""
    if not needle:
        return 0.0
    prev = [0] * (len(hay) + 1)  # the stretch may start anywhere: nothing to pay before it
    for i, ch in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, other in enumerate(hay, 1):
            cur[j] = min(prev[j - 1] + (ch != other), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return max(0.0, 1.0 - min(prev) / len(needle))


def _other_authority(seal: str, printed: str) -> bool:
    """Both names begin with divisions and name another authority: other divisions at the
    same level (杭州市 / 宁波市), the same kind of body seated elsewhere (浙江省 / 杭州市
    before 卫生健康委员会), or another body in the same place (杭州市人力资源和社会保障局).

    Names are compared, not codes: 西湖区 alone is in two cities, and a division written
    in one name only says nothing. A misread character ends a chain early and leaves the
    rest of the name unparsed, so bodies that do not start alike are noise, not evidence.
    """
    a, b = issuer_division(seal), issuer_division(printed)
    if not a or not b:
        return False
    names_a, names_b = _names_by_level(a), _names_by_level(b)
    if any(_apart(names_a[lv], names_b[lv]) for lv in names_a.keys() & names_b.keys()):
        return True
    body_a, body_b = _body(seal, a), _body(printed, b)
    if len(body_a) < 2 or len(body_b) < 2:
        return False
    if body_a[:2] == body_b[:2]:
        return _apart(a[-1].name, b[-1].name)
    same_seat = not _apart(a[-1].name, b[-1].name)
    return same_seat and fuzz.ratio(body_a, body_b) < _UNRELATED


def _names_by_level(chain: list[Division]) -> dict[str, str]:
    return {div.level.value: div.name for div in chain}


def _apart(a: str, b: str) -> bool:
    """More than one character apart: 杭州 / 柳州 may be one misread stroke, 杭州 / 宁波 not."""
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) >= 2


def _body(name: str, chain: list[Division]) -> str:
    """The name after its divisions: the authority itself (卫生健康委员会)."""
    return name[sum(len(d.name) for d in chain):]
