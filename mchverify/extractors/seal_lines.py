"""Lines of print under a copy's dark seal, found by their shape and read by the recogniser.

On a grey copy the copier often prints the red seal as dark as the print. No cut between
grey levels takes it out (`preprocess._lift_grey_seals` leaves it), and the text detector
sees the ring, the star, the arc text and the issuer's name and date under them as one
blot: the lines are not boxed at all, so the issuer and the issue date go unread. The
recogniser alone reads them well when given the line's strip, seal and all (it was trained
on text crossed by stamps).

The strips are found mostly without the detector: the print crossing a seal runs on
beyond its ring, left or right, and the seal's own ink (ring, star, arc text) never leaves
the circle. Rows of ink just outside the ring mark the lines, and so does a piece of a line
the detector did box inside it; each line's strip runs from its first to its last
character across the seal, short of a label the detector read whole beside it.

Each strip is read several ways (margins, scale, the page before and after its seal was
lifted). Under a seal a stroke of a numeral is easily lost, and one read alone is no proof:
a strip the ways read differently keeps the most common read at a score under the checks'
threshold, so a reviewer sees it. A strip's read stands for the detector's lines on it
only when it holds more than they do.

An issuer printed no wider than the ring leaves no ink beside it, and no strip is found;
when nothing near the seal names an authority, rows across the ring are read one under
another, and the rows that name an authority (and make a date under it) give the lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import cv2
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from mchverify.extractors import normalize as nz
from mchverify.extractors.field_specs import ISSUER_SUFFIXES
from mchverify.extractors.ocr.base import LineRecognizer, OcrPage
from mchverify.extractors.places import (
    issuer_division,
    reads_through,
    repair_place,
    repair_suffix,
)
from mchverify.extractors.preprocess import upright
from mchverify.extractors.seals import SealMark, find_grey_seal_marks, is_grey_copy
from mchverify.schemas.extraction import TextLine

__all__ = ["read_under_seals", "seal_line_strips"]


#: ink is darker than this share of the paper's grey
_INK_SHARE = 0.6
#: just outside the ring: beyond this share of its radius (the ring's own width and blur)
_OUTSIDE = 1.08
#: …and within this share of it: the line as it leaves the ring
_BESIDE = 1.5
#: how far either side of the seal a line is followed (shares of its radius)
_REACH = 2.6
#: a line's height as a share of the seal's radius: 4-8 mm characters on a 38-45 mm seal
_MIN_HEIGHT, _MAX_HEIGHT = 0.1, 0.5
#: a gap wider than this many line heights ends a line (the next column's text)
_GAP = 1.2
#: a strip read below this score is no line
_MIN_SCORE = 0.7


def seal_line_strips(gray: np.ndarray, mark: SealMark, lines: Sequence[TextLine] = (),
                     ) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the lines of print crossing the seal `mark` on `gray`:
    rows of ink just outside its ring, and the rows of the detector's `lines` whose
    middle lies inside it (a piece of a line the detector did box: 年三月 of a date)."""
    h, w = gray.shape[:2]
    r = mark.radius
    ya, yb = int(max(0, mark.cy - r)), int(min(h, mark.cy + r))
    xa, xb = int(max(0, mark.cx - _REACH * r)), int(min(w, mark.cx + _REACH * r))
    if yb - ya < 8 or xb - xa < 8:
        return []
    region = gray[ya:yb, xa:xb]
    paper = float(np.percentile(region, 90))
    ink = region < _INK_SHARE * paper
    ys, xs = np.mgrid[ya:yb, xa:xb]
    d = np.hypot(xs - mark.cx, ys - mark.cy)
    # just beyond the ring: a QR code or the sheet's border further out spans every row
    outside = (d > _OUTSIDE * r) & (d < _BESIDE * r)
    rows = (ink & outside).sum(axis=1) > 2
    bands = [(y0, y1, int(mark.cx) - xa) for y0, y1 in _runs(rows, max_gap=3)
             if _MIN_HEIGHT * r <= y1 - y0 <= _MAX_HEIGHT * r]
    for ln in lines:
        lx, ly = (ln.box[0] + ln.box[2]) / 2, (ln.box[1] + ln.box[3]) / 2
        if np.hypot(lx - mark.cx, ly - mark.cy) < r and ya <= ly < yb:
            top, bottom = _row_of(ln, lines, xa, xb, _MAX_HEIGHT * r)
            band = (max(0, int(top) - ya), min(yb - ya, int(bottom) - ya), int(lx) - xa)
            same = [i for i, other in enumerate(bands) if _same_band(band, other)]
            if len(same) == 1:  # the detector's boxes span the whole line where the ink
                y0, y1, anchor = bands[same[0]]  # rows beside the ring caught its digits'
                if max(y1, band[1]) - min(y0, band[0]) <= _MAX_HEIGHT * r:  # height only
                    bands[same[0]] = (min(y0, band[0]), max(y1, band[1]), anchor)
            elif not same:
                bands.append(band)
    strips = []
    for y0, y1, anchor in bands:
        height = y1 - y0
        if not _MIN_HEIGHT * r <= height <= _MAX_HEIGHT * r:
            continue  # the seal's arc text boxed as one tall line
        cols: np.ndarray = np.asarray(ink[y0:y1].any(axis=0))
        span = _span_across(cols, anchor, int(_GAP * height))
        if span is None:
            continue
        box = _clear_of_whole_lines((xa + span[0], ya + y0, xa + span[1], ya + y1), mark, lines)
        if box is not None:
            strips.append(box)
    return strips


def _row_of(line: TextLine, lines: Sequence[TextLine], xa: int, xb: int, tallest: float,
            ) -> tuple[float, float]:
    """The top and bottom of `line`'s row: it and the detector's lines beside it, between
    `xa` and `xb` and no taller than `tallest` (the seal's arc text boxed as one line is
    no line of print), that its middle lies in. Under a seal the detector may box a piece
    of a date only as tall as its digits (04日, 19 px of a 57 px line), and a strip that
    thin loses the rest of the line at the first gap."""
    mid = (line.box[1] + line.box[3]) / 2
    top, bottom = line.box[1], line.box[3]
    for other in lines:
        if other.box[1] <= mid <= other.box[3] and other.box[2] > xa and other.box[0] < xb \
                and other.box[3] - other.box[1] <= tallest:
            top, bottom = min(top, other.box[1]), max(bottom, other.box[3])
    return top, bottom


def _clear_of_whole_lines(box: tuple[int, int, int, int], mark: SealMark,
                          lines: Sequence[TextLine]) -> tuple[int, int, int, int] | None:
    """The strip cut short of the detector's lines on it that lie clear of the seal (a
    label 颁发机关 before the issuer: read whole already, and in the strip's one read it
    lost its last character and the value took the rest)."""
    x0, y0, x1, y1 = box
    left, right = mark.cx - mark.radius, mark.cx + mark.radius
    for ln in lines:
        if not _overlaps(ln, box):
            continue
        if ln.box[2] < left:
            x0 = max(x0, int(ln.box[2]) + 1)
        elif ln.box[0] > right:
            x1 = min(x1, int(ln.box[0]) - 1)
    return (x0, y0, x1, y1) if x1 - x0 > y1 - y0 else None


def _same_band(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Whether two row bands share most of the shorter one's height."""
    return min(a[1], b[1]) - max(a[0], b[0]) > 0.5 * min(a[1] - a[0], b[1] - b[0])


def _runs(on: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in `on`, gaps up to `max_gap` bridged."""
    idx = np.flatnonzero(on)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > max_gap + 1)
    starts = np.r_[idx[0], idx[breaks + 1]]
    ends = np.r_[idx[breaks], idx[-1]] + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _span_across(cols: np.ndarray, anchor: int, max_gap: int) -> tuple[int, int] | None:
    """The run of inked columns (gaps up to `max_gap`) that holds column `anchor`."""
    for x0, x1 in _runs(cols, max_gap):
        if x0 <= anchor < x1:
            return x0, x1
    return None


def _overlaps(line: TextLine, box: tuple[float, float, float, float]) -> bool:
    """Whether `line` lies on the strip `box`: most of the shorter height shared, and some
    width."""
    lx0, ly0, lx1, ly1 = line.box
    x0, y0, x1, y1 = box
    shared = min(ly1, y1) - max(ly0, y0)
    return shared > 0.5 * min(ly1 - ly0, y1 - y0) and min(lx1, x1) > max(lx0, x0)


def _letters(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


#: a strip is read several ways: from each view, cut with these margins above and below
#: (shares of its height), and once at this scale
_PADS = (0.15, 0.0, 0.35)
_SMALLER = 0.7
#: the score of a strip the ways did not all read alike: under the checks' MIN_CONFIDENCE,
#: so the value goes to a reviewer. Under a seal a stroke of a numeral is easily lost
#: (二〇二三 read 二〇二二, 二十七 read 二十), and one way's read alone is no proof.
_UNSURE = 0.5


def _agreed(recognizer: LineRecognizer, images: tuple[np.ndarray, ...],
            box: tuple[int, int, int, int]) -> tuple[str, float, tuple[str, ...]]:
    """The strip's text as most ways read it (dates compared as dates: 二二四年 is
    二〇二四年), with the mean score of those reads when every way agreed, else
    `_UNSURE` at most and what the other ways read with a fair score; ("", 0, ()) when no
    way read it with a fair score."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    crops = [im[max(0, y0 - int(p * h)):y1 + int(p * h), x0:x1] for im in images for p in _PADS]
    crops.append(cv2.resize(crops[0], None, fx=_SMALLER, fy=_SMALLER,
                            interpolation=cv2.INTER_AREA))
    reads = [(t.strip(), float(sc)) for t, sc in recognizer.recognize(crops)]
    keys = [_key(t) if t and sc >= _MIN_SCORE else None for t, sc in reads]
    counts = Counter(k for k in keys if k is not None)
    if not counts:
        return "", 0.0, ()
    supports = {k: _support(k, reads, keys) for k in counts}
    key = max(counts, key=lambda k: supports[k])
    n, (text, agreeing) = supports[key][0], _reads_of(key, reads, keys)
    score = float(np.mean([sc for _, sc in agreeing]))
    if n == len(reads) or _lost_not_contradicted(key, n, keys):
        return text, score, ()
    others = tuple(dict.fromkeys(t for (t, _), k in zip(reads, keys, strict=True)
                                 if k is not None and k != key))
    return text, min(score, _UNSURE), others


def _reads_of(key: object, reads: list[tuple[str, float]], keys: list[object | None],
              ) -> tuple[str, list[tuple[str, float]]]:
    """The surest text read as `key`, and every read that was."""
    agreeing = [r for r, k in zip(reads, keys, strict=True) if k == key]
    return max(agreeing, key=lambda r: r[1])[0], agreeing


def _support(key: object, reads: list[tuple[str, float]], keys: list[object | None],
             ) -> tuple[int, int]:
    """How many ways speak for `key`: those that read it and, for a date, those that saw
    the same date less well (a numeral blurred to no digit, a digit lost); then how many
    read it exactly, to break a tie."""
    text, agreeing = _reads_of(key, reads, keys)
    more = 0
    if isinstance(key, tuple):
        more = sum(1 for k in keys if isinstance(k, str) and (
            _one_character_off(k, text) or _lost_digits(k, text)))
    return len(agreeing) + more, len(agreeing)


def _one_character_off(read: str, text: str) -> bool:
    """A read of a date's strip that is the date but for one character, and so no date
    (202百年08月17日, 七月二秒九日): the way saw the same date with one stroke under the
    star blurred or a speck read as a character, which speaks for the date, not against it
    (a numeral read otherwise would make another date)."""
    return Levenshtein.distance(read, text) == 1


def _lost_digits(read: str, text: str) -> bool:
    """A read of a date's strip that is the date with a numeral or two (`_LOST`) lost, none
    read otherwise (202年08月17日 for 2026年08月17日: the last digit under the star's point;
    〇一年 for 二〇二一年)."""
    return nz.numerals_lost(read, text, _LOST)


def _lost_not_contradicted(key: object, n: int, keys: list[object | None]) -> bool:
    """What most ways read, where every other way read less: those lost the fill (the
    lifted view takes a fill printed as grey as the seal with it), they read nothing else.
    A date is contradicted by a way that read another date; a text by one that read
    another date or a text nearly as long (a character read otherwise, not lost)."""
    if 2 * n <= len(keys):
        return False
    others = [k for k in keys if k is not None and k != key]
    if isinstance(key, tuple):
        return not any(isinstance(k, tuple) for k in others)
    return all(isinstance(k, str) and _letters(k) <= _letters(str(key)) - _LOST
               for k in others)


#: a read this many characters shorter than another lost them, it did not misread them
_LOST = 2


def _key(text: str) -> object:
    """What two reads of a strip must share to agree: its dates, if it holds any (a
    numeral the seal hid and the year's rule restored reads alike), else its text."""
    dates = [d for d, _ in nz.find_dates(text)]
    return tuple(dates) if dates else text


def _holds_more(text: str, score: float, on: list[TextLine]) -> bool:
    """Whether the strip's read should stand for the detector's lines on it: it holds
    more characters than they do, and either it is sure or it holds what they read (昌市…
    where the strip reads 宜昌市…: an unsure whole beats a sure piece, and goes to review)."""
    if _letters(text) <= sum(_letters(ln.text) for ln in on):
        return False
    joined = "".join(ln.text for ln in sorted(on, key=lambda ln: ln.box[0]))
    if score >= _MIN_SCORE:
        return True
    if nz.find_dates(joined) and not nz.find_dates(text):
        return False  # the pieces make a date the unsure strip does not (04月128日)
    return fuzz.partial_ratio(joined, text) >= _CONTAINS


#: how much of the detector's text an unsure strip must hold to stand for it (rapidfuzz
#: partial ratio)
_CONTAINS = 80


def read_under_seals(page: np.ndarray, ocr: OcrPage, engine: object,
                     lifted: np.ndarray | None = None,
                     marks: list[SealMark] | None = None) -> list[TextLine]:
    """The page's lines, those under a copy's dark seals read again as whole strips.

    `page` is the page the engine read (`ocr`), before its seals were lifted: a lift
    that took a pale seal out took thin print with it, and the recogniser reads the strip
    through the seal; `lifted`, the page as the engine read it, is one more view of each
    strip (a stroke one view loses, the other may keep). Only a grey copy is looked at, and only with an engine that
    recognises cut-out lines. A strip no line was found on is added; a strip's read
    replaces the detector's lines on it when it holds more (`_holds_more`) and none of
    them runs on well beyond the strip (a longer line the detector read whole is kept).
    `marks`: the seals already found on the upright page (found again when not given)."""
    recognizer = engine if isinstance(engine, LineRecognizer) else None
    if recognizer is None or not is_grey_copy(page):
        return ocr.lines
    image = upright(page, ocr.rotation, ocr.skew)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    marks = find_grey_seal_marks(image) if marks is None else marks
    strips = [s for m in marks for s in seal_line_strips(gray, m, ocr.lines)]
    if not marks:
        return ocr.lines
    views = (image,) if lifted is None or lifted is page else (
        image, upright(lifted, ocr.rotation, ocr.skew))
    reads = [_agreed(recognizer, views, box) for box in strips]
    under = _dates_under(strips, [(t, sc) for t, sc, _ in reads], ocr.lines, recognizer, views)
    out = list(ocr.lines)
    for box, (text, score, others) in zip(strips, reads, strict=True):
        if not text.strip():
            continue
        on = [ln for ln in out if _overlaps(ln, box)]
        height = box[3] - box[1]
        if any(ln.box[0] < box[0] - height or ln.box[2] > box[2] + height for ln in on):
            continue
        if on and not _holds_more(text, score, on):
            continue
        out = [ln for ln in out if ln not in on]
        bx0, by0, bx1, by1 = (float(v) for v in box)
        out.append(TextLine(text=text, box=(bx0, by0, bx1, by1), score=float(score),
                            alternatives=others))
    out = _doubt_dates_under(marks, out, ocr.lines, recognizer, views) + under
    for line in _scan_seals(marks, out, recognizer, views):
        on = [ln for ln in out if _overlaps(ln, line.box)
              and line.box[0] <= (ln.box[0] + ln.box[2]) / 2 <= line.box[2]]
        sure = [ln for ln in on if ln.score >= _MIN_SCORE]  # 上海新市新市管理局 at 0.26: junk
        if not sure or _holds_more(line.text, line.score, sure):  # 北京布生健康委员会 replaced
            out = [ln for ln in out if ln not in on] + [line]
    return out


#: where a date is looked for under a strip's line: cut this many of its heights tall,
#: from these shares of its height below its bottom (a date printed a line pitch under the
#: issuer, its top somewhere in the gap)
_DATE_STRIP = 1.3
_DATE_OFFSETS = (0.0, 0.2, 0.4)
#: …and reported as read when at least this many reads made it, and none another date
_DATE_READS = 2


def _dates_under(strips: list[tuple[int, int, int, int]], reads: list[tuple[str, float]],
                 detected: Sequence[TextLine], recognizer: LineRecognizer,
                 views: tuple[np.ndarray, ...]) -> list[TextLine]:
    """The date printed right under a strip's line (the issue date under the issuer), when
    nothing at all was boxed there: a pale seal's lift took the date's thin fill with it
    and no ink beside the ring marked its line (二〇二三年三月三日, inside the ring end to
    end). Read from each view at a few offsets; a line only when the reads make a date, at
    a score under the checks' threshold unless every read that made a date, and more than
    one, made this one."""
    out = []
    for (x0, y0, x1, y1), (text, score) in zip(strips, reads, strict=True):
        h = y1 - y0
        below = (x0, y1, x1, int(y1 + (_DATE_OFFSETS[-1] + _DATE_STRIP) * h))
        if score < _MIN_SCORE or nz.find_dates(text) or any(
                min(ln.box[3], below[3]) > max(ln.box[1], below[1])
                and min(ln.box[2], below[2]) > max(ln.box[0], below[0]) for ln in detected):
            continue  # no line read, a date already, or something boxed under it
        boxes = [(x0, int(y1 + t * h), x1, int(y1 + (t + _DATE_STRIP) * h))
                 for t in _DATE_OFFSETS]
        cut = [(im[b[1]:b[3], b[0]:b[2]], b) for im in views for b in boxes]
        cut = [(crop, b) for crop, b in cut if crop.size]  # a box past the page's foot
        seen = recognizer.recognize([crop for crop, _ in cut])
        dated = [(tuple(d for d, _ in found), t.strip(), float(sc), b)
                 for (t, sc), (_, b) in zip(seen, cut, strict=True)
                 if sc >= _MIN_SCORE and len(found := nz.find_dates(t)) == 1]
        if not dated:
            continue
        key = Counter(k for k, *_ in dated).most_common(1)[0][0]
        agreeing = [(t, sc, b) for k, t, sc, b in dated if k == key]
        t, _, b = max(agreeing, key=lambda r: r[1])
        mean = float(np.mean([sc for _, sc, _ in agreeing]))
        # a view that lost the fill reads no date and says nothing; one read is no proof
        sure = len(agreeing) == len(dated) >= _DATE_READS
        out.append(TextLine(text=t, box=tuple(float(v) for v in b),  # type: ignore[arg-type]
                            score=mean if sure else min(mean, _UNSURE)))
    return out


def _doubt_dates_under(marks: list[SealMark], lines: list[TextLine],
                       detected: Sequence[TextLine], recognizer: LineRecognizer,
                       views: tuple[np.ndarray, ...]) -> list[TextLine]:
    """A date the detector read whole across a copy's seal, read again from each view: a
    numeral under the star is easily misread (2025年04月 read 01月, 二〇二六 read 二〇二二),
    and a view that reads another date makes it unsure (to review) rather than reported
    as read. A view that reads no date at all lost the fill, and says nothing."""
    out = []
    boxed = {id(ln) for ln in detected}
    for ln in lines:
        dates = {d for d, _ in nz.find_dates(ln.text)}
        if not dates or ln.score < _MIN_SCORE or id(ln) not in boxed or not any(
                _crosses(ln.box, m) for m in marks):
            out.append(ln)
            continue
        x0, y0, x1, y1 = (int(v) for v in ln.box)
        pad = int(_PADS[0] * (y1 - y0))
        crops = [im[max(0, y0 - pad):y1 + pad, max(0, x0):x1] for im in views]
        reads = recognizer.recognize([c for c in crops if c.size])
        other = {d for t, sc in reads if sc >= _MIN_SCORE for d, _ in nz.find_dates(t)}
        if other - dates:
            ln = TextLine(text=ln.text, box=ln.box, score=min(ln.score, _UNSURE))
        out.append(ln)
    return out


def _crosses(box: tuple[float, float, float, float], mark: SealMark) -> bool:
    """The box reaches inside the seal's ring."""
    nx = min(max(mark.cx, box[0]), box[2])
    ny = min(max(mark.cy, box[1]), box[3])
    return bool(np.hypot(nx - mark.cx, ny - mark.cy) < mark.radius)


#: where the issuer's line is looked for when nothing marked it: rows from this share of the
#: seal's radius above its centre to as far below, every third of a line height, each cut
#: a line and a third tall and as wide as the ring and a little more either side
_SCAN_SPAN, _SCAN_STEP, _SCAN_HEIGHT, _SCAN_WIDTH = 0.8, 1 / 3, 1.3, 1.3
#: lines of the page whose height is the body text's: read surely and this long
_BODY_SCORE, _BODY_LETTERS = 0.9, 4
#: the authority's name needs this many reads of it to be reported as read
_SCAN_READS = 2


def _scan_seals(marks: list[SealMark], lines: list[TextLine], recognizer: LineRecognizer,
                views: tuple[np.ndarray, ...]) -> list[TextLine]:
    """The issuer's line under a dark seal no line of the page was found on: printed about
    as wide as the ring, it leaves no ink beside it to mark its row, and the detector sees
    one blot. Rows across the ring are read one under another; reads that name an
    authority (after the repairs of one slip) give its line, and reads that make a date
    give the date's when nothing there was read as one. Each is reported as read when
    another row read the same and none another, else at a score under the checks'
    threshold."""
    heights = [ln.box[3] - ln.box[1] for ln in lines
               if ln.score >= _BODY_SCORE and _letters(ln.text) >= _BODY_LETTERS]
    if not heights:
        return []
    h = float(np.median(heights))
    out = []
    for mark in marks:
        if _issuer_near(mark, lines):
            continue
        rows = []
        y = mark.cy - _SCAN_SPAN * mark.radius
        while y <= mark.cy + _SCAN_SPAN * mark.radius:
            crop = views[0][int(max(0.0, y - _SCAN_HEIGHT * h / 2)):int(y + _SCAN_HEIGHT * h / 2),
                            int(max(0.0, mark.cx - _SCAN_WIDTH * mark.radius)):
                            int(mark.cx + _SCAN_WIDTH * mark.radius)]
            if crop.size:
                rows.append((y, crop))
            y += _SCAN_STEP * h
        reads = recognizer.recognize([crop for _, crop in rows])
        named: list[tuple[object, float, float, str]] = []
        dated: list[tuple[object, float, float, str]] = []
        for (y, _), (text, score) in zip(rows, reads, strict=True):
            if score < _MIN_SCORE:
                continue
            if (name := _authority(text)) is not None:
                named.append((name, float(score), y, text))
            elif len(found := nz.find_dates(text)) == 1:
                dated.append((found[0][0], float(score), y, text))
        issuer = _agreed_row(named, mark, h, lambda name, _: str(name))
        if issuer is None:
            continue
        out.append(issuer)
        if not _date_near(mark, lines):
            date = _agreed_row([d for d in dated if d[2] > issuer.box[3]], mark, h,
                               lambda _, text: text)
            out.extend([date] if date is not None else [])
    return out


def _agreed_row(found: Sequence[tuple[object, float, float, str]], mark: SealMark, h: float,
                text_of: Callable[[object, str], str]) -> TextLine | None:
    """The line the rows' reads (key, score, row's centre, text) agree on most: its surest
    read, at the centre row of those that agree, a line tall; sure when two or more agree
    and none read another key."""
    if not found:
        return None
    key, n = Counter(k for k, _, _, _ in found).most_common(1)[0]
    agreeing = [(sc, y, t) for k, sc, y, t in found if k == key]
    score = float(np.mean([sc for sc, _, _ in agreeing]))
    if n < _SCAN_READS or n < len(found):
        score = min(score, _UNSURE)
    y = float(np.median([y for _, y, _ in agreeing]))
    text = text_of(key, max(agreeing)[2])
    return TextLine(text=text, box=(mark.cx - _SCAN_WIDTH * mark.radius, y - h / 2,
                                    mark.cx + _SCAN_WIDTH * mark.radius, y + h / 2), score=score)


def _near(mark: SealMark, box: tuple[float, float, float, float]) -> bool:
    """The box lies across or beside the seal."""
    r = mark.radius
    x0, y0, x1, y1 = box
    return not (x1 < mark.cx - 2 * r or x0 > mark.cx + 2 * r or y1 < mark.cy - 1.5 * r
                or y0 > mark.cy + 1.5 * r)


def _date_near(mark: SealMark, lines: Sequence[TextLine]) -> bool:
    """A line across or beside the seal already reads as a date."""
    return any(_near(mark, ln.box) and nz.find_dates(ln.text) for ln in lines)


def _issuer_near(mark: SealMark, lines: Sequence[TextLine]) -> bool:
    """A line across or beside the seal already names an authority."""
    return any(_near(mark, ln.box) and any(w in ln.text for w in ISSUER_SUFFIXES)
               for ln in lines)


def _authority(text: str) -> str | None:
    """The authority a row under a seal names, read as it is or with one slip repaired
    (上海市卫健康委员会: 生 lost under the star), up to the end of its own words (an arc
    text's character read after it is no part of it); None for anything else (the arc
    text alone, a date, a piece of a name)."""
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    for start in range(len(han)):  # a label or a speck before the name
        cand = han[start:]
        # a place's repair keeps the authority's words as read: none read, none to repair by
        # (and it walks the whole gazetteer)
        placed = repair_place(cand, ISSUER_SUFFIXES) if any(
            w in cand for w in ISSUER_SUFFIXES) else None
        names = [_named(c) for c in (cand, repair_suffix(cand, ISSUER_SUFFIXES), placed) if c]
        if any(names):  # the longest: 卫生健康委员会 repaired over 卫生健康委 as read
            return max((n for n in names if n), key=len)
    return None


def _named(text: str) -> str | None:
    """Places and the authority's words at the start of `text`, up to their end."""
    if not reads_through(text, ISSUER_SUFFIXES):
        return None
    place = sum(len(d.name) for d in issuer_division(text))
    return text[:place] + max((w for w in ISSUER_SUFFIXES if text[place:].startswith(w)), key=len)
