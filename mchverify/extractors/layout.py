"""Group upright text lines into rows of cells, the unit label/value parsing works on.

Besides plain grouping by height, two things real scans need: a value printed into a blank
in another pass (a printer's fill) is often misregistered a few millimetres off its printed
line, and bilingual blanks print a second script that the Chinese recogniser reads as junk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mchverify.extractors.field_specs import DOC_SPECS, OTHER_LABELS
from mchverify.schemas.extraction import TextLine
from mchverify.schemas.types import BBox

__all__ = ["Cell", "Row", "group_rows", "starts_with_label", "union_box"]

#: Scripts printed beside the Chinese on bilingual blanks (Uyghur/Kazakh in Arabic script,
#: Tibetan, Mongolian, Korean) and kana a recogniser answers them with: never part of a value.
OTHER_SCRIPTS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"  # Hebrew, Arabic and their presentation forms
    "\u0f00-\u0fff"  # Tibetan
    "\u1800-\u18af\u11a0-\u11ff"  # Mongolian, Hangul jamo (extended)
    "\u1100-\u119f\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\u3040-\u30fa\u30fc-\u30ff]"  # kana, but not the katakana middle dot of names (U+30FB)
)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LETTER = re.compile("[A-Za-z]")
#: Below this score a short line is what the recogniser made of a seal fragment or of the
#: other script (measured: Uyghur, Tibetan and Hangul lines read at 0.10–0.60, real print
#: at 0.76–1.00 even under a seal).
JUNK_SCORE = 0.5
#: A fill printed off its line sits at most this many line heights from it; rows of a
#: blank are further apart than that.
FILL_SHIFT = 1.0


@dataclass(frozen=True)
class Cell:
    """One text line as a cell of a row; `text` has all whitespace removed (CJK needs none)."""

    text: str
    raw: str
    box: BBox
    score: float
    page: int
    #: other reads of the same strip that disagreed with `raw` (`TextLine.alternatives`)
    alternatives: tuple[str, ...] = ()


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.box[1] for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.box[3] for c in self.cells)

    @property
    def height(self) -> float:
        return sorted(c.box[3] - c.box[1] for c in self.cells)[len(self.cells) // 2]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.cells)


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _compact(text: str) -> str:
    """No whitespace, simplified characters: OCR sometimes answers a simplified glyph with its
    traditional form (證 for 证, 粵 for 粤); mainland documents print simplified only."""
    return _t2s()("".join(text.split()))


def _chinese(text: str) -> str:
    """The text without the characters of a bilingual blank's second script."""
    return OTHER_SCRIPTS.sub("", text)


def is_junk(text: str, score: float) -> bool:
    """What the Chinese recogniser makes of another script or a seal fragment: Latin letters
    with hardly a digit (no certificate number or ID reads so), or a short unsure line."""
    if not _HAN.search(text) and _LETTER.search(text) and sum(ch.isdigit() for ch in text) < 3:
        return True
    return score < JUNK_SCORE and len(text) <= 4


def group_rows(lines: list[TextLine], page: int = 1) -> list[Row]:
    """Rows top to bottom, cells left to right: a line joins a row it overlaps by half its
    height; then misregistered fills join the printed line they were meant for."""
    cells = []
    for ln in lines:
        raw = _chinese(ln.text)
        text = _compact(raw)
        if text and not is_junk(text, ln.score):
            cells.append(Cell(text=text, raw=raw, box=ln.box, score=ln.score, page=page,
                              alternatives=ln.alternatives))
    cells = _drop_rulings(cells)
    cells.sort(key=lambda c: (c.box[1] + c.box[3]) / 2)
    rows: list[Row] = []
    for cell in cells:
        cy0, cy1 = cell.box[1], cell.box[3]
        best, best_overlap = None, 0.0
        for row in rows[-3:]:
            ry0, ry1 = _row_band(row)
            overlap = min(cy1, ry1) - max(cy0, ry0)
            frac = overlap / max(1.0, min(cy1 - cy0, ry1 - ry0))
            if frac > best_overlap:
                best, best_overlap = row, frac
        if best is not None and best_overlap >= 0.5:
            best.cells.append(cell)
        else:
            rows.append(Row(cells=[cell]))
    for row in rows:
        row.cells.sort(key=lambda c: c.box[0])
        row.cells = _trim_overlaps(row.cells)
    rows.sort(key=lambda r: r.top)
    rows = _fill_date_blanks(rows)
    return _move_shifted_cells(_join_shifted_fills(rows))


#: a cell ending in a whole year (four digits), and one beginning with one digit and 年:
#: no year has five digits, so a digit under the two boxes' overlap is the year's last
#: read twice (the second time often misread: 2028 | 3年)
_YEAR_END = re.compile(r"(?<![0-9])[0-9]{4}$")
_LONE_YEAR_DIGIT = re.compile(r"[0-9]年")


def _trim_overlaps(cells: list[Cell]) -> list[Cell]:
    """Characters two neighbouring boxes both read: the detector sometimes cuts a line again
    where a shifted fill touches the printed text (…至2019年06月12 | 2日), and the
    character under the overlap comes out twice (…月122日). Drop it from the second cell
    when the overlap is at least half a character and the first cell ends with it."""
    out = cells[:1]
    for cell in cells[1:]:
        prev = out[-1]
        overlap = prev.box[2] - cell.box[0]
        width = (cell.box[2] - cell.box[0]) / max(1, len(cell.text))
        k = round(overlap / width) if overlap > 0 and width > 0 else 0
        if k == 0 and overlap >= 0.3 * width and _YEAR_END.search(prev.text) \
                and _LONE_YEAR_DIGIT.match(cell.text):
            k = 1  # 2028 | 3年03月20日: the 8 read again, and misread, under the overlap
        if 1 <= k < len(cell.text) and (prev.text.endswith(cell.text[:k]) or k == 1 and (
                _YEAR_END.search(prev.text) and _LONE_YEAR_DIGIT.match(cell.text))) \
                and cell.raw.replace(" ", "").startswith(cell.text[:k]):
            x0 = cell.box[0] + k * width
            cell = Cell(text=cell.text[k:], raw=cell.raw.replace(" ", "")[k:],
                        box=(x0, cell.box[1], cell.box[2], cell.box[3]), score=cell.score,
                        page=cell.page)
        out.append(cell)
    return out


def _drop_rulings(cells: list[Cell]) -> list[Cell]:
    """Drop a table's ruling lines read as text: one or two characters (□, 口, 1) in a box
    several text lines tall. Left in, one such box would chain the rows it spans into one."""
    if len(cells) < 3:
        return cells
    # the text line's height from cells of real text: a border ornament read as a column of
    # tiny marks (<, X) would otherwise make every one- or two-character label look tall
    texts = [c for c in cells if len(c.text) > 2] or cells
    heights = sorted(c.box[3] - c.box[1] for c in texts)
    line = heights[len(heights) // 2]
    return [c for c in cells if len(c.text) > 2 or c.box[3] - c.box[1] <= 3.0 * line]


def _row_band(row: Row) -> tuple[float, float]:
    """The row's vertical band: medians resist one tall cell (a title, a seal) stretching it;
    with an even count, the inner of the two middle values, so the band never grows by one."""
    tops = sorted(c.box[1] for c in row.cells)
    bottoms = sorted(c.box[3] for c in row.cells)
    return tops[len(tops) // 2], bottoms[(len(bottoms) - 1) // 2]


def _mid(row: Row) -> float:
    top, bottom = _row_band(row)
    return (top + bottom) / 2


# -- misregistered fills ---------------------------------------------------------------------
@lru_cache(maxsize=1)
def _labels() -> tuple[frozenset[str], int]:
    """Every label of every type (and the labels of no field), and the longest's length."""
    labels = {lb for specs in DOC_SPECS.values() for s in specs for lb in s.labels}
    labels.update(OTHER_LABELS)
    return frozenset(labels), max(len(lb) for lb in labels)


#: A blank's printed characters a date fill goes after (自 2012 年 07 月 17 日 至 …)…
_BEFORE_FILL = "自至起年月日:："
#: …and before.
_AFTER_FILL = "年月日"


def _opens_blank(text: str) -> bool:
    """The printed text ends where a value is filled in: a label, a colon, a date blank's
    自 / 年 / 月, or a spaced label's last character(s) (登记 | 号)."""
    if text[-1:] and text[-1] in _BEFORE_FILL:
        return True
    labels, longest = _labels()
    if any(text[-k:] in labels for k in range(2, min(longest, len(text)) + 1)):
        return True
    return len(text) <= 2 and any(lb.endswith(text) for lb in labels)


def _in_blank(cell: Cell, printed: Row) -> bool:
    """The cell lands in a hole of the printed line: right after a label or a date blank's
    character, or right before a date blank's 年 (the year of 　　年　　月　　日)."""
    left = [c for c in printed.cells if c.box[0] < cell.box[0]]
    right = [c for c in printed.cells if c.box[0] >= cell.box[0]]
    if left and _opens_blank(left[-1].text):
        return True
    return bool(right) and right[0].text[:1] in _AFTER_FILL


def _fills(fill: Row, printed: Row) -> bool:
    """Every cell of `fill` sits in a gap of `printed` (touching a printed character is
    allowed) and in a hole a value is filled into: a wrapped line or the other column of a
    sheet set half a line off is no fill."""
    slack = 0.5 * min(fill.height, printed.height)
    return all(
        all(cf.box[2] - slack <= cp.box[0] or cp.box[2] - slack <= cf.box[0]
            for cp in printed.cells) and _in_blank(cf, printed)
        for cf in fill.cells)


def _join_shifted_fills(rows: list[Row]) -> list[Row]:
    """Join neighbouring rows less than FILL_SHIFT line heights apart whose cells interleave:
    a value printed a few millimetres off its label's line, or a date's digits off the
    printed 年 月 日. The closest pair first, so a fill joins the line it is nearer to."""
    rows = list(rows)
    while True:
        best: tuple[float, int] | None = None
        for i in range(len(rows) - 1):
            a, b = rows[i], rows[i + 1]
            if a.cells[0].page != b.cells[0].page:
                continue
            shift = abs(_mid(a) - _mid(b)) / max(1.0, min(a.height, b.height))
            if shift <= FILL_SHIFT and (_fills(a, b) or _fills(b, a)) and (
                    best is None or shift < best[0]):
                best = (shift, i)
        if best is None:
            return rows
        i = best[1]
        rows[i] = Row(cells=sorted(rows[i].cells + rows[i + 1].cells, key=lambda c: c.box[0]))
        del rows[i + 1]


def _move_shifted_cells(rows: list[Row]) -> list[Row]:
    """Move a single misregistered fill to the printed line it was meant for when the rest
    of its row is something else: on a booklet spread the left page's line (中华人民共和国)
    shares the height of the right page's fill, so the rows cannot be joined whole."""
    for i in range(len(rows) - 1):
        for a, b in ((rows[i], rows[i + 1]), (rows[i + 1], rows[i])):
            if len(a.cells) < 2 or a.cells[0].page != b.cells[0].page:
                continue
            for cell in list(a.cells):
                rest = Row(cells=[c for c in a.cells if c is not cell])
                height = max(1.0, min(cell.box[3] - cell.box[1], b.height))
                shift = abs((cell.box[1] + cell.box[3]) / 2 - _mid(b)) / height
                if shift <= FILL_SHIFT and not _in_near_blank(cell, rest) \
                        and not starts_with_label(cell.text) and not _ends_label(cell, rest) \
                        and _fills(Row(cells=[cell]), b):
                    a.cells.remove(cell)
                    b.cells.append(cell)
                    b.cells.sort(key=lambda c: c.box[0])
    return [r for r in rows if r.cells]


def _ends_label(cell: Cell, row: Row) -> bool:
    """The cell begins with the rest of a spaced label whose first character is the cell
    left of it (姓 | 名：于婷): a label's line, not a fill (a 照片 box half a line lower on
    a booklet spread took 名：于婷, and the name was lost)."""
    left = [c for c in row.cells if c.box[2] <= cell.box[0] + 0.5 * (cell.box[3] - cell.box[1])]
    return bool(left) and starts_with_label(max(left, key=lambda c: c.box[2]).text + cell.text)


def _in_near_blank(cell: Cell, row: Row) -> bool:
    """The cell fills a blank of `row` that it stands near (a few line heights off): a
    blank's 日 far left of it on a spread's other page is not its own."""
    h = cell.box[3] - cell.box[1]
    near = [c for c in row.cells if c.box[2] > cell.box[0] - _NEAR * h and c.box[0] < cell.box[2]
            + _NEAR * h]
    return bool(near) and _in_blank(cell, Row(cells=near))


#: how far (line heights) a blank's printed characters stand from the fill they frame
_NEAR = 3.0


def starts_with_label(text: str) -> bool:
    """The text begins with a label of its own (性别男): a line, not a fill."""
    labels, longest = _labels()
    return any(text[:k] in labels for k in range(2, min(longest, len(text)) + 1))


#: Labels that hold 年/月/日 themselves: not a blank's empty date.
_DATE_WORD_LABELS = re.compile("出生年月日|出生年月|年月日期")
#: An empty printed date: 年 月 (日) with no digit before any of them.
_EMPTY_DATE = re.compile("(?<![0-9〇零一二三四五六七八九十])年月日?")
_DIGITS = re.compile("[0-9]+")
#: A date's digits read as a line of their own sit at most this many line heights off the
#: printed 年 月 日 (measured: a whole line above or below when the fill does not touch it).
_DIGITS_SHIFT = 1.5
#: How many digits each slot of a printed date takes.
_SLOT_DIGITS = {"年": (4, 4), "月": (1, 2), "日": (1, 2)}


def _empty_slots(text: str) -> list[int]:
    """Positions of the 年/月/日 of empty printed dates in a row's text."""
    masked = _DATE_WORD_LABELS.sub(lambda m: "#" * len(m.group()), text)
    return [m.start() + k for m in _EMPTY_DATE.finditer(masked) for k in range(len(m.group()))]


def _digit_groups(cell: Cell) -> list[str] | None:
    """The digit groups of a fill read on its own (2012 07 17), or None for anything else."""
    groups = cell.raw.split()
    return groups if groups and all(_DIGITS.fullmatch(g) for g in groups) else None


def _fill_date_blanks(rows: list[Row]) -> list[Row]:
    """Put a fill's digits into the printed 年 月 日 they belong to when OCR read them as a
    line of their own, above, below or across the blank (2012 07 17 2027 07 16)."""
    for i, row in enumerate(rows):
        slots = _empty_slots(row.text)
        if not slots:
            continue
        starts = list(_starts(row))
        skel = [c for c, s in zip(row.cells, starts, strict=True)
                if any(s <= p < s + len(c.text) for p in slots)]
        x0, x1 = skel[0].box[0], skel[-1].box[2]
        line = min(c.box[3] - c.box[1] for c in skel)
        mid = _mid(row)
        fills = [(r, c) for r in rows[max(0, i - 1): i + 2] for c in r.cells
                 if c not in skel and c.page == row.cells[0].page
                 and _digit_groups(c) is not None
                 and abs((c.box[1] + c.box[3]) / 2 - mid) <= _DIGITS_SHIFT * line
                 and x0 - line <= (c.box[0] + c.box[2]) / 2 <= x1 + line]
        fills.sort(key=lambda rc: rc[1].box[0])
        groups = [g for _, c in fills for g in _digit_groups(c) or []]
        text = row.text
        if len(groups) != len(slots) or not all(
                lo <= len(g) <= hi for g, p in zip(groups, slots, strict=True)
                for lo, hi in [_SLOT_DIGITS[text[p]]]):
            continue
        _put_fill(row, skel, fills, groups, slots, starts)
    return [r for r in rows if r.cells]


def _starts(row: Row) -> list[int]:
    pos, out = 0, []
    for cell in row.cells:
        out.append(pos)
        pos += len(cell.text)
    return out


def _put_fill(row: Row, skel: list[Cell], fills: list[tuple[Row, Cell]], groups: list[str],
              slots: list[int], starts: list[int]) -> None:
    """Replace the blank's cells by one cell of the filled text; take the fills off their rows."""
    first = starts[row.cells.index(skel[0])]
    text = "".join(c.text for c in skel)
    at = {p - first: g for p, g in zip(slots, groups, strict=True)}
    filled = "".join(at.get(k, "") + ch for k, ch in enumerate(text))
    cells = skel + [c for _, c in fills]
    merged = Cell(text=filled, raw=filled, box=union_box(cells),
                  score=min(c.score for c in cells), page=skel[0].page)
    k = row.cells.index(skel[0])
    row.cells[k:k + len(skel)] = [merged]
    for r, c in fills:
        if c in r.cells:
            r.cells.remove(c)


def union_box(cells: list[Cell]) -> BBox:
    """Smallest box holding every cell."""
    return (
        min(c.box[0] for c in cells),
        min(c.box[1] for c in cells),
        max(c.box[2] for c in cells),
        max(c.box[3] for c in cells),
    )
