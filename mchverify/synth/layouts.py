"""Where things go: four page layouts for the same content.

- `table`: ruled label | value cells (2 or 4 columns), photo cell at the top right;
- `colon`: `label：value` rows, colons aligned or straight after the label;
- `spaced`: labels spread over a fixed width, values aligned to their right, no colon;
- `booklet`: an opened certificate booklet (landscape): title, photo and seal on the left
  page, rows on the right page.
Every layout ends with the issuer and the issue date under a red seal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

import qrcode

from mchverify.synth.content import Content, Row
from mchverify.synth.decor import BORDER_STYLES, FRAME_COLORS, PAPERS, add_background, add_border
from mchverify.synth.fonts import FontSet, text_width_mm
from mchverify.synth.page import (
    INK,
    Page,
    Photo,
    Polyline,
    Qr,
    Rect,
    Role,
    Seal,
    Text,
    pt_to_mm,
)

__all__ = ["LAYOUT_FAMILIES", "Composition", "back_page", "compose", "validation_page"]

LAYOUT_FAMILIES = ("table", "colon", "spaced", "booklet")
MIN_PT = 10.5  # smallest body text anywhere on a page
Family = Literal["table", "colon", "spaced", "booklet"]
Box = tuple[float, float, float, float]


@dataclass
class Composition:
    """The laid-out pages and the choices worth recording in the label's meta."""

    pages: list[Page]
    family: str
    variant: str
    wrapped: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


class _Ctx:
    """Fonts, the page being filled, and text measurement."""

    def __init__(self, page: Page, fonts: FontSet, rng: random.Random) -> None:
        self.page = page
        self.fonts = fonts
        self.rng = rng
        self.wrapped = False
        self.value_color = INK
        self.label_color = INK
        self.value_shift = (0.0, 0.0)  # form filled in by another printer: values slightly off
        self.field_pos: dict[str, tuple[float, float, float]] = {}  # field -> (x, y, width)

    def width(self, text: str, role: Role, size: float) -> float:
        return text_width_mm(self.fonts.face(role), text, size)

    def text(self, x: float, y: float, text: str, size: float, role: Role = "label",
             anchor: Literal["l", "m", "r"] = "l", fld: str | None = None) -> None:
        color = self.value_color if role == "value" else self.label_color
        if role == "value":
            x, y = x + self.value_shift[0], y + self.value_shift[1]
        self.page.items.append(Text(x, y, text, size, role, anchor, color, fld))

    def distributed(self, x0: float, x1: float, y: float, label: str, size: float) -> None:
        """Spread the label's characters from x0 to x1 (the 名　　称 look)."""
        chars = [c for c in label if not c.isspace()]
        if len(chars) == 1:
            self.text(x0, y, chars[0], size)
            return
        em = pt_to_mm(size)
        step = (x1 - x0 - em) / (len(chars) - 1)
        for i, ch in enumerate(chars):
            self.text(x0 + i * step, y, ch, size)

    def value(self, x: float, y: float, text: str, size: float, limit: float,
              fld: str | None, pitch: float, *, in_cell: bool = False) -> float:
        """Draw a value within `limit` mm: shrink a little, else wrap; returns extra height.

        In a table cell the two wrapped lines share the cell (returns 0); elsewhere the
        second line goes below and the caller moves on by the returned height.
        """
        role: Role = "value"
        w = self.width(text, role, size)
        s = size
        while w > limit and s > MIN_PT:
            s = max(MIN_PT, s - 0.5)
            w = self.width(text, role, s)
        if w <= limit:
            self.text(x, y, text, s, role, fld=fld)
            self._remember(fld, x, y, w)
            return 0.0
        # Wrap: as many characters as fit on the first line, the rest below.
        cut = len(text)
        while cut > 1 and self.width(text[:cut], role, s) > limit:
            cut -= 1
        rest = text[cut:]
        self.wrapped = True
        if in_cell:
            lh = pt_to_mm(s) * 1.15
            self.text(x, y - lh / 2, text[:cut], s, role, fld=fld)
            self.text(x, y + lh / 2, rest, s, role, fld=fld)
            self._remember(fld, x, y - lh / 2, limit)
            return 0.0
        self.text(x, y, text[:cut], s, role, fld=fld)
        self.text(x, y + pitch * 0.8, rest, s, role, fld=fld)
        self._remember(fld, x, y, limit)
        return pitch * 0.8

    def _remember(self, fld: str | None, x: float, y: float, w: float) -> None:
        """Where a value was printed; `a+b` tags a value carrying two fields (date ranges)."""
        for name in (fld or "").split("+"):
            if name:
                self.field_pos.setdefault(name, (x, y, w))


def _label_width(ctx: _Ctx, rows: list[Row], size: float) -> float:
    chars = max((len([c for c in r.label if not c.isspace()]) for r in rows if r.label),
                default=4)
    return pt_to_mm(size) * max(4, chars)


# --------------------------------------------------------------------------- rows


def _place_rows(ctx: _Ctx, rows: list[Row], box: Box, size: float, pitch: float, style: str,
                photo: Box | None = None) -> float:
    """colon-aligned / colon-ragged / spaced rows from the top of `box`; returns the end y."""
    x0, y, x1, _ = box
    em = pt_to_mm(size)
    lw = _label_width(ctx, rows, size)
    colon = ctx.rng.choice(("：", "：", ":"))
    gap = em * ctx.rng.uniform(1.2, 2.5)
    y += em
    for row in rows:
        right = x1
        if photo and y - em < photo[3] + 1 and y > photo[1] - 1:
            right = photo[0] - 4
        fld = "+".join(row.fields) or None
        if row.label is None:
            y += ctx.value(x0, y, row.value, size, right - x0, fld, pitch) + pitch
            continue
        if style == "colon-ragged":
            lab = row.label + colon
            ctx.text(x0, y, lab, size)
            vx = x0 + ctx.width(lab, "label", size) + (em * 0.3 if colon == ":" else 0)
        elif style == "colon-aligned":
            ctx.distributed(x0, x0 + lw, y, row.label, size)
            ctx.text(x0 + lw, y, colon, size)
            vx = x0 + lw + em * (1.3 if colon == "：" else 0.8)
        else:  # spaced
            ctx.distributed(x0, x0 + lw, y, row.label, size)
            vx = x0 + lw + gap
        y += ctx.value(vx, y, row.value, size, right - vx, fld, pitch) + pitch
    return y - pitch + em * 0.5


def _rows_height(rows: list[Row], size: float, pitch: float) -> float:
    return pt_to_mm(size) * 1.5 + pitch * (len(rows) - 1)


# --------------------------------------------------------------------------- table


def _table_lines(ctx: _Ctx, rows: list[Row], width: float, size: float, four: bool,
                 photo_rows: int) -> list[list[Row]]:
    """Group rows into table lines: pairs of short rows share a line in the 4-column form
    (not beside the photo cell, and only if both values fit their half)."""
    em = pt_to_mm(size)
    pad = em * 0.6
    lw = _label_width(ctx, rows, size) + 2 * pad
    half_value = (width - 2 * lw) / 2 - 2 * pad

    def fits_half(row: Row) -> bool:
        return ctx.width(row.value, "value", size) <= half_value

    lines: list[list[Row]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        in_photo = len(lines) < photo_rows
        if (four and not in_photo and r.short and i + 1 < len(rows) and rows[i + 1].short
                and r.label and rows[i + 1].label and fits_half(r) and fits_half(rows[i + 1])):
            lines.append([r, rows[i + 1]])
            i += 2
        else:
            lines.append([r])
            i += 1
    return lines


def _table(ctx: _Ctx, rows: list[Row], box: Box, size: float, row_h: float, four: bool,
           photo_w: float, photo_rows: int) -> float:
    """A ruled table from the top of `box`; returns its bottom y."""
    x0, y0, x1, _ = box
    em = pt_to_mm(size)
    pad = em * 0.6
    lw = _label_width(ctx, rows, size) + 2 * pad
    half = (x1 - x0 - 2 * lw) / 2
    lines = _table_lines(ctx, rows, x1 - x0, size, four, photo_rows if photo_w else 0)
    heavy = ctx.rng.uniform(0.45, 0.8)
    thin = ctx.rng.uniform(0.2, 0.32)
    color = ctx.label_color
    centred = ctx.rng.random() < 0.5
    y = y0
    photo_x0 = x1 - photo_w if photo_w else x1
    for n, line in enumerate(lines):
        right = photo_x0 if n < photo_rows else x1
        yb = y + row_h * 0.5 + em * 0.36
        cells: list[float] = [x0]
        if len(line) == 2:
            xs = [x0, x0 + lw, x0 + lw + half, x0 + 2 * lw + half]
            for row, (lx, vx, vend) in zip(line, ((xs[0], xs[1], xs[2]), (xs[2], xs[3], x1))):
                _table_label(ctx, row.label or "", lx, lx + lw, yb, size, pad, centred)
                ctx.value(vx + pad, yb, row.value, size, vend - vx - 2 * pad,
                          "+".join(row.fields) or None, row_h, in_cell=True)
            cells = xs
        else:
            row = line[0]
            fld = "+".join(row.fields) or None
            if row.label is None:
                ctx.value(x0 + pad, yb, row.value, size, right - x0 - 2 * pad, fld, row_h,
                          in_cell=True)
            else:
                _table_label(ctx, row.label, x0, x0 + lw, yb, size, pad, centred)
                ctx.value(x0 + lw + pad, yb, row.value, size, right - x0 - lw - 2 * pad, fld,
                          row_h, in_cell=True)
                cells = [x0, x0 + lw]
        for cx in cells[1:]:
            ctx.page.items.append(Polyline([(cx, y), (cx, y + row_h)], thin, color))
        y_next = y + row_h
        if n + 1 < len(lines):
            end = photo_x0 if n + 1 < photo_rows else x1
            ctx.page.items.append(Polyline([(x0, y_next), (end, y_next)], thin, color))
        y = y_next
    if photo_w:
        bottom = y0 + row_h * min(photo_rows, len(lines))
        ctx.page.items.append(Polyline([(photo_x0, y0), (photo_x0, bottom)], thin, color))
        inset = 3.0
        ph = bottom - y0 - 2 * inset
        pw = min(x1 - photo_x0 - 2 * inset, ph / 1.3)  # keep a portrait's proportions
        px = (photo_x0 + x1) / 2 - pw / 2
        ctx.page.items.append(Photo(px, y0 + inset, px + pw, bottom - inset,
                                    ctx.rng.choice(("frame", "portrait"))))
    ctx.page.items.append(Rect(x0, y0, x1, y, color, heavy))
    return y


def _table_label(ctx: _Ctx, label: str, x0: float, x1: float, y: float, size: float,
                 pad: float, centred: bool) -> None:
    if centred:
        ctx.text((x0 + x1) / 2, y, label, size, anchor="m")
    else:
        ctx.distributed(x0 + pad, x1 - pad, y, label, size)


# --------------------------------------------------------------------------- parts


def _title_block(ctx: _Ctx, c: Content, x0: float, x1: float, y: float, size: float,
                 spacing: float) -> float:
    """中华人民共和国 / TITLE / （副本）, centred; returns the y below it."""
    mid = (x0 + x1) / 2
    if c.over_title:
        s = max(MIN_PT + 4, size * 0.55)
        y += pt_to_mm(s)
        ctx.text(mid, y, "  ".join(c.over_title) if ctx.rng.random() < 0.5 else c.over_title,
                 s, "title", "m")
        y += pt_to_mm(s) * 0.6
    s = size
    n = len(c.title)
    while s > 16 and n * pt_to_mm(s) * (1 + spacing) > (x1 - x0):
        if spacing > 0.05:
            spacing = max(0.0, spacing - 0.1)
        else:
            s -= 1
    em = pt_to_mm(s)
    y += em * 1.05
    step = em * (1 + spacing)
    total = step * (n - 1) + em
    start = mid - total / 2
    for i, ch in enumerate(c.title):
        ctx.text(start + i * step + em / 2, y, ch, s, "title", "m")
    y += em * 0.45
    if c.mark:
        ms = max(MIN_PT + 3, s * 0.5)
        y += pt_to_mm(ms) * 1.2
        ctx.text(mid, y, c.mark, ms, "title", "m")
        y += pt_to_mm(ms) * 0.3
    return y


def _issuer_free(ctx: _Ctx, c: Content, cx: float, y: float, size: float) -> Seal:
    """Issuer name and date centred at `cx`, no labels; the seal straddles both lines."""
    s = size + ctx.rng.choice((0, 0, 0.5, 1))
    em = pt_to_mm(s)
    ctx.text(cx, y, c.issuer, s, "label", "m", "issuer")
    iw = ctx.width(c.issuer, "label", s)
    ctx.field_pos["issuer"] = (cx - iw / 2, y, iw)
    y2 = y + em * ctx.rng.uniform(1.7, 2.1)
    ctx.text(cx, y2, c.date_text, s, "label", "m", "issue_date")
    dw = ctx.width(c.date_text, "label", s)
    ctx.field_pos["issue_date"] = (cx - dw / 2, y2, dw)
    return _seal(ctx, c, cx + ctx.rng.uniform(-6, 6), (y + y2) / 2 - em * 0.35)


def _seal(ctx: _Ctx, c: Content, cx: float, cy: float) -> Seal:
    rng = ctx.rng
    seal = Seal(cx=cx + rng.uniform(-2, 2), cy=cy + rng.uniform(-2, 2),
                diameter=rng.uniform(38, 45) if not c.seal_bottom else rng.uniform(38, 42),
                text=c.seal_text, bottom=c.seal_bottom,
                color=(rng.randint(196, 228), rng.randint(20, 50), rng.randint(28, 56)),
                rotation=rng.uniform(-14, 14), opacity=rng.uniform(0.78, 0.94))
    ctx.page.seals.append(seal)
    return seal


def _labelled_issuer_rows(c: Content) -> list[Row]:
    return [Row(("issuer",), c.issuer_label, c.issuer), Row(("issue_date",), c.date_label,
                                                             c.date_text)]


def _seal_over_rows(ctx: _Ctx, c: Content) -> None:
    ix, iy, iw = ctx.field_pos["issuer"]
    _, dy, dw = ctx.field_pos["issue_date"]
    cx = ix + min(max(iw, dw), 60) * ctx.rng.uniform(0.45, 0.7)
    _seal(ctx, c, cx, (iy + dy) / 2 - 1.5)


def _validation_table(ctx: _Ctx, c: Content, x0: float, y0: float, width: float,
                      size: float) -> float:
    """The 校验记录 box: date and result of each re-validation."""
    em = pt_to_mm(size)
    rh = em * 2.0
    ctx.text(x0, y0 + em, "校验记录", size)
    y = y0 + em * 1.6
    cols = (x0, x0 + width * 0.55, x0 + width)
    top = y
    for n, (head, res) in enumerate([("校验日期", "校验结果")] + c.validations):
        yb = y + rh * 0.5 + em * 0.36
        if n == 0:
            ctx.text((cols[0] + cols[1]) / 2, yb, head, size, anchor="m")
            ctx.text((cols[1] + cols[2]) / 2, yb, res, size, anchor="m")
        else:
            fld = "last_validation_date" if n == len(c.validations) else None
            ctx.value(cols[0] + em * 0.5, yb, head, size, cols[1] - cols[0] - em, fld, rh,
                      in_cell=True)
            ctx.text((cols[1] + cols[2]) / 2, yb, res, size, "value", "m")
        y += rh
        ctx.page.items.append(Polyline([(x0, y), (x0 + width, y)], 0.25, ctx.label_color))
    ctx.page.items.append(Rect(x0, top, x0 + width, y, ctx.label_color, 0.4))
    ctx.page.items.append(Polyline([(cols[1], top), (cols[1], y)], 0.25, ctx.label_color))
    return y


def _qr(ctx: _Ctx, payload: str, x: float, y: float, size: float) -> None:
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    ctx.page.items.append(Qr(x, y, size, [list(r) for r in code.get_matrix()]))


# --------------------------------------------------------------------------- compose


def _new_page(rng: random.Random, landscape: bool) -> tuple[Page, dict[str, Any]]:
    w, h = (297.0, 210.0) if landscape else (210.0, 297.0)
    paper_name, paper = rng.choices(PAPERS, (0.3, 0.2, 0.2, 0.1, 0.1, 0.1))[0]
    page = Page(w, h, paper)
    return page, {"paper": paper_name}


def compose(c: Content, fonts: FontSet, rng: random.Random, *, family: Family,
            landscape: bool) -> Composition:
    """Lay out page 1 of `c` in the given layout family."""
    page, meta = _new_page(rng, landscape)
    ctx = _Ctx(page, fonts, rng)
    if rng.random() < 0.25:
        ctx.value_shift = (rng.uniform(-1.2, 1.2), rng.uniform(-0.8, 0.8))
        meta["value_shift_mm"] = [round(v, 2) for v in ctx.value_shift]
    if rng.random() < 0.15:
        ctx.label_color = rng.choice(((40, 52, 110), (90, 50, 30), (30, 80, 60)))
    margin = rng.uniform(7, 12)
    style = rng.choice(BORDER_STYLES)
    frame_color = rng.choice(FRAME_COLORS)
    inner = add_border(page, rng, margin, style, frame_color)
    meta["border"] = style
    pad = rng.uniform(10, 16)
    box = (inner + pad, inner + pad * 0.8, page.width - inner - pad, page.height - inner - pad)
    bg = rng.choices(("none", "guilloche", "rosette"), (0.45, 0.3, 0.25))[0]
    add_background(page, rng, bg, frame_color, (inner + 1, inner + 1, page.width - inner - 1,
                                                 page.height - inner - 1))
    meta["background"] = bg
    if family == "booklet":
        variant = _compose_booklet(ctx, c, box, rng)
    elif family == "table":
        variant = _compose_table(ctx, c, box, rng)
    else:
        variant = _compose_rows(ctx, c, box, rng, family)
    meta["field_positions_mm"] = {k: [round(v, 1) for v in pos]
                                  for k, pos in ctx.field_pos.items()}
    return Composition([page], family, variant, ctx.wrapped, meta)


def _title_params(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(26, 34), rng.choice((0.0, 0.15, 0.3, 0.5, 0.8))


def _top(ctx: _Ctx, c: Content, box: Box, rng: random.Random) -> float:
    """Title block (with the QR code in the corner when there is one); returns body top."""
    x0, y0, x1, _ = box
    qr_size = 0.0
    if c.qr:
        qr_size = rng.uniform(20, 25)
        _qr(ctx, c.qr, x1 - qr_size, y0, qr_size)
    size, spacing = _title_params(rng)
    y = _title_block(ctx, c, x0 + qr_size + 2, x1 - qr_size - 2, y0 + 2, size, spacing)
    if qr_size:
        y = max(y, y0 + qr_size)
    return max(y, y0 + qr_size) + rng.uniform(8, 16)


def _bottom_parts(ctx: _Ctx, c: Content, box: Box, size: float) -> float:
    """Footer lines at the bottom of `box`; returns the y above them."""
    x0, _, x1, y1 = box
    y = y1
    for line in reversed(c.footer):
        s = max(MIN_PT, size - 1.5)
        ctx.text((x0 + x1) / 2, y, line, s, "small", "m")
        y -= pt_to_mm(s) * 2.0
    return y


def _row_width(ctx: _Ctx, rows: list[Row], size: float) -> float:
    """Width the widest row needs at `size` (label column, gap, value)."""
    em = pt_to_mm(size)
    lw = _label_width(ctx, rows, size)
    needs = sorted(ctx.width(r.value, "value", size) if r.label is None
                   else lw + em * 2.2 + ctx.width(r.value, "value", size) for r in rows)
    # The longest value may shrink or wrap on its own; the second longest sets the size.
    return needs[-2] if len(needs) > 1 else (needs[-1] if needs else 0.0)


def _fit(ctx: _Ctx, rows: list[Row], avail: float, width: float, top: float,
         floor: float = MIN_PT + 1) -> tuple[float, float]:
    """Largest body size (≤ `top` pt) and row pitch (mm) with which the rows fill the space.

    Values that still do not fit the width are shrunk or wrapped by `_Ctx.value`.
    """
    size = top
    while size > floor and _row_width(ctx, rows, size) > width:
        size -= 0.5
    while True:
        em = pt_to_mm(size)
        for factor in (3.3, 3.0, 2.8, 2.6, 2.4, 2.2, 2.0, 1.85, 1.7, 1.6):
            if _rows_height(rows, size, em * factor) <= avail:
                return size, em * factor
        if size <= MIN_PT + 0.5:
            return size, em * 1.6
        size -= 0.5


def _compose_rows(ctx: _Ctx, c: Content, box: Box, rng: random.Random, family: str) -> str:
    x0, _, x1, _ = box
    y = _top(ctx, c, box, rng)
    landscape = ctx.page.landscape
    top_size = rng.uniform(15, 19) if landscape else rng.uniform(14.5, 18)
    bottom = _bottom_parts(ctx, c, box, top_size - 2)
    variant = "spaced" if family == "spaced" else rng.choice(("colon-aligned", "colon-ragged"))
    rows = list(c.rows)
    labelled = c.issuer_label is not None
    if labelled:
        rows += _labelled_issuer_rows(c)
    seal_room = 46.0 if landscape else 40.0
    issuer_h = 0.0 if labelled else seal_room
    table_h = 0.0
    if c.validation_style == "table" and c.validations:
        table_h = pt_to_mm(MIN_PT + 1) * (2.0 * (len(c.validations) + 1) + 2.2) + 4
    avail = bottom - y - issuer_h - (table_h if labelled else 0) - 4
    width = x1 - x0
    indent = width * rng.uniform(0.02, 0.12 if not landscape else 0.16)
    photo: Box | None = None
    if c.photo and not landscape:
        pw = rng.uniform(25, 30)
        photo = (x1 - pw - width * 0.03, y, x1 - width * 0.03, y + pw * 1.4)
        ctx.page.items.append(Photo(*photo, style=rng.choice(("frame", "portrait"))))
    size, pitch = _fit(ctx, rows, avail, x1 - x0 - indent, top_size)
    need = _rows_height(rows, size, pitch)
    two = landscape and (len(rows) > 10 or need > avail + 0.01 or size < MIN_PT + 2)
    if not two and not photo:  # centre-ish the block in the space left
        y += max(0.0, avail - need) * rng.uniform(0.05, 0.4)
    if two:
        half = (len(rows) + 1) // 2
        if labelled and half == len(rows) - 1:  # keep issuer and date under one seal
            half -= 1
        mid = (x0 + x1) / 2
        size, pitch = _fit(ctx, rows, avail * 2, mid - x0 - 6 - indent / 2, top_size)
        size, pitch = _fit(ctx, rows[:half], avail, mid - x0 - 6 - indent / 2, size)
        _place_rows(ctx, rows[:half], (x0 + indent / 2, y, mid - 6, bottom), size, pitch,
                    variant, photo)
        end = _place_rows(ctx, rows[half:], (mid + 4, y, x1, bottom), size, pitch, variant,
                          photo)
        variant += "-2col"
    else:
        end = _place_rows(ctx, rows, (x0 + indent, y, x1, bottom), size, pitch, variant, photo)
    if labelled:
        _seal_over_rows(ctx, c)
    y_after = end + pitch * 0.6
    if table_h:
        _validation_table(ctx, c, x0 + indent, y_after, (x1 - x0) * 0.45,
                          max(MIN_PT, size - 2))
    if not labelled:
        isize = max(MIN_PT + 1, min(size, 16))
        iy = max(y_after + pt_to_mm(isize) * 2, bottom - issuer_h + 16)
        cx = x1 - max(ctx.width(c.issuer, "label", isize) / 2, 30) - rng.uniform(0, 12)
        _issuer_free(ctx, c, cx, iy, isize)
    return variant


def _compose_table(ctx: _Ctx, c: Content, box: Box, rng: random.Random) -> str:
    x0, _, x1, _ = box
    y = _top(ctx, c, box, rng)
    landscape = ctx.page.landscape
    top_size = rng.uniform(14, 18) if landscape else rng.uniform(14, 17.5)
    bottom = _bottom_parts(ctx, c, box, top_size - 2)
    four = rng.random() < 0.5 and any(r.short for r in c.rows)
    rows = list(c.rows)
    labelled = c.issuer_label is not None
    if labelled:
        rows += _labelled_issuer_rows(c)
    issuer_h = 0.0 if labelled else (44.0 if landscape else 38.0)
    table_h = 0.0
    if c.validation_style == "table" and c.validations:
        table_h = pt_to_mm(MIN_PT + 1) * (2.0 * (len(c.validations) + 1) + 2.2) + 6
    avail = bottom - y - issuer_h - table_h - 4
    photo_rows = rng.choice((3, 4)) if c.photo else 0
    size = top_size
    lw_chars = max((len(r.label.replace(" ", "").replace("　", "")) for r in rows if r.label),
                   default=4)
    # The longest value may shrink or wrap on its own; the second longest sets the size.
    widths = sorted(ctx.width(r.value, "value", 1.0) for r in rows if r.label)  # mm per pt
    longest = widths[-2] if len(widths) > 1 else (widths[-1] if widths else 0.0)
    while True:
        em = pt_to_mm(size)
        n_lines = len(_table_lines(ctx, rows, x1 - x0, size, four, photo_rows))
        wide_enough = (lw_chars + 2.5) * em + longest * size + 34 <= x1 - x0
        if (n_lines * em * 2.0 <= avail and wide_enough) or size <= MIN_PT:
            break
        size = max(MIN_PT, size - 0.5)
    row_h = min(em * 3.4, max(em * 1.75, avail / max(1, n_lines)))
    y += max(0.0, avail - row_h * n_lines) * rng.uniform(0.05, 0.4)
    photo_w = rng.uniform(28, 34) if c.photo else 0.0
    end = _table(ctx, rows, (x0, y, x1, bottom), size, row_h, four, photo_w, photo_rows)
    if labelled:
        _seal_over_rows(ctx, c)
    y_after = end + 4
    if table_h:
        y_after = _validation_table(ctx, c, x0, y_after, (x1 - x0) * 0.5, max(MIN_PT, size - 2))
    if not labelled:
        isize = max(MIN_PT + 1, min(size, 16))
        iy = max(y_after + pt_to_mm(isize) * 2.5, bottom - issuer_h + 16)
        cx = x1 - max(ctx.width(c.issuer, "label", isize) / 2, 30) - rng.uniform(0, 10)
        _issuer_free(ctx, c, cx, iy, isize)
    return "table-4col" if four else "table-2col"


def _compose_booklet(ctx: _Ctx, c: Content, box: Box, rng: random.Random) -> str:
    """Two facing pages: title, photo and sealed issuer left; the rows right."""
    x0, y0, x1, y1 = box
    mid = ctx.page.width / 2
    ctx.page.items.append(Polyline([(mid, 4), (mid, ctx.page.height - 4)], 0.5, (200, 200, 196)))
    left = (x0, y0, mid - 12, y1)
    right = (mid + 12, y0, x1, y1)
    size, spacing = _title_params(rng)
    y = _title_block(ctx, c, left[0], left[2], y0 + 10, min(size, 28), min(spacing, 0.3))
    base = rng.uniform(12, 14.5)
    lcx = (left[0] + left[2]) / 2
    if c.photo:
        pw = rng.uniform(26, 32)
        ph = pw * 1.4
        py = y + 10
        ctx.page.items.append(Photo(lcx - pw / 2, py, lcx + pw / 2, py + ph,
                                    rng.choice(("frame", "portrait"))))
    issuer_y = y1 - pt_to_mm(base) * 3.5 - 6
    _issuer_free(ctx, c, lcx, issuer_y, base)
    if c.qr:
        _qr(ctx, c.qr, left[0], y1 - 22, 20)
    bottom = _bottom_parts(ctx, c, right, base)
    variant = rng.choice(("colon-aligned", "spaced"))
    rows = list(c.rows)
    size, pitch = _fit(ctx, rows, bottom - y0 - 10, right[2] - right[0] - 4, rng.uniform(14, 17))
    h = _rows_height(rows, size, pitch)
    top = y0 + max(6.0, (bottom - y0 - h) / 2 - 4)
    _place_rows(ctx, rows, (right[0] + 4, top, right[2], bottom), size, pitch, variant)
    return f"booklet-{variant}"


def validation_page(c: Content, fonts: FontSet, rng: random.Random, landscape: bool,
                    first: Page) -> Page:
    """Page 2: the 校验记录 continuation, with the latest re-validation sealed."""
    page = Page(first.width, first.height, first.paper)
    ctx = _Ctx(page, fonts, rng)
    inner = add_border(page, rng, rng.uniform(8, 12), rng.choice(BORDER_STYLES),
                       rng.choice(FRAME_COLORS))
    x0, y0 = inner + 14, inner + 14
    x1 = page.width - inner - 14
    size = rng.uniform(12, 14)
    em = pt_to_mm(size)
    ctx.text((x0 + x1) / 2, y0 + em * 1.5, "校 验 记 录", size + 8, "title", "m")
    y = y0 + em * 4
    cols = (x0, x0 + (x1 - x0) * 0.3, x0 + (x1 - x0) * 0.5, x1)
    heads = ("校验日期", "校验结果", "校验机关（盖章）")
    rh = em * 3.2
    n_rows = max(len(c.validations) + 2, 5)
    top = y
    last_y = y
    for n in range(n_rows + 1):
        yb = y + rh * 0.5 + em * 0.36
        if n == 0:
            for i, head in enumerate(heads):
                ctx.text((cols[i] + cols[i + 1]) / 2, yb, head, size, anchor="m")
        elif n <= len(c.validations):
            date, result = c.validations[n - 1]
            fld = "last_validation_date" if n == len(c.validations) else None
            ctx.value(cols[0] + em * 0.5, yb, date, size, cols[1] - cols[0] - em, fld, rh,
                      in_cell=True)
            ctx.text((cols[1] + cols[2]) / 2, yb, result, size, "value", "m")
            ctx.text((cols[2] + cols[3]) / 2, yb, c.issuer, max(MIN_PT, size - 1.5), "value", "m")
            last_y = yb
        y += rh
        ctx.page.items.append(Polyline([(x0, y), (x1, y)], 0.25, INK))
    ctx.page.items.append(Rect(x0, top, x1, y, INK, 0.5))
    for cx in cols[1:-1]:
        ctx.page.items.append(Polyline([(cx, top), (cx, y)], 0.25, INK))
    if c.validations:
        seal = _seal(ctx, c, (cols[2] + cols[3]) / 2 + rng.uniform(-8, 8), last_y - em * 0.4)
        seal.diameter = rng.uniform(36, 40)
    return page


def back_page(first: Page) -> Page:
    """The back of the sheet: blank paper with the front faintly showing through."""
    return Page(first.width, first.height, first.paper, show_through=first)


def _wrap(ctx: _Ctx, text: str, size: float, width: float, indent: float) -> list[str]:
    """Break a paragraph into lines of at most `width` mm (first line indented)."""
    lines: list[str] = []
    current = ""
    limit = width - indent
    for ch in text:
        if ctx.width(current + ch, "label", size) > limit:
            lines.append(current)
            current = ch
            limit = width
        else:
            current += ch
    if current:
        lines.append(current)
    return lines


def compose_prose(c: Content, fonts: FontSet, rng: random.Random) -> Composition:
    """An `other` document: a title and paragraphs (reports, rules) or a form cover sheet.

    Paragraph markers: `#` heading, `=` a form line `label：value` with the value underlined.
    """
    page, meta = _new_page(rng, False)
    page.paper = (252, 252, 250)
    ctx = _Ctx(page, fonts, rng)
    x0, y0, x1, y1 = 25.0, 25.0, page.width - 25.0, page.height - 25.0
    size = rng.uniform(12, 14)
    em = pt_to_mm(size)
    form = all(p.startswith("=") for p in c.paragraphs)
    if form:  # a cover sheet: large title a quarter down, spaced underlined lines
        size = rng.uniform(14, 16)
        em = pt_to_mm(size)
        y = _title_block(ctx, c, x0, x1, y0 + 35, rng.uniform(24, 30), rng.choice((0.0, 0.2)))
        y += em * 5
        pitch = em * rng.uniform(2.6, 3.2)
    else:
        y = _title_block(ctx, c, x0, x1, y0, rng.uniform(20, 24), rng.choice((0.0, 0.1)))
        y += em * 1.5
        pitch = em * rng.uniform(1.7, 2.0)
    for para in c.paragraphs:
        if para.startswith("="):
            label, _, value = para[1:].partition("：")
            lx = x0 + 12
            ctx.text(lx, y, label + "：", size)
            vx = lx + ctx.width(label + "：", "label", size)
            ctx.text(vx + em * 0.5, y, value, size, "value")
            page.items.append(Polyline([(vx, y + em * 0.35), (x1 - 10, y + em * 0.35)], 0.25,
                                       INK))
            y += pitch
            continue
        heading = para.startswith("#")
        text = para.lstrip("#")
        indent = 0.0 if heading or text[:1] in "一二三四五六七八九1234567890" else em * 2
        for i, line in enumerate(_wrap(ctx, text, size, x1 - x0, indent)):
            if y > y1 - em * 6:
                break
            ctx.text(x0 + (indent if i == 0 else 0), y, line, size)
            y += pitch
        y += pitch * 0.25
    for n, line in enumerate(reversed(c.footer)):
        ctx.text((x0 + x1) / 2, y1 - n * em * 2, line, size, "label", "m")
    if c.issuer:
        cx = x1 - 45
        sy = min(y + em * 2, y1 - em * 6)
        ctx.text(cx, sy, c.issuer, size, "label", "m")
        ctx.text(cx, sy + em * 1.9, c.date_text, size, "label", "m")
        _seal(ctx, c, cx, sy + em * 0.6)
    meta["background"] = "none"
    meta["border"] = "none"
    return Composition([page], "prose", "form" if form else "prose", False, meta)
