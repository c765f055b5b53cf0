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


class _Reads17(_Recognizer):
    def __init__(self, text: str = "17") -> None:
        super().__init__()
        self.text = text

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops.extend(crops)
        return [(self.text, 0.98) for _ in crops]


#: 出生年月 1974 年 9 月 __ 日 with the day's digits printed but not boxed (bench tune seed
#: 903, doc0028: the birth date was lost)
DATE_LINE = [TextLine(text="出生年月", box=(20, 200, 180, 240)),
             TextLine(text="1974", box=(270, 205, 340, 240)), TextLine(text="年", box=(360, 200, 400, 240)),
             TextLine(text="9", box=(460, 205, 480, 240)), TextLine(text="月", box=(500, 200, 540, 240)),
             TextLine(text="日", box=(640, 200, 680, 240))]


def _date_page() -> np.ndarray:
    page = np.full((400, 800, 3), 250, np.uint8)
    cv2.putText(page, "17", (565, 238), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 3)
    return page


def test_the_digits_between_a_printed_month_and_day_are_read() -> None:
    rec = _Reads17()
    lines = read_empty_slots(_date_page, DATE_LINE, rec, ("性别",))
    added = [ln for ln in lines if ln not in DATE_LINE]
    assert [ln.text for ln in added] == ["17"]
    assert 540 <= added[0].box[0] and added[0].box[2] <= 640
    assert len(rec.crops) == 1, "only the gap with ink in it is read (年 … 9 is boxed)"


def test_what_is_no_date_part_is_not_taken_for_one() -> None:
    lines = read_empty_slots(_date_page, DATE_LINE, _Reads17("局"), ("性别",))
    assert lines == DATE_LINE


def test_digits_boxed_across_the_printed_month_are_not_read_again() -> None:
    """2025 年 01 月06 日 (bench tune seed 903, doc0076): the day's 06 was boxed overlapping
    月; read again from the gap it gave the day twice (0606) and the date was lost."""
    lines = [TextLine(text="年", box=(704, 1448, 746, 1484)), TextLine(text="日", box=(851, 1453, 888, 1484)),
             TextLine(text="月", box=(772, 1454, 813, 1483)), TextLine(text="06", box=(803, 1456, 843, 1495)),
             TextLine(text="2025", box=(631, 1468, 685, 1495)), TextLine(text="01", box=(730, 1469, 761, 1491))]
    page = np.full((1600, 1000, 3), 250, np.uint8)
    cv2.putText(page, "06", (806, 1490), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2)
    rec = _Reads17("06")
    assert read_empty_slots(lambda: page, lines, rec, ("性别",)) == lines
    assert not rec.crops
