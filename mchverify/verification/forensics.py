"""Evidence from the image itself (domain.md §3, R10): official seals, QR codes, pasted regions.

Pure functions over a page in colour (BGR, in the frame of its OCR boxes) and its text
lines. They measure; `checks.py` decides what is a flag.

- **Seals**: red ink (the preprocessing mask) closed into blobs; a blob is a seal when its
  ink runs round a circle (ring coverage), which red titles, rules and text do not.
- **QR codes**: OpenCV's detector, at the page's scale and, if nothing decodes, enlarged
  (small codes on low-resolution scans).
- **Pasted regions**: for each text line, the paper just around the characters against the
  paper beyond it. A patch cut from another scan brings its own paper colour, its own noise
  and its own compression, and it wipes the background print (guilloche) under it; an honest
  line's paper is the page's paper. Each line is scored against the page's other lines, so
  a tinted, noisy or vignetted scan is judged against itself; and the difference must begin
  and end at two sharp edges of opposite sign in the margins above and below the line (the
  patch's borders), which a fold, a shadow or a background band does not have.
- **Seal text**: the arc of each seal read by polar unwrap + OCR (seal_text.py), when an OCR
  engine is given, for comparison with the printed issuer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from mchverify.extractors.pages import PageImage
from mchverify.extractors.seals import SealMark, find_seal_marks
from mchverify.schemas.extraction import ExtractionResult, TextLine
from mchverify.schemas.verification import ImageEvidence, QrFound, SealFound, SuspectRegion
from mchverify.verification.seal_text import LineRecognizer, read_seal_text

__all__ = ["LineTexture", "SealMark", "decode_qr", "find_seal_marks", "inspect_images",
           "line_textures", "tamper_outliers"]


def decode_qr(image: np.ndarray) -> list[str]:
    """The payloads of the QR codes on the page (empty when none decodes).

    Two decoders, because small codes on 150-dpi scans defeat either one alone: ZXing-C++
    on the whole page, then OpenCV's detector on each square block of dense dark modules,
    cut out with a quiet zone (on a whole certificate page it is easily distracted).
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    found = [r.text for r in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
             if r.valid and r.text]
    det = cv2.QRCodeDetector()
    for x0, y0, x1, y1 in _qr_candidates(gray):
        crop = gray[y0:y1, x0:x1]
        crop = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        try:
            text = det.detectAndDecode(crop)[0]
        except cv2.error:
            continue
        if text and text not in found:
            found.append(text)
    return found


_WORK_SIDE = 1200  # px: QR codes are looked for on a reduced page


def _qr_candidates(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (with a quiet zone) of square blocks of dense dark ink: QR codes, and photos."""
    h, w = gray.shape
    scale = min(1.0, _WORK_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else gray
    dark = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)
    side = min(small.shape)
    k = max(3, side // 120)
    blocks = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blocks, connectivity=8)
    out = []
    for x, y, bw, bh, area in stats[1:n]:
        if not 0.04 * side <= min(bw, bh) <= max(bw, bh) <= 0.3 * side:
            continue
        if not 0.7 <= bw / bh <= 1.43 or area < 0.55 * bw * bh:
            continue
        ink = dark[y:y + bh, x:x + bw].mean() / 255
        if not 0.25 <= ink <= 0.75:  # modules are about half dark; a photo is not
            continue
        m = 0.2 * max(bw, bh)
        out.append((max(0, int((x - m) / scale)), max(0, int((y - m) / scale)),
                    min(w, int((x + bw + m) / scale)), min(h, int((y + bh + m) / scale))))
    return out


# --------------------------------------------------------------------------- pasted regions


@dataclass(frozen=True)
class LineTexture:
    """The paper inside one stretch of a text line against the paper just above and below
    it: the stretch (3 characters' width) where they differ most."""

    box: tuple[float, float, float, float]
    text: str
    step: tuple[float, float, float]  # inside minus outside, per channel (B, G, R)
    noise_in: float
    noise_out: float
    #: the jump of the paper's level where a patch's top and bottom edges would be, over the
    #: same stretch (grey levels, entering the line from above, leaving it below)
    edges: tuple[float, float] = (0.0, 0.0)

    @property
    def edge_pair(self) -> float:
        """How sharply the paper steps in at the top and back out at the bottom: a pasted
        patch has two straight edges of opposite sign; a background's gradient does not."""
        up, down = self.edges
        return min(abs(up), abs(down)) if up * down < 0 else 0.0

    @property
    def colour_step(self) -> float:
        return float(np.linalg.norm(self.step))

    @property
    def noise_ratio(self) -> float:
        """log of (noise inside + 1) / (noise outside + 1): 0 for the same paper."""
        return float(np.log((self.noise_in + 1.0) / (self.noise_out + 1.0)))


def _paper_mask(image: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """Paper pixels: not ink (darker than the local paper), not off the edge of a stroke,
    not seal ink (redder than the paper)."""
    h, w = gray.shape
    k = max(9, (min(h, w) // 120) | 1)
    local = cv2.dilate(gray, np.ones((k, k), np.uint8))
    ink = gray.astype(np.int16) < local.astype(np.int16) - 22
    b, g, r = (image[..., i].astype(np.int16) for i in range(3))
    redness = r - np.maximum(g, b)
    ink |= redness > np.median(redness) + 10
    ink = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return ~ink


def _chunk(image: np.ndarray, resid: np.ndarray, paper: np.ndarray, x0: int, x1: int,
           rows_in: tuple[int, int], rows_out: list[tuple[int, int]],
           ) -> tuple[np.ndarray, float, float] | None:
    pin = paper[rows_in[0]:rows_in[1], x0:x1]
    if pin.sum() < 12:
        return None
    cin = image[rows_in[0]:rows_in[1], x0:x1][pin]
    rin = resid[rows_in[0]:rows_in[1], x0:x1][pin]
    outs_c, outs_r = [], []
    for r0, r1 in rows_out:
        po = paper[r0:r1, x0:x1]
        outs_c.append(image[r0:r1, x0:x1][po])
        outs_r.append(resid[r0:r1, x0:x1][po])
    cout = np.concatenate(outs_c) if outs_c else np.empty((0, 3))
    if len(cout) < 24:
        return None
    rout = np.concatenate(outs_r)
    step = np.median(cin, axis=0) - np.median(cout, axis=0)
    return step, _mad(rin) * 1.4826, _mad(rout) * 1.4826


def line_textures(image: np.ndarray, lines: list[TextLine]) -> list[LineTexture]:
    """For each text line, the stretch whose paper differs most from the paper above and
    below it (a patch covers a value and a little margin, not the lines around it)."""
    if image.ndim != 3:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    g32 = gray.astype(np.float32)
    resid = g32 - cv2.GaussianBlur(g32, (0, 0), 1.2)
    paper = _paper_mask(image, gray)
    img = image.astype(np.float32)
    page_h = gray.shape[0]
    body = float(np.median([ln.box[3] - ln.box[1] for ln in lines])) if lines else 0.0
    out = []
    for line in lines:
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        if h < 8 or x1 - x0 < 1.6 * h:
            continue  # a single character: too little paper to judge
        if h > 1.6 * body:
            continue  # titles and headings: printed on bands and ornaments, never filled in
        rows_in = (int(y0 + 0.15 * h), int(y1 - 0.15 * h))
        rows_out = [(max(0, int(y0 - 1.15 * h)), max(0, int(y0 - 0.65 * h))),
                    (min(page_h, int(y1 + 0.65 * h)), min(page_h, int(y1 + 1.15 * h)))]
        chunks, spans = [], []
        n = max(1, int((x1 - x0) // h))
        for cx0, cx1 in itertools.pairwise(np.linspace(x0, x1, n + 1).astype(int)):
            c = _chunk(img, resid, paper, int(cx0), int(cx1), rows_in, rows_out)
            if c is not None:
                chunks.append(c)
                spans.append((int(cx0), int(cx1)))
        if len(chunks) < 2:
            continue
        size = min(3, len(chunks))
        best = None
        for i in range(len(chunks) - size + 1):
            win = chunks[i:i + size]
            step = np.median(np.stack([c[0] for c in win]), axis=0)
            n_in = float(np.median([c[1] for c in win]))
            n_out = float(np.median([c[2] for c in win]))
            score = float(np.linalg.norm(step))
            if best is None or score > best[0]:
                best = (score, step, n_in, n_out, spans[i][0], spans[i + size - 1][1])
        assert best is not None
        out.append(LineTexture(box=(x0, y0, x1, y1), text=line.text,
                               step=tuple(float(v) for v in best[1]),  # type: ignore[arg-type]
                               noise_in=best[2], noise_out=best[3],
                               edges=_edges(gray, paper, best[4], best[5], y0, y1)))
    return out


def _edges(gray: np.ndarray, paper: np.ndarray, x0: int, x1: int, y0: float,
           y1: float) -> tuple[float, float]:
    """The largest jump of the paper's level (row medians over x0..x1, 4 rows either side)
    in the margin above the line and in the margin below it: where a patch's edges lie."""
    h = y1 - y0
    top, bottom = max(0, int(y0 - 1.3 * h)), min(gray.shape[0], int(y1 + 1.3 * h))
    rows = gray[top:bottom, x0:x1].astype(np.float32)
    ok = paper[top:bottom, x0:x1]
    enough = ok.sum(axis=1) >= 0.2 * max(1, x1 - x0)
    level = np.array([np.median(r[m]) if e else np.nan for r, m, e in zip(rows, ok, enough,
                                                                          strict=True)])

    def jump(lo: float, hi: float) -> float:
        best = 0.0
        for y in range(max(top + 4, int(lo)), min(bottom - 4, int(hi))):
            i = y - top
            above, below = level[i - 4:i], level[i:i + 4]
            if np.isnan(above).all() or np.isnan(below).all():
                continue
            d = float(np.nanmean(below) - np.nanmean(above))
            if abs(d) > abs(best):
                best = d
        return best

    return jump(y0 - 0.9 * h, y0 + 0.1 * h), jump(y1 - 0.1 * h, y1 + 0.9 * h)


#: A line is suspect when its paper differs from the paper around it this much more than
#: the page's other lines do (robust z-score), by at least the absolute floors, and the
#: difference begins and ends at two sharp edges of opposite sign above and below the line
#: (a patch's borders; a background's gradient or band has no such pair).
TAMPER_Z = 4.0
MIN_COLOUR_STEP = 3.0
MIN_NOISE_LOG_RATIO = 1.2
MIN_EDGE_PAIR = 2.0


def tamper_outliers(textures: list[LineTexture]) -> list[tuple[LineTexture, float, str]]:
    """Lines whose paper stands out from the page's other lines: (line, score, reason)."""
    if len(textures) < 4:
        return []
    steps = np.array([t.colour_step for t in textures])
    ratios = np.array([abs(t.noise_ratio) for t in textures])
    out = []
    for i, t in enumerate(textures):
        if t.edge_pair < MIN_EDGE_PAIR:
            continue
        others_s = np.delete(steps, i)
        others_r = np.delete(ratios, i)
        z_s = (steps[i] - np.median(others_s)) / (1.4826 * _mad(others_s) + 0.5)
        z_r = (ratios[i] - np.median(others_r)) / (1.4826 * _mad(others_r) + 0.08)
        if z_s >= TAMPER_Z and steps[i] >= MIN_COLOUR_STEP:
            out.append((t, float(z_s), "colour"))
        elif z_r >= 2 * TAMPER_Z and ratios[i] >= MIN_NOISE_LOG_RATIO:
            out.append((t, float(z_r), "noise"))
    return out


def _mad(a: np.ndarray) -> float:
    return float(np.median(np.abs(a - np.median(a)))) if a.size else 0.0


def _in_seal(line: TextLine, seals: list[SealFound]) -> bool:
    """A line read from a seal's own arc text: its paper is the seal's, not the page's."""
    cx, cy = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
    return any(np.hypot(cx - s.center[0], cy - s.center[1]) < 0.9 * s.radius
               and line.score < 0.8 for s in seals)


def _seal_found(page: int, image: np.ndarray, mark: SealMark,
                engine: LineRecognizer | None) -> SealFound:
    read = read_seal_text(image, mark, engine) if engine is not None else None
    return SealFound(page=page, center=(round(mark.cx, 1), round(mark.cy, 1)),
                     radius=round(mark.radius, 1), coverage=mark.coverage,
                     text=read.text if read else None,
                     text_score=round(read.score, 3) if read else None)


def inspect_images(result: ExtractionResult, images: list[PageImage],
                   engine: LineRecognizer | None = None) -> ImageEvidence:
    """Seals (with their arc text, when an OCR `engine` is given), QR codes and suspect
    lines of every page (pasted regions on scans only: a digital PDF's rendering has no
    scanner paper to compare)."""
    lines = {p.number: p.lines for p in result.pages}
    seals: list[SealFound] = []
    codes: list[QrFound] = []
    suspects: list[SuspectRegion] = []
    for im in images:
        seals += [_seal_found(im.number, im.image, m, engine) for m in find_seal_marks(im.image)]
        codes += [QrFound(page=im.number, payload=t) for t in decode_qr(im.image)]
        if im.scanned:
            page_seals = [s for s in seals if s.page == im.number]
            body = [ln for ln in lines.get(im.number, []) if not _in_seal(ln, page_seals)]
            for t, score, reason in tamper_outliers(line_textures(im.image, body)):
                suspects.append(SuspectRegion(
                    page=im.number, box=t.box, text=t.text, score=round(score, 2), reason=reason,
                    measured={"colour_step": round(t.colour_step, 2),
                              "noise_log_ratio": round(t.noise_ratio, 3),
                              "edge_top": round(t.edges[0], 1),
                              "edge_bottom": round(t.edges[1], 1)}))
    return ImageEvidence(pages=len(images), scanned_pages=sum(im.scanned for im in images),
                         seals=seals, qr_codes=codes, suspects=suspects)
