"""Group upright text lines into rows of cells, the unit label/value parsing works on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mchverify.schemas.extraction import TextLine
from mchverify.schemas.types import BBox

__all__ = ["Cell", "Row", "group_rows", "union_box"]


@dataclass(frozen=True)
class Cell:
    """One text line as a cell of a row; `text` has all whitespace removed (CJK needs none)."""

    text: str
    raw: str
    box: BBox
    score: float
    page: int


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


def group_rows(lines: list[TextLine], page: int = 1) -> list[Row]:
    """Rows top to bottom, cells left to right: a line joins a row it overlaps by half its height."""
    cells = [
        Cell(text=_compact(ln.text), raw=ln.text, box=ln.box, score=ln.score, page=page)
        for ln in lines
        if _compact(ln.text)
    ]
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
    rows.sort(key=lambda r: r.top)
    return rows


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


def union_box(cells: list[Cell]) -> BBox:
    """Smallest box holding every cell."""
    return (
        min(c.box[0] for c in cells),
        min(c.box[1] for c in cells),
        max(c.box[2] for c in cells),
        max(c.box[3] for c in cells),
    )
