"""What a photocopier or a fax machine makes of a page: the 复印件 of an application file.

Applications carry copies, not originals (formats.md, "Copies"): A4 grey or black-and-white,
contrast crushed, toner speckle, the red official seal turned grey or black. These steps
turn a rendered or scanned RGB page into such a copy, so that the seal finder, the copy
detector and the field reader can be tested and measured on them. Each style is a pure
function of the page and a seeded generator, and returns the parameters it drew.

- ``toner``: a grey copy. The copier's sensor sees luminance (red ink weighs about a
  third), its levels push paper to white and ink to black, its optics blur a little, and
  its drum leaves speckle and a few faint streaks along the paper path.
- ``binary``: a black-and-white copy or a fax: luminance thresholded below the paper, so
  the seal's ring, star and arc text become black strokes, broken where the stamp was pale.
- ``tinted``: a grey copy on recycled or coloured paper (or with a copier's colour cast):
  one uniform cast over the whole sheet, with low contrast (toner running low).
- ``fax``: a page sent by fax and printed or saved where it arrived: scanned at the fax's
  own resolution (8 dots per mm across; 7.7 lines per mm in fine mode, 3.85 in standard),
  thresholded to black and white, enlarged back with its square dots, and headed by the
  sending machine's identification line (date, time, number, page) in its own dot font.

Ranges are those of office copiers at their default settings: nothing here may make a
value unreadable to a person (specks are smaller than a stroke, streaks fainter than ink).

``attest`` writes on the copy what the clerk who checked it against the original writes:
「此复印件与原件一致」 (or another wording), a signature and the date, in pen, in the
margin under the certificate: ink on the copy, not copied, so black or blue.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Literal, get_args

import cv2
import numpy as np
from PIL import Image, ImageDraw

from mchverify.synth.fonts import FontFace, pil_font
from mchverify.synth.parts import Part, pick

__all__ = ["ATTESTATIONS", "STYLES", "CopyStyle", "attest", "photocopy", "styles_of"]

CopyStyle = Literal["toner", "binary", "tinted", "fax"]
STYLES: tuple[CopyStyle, ...] = get_args(CopyStyle)
#: copier styles by part: the tune part (tests, fixes) has grey toner copies and faxes, the
#: held-out part (benchmarks only) a copier's black-and-white and tinted copies
_PART_STYLES: dict[Part, tuple[CopyStyle, ...]] = {
    Part.TUNE: ("toner", "fax"), Part.HELDOUT: ("binary", "tinted")}


def styles_of(part: Part | str) -> tuple[CopyStyle, ...]:
    """The copier styles the generator's `part` draws from."""
    return _PART_STYLES[Part(part)]

#: colours of recycled or tinted copy paper, and of a copier's cast (RGB multipliers)
_CASTS: tuple[tuple[float, float, float], ...] = (
    (1.0, 0.97, 0.88),  # cream recycled paper
    (0.97, 0.98, 0.92),  # grey-green recycled paper
    (0.93, 0.97, 1.0),  # a bluish cast
    (1.0, 0.95, 0.95),  # pink paper
    (0.96, 1.0, 0.94),  # pale green paper
)


def photocopy(img: np.ndarray, rng: np.random.Generator, style: CopyStyle = "toner", *,
              sent: dt.datetime | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """The page `img` (H×W×3 RGB uint8) as a copy of `style`: RGB uint8 of the same size
    (the copy is still saved in colour), and the parameters drawn. `sent`: when a fax was
    sent (its header line); default a fixed time."""
    if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
        raise ValueError(f"an RGB uint8 page is needed, not {img.dtype} {img.shape}")
    if style not in STYLES:
        raise ValueError(f"unknown copy style {style!r}; one of {', '.join(STYLES)}")
    grey, weights = _sensor(img, rng)
    if style == "toner":
        out, params = _toner(grey, rng)
    elif style == "binary":
        out, params = _binary(grey, rng)
    elif style == "fax":
        out, params = _fax(grey, rng, sent or dt.datetime(2026, 1, 5, 9, 30))
    else:
        rgb, params = _tinted(grey, rng)
        return rgb, {"kind": "photocopy", "style": style, "weights": weights, **params}
    rgb = np.ascontiguousarray(np.repeat(out[..., None], 3, axis=2))
    return rgb, {"kind": "photocopy", "style": style, "weights": weights, **params}


def _sensor(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, list[float]]:
    """Luminance as a copier's sensor weighs it (float32 0..255): red counts for about a
    third, so a red seal comes out mid grey, darker than the paper, lighter than print."""
    wr = float(rng.uniform(0.25, 0.36))
    wg = float(rng.uniform(0.55, 0.62))
    wb = 1.0 - wr - wg
    f = img.astype(np.float32)
    grey = f[..., 0] * wr + f[..., 1] * wg + f[..., 2] * wb
    return grey, [round(wr, 3), round(wg, 3), round(wb, 3)]


def _px_per_mm(shape: tuple[int, ...]) -> float:
    """Resolution assumed from an A4 sheet across the shorter side (copies are A4)."""
    return float(min(shape[:2])) / 210.0


def _paper_level(grey: np.ndarray) -> float:
    """The paper's grey: most of a document page is paper."""
    return float(np.percentile(grey[::4, ::4], 90))


def _toner(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """A grey copy: blur, levels (paper to white, ink to black), speckle, streaks, noise."""
    sigma = float(rng.uniform(0.4, 0.9))
    white = float(rng.uniform(0.86, 0.94))
    black = float(rng.uniform(35, 70))
    gamma = float(rng.uniform(0.9, 1.3))
    paper = _paper_level(grey)
    g = cv2.GaussianBlur(grey, (0, 0), sigma)
    norm = np.clip((g - black) / max(1.0, paper * white - black), 0.0, 1.0) ** gamma
    out = norm * 255.0
    speckle = float(rng.uniform(0.3, 2.0))  # specks per cm²
    streaks = int(rng.integers(0, 4))
    out -= _specks(out.shape, rng, speckle, (60.0, 200.0))
    out -= _streaks(out.shape, rng, streaks, (12.0, 40.0))
    noise = float(rng.uniform(2.0, 5.0))
    out += np.asarray(rng.normal(0.0, noise, out.shape), np.float32)
    return np.clip(out, 0, 255).astype(np.uint8), {
        "blur": round(sigma, 2), "white_point": round(white, 3), "black_point": round(black, 1),
        "gamma": round(gamma, 2), "speckle_per_cm2": round(speckle, 2), "streaks": streaks,
        "noise": round(noise, 1)}


def _binary(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """Black and white: a threshold under the paper, on a slightly blurred and noisy page,
    so pale ink (a light stamp) breaks up; then black specks and a few white dropouts."""
    sigma = float(rng.uniform(0.5, 1.0))
    cut = float(rng.uniform(0.6, 0.72))
    noise = float(rng.uniform(5.0, 12.0))
    paper = _paper_level(grey)
    g = cv2.GaussianBlur(grey, (0, 0), sigma)
    g += np.asarray(rng.normal(0.0, noise, g.shape), np.float32)
    out = np.where(g < paper * cut, np.float32(0), np.float32(255))
    speckle = float(rng.uniform(0.2, 1.2))
    out -= _specks(out.shape, rng, speckle, (255.0, 255.0))
    dropouts = int(rng.integers(0, 3))
    out = np.clip(out, 0, 255)
    h = out.shape[0]
    for y in rng.integers(0, h, dropouts):
        out[int(y)] = 255.0  # a scan line lost on the way (fax)
    return out.astype(np.uint8), {
        "blur": round(sigma, 2), "threshold": round(cut, 3), "noise": round(noise, 1),
        "speckle_per_cm2": round(speckle, 2), "dropout_lines": dropouts}


#: a fax's dots per mm across the page, and its lines per mm down it by mode
_FAX_DOTS_PER_MM = 8.0
_FAX_LINES_PER_MM = {"fine": 7.7, "standard": 3.85}
#: the sending machine's identification line: in its top margin, about 2.5 mm high
_FAX_HEADER_MM = 2.5


def _fax(grey: np.ndarray, rng: np.random.Generator,
         sent: dt.datetime) -> tuple[np.ndarray, dict[str, Any]]:
    """Black and white at the fax's resolution, its header line on top, enlarged back to
    the page's size with square dots; a few scan lines lost on the way."""
    h, w = grey.shape
    ppm = _px_per_mm(grey.shape)
    mode = "fine" if rng.random() < 0.7 else "standard"
    fw = max(1, round(w * _FAX_DOTS_PER_MM / ppm))
    fh = max(1, round(h * _FAX_LINES_PER_MM[mode] / ppm))
    small = cv2.resize(grey, (fw, fh), interpolation=cv2.INTER_AREA)
    noise = float(rng.uniform(3.0, 8.0))
    small += np.asarray(rng.normal(0.0, noise, small.shape), np.float32)
    cut = float(rng.uniform(0.55, 0.7))
    dots = np.where(small < _paper_level(small) * cut, 0, 255).astype(np.uint8)
    number = f"0{int(rng.integers(10, 999)):d}-{int(rng.integers(10_000_000, 99_999_999)):d}"
    header = (f"{sent:%Y-%m-%d %H:%M}  FROM:{number}  "
              f"P.{1:03d}/{int(rng.integers(1, 4)):03d}")
    # drawn with square dots, then to the mode's lines per mm
    line_h = _FAX_HEADER_MM * _FAX_DOTS_PER_MM
    strip = np.full((round(line_h * 2.2), fw), 255, np.uint8)
    scale = line_h / 22.0  # Hershey simplex: about 22 units from cap to baseline
    cv2.putText(strip, header, (round(2 * _FAX_DOTS_PER_MM), round(line_h * 1.6)),
                cv2.FONT_HERSHEY_SIMPLEX, scale, 0, max(1, round(scale * 1.6)), cv2.LINE_8)
    strip = np.where(strip < 128, 0, 255).astype(np.uint8)  # the machine's dots: on or off
    rows = max(1, round(strip.shape[0] * _FAX_LINES_PER_MM[mode] / _FAX_DOTS_PER_MM))
    strip = cv2.resize(strip, (fw, rows), interpolation=cv2.INTER_NEAREST)
    dots[:rows] = np.minimum(dots[:rows], strip)
    out = cv2.resize(dots, (w, h), interpolation=cv2.INTER_NEAREST).astype(np.float32)
    speckle = float(rng.uniform(0.1, 0.6))
    out = np.clip(out - _specks(out.shape, rng, speckle, (255.0, 255.0)), 0, 255)
    dropouts = int(rng.integers(0, 3))
    for y in rng.integers(0, h, dropouts):
        out[int(y)] = 255.0
    return out.astype(np.uint8), {
        "mode": mode, "threshold": round(cut, 3), "noise": round(noise, 1), "header": header,
        "speckle_per_cm2": round(speckle, 2), "dropout_lines": dropouts}


def _tinted(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """A low-contrast grey copy on tinted paper: reflectance times the paper's colour, so
    the cast is one and the same over paper, print and seal."""
    sigma = float(rng.uniform(0.3, 0.8))
    floor = float(rng.uniform(0.22, 0.38))  # the darkest toner, a share of the paper
    gamma = float(rng.uniform(0.8, 1.1))
    level = float(rng.uniform(0.92, 0.98))
    cast = _CASTS[int(rng.integers(0, len(_CASTS)))]
    paper = _paper_level(grey)
    g = cv2.GaussianBlur(grey, (0, 0), sigma)
    refl = np.clip(g / max(paper, 1.0), 0.0, 1.0) ** gamma
    refl = floor + (1.0 - floor) * refl
    speckle = float(rng.uniform(0.2, 1.0))
    refl -= _specks(refl.shape, rng, speckle, (0.2, 0.5))
    noise = float(rng.uniform(1.5, 3.5))
    refl += np.asarray(rng.normal(0.0, noise / 255.0, refl.shape), np.float32)
    rgb = np.clip(refl, 0.0, 1.0)[..., None] * (255.0 * level * np.array(cast, np.float32))
    return np.clip(rgb, 0, 255).astype(np.uint8), {
        "blur": round(sigma, 2), "floor": round(floor, 3), "gamma": round(gamma, 2),
        "paper_level": round(level, 3), "cast": list(cast),
        "speckle_per_cm2": round(speckle, 2), "noise": round(noise, 1)}


def _specks(shape: tuple[int, ...], rng: np.random.Generator, per_cm2: float,
            darkness: tuple[float, float]) -> np.ndarray:
    """Stray toner: round specks (float32 darkness layer), at most about a stroke's width."""
    h, w = shape[:2]
    ppm = _px_per_mm(shape)
    count = int(per_cm2 * h * w / (ppm * ppm * 100.0))
    layer = np.zeros((h, w), np.float32)
    if count == 0:
        return layer
    xs, ys = rng.integers(0, w, count), rng.integers(0, h, count)
    radii = np.minimum(0.5 + rng.exponential(0.05 * ppm, count), 0.2 * ppm)
    dark = rng.uniform(*darkness, count)
    for x, y, r, d in zip(xs, ys, radii, dark, strict=True):
        cv2.circle(layer, (int(x), int(y)), max(0, round(float(r))), float(d), -1)
    return layer


def _streaks(shape: tuple[int, ...], rng: np.random.Generator, n: int,
             darkness: tuple[float, float]) -> np.ndarray:
    """Faint lines along the paper path (a scratched drum), some of them intermittent."""
    h, w = shape[:2]
    ppm = _px_per_mm(shape)
    layer = np.zeros((h, w), np.float32)
    along_rows = h >= w  # the paper runs through along its longer side
    length = h if along_rows else w
    for _ in range(n):
        pos = int(rng.integers(0, w if along_rows else h))
        width = max(1, round(float(rng.uniform(0.1, 0.3)) * ppm))
        d = float(rng.uniform(*darkness))
        profile = np.full(length, d, np.float32)
        if rng.random() < 0.5:  # intermittent: the drum's scratch touches now and then
            gaps = cv2.resize(rng.random((1, max(2, length // 200))).astype(np.float32),
                              (length, 1), interpolation=cv2.INTER_LINEAR)[0]
            profile *= gaps > 0.4
        if along_rows:
            layer[:, pos:pos + width] += profile[:, None]
        else:
            layer[pos:pos + width, :] += profile[None, :]
    return layer


#: what a clerk writes on a copy checked against its original, split between the parts
ATTESTATIONS: tuple[tuple[str, float, Part | None], ...] = (
    ("此复印件与原件一致", 1.0, None),
    ("与原件核对无误", 0.5, Part.TUNE),
    ("经核对与原件相符", 0.5, Part.HELDOUT),
    ("复印件与原件一致", 0.5, Part.HELDOUT),
)
#: pen inks (RGB): black, blue-black, blue
_PENS: tuple[tuple[int, int, int], ...] = ((28, 28, 32), (30, 40, 90), (24, 60, 170))
_CLERKS = ("王丽", "张敏", "李静", "刘洋", "陈芳", "杨帆", "赵磊", "周婷")


#: places a clerk tries for the note (shares of the sheet): the margin under the
#: certificate's text first, left or right, then the lower half of the sheet
_SPOT_TRIES = 16


def _free_spot(img: np.ndarray, shape: tuple[int, ...], rng: random.Random) -> tuple[int, int]:
    """Where the clerk writes: the emptiest of a few places in the lower part of the sheet.
    A clerk writes where there is room, not over the print (a note over a line of the
    certificate is no copy a window accepts)."""
    h, w = img.shape[:2]
    mh, mw = shape[:2]
    grey = img.mean(axis=2) if img.ndim == 3 else img.astype(np.float32)
    ink = grey < 0.7 * float(np.percentile(grey, 90))
    best: tuple[float, int, int] | None = None
    for i in range(_SPOT_TRIES):
        band = (0.86, 0.94) if i < _SPOT_TRIES // 2 else (0.55, 0.94)
        y0 = int(h * rng.uniform(*band)) - mh // 2
        x0 = int(w * (rng.uniform(0.05, 0.12) if rng.random() < 0.5 else rng.uniform(0.3, 0.42)))
        y0, x0 = max(0, min(h - mh, y0)), max(0, min(w - mw, x0))
        share = float(ink[y0:y0 + mh, x0:x0 + mw].mean())
        if best is None or share < best[0]:
            best = (share, x0, y0)
        if share < 0.002:
            break
    assert best is not None
    return best[1], best[2]


def attest(img: np.ndarray, rng: random.Random, face: FontFace, part: Part,
           when: dt.date) -> tuple[np.ndarray, dict[str, Any]]:
    """The copy `img` (RGB uint8) with the clerk's note written in its bottom margin, a
    little tilted: wording, signature and date (as a clerk writes it: 2026.3.5 or
    2026年3月5日). Returns the page and what was written."""
    h, w = img.shape[:2]
    ppm = _px_per_mm(img.shape)
    words = pick(rng, ATTESTATIONS, part)
    date = (f"{when.year}.{when.month}.{when.day}" if rng.random() < 0.5
            else f"{when.year}年{when.month}月{when.day}日")
    clerk = rng.choice(_CLERKS)
    ink = rng.choice(_PENS)
    size = max(8, round(rng.uniform(4.5, 6.5) * ppm))
    font = pil_font(face, size)
    lines = [words, f"{clerk}  {date}"] if rng.random() < 0.6 else [f"{words}  {clerk}", date]
    layer = Image.new("L", (int(w * 0.6), int(size * 3.2)), 0)
    draw = ImageDraw.Draw(layer)
    for i, line in enumerate(lines):
        draw.text((rng.uniform(0, size), i * size * 1.5), line, fill=255, font=font)
    tilt = rng.uniform(-4, 4)
    layer = layer.rotate(tilt, expand=True, resample=Image.Resampling.BICUBIC)
    mask = np.asarray(layer, np.float32) / 255.0
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    pad = size // 3
    mask = mask[max(0, rows[0] - pad):rows[-1] + pad, max(0, cols[0] - pad):cols[-1] + pad]
    x0, y0 = _free_spot(img, mask.shape, rng)
    mh, mw = min(mask.shape[0], h - y0), min(mask.shape[1], w - x0)
    mask = mask[:mh, :mw, None]
    out = img.copy()
    region = out[y0:y0 + mh, x0:x0 + mw].astype(np.float32)
    out[y0:y0 + mh, x0:x0 + mw] = (region * (1 - mask) + np.array(ink, np.float32) * mask
                                   ).astype(np.uint8)
    return out, {"words": words, "clerk": clerk, "date": date, "ink": list(ink),
                 "box_px": [x0, y0, x0 + mw, y0 + mh], "tilt": round(tilt, 1)}
