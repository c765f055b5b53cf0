"""Lines from a PDF text layer (R11): no OCR, boxes in the pixels of a rendering of the page.

What counts as text a reader sees (and so as the page's text layer):

- characters drawn in an invisible render mode (``Tr 3`` / ``Tr 7``, the OCR layer a scanner
  app lays over its image) are dropped; a page whose text is mostly invisible is a scan and is
  rendered for OCR instead (:func:`has_text_layer`). pdfplumber does not expose the render
  mode, so pdfium finds these characters (:func:`pdfium_text_stats`) and they are matched to
  pdfplumber's characters by glyph and position;
- characters filled white are dropped unless they sit on a dark-filled rectangle or an image
  (white title on a coloured banner is kept, white-on-white hidden text is not);
- characters outside the page's crop box are dropped (they are not rendered either);
- characters not upright on the displayed page (a diagonal "copy" watermark, a seal's ring of
  text) are left out of lines; a page whose text is mostly sideways is rendered for OCR;
- a scanner app's own watermark ("Scanned with CamScanner", 扫描全能王) does not make a scan
  a digital page.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import math
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber.page
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from mchverify.extractors.pdfium_lock import pdfium_call
from mchverify.schemas.extraction import TextLine

log = logging.getLogger(__name__)

__all__ = [
    "MIN_TEXT_CHARS",
    "HiddenChar",
    "TextStats",
    "has_text_layer",
    "pdf_text_lines",
    "pdfium_text_stats",
    "saved",
    "strip_page",
    "text_view",
    "visible_chars",
]

#: Fewer visible non-whitespace characters than this and the page is treated as a scan.
MIN_TEXT_CHARS = 8
#: A page with at least this share of its characters drawn invisibly is an OCR'd scan.
MAX_HIDDEN_SHARE = 0.5
#: An image covering this share of the page, with little text on it, makes the page a scan
#: (a scanner's page stamp or header is not the document's text).
SCAN_IMAGE_COVERAGE = 0.5
MIN_TEXT_CHARS_OVER_SCAN = 40
#: A horizontal gap wider than this many median character widths starts a new segment
#: (a label and its value in two table cells).
SEGMENT_GAP = 1.5
#: A gap wider than this share of the font size is a space, except between two CJK characters
#: (spaced-out labels such as 姓  名 are layout, not words).
SPACE_GAP = 0.15
#: Watermarks that scanner apps print on every page, compared lower-case without whitespace.
SCANNER_WATERMARKS = (
    "scannedwithcamscanner",
    "scannedbycamscanner",
    "camscanner",
    "扫描全能王创建",
    "扫描全能王",
    "全能扫描王",
    "scannedwithadobescan",
    "adobescan",
    "scannedwithmicrosoftlens",
    "microsoftlens",
    "officelens",
    "scannedwithgeniusscan",
    "geniusscan",
    "tinyscanner",
)

_INVISIBLE_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)

Char = dict[str, Any]


@dataclass(frozen=True)
class HiddenChar:
    """An invisibly drawn character: its text and centre in pixels at the stats' scale."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class TextStats:
    """What pdfium finds on a page: non-whitespace characters, and those drawn invisibly."""

    chars: int
    hidden: tuple[HiddenChar, ...] = field(default=())
    #: pixels per PDF point of the hidden characters' centres.
    scale: float = 1.0

    @property
    def visible(self) -> int:
        return self.chars - len(self.hidden)

    @property
    def hidden_share(self) -> float:
        return len(self.hidden) / self.chars if self.chars else 0.0


@pdfium_call
def pdfium_text_stats(page: pdfium.PdfPage, scale: float) -> TextStats:
    """Count a page's characters with pdfium and locate the invisible ones (cheap, no layout)."""
    textpage = page.get_textpage()
    try:
        width, height = _device_size(page, scale)
        n_chars = pdfium_c.FPDFText_CountChars(textpage.raw)
        count = 0
        hidden: list[HiddenChar] = []
        for i in range(max(n_chars, 0)):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            text = _codepoint(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if not text or text.isspace():
                continue
            count += 1
            obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
            if obj and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE_MODES:
                x, y = _char_centre(page, textpage, i, width, height)
                hidden.append(HiddenChar(text, x, y))
        return TextStats(chars=count, hidden=tuple(hidden), scale=scale)
    finally:
        textpage.close()


def visible_chars(page: pdfplumber.page.Page) -> list[Char]:
    """pdfplumber's non-whitespace characters that a reader of the page can see."""
    x0, top, x1, bottom = page.cropbox
    chars = []
    whites = []
    for ch in page.chars:
        text = ch.get("text") or ""
        if not text.strip():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        if _is_white(ch.get("non_stroking_color")):
            whites.append(ch)
        else:
            chars.append(ch)
    if whites:
        grounds = _dark_grounds(page)
        chars.extend(ch for ch in whites if _on_ground(ch, grounds))
    return chars


def has_text_layer(page: pdfplumber.page.Page, *, stats: TextStats | None = None) -> bool:
    """True when the page carries enough visible text to be read without OCR.

    `stats` (from :func:`pdfium_text_stats`) lets an OCR'd scan, whose text is invisible,
    be recognised as a scan.
    """
    if stats is not None and (
        stats.visible < MIN_TEXT_CHARS or stats.hidden_share >= MAX_HIDDEN_SHARE
    ):
        return False
    chars = visible_chars(page)
    if stats is not None:
        chars = _drop_hidden(chars, page, stats.scale, stats.hidden)
    upright = [ch for ch in chars if _is_upright(ch)]
    if 2 * len(upright) < len(chars):
        # Mostly sideways text: the page is displayed turned; OCR finds its orientation.
        return False
    n_chars = _count_without_watermarks("".join(ch["text"] for ch in upright))
    if n_chars < MIN_TEXT_CHARS:
        return False
    # A stamp or header on a full-page image is not the document's text: OCR the image.
    return n_chars >= MIN_TEXT_CHARS_OVER_SCAN or _image_coverage(page) < SCAN_IMAGE_COVERAGE


def pdf_text_lines(
    page: pdfplumber.page.Page, scale: float, *, hidden: Sequence[HiddenChar] = ()
) -> list[TextLine]:
    """The page's visible text as lines in reading order, boxes in pixels (points × scale).

    Characters on one baseline form a visual line; a line is split into separate TextLines
    where the gap between characters exceeds ``SEGMENT_GAP`` median character widths.
    """
    upright = [ch for ch in visible_chars(page) if _is_upright(ch)]
    chars = _drop_hidden(upright, page, scale, hidden)
    origin = (page.cropbox[0], page.cropbox[1])
    out: list[TextLine] = []
    for row in _group_rows(chars):
        for segment in _split_segments(row):
            out.append(_to_line(segment, origin, scale))
    return out


# --- grouping -------------------------------------------------------------------------------


def _baseline(ch: Char) -> float:
    """The character's baseline in top-down page coordinates (its text origin, not its box)."""
    matrix = ch.get("matrix")
    if matrix:
        return float(ch["top"] + (ch["y1"] - matrix[5]))
    return float(ch["bottom"])


def _is_upright(ch: Char) -> bool:
    """Horizontal left-to-right on the displayed page; a slanted (fake italic) glyph is fine.

    pdfminer's own ``upright`` flag is true for text turned 45°, so the matrix decides: the
    baseline direction (a, b) must be horizontal, the glyph's up vector (c, d) pointing up.
    """
    matrix = ch.get("matrix")
    if not matrix:
        return bool(ch.get("upright", True))
    a, b, _c, d = (float(v) for v in matrix[:4])
    return a > 0 and d > 0 and abs(b) <= 0.05 * a


def _size(ch: Char) -> float:
    size = float(ch.get("size") or 0.0)
    return size if size > 0 else float(ch["bottom"] - ch["top"]) or 1.0


def _group_rows(chars: Iterable[Char]) -> list[list[Char]]:
    """Chars sharing a baseline (within a quarter of the smaller font size), top to bottom."""
    rows: list[list[Char]] = []
    base = size = 0.0
    for ch in sorted(chars, key=lambda c: (_baseline(c), c["x0"])):
        b, s = _baseline(ch), _size(ch)
        if rows and abs(b - base) <= max(1.0, 0.25 * min(s, size)):
            rows[-1].append(ch)
            continue
        rows.append([ch])
        base, size = b, s
    return [sorted(row, key=lambda c: c["x0"]) for row in rows]


def _split_segments(row: list[Char]) -> list[list[Char]]:
    """Split a visual line where a gap exceeds SEGMENT_GAP × the line's median char width."""
    widths = [c["x1"] - c["x0"] for c in row if c["x1"] > c["x0"]]
    median = statistics.median(widths) if widths else _size(row[0]) / 2
    limit = SEGMENT_GAP * median
    segments = [[row[0]]]
    for prev, ch in itertools.pairwise(row):
        if ch["x0"] - prev["x1"] > limit:
            segments.append([ch])
        else:
            segments[-1].append(ch)
    return segments


def _to_line(segment: list[Char], origin: tuple[float, float], scale: float) -> TextLine:
    parts = [segment[0]["text"]]
    for prev, ch in itertools.pairwise(segment):
        gap = ch["x0"] - prev["x1"]
        if gap > SPACE_GAP * min(_size(prev), _size(ch)) and not (
            _is_cjk(prev["text"][-1]) and _is_cjk(ch["text"][0])
        ):
            parts.append(" ")
        parts.append(ch["text"])
    ox, oy = origin
    box = (
        (min(c["x0"] for c in segment) - ox) * scale,
        (min(c["top"] for c in segment) - oy) * scale,
        (max(c["x1"] for c in segment) - ox) * scale,
        (max(c["bottom"] for c in segment) - oy) * scale,
    )
    return TextLine(text="".join(parts), box=box, score=1.0)


def _is_cjk(ch: str) -> bool:
    """CJK ideographs, kana, hangul and full-width forms: written without spaces."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


# --- visibility -----------------------------------------------------------------------------


def _is_white(color: object) -> bool:
    """Gray or RGB fill at (near) 1, or CMYK at (near) 0; patterns and unknowns are not."""
    if not isinstance(color, (tuple, list)) or not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) in (1, 3):
        return min(values) >= 0.97
    if len(values) == 4:
        return max(values) <= 0.03
    return False


def _dark_grounds(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Boxes a white character can show on: images and non-white filled rects or paths."""
    grounds = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    for obj in [*page.rects, *page.curves]:
        if obj.get("fill") and not _is_white(obj.get("non_stroking_color")):
            grounds.append((obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    return grounds


def _on_ground(ch: Char, grounds: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in grounds)


def _count_without_watermarks(text: str) -> int:
    squeezed = "".join(unicodedata.normalize("NFKC", text).split()).lower()
    for mark in SCANNER_WATERMARKS:
        squeezed = squeezed.replace(mark, "")
    return len(squeezed)


def _image_coverage(page: pdfplumber.page.Page) -> float:
    """Share of the page covered by its largest image (clipped to the page)."""
    px0, ptop, px1, pbottom = page.cropbox
    area = max((px1 - px0) * (pbottom - ptop), 1e-6)
    best = 0.0
    for im in page.images:
        w = min(im["x1"], px1) - max(im["x0"], px0)
        h = min(im["bottom"], pbottom) - max(im["top"], ptop)
        if w > 0 and h > 0:
            best = max(best, w * h / area)
    return best


def _drop_hidden(
    chars: list[Char], page: pdfplumber.page.Page, scale: float, hidden: Sequence[HiddenChar]
) -> list[Char]:
    """Remove chars that pdfium saw drawn invisibly: same glyph, centre within half an em."""
    if not hidden:
        return chars
    by_text: dict[str, list[HiddenChar]] = defaultdict(list)
    for h in hidden:
        by_text[h.text].append(h)
    ox, oy = page.cropbox[0], page.cropbox[1]
    kept = []
    for ch in chars:
        cx = ((ch["x0"] + ch["x1"]) / 2 - ox) * scale
        cy = ((ch["top"] + ch["bottom"]) / 2 - oy) * scale
        tol = 0.5 * _size(ch) * scale
        if not any(abs(h.x - cx) <= tol and abs(h.y - cy) <= tol for h in by_text[ch["text"]]):
            kept.append(ch)
    return kept


# --- pdfium helpers -------------------------------------------------------------------------


def _codepoint(cp: int) -> str:
    try:
        return chr(cp) if cp else ""
    except (ValueError, OverflowError):
        return ""


def _device_size(page: pdfium.PdfPage, scale: float) -> tuple[int, int]:
    width, height = page.get_size()
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _char_centre(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, width: int, height: int
) -> tuple[float, float]:
    """Centre of a char's loose box, mapped to the pixels of a rendering (rotation included)."""
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(rect)):
        return (-1e9, -1e9)
    px, py = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(
        page.raw, 0, 0, width, height, 0, px, py, ctypes.byref(dx), ctypes.byref(dy)
    )
    return float(dx.value), float(dy.value)


# --- a lighter copy for pdfminer -------------------------------------------------------------


@pdfium_call
def text_view(data: bytes) -> bytes:
    """The PDF without the paths its text does not need: what pdfplumber reads the text
    layer from, for a fraction of pdfminer's time (it interprets every drawing operator in
    Python, and a certificate's ornamental borders and vector seal are thousands of them).
    On any failure the original bytes come back: slower, never different.
    """
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return data
    try:
        changed = False
        for index in range(len(doc)):
            page = doc[index]
            try:
                changed = strip_page(page) or changed
            finally:
                page.close()
        return saved(doc) if changed else data
    except Exception as exc:  # noqa: BLE001 - the original is always a valid answer
        log.debug("no text view of the PDF: %r", exc)
        return data
    finally:
        doc.close()


@pdfium_call
def strip_page(page: pdfium.PdfPage) -> bool:
    """Remove from an open page the paths its text does not need; True when any were.
    The page is changed: whatever is to be drawn from it must be drawn before.

    Kept: text, images, form XObjects, shadings, and — on a page with text that may be
    white — the filled paths that are not white (a white character on a coloured band is
    text a reader sees: see :func:`visible_chars`). pdfium rewrites the page's content from
    the objects kept. Raw handles: a certificate has hundreds of path objects, and a
    wrapper object per path costs more than the work.
    """
    raw = page.raw
    objs = [pdfium_c.FPDFPage_GetObject(raw, i)
            for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    kinds = [pdfium_c.FPDFPageObj_GetType(o) for o in objs]
    grounds = any(_may_be_white_text(o, k) for o, k in zip(objs, kinds, strict=True))
    drop = [o for o, k in zip(objs, kinds, strict=True)
            if _undrawn_for_text(o, k, keep_grounds=grounds)]
    for obj in drop:
        if pdfium_c.FPDFPage_RemoveObject(raw, obj):
            pdfium_c.FPDFPageObj_Destroy(obj)
    if drop:
        pdfium_c.FPDFPage_GenerateContent(raw)
    return bool(drop)


@pdfium_call
def saved(doc: pdfium.PdfDocument) -> bytes:
    """The document as a file, with its changes."""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _fill_rgb(obj: Any) -> tuple[int, int, int] | None:
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in (r, g, b, a))):
        return None
    return r.value, g.value, b.value


def _may_be_white_text(obj: Any, kind: int) -> bool:
    """Text filled (nearly) white, or a form XObject whose text is not looked into."""
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
        return False
    rgb = _fill_rgb(obj)
    return rgb is None or min(rgb) >= 0.9 * 255


def _undrawn_for_text(obj: Any, kind: int, *, keep_grounds: bool) -> bool:
    """A path that is not text and, where white text may need one, cannot be its ground
    (stroked only, or filled white)."""
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return False
    if not keep_grounds:
        return True
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    if fill.value == pdfium_c.FPDF_FILLMODE_NONE:
        return True
    rgb = _fill_rgb(obj)
    return rgb is not None and min(rgb) >= 0.97 * 255
