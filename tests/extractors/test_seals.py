"""Seal ink and round stamps: red found, brown print and maroon rules left out."""

from __future__ import annotations

import cv2
import numpy as np

from mchverify.extractors.seals import find_seal_marks, find_seals, red_mask
from tests.verification.test_forensics import paper, ring

BROWN = (60, 116, 144)  # BGR: a certificate's brown frame and labels
MAROON = (36, 52, 88)  # a dark red-brown table rule
CRIMSON = (84, 86, 219)  # seal ink


def test_seal_ink_is_red_and_brown_or_maroon_print_is_not() -> None:
    swatches = np.array([[BROWN, MAROON, CRIMSON, (236, 240, 242)]], np.uint8)
    page = np.repeat(np.repeat(swatches, 20, axis=0), 20, axis=1)
    mask = red_mask(page, strict=True)
    assert [bool(mask[10, 10 + 20 * i]) for i in range(4)] == [False, False, True, False]


def test_a_seal_over_brown_table_rules_is_found_on_its_own() -> None:
    page = paper(1200, 1700)
    for y in range(300, 1100, 90):  # a brown table the seal is stamped across
        cv2.line(page, (100, y), (1600, y), BROWN, 4)
    cv2.line(page, (100, 1000), (1600, 1000), MAROON, 5)
    cv2.rectangle(page, (100, 300), (1600, 1090), BROWN, 4)
    page = ring(page, 600, 900, 140)
    marks = find_seal_marks(page)
    assert len(marks) == 1 and abs(marks[0].radius - 140) < 15
    boxes = find_seals(page)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 < 600 - 140 and x1 > 600 + 140 and y0 < 900 - 140 and y1 > 900 + 140
    assert x1 - x0 < 800 and y1 - y0 < 400  # the seal and its lines, not the whole table
