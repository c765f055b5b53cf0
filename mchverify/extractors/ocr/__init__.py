"""OCR engines behind one contract; `build_engine` picks one from its options."""

from __future__ import annotations

from mchverify.extractors.ocr.base import OcrEngine, OcrPage
from mchverify.schemas.options import (
    PaddleOcrOptions,
    RapidOcrOptions,
    TesseractOptions,
)

__all__ = ["OcrEngine", "OcrPage", "build_engine"]


def build_engine(options: RapidOcrOptions | TesseractOptions | PaddleOcrOptions) -> OcrEngine:
    """Construct the engine once per process; it is reused for every page."""
    if isinstance(options, TesseractOptions):
        from mchverify.extractors.ocr.tesseract import TesseractEngine

        return TesseractEngine(options)
    if isinstance(options, PaddleOcrOptions):
        from mchverify.extractors.ocr.paddle import PaddleOcrEngine

        return PaddleOcrEngine(options)
    from mchverify.extractors.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine(options)
