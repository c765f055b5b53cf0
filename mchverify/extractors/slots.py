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
    right_edge = max((ln.box[2] for ln in lines), default=0.0)
    for ln in lines:
        slot, pattern = None, _ANY
        if _is_label(ln.text, labels):
            slot = _slot(ln, lines)
        elif ln.text.strip()[-1:] in _DATE_SLOTS:
            slot, pattern = _date_gap(ln, lines), _DATE_PART
        elif (wrap := _wrap_slot(ln, lines, right_edge)) is not None:
            slot, pattern = wrap, _WRAPPED
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
_DATE_PART = re.compile("[0-9]{1,2}[月日]?|[0-9]{4}|[〇零一二三四五六七八九十]{1,3}[月日]?")
#: how far right of a printed 月 a lost day (and its 日) is looked for, in line heights
_DAY_REACH = 3.5


def _said(text: str) -> str:
    """A line's text without the spaces the recogniser puts inside it."""
    return "".join(text.split())


def _date_gap(mark: TextLine, lines: Sequence[TextLine]) -> tuple[int, int, int, int] | None:
    """Between a printed 年 or 月 and the next date character boxed right of it on its line
    (月, 日), when nothing is boxed there: the month's or day's digits the detector missed
    (1974 年 9 月 　 日). Nothing is boxed there when no line lies mostly inside the gap: a
    box that begins a little inside the mark's (1986年 | 09月 | 16日, overlapping by a few
    pixels) is not "right of it", and its digits were read."""
    gap = _gap_after(mark, lines)
    if gap is None or any(_inside_mostly(ln.box, gap) for ln in lines if ln is not mark):
        return None  # the digits were boxed, off the printed line (a fill printed high)
    return gap


def _gap_after(mark: TextLine, lines: Sequence[TextLine]) -> tuple[int, int, int, int] | None:
    """The slot after a printed 年 or 月 where a month's or day's digits belong."""
    _, y0, x1, y1 = mark.box
    h = y1 - y0
    right = [ln for ln in lines if ln is not mark and ln.box[0] >= x1 - 0.2 * h
             and min(y1, ln.box[3]) - max(y0, ln.box[1]) >= 0.5 * min(h, ln.box[3] - ln.box[1])]
    nxt = min(right, key=lambda ln: ln.box[0]) if right else None
    said = _said(mark.text)
    month_ends = said.endswith("月") and (said == "月" or any(c.isdigit() for c in said))
    if month_ends and (nxt is None or nxt.box[0] - x1 > _DAY_REACH * h):
        # …年 7 月 and nothing boxed after it: the day and its 日, printed off the line
        # under a seal, were not boxed at all
        end = x1 + _DAY_REACH * h if nxt is None else nxt.box[0] - 0.1 * h
        return int(x1 + 0.1 * h), int(y0 - 0.45 * h), int(end), int(y1 + 0.45 * h)
    if said.endswith("年") and nxt is not None and _is_day(nxt, lines) and nxt.box[0] - x1 \
            >= _MONTH_ROOM * min(h, nxt.box[3] - nxt.box[1]):
        # …2016年 | 01 日: the month and its 月 between them were not boxed (a 副本's fill)
        return int(x1 + 0.1 * h), int(y0 - 0.25 * h), int(nxt.box[0] - 0.1 * h), int(y1 + 0.25 * h)
    if nxt is None or nxt.text.strip()[:1] not in "月日" or nxt.box[0] - x1 < 0.8 * h:
        return None
    return int(x1 + 0.1 * h), int(y0 - 0.25 * h), int(nxt.box[0] - 0.1 * h), int(y1 + 0.25 * h)


#: room for a month and its 月 between a year and a day, in line heights
_MONTH_ROOM = 1.5


def _is_day(line: TextLine, lines: Sequence[TextLine]) -> bool:
    """The line is a day's digits with its 日, in the line or boxed right after it."""
    text = _said(line.text)
    if re.fullmatch("[0-9]{1,2}日", text):
        return True
    h = line.box[3] - line.box[1]
    return bool(re.fullmatch("[0-9]{1,2}", text)) and any(
        _said(o.text).startswith("日") and line.box[2] - 0.5 * h <= o.box[0]
        <= line.box[2] + 1.0 * h and min(line.box[3], o.box[3]) > max(line.box[1], o.box[1])
        for o in lines if o is not line)


#: the rest of a word a value's line broke off at the margin: a few Chinese characters
_WRAPPED = re.compile("[\u4e00-\u9fff]{1,4}[、，。）)]?")
#: a line that ends this many of its heights short of the page's rightmost print or nearer
#: ran into the margin
_AT_MARGIN = 2.0
#: …and is long enough to be a value that wrapped
_MIN_WRAPPING = 8


def _wrap_slot(line: TextLine, lines: Sequence[TextLine], right_edge: float,
               ) -> tuple[int, int, int, int] | None:
    """Under the start of a long line that ran into the margin in the middle of a word
    (…放置宫内节育 / 器): the wrapped rest, one or two characters the detector did not box.
    None when something is boxed there (the wrapped line was read, or the next row)."""
    text = _said(line.text)
    x0, y0, x1, y1 = line.box
    h = y1 - y0
    if (len(text) < _MIN_WRAPPING or not "\u4e00" <= text[-1] <= "\u9fff"
            or x1 < right_edge - _AT_MARGIN * h):
        return None
    slot = (int(x0 - 0.3 * h), int(y1 + 0.3 * h), int(x0 + 3.5 * h), int(y1 + 2.2 * h))
    if any(_overlaps(ln.box, slot) for ln in lines if ln is not line):
        return None
    return slot


def _overlaps(box: tuple[float, float, float, float], area: tuple[int, int, int, int]) -> bool:
    return min(box[2], area[2]) > max(box[0], area[0]) and min(box[3], area[3]) > max(box[1], area[1])


def _inside_mostly(box: tuple[float, float, float, float], area: tuple[int, int, int, int]
                   ) -> bool:
    """Half of `box` or more lies inside `area`."""
    w = min(box[2], area[2]) - max(box[0], area[0])
    h = min(box[3], area[3]) - max(box[1], area[1])
    size = (box[2] - box[0]) * (box[3] - box[1])
    return w > 0 and h > 0 and w * h >= 0.5 * size


def _is_label(text: str, labels: Sequence[str]) -> bool:
    """The line is a label and nothing else: 性别, 性别：, or 别： of a spaced 性　别."""
    t = _said(text).strip(_COLONS)
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
    ink = _without_specks(patch < _INK_SHARE * paper, h)
    if ink.sum() < _MIN_INK * h * h:
        return None
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    pad = int(0.3 * h)
    return (max(0, x0 + int(cols[0]) - pad), max(0, y0 + int(rows[0]) - pad // 2),
            min(gray.shape[1], x0 + int(cols[-1]) + 1 + pad),
            min(gray.shape[0], y0 + int(rows[-1]) + 1 + pad // 2))


#: a blob smaller than this share of the line height on its longer side is a speck of the
#: copier or the scanner, no stroke (the smallest stroke, 、 or a dot, is a fifth of it)
_SPECK = 0.15


def _without_specks(ink: np.ndarray, h: float) -> np.ndarray:
    """The ink without specks: a crop that takes one in reads it as a leading dot (.器) and
    less surely."""
    k = max(3, int(0.12 * h) | 1)  # a light character's strokes, broken by the cut, join
    grown = cv2.dilate(ink.astype(np.uint8), np.ones((k, k), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    small = (np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
             < _SPECK * h + k)
    small[0] = True  # the background
    return ink & ~small[labels]
