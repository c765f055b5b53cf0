"""Rasterise a `Page` with PIL at a scanner resolution, seals multiplied on top.

Returns the upright page as an RGB array plus the pixel boxes of the printed field values
(before any degradation), which the label records for evaluation.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from mchverify.synth.fonts import FontSet, pil_font
from mchverify.synth.page import Emboss, Page, Photo, Polyline, Qr, Rect, Text, pt_to_mm
from mchverify.synth.seal import blend_seal

__all__ = ["render_page"]

_ANCHORS = {"l": "ls", "m": "ms", "r": "rs"}


def _photo(img: Image.Image, draw: ImageDraw.ImageDraw, p: Photo, s: float,
           fonts: FontSet) -> None:
    box = (p.x0 * s, p.y0 * s, p.x1 * s, p.y1 * s)
    if p.style == "frame":
        draw.rectangle(box, outline=(90, 90, 90), width=max(1, int(0.3 * s)))
        size = max(10, int(pt_to_mm(12) * s))
        font = pil_font(fonts.label, size)
        draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), "照片", font=font,
                  fill=(120, 120, 120), anchor="mm")
        return
    w, h = int(box[2] - box[0]), int(box[3] - box[1])
    if w < 4 or h < 4:
        return
    tile = Image.new("RGB", (w, h), p.background)
    d = ImageDraw.Draw(tile)
    cx = w / 2
    d.ellipse((cx - w * 0.46, h * 0.7, cx + w * 0.46, h * 1.45), fill=(58, 62, 74))
    d.rectangle((cx - w * 0.09, h * 0.52, cx + w * 0.09, h * 0.74), fill=(206, 176, 156))
    d.ellipse((cx - w * 0.2, h * 0.2, cx + w * 0.2, h * 0.64), fill=(214, 186, 166))
    d.chord((cx - w * 0.23, h * 0.14, cx + w * 0.23, h * 0.52), 180, 360, fill=(34, 30, 30))
    img.paste(tile, (int(box[0]), int(box[1])))


def render_page(page: Page, fonts: FontSet, dpi: int,
                rng: np.random.Generator) -> tuple[np.ndarray, dict[str, list[int]]]:
    """Draw `page` at `dpi`; returns (H×W×3 uint8, field -> [x0, y0, x1, y1] px)."""
    s = dpi / 25.4  # px per mm
    size = (round(page.width * s), round(page.height * s))
    img = Image.new("RGB", size, page.paper)
    if page.show_through is not None:
        img = _show_through(page, fonts, dpi, rng)
    draw = ImageDraw.Draw(img)
    boxes: dict[str, list[int]] = {}
    for item in page.items:
        if isinstance(item, Text):
            font = pil_font(fonts.face(item.role), round(pt_to_mm(item.size) * s))
            xy = (item.x * s, item.y * s)
            draw.text(xy, item.text, font=font, fill=item.color, anchor=_ANCHORS[item.anchor])
            if item.field:
                bb = [int(v) for v in draw.textbbox(xy, item.text, font=font,
                                                    anchor=_ANCHORS[item.anchor])]
                for name in item.field.split("+"):
                    old = boxes.get(name)
                    boxes[name] = bb if not old else [min(old[0], bb[0]), min(old[1], bb[1]),
                                                      max(old[2], bb[2]), max(old[3], bb[3])]
        elif isinstance(item, Polyline):
            pts = [(x * s, y * s) for x, y in item.points]
            if item.fill is not None:
                draw.polygon(pts, fill=item.fill)
            if item.closed:
                pts.append(pts[0])
            draw.line(pts, fill=item.color, width=max(1, round(item.width * s)),
                      joint="curve")
        elif isinstance(item, Rect):
            draw.rectangle((item.x0 * s, item.y0 * s, item.x1 * s, item.y1 * s),
                           outline=item.stroke, fill=item.fill,
                           width=max(1, round(item.width * s)) if item.stroke else 0)
        elif isinstance(item, Qr):
            n = len(item.modules)
            cell = item.size * s / n
            for r, row in enumerate(item.modules):
                for c, on in enumerate(row):
                    if on:
                        x, y = item.x * s + c * cell, item.y * s + r * cell
                        draw.rectangle((x, y, x + cell, y + cell), fill=item.color)
        elif isinstance(item, Photo):
            _photo(img, draw, item, s, fonts)
    arr = np.array(img)
    for item in page.items:
        if isinstance(item, Emboss):
            _emboss(arr, item, s)
    for seal in page.seals:
        blend_seal(arr, seal, fonts.seal, s, rng)
    return arr, boxes


def _emboss(arr: np.ndarray, e: Emboss, s: float) -> None:
    """A steel seal: a ring and a star pressed into the paper, lit from the top left, so
    each stroke has a light and a dark edge and no ink of its own (modified in place)."""
    size = max(16, round(e.diameter * s))
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    ring = max(2, size // 30)
    d.ellipse((ring, ring, size - ring, size - ring), outline=255, width=ring)
    d.ellipse((size * 0.14, size * 0.14, size * 0.86, size * 0.86), outline=255,
              width=max(1, ring // 2))
    c = size / 2
    pts = []
    for i in range(10):
        r = size * (0.2 if i % 2 == 0 else 0.08)
        a = np.radians(-90 + 36 * i)
        pts.append((c + r * np.cos(a), c + r * np.sin(a)))
    d.polygon(pts, fill=255)
    m = np.asarray(mask, dtype=np.float32) / 255.0
    shift = max(1, size // 90)
    relief = np.roll(m, (-shift, -shift), axis=(0, 1)) - np.roll(m, (shift, shift), axis=(0, 1))
    x0, y0 = round(e.cx * s - size / 2), round(e.cy * s - size / 2)
    h, w = arr.shape[:2]
    sx0, sy0, px0, py0 = max(0, -x0), max(0, -y0), max(0, x0), max(0, y0)
    px1, py1 = min(w, x0 + size), min(h, y0 + size)
    if px1 <= px0 or py1 <= py0:
        return
    lit = relief[sy0:sy0 + (py1 - py0), sx0:sx0 + (px1 - px0)][..., None]
    region = arr[py0:py1, px0:px1].astype(np.float32)
    region *= 1.0 + e.strength * lit
    arr[py0:py1, px0:px1] = np.clip(region, 0, 255).astype(np.uint8)


def _show_through(page: Page, fonts: FontSet, dpi: int, rng: np.random.Generator) -> Image.Image:
    """The front, mirrored and faded into the paper, as a back side looks on a scan."""
    assert page.show_through is not None
    front, _ = render_page(page.show_through, fonts, dpi, rng)
    mirrored = front[:, ::-1].astype(np.float32)
    paper = np.array(page.paper, dtype=np.float32)
    strength = rng.uniform(0.04, 0.09)
    out = paper + (mirrored - paper) * strength
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
