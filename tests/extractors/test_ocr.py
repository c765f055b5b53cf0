"""OCR engines on a rendered certificate page: orientation, stacked labels, engine contract."""

from __future__ import annotations

import importlib.util

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mchverify.extractors.ocr import OcrEngine, build_engine
from mchverify.extractors.ocr.rapid import RapidOcrEngine, _is_column, _split_column
from mchverify.schemas.options import PaddleOcrOptions, TesseractOptions

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ROWS = [("姓　　名", "王小明"), ("性　　别", "女"), ("出生日期", "1985年3月12日"),
        ("工作单位", "杭州市西湖区妇幼保健院")]


def _page() -> np.ndarray:
    """An A5-ish page at 200 dpi with spaced labels stacked in one column."""
    im = Image.new("RGB", (1150, 900), (252, 250, 245))
    d = ImageDraw.Draw(im)
    title = ImageFont.truetype(FONT, 64)
    body = ImageFont.truetype(FONT, 40)
    d.text((200, 60), "母婴保健技术考核合格证书", font=title, fill=(10, 10, 10))
    for i, (label, value) in enumerate(ROWS):
        y = 240 + i * 90
        d.text((100, y), label, font=body, fill=(0, 0, 0))
        d.text((420, y), value, font=body, fill=(0, 0, 0))
    return cv2.cvtColor(np.array(im), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="module")
def rapid() -> RapidOcrEngine:
    return RapidOcrEngine()


def _texts(engine: OcrEngine, image: np.ndarray) -> str:
    return "".join(line.text for line in engine.read(image).lines).replace(" ", "")


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("turn", "fix"),
    [(None, 0), (cv2.ROTATE_180, 180), (cv2.ROTATE_90_CLOCKWISE, 270),
     (cv2.ROTATE_90_COUNTERCLOCKWISE, 90)],
)
def test_pages_in_every_orientation_read_upright(rapid: RapidOcrEngine, turn: int | None,
                                                 fix: int) -> None:
    page = _page() if turn is None else cv2.rotate(_page(), turn)
    result = rapid.read(page)
    assert result.rotation == fix
    text = "".join(line.text for line in result.lines)
    for needle in ("母婴保健技术考核合格证书", "王小明", "1985年3月12日", "杭州市西湖区妇幼保健院"):
        assert needle in text
    ys = {line.text: line.box[1] for line in result.lines}
    title = next(y for t, y in ys.items() if "证书" in t)
    unit = next(y for t, y in ys.items() if "保健院" in t)
    assert title < unit, "boxes are in the upright page's coordinates"


@pytest.mark.ocr
def test_one_model_load_per_engine(rapid: RapidOcrEngine) -> None:
    det = rapid._det
    rapid.read(_page())
    rapid.read(_page())
    assert rapid._det is det


def test_the_process_counts_every_engine_it_builds() -> None:
    """The figure behind "one model load per worker" counts builds, so a reload shows."""
    from mchverify.extractors.ocr import build_engine, model_loads
    from mchverify.schemas.options import TesseractOptions

    before = model_loads()
    build_engine(TesseractOptions())
    build_engine(TesseractOptions())
    assert model_loads() == before + 2


def test_column_of_stacked_label_characters_is_split_per_row() -> None:
    page = np.full((400, 80, 3), 255, np.uint8)
    for i in range(3):
        cv2.rectangle(page, (20, 30 + i * 120), (60, 70 + i * 120), (0, 0, 0), -1)
    quad = np.float32([[10, 20], [70, 20], [70, 300], [10, 300]])
    parts = _split_column(page, quad, "姓性出")
    assert [ch for ch, _ in parts] == ["姓", "性", "出"]
    centers = [float(q[:, 1].mean()) for _, q in parts]
    assert centers == sorted(centers)
    assert all(abs(c - (50 + i * 120)) < 25 for i, c in enumerate(centers))


def test_a_title_printed_top_to_bottom_is_one_line_not_a_column_of_labels() -> None:
    """A booklet spread's cover (tune seed 906, doc0073): 卫生专业技术资格证书 printed top
    to bottom was cut into characters as a column of stacked labels, and its 专 业 and 资 格
    read as labels: specialty 技 and title 证 at 1.0. Stacked labels' first characters
    spell no title, however close they stand (地类经服, tune seed 2026, doc0129)."""
    assert _is_column((691, 108, 819, 911), "卫生专业技术资格证书") is False
    assert _is_column((10, 20, 70, 300), "姓性出") is True
    assert _is_column((135, 667, 193, 900), "地类经服") is True


@pytest.mark.tesseract
def test_tesseract_engine_reads_the_same_page() -> None:
    engine = build_engine(TesseractOptions())
    text = _texts(engine, _page())
    assert "王小明" in text or "杭州市" in text


@pytest.mark.paddle
@pytest.mark.skipif(importlib.util.find_spec("paddleocr") is None,
                    reason="paddleocr (optional extra) is not installed here")
def test_paddle_engine_when_installed(tmp_path) -> None:  # pragma: no cover - optional
    import os

    det, rec = os.environ.get("PADDLE_DET_DIR"), os.environ.get("PADDLE_REC_DIR")
    if not det or not rec:
        pytest.skip("PADDLE_DET_DIR / PADDLE_REC_DIR model folders not configured")
    engine = build_engine(PaddleOcrOptions(det_model_dir=det, rec_model_dir=rec))
    assert "王小明" in _texts(engine, _page())
