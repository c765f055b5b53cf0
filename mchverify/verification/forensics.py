"""Evidence from the image itself (domain.md §3, R10): official seals, QR codes, pasted regions.

Pure functions over a page in colour (BGR, in the frame of its OCR boxes) and its text
lines. They measure; `checks.py` decides what is a flag.

- **Seals**: red ink (the preprocessing mask) closed into blobs; a blob is a seal when its
  ink runs round a circle (ring coverage), which red titles, rules and text do not. Where
  no red seal is found (and on a copy, where there is no red), a round stamp is looked for
  by its shape in dark ink: found so, it is a seal of unknown colour (`ink="grey"`).
- **Copies**: a scanned page with no colour against its own paper is a grey or
  black-and-white copy (复印件) or a fax. A tinted copy is one colour cast over everything,
  which measuring against the paper's own colour takes out; an original's seal alone puts
  colour on 0.5-1 % of the page.
- **QR codes**: ZXing over the page, then a second look at each QR-like block it missed,
  enlarged and locally thresholded (small, blurred or half-scale codes).
- **Pasted regions**: for each text line, the paper just around the characters against the
  paper beyond it. A patch cut from another scan brings its own paper colour, its own noise
  and its own compression, and it wipes the background print (guilloche) under it; an honest
  line's paper is the page's paper. Each line is scored against the page's other lines, so
  a tinted, noisy or vignetted scan is judged against itself; and the difference must begin
  and end at two sharp edges of opposite sign in the margins above and below the line (the
  patch's borders), which a fold, a shadow or a background band does not have. The step
  must be mostly brightness (a change of hue alone is JPEG's coarse colour or a seal's haze)
  and the borders must jump by about the step (far larger jumps are a band's or a rule's).
- **Seal text**: the arc of each seal read by polar unwrap + OCR (seal_text.py), when an OCR
  engine is given, for comparison with the printed issuer.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from mchverify.extractors.pages import PageImage
from mchverify.extractors.seals import (
    SealMark,
    find_grey_seal_marks,
    find_seal_marks,
    is_grey_copy,
)
from mchverify.schemas.extraction import ExtractionResult, TextLine
from mchverify.schemas.verification import ImageEvidence, QrFound, SealFound, SuspectRegion
from mchverify.verification.seal_text import LineRecognizer, read_seal_text

__all__ = ["LineTexture", "SealMark", "decode_qr", "find_seal_marks", "inspect_images",
           "is_grey_copy", "line_textures", "page_seal_marks", "tamper_outliers"]



def page_seal_marks(image: np.ndarray, *, scanned: bool, copy: bool) -> list[SealMark]:
    """The page's seals: by red ink; where there is none (always on a copy, which has no
    red), by the round shape of a stamp in grey or black ink."""
    marks = [] if copy else find_seal_marks(image, sharp=not scanned)
    return marks or find_grey_seal_marks(image)


def decode_qr(image: np.ndarray, *, scanned: bool = True) -> list[str]:
    """The payloads of the QR codes on the page (empty when none decodes).

    ZXing-C++ on the whole page first; then each square block of dense dark modules that it
    did not read gets a second look on its own, enlarged and with a quiet zone
    (`_second_look`): small codes on 150-dpi scans, half-scale phone photos and blurred
    JPEGs defeat a whole-page pass. A digital PDF's rendering is sharp: ZXing alone reads
    its codes.
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    # a rendering is drawn at a resolution chosen for its modules: no smaller copies to try
    codes = [r for r in zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        try_downscale=scanned) if r.valid and r.text]
    found = [r.text for r in codes]
    if not scanned:
        return found
    centres = [_centre(r.position) for r in codes]
    for x0, y0, x1, y1 in _qr_candidates(gray):
        if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centres):
            continue  # ZXing has read this one already
        text = _second_look(gray[y0:y1, x0:x1])
        if text and text not in found:
            found.append(text)
    return found


def _second_look(crop: np.ndarray) -> str | None:
    """Decode one candidate block that the whole-page pass missed.

    A code on a half-scale phone photo or a blurred scan has modules of 2-3 px whose edges
    have run together: enlarged twice with a white quiet zone, ZXing reads most of them; a
    local threshold then restores the modules' edges (blur, uneven light), and OpenCV's
    detector, which locates finder patterns differently, is the last try. The first decode
    wins; ZXing's Reed-Solomon check keeps a wrong one out.
    """
    big = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    side = max(big.shape)
    # windows of about 5 and 8 modules (a candidate is ~1.5 codes wide, codes ~40 modules)
    binary = [cv2.adaptiveThreshold(big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                    cv2.THRESH_BINARY, max(15, side // k) | 1, 5)
              for k in (12, 8)]
    pad = max(8, side // 10)
    for im in (big, *binary):
        framed = cv2.copyMakeBorder(im, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        for r in zxingcpp.read_barcodes(
                framed, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
                try_downscale=False, binarizer=zxingcpp.Binarizer.LocalAverage):
            if r.valid and r.text:
                return str(r.text)
    try:
        text = cv2.QRCodeDetector().detectAndDecode(big)[0]
    except cv2.error:
        return None
    return text or None


def _centre(pos: zxingcpp.Position) -> tuple[float, float]:
    corners = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
    return sum(p.x for p in corners) / 4, sum(p.y for p in corners) / 4


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
    it: the stretch where they differ most (a pasted value, not its printed label)."""

    box: tuple[float, float, float, float]
    text: str
    step: tuple[float, float, float]  # inside minus outside, per channel (B, G, R)
    noise_in: float
    noise_out: float
    #: the jump of the paper's colour along `step` where a patch's top and bottom edges
    #: would be, over the same stretch (entering the line from above, leaving it below)
    edges: tuple[float, float] = (0.0, 0.0)
    span: tuple[int, int] = (0, 0)  # the stretch, x from..to (px)

    @property
    def edge_pair(self) -> float:
        """How sharply the paper steps in at the top and back out at the bottom: a pasted
        patch has two straight edges of opposite sign; a background's gradient does not."""
        up, down = self.edges
        return min(up, -down) if up > 0 > down else 0.0

    @property
    def edge_sharpness(self) -> float:
        """The weaker edge's share of the whole step: near 1 for a patch's cut border."""
        return self.edge_pair / max(self.colour_step, 1e-6)

    @property
    def colour_step(self) -> float:
        return float(np.linalg.norm(self.step))

    @property
    def brightness_share(self) -> float:
        """How much of the step is a change of brightness (BT.601 luma): 1 for a grey step,
        as another sheet under another exposure gives; near 0 for a change of hue alone,
        which is what JPEG's coarse colour, a phone's colour smoothing and a seal's red haze
        give."""
        return abs(float(_LUMA @ np.asarray(self.step))) * np.sqrt(3) / max(self.colour_step,
                                                                             1e-6)

    @property
    def edge_excess(self) -> float:
        """The larger border jump over the step: about 1 at a patch's borders (the paper
        steps by what the patch differs); far above 1 where the jumps are another thing's
        borders (a printed band, a rule's shadow) beside a small step."""
        up, down = self.edges
        return max(up, -down) / max(self.colour_step, 1e-6)

    @property
    def noise_ratio(self) -> float:
        """log of (noise inside + 1) / (noise outside + 1): 0 for the same paper."""
        return float(np.log((self.noise_in + 1.0) / (self.noise_out + 1.0)))


_LUMA = np.array([0.114, 0.587, 0.299])  # B, G, R


def _paper_mask(image: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """Paper pixels: not ink (darker than the local paper), not off the edge of a stroke,
    not seal ink (redder than the paper)."""
    h, w = gray.shape
    k = max(9, (min(h, w) // 120) | 1)
    local = cv2.dilate(gray, np.ones((k, k), np.uint8))
    # 8-bit saturating differences throughout (a dilation is never below the pixel, and
    # redness r - max(g, b) is one of two non-negative parts): exact, no 16-bit page copies
    ink = cv2.subtract(local, gray) > 22
    b, g, r = cv2.split(np.ascontiguousarray(image))
    gb = cv2.max(g, b)
    red, green_blue = cv2.subtract(r, gb), cv2.subtract(gb, r)
    cut = _signed_median(red, green_blue) + 10  # redness above this is seal ink
    ink |= red > cut if cut >= 0 else green_blue < -cut
    near_ink = cv2.dilate(ink.view(np.uint8), np.ones((5, 5), np.uint8))
    return near_ink == 0


@dataclass(frozen=True)
class _Chunk:
    x0: int
    x1: int
    step: np.ndarray  # inside minus outside (B, G, R)
    noise_in: float
    noise_out: float


def _chunk(image: np.ndarray, resid: np.ndarray, paper: np.ndarray, x0: int, x1: int,
           rows_in: tuple[int, int], rows_out: list[tuple[int, int]]) -> _Chunk | None:
    pin = paper[rows_in[0]:rows_in[1], x0:x1]
    if pin.sum() < 8:
        return None
    cin = image[rows_in[0]:rows_in[1], x0:x1][pin].astype(np.float32)
    rin = resid[rows_in[0]:rows_in[1], x0:x1][pin]
    outs_c, outs_r = [], []
    for r0, r1 in rows_out:
        po = paper[r0:r1, x0:x1]
        outs_c.append(image[r0:r1, x0:x1][po])
        outs_r.append(resid[r0:r1, x0:x1][po])
    cout = np.concatenate(outs_c).astype(np.float32) if outs_c else np.empty((0, 3))
    if len(cout) < 16:
        return None
    rout = np.concatenate(outs_r)
    return _Chunk(x0, x1, _trimmed_mean(cin) - _trimmed_mean(cout),
                  _mad(rin) * 1.4826, _mad(rout) * 1.4826)


#: chunks are half a character wide; the seed stretch is three of them (1.5 characters), and
#: a line is scanned this many characters past its right end (a patch's right margin is
#: blank paper, and a value read short leaves its patch running on)
_SEED_CHUNKS = 3
_RIGHT_MARGIN = 0.6


def _best_run(chunks: list[_Chunk]) -> list[_Chunk]:
    """The stretch of chunks that differ from the paper around them the same way: seeded by
    the 1.5 characters that differ most, grown while a neighbour still shows half the step
    (so a label printed beside a pasted value is left out of it)."""
    size = min(_SEED_CHUNKS, len(chunks))
    seeds = [np.median([c.step for c in chunks[i:i + size]], axis=0)
             for i in range(len(chunks) - size + 1)]
    lo = int(np.argmax([np.linalg.norm(s) for s in seeds]))
    hi, seed = lo + size, seeds[lo]
    norm = float(np.linalg.norm(seed))
    if norm > 0:
        d = seed / norm
        while lo > 0 and float(chunks[lo - 1].step @ d) >= norm / 2:
            lo -= 1
        while hi < len(chunks) and float(chunks[hi].step @ d) >= norm / 2:
            hi += 1
    return chunks[lo:hi]


def line_textures(image: np.ndarray, lines: list[TextLine]) -> list[LineTexture]:
    """For each text line, the stretch whose paper differs most from the paper above and
    below it (a patch covers a value and a little margin, not the lines around it)."""
    if image.ndim != 3:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    g32 = gray.astype(np.float32)
    resid = g32 - cv2.GaussianBlur(g32, (0, 0), 1.2)
    paper = _paper_mask(image, gray)
    img = image  # 8-bit; each cut is turned to float where it is measured
    page_h, page_w = gray.shape
    body = float(np.median([ln.box[3] - ln.box[1] for ln in lines])) if lines else 0.0
    out = []
    for line in lines:
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        if h < 8 or x1 - x0 < 1.6 * h:
            continue  # a single character: too little paper to judge
        if h > 1.6 * body:
            continue  # titles and headings: printed on bands and ornaments, never filled in
        if not any(ch.isalnum() for ch in line.text):
            continue  # a border of ornaments (◇◇◇, ----) read as text: no value to fill in
        if _faint(gray, line.box):
            continue  # show-through from the back of the sheet: not printed on this side
        rows_in = (int(y0 + 0.15 * h), int(y1 - 0.15 * h))
        rows_out = [(max(0, int(y0 - 1.15 * h)), max(0, int(y0 - 0.65 * h))),
                    (min(page_h, int(y1 + 0.65 * h)), min(page_h, int(y1 + 1.15 * h)))]
        right = min(page_w, x1 + _RIGHT_MARGIN * h)
        n = max(2, int(2 * (right - x0) // h))
        chunks = [c for cx0, cx1 in itertools.pairwise(np.linspace(x0, right, n + 1).astype(int))
                  if (c := _chunk(img, resid, paper, int(cx0), int(cx1), rows_in, rows_out))]
        if len(chunks) < 4:
            continue
        run = _best_run(chunks)
        step = np.median([c.step for c in run], axis=0)
        span = (run[0].x0, run[-1].x1)
        out.append(LineTexture(box=(x0, y0, x1, y1), text=line.text,
                               step=tuple(float(v) for v in step),  # type: ignore[arg-type]
                               noise_in=float(np.median([c.noise_in for c in run])),
                               noise_out=float(np.median([c.noise_out for c in run])),
                               edges=_edges(img, paper, span, y0, y1, step), span=span))
    return out


#: grey levels between a line's paper and its darkest strokes below which the line is
#: show-through (mirrored text from the back of a thin sheet), not ink on this side
_MIN_INK_CONTRAST = 40


def _faint(gray: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """Whether the line's darkest strokes are hardly darker than its paper."""
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    cut = gray[y0:y1, x0:x1]
    if not cut.size:
        return True
    return float(np.median(cut) - np.percentile(cut, 3)) < _MIN_INK_CONTRAST


def _edges(image: np.ndarray, paper: np.ndarray, span: tuple[int, int], y0: float, y1: float,
           step: np.ndarray) -> tuple[float, float]:
    """The largest jump of the paper's colour along the line's `step` (row medians over the
    span, 4 paper rows either side) in the margin above the line and in the margin below it:
    where a patch's edges lie. A few rows with no paper (a ruled line) are passed over, so an
    edge just beside a table rule is still seen."""
    norm = float(np.linalg.norm(step))
    if norm == 0:
        return 0.0, 0.0
    d = step / norm
    x0, x1 = span
    h = y1 - y0
    top, bottom = max(0, int(y0 - 1.3 * h)), min(image.shape[0], int(y1 + 1.3 * h))
    rows = image[top:bottom, x0:x1].astype(np.float32).astype(np.float64) @ d
    ok = paper[top:bottom, x0:x1]
    keep = ok.sum(axis=1) >= 0.2 * max(1, x1 - x0)
    ys_a = np.flatnonzero(keep) + top
    lv = _masked_row_medians(rows[keep], ok[keep]).astype(np.float64)
    if len(lv) < 8:
        return 0.0, 0.0
    windows = np.lib.stride_tricks.sliding_window_view(lv, 4).mean(axis=1)
    idx = np.arange(4, len(lv) - 3)
    deltas = windows[idx] - windows[idx - 4]  # rows i..i+3 against i-4..i-1
    a, b = ys_a[idx - 4], ys_a[idx + 3]
    # in the margins a few rows with no paper may be passed over (a rule); inside the line
    # the rows must be consecutive (gaps there are characters)
    steady = b - a <= np.where((b < y0) | (a > y1), 8 + 0.4 * h, 7)
    at = ys_a[idx]

    def jump(lo: float, hi: float, sign: int) -> float:
        sel = deltas[steady & (lo <= at) & (at < hi)]
        best = float(sel.max() if sign > 0 else sel.min()) if sel.size else 0.0
        return best if sign * best > 0 else 0.0

    return jump(y0 - 0.9 * h, y0 + 0.35 * h, 1), jump(y1 - 0.35 * h, y1 + 0.9 * h, -1)


#: A line is suspect when its paper differs from the paper around it this much more than
#: the page's other lines do (robust z-score), by at least the absolute floors, and the
#: difference begins and ends at two sharp edges of opposite sign above and below the line
#: (a patch's borders; a background's gradient or band has no such pair): each edge takes
#: at least half the whole step within its 8 rows, where a gradient spreads it out.
TAMPER_Z = 4.0
MIN_COLOUR_STEP = 3.0
MIN_NOISE_LOG_RATIO = 1.2
MIN_EDGE_PAIR = 2.0
MIN_EDGE_SHARPNESS = 0.5
#: A line whose paper stands out less (JOINT_COLOUR_Z) is still suspect when its patch
#: borders stand out clearly (JOINT_EDGE_Z) from the borders the page's other lines show:
#: two independent signs of one cut rectangle (a forger who matched the paper's colour to
#: within a few levels on a grainy page, where colour alone is within the page's spread).
JOINT_COLOUR_Z = 1.5
JOINT_EDGE_Z = 3.5
MIN_JOINT_STEP = 2.0
MIN_JOINT_EDGE_PAIR = 1.5
#: A colour step is a patch's only when it is mostly brightness and its borders jump by
#: about the step, not by several times it.
MIN_BRIGHTNESS_SHARE = 0.3
MAX_EDGE_EXCESS = 1.8
#: grain (grey levels) the paper around a line must have for a difference in grain to mean
#: anything: on a flat, smoothed page the compression ringing between a line's characters
#: is all the "noise" there is
MIN_PAPER_NOISE = 0.5


def tamper_outliers(textures: list[LineTexture], seals: Sequence[SealFound] = (),
                    ) -> list[tuple[LineTexture, float, str]]:
    """Lines whose paper stands out from the page's other lines: (line, score, reason).

    A line inside a seal's disk is not judged by the joint test (a moderate step with
    borders that stand out): there the ring, the star and the arc text cross the margins
    above and below the line, and their haze gives borders that are no patch's. A clear
    colour step or a change of grain still counts there (a date pasted under the seal)."""
    if len(textures) < 4:
        return []
    steps = np.array([t.colour_step for t in textures])
    ratios = np.array([abs(t.noise_ratio) for t in textures])
    pairs = np.array([t.edge_pair for t in textures])
    out = []
    for i, t in enumerate(textures):
        if t.edge_pair < MIN_JOINT_EDGE_PAIR or t.edge_sharpness < MIN_EDGE_SHARPNESS:
            continue
        z_s = _robust_z(steps, i, 0.5)
        # a step that is not a patch's (hue alone, or another thing's borders) is judged
        # by its grain alone
        patch_step = (t.brightness_share >= MIN_BRIGHTNESS_SHARE
                      and t.edge_excess <= MAX_EDGE_EXCESS)
        if patch_step and t.edge_pair >= MIN_EDGE_PAIR and z_s >= TAMPER_Z \
                and steps[i] >= MIN_COLOUR_STEP:
            out.append((t, z_s, "colour"))
        elif t.edge_pair >= MIN_EDGE_PAIR and (z_r := _robust_z(ratios, i, 0.08)) >= \
                2 * TAMPER_Z and ratios[i] >= MIN_NOISE_LOG_RATIO \
                and t.noise_out >= MIN_PAPER_NOISE:
            out.append((t, z_r, "noise"))
        elif patch_step and steps[i] >= MIN_JOINT_STEP and z_s >= JOINT_COLOUR_Z \
                and _robust_z(pairs, i, 0.5) >= JOINT_EDGE_Z and not _under_seal(t.box, seals):
            out.append((t, z_s, "colour+edges"))
    return out


def _under_seal(box: tuple[float, float, float, float], seals: Sequence[SealFound],
                share: float = 1.0) -> bool:
    """Whether the line's centre lies inside a seal's disk, or its inner `share` of the
    radius (same frame as the boxes)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(np.hypot(cx - s.center[0], cy - s.center[1]) < share * s.radius for s in seals)


def _robust_z(values: np.ndarray, i: int, floor: float) -> float:
    """How far values[i] lies above the others, in robust standard deviations (MAD), with
    a floor on the spread so that a page of identical lines does not divide by zero."""
    others = np.delete(values, i)
    return float((values[i] - np.median(others)) / (1.4826 * _mad(others) + floor))


def _trimmed_mean(px: np.ndarray) -> np.ndarray:
    """Per channel, the mean of the middle 60 % of the values: steadier than a median of
    8-bit levels (which moves in whole steps) and blind to stray ink and specks."""
    ordered = np.sort(px, axis=0)
    lo, hi = _percentile_sorted(ordered, 20), _percentile_sorted(ordered, 80)
    keep = (px >= lo) & (px <= hi)
    return np.asarray((px * keep).sum(axis=0) / np.maximum(keep.sum(axis=0), 1))


def _percentile_sorted(ordered: np.ndarray, q: float) -> np.ndarray:
    """np.percentile's linear interpolation on values sorted along axis 0, without its
    per-call overhead (this runs for every half character of every line)."""
    pos = q / 100 * (len(ordered) - 1)
    i = int(pos)
    frac = pos - i
    a = ordered[i].astype(np.float64)
    if frac == 0 or i + 1 >= len(ordered):
        return a
    b = ordered[i + 1].astype(np.float64)
    return a + (b - a) * frac if frac < 0.5 else b - (b - a) * (1 - frac)


def _median(a: np.ndarray) -> np.ndarray:
    """Median of a 1-D array, as np.median computes it, by partition alone."""
    n = a.size
    half = n // 2
    if n % 2:
        return np.partition(a, half)[half]
    part = np.partition(a, (half - 1, half))
    return (part[half - 1] + part[half]) / a.dtype.type(2)  # type: ignore[no-any-return]


def _mad(a: np.ndarray) -> float:
    return float(_median(np.abs(a - _median(a)))) if a.size else 0.0


def _signed_median(pos: np.ndarray, neg: np.ndarray) -> float:
    """Exact median of `pos - neg` over a whole page, from two 8-bit histograms (one of the
    two is 0 at every pixel): np.median of the signed values, without sorting millions."""
    hp = cv2.calcHist([pos], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    hn = cv2.calcHist([neg], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    counts = np.concatenate([hn[:0:-1], [hp[0] - hn[1:].sum()], hp[1:]])  # values −255…255
    cum = np.cumsum(counts)
    n = int(cum[-1])
    first = int(np.searchsorted(cum, (n - 1) // 2 + 1)) - 255
    second = int(np.searchsorted(cum, n // 2 + 1)) - 255
    return (first + second) / 2


def _masked_row_medians(rows: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Per row, the median of the values where `ok` (every row has at least one)."""
    filled = np.where(ok, rows, np.inf)
    ordered = np.sort(filled, axis=1)
    k = ok.sum(axis=1)
    r = np.arange(len(rows))
    lo, hi = ordered[r, (k - 1) // 2], ordered[r, k // 2]
    return np.where(k % 2 == 1, lo, (lo + hi) / rows.dtype.type(2))


def _in_seal(line: TextLine, seals: list[SealFound]) -> bool:
    """A line read from a seal's own arc text: its paper is the seal's, not the page's."""
    return line.score < 0.8 and _under_seal(line.box, seals, share=0.9)


def _seal_found(page: int, image: np.ndarray, mark: SealMark,
                engine: LineRecognizer | None, issuer: str | None, scale: float = 1.0,
                ) -> SealFound:
    """The seal with its arc text; centre and radius in the frame of the page's boxes.

    A grey seal's text is not read: on a copy the black print it was stamped over has its
    ink's colour, so a read would mix the two, and a misread must never become a flag."""
    read = read_seal_text(image, mark, engine, expected=issuer) \
        if engine is not None and mark.ink == "red" else None
    return SealFound(page=page, center=(round(mark.cx / scale, 1), round(mark.cy / scale, 1)),
                     radius=round(mark.radius / scale, 1), coverage=mark.coverage, ink=mark.ink,
                     text=read.text if read else None,
                     text_score=round(read.score, 3) if read else None)


def inspect_images(result: ExtractionResult, images: list[PageImage],
                   engine: LineRecognizer | None = None) -> ImageEvidence:
    """Seals (with their arc text, when an OCR `engine` is given), QR codes, copies and
    suspect lines of every page (pasted regions on scans only: a digital PDF's rendering has no
    scanner paper to compare)."""
    lines = {p.number: p.lines for p in result.pages}
    printed = result.fields.get("issuer")
    issuer = str(printed.value) if printed is not None and printed.value else None
    seals: list[SealFound] = []
    codes: list[QrFound] = []
    suspects: list[SuspectRegion] = []
    copies: list[int] = []
    for im in images:
        copy = im.scanned and is_grey_copy(im.image)
        if copy:
            copies.append(im.number)
        seals += [_seal_found(im.number, im.image, m, engine, issuer, im.scale)
                  for m in page_seal_marks(im.image, scanned=im.scanned, copy=copy)]
        codes += [QrFound(page=im.number, payload=t)
                  for t in decode_qr(im.image, scanned=im.scanned)]
        if im.scanned:
            page_seals = [s for s in seals if s.page == im.number]
            body = [ln for ln in lines.get(im.number, []) if not _in_seal(ln, page_seals)]
            for t, score, reason in tamper_outliers(line_textures(im.image, body),
                                                    page_seals):
                suspects.append(SuspectRegion(
                    page=im.number, box=t.box, text=t.text, score=round(score, 2), reason=reason,
                    measured={"colour_step": round(t.colour_step, 2),
                              "noise_log_ratio": round(t.noise_ratio, 3),
                              "edge_top": round(t.edges[0], 1),
                              "edge_bottom": round(t.edges[1], 1)}))
    return ImageEvidence(pages=len(images), scanned_pages=sum(im.scanned for im in images),
                         seals=seals, qr_codes=codes, suspects=suspects, copy_pages=copies)
