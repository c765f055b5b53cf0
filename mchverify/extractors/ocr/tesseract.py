"""Tesseract 5 (`chi_sim`) behind the same engine contract: the benchmark's baseline.

Orientation comes from Tesseract's own OSD; lines are Tesseract's (block, paragraph, line)
groups with the spaces it puts between Chinese characters removed.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

import cv2
import numpy as np

from mchverify.extractors.ocr.base import OcrPage
from mchverify.schemas.extraction import TextLine
from mchverify.schemas.options import TesseractOptions

__all__ = ["TesseractEngine"]

_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])\s+|\s+(?=[\u4e00-\u9fff])")
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


class TesseractEngine:
    name = "tesseract"

    def __init__(self, options: TesseractOptions | None = None) -> None:
        import pytesseract

        self.options = options or TesseractOptions()
        self._tess = pytesseract
        self._tess.get_tesseract_version()  # fails early and clearly when not installed

    def _orientation(self, image: np.ndarray) -> int:
        """Clockwise degrees that make the page upright, per Tesseract OSD (0 if unsure)."""
        try:
            osd = self._tess.image_to_osd(image, output_type=self._tess.Output.DICT)
        except self._tess.TesseractError:
            return 0
        return int(osd.get("rotate", 0)) % 360

    def read(self, image: np.ndarray) -> OcrPage:
        t0 = time.perf_counter()
        rotation = self._orientation(image)
        if rotation:
            image = cv2.rotate(image, _ROTATE[rotation])
        t1 = time.perf_counter()
        data = self._tess.image_to_data(
            image,
            lang=self.options.lang,
            config=f"--psm {self.options.psm}",
            output_type=self._tess.Output.DICT,
        )
        groups: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                groups[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(i)
        lines = []
        for idx in groups.values():
            text = _CJK_SPACE.sub("", " ".join(data["text"][i] for i in idx))
            x0 = min(data["left"][i] for i in idx)
            y0 = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            y1 = max(data["top"][i] + data["height"][i] for i in idx)
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100.0
            lines.append(TextLine(text=text, box=(x0, y0, x1, y1), score=min(1.0, max(0.0, conf))))
        lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
        h, w = image.shape[:2]
        return OcrPage(lines=lines, rotation=rotation, width=w, height=h,
                       timings={"osd": t1 - t0, "ocr": time.perf_counter() - t1})
