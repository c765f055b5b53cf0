"""Engine and pipeline options as small tagged models (docling's pipeline_options style)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

__all__ = ["OcrOptions", "PaddleOcrOptions", "RapidOcrOptions", "TesseractOptions"]


class RapidOcrOptions(BaseModel):
    """PP-OCRv6 small (shipped in the rapidocr wheel) on ONNX Runtime."""

    kind: Literal["rapidocr"] = "rapidocr"
    det_max_side: int = Field(
        default=1600,
        ge=320,
        description="longest side the text detector sees; lines are cropped from full resolution",
    )
    threads: int = Field(default=0, ge=0, description="ONNX Runtime intra-op threads; 0 = all cores")
    rec_batch: int = Field(
        default=4,
        ge=1,
        description="text lines per recognition batch (lines are padded to the batch's widest:"
        " 4 measured fastest on 2 cores, with field accuracy unchanged; docs/benchmarks.md)",
    )


class TesseractOptions(BaseModel):
    """Tesseract 5 with Debian's chi_sim data: the accuracy baseline of the benchmark."""

    kind: Literal["tesseract"] = "tesseract"
    lang: str = Field(default="chi_sim", description="tesseract language(s), e.g. chi_sim+eng")
    psm: int = Field(default=11, description="page segmentation mode (11: sparse text)")


class PaddleOcrOptions(BaseModel):
    """PaddleOCR itself, where PaddlePaddle and local model folders are installed."""

    kind: Literal["paddleocr"] = "paddleocr"
    det_model_dir: str = Field(description="local folder of the detection model")
    rec_model_dir: str = Field(description="local folder of the recognition model")
    cls_model_dir: str | None = Field(default=None, description="optional angle classifier")


OcrOptions = Annotated[
    RapidOcrOptions | TesseractOptions | PaddleOcrOptions, Field(discriminator="kind")
]
