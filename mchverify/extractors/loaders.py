"""Bytes to pages: images to BGR rasters, PDF pages to text-layer lines or rasters.

Pure functions in the manner of doctr's ``read_pdf``: nothing here opens a file (that is
``storage.files.read_file``). The kind of a document is sniffed from its bytes, never from
its name. Every failure is a :class:`DocumentLoadError` with a short reason and one of these
codes:

``empty``            no bytes
``unsupported_format`` not a JPEG, PNG, TIFF, BMP, WebP or PDF (or a colour mode we cannot read)
``corrupt``          truncated or damaged, or any unexpected library failure
``encrypted``        a PDF that needs a password
``too_large``        a page over ``max_pixels`` (decompression bombs are refused from the header)
``too_small``        a page under ``min_side`` pixels on a side
``too_many_pages``   more than ``max_pages`` pages or frames

pdfium is not thread-safe: every call into it here holds ``PDFIUM_LOCK``.
"""

from __future__ import annotations

import ctypes
import io
import logging
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page as PlumberPage
from PIL import Image, ImageOps

from mchverify.errors import DocumentLoadError
from mchverify.extractors.pages import LoadedDocument, Page, RasterPage, TextLayerPage
from mchverify.extractors.pdfium_lock import PDFIUM_LOCK, pdfium_call
from mchverify.extractors.textlayer import (
    MIN_TEXT_CHARS,
    TextStats,
    has_text_layer,
    pdf_text_lines,
    pdfium_text_stats,
    saved,
    strip_page,
)

__all__ = ["load_document", "render_pdf_page", "sniff_format"]

#: Our format names and the PIL plugin that may decode each (and no other).
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "bmp": "BMP", "webp": "WEBP"}
#: BMP info-header sizes (little-endian) at offset 14: core, v1..v5, OS/2.
_BMP_DIB_SIZES = {n.to_bytes(4, "little") for n in (12, 16, 40, 52, 56, 64, 108, 124)}
#: A PDF's header may follow some junk; readers accept it within the first kilobyte.
_PDF_HEADER_WINDOW = 1024
#: A complete PDF ends with %%EOF, give or take trailing junk, within its last bytes.
_PDF_EOF_WINDOW = 2048

T = TypeVar("T")
log = logging.getLogger(__name__)


def sniff_format(data: bytes) -> str | None:
    """The format of `data` from its magic bytes: jpeg, png, tiff, bmp, webp, pdf, or None."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"BM") and data[14:18] in _BMP_DIB_SIZES:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    return None


def load_document(
    data: bytes,
    name: str,
    *,
    render_dpi: int = 200,
    check_dpi: int | None = None,
    max_pages: int = 50,
    max_pixels: int = 60_000_000,
    min_side: int = 32,
) -> LoadedDocument:
    """Turn a file's bytes into pages; the kind comes from the bytes, not from `name`.

    `check_dpi`: also render each text-layer page at this resolution (at most `render_dpi`)
    for the image checks (seal, QR code).

    Raises DocumentLoadError for any bytes; ValueError only for a non-positive resolution.
    """
    if render_dpi <= 0 or (check_dpi is not None and check_dpi <= 0):
        raise ValueError(f"resolutions must be positive, not {render_dpi}, {check_dpi}")
    if not data:
        raise DocumentLoadError("文件是空的（0 字节）。", code="empty")
    data = bytes(data)  # a bytearray or memoryview would not reach pdfium as memory
    fmt = sniff_format(data)
    if fmt is None:
        raise DocumentLoadError(_unsupported_reason(data), code="unsupported_format")
    limits = {"max_pages": max_pages, "max_pixels": max_pixels, "min_side": min_side}
    if fmt == "pdf":
        pages = _guarded(lambda: _load_pdf(data, render_dpi=render_dpi, check_dpi=check_dpi,
                                           **limits))
        return LoadedDocument(name=name, kind="pdf", pages=pages)
    images = _guarded(lambda: _load_image(data, **limits))
    return LoadedDocument(name=name, kind="image", pages=list(images))


def _load_image(
    data: bytes, *, max_pages: int = 50, max_pixels: int = 60_000_000, min_side: int = 32
) -> list[RasterPage]:
    """Decode an image (every frame of a TIFF) into upright BGR uint8 pages."""
    fmt = sniff_format(data)
    if fmt not in _PIL_FORMATS:
        raise DocumentLoadError("文件不是可读取的图片。", code="unsupported_format")
    with warnings.catch_warnings(record=True) as caught:
        # We judge size ourselves against max_pixels, so PIL's bomb warning must not escape;
        # its other warnings (corrupt EXIF, short reads) go to the log, not to stderr.
        warnings.simplefilter("always")
        try:
            im = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[fmt]])
        except Image.DecompressionBombError as exc:
            raise _too_large() from exc
        except Exception as exc:
            raise DocumentLoadError("图片已损坏或不完整。", code="corrupt") from exc
        with im:
            n_frames = getattr(im, "n_frames", 1) if fmt == "tiff" else 1
            if n_frames > max_pages:
                raise _too_many_pages(n_frames, max_pages)
            pages = []
            for index in range(n_frames):
                if index:
                    im.seek(index)
                _check_size(im.size, max_pixels=max_pixels, min_side=min_side)
                pages.append(
                    RasterPage(number=index + 1, image=_to_bgr(_upright(im)), dpi=_dpi(im.info))
                )
    for w in caught:
        if not issubclass(w.category, Image.DecompressionBombWarning):
            log.debug("image decoder: %s", w.message)
    return pages


@dataclass(frozen=True)
class _PagePlan:
    """What pdfium says of a page before anything is read: its size and its characters."""

    index: int
    size: tuple[int, int]  # pixels at the render resolution
    points: tuple[float, float]  # displayed width and height in PDF points
    stats: TextStats

    @property
    def has_text(self) -> bool:
        return self.stats.visible >= MIN_TEXT_CHARS


def _load_pdf(
    data: bytes,
    *,
    render_dpi: int = 200,
    check_dpi: int | None = None,
    max_pages: int = 50,
    max_pixels: int = 60_000_000,
    min_side: int = 32,
) -> list[Page]:
    """Read each page from its text layer when it has one (R11), otherwise render it; with
    `check_dpi`, draw the text pages too, for the image checks, from the same open document.
    """
    scale = render_dpi / 72
    check_scale = min(check_dpi, render_dpi) / 72 if check_dpi else 0.0
    with PDFIUM_LOCK:
        doc = _open_pdf(data)
        try:
            plans, drawn, view = _first_pass(doc, data, scale, check_scale, max_pages=max_pages,
                                             max_pixels=max_pixels, min_side=min_side)
        finally:
            doc.close()
    text = [p.index for p in plans if p.has_text]  # else no text layer: no pdfminer
    read = _read_text_layers(view, plans, text, scale)
    pages: list[Page] = []
    for plan in plans:
        page = read.get(plan.index)
        if page is not None:
            pages.append(page.with_image(drawn.get(plan.index), check_scale / scale))
            continue
        if plan.has_text:  # text pdfminer could not use: OCR a drawing of the original
            image = render_pdf_page(data, plan.index, render_dpi, max_pixels=max_pixels)
        else:
            image = drawn[plan.index]
        pages.append(RasterPage(number=plan.index + 1, image=image, dpi=float(render_dpi)))
    return pages


def _first_pass(doc: pdfium.PdfDocument, data: bytes, scale: float, check_scale: float, *,
                max_pages: int, max_pixels: int, min_side: int,
                ) -> tuple[list[_PagePlan], dict[int, np.ndarray], bytes]:
    """One pass of pdfium over the pages, each opened once: its size (refused when too
    large or too small) and characters; its drawing (for OCR when it has no text, for the
    image checks when `check_scale`); then, on a page with text, the paths stripped for
    pdfminer. The plans, the drawings by page index, and the text view (or `data`)."""
    n_pages = len(doc)
    if n_pages < 1:
        raise DocumentLoadError("PDF 中没有页面。", code="corrupt")
    if n_pages > max_pages:
        raise _too_many_pages(n_pages, max_pages)
    plans: list[_PagePlan] = []
    drawn: dict[int, np.ndarray] = {}
    changed, view_ok = False, True
    for index in range(n_pages):
        page = doc[index]
        try:
            size = _render_size(page, scale)
            _check_size(size, max_pixels=max_pixels, min_side=min_side)
            plan = _PagePlan(index, size, page.get_size(), pdfium_text_stats(page, scale))
            plans.append(plan)
            if not plan.has_text:
                drawn[index] = _render(page, scale)
                continue
            if check_scale:
                drawn[index] = _render(page, check_scale)
            if view_ok:
                try:
                    changed = strip_page(page) or changed
                except Exception as exc:  # noqa: BLE001 - pdfminer reads the original
                    log.debug("no text view of page %d: %r", index + 1, exc)
                    view_ok = False
        finally:
            page.close()
    if not (changed and view_ok):
        return plans, drawn, data
    try:
        return plans, drawn, saved(doc)
    except Exception as exc:  # noqa: BLE001 - as above
        log.debug("no text view of the PDF: %r", exc)
        return plans, drawn, data


def _read_text_layers(view: bytes, plans: list[_PagePlan], text: list[int],
                      scale: float) -> dict[int, TextLayerPage]:
    """The pages readable from their text layer (pdfplumber on the text view), by index."""
    if not text:
        return {}
    plumber = _open_plumber(view, len(plans))
    if plumber is None:
        return {}
    try:
        read = {i: _text_layer_page(plumber, plans[i], scale) for i in text}
    finally:
        plumber.close()
    return {i: page for i, page in read.items() if page is not None}


def render_pdf_page(
    data: bytes, index: int, dpi: int, *, max_pixels: int = 60_000_000
) -> np.ndarray:
    """Render page `index` (0-based) of a PDF to a BGR uint8 array, e.g. a text-layer page."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")

    @pdfium_call
    def run() -> np.ndarray:
        scale = dpi / 72
        doc = _open_pdf(data)
        try:
            if not 0 <= index < len(doc):
                raise DocumentLoadError(f"PDF 中没有第 {index + 1} 页。", code="no_such_page")
            page = doc[index]
            try:
                _check_size(_render_size(page, scale), max_pixels=max_pixels, min_side=1)
                return _render(page, scale)
            finally:
                page.close()
        finally:
            doc.close()

    return _guarded(run)


# --- PDF helpers ----------------------------------------------------------------------------


@pdfium_call
def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-_PDF_EOF_WINDOW:]:
        raise DocumentLoadError("PDF 不完整（缺少文件结束标记），可能上传或复制中断。", code="corrupt")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentLoadError(
                "PDF 设有密码保护，请提供未加密的版本。", code="encrypted"
            ) from exc
        raise DocumentLoadError("PDF 已损坏，无法打开。", code="corrupt") from exc
    if _has_javascript(data, doc):
        doc.close()
        raise DocumentLoadError(
            "PDF 含有脚本（JavaScript）：为安全起见不予处理，请提供不含脚本的版本"
            "（如重新导出或“打印为 PDF”）。", code="active_content")
    try:
        # Filled-in form fields are drawn only with a form environment, set up before any page.
        doc.init_forms()
    except pdfium.PdfiumError:
        pass
    return doc


#: a JavaScript action as written in the file: /JS or /JavaScript followed by a delimiter
_JS_NAME = re.compile(rb"/(?:JavaScript|JS)[\s(<\[/]")
#: a stream's data (images, fonts, compressed content): bytes, not names; `/JS(` turns up
#: in it by chance (about one generated e-certificate in two hundred)
_STREAM_DATA = re.compile(rb"\bstream\r?\n.*?endstream", re.DOTALL)


def _has_javascript(data: bytes, doc: pdfium.PdfDocument) -> bool:
    """Scripts anywhere pdfium lists them (the document's JavaScript name tree) or in the
    file's uncompressed objects (an OpenAction, a link or a field action). A certificate has
    no use for scripts; a PDF that carries them is not processed (nothing here runs them)."""
    if pdfium_c.FPDFDoc_GetJavaScriptActionCount(doc.raw) > 0:
        return True
    return _JS_NAME.search(_STREAM_DATA.sub(b"stream endstream", data)) is not None


def _open_plumber(view: bytes, n_pages: int) -> pdfplumber.PDF | None:
    """pdfplumber on the text view of the PDF; None when pdfminer cannot parse what pdfium
    could.

    A different page count means the two libraries repaired a broken file differently, and
    page i of one need not be page i of the other: then every page is rendered instead.
    """
    plumber = None
    try:
        plumber = pdfplumber.open(io.BytesIO(view))
        if len(plumber.pages) == n_pages:
            return plumber
        log.debug("pdfminer sees %d pages, pdfium %d", len(plumber.pages), n_pages)
    except Exception as exc:  # noqa: BLE001 - any pdfminer failure means: render instead
        log.debug("pdfminer cannot parse the PDF: %r", exc)
    if plumber is not None:
        plumber.close()
    return None


def _text_layer_page(plumber: pdfplumber.PDF, plan: _PagePlan, scale: float,
                     ) -> TextLayerPage | None:
    """The page from its text layer, or None to render it (no usable text, or unparseable)."""
    try:
        page = plumber.pages[plan.index]
    except Exception:  # noqa: BLE001 - as above
        return None
    try:
        if not _same_size(page, plan.points) or not has_text_layer(page, stats=plan.stats):
            return None
        lines = pdf_text_lines(page, scale, hidden=plan.stats.hidden)
    except Exception as exc:  # noqa: BLE001
        # pdfminer failed on a page pdfium can draw: OCR the rendering rather than give up.
        log.debug("pdfminer failed on page %d: %r", plan.index + 1, exc)
        return None
    finally:
        page.close()
    return TextLayerPage(number=plan.index + 1, width=plan.size[0], height=plan.size[1],
                         lines=lines, scale=scale)


def _same_size(page: PlumberPage, points: tuple[float, float]) -> bool:
    """Both libraries see the same displayed page size (crop box, rotation), within a point."""
    x0, top, x1, bottom = page.cropbox
    width, height = points
    return abs((x1 - x0) - width) <= 1 and abs((bottom - top) - height) <= 1


def _render_size(page: pdfium.PdfPage, scale: float) -> tuple[int, int]:
    width, height = page.get_size()
    return math.ceil(width * scale), math.ceil(height * scale)


#: bytes per pixel of pdfium's bitmap formats
_PIXEL_BYTES = {pdfium_c.FPDFBitmap_Gray: 1, pdfium_c.FPDFBitmap_BGR: 3,
                pdfium_c.FPDFBitmap_BGRx: 4, pdfium_c.FPDFBitmap_BGRA: 4}


def _render(page: pdfium.PdfPage, scale: float) -> np.ndarray:
    """BGR uint8 on white (pdfium's native byte order is already BGR), drawn straight into
    the array returned: no zeroed ctypes buffer first and no copy after (a 150-dpi page is
    6.5 MB, and those two passes over it cost a fifth of its drawing)."""
    arrays: list[np.ndarray] = []

    def into_array(width: int, height: int, format: int,
                   rev_byteorder: bool = False) -> pdfium.PdfBitmap:
        array = np.empty((height, width, _PIXEL_BYTES[format]), dtype=np.uint8)
        arrays.append(array)
        buffer = (ctypes.c_ubyte * array.size).from_buffer(array.data)
        return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder, buffer=buffer)

    bitmap = page.render(scale=scale, may_draw_forms=True, bitmap_maker=into_array)
    bitmap.close()
    image = arrays[0]
    if image.shape[2] != 3:  # not asked for; pdfium's choice should it ever differ
        raise DocumentLoadError("PDF 页面无法绘制。", code="corrupt")
    return image


# --- image helpers --------------------------------------------------------------------------


def _upright(im: Image.Image) -> Image.Image:
    """Apply the EXIF orientation; an unreadable EXIF block is ignored, not fatal."""
    try:
        return ImageOps.exif_transpose(im)
    except (SyntaxError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        im.load()
        return im


def _to_bgr(im: Image.Image) -> np.ndarray:
    """Any PIL mode to BGR uint8; alpha is composited on white, 16/32-bit gray scaled down."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        gray = _gray_to_uint8(np.asarray(im), im.mode)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    try:
        if im.has_transparency_data:
            rgba = im.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            rgb = Image.alpha_composite(white, rgba).convert("RGB")
        else:
            rgb = im if im.mode == "RGB" else im.convert("RGB")
    except ValueError as exc:
        raise DocumentLoadError(
            f"不支持 {im.mode} 颜色模式的图片。", code="unsupported_format"
        ) from exc
    return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8)[:, :, ::-1])


def _gray_to_uint8(arr: np.ndarray, mode: str) -> np.ndarray:
    """16-bit to 8-bit by the top byte; 32-bit and float by their range when it exceeds 8 bits."""
    if mode.startswith("I;16"):
        return (arr >> 8).astype(np.uint8)
    values = arr.astype(np.float64)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 0.0
    low = float(finite.min()) if finite.size else 0.0
    if mode == "I" and low >= 0 and top <= 255:
        return values.astype(np.uint8)
    if mode == "I" and low >= 0 and top <= 65535:
        return (values / 257.0).round().astype(np.uint8)
    if mode == "F" and low >= 0 and top <= 1.0:
        return (np.nan_to_num(values) * 255).round().astype(np.uint8)
    span = top - low or 1.0
    return ((np.nan_to_num(values, nan=low) - low) * (255 / span)).clip(0, 255).astype(np.uint8)


def _dpi(info: dict) -> float | None:
    """Resolution recorded in the file (JFIF, pHYs, TIFF tags), if it is a usable number."""
    raw = info.get("dpi")
    if not isinstance(raw, (tuple, list)) or not raw:
        return None
    try:
        values = [float(v) for v in raw[:2]]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    good = [v for v in values if math.isfinite(v) and 1 < v < 100_000]
    return sum(good) / len(good) if good else None


# --- checks and errors ----------------------------------------------------------------------


def _check_size(size: tuple[int, int], *, max_pixels: int, min_side: int) -> None:
    width, height = size
    if width * height > max_pixels:
        raise _too_large(width, height)
    if min(width, height) < min_side:
        raise DocumentLoadError(
            f"页面太小，无法识别（{width}×{height} 像素）。", code="too_small"
        )


def _too_large(width: int | None = None, height: int | None = None) -> DocumentLoadError:
    dims = f"（{width}×{height} 像素）" if width else ""
    return DocumentLoadError(f"页面过大，无法处理{dims}。", code="too_large")


def _too_many_pages(count: int, limit: int) -> DocumentLoadError:
    return DocumentLoadError(
        f"文件有 {count} 页，最多接受 {limit} 页：请分开提交。", code="too_many_pages"
    )


def _guarded(fn: Callable[[], T]) -> T:
    """Run a loader so that only DocumentLoadError escapes, whatever the bytes were."""
    try:
        return fn()
    except DocumentLoadError:
        raise
    except MemoryError as exc:
        raise DocumentLoadError("文件所需内存过大，无法处理。", code="too_large") from exc
    except Exception as exc:
        raise DocumentLoadError("文件已损坏，无法读取。", code="corrupt") from exc


_KNOWN_OTHER = (
    (b"GIF8", "不接受 GIF 图片：请将扫描件存为 JPEG、PNG 或 PDF。"),
    (b"PK\x03\x04", "不接受压缩包或 OFD、Word、Excel 文件：请转换为 PDF。"),
    (b"\xd0\xcf\x11\xe0", "不接受旧版 Office 文档：请转换为 PDF。"),
)


def _unsupported_reason(data: bytes) -> str:
    for magic, reason in _KNOWN_OTHER:
        if data.startswith(magic):
            return reason
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "不接受 HEIC/AVIF 照片：请存为 JPEG。"
    return "文件既不是图片也不是 PDF。"
