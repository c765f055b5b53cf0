"""Official round seals: one geometry, a raster form with uneven ink, and a vector form.

A real 公章 is ~42 mm: a red ring, the issuer's name along the upper arc (characters upright
towards the centre), a five-pointed star, sometimes 专用章 underneath. Printed over the
issuer and the date, it multiplies with the ink beneath, so black text shows through.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from mchverify.synth.fonts import FontFace, pil_font
from mchverify.synth.page import Seal

__all__ = [
    "SealGeometry",
    "blend_seal",
    "glyph_contours",
    "seal_alpha",
    "seal_geometry",
    "star_points",
]


@dataclass(frozen=True)
class SealGeometry:
    """All sizes in units of the seal diameter (multiply by the diameter to draw)."""

    ring_width: float
    text_radius: float  # radius of the characters' centres
    char_size: float  # em size of arc characters
    angles: tuple[float, ...]  # degrees clockwise from 12 o'clock, one per character
    star_radius: float
    bottom_size: float
    bottom_y: float  # below centre, positive down


def seal_geometry(n_chars: int, bottom: str) -> SealGeometry:
    """Lay the issuer's name over 150–250 degrees of arc depending on its length."""
    n = max(1, n_chars)
    span = min(250.0, max(150.0, 17.0 * n + 20))
    step = span / max(1, n - 1) if n > 1 else 0.0
    start = -span / 2
    angles = tuple(start + i * step for i in range(n)) if n > 1 else (0.0,)
    ring = 0.03
    text_radius = 0.5 - ring - 0.115
    arc_per_char = math.radians(step or span) * text_radius
    char_size = min(0.175, arc_per_char * 1.02)
    bottom_size = min(0.13, 0.62 / max(1, len(bottom))) if bottom else 0.0
    return SealGeometry(ring_width=ring, text_radius=text_radius, char_size=char_size,
                        angles=angles, star_radius=0.16 if not bottom else 0.145,
                        bottom_size=bottom_size, bottom_y=0.22)


def star_points(cx: float, cy: float, r: float, rotation: float = 0.0) -> list[tuple[float, float]]:
    """Ten vertices of a five-pointed star, one point up (y grows downwards)."""
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = math.radians(-90 + 36 * i - rotation)
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def seal_alpha(seal: Seal, face: FontFace, px_per_mm: float) -> np.ndarray:
    """Coverage (0..1 float32, square) of the seal drawn at the page's resolution."""
    size = max(16, round(seal.diameter * px_per_mm))
    geo = seal_geometry(len(seal.text), seal.bottom)
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c = size / 2
    ring = max(2, round(geo.ring_width * size))
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=255, width=ring)
    draw.polygon(star_points(c, c - (0.02 * size if seal.bottom else 0), geo.star_radius * size),
                 fill=255)
    font = pil_font(face, max(6, int(geo.char_size * size)))
    box = int(geo.char_size * size * 1.6) + 2
    for ch, ang in zip(seal.text, geo.angles):
        tile = Image.new("L", (box, box), 0)
        ImageDraw.Draw(tile).text((box / 2, box / 2), ch, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-ang, resample=Image.Resampling.BICUBIC)
        a = math.radians(ang - 90)
        x = c + geo.text_radius * size * math.cos(a)
        y = c + geo.text_radius * size * math.sin(a)
        img.paste(255, (int(x - box / 2), int(y - box / 2)), tile)
    if seal.bottom:
        bfont = pil_font(face, max(6, int(geo.bottom_size * size)))
        draw.text((c, c + geo.bottom_y * size), seal.bottom, font=bfont, fill=255, anchor="mm")
    if seal.rotation:
        img = img.rotate(seal.rotation, resample=Image.Resampling.BICUBIC)
    arr: np.ndarray = np.asarray(img, dtype=np.uint8)
    k = max(1, round(0.12 * px_per_mm))  # engraved strokes are heavier than type
    arr = cv2.dilate(arr, np.ones((k, k), np.uint8))
    return arr.astype(np.float32) / 255.0


def _ink_field(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Uneven stamp pressure: a smooth field, a pressure gradient and fine speckle."""
    h, w = shape
    coarse = rng.uniform(0.7, 1.0, size=(5, 5)).astype(np.float32)
    smooth = np.asarray(Image.fromarray(coarse).resize((w, h), Image.Resampling.BICUBIC))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    grad = 1.0 - 0.25 * ((np.cos(angle) * xx / w + np.sin(angle) * yy / h) + 1) / 2
    speckle = rng.uniform(0.78, 1.0, size=(h, w)).astype(np.float32)
    return np.clip(smooth * grad * speckle * 1.25, 0.0, 1.0)


def blend_seal(page: np.ndarray, seal: Seal, face: FontFace, px_per_mm: float,
               rng: np.random.Generator) -> None:
    """Multiply the seal into `page` (H×W×3 uint8, modified in place)."""
    alpha = seal_alpha(seal, face, px_per_mm)
    alpha *= _ink_field(alpha.shape, rng) * seal.opacity
    size = alpha.shape[0]
    x0 = round(seal.cx * px_per_mm - size / 2)
    y0 = round(seal.cy * px_per_mm - size / 2)
    h, w = page.shape[:2]
    sx0, sy0 = max(0, -x0), max(0, -y0)
    px0, py0 = max(0, x0), max(0, y0)
    px1, py1 = min(w, x0 + size), min(h, y0 + size)
    if px1 <= px0 or py1 <= py0:
        return
    a = alpha[sy0:sy0 + (py1 - py0), sx0:sx0 + (px1 - px0)][..., None]
    color = np.array(seal.color, dtype=np.float32) / 255.0
    region = page[py0:py1, px0:px1].astype(np.float32)
    region *= 1.0 - a * (1.0 - color)
    page[py0:py1, px0:px1] = np.clip(region, 0, 255).astype(np.uint8)


_GLYPH_PX = 160


@functools.lru_cache(maxsize=4096)
def glyph_contours(face: FontFace, ch: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Outlines of `ch` as polygons in em units, centred on (0, 0), y up.

    Seal characters are drawn as shapes, not text, in e-licences: a real e-seal is a picture,
    and text along an arc would interleave with the issuer line in the text layer.
    """
    img = Image.new("L", (_GLYPH_PX * 2, _GLYPH_PX * 2), 0)
    font = pil_font(face, _GLYPH_PX)
    ImageDraw.Draw(img).text((_GLYPH_PX, _GLYPH_PX), ch, font=font, fill=255, anchor="mm")
    mask = (np.asarray(img) > 127).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for cnt in contours:
        cnt = cv2.approxPolyDP(cnt, 0.8, True)
        if len(cnt) < 3:
            continue
        out.append(tuple(((float(x) - _GLYPH_PX) / _GLYPH_PX, (_GLYPH_PX - float(y)) / _GLYPH_PX)
                         for x, y in cnt[:, 0, :]))
    return tuple(out)
