"""A one-character value the text detector did not box, read from its slot beside the label.

The detector finds lines by their extent, and a value of one character (性别 男, 女) is often
too small a blob beside a blank's wide label column: the label is read, its value is not,
and the field is missing on a certificate that prints it. The recogniser reads the slot
well when given it as a crop: the ink right of the label, on the label's line, up to the
next boxed line.
"""

from __future__ import annotations

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
        if not _is_label(ln.text, labels):
            continue
        if image is None:
            image = page()
            gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        slot = _slot(ln, lines, gray.shape)
        if slot is None:
            continue
        ink = _ink_box(gray, slot, ln.box[3] - ln.box[1])
        if ink is None:
            continue
        x0, y0, x1, y1 = ink
        [(text, score)] = recognizer.recognize([image[y0:y1, x0:x1]])
        text = text.strip(_COLONS)
        if text and score >= _MIN_SCORE:
            out.append(TextLine(text=text, box=(float(x0), float(y0), float(x1), float(y1)),
                                score=float(score)))
    return out


def _is_label(text: str, labels: Sequence[str]) -> bool:
    """The line is a label and nothing else: 性别, 性别：, or 别： of a spaced 性　别."""
    t = "".join(text.split()).strip(_COLONS)
    return any(t == lb or len(lb) == 2 and t == lb[1] for lb in labels)


def _slot(label: TextLine, lines: Sequence[TextLine], shape: tuple[int, ...]
          ) -> tuple[int, int, int, int] | None:
    """Right of the label on its line, up to the next line boxed there; None when a line
    already stands in it (the value was read)."""
    _, y0, x1, y1 = label.box
    h = y1 - y0
    right = min(x1 + _REACH * h, shape[1])
    for other in lines:
        ox0, oy0, ox1, oy1 = other.box
        shared = min(y1, oy1) - max(y0, oy0)
        if other is label or shared < 0.5 * min(h, oy1 - oy0) or ox1 <= x1:
            continue
        if ox0 < x1 + 1.5 * h:
            return None  # a value (or the label's own next piece) is boxed beside it
        right = min(right, ox0 - 0.2 * h)
    top, bottom = max(0, int(y0 - 0.25 * h)), min(shape[0], int(y1 + 0.25 * h))
    left = int(x1 + 0.1 * h)
    if right - left < h or bottom <= top:
        return None
    return left, top, int(right), bottom


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
