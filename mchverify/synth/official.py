"""Official blanks (式样) as the offices issue them, filled in by a printer (formats.md).

Unlike the generic layouts, a blank is printed first and filled later:

- the blank carries the national emblem, 中华人民共和国 above a gold or brown title, the
  labels, the date skeletons (``　　年　　月　　日``, ``自　　年　　月　　日至　　年　　月　　日``),
  fixed sentences (该医疗机构经核准登记，准予执业。), a border, and a red **监制 seal** of the
  ministry (卫生部 / 国家卫生和计划生育委员会 / 国家卫生健康委员会 by the blank's year) or a
  监制 line — never the issuer;
- the fill is another font and colour, and often **misregistered**: every filled value and
  digit shifted by the same few millimetres, touching or crossing the printed labels;
- the issuing authority's own seal is stamped over its name and date, bottom right;
- personal certificates carry a photo with a colourless **steel seal** (钢印) over its corner;
- bilingual blanks of autonomous regions print a second script under or beside each label.

Label wordings, the label column's style and the second scripts are split into the tune
and held-out parts (`parts`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace
from typing import Any, Literal

from mchverify.schemas.codes import ZH, DocType
from mchverify.synth.decor import add_border
from mchverify.synth.fonts import FontSet, text_width_mm
from mchverify.synth.layouts import Composition, _Ctx, _seal, _validation_table
from mchverify.synth.page import RGB, Emboss, Page, Photo, Polyline, Role, Seal, Text, pt_to_mm
from mchverify.synth.parts import Part, pick
from mchverify.synth.records import DocRecord
from mchverify.synth.scripts import ScriptChoice, choose_script, translate
from mchverify.synth.textfmt import cn_numeral_date, join_items

__all__ = ["OFFICIAL_TYPES", "OfficialResult", "blank_palette", "compose_official", "draw_emblem",
           "field_order", "issuer_wordings", "label_for", "ministry_of", "printed_values"]

Opt = tuple[str, float, Part | None]

#: Every contract type has an official blank.
OFFICIAL_TYPES = frozenset(t for t in DocType if t != DocType.OTHER)

# Label wordings on the official blanks. Shared wordings (part None) are the common ones;
# the rarer real wordings are split between the parts.
_LABELS: dict[str, tuple[Opt, ...]] = {
    "name": (("姓名", 0.6, None), ("姓　　名", 0.4, None)),
    "gender": (("性别", 0.7, None), ("性　　别", 0.3, None)),
    "birth_date": (("出生日期", 0.6, None), ("出生年月", 0.2, Part.TUNE),
                   ("出生年月日", 0.2, Part.HELDOUT)),
    "id_number": (("身份证号", 0.4, None), ("公民身份号码", 0.3, Part.TUNE),
                  ("身份证件号码", 0.3, Part.HELDOUT)),
    "work_unit": (("工作单位", 0.7, None), ("单位名称", 0.3, Part.TUNE),
                  ("工作单位名称", 0.3, Part.HELDOUT)),
    "categories_assessment": (("考核项目", 0.6, None), ("考核合格项目", 0.4, Part.TUNE),
                              ("考核类别", 0.4, Part.HELDOUT)),
    "categories_training": (("培训项目", 0.6, None), ("合格项目", 0.4, Part.TUNE),
                            ("培训类别", 0.4, Part.HELDOUT)),
    "licensed_items": (("许可项目", 0.6, None), ("技术服务项目", 0.4, Part.TUNE),
                       ("许可技术项目", 0.4, Part.HELDOUT)),
    "service_items": (("服务项目", 0.7, None), ("技术服务项目", 0.3, None)),
    "institution_name": (("机构名称", 0.6, None), ("名　　称", 0.4, Part.TUNE),
                         ("医疗机构名称", 0.4, Part.HELDOUT)),
    "address": (("地址", 0.6, None), ("地　　址", 0.4, Part.TUNE),
                ("机构地址", 0.4, Part.HELDOUT)),
    "legal_representative": (("法定代表人", 1.0, None),),
    "principal": (("主要负责人", 1.0, None),),
    "institution_kind": (("机构类别", 0.5, None), ("类　　别", 0.5, None)),
    "clinical_departments": (("诊疗科目", 1.0, None),),
    "uscc": (("统一社会信用代码", 1.0, None),),
    "physician_level": (("医师级别", 1.0, None),),
    "practice_category": (("执业类别", 1.0, None),),
    "practice_scope": (("执业范围", 1.0, None),),
    "practice_institution": (("执业地点", 0.6, Part.TUNE), ("主要执业机构", 0.6, Part.HELDOUT),
                             ("执业机构", 0.4, None)),
    "specialty": (("专业", 0.5, Part.TUNE), ("专业名称", 0.5, None)),
    "title_name": (("资格名称", 1.0, None),),
    "title_level": (("资格级别", 0.6, None), ("级　　别", 0.4, None)),
    "issuer": (("发证机关", 0.7, None), ("颁发机关", 0.3, Part.TUNE),
               ("签发机关", 0.3, Part.HELDOUT)),
    "issue_date": (("发证日期", 0.7, None), ("颁证日期", 0.3, Part.TUNE),
                   ("签发日期", 0.3, Part.HELDOUT)),
    "valid_period": (("有效期限", 1.0, None),),
    "valid_until": (("有效期至", 0.7, None), ("有效日期", 0.3, Part.HELDOUT)),
    "last_validation_date": (("最近校验日期", 1.0, None),),
}
_PHYSICIAN_ISSUER: tuple[Opt, ...] = (("发证机关", 0.6, None), ("发证（批准）机关", 0.4, None))
_TITLE_DATE: tuple[Opt, ...] = (("批准日期", 0.5, None), ("发证日期", 0.5, None))
_NUMBER: dict[DocType, tuple[Opt, ...]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: (("证书编号", 0.7, None), ("编　　号", 0.3, None)),
    DocType.MCH_TRAINING_CERTIFICATE: (("证书编号", 0.7, None), ("编号", 0.3, None)),
    DocType.MCH_PRACTICE_LICENSE: (("许可证编号", 0.6, None), ("编号", 0.4, None)),
    DocType.MEDICAL_INSTITUTION_LICENSE: (("登记号", 1.0, None),),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: (("证书编码", 1.0, None),),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: (("证书编码", 0.6, None),
                                                  ("资格证书编码", 0.4, None)),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: (("证书编号", 0.6, None), ("编号", 0.4, None)),
    DocType.FAMILY_PLANNING_LICENSE: (("许可证编号", 0.5, None), ("编号", 0.5, None)),
}
#: Fixed sentences printed on the blank (no value inside them), split between the parts
#: like the label wordings: the reader must take none of them, nor a label word one of
#: them wraps onto, for a value.
_SENTENCES: dict[DocType, tuple[tuple[str, float, Part | None], ...]] = {
    DocType.MEDICAL_INSTITUTION_LICENSE: (
        ("该医疗机构经核准登记，准予执业。", 1.0, None),
        ("经审核，该医疗机构符合执业条件，准予登记执业。", 0.5, Part.HELDOUT)),
    DocType.MCH_PRACTICE_LICENSE: (
        ("经审核，准予从事下列母婴保健技术服务。", 1.0, None),
        ("该机构经审核，准予开展母婴保健技术服务。", 0.6, Part.TUNE),
        ("经审查，该机构符合条件，准予开展下列母婴保健专项技术服务。", 0.6, Part.HELDOUT)),
    DocType.FAMILY_PLANNING_LICENSE: (
        ("经审核，准予从事计划生育技术服务。", 1.0, None),
        ("经审查合格，准予开展下列计划生育技术服务项目。", 0.5, Part.HELDOUT)),
    DocType.MCH_ASSESSMENT_CERTIFICATE: (
        ("经考核合格，准予从事下列母婴保健技术服务。", 1.0, None),
        ("兹证明该同志经母婴保健技术考核合格。", 0.6, Part.TUNE),
        ("该同志经考核合格，具备从事下列母婴保健技术服务的资格。", 0.6, Part.HELDOUT)),
    DocType.MCH_TRAINING_CERTIFICATE: (
        ("兹证明该同志参加母婴保健技术培训，经考核合格。", 1.0, None),
        ("该同志参加母婴保健专项技术培训，成绩合格，特发此证。", 0.5, Part.HELDOUT)),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: (
        ("经注册，准予在注册地点从事医师执业活动。", 1.0, None),
        ("经注册，准予在注册的执业地点按照注册的执业类别、执业范围执业。", 0.5,
         Part.HELDOUT)),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: (
        ("经国家医师资格考试合格，取得医师资格。", 1.0, None),
        ("经国家医师资格考试合格，具有医师资格，特发此证。", 0.5, Part.HELDOUT)),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: (
        ("经全国卫生专业技术资格考试合格，具备下列专业技术资格。", 1.0, None),
        ("本证书表明持证人通过国家统一组织的考试，取得专业技术资格。", 0.6, Part.HELDOUT)),
}


def sentence_of(t: DocType, rng: random.Random, part: Part) -> str:
    """One of the fixed sentences printed on a blank of type `t`."""
    return pick(rng, _SENTENCES[t], part)


_NATIONAL = {DocType.MEDICAL_INSTITUTION_LICENSE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
             DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE}
_LICENCES = {DocType.MEDICAL_INSTITUTION_LICENSE, DocType.MCH_PRACTICE_LICENSE,
             DocType.FAMILY_PLANNING_LICENSE}
_GOLD: tuple[RGB, ...] = ((184, 134, 48), (170, 112, 40), (150, 40, 36), (196, 150, 64))
_BLANK_INK: tuple[RGB, ...] = ((92, 52, 24), (120, 70, 30), (40, 36, 32), (110, 40, 34))
_FILL_INK: tuple[RGB, ...] = ((20, 20, 24), (26, 34, 96), (44, 44, 50))
_RED: RGB = (206, 34, 40)


def ministry_of(issued: dt.date) -> str:
    """The ministry whose 监制 seal a blank of that year carries."""
    if issued < dt.date(2013, 3, 15):
        return "中华人民共和国卫生部"
    if issued < dt.date(2018, 3, 27):
        return "国家卫生和计划生育委员会"
    return "国家卫生健康委员会"


@dataclass
class OfficialResult:
    composition: Composition
    label_variants: dict[str, str | None]
    printed: dict[str, str]
    date_styles: dict[str, str]
    fields: set[str]  # the contract fields printed (a subset of the record's)
    fonts: FontSet  # with the second script's face on a bilingual blank


class _HandCtx(_Ctx):
    """A blank filled in by hand (older certificates): the values' characters are drawn one
    by one with the size, spacing and baseline of a writing hand, the line drifting a
    little, in a pen's ink; the blank's own print stays as it was."""

    def __init__(self, page: Page, fonts: FontSet, rng: random.Random) -> None:
        super().__init__(page, fonts, rng)
        self.slope = rng.uniform(-0.025, 0.025)  # mm of drift per mm written
        self.value_color = rng.choice(((30, 42, 120), (24, 24, 32), (40, 40, 90)))

    def text(self, x: float, y: float, text: str, size: float, role: Role = "label",
             anchor: Literal["l", "m", "r"] = "l", fld: str | None = None) -> None:
        if role != "value":
            super().text(x, y, text, size, role, anchor, fld)
            return
        rng = self.rng
        w = self.width(text, "value", size)
        x -= w / 2 if anchor == "m" else w if anchor == "r" else 0.0
        x, y = x + self.value_shift[0], y + self.value_shift[1]
        cx = x
        for ch in text:
            s = size * rng.uniform(0.92, 1.08)
            if not ch.isspace():
                dy = rng.uniform(-0.45, 0.45) + (cx - x) * self.slope
                self.page.items.append(Text(cx, y + dy, ch, s, "value", "l", self.value_color,
                                            fld))
            cx += self.width(ch, "value", s) * rng.uniform(0.97, 1.08)


class _Fill:
    """The blank (labels, skeletons) and the fill (values, digits) on one page context."""

    def __init__(self, ctx: _Ctx, size: float, pad: bool, script: ScriptChoice | None,
                 script_under: bool) -> None:
        self.ctx = ctx
        self.size = size
        self.pad = pad  # months and days zero-padded by the printer
        self.script = script
        self.script_under = script_under
        self.printed: dict[str, str] = {}

    # --- the blank
    def label(self, x: float, y: float, text: str, width: float | None = None) -> float:
        """A printed label (distributed over `width` when given); returns its right end."""
        ctx = self.ctx
        if width and len(text.replace("　", "")) <= 4:
            ctx.distributed(x, x + width, y, text, self.size)
            end = x + width
        else:
            ctx.text(x, y, text, self.size)
            end = x + ctx.width(text, "label", self.size)
        if self.script is not None:
            line = translate(self.script, text)
            s = self.size * 0.62
            if self.script_under:
                ctx.page.items.append(Text(x, y + pt_to_mm(self.size) * 0.95, line, s,
                                           "script", "l", ctx.label_color))
            else:
                ctx.page.items.append(Text(end + 1.5, y, line, s, "script", "l",
                                           ctx.label_color))
                end += 3 + text_width_mm(ctx.fonts.face("script"), line, s)
        return end

    # --- the fill
    def value(self, x: float, y: float, text: str, fld: str, limit: float, pitch: float) -> float:
        self.printed[fld] = text
        return self.ctx.value(x, y, text, self.size, limit, fld, pitch)

    def date(self, x: float, y: float, day: dt.date, fld: str | None) -> float:
        """``[digits]年[digits]月[digits]日``: the skeleton printed, the digits filled between;
        returns the x after 日."""
        ctx, size = self.ctx, self.size
        digit = ctx.width("0", "value", size)
        em = pt_to_mm(size)
        parts = ((f"{day.year}", "年", 4), (f"{day.month:02d}" if self.pad else f"{day.month}",
                                          "月", 2),
                 (f"{day.day:02d}" if self.pad else f"{day.day}", "日", 2))
        start = x
        for digits, unit, slots in parts:
            gap = digit * slots + em * 0.9
            ctx.text(x + gap / 2, y, digits, size, "value", "m", fld)
            x += gap
            ctx.text(x, y, unit, size)
            x += em
        if fld:  # the date's place is the whole skeleton it was filled into
            ctx._remember(fld, start, y, x - start)
        return x

    def date_text(self, day: dt.date) -> str:
        m = f"{day.month:02d}" if self.pad else f"{day.month}"
        d = f"{day.day:02d}" if self.pad else f"{day.day}"
        return f"{day.year}年{m}月{d}日"


def _circle(cx: float, cy: float, r: float, n: int = 72) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n))
            for k in range(n)]


def _star(cx: float, cy: float, r: float, turn: float = 0.0) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = math.radians(-90 + 36 * i + turn)
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def _emblem(page: Page, cx: float, cy: float, d: float, gold: RGB) -> None:
    """The national emblem, drawn simply: a gold ring, a red disk, five stars, the gate."""
    red: RGB = (196, 30, 36)
    page.items.append(Polyline(_circle(cx, cy, d / 2), 0.2, gold, True, gold))
    page.items.append(Polyline(_circle(cx, cy, d * 0.4), 0.2, red, True, red))
    page.items.append(Polyline(_star(cx, cy - d * 0.17, d * 0.1), 0.1, gold, True, gold))
    for k, (dx, dy) in enumerate(((-0.17, -0.25), (-0.07, -0.3), (0.07, -0.3), (0.17, -0.25))):
        page.items.append(Polyline(_star(cx + dx * d, cy + dy * d * 0.8, d * 0.035,
                                         turn=(-20, -8, 8, 20)[k]), 0.05, gold, True, gold))
    gate = [(cx - d * 0.22, cy + d * 0.2), (cx + d * 0.22, cy + d * 0.2),
            (cx + d * 0.22, cy + d * 0.05), (cx - d * 0.22, cy + d * 0.05)]
    page.items.append(Polyline(gate, 0.1, gold, True, gold))
    page.items.append(Polyline([(cx - d * 0.26, cy + d * 0.02), (cx + d * 0.26, cy + d * 0.02),
                                (cx + d * 0.2, cy - d * 0.04), (cx - d * 0.2, cy - d * 0.04)],
                               0.1, gold, True, gold))


def _values(rec: DocRecord, rng: random.Random) -> dict[str, str]:
    """Printed text of each non-date field."""
    out: dict[str, str] = {}
    for name, value in rec.fields.items():
        if isinstance(value, dt.date):
            continue
        if isinstance(value, list):
            if name == "clinical_departments":
                out[name] = join_items(value, rng, joiners=(("；", 0.5), ("、", 0.5)))[0]
            else:
                items = [ZH[v] if v in ZH else str(v) for v in value]  # type: ignore[index]
                out[name] = join_items(items, rng, joiners=(("、", 0.8), ("，", 0.2)))[0]
        elif value in ZH:  # type: ignore[comparison-overlap]
            out[name] = ZH[value]  # type: ignore[index]
        else:
            out[name] = str(value)
    if rec.printed_number:
        out["certificate_number"] = rec.printed_number
    return out


_ORDER: dict[DocType, tuple[str, ...]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: ("name", "gender", "birth_date", "id_number",
                                         "work_unit", "categories", "certificate_number",
                                         "valid_until"),
    DocType.MCH_TRAINING_CERTIFICATE: ("name", "id_number", "work_unit", "categories",
                                       "certificate_number"),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: ("name", "gender", "birth_date", "id_number",
                                             "physician_level", "practice_category",
                                             "practice_scope", "practice_institution",
                                             "mch_annotation_categories",
                                             "certificate_number"),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: ("name", "gender", "birth_date", "id_number",
                                                  "physician_level", "practice_category",
                                                  "certificate_number"),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: ("name", "gender", "birth_date", "id_number",
                                             "work_unit", "specialty", "title_name",
                                             "title_level", "certificate_number"),
    DocType.MCH_PRACTICE_LICENSE: ("institution_name", "address", "legal_representative",
                                   "licensed_items", "certificate_number", "period",
                                   "last_validation_date"),
    DocType.MEDICAL_INSTITUTION_LICENSE: ("institution_name", "address", "institution_kind",
                                          "clinical_departments", "legal_representative",
                                          "principal", "uscc", "certificate_number",
                                          "period"),
    DocType.FAMILY_PLANNING_LICENSE: ("institution_name", "address", "legal_representative",
                                      "service_items", "certificate_number", "period"),
}


def _label_for(name: str, t: DocType, rng: random.Random, part: Part) -> str:
    if name == "certificate_number":
        return pick(rng, _NUMBER[t], part)
    if name == "categories":
        key = "categories_training" if t == DocType.MCH_TRAINING_CERTIFICATE else \
            "categories_assessment"
        return pick(rng, _LABELS[key], part)
    if name == "mch_annotation_categories":
        return "备注"
    if name == "period":
        return pick(rng, _LABELS["valid_period"], part)
    return pick(rng, _LABELS[name], part)


def compose_official(rec: DocRecord, fonts: FontSet, rng: random.Random, *, part: Part,
                     bilingual: bool = False, shift: tuple[float, float] | None = None,
                     jianzhi: str | None = None, hand: bool = False) -> OfficialResult:
    """Page 1 of `rec` on its official blank, filled by a printer (see the module doc).

    `shift` (mm, x and y) and `jianzhi` (seal | printed | line | none) fix what is otherwise
    drawn, so that a test can pin one phenomenon. `hand`: the blank filled in by hand
    (give `fonts` a handwriting-like value face).
    """
    t = rec.doc_type
    f = rec.fields
    landscape = t in _LICENCES
    w, h = (297.0, 210.0) if landscape else (210.0, 297.0)
    paper: RGB = rng.choice(((250, 247, 236), (252, 250, 244), (246, 242, 228),
                             (251, 251, 248)))
    page = Page(w, h, paper)
    script = choose_script(rng, part) if bilingual else None
    if script is not None:
        fonts = replace(fonts, script=script.face)
    ctx = _HandCtx(page, fonts, rng) if hand else _Ctx(page, fonts, rng)
    gold = rng.choice(_GOLD)
    ctx.label_color = rng.choice(_BLANK_INK)
    if not hand:
        ctx.value_color = rng.choice(_FILL_INK)
    shifted = rng.random() < 0.75
    if shifted:  # the printer's feed: every fill off by the same few millimetres
        ctx.value_shift = (rng.uniform(-3.0, 3.0), rng.uniform(-2.6, 2.6))
    if hand:  # a hand writes on the line, not off it by a printer's feed
        ctx.value_shift = (0.0, rng.uniform(-0.8, 0.3))
    if shift is not None:
        ctx.value_shift = shift
    meta: dict[str, Any] = {"value_shift_mm": [round(v, 2) for v in ctx.value_shift],
                            "paper": "blank", "background": "none",
                            "second_script": script.script if script else None}
    inner = add_border(page, rng, rng.uniform(7, 10), rng.choice(("double", "triple",
                                                                  "corner")), gold)
    meta["border"] = "official"
    x0, x1 = inner + 14, w - inner - 14
    y = inner + 6
    national = t in _NATIONAL
    if national or rng.random() < 0.5:
        d = rng.uniform(17, 22)
        _emblem(page, w / 2, y + d / 2, d, gold)
        y += d + 2
    title_color = gold if rng.random() < 0.7 else ctx.label_color
    saved = ctx.label_color
    ctx.label_color = title_color
    if national:
        s = rng.uniform(14, 17)
        y += pt_to_mm(s)
        ctx.text(w / 2, y, "中华人民共和国", s, "title", "m")
        y += pt_to_mm(s) * 0.4
    title = ZH[t] if t != DocType.PROFESSIONAL_TITLE_CERTIFICATE else rng.choice(
        ("专业技术资格证书", "卫生专业技术资格证书"))
    ts = rng.uniform(24, 30) if landscape else rng.uniform(22, 27)
    y += pt_to_mm(ts) * 1.1
    ctx.text(w / 2, y, title, ts, "title", "m")
    y += pt_to_mm(ts) * 0.3
    mark = None
    if t in _LICENCES and rng.random() < 0.6:
        mark = "（正本）"
        ms = rng.uniform(12, 14)
        y += pt_to_mm(ms) * 1.2
        ctx.text(w / 2, y, mark, ms, "title", "m")
    ctx.label_color = saved
    if script is not None:
        y += pt_to_mm(11) * 1.3
        page.items.append(Text(w / 2, y, translate(script, title), 11, "script", "m",
                               title_color))
    y += rng.uniform(8, 12)

    size = rng.uniform(12.5, 14.5) if landscape else rng.uniform(12.5, 15)
    em = pt_to_mm(size)
    fill = _Fill(ctx, size, rng.random() < 0.7, script, rng.random() < 0.65)
    values = _values(rec, rng)
    variants: dict[str, str | None] = {}
    styles: dict[str, str] = {}
    fields: set[str] = set()
    order = [n for n in _ORDER[t] if n in f or n == "period"]
    slots = [(n, _label_for(n, t, rng, part)) for n in order]
    # the issuer block's wording
    issuer_opts = _PHYSICIAN_ISSUER if t in (DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                                             DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE) \
        else _LABELS["issuer"]
    issuer_labelled = rng.random() < 0.6
    issuer_label = pick(rng, issuer_opts, part) if issuer_labelled else None
    date_label = (pick(rng, _TITLE_DATE, part) if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE
                  else pick(rng, _LABELS["issue_date"], part)) if issuer_labelled else None

    label_w = em * max(4, max(len(lb.replace("　", "")) for _, lb in slots if lb) + 0.5)
    colon = "：" if rng.random() < 0.4 else ""
    pitch = em * rng.uniform(2.3, 2.8) * (1.25 if script and fill.script_under else 1.0)
    photo_box = None
    body_x0 = x0 + (10 if landscape else 4)
    body_x1 = x1
    if not landscape and rec.person is not None:
        pw = rng.uniform(26, 30)
        photo_box = (x1 - pw, y, x1, y + pw * 1.4)
        page.items.append(Photo(*photo_box, style=rng.choice(("frame", "portrait"))))
        page.items.append(Emboss(photo_box[0] + rng.uniform(-2, 4), photo_box[3] - rng.uniform(2, 6),
                                 rng.uniform(24, 30)))
    sentence = sentence_of(t, rng, part)
    sentence_first = rng.random() < 0.5 and not landscape
    if sentence_first:
        y += em
        ctx.text(body_x0, y, sentence, size)
        if script is not None:
            page.items.append(Text(body_x0, y + em * 1.1, translate(script, sentence),
                                   size * 0.6, "script", "l", ctx.label_color))
            y += em
        y += pitch

    columns: list[list[tuple[str, str]]] = [slots]
    if landscape and len(slots) > 4:
        split = {DocType.MEDICAL_INSTITUTION_LICENSE: 4}.get(t, (len(slots) + 1) // 2)
        body = [s for s in slots if s[0] != "period"]
        columns = [body[:split], body[split:]]
    col_w = (body_x1 - body_x0) / len(columns)
    top = y + em
    bottom_y = top
    for ci, col in enumerate(columns):
        cx0 = body_x0 + ci * col_w
        cx1 = cx0 + col_w - (8 if ci + 1 < len(columns) else 0)
        yy = top
        for name, label in col:
            right = cx1
            if photo_box and yy - em < photo_box[3] + 2 and yy > photo_box[1] - 2:
                right = photo_box[0] - 4
            lw = label_w if len(columns) == 1 else min(label_w, em * 5.5)
            vx = fill.label(cx0, yy, label, lw) + (em * 0.3 if not colon else 0)
            if colon:
                ctx.text(vx, yy, colon, size)
                vx += em
            vx += em * 0.6
            extra = _fill_slot(fill, t, rec, name, vx, yy, right - vx, pitch, values, styles)
            variants[name if name != "period" else "valid_until"] = label
            fields.update(_slot_fields(t, name, f))
            yy += pitch + extra
        bottom_y = max(bottom_y, yy)
    y = bottom_y
    period_slot = [s for s in slots if s[0] == "period"]
    if len(columns) > 1 and period_slot:
        name, label = period_slot[0]
        vx = fill.label(body_x0, y, label, min(label_w, em * 5.5)) + em * 0.9
        if colon:
            ctx.text(vx - em * 0.6, y, colon, size)
            vx += em * 0.4
        _fill_slot(fill, t, rec, "period", vx, y, body_x1 - vx, pitch, values, styles)
        variants["valid_until"] = label
        fields.update(_slot_fields(t, "period", f))
        y += pitch
    if "valid_from" in fields:
        variants["valid_from"] = variants["valid_until"]
    if not sentence_first:
        ctx.text(w / 2 if landscape else body_x0, y + em * 0.5, sentence, size,
                 anchor="m" if landscape else "l")
        y += pitch
    if "last_validation_date" in f and rec.validation_dates:
        from mchverify.synth.content import Content
        from mchverify.synth.textfmt import format_date
        dates = [format_date(d, "cn", pad=fill.pad) for d in rec.validation_dates]
        c = Content(doc_type=t.value, title=title, validations=[(d, "合格") for d in dates],
                    issuer=str(f["issuer"]))
        _validation_table(ctx, c, body_x0, y, (body_x1 - body_x0) * 0.42, max(11.0, size - 2))
        variants["last_validation_date"] = "校验记录"
        fill.printed["last_validation_date"] = dates[-1]
        styles["last_validation_date"] = "cn"
        fields.add("last_validation_date")

    # bottom: the 监制 seal left, the issuer and its date right under the issuer's seal
    jz_y = h - inner - rng.uniform(26, 32)
    ministry = ministry_of(f["issue_date"])
    jz_meta: dict[str, Any]
    draw = rng.random()
    if jianzhi is not None:
        draw = {"line": 0.0, "none": 1.0, "printed": 0.0, "seal": 1.0}[jianzhi]
    printed = rng.random() < 0.35 if jianzhi is None else jianzhi == "printed"
    if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE or (t not in _NATIONAL and draw < 0.5):
        if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE:
            line = rng.choice(("人力资源和社会保障部　" + ministry.replace("中华人民共和国", "")
                               + "　监制", ministry + "监制"))
        else:  # a provincial blank: the province's commission had it printed
            line = _provincial(rec) + "监制"
        ctx.text(w / 2, h - inner - 6, line, max(10.5, size - 2), "small", "m")
        jz_meta = {"kind": "line", "text": line}
    elif t not in _NATIONAL:
        jz_meta = {"kind": "none"}
    elif printed:  # the ministry's name and 监制 printed in the blank's ink
        jx, line_s = x0 + rng.uniform(24, 36), max(10.5, size - 1.5)
        jz_y = max(jz_y, y + em)  # the blank leaves its fields room above it
        ctx.text(jx, jz_y, ministry, line_s, "label", "m")
        ctx.text(jx, jz_y + pt_to_mm(line_s) * 1.6, "监制", line_s, "label", "m")
        jz_meta = {"kind": "printed", "text": ministry}
    else:
        jx = x0 + rng.uniform(22, 34)
        jd = rng.uniform(30, 36)
        jz_y = max(jz_y, y + jd * 0.35)
        jseal = Seal(cx=jx, cy=jz_y, diameter=jd, text=ministry, bottom="",
                     color=_RED, rotation=0.0, opacity=rng.uniform(0.85, 0.95),
                     kind="jianzhi")
        page.seals.append(jseal)
        ctx.page.items.append(Text(jx, jz_y + jd / 2 + pt_to_mm(12) * 1.2, "监制", 12, "label",
                                   "m", _RED))
        jz_meta = {"kind": "seal", "text": ministry, "center_mm": [round(jx, 1), round(jz_y, 1)]}
    ix = x1 - rng.uniform(40, 55)
    iy = max(y + em * 2, h - inner - rng.uniform(36, 44))
    issuer = str(f["issuer"])
    if issuer_label:
        need = ctx.width(issuer_label, "label", size) + 4 + ctx.width(issuer, "value", size)
        lx = min(ix - 42, x1 - need - 4)
        end = fill.label(lx, iy, issuer_label)
        ctx.text(end + 2, iy, issuer, size, "value", fld="issuer")
        ctx._remember("issuer", end + 2, iy, ctx.width(issuer, "value", size))
        seal_x = end + 2 + min(ctx.width(issuer, "value", size), 50) / 2
        end2 = fill.label(lx, iy + pitch, date_label or "发证日期")
        date_y = iy + pitch
        date_x = end2 + 2
    else:
        iw = ctx.width(issuer, "value", size)
        ix = min(ix, x1 - iw / 2 - 4)
        ctx.text(ix, iy, issuer, size, "value", "m", "issuer")
        ctx._remember("issuer", ix - iw / 2, iy, iw)
        seal_x = ix
        date_y = iy + em * 2
        date_x = ix - em * 5.5
    issued = f["issue_date"]
    if rng.random() < 0.2:  # the date stamped in Chinese numerals
        text = cn_numeral_date(issued)
        ctx.text(date_x, date_y, text, size, "value", fld="issue_date")
        ctx._remember("issue_date", date_x, date_y, ctx.width(text, "value", size))
        styles["issue_date"] = "cn_numeral"
        fill.printed["issue_date"] = text
    else:
        fill.date(date_x, date_y, issued, "issue_date")
        styles["issue_date"] = "cn"
        fill.printed["issue_date"] = fill.date_text(issued)
    fill.printed["issuer"] = issuer
    fields.update({"issuer", "issue_date"})
    variants["issuer"] = issuer_label
    variants["issue_date"] = date_label
    from mchverify.synth.content import Content as _C

    seal_content = _C(doc_type=t.value, title=title, seal_text=issuer,
                      seal_bottom=rng.choice(("", "", "专用章", "行政审批专用章")))
    _seal(ctx, seal_content, seal_x + rng.uniform(-6, 6), (iy + date_y) / 2 - em * 0.3)
    meta.update({"jianzhi": jz_meta, "official_title": title, "mark": mark,
                 "field_positions_mm": {k: [round(v, 1) for v in pos]
                                        for k, pos in ctx.field_pos.items()}})
    variant = "official-" + ("2col" if len(columns) > 1 else "1col") + (
        "-bilingual" if script else "") + ("-hand" if hand else "")
    comp = Composition([page], "official", variant, ctx.wrapped, meta)
    return OfficialResult(comp, variants, fill.printed, styles, fields, fonts)


def _provincial(rec: DocRecord) -> str:
    """The provincial health authority's name in the blank's year."""
    from mchverify.synth.geo import health_issuer

    return health_issuer("province", rec.place, rec.fields["issue_date"])


def _slot_fields(t: DocType, name: str, f: dict[str, Any]) -> set[str]:
    if name == "period":
        return {"valid_until"} | ({"valid_from"} if "valid_from" in f else set())
    return {name}


def _fill_slot(fill: _Fill, t: DocType, rec: DocRecord, name: str, x: float, y: float,
               limit: float, pitch: float, values: dict[str, str],
               styles: dict[str, str]) -> float:
    """Fill one slot of the blank; returns the extra height a wrapped value took."""
    f = rec.fields
    if name == "period":
        start = f.get("valid_from") or f["issue_date"]
        ctx = fill.ctx
        ctx.text(x, y, "自", fill.size)
        x += pt_to_mm(fill.size) * 1.4
        x = fill.date(x, y, start, "valid_from" if "valid_from" in f else None)
        x += pt_to_mm(fill.size) * 0.4
        ctx.text(x, y, "至", fill.size)
        x += pt_to_mm(fill.size) * 1.4
        fill.date(x, y, f["valid_until"], "valid_until")
        text = f"自{fill.date_text(start)}至{fill.date_text(f['valid_until'])}"
        fill.printed["valid_until"] = text
        styles["valid_until"] = "cn"
        if "valid_from" in f:
            fill.printed["valid_from"] = text
            styles["valid_from"] = "cn"
        return 0.0
    value = f[name]
    if isinstance(value, dt.date):
        fill.date(x, y, value, name)
        fill.printed[name] = fill.date_text(value)
        styles[name] = "cn"
        return 0.0
    text = values[name]
    if name == "mch_annotation_categories":
        text = "母婴保健技术服务项目：" + text
    return fill.value(x, y, text, name, limit, pitch)


# --------------------------------------------------------------------------- shared with
# the other print formats of the same blanks (`booklet`): public names over the helpers above


def field_order(t: DocType) -> tuple[str, ...]:
    """The slots of `t`'s blank in printed order (``period`` for a 自…至… validity row)."""
    return _ORDER[t]


def label_for(name: str, t: DocType, rng: random.Random, part: Part) -> str:
    """The printed label of slot `name` on a blank of `t`, drawn from `part`'s wordings."""
    return _label_for(name, t, rng, part)


def printed_values(rec: DocRecord, rng: random.Random) -> dict[str, str]:
    """The printed text of each non-date field of `rec` (lists joined, codes in Chinese)."""
    return _values(rec, rng)


def issuer_wordings(t: DocType, rng: random.Random, part: Part) -> tuple[str, str]:
    """The labels of the issuer and of its date on a blank of `t`."""
    physician = t in (DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                      DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE)
    issuer = pick(rng, _PHYSICIAN_ISSUER if physician else _LABELS["issuer"], part)
    date = pick(rng, _TITLE_DATE if t == DocType.PROFESSIONAL_TITLE_CERTIFICATE
                else _LABELS["issue_date"], part)
    return issuer, date


def blank_palette(rng: random.Random) -> tuple[RGB, RGB, RGB]:
    """The blank's gold (title, frame), its label ink and the printer's fill ink."""
    return rng.choice(_GOLD), rng.choice(_BLANK_INK), rng.choice(_FILL_INK)


def draw_emblem(page: Page, cx: float, cy: float, d: float, gold: RGB) -> None:
    """The national emblem of diameter `d` mm centred at (cx, cy)."""
    _emblem(page, cx, cy, d, gold)
