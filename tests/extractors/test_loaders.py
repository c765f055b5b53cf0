"""load_document / render_pdf_page: every input is generated here, none is stored in git."""

from __future__ import annotations

import io
import math
import struct
import time
import tracemalloc
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from mchverify.errors import DocumentLoadError
from mchverify.extractors.loaders import load_document, render_pdf_page, sniff_format
from mchverify.extractors.pages import RasterPage, TextLayerPage
from mchverify.storage.files import read_file

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


# --- generators -----------------------------------------------------------------------------


def _image_bytes(im: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def _sample_rgb(size: tuple[int, int] = (120, 80)) -> Image.Image:
    """A white image with a pure red block in its top-left corner."""
    im = Image.new("RGB", size, (255, 255, 255))
    im.paste((255, 0, 0), (0, 0, 20, 20))
    return im


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming width×height 1-bit pixels, with a tiny IDAT: built in microseconds."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _cjk_font() -> str:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        if CJK_FONT.exists():
            pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT), subfontIndex=0))
        elif UMING.exists():
            pdfmetrics.registerFont(TTFont("WQY", str(UMING), subfontIndex=0))
        else:
            pytest.skip("no CJK TrueType font installed")
    return "WQY"


def _pdf(draw, *, pages: int = 1, **canvas_kwargs: object) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, **canvas_kwargs)
    for number in range(pages):
        draw(c, number)
        c.showPage()
    c.save()
    return buf.getvalue()


def _certificate(c: canvas.Canvas, _: int) -> None:
    font = _cjk_font()
    c.setFont(font, 18)
    c.drawString(150, 760, "母婴保健技术考核合格证书")
    c.setFont(font, 12)
    # Drawn out of order on purpose: the loader must return reading order.
    c.drawString(300, 660, "330106198503021234")
    c.drawString(100, 700, "姓名")
    c.drawString(300, 700, "张三")
    c.drawString(100, 660, "身份证号")
    c.drawString(100, 620, "证书编号")
    c.drawString(300, 620, "浙母婴(2023)第00123号")


def _scan(c: canvas.Canvas, _: int) -> None:
    im = Image.new("RGB", (400, 560), (250, 250, 250))
    im.paste((0, 0, 0), (40, 40, 360, 80))
    c.drawImage(ImageReader(im), 0, 0, width=A4[0], height=A4[1])


@pytest.fixture(scope="module")
def cjk_pdf() -> bytes:
    return _pdf(_certificate)


@pytest.fixture(scope="module")
def scan_pdf() -> bytes:
    return _pdf(_scan)


def _code(data: bytes, **kwargs: int) -> str:
    with pytest.raises(DocumentLoadError) as info:
        load_document(data, "upload.bin", **kwargs)
    assert info.value.reason
    return info.value.code


def _only_raster(data: bytes, name: str = "x") -> np.ndarray:
    doc = load_document(data, name)
    assert doc.kind == "image" and len(doc.pages) == 1
    page = doc.pages[0]
    assert isinstance(page, RasterPage)
    assert page.image.dtype == np.uint8 and page.image.ndim == 3 and page.image.shape[2] == 3
    assert page.image.flags["C_CONTIGUOUS"]
    return page.image


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "BMP", "WEBP"])
def test_image_formats_load_as_bgr(fmt: str) -> None:
    img = _only_raster(_image_bytes(_sample_rgb(), fmt), name=f"scan.{fmt.lower()}")
    assert img.shape == (80, 120, 3)
    # Red in RGB is the last channel in BGR; lossy formats get a tolerance.
    b, g, r = img[5, 5].astype(int)
    assert r > 200 and g < 60 and b < 60
    assert (img[70, 110] > 240).all()


def test_multipage_tiff_gives_one_page_per_frame() -> None:
    first, second = _sample_rgb((100, 60)), Image.new("L", (50, 90), 128)
    data = _image_bytes(first, "TIFF", save_all=True, append_images=[second])
    doc = load_document(data, "two.tif")
    pages = [p for p in doc.pages if isinstance(p, RasterPage)]
    assert [p.number for p in pages] == [1, 2]
    assert [p.image.shape for p in pages] == [(60, 100, 3), (90, 50, 3)]
    assert all(p.image.dtype == np.uint8 for p in pages)


def test_tiff_with_too_many_frames() -> None:
    frames = [Image.new("L", (40, 40), v) for v in (10, 20, 30)]
    data = _image_bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    assert _code(data, max_pages=2) == "too_many_pages"


@pytest.mark.parametrize(
    ("mode", "colour", "expected_bgr"),
    [
        ("L", 100, (100, 100, 100)),
        ("1", 1, (255, 255, 255)),
        ("CMYK", (0, 255, 255, 0), (0, 0, 255)),  # pure red
        ("RGBA", (0, 0, 255, 0), (255, 255, 255)),  # fully transparent: white paper
        ("RGBA", (0, 0, 255, 255), (255, 0, 0)),  # opaque blue
        ("LA", (0, 128), (127, 127, 127)),  # half-transparent black on white
    ],
)
def test_colour_modes_become_bgr_uint8(
    mode: str, colour: float | tuple[int, ...], expected_bgr: tuple[int, int, int]
) -> None:
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    data = _image_bytes(Image.new(mode, (64, 48), colour), fmt)
    img = _only_raster(data)
    assert img.shape == (48, 64, 3)
    assert np.abs(img[24, 32].astype(int) - expected_bgr).max() <= 3


def test_palette_image_with_transparency() -> None:
    im = Image.new("P", (40, 40), 0)
    im.putpalette([0, 255, 0] + [255, 0, 0] * 255)  # index 0 green, others red
    im.paste(1, (0, 0, 20, 40))
    data = _image_bytes(im, "PNG", transparency=0)  # green is transparent
    img = _only_raster(data)
    assert tuple(img[10, 5]) == (0, 0, 255)  # red (BGR)
    assert tuple(img[10, 30]) == (255, 255, 255)  # transparent green → white


def test_16_bit_grayscale_is_scaled_to_8_bit() -> None:
    ramp = np.tile(np.linspace(0, 65535, 64, dtype=np.uint16), (40, 1))
    data = _image_bytes(Image.fromarray(ramp), "PNG")
    with Image.open(io.BytesIO(data)) as check:
        assert check.mode.startswith("I")
    img = _only_raster(data)
    assert img.shape == (40, 64, 3)
    assert img[0, 0, 0] == 0 and img[0, -1, 0] == 255
    assert (np.diff(img[0, :, 1].astype(int)) >= 0).all()


def test_16_bit_tiff() -> None:
    data = _image_bytes(Image.new("I;16", (40, 40), 32768), "TIFF")
    assert abs(int(_only_raster(data)[0, 0, 2]) - 128) <= 1


def test_exif_rotated_jpeg_is_turned_upright() -> None:
    stored = _sample_rgb((120, 80))  # red block top-left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # display = stored rotated 90° clockwise
    img = _only_raster(_image_bytes(stored, "JPEG", exif=exif))
    assert img.shape == (120, 80, 3)
    b, g, r = img[5, 74].astype(int)  # top-left moves to top-right
    assert r > 200 and g < 60 and b < 60


def test_dpi_is_recorded_when_present() -> None:
    data = _image_bytes(_sample_rgb(), "PNG", dpi=(300, 300))
    page = load_document(data, "x").pages[0]
    assert isinstance(page, RasterPage) and page.dpi == pytest.approx(300, abs=0.1)
    no_dpi = load_document(_image_bytes(_sample_rgb(), "PNG"), "x").pages[0]
    assert isinstance(no_dpi, RasterPage) and no_dpi.dpi is None


def test_kind_comes_from_bytes_not_name() -> None:
    data = _image_bytes(_sample_rgb(), "PNG")
    assert load_document(data, "looks-like.pdf").kind == "image"
    assert sniff_format(data) == "png"


# --- bad input ------------------------------------------------------------------------------


def test_empty_bytes() -> None:
    assert _code(b"") == "empty"


def test_text_file_named_jpg() -> None:
    with pytest.raises(DocumentLoadError) as info:
        load_document("申请登记书 — plain text\n".encode() * 20, "photo.jpg")
    assert info.value.code == "unsupported_format"
    assert "既不是图片也不是 PDF" in info.value.reason


def test_text_starting_with_bm_is_not_a_bmp() -> None:
    assert _code(b"BMW service record, 2024 and more text to be long") == "unsupported_format"


def test_zip_gets_a_specific_reason() -> None:
    with pytest.raises(DocumentLoadError) as info:
        load_document(b"PK\x03\x04" + b"\x00" * 100, "licence.ofd")
    assert info.value.code == "unsupported_format" and "OFD" in info.value.reason


def test_decompression_bomb_is_refused_fast_without_allocating() -> None:
    data = _png_header_only(30000, 30000)
    tracemalloc.start()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # PIL's DecompressionBombWarning must not escape
        code = _code(data)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == "too_large"
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize("side", [8000, 9500, 13000])  # under, between and over PIL's limits
def test_big_images_refused_on_our_limit_without_pil_warning(side: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _code(_png_header_only(side, side)) == "too_large"


def test_max_pixels_is_the_callers_choice() -> None:
    data = _image_bytes(_sample_rgb((100, 100)), "PNG")
    assert _code(data, max_pixels=9_999) == "too_large"
    assert load_document(data, "x", max_pixels=10_000).pages


def test_one_pixel_image_is_too_small() -> None:
    assert _code(_image_bytes(Image.new("RGB", (1, 1)), "PNG")) == "too_small"
    assert _code(_image_bytes(Image.new("RGB", (200, 20)), "PNG")) == "too_small"


def test_truncated_jpeg_is_corrupt() -> None:
    noisy = Image.fromarray(np.random.default_rng(1).integers(0, 255, (200, 200, 3), np.uint8))
    data = _image_bytes(noisy, "JPEG", quality=90)
    assert _code(data[: len(data) // 2]) == "corrupt"


def test_truncated_png_is_corrupt() -> None:
    data = _image_bytes(_sample_rgb((300, 300)), "PNG")
    assert _code(data[: len(data) - 30]) == "corrupt"


def test_truncated_pdf_is_corrupt(cjk_pdf: bytes) -> None:
    assert _code(cjk_pdf[: len(cjk_pdf) // 2]) == "corrupt"
    assert _code(b"%PDF-1.7\n%%EOF\n") == "corrupt"


def test_encrypted_pdf(tmp_path: Path) -> None:
    data = _pdf(_certificate, encrypt="secret")
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    with pytest.raises(DocumentLoadError) as info:
        load_document(read_file(path), path.name)
    assert info.value.code == "encrypted"
    assert "密码" in info.value.reason


def test_pdf_with_owner_password_only_is_readable() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0)
    doc = load_document(_pdf(_certificate, encrypt=enc), "copy-protected.pdf")
    assert isinstance(doc.pages[0], TextLayerPage)
    assert any("张三" in line.text for line in doc.pages[0].lines)


def test_too_many_pdf_pages() -> None:
    assert _code(_pdf(_scan, pages=3), max_pages=2) == "too_many_pages"


def test_oversized_pdf_page_is_refused_before_rendering() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(14000, 14000))
    c.rect(10, 10, 100, 100, fill=1)
    c.showPage()
    c.save()
    start = time.perf_counter()
    assert _code(buf.getvalue()) == "too_large"
    assert time.perf_counter() - start < 1.0


# --- PDFs -----------------------------------------------------------------------------------


def test_scanned_pdf_is_rendered_at_the_asked_dpi(scan_pdf: bytes) -> None:
    doc = load_document(scan_pdf, "scan.pdf", render_dpi=100)
    assert doc.kind == "pdf" and len(doc.pages) == 1
    page = doc.pages[0]
    assert isinstance(page, RasterPage)
    assert page.dpi == 100
    assert page.image.shape == (math.ceil(A4[1] * 100 / 72), math.ceil(A4[0] * 100 / 72), 3)
    assert page.image.dtype == np.uint8
    assert page.image[:, :, 0].min() < 50 and page.image.max() > 200  # the black bar is drawn


def test_digital_cjk_pdf_is_read_from_its_text_layer(cjk_pdf: bytes) -> None:
    doc = load_document(cjk_pdf, "cert.pdf", render_dpi=150)
    page = doc.pages[0]
    assert isinstance(page, TextLayerPage)
    assert page.scale == pytest.approx(150 / 72)
    assert (page.width, page.height) == (math.ceil(A4[0] * 150 / 72), math.ceil(A4[1] * 150 / 72))
    texts = [line.text for line in page.lines]
    assert texts == [
        "母婴保健技术考核合格证书",
        "姓名",
        "张三",
        "身份证号",
        "330106198503021234",
        "证书编号",
        "浙母婴(2023)第00123号",
    ]
    name = page.lines[2]
    assert all(line.score == 1.0 for line in page.lines)
    # 张三 drawn at x=300pt, baseline 700pt; box in pixels at 150 dpi.
    assert name.box[0] == pytest.approx(300 * 150 / 72, abs=1)
    assert name.box[1] < (A4[1] - 700) * 150 / 72 < name.box[3]


def test_text_layer_boxes_match_the_rendering(cjk_pdf: bytes) -> None:
    doc = load_document(cjk_pdf, "cert.pdf", render_dpi=100)
    page = doc.pages[0]
    assert isinstance(page, TextLayerPage)
    image = render_pdf_page(cjk_pdf, 0, 100)
    assert image.shape == (page.height, page.width, 3) and image.dtype == np.uint8
    for line in page.lines:
        x0, y0, x1, y1 = (round(v) for v in line.box)
        inside = image[y0:y1, x0:x1]
        assert inside.min() < 100, line.text  # ink under every box
    ink_y, ink_x = np.nonzero(image.min(axis=2) < 128)
    boxes = np.array([line.box for line in page.lines])
    assert ink_x.min() >= boxes[:, 0].min() - 2 and ink_x.max() <= boxes[:, 2].max() + 2
    assert ink_y.min() >= boxes[:, 1].min() - 2 and ink_y.max() <= boxes[:, 3].max() + 2


def _rotated_certificate(rotation: int) -> bytes:
    """A page with /Rotate whose content is drawn turned back, so that it displays upright."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setPageRotation(rotation)
    width, height = A4
    turn = {90: ((height, 0), 90), 180: ((width, height), 180), 270: ((0, width), -90)}
    if rotation in turn:
        (dx, dy), angle = turn[rotation]
        c.translate(dx, dy)
        c.rotate(angle)
    _certificate(c, 0)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_pages_have_boxes_on_the_rendering(rotation: int) -> None:
    data = _rotated_certificate(rotation)
    page = load_document(data, "rotated.pdf", render_dpi=72).pages[0]
    assert isinstance(page, TextLayerPage)
    assert page.lines[1].text == "姓名" and page.lines[2].text == "张三"
    assert (page.width, page.height) == (math.ceil(A4[0]), math.ceil(A4[1]))
    image = render_pdf_page(data, 0, 72)
    for line in page.lines:
        x0, y0, x1, y1 = (round(v) for v in line.box)
        assert image[y0:y1, x0:x1].min() < 100, line.text


def test_offset_media_box_and_crop_box() -> None:
    doc = pdfium.PdfDocument(_pdf(_certificate))
    doc[0].set_mediabox(50, 50, 545, 792)
    doc[0].set_cropbox(60, 100, 500, 780)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    data = buf.getvalue()
    page = load_document(data, "boxed.pdf", render_dpi=72).pages[0]
    assert isinstance(page, TextLayerPage) and (page.width, page.height) == (440, 680)
    assert page.lines[1].box[0] == pytest.approx(100 - 60, abs=0.5)
    image = render_pdf_page(data, 0, 72)
    for line in page.lines:
        x0, y0, x1, y1 = (round(v) for v in line.box)
        assert image[y0:y1, x0:x1].min() < 100, line.text


def test_mixed_pdf_pages(cjk_pdf: bytes) -> None:
    def draw(c: canvas.Canvas, number: int) -> None:
        (_certificate if number == 0 else _scan)(c, number)

    doc = load_document(_pdf(draw, pages=2), "mixed.pdf")
    assert [type(p).__name__ for p in doc.pages] == ["TextLayerPage", "RasterPage"]
    assert [p.number for p in doc.pages] == [1, 2]


def test_scanner_watermark_does_not_make_a_text_layer() -> None:
    def draw(c: canvas.Canvas, number: int) -> None:
        _scan(c, number)
        c.setFont(_cjk_font(), 8)
        c.drawString(400, 20, "扫描全能王 创建")
        c.drawString(20, 20, "Scanned with CamScanner")

    assert isinstance(load_document(_pdf(draw), "cs.pdf").pages[0], RasterPage)


def _framed_certificate(c: canvas.Canvas, number: int) -> None:
    """A certificate with what the text view strips: a stroked frame and a red disc."""
    _certificate(c, number)
    c.setStrokeColorRGB(0.6, 0.1, 0.1)
    c.setLineWidth(4)
    c.rect(40, 40, A4[0] - 80, A4[1] - 80)
    c.setFillColorRGB(0.9, 0.1, 0.1)
    c.circle(400, 200, 50, stroke=0, fill=1)


def test_check_drawing_keeps_what_the_text_view_strips() -> None:
    data = _pdf(_framed_certificate)
    page = load_document(data, "e.pdf", check_dpi=100).pages[0]
    assert isinstance(page, TextLayerPage) and page.image is not None
    assert page.image_scale == pytest.approx(100 / 200)
    assert np.array_equal(page.image, render_pdf_page(data, 0, dpi=100))
    assert page.image[(842 - 200) * 100 // 72, 400 * 100 // 72].tolist() != [255] * 3
    assert load_document(data, "e.pdf").pages[0].image is None  # not asked for: not drawn


def test_scan_with_drawings_and_a_watermark_is_rendered_whole() -> None:
    """pdfium sees text, pdfplumber finds it is not the document's: the page is OCR'd from
    a drawing of the original, frame included, not of the stripped text view."""
    def draw(c: canvas.Canvas, number: int) -> None:
        _scan(c, number)
        c.setStrokeColorRGB(0.6, 0.1, 0.1)
        c.setLineWidth(4)
        c.rect(40, 40, A4[0] - 80, A4[1] - 80)
        c.setFont(_cjk_font(), 8)
        c.drawString(400, 20, "扫描全能王 创建")
        c.drawString(20, 20, "Scanned with CamScanner")

    data = _pdf(draw)
    page = load_document(data, "cs.pdf", check_dpi=150).pages[0]
    assert isinstance(page, RasterPage)
    assert np.array_equal(page.image, render_pdf_page(data, 0, dpi=200))


def test_pdfium_is_used_by_one_thread_at_a_time(scan_pdf: bytes) -> None:
    """The web application reads uploads and draws page views in several threads at once;
    pdfium corrupts or crashes the process when two threads are in it."""
    framed = _pdf(_framed_certificate)

    def work(_: int) -> tuple[list[str], int, int]:
        page = load_document(framed, "e.pdf", check_dpi=150).pages[0]
        assert isinstance(page, TextLayerPage) and page.image is not None
        view = render_pdf_page(scan_pdf, 0, dpi=100)
        return [ln.text for ln in page.lines], int(page.image.sum()), int(view.sum())

    expected = work(0)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(work, range(24))) == [expected] * 24


def test_ocrd_scan_with_invisible_text_is_rendered() -> None:
    def draw(c: canvas.Canvas, number: int) -> None:
        _scan(c, number)
        text = c.beginText(100, 700)
        text.setTextRenderMode(3)
        text.setFont(_cjk_font(), 12)
        for line in ["母婴保健技术考核合格证书", "姓名 张三", "证书编号 00123 and more words"]:
            text.textLine(line)
        c.drawText(text)

    assert isinstance(load_document(_pdf(draw), "ocrd.pdf").pages[0], RasterPage)


def test_non_positive_dpi_is_a_programming_error(cjk_pdf: bytes) -> None:
    with pytest.raises(ValueError):
        load_document(cjk_pdf, "x.pdf", render_dpi=0)
    with pytest.raises(ValueError):
        render_pdf_page(cjk_pdf, 0, -72)


def test_bytearray_input(cjk_pdf: bytes) -> None:
    doc = load_document(bytearray(cjk_pdf), "x.pdf")  # type: ignore[arg-type]
    assert isinstance(doc.pages[0], TextLayerPage)


def test_render_pdf_page_errors(cjk_pdf: bytes) -> None:
    with pytest.raises(DocumentLoadError) as info:
        render_pdf_page(cjk_pdf, 3, 72)
    assert info.value.code == "no_such_page"
    with pytest.raises(DocumentLoadError) as info:
        render_pdf_page(b"not a pdf", 0, 72)
    assert info.value.code == "corrupt"
    with pytest.raises(DocumentLoadError) as info:
        render_pdf_page(cjk_pdf, 0, 72, max_pixels=1000)
    assert info.value.code == "too_large"


# --- fuzzing: nothing but DocumentLoadError may escape ---------------------------------------


def _loads_or_refuses(data: bytes) -> None:
    try:
        doc = load_document(data, "fuzz", render_dpi=30, max_pages=5)
    except DocumentLoadError as exc:
        assert isinstance(exc.code, str) and exc.reason
        return
    for page in doc.pages:
        if isinstance(page, RasterPage):
            assert page.image.dtype == np.uint8 and page.image.shape[2] == 3


@pytest.fixture(scope="module")
def valid_samples(cjk_pdf: bytes) -> dict[str, bytes]:
    noisy = Image.fromarray(np.random.default_rng(2).integers(0, 255, (48, 64, 3), np.uint8))
    return {
        "png": _image_bytes(noisy, "PNG"),
        "jpeg": _image_bytes(noisy, "JPEG"),
        "tiff": _image_bytes(noisy, "TIFF", save_all=True, append_images=[noisy]),
        "pdf": cjk_pdf,
    }


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    _loads_or_refuses(data)


@FUZZ
@given(
    prefix=st.sampled_from(
        [
            b"\xff\xd8\xff",
            b"\x89PNG\r\n\x1a\n",
            b"II*\x00",
            b"%PDF-1.7\n",
            b"RIFF\x00\x00\x00\x00WEBP",
            b"BM" + b"\x00" * 12 + b"\x28\x00\x00\x00",
        ]
    ),
    rest=st.binary(max_size=1024),
)
def test_fuzz_magic_then_garbage(prefix: bytes, rest: bytes) -> None:
    _loads_or_refuses(prefix + rest + (b"\n%%EOF\n" if prefix.startswith(b"%PDF") else b""))


@FUZZ
@given(kind=st.sampled_from(["png", "jpeg", "tiff", "pdf"]), cut=st.floats(0, 1))
def test_fuzz_truncations(valid_samples: dict[str, bytes], kind: str, cut: float) -> None:
    data = valid_samples[kind]
    _loads_or_refuses(data[: int(len(data) * cut)])


@FUZZ
@given(
    kind=st.sampled_from(["png", "jpeg", "tiff", "pdf"]),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_fuzz_byte_flips(
    valid_samples: dict[str, bytes], kind: str, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(valid_samples[kind])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    _loads_or_refuses(bytes(data))


def test_pdf_with_javascript_is_refused_without_running_it() -> None:
    from tests.bad_inputs.make_catalogue import _javascript_pdf

    with pytest.raises(DocumentLoadError) as info:
        load_document(_javascript_pdf(), "script.pdf")
    assert info.value.code == "active_content" and "JavaScript" in info.value.reason


def test_js_bytes_inside_a_stream_are_data_not_a_script() -> None:
    """Regression (bench-verify seed 2026, doc0031): an e-certificate whose compressed
    stream held the bytes `/JS(` by chance was refused as carrying a script."""
    from tests.bad_inputs.make_catalogue import _pdf

    data = b"q 1 0 0 1 0 0 cm /JS( /JavaScript<< Q"
    pdf = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data) + 1, data)])
    doc = load_document(pdf, "e-cert.pdf")
    assert len(doc.pages) == 1


def test_text_view_reads_the_same_characters(cjk_pdf: bytes) -> None:
    """pdfplumber reads the text layer from a copy without the drawing: same characters,
    same places, same fonts and colours."""
    import io

    import pdfplumber

    from mchverify.extractors.textlayer import text_view

    def colour(value: object) -> tuple[float, ...]:
        """pdfium writes a grey as its RGB triple: the same colour."""
        rgb = tuple(float(v) for v in value) if isinstance(value, tuple | list) else ()
        return rgb * 3 if len(rgb) == 1 else rgb

    def chars(data: bytes) -> list[tuple[object, ...]]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [(c["text"], round(c["x0"], 2), round(c["top"], 2), round(c["size"], 2),
                     c["fontname"], colour(c["non_stroking_color"]), c["upright"])
                    for p in pdf.pages for c in p.chars]

    def drawn(c: canvas.Canvas, n: int) -> None:
        _certificate(c, n)
        for i in range(200):  # an ornamental border: hundreds of stroked segments
            c.line(40 + 2 * i, 40, 42 + 2 * i, 46)
        c.setFillColorRGB(0.8, 0.1, 0.1)
        c.circle(400, 200, 60, stroke=0, fill=1)  # a vector seal
        c.setFillColorRGB(0.1, 0.2, 0.5)
        c.rect(90, 500, 300, 30, stroke=0, fill=1)  # a coloured band …
        c.setFillColorRGB(1, 1, 1)
        c.setFont(_cjk_font(), 14)
        c.drawString(100, 510, "白字标题")  # … with white text a reader sees on it

    for data in (cjk_pdf, _pdf(drawn)):
        lighter = text_view(data)
        assert chars(lighter) == chars(data) and chars(data)
    assert len(text_view(_pdf(drawn))) < len(_pdf(drawn))
    page = load_document(_pdf(drawn), "drawn.pdf").pages[0]
    assert isinstance(page, TextLayerPage) and any("白字标题" in ln.text for ln in page.lines)
    assert text_view(b"%PDF-1.7 not really") == b"%PDF-1.7 not really"  # no copy: the original
