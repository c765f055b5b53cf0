"""Forgeries as a forger makes them, for the detection corpus (labelled in `meta.problem`).

`paste_patch`: a field value covered by a patch cut from another scan — its own paper
colour, its own scanner noise, its own JPEG history — with a new value typed on it. This is
the "pasted region" of domain.md (`TAMPER_SUSPECTED`, R10); it is done on the final scan,
after the honest degradations, as an image editor would.
"""

from __future__ import annotations

import io
import random
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from mchverify.synth.fonts import FontFace, pil_font

__all__ = ["paste_patch"]


def _paper_level(img: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The paper colour around `box`: the bright half of the pixels in a ring about it."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    ring = img[max(0, y0 - h):y1 + h, max(0, x0 - h):x1 + h].reshape(-1, 3).astype(np.float32)
    lum = ring.mean(axis=1)
    return np.asarray(np.median(ring[lum >= np.median(lum)], axis=0))


def paste_patch(img: np.ndarray, box: list[int], text: str, face: FontFace,
                rng: random.Random) -> tuple[np.ndarray, dict[str, Any]]:
    """Cover `box` (x0, y0, x1, y1 px) with a patch from another scan bearing `text`.

    The forger matches the paper colour by eye (off by a few levels), types the value at
    about the original size, and the patch keeps the noise and compression of where it came
    from. Returns the forged image and what was done (for the label).
    """
    x0, y0, x1, y1 = (int(v) for v in box)
    h_text = max(8, y1 - y0)
    margin = round(h_text * rng.uniform(0.2, 0.45))
    px0, py0 = max(0, x0 - margin), max(0, y0 - margin)
    px1 = min(img.shape[1], x1 + margin + int(h_text * rng.uniform(0.0, 1.0)))
    py1 = min(img.shape[0], y1 + margin)
    paper = _paper_level(img, (x0, y0, x1, y1))
    # another sheet under another scanner's exposure: 4–9 grey levels apart (hardly seen
    # by eye), plus a slight tint
    shift = np.full(3, rng.choice((-1, 1)) * rng.uniform(4.0, 9.0), dtype=np.float32)
    shift += np.array([rng.uniform(-2.0, 2.0) for _ in range(3)], dtype=np.float32)
    colour = tuple(int(np.clip(c, 0, 255)) for c in paper + shift)
    pw, ph = px1 - px0, py1 - py0
    patch = Image.new("RGB", (pw, ph), colour)
    size = max(8, round(h_text * rng.uniform(0.92, 1.08)))
    draw = ImageDraw.Draw(patch)
    draw.text((x0 - px0, y1 - py0), text, font=pil_font(face, size), fill=(28, 28, 30),
              anchor="ls")
    patch = patch.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    arr = np.asarray(patch).astype(np.float32)
    sigma = rng.uniform(2.0, 5.0)
    arr += np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, arr.shape[:2])[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    quality = rng.randint(55, 85)
    out.save(buf, "JPEG", quality=quality)
    patched = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    forged = img.copy()
    forged[py0:py1, px0:px1] = patched
    return forged, {"patch_px": [px0, py0, px1, py1], "colour_shift": [round(float(v), 1)
                                                                      for v in shift],
                    "noise_sigma": round(sigma, 2), "jpeg_quality": quality}
