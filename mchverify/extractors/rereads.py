"""Dates the recogniser read with numerals lost to the detector's box, read again from
wider crops.

- A printer's fill is often misregistered: shifted up or down against the blank's printed
  年 月 日 (formats.md), so the box, fitted to the printed characters, cuts the tops or
  feet off the digits, and one is lost (2014年0月22日 for 2014年05月22日: no month, no
  date). The recogniser reads the line whole from a crop with room above and below.
- A date in Chinese numerals under a seal often loses its year's first numerals: the
  detector leaves 二 and 〇 (two strokes, a ring) outside the box (年八月十九日), further
  than the engine's own second look reaches. A crop reaching as far left as they took
  finds them.

One read is no proof: a line is read from a few crops (margins, and the page before and
after its seal was lifted), and a date taken when the reads agree on it and it holds every
numeral the first read had, in order; reads that agree on no date leave the line as it
was, and reads of two dates send it to review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from rapidfuzz.distance import Levenshtein

from mchverify.extractors import normalize as nz
from mchverify.extractors.ocr.base import LineRecognizer
from mchverify.schemas.extraction import TextLine

__all__ = ["reread_broken_dates"]

#: (above and below, left and right) margins of the crops, in line heights
_MARGINS = ((0.0, 0.0), (0.2, 0.1), (0.35, 0.2))
#: a line is a broken date when it holds more dates' marks than dates (年 … 月 … 日 once
#: per date) and digits
_DATE_MARKS = re.compile(r"年[^年]*?月[^年]*?日")
#: numerals the first read may have lost
_MOST_LOST = 2
#: a read that agrees with fewer than this many others is no proof: the line goes to
#: review at this score at most
_READS = 2
_UNSURE = 0.5


def reread_broken_dates(views: Callable[[], Sequence[np.ndarray]], lines: Sequence[TextLine],
                        recognizer: object) -> list[TextLine]:
    """`lines`, each that reads as a date with a numeral lost read again with wider crops
    from `views` (gives the page as the lines were read on it and other views of it; made
    only when a line needs them)."""
    if not isinstance(recognizer, LineRecognizer) or not any(
            _broken(ln.text) or _CUT_YEAR.fullmatch(_said(ln.text)) for ln in lines):
        return list(lines)
    pages = views()
    out = []
    for ln in lines:
        if _broken(ln.text):
            ln = _reread(ln, pages, recognizer)
            if _broken(ln.text):
                ln = _fill_band(ln, pages, recognizer)
        elif (cut := _CUT_YEAR.fullmatch(_said(ln.text))) is not None:
            ln = _year_from_left(ln, cut, pages, recognizer)
        out.append(ln)
    return out


def _said(text: str) -> str:
    """A line's text without the spaces the recogniser puts inside it."""
    return "".join(text.split())


def _crops(box: tuple[float, float, float, float], views: Sequence[np.ndarray],
           margins: Sequence[tuple[float, float, float]]) -> list[np.ndarray]:
    """The box cut from each view with each (above and below, left, right) margin, in
    line heights, within the page."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    out = []
    for view in views:
        height, width = view.shape[:2]
        for up, left, right in margins:
            crop = view[max(0, int(y0 - up * h)):min(height, int(y1 + up * h)),
                        max(0, int(x0 - left * h)):min(width, int(x1 + right * h))]
            if crop.size:
                out.append(crop)
    return out


#: a date in Chinese numerals, alone on its line, whose year lost numerals (年八月十九日,
#: 三年十二月十八日): the detector often leaves 二 and 〇 outside the box, above all under a
#: seal, and the engine's own second look reaches only a numeral or two further
_CN = "〇○零一二三四五六七八九"
_CUT_YEAR = re.compile(f"([{_CN}]{{0,3}})年([{_CN}十]{{1,3}}月[{_CN}十]{{1,3}}日)")
_FULL_YEAR = re.compile(f"([{_CN}]{{4}})年(.*)")
#: line heights a year's lost numeral takes, with its gap
_NUMERAL_WIDTH = 1.05


def _year_from_left(line: TextLine, cut: re.Match[str], views: Sequence[np.ndarray],
                    recognizer: LineRecognizer) -> TextLine:
    """The date with its year read from crops reaching as far left as the lost numerals
    took. A view that lifted a seal may have lifted thin strokes of the year with it (〇),
    and another may blur the rest (十九 read 九): the year is taken from the reads whose
    own rest of the date is the line's within one character, and the rest from the line."""
    kept, rest = cut.group(1), cut.group(2)
    x0, y0, x1, y1 = line.box
    lost = (4 - len(kept)) * _NUMERAL_WIDTH
    years = []
    for text, score in recognizer.recognize(
            _crops(line.box, views, [(up, lost, 0.3) for up in (0.1, 0.25)])):
        full = _FULL_YEAR.search(_said(text))
        if full is not None and full.group(1).endswith(kept) and Levenshtein.distance(
                full.group(2), rest) <= 1 and nz.find_dates(f"{full.group(1)}年{rest}"):
            years.append((_fold(full.group(1)), float(score)))
    if not years:
        return line
    year, score = _vote(years, line.score)
    return TextLine(text=f"{year}年{rest}", box=(max(0.0, x0 - lost * (y1 - y0)), y0, x1, y1),
                    score=score)


_K = TypeVar("_K")


def _vote(reads: Sequence[tuple[_K, float]], score: float) -> tuple[_K, float]:
    """The value most reads agree on, at their mean score (never above the line's `score`);
    at review's when fewer than `_READS` agree or another read saw something else."""
    key, n = Counter(k for k, _ in reads).most_common(1)[0]
    score = min(score, float(np.mean([sc for k, sc in reads if k == key])))
    if n < _READS or n < len(reads):
        score = min(score, _UNSURE)
    return key, score


def _fold(numerals: str) -> str:
    """A year's numerals as one spelling (○ and 零 for 〇): reads compared alike."""
    return numerals.replace("○", "〇").replace("零", "〇")


def _broken(text: str) -> bool:
    """More dates' marks than dates, and digits: a date with a numeral lost."""
    said = _said(text)
    marks = len(_DATE_MARKS.findall(said))
    return marks > 0 and any(ch.isdigit() for ch in said) and len(nz.find_dates(said)) < marks


def _reread(line: TextLine, views: Sequence[np.ndarray], recognizer: LineRecognizer,
            ) -> TextLine:
    """The line as the wider crops read it, when they agree on dates that hold its numerals."""
    first = _numerals(line.text)
    reads = []
    for text, score in recognizer.recognize(
            _crops(line.box, views, [(up, side, side) for up, side in _MARGINS])):
        said = _said(text)
        dates = tuple(d for d, _ in nz.find_dates(said))
        if dates and not _broken(said) and _holds(_numerals(said), first):
            reads.append((dates, said, float(score)))
    if not reads:
        return line
    key, n = Counter(k for k, _, _ in reads).most_common(1)[0]
    agreeing = [(t, sc) for k, t, sc in reads if k == key]
    text = max(agreeing, key=lambda r: r[1])[0]
    score = min(line.score, float(np.mean([sc for _, sc in agreeing])))
    if n < _READS or n < len(reads):
        score = min(score, _UNSURE)  # one read, or reads of other dates: to review
    return TextLine(text=text, box=line.box, score=score)


def _numerals(text: str) -> str:
    """The text's digits and Chinese numerals, in order."""
    return "".join(ch for ch in text if ch.isdigit() or ch in "〇零一二三四五六七八九十")


def _holds(read: str, first: str) -> bool:
    """`read` holds every numeral of `first` in order, and at most `_MOST_LOST` more."""
    rest = iter(read)
    return all(ch in rest for ch in first) and 0 < len(read) - len(first) <= _MOST_LOST


#: the bands of a line's box, and above or below it, a fill shifted up or down holds whole
#: with little of the blank's 年 月 日 (shares of the box's height from its top), and the
#: room left and right
_BANDS = ((-0.35, 0.55), (-0.2, 0.5), (0.0, 0.55), (0.45, 1.35), (0.5, 1.2), (0.45, 1.0))
_BAND_SIDE = 0.2
#: digits the band's read may read otherwise than the first read, as many of them (2023年
#: 13月12日 for 2022年12月12日: the small raised digits squeezed beside the tall marks; a
#: digit lost is `_reread`'s)
_BAND_MOST_OFF = 2
_DIGIT_GROUPS = re.compile(r"\d+")


def _fill_band(line: TextLine, views: Sequence[np.ndarray], recognizer: LineRecognizer,
               ) -> TextLine:
    """A date whose fill was printed off its blank's 年 月 日, read from the bands of its box
    the digits fill with little of the marks: shown the small digits beside the tall marks
    the recogniser misreads them (2023年13月12日), shown them alone it reads 2022 1212.
    Taken when the bands' reads agree on one date (their digits' groups, or their digits
    split into a year, a month and a day one way only) as many digits as the first read,
    all but one or two the same; to review when they agree on fewer than two reads or saw another date too."""
    first = "".join(ch for ch in line.text if ch.isdigit())
    x0, y0, x1, y1 = line.box
    h = y1 - y0
    crops = []
    for view in views:
        height, width = view.shape[:2]
        for top, bottom in _BANDS:
            crop = view[max(0, int(y0 + top * h)):min(height, int(y0 + bottom * h)),
                        max(0, int(x0 - _BAND_SIDE * h)):min(width, int(x1 + _BAND_SIDE * h))]
            if crop.size:
                crops.append(crop)
    reads: list[tuple[dt.date, float]] = []
    for text, score in recognizer.recognize(crops):
        groups = _DIGIT_GROUPS.findall(text)
        digits = "".join(groups)
        if len(digits) == len(first) and sum(a != b for a, b in zip(
                digits, first, strict=True)) <= _BAND_MOST_OFF and (
                (day := _band_day(groups)) is not None):
            reads.append((day, float(score)))
    if not reads:
        return line
    best, score = _vote(reads, line.score)
    return TextLine(text=f"{best.year}年{best.month:02}月{best.day:02}日", box=line.box,
                    score=score)


def _band_day(groups: list[str]) -> dt.date | None:
    """The date a band's digit groups spell: a year, a month and a day as three groups
    (2014 05 22, the marks between them misread or lost), or a year's four digits and a
    month and a day run together that split so one way only (20221212, 2022 1212; not
    2022112, 1月12日 or 11月2日)."""
    digits = "".join(groups)
    if len(groups) == 3 and len(groups[0]) == 4 and all(1 <= len(g) <= 2 for g in groups[1:]):
        splits = [(groups[1], groups[2])]
    elif 6 <= len(digits) <= 8 and len(groups[0]) in (4, len(digits)):
        rest = digits[4:]
        splits = [(rest[:k], rest[k:]) for k in (1, 2) if 1 <= len(rest) - k <= 2]
    else:
        return None
    year = int(digits[:4])
    found = set()
    for month, day in splits:
        try:
            found.add(dt.date(year, int(month), int(day)))
        except ValueError:
            continue
    return found.pop() if len(found) == 1 and _YEARS[0] <= year <= _YEARS[1] else None


#: the years a certificate of these types is dated in
_YEARS = (1949, 2049)
