"""Lines of print under a copy's dark seal (issue 24, photocopies): found by their rows
beside the ring, read as whole strips by the recogniser."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from mchverify.extractors import normalize as nz
from mchverify.extractors.seal_lines import read_under_seals, seal_line_strips
from mchverify.extractors.seals import SealMark
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.extraction import TextLine

CENTRE, RADIUS = (1000, 700), 150


def _strokes(page: np.ndarray, x0: int, x1: int, y: int, height: int = 36) -> None:
    """A line of print: character-sized boxes of strokes from x0 to x1, `height` tall."""
    for x in range(x0, x1 - height, int(height * 1.1)):
        cv2.rectangle(page, (x, y), (x + height - 6, y + height), 20, 3)
        cv2.line(page, (x, y + height // 2), (x + height - 6, y + height // 2), 20, 3)


def _dark_seal_page() -> np.ndarray:
    """A grey page: two lines of print crossing a seal printed as dark as they are (ring,
    star, arc strokes), a QR code and the sheet's border further out on the same rows."""
    page = np.full((1400, 2000), 250, np.uint8)
    cy = CENTRE[1]
    _strokes(page, 800, 1220, cy - 60)  # the issuer, running on beyond the ring both sides
    _strokes(page, 830, 1180, cy + 20)  # the date
    cv2.circle(page, CENTRE, RADIUS, 30, 9)
    cv2.circle(page, CENTRE, 28, 30, -1)  # the star
    cv2.ellipse(page, CENTRE, (RADIUS - 35, RADIUS - 35), 0, 200, 340, 30, 16)  # arc text
    page[cy - 130:cy + 130, 1330:1460] = np.where(
        np.random.default_rng(0).random((260, 130)) < 0.5, 10, 250)  # a QR code
    page[:, 1560:1566] = 20  # the sheet's border
    return page


def test_lines_under_a_dark_seal_are_found_by_their_rows_beside_the_ring() -> None:
    """Each line crossing the seal gives one strip from its first character to its last;
    the seal's own ink (ring, star, arc) gives none, and a QR code or a border on the same
    rows further out neither joins the lines nor hides them."""
    page = _dark_seal_page()
    strips = seal_line_strips(page, SealMark(*CENTRE, RADIUS, 1.0, ink="grey"))
    assert len(strips) == 2, strips
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = sorted(strips, key=lambda b: b[1])
    assert abs(ay0 - (CENTRE[1] - 60)) <= 4 and abs(ay1 - (CENTRE[1] - 24)) <= 4
    assert abs(by0 - (CENTRE[1] + 20)) <= 4 and abs(by1 - (CENTRE[1] + 56)) <= 4
    assert ax0 <= 805 and 1180 <= ax1 < 1330, "the issuer's strip runs across the seal only"
    assert bx0 <= 835 and 1150 <= bx1 < 1330


def test_a_strip_is_as_tall_as_the_line_the_detector_boxed_in_it() -> None:
    """Only a date's digits stand out of the ring (年 月 日 lie inside it): the rows of ink
    beside the ring are as tall as the digits, and a strip that thin lost the rest of the
    line at its first gap (tune seed 556, doc0001: 04日 read, the date lost). The
    detector's box on the line inside the ring gives its full height."""
    page = np.full((1400, 2000), 250, np.uint8)
    cx, cy = CENTRE
    y = cy + 20
    _strokes(page, 880, 1120, y)  # 年 月 日 and the digits between them, inside the ring
    _strokes(page, 800, 880, y + 10, height=18)  # the year's digits, out of the ring
    _strokes(page, 1120, 1200, y + 10, height=18)  # the day's
    cv2.circle(page, CENTRE, RADIUS, 30, 9)
    piece = TextLine(text="2025年", box=(800, y - 1, 950, y + 37))
    mark = SealMark(cx, cy, RADIUS, 1.0, ink="grey")
    (x0, y0, x1, y1), = seal_line_strips(page, mark, [piece])
    assert y0 <= y and y1 >= y + 35, (y0, y1)
    assert x0 <= 805 and x1 >= 1180


def test_a_strip_stops_at_a_label_the_detector_read_whole() -> None:
    """颁发机关 printed before the issuer, clear of the seal: the detector read it whole,
    and the strip starts after it (in one read with the value it lost its last character,
    and the value took the rest of it)."""
    page = _dark_seal_page()
    _strokes(page, 600, 790, CENTRE[1] - 60)  # the label, a gap before the issuer
    cv2.line(page, (770, CENTRE[1] - 40), (805, CENTRE[1] - 40), 20, 3)  # …joined by a speck
    label = TextLine(text="颁发机关", box=(600, CENTRE[1] - 62, 770, CENTRE[1] - 22))
    mark = SealMark(*CENTRE, RADIUS, 1.0, ink="grey")
    without = min(seal_line_strips(page, mark), key=lambda b: b[1])
    with_label = min(seal_line_strips(page, mark, [label]), key=lambda b: b[1])
    assert without[0] < 700, "the label's ink joins the strip when nothing says it is read"
    assert with_label[0] > 770


def _certificate_foot(dark: int, issuer: str = "襄阳市卫生健康委员会", size: float = 5,
                      rows: tuple[float, float] = (146, 155)) -> np.ndarray:
    """A grey copy's foot: issuer and date printed `size` mm tall on `rows` (mm from the
    top) under a seal of the issuer copied `dark` grey (BGR)."""
    from PIL import Image, ImageDraw

    from mchverify.synth.fonts import faces_of, pil_font
    from mchverify.synth.page import Seal
    from mchverify.synth.parts import Part
    from mchverify.synth.seal import blend_seal

    ppm = 200 / 25.4
    face = next(f for f in faces_of(Part.TUNE) if f.style == "serif")
    img = Image.new("RGB", (int(297 * ppm), int(210 * ppm)), (250, 250, 248))
    draw = ImageDraw.Draw(img)
    font, small = pil_font(face, int(5 * ppm)), pil_font(face, int(size * ppm))
    draw.text((10 * ppm, 10 * ppm), "医疗机构执业许可证", font=font, fill=(20, 20, 20))
    draw.text((10 * ppm, 20 * ppm), "机构名称：襄阳市妇幼保健院", font=font, fill=(20, 20, 20))
    for text, y in zip((issuer, "二〇二三年三月三日"), rows, strict=True):
        draw.text((220 * ppm, y * ppm), text, font=small, fill=(20, 20, 20), anchor="mm")
    page = np.asarray(img).copy()
    blend_seal(page, Seal(cx=220, cy=150, diameter=40, text=issuer,
                          color=(dark, dark, dark), opacity=1.0), face, ppm,
               np.random.default_rng(0))
    return np.ascontiguousarray(page[..., ::-1])


def _dates(lines: list[TextLine]) -> set[object]:
    return {d for ln in lines for d, _ in nz.find_dates(ln.text)}


@pytest.mark.ocr
def test_a_date_under_a_dark_seal_is_read_whole(reader: DocumentReader) -> None:
    """A copier printed the seal as dark as the print: the detector boxed a piece of the
    date (年三月) and no date could be read. The strip across the seal, read by the
    recogniser, gives the whole date."""
    import datetime as dt

    page = _certificate_foot(dark=50)
    ocr = reader.engine.read(page)
    assert dt.date(2023, 3, 3) not in _dates(ocr.lines), "the detector alone reads it"
    lines = read_under_seals(page, ocr, reader.engine)
    assert dt.date(2023, 3, 3) in _dates(lines)
    assert len(lines) <= len(ocr.lines), "the pieces are replaced, not kept beside the strip"


class _Reads:
    """A recogniser that answers the strip's ways (3 margins on the page, 3 on the lifted
    page, one smaller) with given reads, in that order."""

    def __init__(self, *reads: str) -> None:
        self.reads = reads

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        assert len(crops) == len(self.reads)
        return [(t, 0.97) for t in self.reads]


_DATE, _BLANK, _OTHER = "发证日期2021年07月09日", "发证日期年月日", "发证日期2021年07月08日"
_NAME = "发证机关山东省人力资源和社会保障厅"


@pytest.mark.parametrize(("reads", "sure"), [
    # the lifted page lost the fill printed as grey as the seal: it read no date at all
    ((_DATE, _DATE, _DATE, _BLANK, _BLANK, _BLANK, _DATE), True),
    # a way that read another date contradicts (a numeral under the star)
    ((_DATE, _DATE, _DATE, _BLANK, _OTHER, _BLANK, _DATE), False),
    # a way that read the date but for one numeral blurred to no digit speaks for it
    ((_DATE, _DATE, "发证日期202百年07月09日", _BLANK, _BLANK, _BLANK, _DATE), True),
    # ways that read the date with a digit lost (the year's last under the star's point)
    # speak for it, and outnumber no one: the date is read, not the text without the digit
    ((_DATE, "发证日期202年07月09日", "发证日期202年07月09日", _BLANK, _BLANK, _BLANK, _DATE),
     True),
    # a date only some ways read is no proof
    ((_DATE, _DATE, _BLANK, _BLANK, _BLANK, _BLANK, _DATE), False),
    # a name the lifted page lost most of, or read as a few pieces
    ((_NAME, _NAME, _NAME, "发证机关人方源量", "发证机关人源", "发证机关中省人力审源", _NAME), True),
    # a name nearly as long read otherwise: one character misread, not lost
    ((_NAME, _NAME, _NAME, "发证机关山东省人力资源和社会保瘴厅", _NAME, _NAME, _NAME), False),
])
def test_a_strips_ways_that_lost_the_fill_do_not_make_it_unsure(reads: tuple[str, ...],
                                                                sure: bool) -> None:
    from mchverify.extractors.seal_lines import _agreed

    page = np.full((200, 400, 3), 250, np.uint8)
    text, score, others = _agreed(_Reads(*reads), (page, page), (10, 80, 390, 120))
    assert (score >= 0.6) is sure
    assert text == reads[0] or not sure
    # an unsure strip keeps what the other ways read, for the record to be held against
    assert bool(others) is not sure
    assert text not in others and set(others) <= set(reads)


class _ReadsAs:
    """A recogniser that answers every crop with one text, and counts the crops."""

    def __init__(self, text: str) -> None:
        self.text, self.crops = text, 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [(self.text, 0.95) for _ in crops]


@pytest.mark.parametrize(("again", "sure"), [
    ("发证日期2025年01月09日", True),  # every view reads the same date
    ("发证日期年月日", True),  # the lifted view lost the fill: no other date
    ("发证日期2025年04月09日", False),  # a numeral under the star read otherwise
])
def test_a_date_read_whole_across_a_copys_seal_is_read_again(again: str, sure: bool) -> None:
    """A date the detector read whole across the seal (bench verify tune seed 2026,
    doc0177: 2025年04月09日 read 01月 at 0.91, a registry mismatch on a clean copy)."""
    from mchverify.extractors.seal_lines import _doubt_dates_under

    page = np.full((1400, 2000, 3), 250, np.uint8)
    mark = SealMark(*CENTRE, RADIUS, 1.0, ink="grey")
    date = TextLine(text="发证日期2025年01月09日", box=(800, 690, 1150, 730), score=0.91)
    far = TextLine(text="有效期至2028年01月09日", box=(100, 200, 450, 240), score=0.95)
    rec = _ReadsAs(again)
    out = _doubt_dates_under([mark], [date, far], [date, far], rec, (page, page))
    assert out[1] is far and rec.crops == 2, "only the line crossing the seal is read again"
    assert out[0].text == date.text
    assert (out[0].score >= 0.6) is sure


class _ReadsEach:
    """A recogniser that answers the crops with given reads, in order, and counts calls."""

    def __init__(self, *reads: str) -> None:
        self.reads, self.calls = reads, 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.calls += 1
        assert len(crops) == len(self.reads)
        return [(t, 0.95) for t in self.reads]


_ISSUER_STRIP = (300, 500, 800, 540)
_DAY = "二二三年三月三日"


@pytest.mark.parametrize(("reads", "added", "sure"), [
    # the page read the date at each offset; the lifted view lost the fill, read nothing
    ((_DAY, _DAY, _DAY, "", "", "-"), _DAY, True),
    # a read that made another date (a numeral under the star) makes it unsure
    ((_DAY, _DAY, "二二三年三月八日", "", "", ""), _DAY, False),
    # one read alone is no proof
    ((_DAY, "行政审批专用章", "", "", "", ""), _DAY, False),
    # the seal's own words under the name: no date, no line
    (("行政审批专用章", "行政审批专用章", "", "", "", ""), None, False),
])
def test_a_date_nothing_boxed_under_a_strips_line_is_read_from_under_it(
        reads: tuple[str, ...], added: str | None, sure: bool) -> None:
    """A copy's pale seal (tune seed 557, doc0008): its lift took the thin fill of the date
    under the issuer with it, and the date lay inside the ring end to end, so no ink beside
    the ring marked its line: nothing was boxed there and the issue date was lost."""
    from mchverify.extractors.seal_lines import _dates_under

    page = np.full((1000, 1200, 3), 250, np.uint8)
    rec = _ReadsEach(*reads)
    out = _dates_under([_ISSUER_STRIP], [("山东省卫生健康委员会", 0.99)], [], rec, (page, page))
    assert [ln.text for ln in out] == ([added] if added else [])
    if out:
        assert out[0].box[1] >= _ISSUER_STRIP[3] and (out[0].score >= 0.6) is sure


def test_no_date_is_looked_for_under_a_date_or_where_something_was_boxed() -> None:
    from mchverify.extractors.seal_lines import _dates_under

    page = np.full((1000, 1200, 3), 250, np.uint8)
    rec = _ReadsEach(*[_DAY] * 6)
    below = TextLine(text="年三月", box=(400, 550, 600, 590), score=0.8)
    assert _dates_under([_ISSUER_STRIP], [("山东省卫生健康委员会", 0.99)], [below], rec,
                        (page, page)) == []
    assert _dates_under([_ISSUER_STRIP], [("2023年03月03日", 0.99)], [], rec, (page, page)) == []
    assert rec.calls == 0


def _name_inside_the_ring(dark: int) -> np.ndarray:
    """A copy's foot whose issuer and date are printed small, inside the seal's ring end to
    end (tune seed 701, doc0038): no ink beside the ring marks their rows."""
    return _certificate_foot(dark, "上海市卫生健康委员会", 3.6, (148, 156))


@pytest.mark.ocr
@pytest.mark.parametrize("dark", [50, 90])
def test_an_issuer_inside_a_dark_seals_ring_is_found_by_reading_rows_across_it(
        reader: DocumentReader, dark: int) -> None:
    """The detector read the issuer under the seal as 上海新市新市管理局 and no strip was
    found: rows read across the ring find the authority, and the date under it."""
    import datetime as dt

    page = _name_inside_the_ring(dark)
    ocr = reader.engine.read(page)
    assert not any("卫生健康" in ln.text for ln in ocr.lines), "the detector alone reads it"
    lines = read_under_seals(page, ocr, reader.engine)
    named = [ln for ln in lines if ln.text.startswith("上海市卫生健康委")]
    assert len(named) == 1  # sure or to review, as the rows agree (below)
    assert dt.date(2023, 3, 3) in _dates([ln for ln in lines if ln.box[1] > named[0].box[1]])


class _RowReads:
    """A recogniser that answers the rows across a seal by their order: given reads for
    some rows, nothing for the others."""

    def __init__(self, reads: dict[int, str]) -> None:
        self.reads, self.rows = reads, 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.rows = len(crops)
        return [(self.reads.get(i, ""), 0.95 if i in self.reads else 0.0)
                for i in range(len(crops))]


_BODY = [TextLine(text="机构名称：襄阳市妇幼保健院", box=(100, 100, 600, 140), score=0.99)]


@pytest.mark.parametrize(("reads", "issuer", "sure"), [
    # two rows read the name, one with 生 lost under the star: one slip, repaired
    ({8: "上海市卫健康委员会", 9: "上海市卫生健康委员会"}, "上海市卫生健康委员会", True),
    ({8: "上海市卫生健康委员会"}, "上海市卫生健康委员会", False),  # one read is no proof
    # rows that read two authorities: the most common, to review
    ({7: "上海市卫生健康委员会", 8: "上海市卫生健康委员会", 9: "江苏省卫生健康委员会"},
     "上海市卫生健康委员会", False),
    ({2: "卫生健康", 3: "市卫生健康委"}, None, False),  # the arc text: no place, no name
])
def test_rows_across_a_seal_give_an_authority_when_they_agree(
        reads: dict[int, str], issuer: str | None, sure: bool) -> None:
    from mchverify.extractors.seal_lines import _scan_seals

    page = np.full((1400, 2000, 3), 250, np.uint8)
    mark = SealMark(*CENTRE, RADIUS, 1.0, ink="grey")
    out = _scan_seals([mark], _BODY, _RowReads(reads), (page,))  # type: ignore[arg-type]
    assert [ln.text for ln in out] == ([issuer] if issuer else [])
    if out:
        assert (out[0].score >= 0.6) is sure


def test_no_rows_are_read_across_a_seal_an_authority_was_read_beside() -> None:
    from mchverify.extractors.seal_lines import _scan_seals

    page = np.full((1400, 2000, 3), 250, np.uint8)
    mark = SealMark(*CENTRE, RADIUS, 1.0, ink="grey")
    named = TextLine(text="上海市卫生健康委员会", box=(850, 640, 1150, 680), score=0.97)
    rec = _RowReads({8: "江苏省卫生健康委员会", 9: "江苏省卫生健康委员会"})
    assert _scan_seals([mark], [*_BODY, named], rec, (page,)) == []  # type: ignore[arg-type]
    assert rec.rows == 0
