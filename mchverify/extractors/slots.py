"""Short values the text detector did not box, read from their slot.

The detector finds lines by their extent, and a value of one or two characters is often
too small a blob to box: a gender beside a blank's wide label column (性别 男), a day's
digits between the blank's printed 月 and 日. The label or the date's characters are read,
the value is not, and the field is missing on a certificate that prints it. The
recogniser reads the slot well when given it as a crop: the ink right of the label, or
between the two date characters, on their line, up to the next boxed line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from mchverify.extractors.ocr.base import LineRecognizer
from mchverify.schemas.extraction import TextLine

__all__ = ["read_empty_slots"]

#: how far right of its label a value is looked for (shares of the label's line height): a
#: blank's value column is a few characters off its label
_REACH = 7.0
#: ink is darker than this share of the slot's paper
_INK_SHARE = 0.6
#: a value's ink covers at least this share of a character's square (a speck does not)
_MIN_INK = 0.04
#: the recogniser must read the crop at least this surely
_MIN_SCORE = 0.85
_COLONS = ":：;； "


def read_empty_slots(page: Callable[[], np.ndarray], lines: Sequence[TextLine],
                     recognizer: object, labels: Sequence[str]) -> list[TextLine]:
    """`lines` and, for each line that is one of `labels` (or a spaced label's last
    character) with nothing boxed beside it, the value read from its slot when there is
    ink there and the recogniser reads it surely. `page` gives the image the lines were
    read on (made only when a label stands alone)."""
    if not isinstance(recognizer, LineRecognizer):
        return list(lines)
    out = list(lines)
    image: np.ndarray | None = None
    for ln in lines:
        slot, pattern = None, _ANY
        if _is_label(ln.text, labels):
            slot = _slot(ln, lines)
        elif ln.text.strip()[-1:] in _DATE_SLOTS:
            slot, pattern = _date_gap(ln, lines), _DATE_PART
        if slot is None:
            continue
        if image is None:
            image = page()
            gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        x0, y0, x1, y1 = slot
        slot = (max(0, x0), max(0, y0), min(gray.shape[1], x1), min(gray.shape[0], y1))
        if slot[2] <= slot[0] or slot[3] <= slot[1]:
            continue
        ink = _ink_box(gray, slot, ln.box[3] - ln.box[1])
        if ink is None:
            continue
        x0, y0, x1, y1 = ink
        [(text, score)] = recognizer.recognize([image[y0:y1, x0:x1]])
        text = text.strip(_COLONS)
        if text and score >= _MIN_SCORE and pattern.fullmatch(text):
            out.append(TextLine(text=text, box=(float(x0), float(y0), float(x1), float(y1)),
                                score=float(score)))
    return out


_ANY = re.compile(".+")
#: a printed date's characters a number is filled before (年 月 日 of a blank), and what a
#: number between two of them reads as
_DATE_SLOTS = "年月"
_DATE_PART = re.compile("[0-9]{1,2}|[0-9]{4}|[〇零一二三四五六七八九十]{1,3}")


def _date_gap(mark: TextLine, lines: Sequence[TextLine]) -> tuple[int, int, int, int] | None:
    """Between a printed 年 or 月 and the next date character boxed right of it on its line
    (月, 日), when nothing is boxed there: the month's or day's digits the detector missed
    (1974 年 9 月 　 日)."""
    _, y0, x1, y1 = mark.box
    h = y1 - y0
    right = [ln for ln in lines if ln is not mark and ln.box[0] >= x1 - 0.2 * h
             and min(y1, ln.box[3]) - max(y0, ln.box[1]) >= 0.5 * min(h, ln.box[3] - ln.box[1])]
    if not right:
        return None
    nxt = min(right, key=lambda ln: ln.box[0])
    if nxt.text.strip()[:1] not in "月日" or nxt.box[0] - x1 < 0.8 * h:
        return None
    gap = (int(x1 + 0.1 * h), int(y0 - 0.25 * h), int(nxt.box[0] - 0.1 * h), int(y1 + 0.25 * h))
    if any(_inside_mostly(ln.box, gap) for ln in lines if ln is not mark and ln is not nxt):
        return None  # the digits were boxed, off the printed line (a fill printed high)
    return gap


def _inside_mostly(box: tuple[float, float, float, float], area: tuple[int, int, int, int]
                   ) -> bool:
    """Half of `box` or more lies inside `area`."""
    w = min(box[2], area[2]) - max(box[0], area[0])
    h = min(box[3], area[3]) - max(box[1], area[1])
    size = (box[2] - box[0]) * (box[3] - box[1])
    return w > 0 and h > 0 and w * h >= 0.5 * size


def _is_label(text: str, labels: Sequence[str]) -> bool:
    """The line is a label and nothing else: 性别, 性别：, or 别： of a spaced 性　别."""
    t = "".join(text.split()).strip(_COLONS)
    return any(t == lb or len(lb) == 2 and t == lb[1] for lb in labels)


def _slot(label: TextLine, lines: Sequence[TextLine]) -> tuple[int, int, int, int] | None:
    """Right of the label on its line, up to the next line boxed there; None when a line
    already stands in it (the value was read)."""
    _, y0, x1, y1 = label.box
    h = y1 - y0
    right = x1 + _REACH * h
    for other in lines:
        ox0, oy0, ox1, oy1 = other.box
        shared = min(y1, oy1) - max(y0, oy0)
        if other is label or shared < 0.5 * min(h, oy1 - oy0) or ox1 <= x1:
            continue
        if ox0 < x1 + 1.5 * h:
            return None  # a value (or the label's own next piece) is boxed beside it
        right = min(right, ox0 - 0.2 * h)
    left = int(x1 + 0.1 * h)
    if right - left < h:
        return None
    return left, int(y0 - 0.25 * h), int(right), int(y1 + 0.25 * h)


def _ink_box(gray: np.ndarray, slot: tuple[int, int, int, int], h: float
             ) -> tuple[int, int, int, int] | None:
    """The bounding box of the slot's ink, with a margin; None for a blank slot or specks."""
    x0, y0, x1, y1 = slot
    patch = gray[y0:y1, x0:x1]
    paper = float(np.percentile(patch, 90))
    ink = patch < _INK_SHARE * paper
    if ink.sum() < _MIN_INK * h * h:
        return None
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    pad = int(0.3 * h)
    return (max(0, x0 + int(cols[0]) - pad), max(0, y0 + int(rows[0]) - pad // 2),
            min(gray.shape[1], x0 + int(cols[-1]) + 1 + pad),
            min(gray.shape[0], y0 + int(rows[-1]) + 1 + pad // 2))
