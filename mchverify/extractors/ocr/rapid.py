"""PP-OCRv6 through RapidOCR, driven step by step: detect, orient, crop, classify, recognise.

Driving the three models ourselves (instead of `RapidOCR.__call__`) lets one detection pass
serve orientation, deskew and cropping: detection runs on a capped size while lines are cut
from the full-resolution page, and a page turned 180° is fixed by mapping boxes, not re-reading.
"""

from __future__ import annotations

import re
import time

import cv2
import numpy as np

from mchverify.extractors.ocr.base import OcrPage, quad_to_upright_box, skew_of_quads
from mchverify.schemas.extraction import TextLine
from mchverify.schemas.options import RapidOcrOptions

__all__ = ["RapidOcrEngine"]

_NUMERALS = "〇○◯零OoＯ0一二三四五六七八九"
#: A Chinese-numeral date whose year has fewer than four numerals.
_CUT_YEAR = re.compile(f"^[{_NUMERALS}]{{0,3}}年[{_NUMERALS}十]{{1,3}}月")
_FULL_YEAR = re.compile(f"[{_NUMERALS}]{{4}}年")
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
                # dilation merges a spaced-out label's lone characters with their neighbours
                # into blobs that then fall under box_thresh and vanish
                "Det.use_dilation": False,
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

    def _reread_cut_dates(self, image: np.ndarray, quads: list[np.ndarray],
                          texts: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """Re-read dates whose year lost its first numerals (二〇二四年 → 二四年).

        The detector often leaves 二 and 〇 (two strokes, a ring) outside a line's box,
        above all under a seal; one wider crop of just those lines recovers them.
        """
        todo = [i for i, (t, _) in enumerate(texts) if _CUT_YEAR.match(t.strip())]
        if not todo:
            return texts
        h, w = image.shape[:2]
        out = list(texts)
        for i in todo:
            wide = _widen(quads[i], w, h)
            crop = _crop(image, wide)
            gray = cv2.cvtColor(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
            # grey first: a tinted paper's colour misleads the recogniser on 〇 (二二〇 for 二〇二〇)
            for text, score in self.recognize([gray, crop]):
                if _FULL_YEAR.search(text):
                    out[i] = (text, score)
                    quads[i] = wide
                    break
        return out

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
        texts = self._reread_cut_dates(image, quads, texts)
        t_rec = time.perf_counter()
        h, w = image.shape[:2]
        skew = skew_of_quads(quads)
        lines = []
        for q, (text, score) in zip(quads, texts, strict=True):
            if not text.strip():
                continue
            box = quad_to_upright_box(q, skew, (w / 2, h / 2))
            score = float(min(max(score, 0.0), 1.0))
            if _is_column(box, text):
                for ch, part in _split_column(image, q, text.strip()):
                    lines.append(TextLine(text=ch, score=score,
                                          box=quad_to_upright_box(part, skew, (w / 2, h / 2))))
            else:
                lines.append(TextLine(text=text, box=box, score=score))
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


def _is_column(box: tuple[float, float, float, float], text: str) -> bool:
    """A tall box on an upright page: the detector joined the lone first characters of
    several spaced-out labels (姓 / 性 / 出, 地 / 类 / 经 / 服) stacked in one column. Not
    a title printed top to bottom (a booklet cover's 卫生专业技术资格证书): cut into
    characters, its 专 业 and 资 格 became labels. Labels' first characters spell no title."""
    bw, bh = box[2] - box[0], box[3] - box[1]
    said = "".join(text.split())
    return len(said) >= 2 and bh > 1.8 * bw and not said.endswith(_TITLE_ENDS)


#: how the title of every document type ends (证书, 执业许可证, 合格证…)
_TITLE_ENDS = ("证书", "许可证", "合格证")


def _split_column(image: np.ndarray, quad: np.ndarray, text: str
                  ) -> list[tuple[str, np.ndarray]]:
    """One quad per character, on the ink runs of the column (an even split if unsure).

    Works in the image's own coordinates; the caller deskews the pieces like any line.
    """
    h, w = image.shape[:2]
    x0, y0 = np.floor(quad.min(axis=0)).astype(int)
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
    x0, x1, y0, y1 = max(0, x0), min(w, x1), max(0, y0), min(h, y1)
    n = len(text)
    runs: list[tuple[int, int]] = []
    if x1 > x0 and y1 > y0:
        gray = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
        _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        profile = ink.sum(axis=1) > max(1, 0.02 * (x1 - x0))
        start = None
        for i, on in enumerate(list(profile) + [False]):
            if on and start is None:
                start = i
            elif not on and start is not None:
                runs.append((start, i))
                start = None
        char = float(x1 - x0)  # the column is one character wide; characters are ~square
        runs = _join_strokes(runs, 0.3 * char)
        runs = [r for r in runs if r[1] - r[0] >= 0.4 * char]  # cut-off bits of neighbours
        runs = _merge_runs(runs, n)
    if len(runs) != n:
        step = (y1 - y0) / n
        runs = [(int(i * step), int((i + 1) * step)) for i in range(n)]
    return [
        (ch, np.array([[x0, y0 + a], [x1, y0 + a], [x1, y0 + b], [x0, y0 + b]], np.float32))
        for ch, (a, b) in zip(text, runs, strict=True)
    ]


def _join_strokes(runs: list[tuple[int, int]], max_gap: float) -> list[tuple[int, int]]:
    """Join runs separated by less than a stroke gap: one character's parts (二, 三)."""
    out: list[tuple[int, int]] = []
    for run in runs:
        if out and run[0] - out[-1][1] < max_gap:
            out[-1] = (out[-1][0], run[1])
        else:
            out.append(run)
    return out


def _merge_runs(runs: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Join the closest neighbouring runs until there are n (a character's strokes can
    leave blank rows inside it, e.g. 二)."""
    runs = list(runs)
    while len(runs) > n:
        gaps = [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
        i = gaps.index(min(gaps))
        runs[i : i + 2] = [(runs[i][0], runs[i + 1][1])]
    return runs


def _widen(quad: np.ndarray, w: int, h: int) -> np.ndarray:
    """The quad stretched by 0.8 line height along its baseline, both ways, within the page.

    Enough to take in a dropped 二〇; much more brings seal remnants into the crop."""
    q = quad.astype(np.float32).copy()
    along = q[1] - q[0]
    length = float(np.linalg.norm(along)) or 1.0
    unit = along / length
    grow = 0.8 * float(np.linalg.norm(q[3] - q[0]))
    q[[0, 3]] -= unit * grow
    q[[1, 2]] += unit * grow
    q[:, 0] = np.clip(q[:, 0], 0, w - 1)
    q[:, 1] = np.clip(q[:, 1], 0, h - 1)
    return q
