"""PaddleOCR itself, for sites that install PaddlePaddle and keep model folders locally.

Optional: `pip install mchverify[paddle]` plus model directories; nothing is downloaded.
"""

from __future__ import annotations

import time

import numpy as np

from mchverify.errors import ExtractionError
from mchverify.extractors.ocr.base import OcrPage, quad_to_upright_box, skew_of_quads
from mchverify.schemas.extraction import TextLine
from mchverify.schemas.options import PaddleOcrOptions

__all__ = ["PaddleOcrEngine"]


class PaddleOcrEngine:
    name = "paddleocr"

    def __init__(self, options: PaddleOcrOptions) -> None:
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:  # the optional extra is not installed
            raise ExtractionError("paddleocr engine selected but paddleocr is not installed") from exc
        self.options = options
        self._ocr = PaddleOCR(
            text_detection_model_dir=options.det_model_dir,
            text_recognition_model_dir=options.rec_model_dir,
            textline_orientation_model_dir=options.cls_model_dir,
            use_textline_orientation=options.cls_model_dir is not None,
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
        )

    def read(self, image: np.ndarray) -> OcrPage:
        t0 = time.perf_counter()
        result = self._ocr.predict(image)[0]
        quads = [np.asarray(q, dtype=np.float32) for q in result["rec_polys"]]
        h, w = image.shape[:2]
        skew = skew_of_quads(quads)
        lines = [
            TextLine(text=t, box=quad_to_upright_box(q, skew, (w / 2, h / 2)),
                     score=float(min(1.0, max(0.0, s))))
            for q, t, s in zip(quads, result["rec_texts"], result["rec_scores"], strict=True)
            if t.strip()
        ]
        lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
        return OcrPage(lines=lines, skew=skew, width=w, height=h,
                       timings={"ocr": time.perf_counter() - t0})
