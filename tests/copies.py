"""Copies for tests: the tune part's copier styles, and a tinted copy made here.

The held-out part's copier styles (`synth.copier.styles_of(Part.HELDOUT)`) are for the
benchmarks only, so that what they measure is how the reader does on copies no test or
fix has seen. A copy on tinted paper is still a phenomenon tests must cover (issue 24):
this module makes one of its own, a tune toner copy on buff (manila) paper at low
contrast, with a cast and levels that are not the held-out part's.
"""

from __future__ import annotations

import numpy as np

from mchverify.synth.copier import photocopy, styles_of
from mchverify.synth.parts import Part

#: a toner copy on buff paper (`copy_page`)
BUFF = "buff"
#: the styles tests copy in: the tune part's, and the buff copy made here
TEST_STYLES: tuple[str, ...] = (*styles_of(Part.TUNE), BUFF)
#: buff paper's colour (RGB multipliers) and the darkest toner on it, a share of the paper
_BUFF_CAST = np.array([1.0, 0.9, 0.72], np.float32)
_BUFF_FLOOR = 0.3


def copy_page(rgb: np.ndarray, rng: np.random.Generator, style: str) -> np.ndarray:
    """The RGB page `rgb` as a copy of `style` (one of `TEST_STYLES`), RGB uint8."""
    if style != BUFF:
        return photocopy(rgb, rng, style)[0]  # type: ignore[arg-type]
    grey = photocopy(rgb, rng, "toner")[0][..., :1].astype(np.float32) / 255.0
    refl = _BUFF_FLOOR + (1.0 - _BUFF_FLOOR) * grey
    return np.clip(refl * _BUFF_CAST * 250.0, 0, 255).astype(np.uint8)
