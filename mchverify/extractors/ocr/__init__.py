"""OCR engines behind one contract; `build_engine` picks one from its options."""

from __future__ import annotations

import itertools

from mchverify.extractors.ocr.base import OcrEngine, OcrPage
from mchverify.schemas.options import (
    PaddleOcrOptions,
    RapidOcrOptions,
    TesseractOptions,
)

__all__ = ["OcrEngine", "OcrPage", "build_engine", "model_loads"]

_LOADS = itertools.count(1)  # next() is atomic under the GIL
_loaded = 0


def model_loads() -> int:
    """How many OCR engines (model sets) this process has built: the figure that shows a
    worker loads its models once for a whole run, not once per document."""
    return _loaded


def build_engine(options: RapidOcrOptions | TesseractOptions | PaddleOcrOptions) -> OcrEngine:
    """Construct the engine once per process; it is reused for every page."""
    global _loaded
    _loaded = next(_LOADS)
    if isinstance(options, TesseractOptions):
        from mchverify.extractors.ocr.tesseract import TesseractEngine

        return TesseractEngine(options)
    if isinstance(options, PaddleOcrOptions):
        from mchverify.extractors.ocr.paddle import PaddleOcrEngine

        return PaddleOcrEngine(options)
    from mchverify.extractors.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine(options)
