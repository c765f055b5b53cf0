"""Two more print formats of the official blanks: the open booklet and the licence's 副本.

`official.compose_official` draws one sheet of a blank. Applicants also hand in:

- **the open booklet** (医师执业证书, 医师资格证书, 专业技术资格证书, 母婴保健技术考核合格证书),
  scanned or photographed open as ONE landscape page of two facing A5-ish pages with the
  fold's shadow between them. The left page holds the photo under its steel seal and either
  the issuer with its seal partly over the photo, or the title and the fixed sentence; the
  right page the label / value rows. Sometimes the closed cover (burgundy, emblem, gold
  title, no field) is page 1, and a 医师执业证书 may bring its 变更注册 page;
- **the 副本** of a licence (医疗机构执业许可证, 母婴保健技术服务执业许可证,
  计划生育技术服务机构执业许可证): a portrait page titled （副本） with the rows, extra rows
  that are no contract field (经营性质, 服务对象, 床位), the full 诊疗科目 list, and the
  校验记录 (and sometimes 变更记录) table on the same page or on page 2.

As on the official sheet, labels are the blank's ink and values the printer's fill, all
shifted by one misregistration; dates are digits filled between a printed 年 月 日.
`fields` is exactly what the page holding the rows prints: the change-of-registration
and 变更记录 entries end on the current values and are never tagged.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mchverify.schemas.codes import ZH, DocType, Gender
from mchverify.synth.decor import add_border
from mchverify.synth.fonts import FontSet
from mchverify.synth.geo import family_planning_issuer, health_issuer
from mchverify.synth.layouts import MIN_PT, Composition, _Ctx
from mchverify.synth.official import (
    OfficialResult,
    _Fill,
    blank_palette,
    draw_emblem,
    field_order,
    issuer_wordings,
    label_for,
    ministry_of,
    printed_values,
    sentence_of,
)
from mchverify.synth.page import RGB, Emboss, Page, Photo, Polyline, Rect, Seal, Text, pt_to_mm
from mchverify.synth.parts import Part, pick
from mchverify.synth.records import DocRecord
from mchverify.synth.textfmt import DateStyle, cn_numeral_date, format_date
from mchverify.synth.values import person_name

__all__ = ["BOOKLET_TYPES", "DUPLICATE_TYPES", "EXTRA_LABELS", "compose_booklet",
           "compose_duplicate"]

Opt = tuple[str, float, Part | None]

BOOKLET_TYPES = frozenset({DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                           DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE,
                           DocType.PROFESSIONAL_TITLE_CERTIFICATE,
                           DocType.MCH_ASSESSMENT_CERTIFICATE})
DUPLICATE_TYPES = frozenset({DocType.MEDICAL_INSTITUTION_LICENSE, DocType.MCH_PRACTICE_LICENSE,
                             DocType.FAMILY_PLANNING_LICENSE})
#: blanks the ministry has printed (its 监制 seal or line), the others are provincial
_NATIONAL = {DocType.MEDICAL_INSTITUTION_LICENSE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
             DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE}

#: Wordings of what only these formats print (none of them is a contract field's label).
EXTRA_LABELS: dict[str, tuple[Opt, ...]] = {
    "nature": (("经营性质", 1.0, None),),
    "clients": (("服务对象", 1.0, None),),
    "beds": (("床位", 0.5, None), ("床位（张）", 0.3, Part.TUNE), ("核定床位", 0.3, Part.HELDOUT)),
    "validation_title": (("校验记录", 0.8, None), ("校 验 记 录", 0.2, None)),
    "validation_authority": (("校验机关", 0.6, None), ("校验机关（章）", 0.4, Part.TUNE),
                             ("校验机关（盖章）", 0.4, Part.HELDOUT)),
    "change_title": (("变更记录", 0.7, None), ("变更登记记录", 0.3, Part.HELDOUT),
                     ("登记事项变更记录", 0.3, Part.TUNE)),
    "registration_title": (("变更注册记录", 0.7, None), ("执业注册变更记录", 0.3, None)),
}
_VALIDATION_HEADS = ("校验日期", "校验结果")
_CHANGE_HEADS = ("变更日期", "变更事项", "变更内容")
_PAPERS: tuple[RGB, ...] = ((250, 247, 236), (252, 250, 244), (246, 242, 228), (251, 251, 248),
                            (244, 246, 238))
_COVERS: tuple[RGB, ...] = ((118, 24, 34), (128, 30, 40), (98, 20, 28), (140, 34, 36))
_COVER_GOLD: tuple[RGB, ...] = ((214, 176, 96), (200, 160, 80), (226, 190, 120))
_SCANNER_LID: tuple[RGB, ...] = ((246, 246, 244), (236, 236, 234), (40, 40, 42))
_JIANZHI_RED: RGB = (206, 34, 40)
_BREAKS = "、；，,;："
_CLOSING = "。，、；：）"  # never at the start of a line: it hangs in the margin
_NUMBERS = frozenset({"certificate_number", "id_number", "uscc"})  # condensed, never wrapped
_SHIFT_ROOM = 3.5  # mm kept free beyond a value's limit: the printer's feed moves it ≤ 3 mm
_OTHER_INSTITUTIONS = ("人民医院", "第一人民医院", "第二人民医院", "中医院", "妇幼保健院",
                       "妇幼保健计划生育服务中心")
_OTHER_SCOPES = ("妇产科专业", "儿科专业", "全科医学专业", "内科专业", "外科专业")


@dataclass
class _Sheet:
    """What one document accumulates over its pages: the fill's record and the meta."""

    rec: DocRecord
    part: Part
    rng: random.Random
    values: dict[str, str]
    variants: dict[str, str | None] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)
    printed: dict[str, str] = field(default_factory=dict)
    wrapped: bool = False


# --------------------------------------------------------------------------- measuring


def _value_lines(ctx: _Ctx, text: str, size: float, limit: float, *,
                 wrap: bool = True) -> tuple[float, list[str]]:
    """Size and lines of a value within `limit` mm: shrink by up to 2 pt, then wrap, after a
    list separator where one is near the end of the line, never leaving a lone character or
    two on the last line. A number (`wrap=False`) is condensed instead, as printers do."""
    floor = max(MIN_PT, size - 2) if wrap else 7.0
    s = size
    while ctx.width(text, "value", s) > limit and s > floor:
        s = max(floor, s - 0.5)
    lines: list[str] = []
    rest = text
    while rest and ctx.width(rest, "value", s) > limit:
        cut = len(rest)
        while cut > 1 and ctx.width(rest[:cut], "value", s) > limit:
            cut -= 1
        sep = max(rest.rfind(c, 0, cut) for c in _BREAKS)
        if sep >= cut * 0.6:
            cut = sep + 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(rest)
    if len(lines) == 2 and len(lines[1]) <= 2:  # 委员 / 会: balance the two lines instead
        half = (len(text) + 1) // 2
        lines = [text[:half], text[half:]]
    return s, lines


def _long_value(fill: _Fill, x: float, y: float, text: str, fld: str | None, limit: float,
                line_h: float, size: float | None = None) -> float:
    """A filled value within `limit` mm, wrapped if need be; returns the extra height."""
    ctx = fill.ctx
    s, lines = _value_lines(ctx, text, size or fill.size, limit, wrap=fld not in _NUMBERS)
    for i, line in enumerate(lines):
        ctx.text(x, y + i * line_h, line, s, "value", fld=fld)
    if fld:
        fill.printed[fld] = text
        ctx._remember(fld, x, y, max(ctx.width(line, "value", s) for line in lines))
    if len(lines) > 1:
        ctx.wrapped = True
    return (len(lines) - 1) * line_h


def _date_width(ctx: _Ctx, size: float) -> float:
    """Width of a filled ``____年__月__日`` skeleton (as `_Fill.date` draws it)."""
    digit = ctx.width("0", "value", size)
    em = pt_to_mm(size)
    return digit * 8 + em * 0.9 * 3 + em * 3


def _fit_title(ctx: _Ctx, text: str, size: float, width: float) -> float:
    while size > 14 and ctx.width(text, "title", size) > width:
        size -= 0.5
    return size


def _wrap_label(ctx: _Ctx, text: str, size: float, width: float) -> list[str]:
    """A fixed sentence of the blank broken into lines of `width` mm."""
    lines, line = [], ""
    for ch in text:
        if line and ch not in _CLOSING and ctx.width(line + ch, "label", size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


# --------------------------------------------------------------------------- the fill


def _misregistration(rng: random.Random) -> tuple[float, float]:
    """The printer's feed: most fills off by the same few millimetres (as official.py)."""
    if rng.random() < 0.75:
        return rng.uniform(-3.0, 3.0), rng.uniform(-2.6, 2.6)
    return 0.0, 0.0


def _new_ctx(page: Page, fonts: FontSet, rng: random.Random, inks: tuple[RGB, RGB],
             shift: tuple[float, float]) -> _Ctx:
    ctx = _Ctx(page, fonts, rng)
    ctx.label_color, ctx.value_color = inks
    ctx.value_shift = shift
    return ctx


def _slot_height(ctx: _Ctx, sheet: _Sheet, name: str, size: float, limit: float) -> int:
    """How many lines slot `name` takes at `size` (dates and 自…至… included)."""
    f = sheet.rec.fields
    if name == "period":
        em = pt_to_mm(size)
        return 1 if 2 * _date_width(ctx, size) + em * 3.2 <= limit else 2
    if isinstance(f.get(name), dt.date):
        return 1
    return len(_value_lines(ctx, _slot_text(sheet, name), size, limit,
                            wrap=name not in _NUMBERS)[1])


def _slot_text(sheet: _Sheet, name: str) -> str:
    text = sheet.values[name]
    if name == "mch_annotation_categories":
        return "母婴保健技术服务项目：" + text
    return text


def _fill_slot(fill: _Fill, sheet: _Sheet, name: str, x: float, y: float, limit: float,
               line_h: float) -> float:
    """Fill one slot; returns the extra height it took beyond one line."""
    f = sheet.rec.fields
    if name == "period":
        return _fill_period(fill, sheet, x, y, limit, line_h)
    value = f[name]
    if isinstance(value, dt.date):
        fill.date(x, y, value, name)
        fill.printed[name] = fill.date_text(value)
        sheet.styles[name] = "cn"
        return 0.0
    return _long_value(fill, x, y, _slot_text(sheet, name), name, limit, line_h)


def _fill_period(fill: _Fill, sheet: _Sheet, x: float, y: float, limit: float,
                 line_h: float) -> float:
    """``自 [date] 至 [date]`` on one line, or 至 under 自 where the line is too short."""
    f = sheet.rec.fields
    ctx, em = fill.ctx, pt_to_mm(fill.size)
    start = f.get("valid_from") or f["issue_date"]
    one_line = 2 * _date_width(ctx, fill.size) + em * 3.2 <= limit
    ctx.text(x, y, "自", fill.size)
    end = fill.date(x + em * 1.4, y, start, "valid_from" if "valid_from" in f else None)
    ux, uy = (end + em * 0.4, y) if one_line else (x, y + line_h)
    ctx.text(ux, uy, "至", fill.size)
    fill.date(ux + em * 1.4, uy, f["valid_until"], "valid_until")
    text = f"自{fill.date_text(start)}至{fill.date_text(f['valid_until'])}"
    for name in ("valid_from", "valid_until"):
        if name in f:
            fill.printed[name] = text
            sheet.styles[name] = "cn"
    return 0.0 if one_line else line_h


def _slot_fields(name: str, f: dict[str, Any]) -> set[str]:
    if name == "period":
        return {"valid_until"} | ({"valid_from"} if "valid_from" in f else set())
    return {name}


@dataclass(frozen=True)
class _RowStyle:
    size: float
    pitch: float
    label_w: float
    colon: str
    rule: bool  # the blank rules a line under each value

    @property
    def em(self) -> float:
        return pt_to_mm(self.size)

    @property
    def line_h(self) -> float:
        return self.em * 1.3


def _value_x(ctx: _Ctx, style: _RowStyle, x0: float) -> float:
    return x0 + style.label_w + (ctx.width(style.colon, "label", style.size) if style.colon
                                 else 0.0) + style.em * 0.6


def _fit_rows(ctx: _Ctx, sheet: _Sheet, slots: Sequence[tuple[str, str]], x0: float, x1: float,
              avail: float, top: float, colon: str, rule: bool,
              loosest: float = 2.8) -> _RowStyle:
    """The largest size ≤ `top` at which the rows, wrapped lines included, fill `avail` mm
    with a pitch of at least 1.8 em (or the smallest size)."""
    size = top
    chars = max((len(lb.replace("　", "")) for _, lb in slots), default=4)
    while True:
        em = pt_to_mm(size)
        style = _RowStyle(size, em * 2, em * max(4.0, chars + 0.3), colon, rule)
        limit = x1 - _value_x(ctx, style, x0) - _SHIFT_ROOM
        extra = sum((_slot_height(ctx, sheet, n, size, limit) - 1)
                    * (style.pitch if n == "period" else style.line_h) for n, _ in slots)
        pitch = (avail - extra) / max(1, len(slots))
        if pitch >= em * 1.8 or size <= MIN_PT:
            return _RowStyle(size, max(em * 1.6, min(pitch, em * loosest)), style.label_w, colon,
                             rule)
        size = max(MIN_PT, size - 0.5)


def _place_rows(fill: _Fill, sheet: _Sheet, slots: Sequence[tuple[str, str]], style: _RowStyle,
                x0: float, x1: float, y: float) -> float:
    """Label / value rows from baseline `y`; returns the baseline after the last row."""
    ctx = fill.ctx
    fill.size = style.size
    for name, label in slots:
        end = fill.label(x0, y, label, style.label_w)
        if style.colon:
            ctx.text(end, y, style.colon, style.size)
        vx = _value_x(ctx, style, x0)
        # 至 under 自 is a row of the blank: at the rows' pitch, not a wrapped line's
        lh = style.pitch if name == "period" else style.line_h
        extra = _fill_slot(fill, sheet, name, vx, y, x1 - vx - _SHIFT_ROOM, lh)
        if style.rule:
            for k in range(round(extra / lh) + 1):
                ry = y + k * lh + style.em * 0.35
                ctx.page.items.append(Polyline([(vx - 1, ry), (x1, ry)], 0.2, ctx.label_color))
        sheet.variants[name if name != "period" else "valid_until"] = label
        sheet.fields.update(_slot_fields(name, sheet.rec.fields))
        y += style.pitch + extra
    if "valid_from" in sheet.fields:
        sheet.variants["valid_from"] = sheet.variants["valid_until"]
    return y


def _slots(sheet: _Sheet) -> list[tuple[str, str]]:
    t, f = sheet.rec.doc_type, sheet.rec.fields
    return [(n, label_for(n, t, sheet.rng, sheet.part)) for n in field_order(t)
            if n in f or n == "period"]


# --------------------------------------------------------------------------- issuer, seals


def _issuer_seal(page: Page, rng: random.Random, issuer: str, cx: float, cy: float,
                 diameter: float | None = None) -> Seal:
    seal = Seal(cx=cx, cy=cy, diameter=diameter or rng.uniform(38, 44), text=issuer,
                bottom=rng.choice(("", "", "专用章", "行政审批专用章")),
                color=(rng.randint(196, 228), rng.randint(20, 50), rng.randint(28, 56)),
                rotation=rng.uniform(-14, 14), opacity=rng.uniform(0.78, 0.94))
    page.seals.append(seal)
    return seal


def _issue_date(fill: _Fill, sheet: _Sheet, x: float, y: float) -> None:
    """The issue date: digits in the skeleton, or (a fifth) stamped in Chinese numerals."""
    day = sheet.rec.fields["issue_date"]
    if sheet.rng.random() < 0.2:
        text = cn_numeral_date(day)
        fill.ctx.text(x, y, text, fill.size, "value", fld="issue_date")
        fill.ctx._remember("issue_date", x, y, fill.ctx.width(text, "value", fill.size))
        fill.printed["issue_date"] = text
        sheet.styles["issue_date"] = "cn_numeral"
    else:
        fill.date(x, y, day, "issue_date")
        fill.printed["issue_date"] = fill.date_text(day)
        sheet.styles["issue_date"] = "cn"


def _issuer_block(fill: _Fill, sheet: _Sheet, x0: float, x1: float, y: float, *,
                  centre: float | None = None) -> tuple[float, float]:
    """发证机关 and 发证日期, labelled (on the left of the box) or unlabelled (centred at
    `centre`); returns (the baseline of the issuer's line, of the date's line)."""
    rng, ctx, size = sheet.rng, fill.ctx, fill.size
    em = pt_to_mm(size)
    issuer = str(sheet.rec.fields["issuer"])
    date_w = _date_width(ctx, size)
    labelled = rng.random() < 0.6
    if labelled:
        issuer_label, date_label = issuer_wordings(sheet.rec.doc_type, rng, sheet.part)
        end = fill.label(x0, y, issuer_label)
        if x1 - end - 2 - _SHIFT_ROOM < min(ctx.width(issuer, "value", size), 40):
            y_value = y + em * 1.5  # the name under its label where the line is too short
            extra = _long_value(fill, x0 + em, y_value, issuer, "issuer",
                                x1 - x0 - em - _SHIFT_ROOM, em * 1.3)
            y_date = y_value + extra + em * 1.9
        else:
            extra = _long_value(fill, end + 2, y, issuer, "issuer", x1 - end - 2 - _SHIFT_ROOM,
                                em * 1.3)
            y_value, y_date = y, y + extra + em * 2.1
        dend = fill.label(x0, y_date, date_label)
        _issue_date(fill, sheet, dend + 2, y_date)
        sheet.variants.update({"issuer": issuer_label, "issue_date": date_label})
    else:
        cx = centre if centre is not None else (x0 + x1) / 2
        half = min(cx - x0, x1 - cx) - _SHIFT_ROOM
        s, lines = _value_lines(ctx, issuer, size, 2 * half)
        for i, line in enumerate(lines):
            ctx.text(cx, y + i * em * 1.3, line, s, "value", "m", "issuer")
        iw = max(ctx.width(line, "value", s) for line in lines)
        ctx._remember("issuer", cx - iw / 2, y, iw)
        fill.printed["issuer"] = issuer
        y_value, y_date = y, y + (len(lines) - 1) * em * 1.3 + em * 2.0
        _issue_date(fill, sheet, cx - date_w / 2, y_date)
        sheet.variants.update({"issuer": None, "issue_date": None})
    sheet.fields.update({"issuer", "issue_date"})
    return y_value, y_date


def _jianzhi(ctx: _Ctx, sheet: _Sheet, x0: float, x1: float, bottom: float) -> dict[str, Any]:
    """What the blank's printer put at the bottom of `x0..x1`: the ministry's 监制 seal or
    its printed name on a national blank, a 监制 line on the others (or nothing)."""
    rec, rng = sheet.rec, sheet.rng
    t = rec.doc_type
    ministry = ministry_of(rec.fields["issue_date"])
    s = 10.5 + rng.uniform(0, 1)
    if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE:
        line = rng.choice(("人力资源和社会保障部　" + ministry.replace("中华人民共和国", "")
                           + "　监制", ministry + "监制"))
    elif t not in _NATIONAL:
        if rng.random() < 0.5:
            return {"kind": "none"}
        if t == DocType.FAMILY_PLANNING_LICENSE:
            province = family_planning_issuer("province", rec.place, rec.fields["issue_date"])
        else:
            province = health_issuer("province", rec.place, rec.fields["issue_date"])
        line = province + "监制"
    else:
        draw = rng.random()
        if draw < 0.5:
            jd = rng.uniform(26, 32)
            jx = x0 + jd / 2 + rng.uniform(2, 10)
            jy = bottom - pt_to_mm(12) * 1.6 - jd / 2
            ctx.page.seals.append(Seal(cx=jx, cy=jy, diameter=jd, text=ministry, bottom="",
                                       color=_JIANZHI_RED, rotation=0.0,
                                       opacity=rng.uniform(0.85, 0.95), kind="jianzhi"))
            ctx.page.items.append(Text(jx, jy + jd / 2 + pt_to_mm(12) * 1.2, "监制", 12,
                                       "label", "m", _JIANZHI_RED))
            return {"kind": "seal", "text": ministry, "center_mm": [round(jx, 1), round(jy, 1)]}
        if draw < 0.75:
            jx = x0 + ctx.width(ministry, "label", s) / 2 + rng.uniform(2, 8)
            ctx.text(jx, bottom - pt_to_mm(s) * 1.6, ministry, s, "label", "m")
            ctx.text(jx, bottom, "监制", s, "label", "m")
            return {"kind": "printed", "text": ministry}
        line = ministry + "监制"
    while s > 8 and ctx.width(line, "small", s) > x1 - x0:
        s -= 0.5
    ctx.text((x0 + x1) / 2, bottom, line, s, "small", "m")
    return {"kind": "line", "text": line}


def _jianzhi_height(t: DocType) -> float:
    """Room to keep at the bottom for `_jianzhi` (a seal is the tallest)."""
    return 40.0 if t in _NATIONAL else 8.0


# --------------------------------------------------------------------------- the booklet


def _title_of(t: DocType, rng: random.Random) -> str:
    if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE:
        return rng.choice(("专业技术资格证书", "卫生专业技术资格证书"))
    return ZH[t]


def _shade(colour: RGB, amount: float) -> RGB:
    r, g, b = (round(c * (1 - amount)) for c in colour)
    return r, g, b


def _gutter(page: Page, mid: float, rng: random.Random) -> dict[str, float]:
    """The fold: the paper darkens towards it, where the pages curve away from the glass."""
    half = rng.uniform(6, 14)
    depth = rng.uniform(0.12, 0.3)
    steps = 12
    step = half / steps
    for k in range(steps):  # from the outside in: each strip a little darker
        shade = depth * ((k + 1) / steps) ** 2
        colour = _shade(page.paper, shade)
        for side in (-1, 1):
            a = mid + side * (half - k * step)
            b = mid + side * (half - (k + 1) * step)
            page.items.append(Rect(min(a, b), 0, max(a, b), page.height, None, 0, colour))
    page.items.append(Polyline([(mid, 0), (mid, page.height)], 0.4,
                               _shade(page.paper, depth * 1.3)))
    return {"fold_mm": round(mid, 1), "shadow_mm": round(half, 1), "depth": round(depth, 2)}


def _cover_rim(page: Page, rng: random.Random) -> float:
    """The cover's edge showing round the open pages on a scan; returns its width."""
    if rng.random() < 0.45:
        return 0.0
    rim = rng.uniform(2.5, 6)
    colour = rng.choice(_COVERS)
    w, h = page.width, page.height
    for x0, y0, x1, y1 in ((0, 0, w, rim), (0, h - rim, w, h), (0, 0, rim, h),
                           (w - rim, 0, w, h)):
        page.items.append(Rect(x0, y0, x1, y1, None, 0, colour))
    return rim


def _photo(page: Page, rng: random.Random, x0: float, y0: float) -> tuple[float, float,
                                                                          float, float]:
    """The photo with the steel seal pressed over one of its lower corners."""
    pw = rng.uniform(25, 30)
    box = (x0, y0, x0 + pw, y0 + pw * 1.4)
    page.items.append(Photo(*box, style=rng.choice(("frame", "portrait"))))
    corner = box[2] if rng.random() < 0.65 else box[0]
    page.items.append(Emboss(corner + rng.uniform(-4, 4), box[3] - rng.uniform(2, 7),
                             rng.uniform(22, 28)))
    return box


def _left_issuer(fill: _Fill, sheet: _Sheet, box: tuple[float, float, float, float]) -> dict[
        str, Any]:
    """Left page: the photo, the issuer and its date under it, the seal over both and over
    the photo's lower corner."""
    rng, page = sheet.rng, fill.ctx.page
    x0, y0, x1, _ = box
    pw_guess = 28.0
    px = (x0 + x1) / 2 - pw_guess / 2 + rng.uniform(-12, 12)
    photo = _photo(page, rng, px, y0 + rng.uniform(6, 16))
    iy = photo[3] + rng.uniform(10, 14)
    y_issuer, y_date = _issuer_block(fill, sheet, x0 + 2, x1, iy, centre=(x0 + x1) / 2)
    d = rng.uniform(38, 43)
    cy = (y_issuer + y_date) / 2 - pt_to_mm(fill.size) * 0.3
    cy = min(cy, photo[3] + d / 2 - rng.uniform(2, 6))  # its rim over the photo's corner
    cx = photo[2] + rng.uniform(-4, 10) if rng.random() < 0.6 else photo[0] - rng.uniform(-4, 6)
    cx = min(max(cx, x0 + d * 0.45), x1 - d * 0.45)
    _issuer_seal(page, rng, str(sheet.rec.fields["issuer"]), cx, cy, d)
    return {"left": "photo-issuer", "photo_mm": [round(v, 1) for v in photo]}


def _left_title(ctx: _Ctx, sheet: _Sheet, box: tuple[float, float, float, float], gold: RGB,
                size: float) -> dict[str, Any]:
    """Left page: emblem, 中华人民共和国, the title, the fixed sentence and the photo."""
    rng, page, t = sheet.rng, ctx.page, sheet.rec.doc_type
    x0, y0, x1, _ = box
    cx = (x0 + x1) / 2
    y = y0 + rng.uniform(2, 6)
    if t in _NATIONAL or rng.random() < 0.5:
        d = rng.uniform(14, 18)
        draw_emblem(page, cx, y + d / 2, d, gold)
        y += d + 3
    saved = ctx.label_color
    ctx.label_color = gold if rng.random() < 0.7 else saved
    if t in _NATIONAL:
        s = rng.uniform(12, 14)
        y += pt_to_mm(s)
        ctx.text(cx, y, "中华人民共和国", s, "title", "m")
    title = _title_of(t, rng)
    ts = _fit_title(ctx, title, rng.uniform(20, 25), x1 - x0 - 4)
    y += pt_to_mm(ts) * 1.5
    ctx.text(cx, y, title, ts, "title", "m")
    ctx.label_color = saved
    y += rng.uniform(7, 10)
    sentence = sentence_of(t, rng, sheet.part)
    lines = _wrap_label(ctx, sentence, size, x1 - x0 - 8)
    photo_first = rng.random() < 0.5
    if photo_first:
        photo = _photo(page, rng, cx - 14 + rng.uniform(-6, 6), y)
        y = photo[3] + pt_to_mm(size) * 2
    for line in lines:
        ctx.text(x0 + 4, y + pt_to_mm(size), line, size)
        y += pt_to_mm(size) * 1.6
    if not photo_first:
        photo = _photo(page, rng, cx - 14 + rng.uniform(-6, 6), y + 4)
    return {"left": "title", "official_title": title, "sentence": sentence,
            "photo_mm": [round(v, 1) for v in photo]}


def compose_booklet(rec: DocRecord, fonts: FontSet, rng: random.Random, *,
                    part: Part) -> OfficialResult:
    """The open booklet of `rec` as one landscape page, maybe after its cover and (医师执业证书)
    before its change-of-registration page (see the module doc)."""
    t = rec.doc_type
    if t not in BOOKLET_TYPES:
        raise ValueError(f"{t.value} is not printed as a booklet")
    w, h = rng.uniform(240, 262), rng.uniform(168, 184)
    page = Page(w, h, rng.choice(_PAPERS))
    gold, label_ink, fill_ink = blank_palette(rng)
    shift = _misregistration(rng)
    ctx = _new_ctx(page, fonts, rng, (label_ink, fill_ink), shift)
    mid = w / 2 + rng.uniform(-2.5, 2.5)
    gutter = _gutter(page, mid, rng)
    rim = _cover_rim(page, rng)
    meta: dict[str, Any] = {"value_shift_mm": [round(v, 2) for v in shift], "paper": "blank",
                            "background": "none", "border": "booklet", "mark": None,
                            "second_script": None, "rim_mm": round(rim, 1),
                            "page_size": "A5-spread", **gutter}
    margin = rim + rng.uniform(9, 13)
    gut = rng.uniform(10, 14)
    left = (margin, margin, mid - gut, h - margin)
    right = (mid + gut, margin, w - margin, h - margin)
    if rng.random() < 0.6:  # each page's printed frame
        for x0, y0, x1, y1 in (left, right):
            page.items.append(Rect(x0 - 4, y0 - 4, x1 + 4, y1 + 4, gold, 0.5))
    sheet = _Sheet(rec, part, rng, printed_values(rec, rng))
    size = rng.uniform(12, 14)
    fill = _Fill(ctx, size, rng.random() < 0.7, None, False)
    issuer_left = rng.random() < 0.5
    jz_room = _jianzhi_height(t)
    if issuer_left:
        meta.update(_left_issuer(fill, sheet, (left[0], left[1], left[2],
                                               left[3] - jz_room)))
        meta["official_title"] = _title_of(t, rng)
    else:
        meta.update(_left_title(ctx, sheet, left, gold, size))
    meta["jianzhi"] = _jianzhi(ctx, sheet, left[0], left[2], left[3])

    # the right page: the rows (and, with the title on the left, the sentence and issuer)
    x0, y0, x1, y1 = right
    slots = _slots(sheet)
    colon = "：" if rng.random() < 0.4 else ""
    rule = rng.random() < 0.4
    top = y0 + rng.uniform(4, 10)
    bottom = y1 - (0 if issuer_left else 34)
    titled = not issuer_left or rng.random() < 0.6
    if issuer_left and titled:  # the title over the rows (else only on the cover)
        saved = ctx.label_color
        ctx.label_color = gold if rng.random() < 0.7 else saved
        ts = _fit_title(ctx, meta["official_title"], rng.uniform(18, 22), x1 - x0)
        top += pt_to_mm(ts)
        ctx.text((x0 + x1) / 2, top, meta["official_title"], ts, "title", "m")
        ctx.label_color = saved
        top += rng.uniform(6, 10)
    meta["title_on_spread"] = titled
    if issuer_left and rng.random() < 0.6:
        sentence = sentence_of(t, rng, sheet.part)
        lines = _wrap_label(ctx, sentence, size, x1 - x0)
        for line in lines:
            top += pt_to_mm(size)
            ctx.text(x0, top, line, size)
            top += pt_to_mm(size) * 0.6
        top += pt_to_mm(size) * 1.2
        meta["sentence"] = sentence
    style = _fit_rows(ctx, sheet, slots, x0, x1, bottom - top, size, colon, rule)
    y = _place_rows(fill, sheet, slots, style, x0, x1, top + style.em)
    if not issuer_left:
        iy = max(y + style.em * 0.5, y1 - 28)
        fill.size = style.size
        y_issuer, y_date = _issuer_block(fill, sheet, x0 + (x1 - x0) * rng.uniform(0.0, 0.25),
                                         x1, iy, centre=x1 - (x1 - x0) * rng.uniform(0.28, 0.36))
        pos = ctx.field_pos["issuer"]
        _issuer_seal(page, rng, str(rec.fields["issuer"]),
                     pos[0] + min(pos[2], 50) * rng.uniform(0.4, 0.7),
                     (y_issuer + y_date) / 2 - style.em * 0.3)
    sheet.printed.update(fill.printed)
    sheet.wrapped = ctx.wrapped
    pages = [page]
    variant = "booklet-spread"
    field_page = 1
    if rng.random() < 0.3:
        pages.insert(0, _cover(fonts, rng, t, meta["official_title"], (w / 2, h)))
        variant = "booklet-cover+spread"
        field_page = 2
    if t == DocType.PHYSICIAN_PRACTICE_CERTIFICATE and rng.random() < 0.35:
        change = _change_page(sheet, fonts, (w / 2, h), page.paper, (label_ink, fill_ink),
                              shift)
        if change is not None:
            pages.append(change[0])
            meta["change_register"] = change[1]
            variant += "+change"
    meta["field_positions_mm"] = {k: [round(v, 1) for v in pos]
                                  for k, pos in ctx.field_pos.items()}
    meta["fields_page"] = field_page
    if field_page != 1:
        meta["field_pages"] = {name: field_page for name in sheet.fields}
    comp = Composition(pages, "booklet", variant, sheet.wrapped, meta)
    return OfficialResult(comp, sheet.variants, sheet.printed, sheet.styles, sheet.fields, fonts)


def _cover(fonts: FontSet, rng: random.Random, t: DocType, title: str,
           size: tuple[float, float]) -> Page:
    """The closed booklet: a burgundy cover with the emblem and the gold title, nothing else;
    scanned cropped to the cover, or lying on the glass of an A4 scanner."""
    cw, ch = size
    colour = rng.choice(_COVERS)
    if rng.random() < 0.5:
        page = Page(cw, ch, colour)
        ox, oy = 0.0, 0.0
    else:
        page = Page(210.0, 297.0, rng.choice(_SCANNER_LID))
        ox, oy = rng.uniform(0, 6), rng.uniform(0, 8)
        page.items.append(Rect(ox, oy, ox + cw, oy + ch, None, 0, colour))
    gold = rng.choice(_COVER_GOLD)
    ctx = _Ctx(page, fonts, rng)
    ctx.label_color = gold
    cx = ox + cw / 2
    y = oy + ch * rng.uniform(0.14, 0.2)
    d = rng.uniform(24, 32)
    draw_emblem(page, cx, y + d / 2, d, gold)
    y += d + 10
    if t in _NATIONAL or rng.random() < 0.5:
        s = rng.uniform(14, 17)
        y += pt_to_mm(s)
        ctx.text(cx, y, "中华人民共和国", s, "title", "m")
        y += pt_to_mm(s) * 0.8
    ts = _fit_title(ctx, title, rng.uniform(22, 28), cw - 16)
    y += pt_to_mm(ts) * 1.4
    ctx.text(cx, y, title, ts, "title", "m")
    return page


def _other_institution(rec: DocRecord, rng: random.Random) -> str:
    """An older employer's plausible name in the same place."""
    current = str(rec.fields["practice_institution"])
    place = rec.place
    names = [place.local_name + s for s in _OTHER_INSTITUTIONS]
    if place.city_prefix:
        names += [place.city_prefix + s for s in _OTHER_INSTITUTIONS[:3]]
    return rng.choice([n for n in names if n != current])


def _change_page(sheet: _Sheet, fonts: FontSet, size: tuple[float, float], paper: RGB,
                 inks: tuple[RGB, RGB], shift: tuple[float, float],
                 ) -> tuple[Page, list[dict[str, str]]] | None:
    """The 变更注册 page: one or two changes after the issue date, the latest ending on the
    certificate's own 执业地点 and 执业范围, each under the registering authority's seal.
    Nothing is tagged: these are no fields of the certificate (None: no time for a change).
    Returns the page and its entries, oldest first."""
    rec, rng = sheet.rec, sheet.rng
    f = rec.fields
    first = f["issue_date"] + dt.timedelta(days=240)
    last = rec.as_of - dt.timedelta(days=30)
    if last <= first:
        return None
    n = 1 if (last - first).days < 500 or rng.random() < 0.5 else 2
    days = sorted(first + dt.timedelta(days=rng.randint(0, (last - first).days))
                  for _ in range(n))
    places = [_other_institution(rec, rng) for _ in range(n - 1)] + [
        str(f["practice_institution"])]
    scopes = [rng.choice([s for s in _OTHER_SCOPES if s != f["practice_scope"]])
              if k + 1 < n and rng.random() < 0.4 else str(f["practice_scope"])
              for k in range(n)]
    w, h = size
    page = Page(w, h, paper)
    ctx = _new_ctx(page, fonts, rng, inks, shift)
    fill = _Fill(ctx, rng.uniform(11.5, 13), rng.random() < 0.7, None, False)
    x0, x1 = 14.0, w - 14.0
    y = 16.0 + pt_to_mm(16)
    heading = pick(rng, EXTRA_LABELS["registration_title"], sheet.part)
    ctx.text(w / 2, y, heading, 16, "title", "m")
    y += 10
    em = pt_to_mm(fill.size)
    block_h = (h - y - 12) / 2
    issuer = str(f["issuer"])
    for k in range(2):  # the page has room for two; the second may be left blank
        yy = y + k * block_h + em
        rows = (("变更日期", None), ("执业地点", places[k] if k < n else ""),
                ("执业范围", scopes[k] if k < n else ""))
        for label, value in rows:
            end = fill.label(x0, yy, label, em * 4)
            vx = end + em
            if k >= n:
                if value is None:
                    ctx.text(vx, yy, "　　年　　月　　日", fill.size)
            elif value is None:
                fill.date(vx, yy, days[k], None)
            else:
                yy += _long_value(fill, vx, yy, value, None, x1 - vx - _SHIFT_ROOM, em * 1.3)
            yy += em * 2.2
        fill.label(x0, yy, "注册机关（盖章）")
        if k < n:
            _issuer_seal(page, rng, issuer, x1 - 24 + rng.uniform(-4, 2), yy - em * 1.5,
                         rng.uniform(34, 40))
        page.items.append(Polyline([(x0, y + (k + 1) * block_h - 4),
                                    (x1, y + (k + 1) * block_h - 4)], 0.3, ctx.label_color))
    entries = [{"date": d.isoformat(), "practice_institution": p, "practice_scope": s}
               for d, p, s in zip(days, places, scopes, strict=True)]
    return page, entries


# --------------------------------------------------------------------------- the 副本


def _extra_rows(sheet: _Sheet) -> list[tuple[str, str, str]]:
    """经营性质, 服务对象 and 床位 of a medical institution's 副本: (key, label, value)."""
    inst = sheet.rec.institution
    if sheet.rec.doc_type != DocType.MEDICAL_INSTITUTION_LICENSE or inst is None:
        return []
    rng, part = sheet.rng, sheet.part
    nature = "非营利性" if inst.public else rng.choice(("营利性", "营利性", "非营利性"))
    beds_label = pick(rng, EXTRA_LABELS["beds"], part)
    beds = str(inst.beds) if inst.beds else rng.choice(("0", "无"))
    if inst.beds and "张" not in beds_label:
        beds += "张"
    return [("nature", pick(rng, EXTRA_LABELS["nature"], part), nature),
            ("clients", pick(rng, EXTRA_LABELS["clients"], part), "社会"),
            ("beds", beds_label, beds)]


def _validation_rows(sheet: _Sheet, fill: _Fill) -> tuple[list[str], str | None]:
    """The dates the 校验记录 table holds, as printed, and the field its last one is.

    A 母婴保健 licence whose record prints no last validation has a blank table: a date in
    it would be a field the truth does not hold."""
    rec, rng = sheet.rec, sheet.rng
    if rec.doc_type == DocType.MCH_PRACTICE_LICENSE and "last_validation_date" not in rec.fields:
        return [], None
    style: DateStyle = "dot" if rng.random() < 0.3 else "cn"
    dates = [format_date(d, style, pad=fill.pad) for d in rec.validation_dates]
    if "last_validation_date" in rec.fields and dates:
        sheet.styles["last_validation_date"] = style
        return dates, "last_validation_date"
    return dates, None


def _table(fill: _Fill, sheet: _Sheet, x0: float, x1: float, y: float, title: str,
           heads: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]],
           n_rows: int, size: float, last_field: str | None = None,
           seal_col: int | None = None) -> float:
    """A ruled record table under its title; filled rows in the fill, blank rows after;
    the authority's seal over the `seal_col` cell of the filled rows. Returns its bottom."""
    ctx, rng = fill.ctx, sheet.rng
    em = pt_to_mm(size)
    ctx.text((x0 + x1) / 2, y + em, title, size + 2, "label", "m")
    top = y + em * 1.8
    rh = em * 2.3
    cols = [x0]
    for fr in widths:
        cols.append(cols[-1] + (x1 - x0) * fr)
    cols[-1] = x1
    yy = top
    for n in range(n_rows + 1):
        yb = yy + rh * 0.5 + em * 0.36
        if n == 0:
            for i, head in enumerate(heads):
                ctx.text((cols[i] + cols[i + 1]) / 2, yb, head, size, anchor="m")
        elif n <= len(rows):
            for i, cell in enumerate(rows[n - 1]):
                fld = last_field if i == 0 and n == len(rows) else None
                limit = cols[i + 1] - cols[i] - em * 0.6 - _SHIFT_ROOM
                s, lines = _value_lines(ctx, cell, size, limit)
                lh = pt_to_mm(s) * 1.1
                for k, line in enumerate(lines):
                    ctx.text(cols[i] + em * 0.4, yb + (k - (len(lines) - 1) / 2) * lh, line, s,
                             "value", fld=fld)
                if fld:
                    fill.printed[fld] = cell
                    ctx._remember(fld, cols[i] + em * 0.4, yb, ctx.width(lines[0], "value", s))
                    sheet.variants[fld] = title
                    sheet.fields.add(fld)
            if seal_col is not None and (n == len(rows) or rng.random() < 0.5):
                cx = (cols[seal_col] + cols[seal_col + 1]) / 2 + rng.uniform(-6, 6)
                _issuer_seal(ctx.page, rng, str(sheet.rec.fields["issuer"]), cx,
                             yb - em * 0.4, min(rng.uniform(30, 36), cols[seal_col + 1]
                                                - cols[seal_col] + 6))
        yy += rh
        ctx.page.items.append(Polyline([(x0, yy), (x1, yy)], 0.25, ctx.label_color))
    ctx.page.items.append(Rect(x0, top, x1, yy, ctx.label_color, 0.45))
    for cx in cols[1:-1]:
        ctx.page.items.append(Polyline([(cx, top), (cx, yy)], 0.25, ctx.label_color))
    return yy


def _changes(sheet: _Sheet, fill: _Fill) -> list[tuple[str, str, str]]:
    """变更记录 entries that end on the licence's current values (date, item, content)."""
    rec, rng = sheet.rec, sheet.rng
    f = rec.fields
    first, last = f["issue_date"] + dt.timedelta(days=90), rec.as_of - dt.timedelta(days=20)
    if last <= first:
        return []
    options: list[tuple[str, str]] = []
    if f.get("legal_representative"):
        old = person_name(rng, rng.choice(list(Gender)))
        if old != f["legal_representative"]:
            options.append(("法定代表人", f"由{old}变更为{f['legal_representative']}"))
    if "principal" in f:
        old = person_name(rng, rng.choice(list(Gender)))
        if old != f["principal"]:
            options.append(("主要负责人", f"由{old}变更为{f['principal']}"))
    if f.get("clinical_departments"):
        options.append(("诊疗科目", "增加" + rng.choice(list(f["clinical_departments"]))))
    if not options:
        return []
    chosen = rng.sample(options, min(len(options), rng.randint(1, 2)))
    days = sorted(first + dt.timedelta(days=rng.randint(0, (last - first).days))
                  for _ in chosen)
    return [(fill.date_text(d), item, text) for d, (item, text) in zip(days, chosen,
                                                                     strict=True)]


def _duplicate_header(ctx: _Ctx, sheet: _Sheet, x0: float, x1: float, y: float, gold: RGB
                      ) -> tuple[float, str]:
    """Emblem, 中华人民共和国, the licence's name and （副本）; returns the y below."""
    rng, t, page = sheet.rng, sheet.rec.doc_type, ctx.page
    cx = (x0 + x1) / 2
    if t in _NATIONAL or rng.random() < 0.4:
        d = rng.uniform(13, 18)
        draw_emblem(page, cx, y + d / 2, d, gold)
        y += d + 2
    saved = ctx.label_color
    ctx.label_color = gold if rng.random() < 0.6 else saved
    if t in _NATIONAL:
        s = rng.uniform(12, 14)
        y += pt_to_mm(s)
        ctx.text(cx, y, "中华人民共和国", s, "title", "m")
    title = ZH[t]
    ts = _fit_title(ctx, title, rng.uniform(20, 26), x1 - x0)
    y += pt_to_mm(ts) * 1.4
    ctx.text(cx, y, title, ts, "title", "m")
    ms = rng.uniform(13, 15)
    y += pt_to_mm(ms) * 1.7
    ctx.text(cx, y, "（副本）", ms, "title", "m")
    ctx.label_color = saved
    return y + rng.uniform(6, 10), title


def compose_duplicate(rec: DocRecord, fonts: FontSet, rng: random.Random, *,
                      part: Part) -> OfficialResult:
    """The licence's 副本 as a portrait page, its record tables on it or on page 2."""
    t = rec.doc_type
    if t not in DUPLICATE_TYPES:
        raise ValueError(f"{t.value} has no 副本")
    a4 = rng.random() < 0.5
    w, h = (210.0, 297.0) if a4 else (rng.uniform(142, 150), rng.uniform(204, 212))
    page = Page(w, h, rng.choice(_PAPERS))
    gold, label_ink, fill_ink = blank_palette(rng)
    shift = _misregistration(rng)
    ctx = _new_ctx(page, fonts, rng, (label_ink, fill_ink), shift)
    inner = add_border(page, rng, rng.uniform(6, 9) if a4 else rng.uniform(5, 7),
                       rng.choice(("double", "triple", "corner")), gold)
    x0, x1 = inner + (12 if a4 else 6), w - inner - (12 if a4 else 6)
    y1 = h - inner - 5
    sheet = _Sheet(rec, part, rng, printed_values(rec, rng))
    meta: dict[str, Any] = {"value_shift_mm": [round(v, 2) for v in shift], "paper": "blank",
                            "background": "none", "border": "official", "second_script": None,
                            "mark": "（副本）", "page_size": "A4" if a4 else "A5"}
    y, title = _duplicate_header(ctx, sheet, x0, x1, inner + 4, gold)
    meta["official_title"] = title
    size = rng.uniform(12, 14) if a4 else rng.uniform(11, 12.5)
    fill = _Fill(ctx, size, rng.random() < 0.7, None, False)
    # the latest validation is the 校验记录 table's last row, not a row of its own
    slots = [s for s in _slots(sheet) if s[0] != "last_validation_date"]
    extras = _extra_rows(sheet)
    if extras:  # after 类别 (or the address), where the 副本 prints them
        at = next((i + 1 for i, (n, _) in enumerate(slots) if n == "institution_kind"), 2)
        for key, label, value in reversed(extras):
            sheet.values[f"extra:{key}"] = value
            slots.insert(at, (f"extra:{key}", label))
    colon = "：" if rng.random() < 0.5 else ""
    bottom_band = 44.0 if t in _NATIONAL else 36.0
    row_room = (y1 - bottom_band) - y
    rule = rng.random() < 0.3
    style = _fit_rows(ctx, sheet, slots, x0, x1, row_room, size, colon, rule,
                      loosest=rng.uniform(1.9, 2.5))
    y = _place_extra_aware(fill, sheet, slots, style, x0, x1, y + style.em)
    if rng.random() < 0.35:
        sentence = sentence_of(t, rng, sheet.part)
        for line in _wrap_label(ctx, sentence, style.size, x1 - x0):
            ctx.text(x0, y, line, style.size)
            y += style.em * 1.5
        meta["sentence"] = sentence

    # the bottom band: the 监制 mark left, the issuer and its date right under its seal
    fill.size = style.size
    band_top = y1 - bottom_band + 8
    meta["jianzhi"] = _jianzhi(ctx, sheet, x0, x0 + (x1 - x0) * 0.45, y1)
    y_issuer, y_date = _issuer_block(fill, sheet, x0 + (x1 - x0) * 0.42, x1, band_top,
                                     centre=x1 - (x1 - x0) * 0.26)
    pos = ctx.field_pos["issuer"]
    _issuer_seal(page, rng, str(rec.fields["issuer"]),
                 pos[0] + min(pos[2], 50) * rng.uniform(0.4, 0.7),
                 (y_issuer + y_date) / 2 - style.em * 0.3)

    # the record tables: under the rows if they fit, else on page 2
    dates, last_field = _validation_rows(sheet, fill)
    changes = _changes(sheet, fill) if rng.random() < 0.4 else []
    tsize = max(MIN_PT, style.size - 1.5)
    v_rows = max(len(dates) + 1, 3)
    v_h = pt_to_mm(tsize) * (1.8 + 2.3 * (v_rows + 1)) + 6
    c_h = pt_to_mm(tsize) * (1.8 + 2.3 * (len(changes) + 2)) + 6 if changes else 0.0
    room = band_top - pt_to_mm(style.size) * 1.5 - y
    v_title = pick(rng, EXTRA_LABELS["validation_title"], part)
    v_heads = (*_VALIDATION_HEADS, pick(rng, EXTRA_LABELS["validation_authority"], part))
    validations = [(d, "合格", str(rec.fields["issuer"])) for d in dates]
    pages = [page]
    variant = "duplicate"
    on_page1 = v_h + c_h <= room and rng.random() < 0.7
    if on_page1:
        y = _table(fill, sheet, x0, x1, y, v_title, v_heads, (0.32, 0.2, 0.48), validations,
                   v_rows, tsize, last_field, seal_col=2) + 4
        if changes:
            c_title = pick(rng, EXTRA_LABELS["change_title"], part)
            _table(fill, sheet, x0, x1, y, c_title, _CHANGE_HEADS, (0.31, 0.2, 0.49),
                   changes, len(changes) + 1, tsize)
            variant += "+changes"
    sheet.printed.update(fill.printed)
    meta["field_positions_mm"] = {k: [round(v, 1) for v in p] for k, p in ctx.field_pos.items()}
    sheet.wrapped = ctx.wrapped
    if not on_page1:
        page2, positions = _record_page(sheet, fonts, page, (label_ink, fill_ink), shift, gold,
                                        dates, last_field, v_title, v_heads, changes)
        pages.append(page2)
        variant += "+page2" + ("+changes" if changes else "")
        meta["page2"] = "validation_record"
        if last_field in positions:
            meta["field_positions_mm"][last_field] = positions[last_field]
            meta["field_pages"] = {last_field: 2}
    meta["fields_page"] = 1
    comp = Composition(pages, "duplicate", variant, sheet.wrapped, meta)
    return OfficialResult(comp, sheet.variants, sheet.printed, sheet.styles, sheet.fields, fonts)


def _place_extra_aware(fill: _Fill, sheet: _Sheet, slots: Sequence[tuple[str, str]],
                       style: _RowStyle, x0: float, x1: float, y: float) -> float:
    """`_place_rows`, with the 副本's extra rows printed untagged (they are no field)."""
    out = y
    for name, label in slots:
        if name.startswith("extra:"):
            ctx = fill.ctx
            end = fill.label(x0, out, label, style.label_w)
            if style.colon:
                ctx.text(end, out, style.colon, style.size)
            vx = _value_x(ctx, style, x0)
            out += _long_value(fill, vx, out, sheet.values[name], None,
                               x1 - vx - _SHIFT_ROOM, style.line_h) + style.pitch
        else:
            out = _place_rows(fill, sheet, [(name, label)], style, x0, x1, out)
    return out


def _record_page(sheet: _Sheet, fonts: FontSet, first: Page, inks: tuple[RGB, RGB],
                 shift: tuple[float, float], gold: RGB, dates: list[str],
                 last_field: str | None, v_title: str, v_heads: Sequence[str],
                 changes: list[tuple[str, str, str]]) -> tuple[Page, dict[str, list[float]]]:
    """Page 2 of the 副本: the 校验记录 table, then the 变更记录 table when there is one."""
    rng = sheet.rng
    page = Page(first.width, first.height, first.paper)
    ctx = _new_ctx(page, fonts, rng, inks, shift)
    inner = add_border(page, rng, rng.uniform(5, 8), rng.choice(("double", "corner")), gold)
    x0, x1 = inner + 8, page.width - inner - 8
    size = rng.uniform(11.5, 13)
    fill = _Fill(ctx, size, rng.random() < 0.7, None, False)
    usable = page.height - 2 * inner - 16
    rows = max(len(dates) + 2, 5)
    row_h = pt_to_mm(size) * 2.3
    if changes:
        rows = min(rows, int(usable * 0.55 / row_h) - 2)
    validations = [(d, "合格", str(sheet.rec.fields["issuer"])) for d in dates]
    y = _table(fill, sheet, x0, x1, inner + 6, v_title, v_heads, (0.32, 0.2, 0.48), validations,
               max(rows, len(dates) + 1), size, last_field, seal_col=2) + 8
    if changes:
        c_title = pick(rng, EXTRA_LABELS["change_title"], sheet.part)
        _table(fill, sheet, x0, x1, y, c_title, _CHANGE_HEADS, (0.31, 0.2, 0.49), changes,
               len(changes) + 2, size)
    sheet.printed.update(fill.printed)
    sheet.wrapped = sheet.wrapped or ctx.wrapped
    return page, {k: [round(v, 1) for v in p] for k, p in ctx.field_pos.items()}

