"""The electronic licence (电子证照) as its own design, not a generic page saved as a PDF.

Issuing systems since about 2020 export a certificate as a PDF with a text layer
(formats.md): a coloured header band with 电子证照, the title, a QR code to verify it, the
certificate's fields as label–value rows, the issuer with a crisp **electronic seal** and
the issue date, and a footer of the system's own: the e-licence's identifier (an OID-like
code), the holder's code, a verification code, the download time and a sentence on its
legal effect. Those extra numbers are the trap: each number must go to the field its label
names, and none of the system's own numbers is the certificate number.

Label wordings reuse the official blanks' (split between the parts); the footer's wordings
are split as well.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from typing import Any

import qrcode

from mchverify.schemas.codes import ZH, DocType
from mchverify.synth.fonts import FontSet, text_width_mm
from mchverify.synth.layouts import Composition
from mchverify.synth.official import (
    OfficialResult,
    field_order,
    issuer_wordings,
    label_for,
    printed_values,
)
from mchverify.synth.page import Page, Polyline, Qr, Rect, Seal, Text, pt_to_mm
from mchverify.synth.parts import Part, pick
from mchverify.synth.records import DocRecord
from mchverify.synth.textfmt import format_date

__all__ = ["FOOTER_LABELS", "compose_elicence"]

#: the footer's labels of the issuing system's own data, by part
FOOTER_LABELS: dict[str, tuple[tuple[str, float, Part | None], ...]] = {
    "identifier": (("证照标识", 1.0, Part.TUNE), ("证照标识码", 1.0, Part.HELDOUT)),
    "holder_code": (("持证主体代码", 1.0, None),),
    "check_code": (("验证码", 1.0, Part.TUNE), ("核验码", 1.0, Part.HELDOUT)),
    "when": (("下载时间", 1.0, Part.TUNE), ("生成时间", 1.0, Part.HELDOUT)),
}
_BANDS: tuple[tuple[int, int, int], ...] = ((178, 34, 40), (24, 84, 160), (20, 110, 120))
_NATIONAL = {DocType.MEDICAL_INSTITUTION_LICENSE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
             DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE}
_INK = (30, 30, 34)
_LABEL_INK = (90, 90, 96)
_W, _H = 210.0, 297.0


def _wrap(fonts: FontSet, text: str, size: float, width: float) -> list[str]:
    """`text` cut into lines of at most `width` mm (characters stay whole)."""
    lines, line = [], ""
    for ch in text:
        if line and text_width_mm(fonts.value, line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def _identifier(rec: DocRecord, rng: random.Random) -> str:
    """An e-licence identifier in the national scheme's shape: 1.2.156.3005.2.<type>.<code>…"""
    kind = rng.choice(("11100000000013338W008", "11100000MB0143028R001", "11330000002482063N002"))
    return f"1.2.156.3005.2.{kind}.{rng.randint(10**13, 10**14 - 1)}.{rng.randint(1, 9):03d}"


def _footer(rec: DocRecord, rng: random.Random, part: Part, y: float,
            page: Page) -> dict[str, str]:
    """The system's footer lines; returns what it printed, by kind."""
    f = rec.fields
    holder = str(f.get("uscc") or f.get("id_number") or "")
    when = dt.datetime.combine(rec.as_of, dt.time(rng.randint(8, 18), rng.randint(0, 59),
                                                  rng.randint(0, 59)))
    values = {
        "identifier": _identifier(rec, rng),
        "holder_code": holder,
        "check_code": "".join(rng.choice(string.ascii_uppercase + string.digits)
                              for _ in range(rng.choice((6, 8)))),
        "when": when.strftime("%Y-%m-%d %H:%M:%S"),
    }
    size = rng.uniform(7.5, 9.0)
    printed = {}
    for kind, value in values.items():
        if not value:
            continue
        label = pick(rng, FOOTER_LABELS[kind], part)
        page.items.append(Text(20, y, f"{label}：{value}", size, "label", "l", _LABEL_INK))
        printed[kind] = f"{label}：{value}"
        y += pt_to_mm(size) * 1.6
    page.items.append(Text(_W / 2, y + 2, "本电子证照与纸质证照具有同等法律效力", size, "label", "m",
                           _LABEL_INK))
    return printed


def compose_elicence(rec: DocRecord, fonts: FontSet, rng: random.Random, *, part: Part
                     ) -> OfficialResult:
    """One e-licence page of record `rec`: what it prints is what its label holds."""
    t = rec.doc_type
    f = rec.fields
    page = Page(_W, _H, (255, 255, 255))
    band = rng.choice(_BANDS)
    page.items.append(Rect(0, 0, _W, 16, band, 0.0, fill=band))
    page.items.append(Text(14, 10.5, "电子证照", 13, "title", "l", (255, 255, 255)))
    y = 30.0
    if t in _NATIONAL and rng.random() < 0.7:
        page.items.append(Text(_W / 2, y, "中华人民共和国", 14, "title", "m", _INK))
        y += 10
    title = ZH[t] if t != DocType.PROFESSIONAL_TITLE_CERTIFICATE else "卫生专业技术资格证书"
    page.items.append(Text(_W / 2, y + 4, title, rng.uniform(20, 24), "title", "m", band))
    y += 16
    # the QR code to verify it, top right, with its caption
    qr_size = rng.uniform(26, 32)
    payload = (f"{ZH[t]}|{rec.printed_number or f['certificate_number']}|"
               f"{f.get('name') or f.get('institution_name')}|{f['issue_date'].isoformat()}"
               if rng.random() < 0.6 else
               f"https://zwfw.example.gov.cn/dzzz/verify?id={rng.randint(10**15, 10**16 - 1)}")
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    qx, qy = _W - 20 - qr_size, y
    page.items.append(Qr(qx, qy, qr_size, [list(r) for r in code.get_matrix()]))
    page.items.append(Text(qx + qr_size / 2, qy + qr_size + 5, pick(
        rng, (("扫码核验", 1.0, None), ("扫一扫 验真伪", 0.5, Part.HELDOUT)), part),
        8, "label", "m", _LABEL_INK))
    # the rows: label, colon, value; long values wrap under themselves
    values = printed_values(rec, rng)
    size = rng.uniform(10.5, 12)
    em = pt_to_mm(size)
    label_x, value_x = 22.0, 22.0 + em * 7.2
    y = max(y + 6, qy + qr_size + 14)
    printed: dict[str, str] = {}
    positions: dict[str, list[float]] = {}  # field: x, baseline y, width (mm)
    variants: dict[str, str | None] = {}
    styles: dict[str, str] = {}
    fields: set[str] = set()
    date_style = rng.choice(("cn", "iso"))
    pad = rng.random() < 0.6

    def date_text(d: dt.date) -> str:
        return format_date(d, date_style, pad=pad)  # type: ignore[arg-type]

    rows: list[tuple[str, str, tuple[str, ...]]] = []
    for name in field_order(t):
        if name == "period":
            label = label_for("period", t, rng, part)
            start = f.get("valid_from") or f["issue_date"]
            text = f"{date_text(start)}至{date_text(f['valid_until'])}"
            names: tuple[str, ...] = (("valid_until", "valid_from") if "valid_from" in f
                                      else ("valid_until",))
            rows.append((label, text, names))
        elif name in f:
            value = f[name]
            if name == "mch_annotation_categories":
                label, text = "备注", "母婴保健技术服务项目：" + values[name]
            else:
                label = label_for(name, t, rng, part)
                text = date_text(value) if isinstance(value, dt.date) else values[name]
            rows.append((label, text, (name,)))
    issuer_label, date_label = issuer_wordings(t, rng, part)
    widest = max(text_width_mm(fonts.label, f"{label.replace('　', '')}：", size)
                 for label, _, _ in rows)
    value_x = max(value_x, label_x + widest + em * 0.6)
    for label, text, names in rows:
        page.items.append(Text(label_x, y, f"{label.replace('　', '')}：", size, "label", "l",
                               _LABEL_INK))
        lines = _wrap(fonts, text, size, _W - 22 - value_x)
        for n in names:
            positions[n] = [value_x, y, text_width_mm(fonts.value, lines[0], size)]
        for i, line in enumerate(lines):
            page.items.append(Text(value_x, y + i * em * 1.35, line, size, "value", "l", _INK,
                                   field=names[0] if i == 0 else None))
        for n in names:
            printed[n], variants[n], fields = text, label, fields | {n}
            if isinstance(f.get(n), dt.date):
                styles[n] = date_style
        y += em * 1.35 * (len(lines) - 1) + em * 2.1
    page.items.append(Polyline([(20, y), (_W - 20, y)], 0.2, (200, 200, 204)))
    # the issuer, its date and the electronic seal over them, bottom right
    y = max(y + 16, 218.0)
    ix = _W * 0.5
    page.items.append(Text(ix, y, f"{issuer_label}：{f['issuer']}", size, "value", "l", _INK,
                           field="issuer"))
    page.items.append(Text(ix, y + em * 2, f"{date_label}：{date_text(f['issue_date'])}", size,
                           "value", "l", _INK, field="issue_date"))
    for k, (name, label) in enumerate((("issuer", issuer_label), ("issue_date", date_label))):
        head = text_width_mm(fonts.value, f"{label}：", size)
        value = str(f["issuer"]) if name == "issuer" else date_text(f["issue_date"])
        positions[name] = [ix + head, y + k * em * 2, text_width_mm(fonts.value, value, size)]
    printed["issuer"], variants["issuer"] = str(f["issuer"]), issuer_label
    printed["issue_date"], variants["issue_date"] = date_text(f["issue_date"]), date_label
    styles["issue_date"] = date_style
    fields |= {"issuer", "issue_date"}
    page.seals.append(Seal(cx=ix + rng.uniform(28, 40), cy=y + em * 0.8, diameter=rng.uniform(38, 42),
                           text=str(f["issuer"]), bottom=rng.choice(("", "电子印章")),
                           color=(230, 0, 18), rotation=0.0, opacity=0.95))
    footer = _footer(rec, rng, part, 262.0, page)
    meta: dict[str, Any] = {"official_title": title, "mark": None, "qr_payload": payload,
                            "footer": footer, "fields_page": 1,
                            "field_positions_mm": {k: [round(v, 1) for v in pos]
                                                   for k, pos in positions.items()}}
    comp = Composition([page], "e_licence", "e-licence", False, meta)
    return OfficialResult(comp, variants, printed, styles, fields & set(f), fonts)
