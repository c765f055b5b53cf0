"""A date whose fill was printed off its blank's 年 月 日, read again from wider crops."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from mchverify.extractors.ocr.rapid import RapidOcrEngine
from mchverify.extractors.rereads import reread_broken_dates
from mchverify.schemas.extraction import TextLine
from mchverify.synth.fonts import available_faces, pil_font

#: the detector's box on the printed 年 月 日, its top cutting through the raised fills
BOX = (96.0, 140.0, 480.0, 196.0)


def _blank_with_raised_fill() -> np.ndarray:
    """年 月 日 printed in black on a cream blank, the digits filled in dark blue in another
    face and shifted up by half a line (formats.md: misregistered fills)."""
    page = Image.new("RGB", (640, 300), (236, 230, 214))
    draw = ImageDraw.Draw(page)
    faces = {f.key: f for f in available_faces()}
    blank = pil_font(faces.get("noto-serif", available_faces()[0]), 44)
    fill = pil_font(faces.get("noto-sans", available_faces()[0]), 38)
    for x, mark in ((200, "年"), (320, "月"), (430, "日")):
        draw.text((x, 136), mark, font=blank, fill=(20, 20, 20))
    for x, digits in ((100, "2014"), (262, "05"), (372, "22")):
        draw.text((x, 108), digits, font=fill, fill=(30, 40, 110))
    return np.asarray(page)[:, :, ::-1].copy()


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine()


def test_a_month_lost_to_a_raised_fill_is_read_from_a_taller_crop(engine: RapidOcrEngine) -> None:
    """A 副本's validity (tune seed 702, doc0280): 2014年05月22日 read 2014年0月22日 from the
    detector's box, which cut off the raised 5; no month, no valid_from, no valid_until."""
    page = _blank_with_raised_fill()
    cut = TextLine(text="2014年0月22日", box=BOX, score=0.95)
    [line] = reread_broken_dates(lambda: [page], [cut], engine)
    assert "".join(line.text.split()) == "2014年05月22日"
    assert line.box == BOX


def test_a_raised_fill_misread_beside_the_blanks_marks_is_read_from_its_band_alone(
        engine: RapidOcrEngine) -> None:
    """A 副本's issue date (bench-verify tune seed 2026, doc0132): 2022年12月12日 with its
    small digits printed high over the blank's 年 月 日 read 2023年13月12日 from the box and
    from every wider crop; no date, the issue date lost. The band the digits fill alone
    reads them right."""
    page = _blank_with_raised_fill()
    misread = TextLine(text="2014年13月22日", box=BOX, score=0.84)
    [line] = reread_broken_dates(lambda: [page], [misread], engine)
    assert "".join(line.text.split()) == "2014年05月22日"


def test_a_fill_band_read_far_from_the_first_read_or_split_two_ways_is_not_taken() -> None:
    misread = TextLine(text="2014年13月22日", box=BOX, score=0.84)
    [line] = reread_broken_dates(lambda: [PAGE], [misread], _Reads("20140522"))
    assert line.text == "2014年05月22日" and line.score >= 0.6  # the band alone, both agree
    for read in ("20990101", "2014112"):  # another date; 1月12日 or 11月2日
        assert reread_broken_dates(lambda: [PAGE], [misread], _Reads(read)) == [misread]


class _Reads:
    """Answers the crops in turn with the texts it was given, and counts the crops."""

    def __init__(self, *texts: str) -> None:
        self.texts, self.crops = list(texts), 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [(self.texts[i % len(self.texts)], 0.9) for i in range(len(crops))]


PAGE = np.full((300, 640, 3), 240, np.uint8)
CUT = TextLine(text="2014年0月22日", box=BOX, score=0.95)


def test_reads_that_agree_on_a_date_holding_the_first_reads_numerals_replace_it() -> None:
    [line] = reread_broken_dates(lambda: [PAGE], [CUT], _Reads("2014年05月22日"))
    assert line.text == "2014年05月22日" and line.score >= 0.6


def test_reads_of_two_dates_send_the_line_to_review() -> None:
    [line] = reread_broken_dates(lambda: [PAGE], [CUT], _Reads("2014年05月22日", "2014年06月22日"))
    assert line.text in ("2014年05月22日", "2014年06月22日") and line.score < 0.6


@pytest.mark.parametrize("read", [
    "2015年05月22日",  # a numeral of the first read read otherwise: another date
    "2014年0月2日",  # still no date
    "2014年05月22日至2029年05月21日",  # far more than a numeral or two lost
])
def test_reads_that_do_not_hold_the_first_read_leave_the_line(read: str) -> None:
    assert reread_broken_dates(lambda: [PAGE], [CUT], _Reads(read)) == [CUT]


def test_a_whole_date_or_no_date_is_not_read_again() -> None:
    reads = _Reads("2014年05月22日")
    lines = [TextLine(text="2014年05月22日", box=BOX, score=0.9),
             TextLine(text="郑州市卫生健康委员会", box=BOX, score=0.9),
             TextLine(text="年月日", box=BOX, score=0.9)]
    assert reread_broken_dates(lambda: [PAGE], lines, reads) == lines
    assert reads.crops == 0


def _date_beside_label() -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """发证日期 and 二〇二〇年八月十九日 on one line; the box of what the detector took of the
    date (年八月十九日, its year left outside)."""
    page = Image.new("RGB", (900, 200), (250, 250, 250))
    draw = ImageDraw.Draw(page)
    face = pil_font(available_faces()[0], 40)
    draw.text((20, 80), "发证日期", font=face, fill=(20, 20, 20))
    draw.text((250, 80), "二〇二〇", font=face, fill=(20, 20, 20))
    left = 250 + draw.textlength("二〇二〇", font=face)
    draw.text((left, 80), "年八月十九日", font=face, fill=(20, 20, 20))
    right = left + draw.textlength("年八月十九日", font=face)
    return np.asarray(page)[:, :, ::-1].copy(), (left - 4, 76.0, right + 4, 128.0)


def test_a_year_left_outside_the_box_is_read_from_a_crop_reaching_left(
        engine: RapidOcrEngine) -> None:
    """A booklet spread (tune seed 906, doc0037): 二〇二〇年八月十九日 boxed from its 年 on,
    年八月十九日, and the issue date lost. The label left of the year stays out of the line."""
    page, box = _date_beside_label()
    cut = TextLine(text="年八月十九日", box=box, score=0.99)
    [line] = reread_broken_dates(lambda: [page], [cut], engine)
    assert line.text == "二〇二〇年八月十九日" and line.score >= 0.6
    assert line.box[0] < box[0] and line.box[2] == box[2]


@pytest.mark.parametrize(("reads", "text", "sure"), [
    (["发证日期二〇二〇年八月十九日"], "二〇二〇年八月十九日", True),
    (["二〇二〇年八月九日", "二〇二〇年八月十九日"], "二〇二〇年八月十九日", True),  # rest from the line
    (["二〇二〇年八月十九日", "二〇二一年八月十九日"], None, False),  # two years: to review
    (["二〇二〇年九月十九日至"], "年八月十九日", True),  # another date after the year: left
    (["二〇二一年八月十九日"], "二〇二一年八月十九日", True),
])
def test_a_cut_years_numerals_come_from_reads_whose_rest_is_the_lines(
        reads: list[str], text: str | None, sure: bool) -> None:
    cut = TextLine(text="年八月十九日", box=(300.0, 76.0, 520.0, 128.0), score=0.99)
    [line] = reread_broken_dates(lambda: [PAGE], [cut], _Reads(*reads))
    if text is not None:
        assert line.text == text
    assert (line.score >= 0.6) is sure
