"""A one-character value the detector did not box, read from its slot beside the label."""

from __future__ import annotations

import cv2
import numpy as np

from mchverify.extractors.slots import read_empty_slots
from mchverify.schemas.extraction import TextLine


class _Recognizer:
    """Answers every crop with 女 and keeps the crops it was given."""

    def __init__(self) -> None:
        self.crops: list[np.ndarray] = []

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops.extend(crops)
        return [("女", 0.99) for _ in crops]


LABEL = TextLine(text="性别：", box=(100, 200, 220, 240), score=0.97)


def _page(value: bool) -> np.ndarray:
    """A label's line, and (if `value`) one character's strokes in the value column."""
    page = np.full((400, 800, 3), 250, np.uint8)
    cv2.rectangle(page, (100, 200), (220, 240), (20, 20, 20), 3)
    if value:
        cv2.line(page, (330, 205), (360, 236), (20, 20, 20), 4)
        cv2.line(page, (360, 205), (330, 236), (20, 20, 20), 4)
    return page


def test_the_ink_beside_a_lone_label_is_read_as_its_value() -> None:
    rec = _Recognizer()
    lines = read_empty_slots(lambda: _page(True), [LABEL], rec, ("性别",))
    added = [ln for ln in lines if ln is not LABEL]
    assert [ln.text for ln in added] == ["女"]
    x0, y0, x1, y1 = added[0].box
    assert 300 <= x0 < 330 and 360 < x1 <= 390, "the crop holds the character, not the label"
    assert y0 <= 205 and y1 >= 236


def test_a_blank_slot_or_a_value_already_boxed_is_left_alone() -> None:
    rec = _Recognizer()
    assert read_empty_slots(lambda: _page(False), [LABEL], rec, ("性别",)) == [LABEL]
    value = TextLine(text="女", box=(330, 204, 362, 238), score=0.99)
    assert read_empty_slots(lambda: _page(True), [LABEL, value], rec, ("性别",)) == [LABEL, value]
    other = TextLine(text="出生日期：", box=(100, 300, 260, 340), score=0.99)
    assert read_empty_slots(lambda: _page(True), [other], rec, ("性别",)) == [other]
    assert not rec.crops, "nothing was read"


def test_a_spaced_labels_last_character_alone_is_the_label() -> None:
    rec = _Recognizer()
    label = TextLine(text="别：", box=(180, 200, 220, 240), score=0.9)
    lines = read_empty_slots(lambda: _page(True), [label], rec, ("性别",))
    assert [ln.text for ln in lines] == ["别：", "女"]


def test_an_engine_that_cannot_read_crops_reads_no_slot() -> None:
    assert read_empty_slots(lambda: _page(True), [LABEL], object(), ("性别",)) == [LABEL]
