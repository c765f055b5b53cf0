"""What a document prints: title, label/value rows with their label variants, issuer block.

Label wording, list separators and date formats vary as on real documents; every choice is
recorded (label_variants, date_styles, printed) so a parser's failure can be traced to it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from mchverify.schemas.codes import ZH, Category, DocType
from mchverify.synth.records import DocRecord
from mchverify.synth.textfmt import DateStyle, format_date, join_items

__all__ = ["LABELS", "Content", "Row", "build_content"]


@dataclass
class Row:
    """One printed line of the body: a label and its value, or a sentence (label None)."""

    fields: tuple[str, ...]
    label: str | None
    value: str
    short: bool = False  # may share a table line with another short row


@dataclass
class Content:
    doc_type: str
    title: str
    over_title: str | None = None
    mark: str | None = None
    rows: list[Row] = field(default_factory=list)
    issuer: str = ""
    issuer_label: str | None = None  # None: printed bottom-right under the seal, no label
    date_text: str = ""
    date_label: str | None = None
    seal_text: str = ""
    seal_bottom: str = ""
    personal: bool = False
    photo: bool = False
    footer: list[str] = field(default_factory=list)
    validations: list[tuple[str, str]] = field(default_factory=list)  # (date text, result)
    validation_style: str = "none"  # none | table | row | page2
    paragraphs: list[str] = field(default_factory=list)  # prose of `other` documents
    qr: str | None = None
    label_variants: dict[str, str | None] = field(default_factory=dict)
    date_styles: dict[str, str] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)


def _w(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


#: Label variants per field, with weights (first = most common).
LABELS: dict[str, list[tuple[str, float]]] = {
    "name": [("姓名", 0.5), ("姓　　名", 0.3), ("姓 名", 0.2)],
    "gender": [("性别", 0.6), ("性　别", 0.25), ("性　　别", 0.15)],
    "birth_date": [("出生日期", 0.7), ("出生年月", 0.3)],
    "id_number": [("身份证号", 0.3), ("公民身份号码", 0.25), ("身份证件号码", 0.2),
                  ("身份证号码", 0.25)],
    "work_unit": [("工作单位", 0.75), ("单位", 0.25)],
    "categories_assessment": [("考核项目", 0.35), ("技术类别", 0.2), ("合格项目", 0.2),
                              ("考核合格项目", 0.1)],
    "categories_training": [("培训项目", 0.5), ("合格项目", 0.2), ("培训内容", 0.15),
                            ("技术类别", 0.15)],
    "licensed_items": [("许可项目", 0.5), ("技术服务项目", 0.3), ("许可技术项目", 0.2)],
    "issuer": [("发证机关", 0.6), ("颁发机关", 0.2), ("发证单位", 0.2)],
    "issue_date": [("发证日期", 0.6), ("签发日期", 0.2), ("颁证日期", 0.2)],
    "legal_representative": [("法定代表人", 0.7), ("法人代表", 0.3)],
    "principal": [("主要负责人", 0.7), ("负责人", 0.3)],
    "institution_name": [("机构名称", 0.55), ("名称", 0.15), ("单位名称", 0.15),
                         ("名　　称", 0.15)],
    "address": [("地址", 0.45), ("机构地址", 0.3), ("地　　址", 0.25)],
    "institution_kind": [("类别", 0.5), ("机构类别", 0.5)],
    "clinical_departments": [("诊疗科目", 1.0)],
    "service_items": [("服务项目", 0.6), ("技术服务项目", 0.4)],
    "physician_level": [("医师级别", 1.0)],
    "practice_category": [("执业类别", 1.0)],
    "practice_scope": [("执业范围", 1.0)],
    "practice_institution": [("执业地点", 0.6), ("执业机构", 0.4)],
    "specialty": [("专业", 0.6), ("专业名称", 0.4)],
    "title_name": [("资格名称", 0.45), ("职称", 0.3), ("资格", 0.25)],
    "title_level": [("级别", 0.45), ("资格级别", 0.35), ("职称级别", 0.2)],
    "uscc": [("统一社会信用代码", 1.0)],
    "last_validation_date": [("最近校验日期", 0.5), ("校验日期", 0.5)],
}
_NUMBER_LABELS: dict[DocType, list[tuple[str, float]]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: [("证书编号", 0.6), ("编号", 0.25), ("证号", 0.15)],
    DocType.MCH_TRAINING_CERTIFICATE: [("证书编号", 0.7), ("编号", 0.3)],
    DocType.MCH_PRACTICE_LICENSE: [("许可证编号", 0.5), ("证书编号", 0.3), ("编号", 0.2)],
    DocType.MEDICAL_INSTITUTION_LICENSE: [("登记号", 1.0)],
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: [("证书编码", 0.7), ("执业证书编码", 0.3)],
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: [("资格证书编码", 0.5), ("证书编码", 0.5)],
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: [("证书编号", 0.7), ("编号", 0.3)],
    DocType.FAMILY_PLANNING_LICENSE: [("许可证编号", 0.5), ("证号", 0.25), ("编号", 0.25)],
}
_TITLES: dict[DocType, list[tuple[str, float]]] = {
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: [("专业技术资格证书", 0.5),
                                             ("专业技术职务任职资格证书", 0.25),
                                             ("职称证书", 0.25)],
}
_OVER_TITLE = {DocType.PHYSICIAN_PRACTICE_CERTIFICATE: 0.75,
               DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: 0.75,
               DocType.MEDICAL_INSTITUTION_LICENSE: 0.15,
               DocType.MCH_ASSESSMENT_CERTIFICATE: 0.1}
_SEAL_BOTTOM = {
    "health": [("", 0.5), ("专用章", 0.2), ("行政审批专用章", 0.2), ("证照专用章", 0.1)],
    "hrss": [("", 0.5), ("职称评审专用章", 0.3), ("专用章", 0.2)],
    "family_planning": [("", 0.7), ("专用章", 0.3)],
}
_FOOTERS: dict[DocType, tuple[str, ...]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: ("本证书在有效期内使用", "本证书不得涂改、转让、出借"),
    DocType.MCH_TRAINING_CERTIFICATE: ("本证书仅作为参加母婴保健技术培训的证明",),
    DocType.MCH_PRACTICE_LICENSE: ("本许可证每三年校验一次", "本许可证不得伪造、涂改、出借"),
    DocType.MEDICAL_INSTITUTION_LICENSE: ("中华人民共和国国家卫生健康委员会制",
                                          "本证须悬挂在医疗机构显著位置"),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: ("中华人民共和国国家卫生健康委员会监制",),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: ("中华人民共和国国家卫生健康委员会监制",),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: ("本证书作为持证人具有专业技术资格的凭证",),
    DocType.FAMILY_PLANNING_LICENSE: ("本许可证不得伪造、涂改、出借",),
}


class _Builder:
    """Accumulates rows and the record of every printed choice."""

    def __init__(self, rec: DocRecord, rng: random.Random) -> None:
        self.rec = rec
        self.rng = rng
        self.rows: list[Row] = []
        self.variants: dict[str, str | None] = {}
        self.styles: dict[str, str] = {}
        self.printed: dict[str, str] = {}
        self.body_style: DateStyle = _w(rng, [("cn", 0.45), ("dot", 0.3), ("iso", 0.25)])
        self.pad = rng.random() < 0.4

    def date(self, d: dt.date, fname: str, style: DateStyle | None = None) -> str:
        style = style or self.body_style
        self.styles[fname] = style
        return format_date(d, style, pad=self.pad)

    def add(self, fname: str, value: str, *, label_key: str | None = None,
            short: bool = False) -> None:
        label = _w(self.rng, LABELS[label_key or fname])
        self.variants[fname] = label
        self.printed[fname] = value
        self.rows.append(Row((fname,), label, value, short))

    def cats(self, cats: list[Category]) -> str:
        names = [ZH[c] for c in cats]
        text, _ = join_items(names, self.rng)
        return text


def _validity_row(b: _Builder, start: dt.date, until: dt.date, *, with_from: bool) -> None:
    """有效期至 <date> / 有效期限 <d>至<d> / 有效期：自<d>至<d>; ranges carry valid_from."""
    options = [("有效期限", 0.45), ("有效期", 0.3)] if with_from else [
        ("有效期至", 0.45), ("有效期限", 0.35), ("有效期", 0.2)]
    label = _w(b.rng, options)
    end = b.date(until, "valid_until")
    fields: tuple[str, ...] = ("valid_until",)
    if label == "有效期至":
        value = end
    else:
        begin = b.date(start, "valid_from") if with_from else format_date(
            start, b.body_style, pad=b.pad)
        if with_from:
            fields = ("valid_from", "valid_until")
            b.variants["valid_from"] = label
            b.printed["valid_from"] = begin
        sep = _w(b.rng, [("至", 0.6), (" 至 ", 0.25), ("—", 0.15)])
        value = f"自{begin}至{end}" if label == "有效期" and b.rng.random() < 0.6 else \
            f"{begin}{sep}{end}"
    b.variants["valid_until"] = label
    b.printed["valid_until"] = value
    b.rows.append(Row(fields, label, value))


def _personal_rows(b: _Builder) -> None:
    f = b.rec.fields
    b.add("name", f["name"], short=True)
    if "gender" in f:
        b.add("gender", ZH[f["gender"]], short=True)
    if "birth_date" in f:
        b.add("birth_date", b.date(f["birth_date"], "birth_date"), short=True)
        if b.rng.random() < 0.2:
            b.rows.append(Row((), "民族", "汉族", short=True))
    b.add("id_number", f["id_number"])


def _categories_row(b: _Builder, cats: list[Category], key: str) -> None:
    text = b.cats(cats)
    if b.rng.random() < 0.25:
        lead = _w(b.rng, [("经考核合格，准予从事：", 0.5), ("经考核合格，准予从事", 0.2),
                          ("准予从事下列母婴保健技术服务：", 0.3)]) if key.endswith(
            "assessment") else _w(b.rng, [("经培训考核合格，项目：", 0.6),
                                         ("参加母婴保健技术培训，考核合格，项目：", 0.4)])
        sentence = f"{lead}{text}。"
        b.variants["categories"] = lead
        b.printed["categories"] = sentence
        b.rows.append(Row(("categories",), None, sentence))
        return
    b.add("categories", text, label_key=key)


def _number_row(b: _Builder) -> None:
    label = _w(b.rng, _NUMBER_LABELS[b.rec.doc_type])
    b.variants["certificate_number"] = label
    b.printed["certificate_number"] = b.rec.printed_number
    b.rows.append(Row(("certificate_number",), label, b.rec.printed_number))


def _rows_for(b: _Builder) -> None:
    rec, f, rng = b.rec, b.rec.fields, b.rng
    t = rec.doc_type
    if t == DocType.MCH_ASSESSMENT_CERTIFICATE:
        _personal_rows(b)
        b.add("work_unit", f["work_unit"])
        _categories_row(b, f["categories"], "categories_assessment")
        _number_row(b)
        if "valid_until" in f:
            _validity_row(b, f["issue_date"], f["valid_until"], with_from=False)
    elif t == DocType.MCH_TRAINING_CERTIFICATE:
        _personal_rows(b)
        b.add("work_unit", f["work_unit"])
        _categories_row(b, f["categories"], "categories_training")
        _number_row(b)
    elif t == DocType.PHYSICIAN_PRACTICE_CERTIFICATE:
        _personal_rows(b)
        b.add("physician_level", ZH[f["physician_level"]], short=True)
        cat = ZH[f["practice_category"]]
        b.add("practice_category", cat + ("类别" if rng.random() < 0.4 else ""), short=True)
        b.add("practice_scope", f["practice_scope"])
        b.add("practice_institution", f["practice_institution"])
        _number_row(b)
        if "mch_annotation_categories" in f:
            text = b.cats(f["mch_annotation_categories"])
            if rng.random() < 0.5:
                b.variants["mch_annotation_categories"] = "母婴保健技术服务"
                b.printed["mch_annotation_categories"] = text
                b.rows.append(Row(("mch_annotation_categories",), "母婴保健技术服务", text))
            else:
                lead = _w(rng, [("母婴保健技术：", 0.5), ("准予从事母婴保健技术服务：", 0.3),
                                ("母婴保健技术服务项目：", 0.2)])
                value = lead + text
                b.variants["mch_annotation_categories"] = "备注"
                b.printed["mch_annotation_categories"] = value
                b.rows.append(Row(("mch_annotation_categories",), "备注", value))
    elif t == DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE:
        _personal_rows(b)
        b.add("physician_level", ZH[f["physician_level"]], short=True)
        cat = ZH[f["practice_category"]]
        b.add("practice_category", cat + ("类别" if rng.random() < 0.3 else ""), short=True)
        _number_row(b)
        if rng.random() < 0.5:
            b.rows.append(Row((), None, _w(rng, [
                ("经国家医师资格考试合格，取得医师资格，特发此证。", 0.6),
                ("经审核，具有医师资格。", 0.4)])))
    elif t == DocType.PROFESSIONAL_TITLE_CERTIFICATE:
        _personal_rows(b)
        b.add("work_unit", f["work_unit"])
        b.add("specialty", f["specialty"], short=True)
        b.add("title_name", f["title_name"], short=True)
        b.add("title_level", ZH[f["title_level"]], short=True)
        _number_row(b)
    elif t == DocType.MCH_PRACTICE_LICENSE:
        b.add("institution_name", f["institution_name"])
        b.add("address", f["address"])
        b.add("legal_representative", f["legal_representative"], short=True)
        b.add("licensed_items", b.cats(f["licensed_items"]))
        _number_row(b)
        _validity_row(b, f["issue_date"], f["valid_until"], with_from=False)
    elif t == DocType.MEDICAL_INSTITUTION_LICENSE:
        b.add("institution_name", f["institution_name"])
        b.add("address", f["address"])
        b.add("principal", f["principal"], short=True)
        b.add("legal_representative", f["legal_representative"], short=True)
        b.add("institution_kind", f["institution_kind"], short=True)
        if rng.random() < 0.5:
            inst = rec.institution
            own = "非营利性（政府办）" if inst and inst.public else _w(
                rng, [("非营利性（非政府办）", 0.5), ("营利性", 0.5)])
            b.rows.append(Row((), "经营性质", own, short=True))
        text, _ = join_items(f["clinical_departments"], rng,
                             joiners=(("；", 0.6), ("、", 0.3), ("，", 0.1)))
        b.add("clinical_departments", text)
        _number_row(b)
        if "uscc" in f:
            b.add("uscc", f["uscc"])
        _validity_row(b, f["valid_from"], f["valid_until"], with_from=True)
    elif t == DocType.FAMILY_PLANNING_LICENSE:
        b.add("institution_name", f["institution_name"])
        b.add("address", f["address"])
        b.add("legal_representative", f["legal_representative"], short=True)
        text, _ = join_items(f["service_items"], rng,
                             joiners=(("、", 0.7), ("，", 0.2), ("；", 0.1)))
        b.add("service_items", text)
        _number_row(b)
        _validity_row(b, f["issue_date"], f["valid_until"], with_from=False)


def build_content(rec: DocRecord, rng: random.Random, *, allow_page2: bool) -> Content:
    """Everything printed on the document, before any position is decided."""
    t = rec.doc_type
    b = _Builder(rec, rng)
    _rows_for(b)
    f = rec.fields
    title = _w(rng, _TITLES[t]) if t in _TITLES else ZH[t]
    over = "中华人民共和国" if rng.random() < _OVER_TITLE.get(t, 0.0) else None
    mark = None
    if t in (DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE,
             DocType.FAMILY_PLANNING_LICENSE) and rng.random() < 0.45:
        mark = _w(rng, [("（副本）", 0.5), ("（正本）", 0.3), ("(副本)", 0.2)])
    labelled_issuer = rng.random() < 0.4
    issuer_label = _w(rng, LABELS["issuer"]) if labelled_issuer else None
    date_label = _w(rng, LABELS["issue_date"]) if labelled_issuer else None
    seal_style: DateStyle = _w(rng, [("cn_numeral", 0.75), ("cn", 0.15), ("dot", 0.05),
                                     ("iso", 0.05)])
    date_text = b.date(f["issue_date"], "issue_date", seal_style)
    b.variants["issuer"] = issuer_label
    b.variants["issue_date"] = date_label
    b.printed["issuer"] = f["issuer"]
    b.printed["issue_date"] = date_text

    content = Content(
        doc_type=t.value, title=title, over_title=over, mark=mark, rows=b.rows,
        issuer=f["issuer"], issuer_label=issuer_label, date_text=date_text,
        date_label=date_label, seal_text=f["issuer"],
        seal_bottom=_w(rng, _SEAL_BOTTOM[rec.issuer_kind]),
        personal=rec.person is not None,
        photo=rec.person is not None and rng.random() < 0.6,
        label_variants=b.variants, date_styles=b.styles, printed=b.printed,
    )
    if rng.random() < 0.45:
        content.footer = [rng.choice(_FOOTERS[t])]
    # 校验记录: a row, a small table, or the second page of the file.
    if rec.validation_dates and t != DocType.FAMILY_PLANNING_LICENSE:
        dates = [b.date(d, "last_validation_date") if i == len(rec.validation_dates) - 1
                 else format_date(d, b.body_style, pad=b.pad)
                 for i, d in enumerate(rec.validation_dates)]
        content.validations = [(d, "合格") for d in dates]
        shown = "last_validation_date" in f or t == DocType.MEDICAL_INSTITUTION_LICENSE
        if not shown:
            content.validations = []
            b.styles.pop("last_validation_date", None)
        elif allow_page2 and rng.random() < 0.7:
            content.validation_style = "page2"
        elif t == DocType.MCH_PRACTICE_LICENSE:
            content.validation_style = _w(rng, [("table", 0.6), ("row", 0.4)])
        else:
            content.validation_style = "none"
            content.validations = []
        if "last_validation_date" in f:
            if content.validation_style == "row":
                label = _w(rng, LABELS["last_validation_date"])
                content.rows.append(Row(("last_validation_date",), label, dates[-1]))
                b.variants["last_validation_date"] = label
            else:
                b.variants["last_validation_date"] = "校验记录"
            b.printed["last_validation_date"] = dates[-1]
    if rng.random() < 0.2:
        number = rec.fields["certificate_number"]
        holder = f.get("name") or f.get("institution_name")
        content.qr = f"{ZH[t]}|{number}|{holder}|{f['issue_date'].isoformat()}"
    return content
