"""PP-OCRv6 through RapidOCR, driven step by step: detect, orient, crop, classify, recognise.

Driving the three models ourselves (instead of `RapidOCR.__call__`) lets one detection pass
serve orientation, deskew and cropping: detection runs on a capped size while lines are cut
from the full-resolution page, and a page turned 180° is fixed by mapping boxes, not re-reading.
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from mchverify.extractors.ocr.base import OcrPage, quad_to_upright_box, skew_of_quads
from mchverify.schemas.extraction import TextLine
from mchverify.schemas.options import RapidOcrOptions

__all__ = ["RapidOcrEngine"]

#: Lines the angle classifier sees to vote on a page's orientation (longest first).
_CLS_SAMPLE = 16


class RapidOcrEngine:
    """One instance per process: the ONNX sessions load once and are reused for every page."""

    name = "rapidocr"

    def __init__(self, options: RapidOcrOptions | None = None) -> None:
        from rapidocr import RapidOCR  # heavy import: only when an engine is built

        self.options = options or RapidOcrOptions()
        threads = self.options.threads or -1
        self._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Det.limit_type": "max",
                "Det.limit_side_len": self.options.det_max_side,
                "Rec.rec_batch_num": self.options.rec_batch,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            }
        )
        self._det = self._ocr._load_det_model()
        self._cls = self._ocr._load_cls_model()
        self._rec = self._ocr._load_rec_model()

    # -- steps -------------------------------------------------------------------------
    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text-line quads (tl, tr, br, bl) in the coordinates of `image`."""
        out = self._det(image)
        if out.boxes is None:
            return []
        return [np.asarray(b, dtype=np.float32) for b in out.boxes]

    def classify(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Per-line 0/180 labels from the angle classifier."""
        if not crops:
            return []
        return list(self._cls(crops).cls_res)

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and score per line crop, batched by the recogniser."""
        from rapidocr.ch_ppocr_rec import TextRecInput

        if not crops:
            return []
        out = self._rec(TextRecInput(img=crops))
        return list(zip(out.txts, out.scores, strict=True))

    # -- page --------------------------------------------------------------------------
    def read(self, image: np.ndarray) -> OcrPage:
        """Read a page in any of the four orientations, slightly skewed or not."""
        t0 = time.perf_counter()
        quads = self.detect(image)
        rotation = 0
        if _mostly_vertical(quads):
            image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
            quads = self.detect(image)
            rotation = 90
        t_det = time.perf_counter()
        crops = [_crop(image, q) for q in quads]
        if _upside_down(self.classify(_longest(crops, _CLS_SAMPLE))):
            image = cv2.rotate(image, cv2.ROTATE_180)
            h, w = image.shape[:2]
            quads = [_rotate_quad_180(q, w, h) for q in quads]
            crops = [np.ascontiguousarray(c[::-1, ::-1]) for c in crops]
            rotation = (rotation + 180) % 360
        t_cls = time.perf_counter()
        texts = self.recognize(crops)
        t_rec = time.perf_counter()
        h, w = image.shape[:2]
        skew = skew_of_quads(quads)
        lines = [
            TextLine(
                text=text,
                box=quad_to_upright_box(q, skew, (w / 2, h / 2)),
                score=float(min(max(score, 0.0), 1.0)),
            )
            for q, (text, score) in zip(quads, texts, strict=True)
            if text.strip()
        ]
        lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
        return OcrPage(
            lines=lines,
            rotation=rotation,
            skew=skew,
            width=w,
            height=h,
            timings={"det": t_det - t0, "cls": t_cls - t_det, "rec": t_rec - t_cls},
        )


def _crop(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Perspective-cut one line to a horizontal strip (PaddleOCR's get_rotate_crop_image)."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    return get_rotate_crop_image(image, quad.copy())


def _longest(crops: list[np.ndarray], n: int) -> list[np.ndarray]:
    """The n widest crops: long lines carry the most reliable orientation signal."""
    order = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1])
    return [crops[i] for i in order[:n]]


def _mostly_vertical(quads: list[np.ndarray]) -> bool:
    """A page turned 90°: most elongated lines stand upright."""
    tall = wide = 0
    for q in quads:
        w = np.linalg.norm(q[1] - q[0])
        h = np.linalg.norm(q[3] - q[0])
        if h > 2 * w:
            tall += 1
        elif w > 2 * h:
            wide += 1
    return tall > wide and tall >= 3


def _upside_down(labels: list[tuple[str, float]]) -> bool:
    """Score-weighted vote of the angle classifier over the sampled lines."""
    vote = sum(score if "180" in label else -score for label, score in labels)
    return vote > 0


def _rotate_quad_180(quad: np.ndarray, w: int, h: int) -> np.ndarray:
    """Map a quad into a page turned 180°, keeping tl, tr, br, bl order."""
    pts = np.stack([w - 1 - quad[:, 0], h - 1 - quad[:, 1]], axis=1)
    return np.roll(pts, 2, axis=0).astype(np.float32)
