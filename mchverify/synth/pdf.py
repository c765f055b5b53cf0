"""PDF output: scanned PDFs (page images, no text layer) and e-licences (vector + text).

E-licences embed a TrueType CJK face (reportlab cannot embed the CFF Noto faces) so that
pdfplumber reads the text layer back exactly as printed (R11).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from mchverify.synth.fonts import FontFace, FontSet
from mchverify.synth.page import Page, Photo, Polyline, Qr, Rect, Seal, Text, pt_to_mm
from mchverify.synth.seal import glyph_contours, seal_geometry, star_points

__all__ = ["write_digital_pdf", "write_scanned_pdf"]

_MM = 72 / 25.4  # points per mm


def write_scanned_pdf(path: Path, images: list[np.ndarray], dpi: int, *, quality: int,
                      scanned_at: dt.datetime) -> None:
    """One JPEG image per page at `dpi`, as a scanner's PDF export (no text layer).

    `scanned_at` fixes the PDF dates, so the same seed gives the same bytes.
    """
    pages = [Image.fromarray(img) for img in images]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  quality=quality, producer="Scanner", creator="Scanner",
                  creationDate=scanned_at.timetuple(), modDate=scanned_at.timetuple())


def _register(face: FontFace) -> str:
    name = f"synth-{face.key}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, face.path, subfontIndex=face.index))
    return name


def _rgb(c: canvas.Canvas, color: tuple[int, int, int], *, fill: bool = True,
         stroke: bool = True) -> None:
    r, g, b = (v / 255 for v in color)
    if fill:
        c.setFillColorRGB(r, g, b)
    if stroke:
        c.setStrokeColorRGB(r, g, b)


def _glyph(c: canvas.Canvas, face: FontFace, ch: str, x: float, y: float, size: float) -> None:
    """One character as filled outlines centred on (x, y) (no text-layer entry)."""
    contours = glyph_contours(face, ch)
    if not contours:
        return
    p = c.beginPath()
    for poly in contours:
        p.moveTo(x + poly[0][0] * size, y + poly[0][1] * size)
        for px, py in poly[1:]:
            p.lineTo(x + px * size, y + py * size)
        p.close()
    c.drawPath(p, stroke=0, fill=1, fillMode=canvas.FILL_EVEN_ODD)


def _seal(c: canvas.Canvas, seal: Seal, face: FontFace, page_h: float) -> None:
    """The seal as vectors: ring, arc text, star, bottom text; translucent red."""
    d = seal.diameter * _MM
    geo = seal_geometry(len(seal.text), seal.bottom)
    c.saveState()
    c.translate(seal.cx * _MM, (page_h - seal.cy) * _MM)
    c.rotate(seal.rotation)
    _rgb(c, seal.color)
    c.setFillAlpha(seal.opacity)
    c.setStrokeAlpha(seal.opacity)
    c.setLineWidth(geo.ring_width * d)
    c.circle(0, 0, d / 2 - geo.ring_width * d / 2, stroke=1, fill=0)
    size = geo.char_size * d
    for ch, ang in zip(seal.text, geo.angles):
        c.saveState()
        c.rotate(-ang)  # clockwise from 12 o'clock
        _glyph(c, face, ch, 0, geo.text_radius * d, size)
        c.restoreState()
    star_y = (0.02 * d) if seal.bottom else 0.0
    pts = star_points(0, -star_y, geo.star_radius * d)
    path = c.beginPath()
    path.moveTo(pts[0][0], -pts[0][1])
    for x, y in pts[1:]:
        path.lineTo(x, -y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    if seal.bottom:
        bs = geo.bottom_size * d
        n = len(seal.bottom)
        for i, ch in enumerate(seal.bottom):
            _glyph(c, face, ch, (i - (n - 1) / 2) * bs, -geo.bottom_y * d, bs)
    c.restoreState()


def write_digital_pdf(path: Path, pages: list[Page], fonts: FontSet, *, title: str) -> None:
    """Vector pages with a real text layer, as an e-licence system exports them."""
    names = {role: _register(fonts.face(role))
             for role in ("title", "label", "value", "small")}
    c = canvas.Canvas(str(path), invariant=True)
    c.setTitle(title)
    c.setCreator("电子证照系统")
    for page in pages:
        c.setPageSize((page.width * _MM, page.height * _MM))
        _rgb(c, page.paper)
        c.rect(0, 0, page.width * _MM, page.height * _MM, stroke=0, fill=1)
        h = page.height
        for item in page.items:
            if isinstance(item, Text):
                _rgb(c, item.color)
                size = item.size
                c.setFont(names.get(item.role, names["label"]), size)
                x, y = item.x * _MM, (h - item.y) * _MM
                if item.anchor == "m":
                    c.drawCentredString(x, y, item.text)
                elif item.anchor == "r":
                    c.drawRightString(x, y, item.text)
                else:
                    c.drawString(x, y, item.text)
            elif isinstance(item, Polyline):
                _rgb(c, item.color, fill=False)
                c.setLineWidth(item.width * _MM)
                c.setLineJoin(1)
                p = c.beginPath()
                x0, y0 = item.points[0]
                p.moveTo(x0 * _MM, (h - y0) * _MM)
                for x, y in item.points[1:]:
                    p.lineTo(x * _MM, (h - y) * _MM)
                if item.closed or item.fill is not None:
                    p.close()
                if item.fill is not None:
                    _rgb(c, item.fill, stroke=False)
                c.drawPath(p, stroke=1, fill=1 if item.fill is not None else 0)
            elif isinstance(item, Rect):
                if item.fill:
                    _rgb(c, item.fill, stroke=False)
                if item.stroke:
                    _rgb(c, item.stroke, fill=False)
                    c.setLineWidth(item.width * _MM)
                c.rect(item.x0 * _MM, (h - item.y1) * _MM, (item.x1 - item.x0) * _MM,
                       (item.y1 - item.y0) * _MM, stroke=1 if item.stroke else 0,
                       fill=1 if item.fill else 0)
            elif isinstance(item, Qr):
                _rgb(c, item.color)
                n = len(item.modules)
                cell = item.size / n
                for r, row in enumerate(item.modules):
                    for col, on in enumerate(row):
                        if on:
                            c.rect((item.x + col * cell) * _MM, (h - item.y - (r + 1) * cell) * _MM,
                                   cell * _MM + 0.05, cell * _MM + 0.05, stroke=0, fill=1)
            elif isinstance(item, Photo):
                _photo(c, item, h, names["label"])
        for seal in page.seals:
            _seal(c, seal, fonts.seal, h)
        c.showPage()
    c.save()


def _photo(c: canvas.Canvas, p: Photo, h: float, font: str) -> None:
    x, y, w, hh = p.x0 * _MM, (h - p.y1) * _MM, (p.x1 - p.x0) * _MM, (p.y1 - p.y0) * _MM
    if p.style == "frame":
        _rgb(c, (90, 90, 90))
        c.setLineWidth(0.3 * _MM)
        c.rect(x, y, w, hh, stroke=1, fill=0)
        _rgb(c, (120, 120, 120))
        size = pt_to_mm(12) * _MM
        c.setFont(font, 12)
        c.drawCentredString(x + w / 2, y + hh / 2 - size * 0.35, "照片")
        return
    _rgb(c, p.background)
    c.rect(x, y, w, hh, stroke=0, fill=1)
    _rgb(c, (60, 62, 70))
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, y, w, hh)
    c.clipPath(clip, stroke=0, fill=0)
    c.ellipse(x + w * 0.08, y - hh * 0.3, x + w * 0.92, y + hh * 0.34, stroke=0, fill=1)
    c.restoreState()
    _rgb(c, (214, 186, 166))
    c.ellipse(x + w * 0.3, y + hh * 0.4, x + w * 0.7, y + hh * 0.84, stroke=0, fill=1)
    _rgb(c, (34, 30, 30))
    c.wedge(x + w * 0.28, y + hh * 0.5, x + w * 0.72, y + hh * 0.88, 0, 180, stroke=0, fill=1)
