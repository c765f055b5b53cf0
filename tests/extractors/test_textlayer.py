"""Text-layer lines: grouping by baseline, splitting far-apart cells, what counts as visible."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from mchverify.extractors.textlayer import (
    TextStats,
    has_text_layer,
    pdf_text_lines,
    pdfium_text_stats,
)

FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
]
H = A4[1]

Draw = Callable[[canvas.Canvas, str], None]


def _font() -> str:
    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        font = next((f for f in FONTS if f.exists()), None)
        if font is None:
            pytest.skip("no CJK TrueType font installed")
        pdfmetrics.registerFont(TTFont("CJK", str(font), subfontIndex=0))
    return "CJK"


def _pdf(draw: Draw, *, crop: tuple[float, float, float, float] | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if crop:
        c.setCropBox(crop)
    c.setFont(_font(), 12)
    draw(c, _font())
    c.showPage()
    c.save()
    return buf.getvalue()


@contextmanager
def _page(data: bytes) -> Iterator[pdfplumber.page.Page]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf.pages[0]


def _stats(data: bytes, scale: float) -> TextStats:
    doc = pdfium.PdfDocument(data)
    try:
        return pdfium_text_stats(doc[0], scale)
    finally:
        doc.close()


Box = tuple[float, float, float, float]


def _lines(draw: Draw, scale: float = 1.0, *, crop: Box | None = None) -> list[tuple[str, Box]]:
    data = _pdf(draw, crop=crop)
    with _page(data) as page:
        stats = _stats(data, scale)
        return [(ln.text, ln.box) for ln in pdf_text_lines(page, scale, hidden=stats.hidden)]


def _texts(draw: Draw) -> list[str]:
    return [text for text, _ in _lines(draw)]


# --- grouping and splitting -----------------------------------------------------------------


def test_label_and_value_far_apart_are_two_lines() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "姓名")
        c.drawString(300, 700, "张三")

    assert _texts(draw) == ["姓名", "张三"]


def test_cjk_without_spaces_stays_one_line() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "母婴保健技术服务执业许可证")

    assert _texts(draw) == ["母婴保健技术服务执业许可证"]


def test_letter_spaced_cjk_label_is_joined_without_spaces() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "姓")
        c.drawString(100 + 12 + 10, 700, "名")  # 10 pt gap: under 1.5 character widths

    assert _texts(draw) == ["姓名"]


def test_latin_words_keep_their_spaces() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "Licence No. ZJ 2023 0012")
        c.drawString(100, 680, "证书编号 ZJ2023")

    assert _texts(draw) == ["Licence No. ZJ 2023 0012", "证书编号 ZJ2023"]


def test_reading_order_top_to_bottom_then_left_to_right() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(300, 600, "右下")
        c.drawString(100, 700, "左上")
        c.drawString(100, 600, "左下")
        c.drawString(300, 700, "右上")

    assert _texts(draw) == ["左上", "右上", "左下", "右下"]


def test_mixed_font_sizes_on_one_baseline_group_together() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.setFont(font, 10)
        c.drawString(100, 700, "发证机关")
        c.setFont(font, 14)
        c.drawString(152, 700, "浙江省卫生健康委员会")

    assert _texts(draw) == ["发证机关浙江省卫生健康委员会"]


def test_lines_close_together_stay_apart() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "第一行文字")
        c.drawString(100, 686, "第二行文字")  # 14 pt leading for 12 pt text

    assert _texts(draw) == ["第一行文字", "第二行文字"]


def test_boxes_are_points_times_scale() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "张三")

    ((_, box1),) = _lines(draw, scale=1.0)
    ((_, box2),) = _lines(draw, scale=200 / 72)
    assert box1[0] == pytest.approx(100, abs=0.01)
    assert box1[2] == pytest.approx(124, abs=0.01)  # two 12 pt ideographs
    assert box1[1] < H - 700 < box1[3]
    assert box2 == pytest.approx(tuple(v * 200 / 72 for v in box1))


def test_boxes_are_relative_to_the_crop_box() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "张三")
        c.drawString(500, 700, "裁掉")  # outside the crop box: not visible, not read

    lines = _lines(draw, crop=(50, 600, 400, 800))
    assert [text for text, _ in lines] == ["张三"]
    assert lines[0][1][0] == pytest.approx(50, abs=0.01)  # 100 - 50


# --- visibility -----------------------------------------------------------------------------


def test_white_text_is_dropped_unless_on_a_dark_ground() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "可见文字")
        c.setFillColorRGB(1, 1, 1)
        c.drawString(100, 650, "隐藏白字")
        c.setFillColorRGB(0.7, 0, 0)
        c.rect(90, 590, 200, 30, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.drawString(100, 600, "红底白字标题")

    assert _texts(draw) == ["可见文字", "红底白字标题"]


def test_invisible_render_mode_is_dropped() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "姓名")
        c.drawString(300, 700, "张三")
        c.saveState()
        hidden = c.beginText(300, 700)  # a forged name laid invisibly over the printed one
        hidden.setTextRenderMode(3)
        hidden.setFont(font, 12)
        hidden.textLine("李四")
        c.drawText(hidden)
        c.restoreState()

    assert _texts(draw) == ["姓名", "张三"]


def test_diagonal_watermark_is_left_out() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(100, 700, "母婴保健技术考核合格证书")
        c.saveState()
        c.translate(200, 400)
        c.rotate(45)
        c.drawString(0, 0, "仅供审核使用")
        c.restoreState()

    assert _texts(draw) == ["母婴保健技术考核合格证书"]


# --- has_text_layer -------------------------------------------------------------------------


def _has_text_layer(draw: Draw) -> bool:
    data = _pdf(draw)
    with _page(data) as page:
        return has_text_layer(page, stats=_stats(data, 1.0))


def _scan_image(c: canvas.Canvas) -> None:
    im = Image.new("L", (200, 280), 230)
    c.drawImage(ImageReader(im), 0, 0, width=A4[0], height=A4[1])


def test_certificate_text_is_a_text_layer() -> None:
    assert _has_text_layer(lambda c, f: c.drawString(100, 700, "母婴保健技术考核合格证书"))


def test_a_few_characters_are_not_a_text_layer() -> None:
    assert not _has_text_layer(lambda c, f: c.drawString(100, 700, "第1页"))
    assert not _has_text_layer(lambda c, f: None)


def test_scanner_watermark_is_not_a_text_layer() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.drawString(20, 20, "Scanned with CamScanner")
        c.drawString(400, 20, "扫描全能王 创建")

    assert not _has_text_layer(draw)


def test_page_stamp_on_a_full_page_image_is_not_a_text_layer() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        _scan_image(c)
        c.drawString(20, 20, "2024-05-01 10:21 第1页")

    assert not _has_text_layer(draw)


def test_digital_certificate_over_a_background_image_is_a_text_layer() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        _scan_image(c)  # decorative border artwork
        for i, text in enumerate(
            [
                "母婴保健技术考核合格证书",
                "姓名 张三 性别 女",
                "身份证号 330106198503021234",
                "发证机关 浙江省卫生健康委员会",
                "证书编号 浙母婴(2023)第00123号",
            ]
        ):
            c.drawString(100, 700 - 30 * i, text)

    assert _has_text_layer(draw)


def test_ocr_layer_of_a_scan_is_not_a_text_layer() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        _scan_image(c)
        hidden = c.beginText(100, 700)
        hidden.setTextRenderMode(3)
        hidden.setFont(font, 12)
        for line in [
            "母婴保健技术考核合格证书",
            "姓名 张三 性别 女",
            "身份证号 330106198503021234",
        ]:
            hidden.textLine(line)
        c.drawText(hidden)

    assert not _has_text_layer(draw)


def test_sideways_page_is_not_a_text_layer() -> None:
    def draw(c: canvas.Canvas, font: str) -> None:
        c.saveState()
        c.translate(300, 100)
        c.rotate(90)
        c.drawString(0, 0, "母婴保健技术服务执业许可证 浙江省卫生健康委员会")
        c.restoreState()

    assert not _has_text_layer(draw)


# --- fields from an e-licence's text layer (issue 24, phenomenon 7) ----------------------------


def test_e_licence_numbers_go_to_the_field_their_label_names() -> None:
    """An e-licence table centres each value in its cell: the 登记号's value sits 7 pt below
    its label's baseline, a 管理号 printed on after it. Each number must go to its own label,
    and the 批准文号 and 管理号 to no field."""
    from mchverify.extractors.classify import classify
    from mchverify.extractors.fields import extract_fields
    from mchverify.extractors.layout import group_rows
    from mchverify.schemas.codes import DocType

    def draw(c: canvas.Canvas, font: str) -> None:
        c.setFont(font, 16)
        c.drawString(200, 780, "医疗机构执业许可证")
        c.setFont(font, 12)
        c.drawString(60, 720, "机构名称")
        c.drawString(200, 720, "杭州市西湖区妇幼保健院")
        c.drawString(60, 690, "登记号")
        c.drawString(200, 683, "PDY12345633010617A1001 管理号 330106202000012")
        c.drawString(60, 660, "批准文号")
        c.drawString(200, 660, "浙卫医字[2020]第12号")
        c.drawString(60, 600, "统一社会信用代码")
        c.drawString(200, 600, "12330106470000000X")
        c.drawString(60, 570, "法定代表人")
        c.drawString(200, 570, "张三")

    data = _pdf(draw)
    with _page(data) as page:
        lines = pdf_text_lines(page, 300 / 72)
    rows = group_rows(lines)
    kind = classify(rows)
    assert kind.doc_type is DocType.MEDICAL_INSTITUTION_LICENSE
    got = {k: v.value for k, v in extract_fields(kind.doc_type, kind.body(rows)).items()}
    assert got["certificate_number"] == "PDY12345633010617A1001"
    assert got["uscc"] == "12330106470000000X"
    assert got["legal_representative"] == "张三"
