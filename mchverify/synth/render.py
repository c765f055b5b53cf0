"""Rasterise a `Page` with PIL at a scanner resolution, seals multiplied on top.

Returns the upright page as an RGB array plus the pixel boxes of the printed field values
(before any degradation), which the label records for evaluation.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from mchverify.synth.fonts import FontSet, pil_font
from mchverify.synth.page import Page, Photo, Polyline, Qr, Rect, Text, pt_to_mm
from mchverify.synth.seal import blend_seal

__all__ = ["render_page"]

_ANCHORS = {"l": "ls", "m": "ms", "r": "rs"}


def _photo(draw: ImageDraw.ImageDraw, p: Photo, s: float, fonts: FontSet) -> None:
    box = (p.x0 * s, p.y0 * s, p.x1 * s, p.y1 * s)
    if p.style == "frame":
        draw.rectangle(box, outline=(90, 90, 90), width=max(1, int(0.3 * s)))
        size = max(10, int(pt_to_mm(12) * s))
        font = pil_font(fonts.label, size)
        draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), "照片", font=font,
                  fill=(120, 120, 120), anchor="mm")
        return
    draw.rectangle(box, fill=p.background)
    w, h = box[2] - box[0], box[3] - box[1]
    cx = (box[0] + box[2]) / 2
    dark = (60, 62, 70)
    draw.ellipse((cx - w * 0.42, box[1] + h * 0.66, cx + w * 0.42, box[3] + h * 0.3), fill=dark)
    draw.rectangle((box[0], box[3] - 2, box[2], box[3]), fill=p.background)
    draw.ellipse((cx - w * 0.2, box[1] + h * 0.16, cx + w * 0.2, box[1] + h * 0.6),
                 fill=(214, 186, 166))
    draw.chord((cx - w * 0.22, box[1] + h * 0.12, cx + w * 0.22, box[1] + h * 0.5), 180, 360,
               fill=(34, 30, 30))


def render_page(page: Page, fonts: FontSet, dpi: int,
                rng: np.random.Generator) -> tuple[np.ndarray, dict[str, list[int]]]:
    """Draw `page` at `dpi`; returns (H×W×3 uint8, field -> [x0, y0, x1, y1] px)."""
    s = dpi / 25.4  # px per mm
    size = (int(round(page.width * s)), int(round(page.height * s)))
    img = Image.new("RGB", size, page.paper)
    if page.show_through is not None:
        img = _show_through(page, fonts, dpi, rng)
    draw = ImageDraw.Draw(img)
    boxes: dict[str, list[int]] = {}
    for item in page.items:
        if isinstance(item, Text):
            font = pil_font(fonts.face(item.role), int(round(pt_to_mm(item.size) * s)))
            xy = (item.x * s, item.y * s)
            draw.text(xy, item.text, font=font, fill=item.color, anchor=_ANCHORS[item.anchor])
            if item.field:
                bb = draw.textbbox(xy, item.text, font=font, anchor=_ANCHORS[item.anchor])
                old = boxes.get(item.field)
                box = [int(v) for v in bb]
                if old:
                    box = [min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]),
                           max(old[3], box[3])]
                boxes[item.field] = box
        elif isinstance(item, Polyline):
            pts = [(x * s, y * s) for x, y in item.points]
            if item.closed:
                pts.append(pts[0])
            draw.line(pts, fill=item.color, width=max(1, int(round(item.width * s))),
                      joint="curve")
        elif isinstance(item, Rect):
            draw.rectangle((item.x0 * s, item.y0 * s, item.x1 * s, item.y1 * s),
                           outline=item.stroke, fill=item.fill,
                           width=max(1, int(round(item.width * s))) if item.stroke else 0)
        elif isinstance(item, Qr):
            n = len(item.modules)
            cell = item.size * s / n
            for r, row in enumerate(item.modules):
                for c, on in enumerate(row):
                    if on:
                        x, y = item.x * s + c * cell, item.y * s + r * cell
                        draw.rectangle((x, y, x + cell, y + cell), fill=item.color)
        elif isinstance(item, Photo):
            _photo(draw, item, s, fonts)
    arr = np.array(img)
    for seal in page.seals:
        blend_seal(arr, seal, fonts.seal, s, rng)
    return arr, boxes


def _show_through(page: Page, fonts: FontSet, dpi: int, rng: np.random.Generator) -> Image.Image:
    """The front, mirrored and faded into the paper, as a back side looks on a scan."""
    assert page.show_through is not None
    front, _ = render_page(page.show_through, fonts, dpi, rng)
    mirrored = front[:, ::-1].astype(np.float32)
    paper = np.array(page.paper, dtype=np.float32)
    strength = rng.uniform(0.04, 0.09)
    out = paper + (mirrored - paper) * strength
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
