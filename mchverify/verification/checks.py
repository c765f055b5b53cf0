"""Document checks (domain.md §3): small functions from what was read (plus the registry and
an as-of date) to flags. Each flag carries its evidence and, where a rule stands behind it,
the rule's citation from `rules.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from stdnum.cn import ric, uscc

from mchverify.schemas.codes import FIELD_ZH, ZH, Category, DocType, IssuerLevel, RegistryStatus
from mchverify.schemas.documents import required_fields
from mchverify.schemas.extraction import ExtractionResult, FieldValue
from mchverify.schemas.registry import RegistryEntry
from mchverify.schemas.types import id_number_is_valid
from mchverify.schemas.verification import Evidence, Flag, FlagCode, ImageEvidence
from mchverify.verification import rules as R
from mchverify.verification.crosscheck import compare_field, cross_check
from mchverify.verification.issuer import issuer_level
from mchverify.verification.registry import RegistryAdapter
from mchverify.verification.seal_text import names_national_authority, seal_matches_issuer

__all__ = ["CHECKS", "CheckContext", "image_remarks", "run_checks"]

_MCH_PERSONNEL = frozenset({DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.MCH_TRAINING_CERTIFICATE})
#: Below this a required field counts as not read (LOW_CONFIDENCE).
MIN_CONFIDENCE = 0.6
ADULT_AGE = 18


@dataclass
class CheckContext:
    """One document as the checks see it."""

    result: ExtractionResult
    as_of: dt.date
    registry: RegistryAdapter | None = None
    #: what the page images show (None: the images were not looked at)
    images: ImageEvidence | None = None

    @property
    def doc_type(self) -> DocType:
        return self.result.doc_type

    def value(self, name: str) -> Any:
        fv = self.result.fields.get(name)
        return fv.value if fv is not None else None

    def date(self, name: str) -> dt.date | None:
        v = self.value(name)
        try:
            return dt.date.fromisoformat(str(v)) if v else None
        except ValueError:
            return None

    @cached_property
    def entry(self) -> RegistryEntry | None:
        """The registry record of this certificate (looked up once)."""
        number = self.value("certificate_number")
        if self.registry is None or not number:
            return None
        return self.registry.lookup(self.doc_type, str(number))

    def flag(self, code: FlagCode, message: str, fields: list[str], *, read: Any = None,
             expected: Any = None, rule_id: str | None = None, **detail: Any) -> Flag:
        src: FieldValue | None = self.result.fields.get(fields[0]) if fields else None
        return Flag(
            code=code, severity=R.FLAG_SEVERITY[code], fields=fields, message=message,
            evidence=Evidence(read=read, expected=expected, page=src.page if src else None,
                              box=src.box if src else None, detail=detail),
            rule=R.rule(rule_id).citation if rule_id else None,
        )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def overdue(dates: list[dt.date], years: int, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    """(latest date, when the next was due) if the next was due before `as_of` (R3, R7)."""
    if not dates:
        return None
    last = max(dates)
    due = add_years(last, years)
    return (last, due) if due < as_of else None


# -- the checks ------------------------------------------------------------------------------
def check_readable(ctx: CheckContext) -> list[Flag]:
    if not any(p.lines for p in ctx.result.pages):
        return [ctx.flag(FlagCode.UNREADABLE, "页面无法识别（空白、过小或损坏）", [])]
    if ctx.doc_type is DocType.OTHER:
        return [ctx.flag(FlagCode.UNKNOWN_DOC_TYPE, "不是可识别的证照类型，请人工确认材料类别", [])]
    return []


def corroborated(ctx: CheckContext, name: str) -> bool:
    """The registry record holds the value read, under the field's tolerance. A weak read
    that lands on the authority's own value is not in doubt: OCR noise does not produce the
    one value the record expects (and a value that differs is judged by check_registry)."""
    entry, value = ctx.entry, ctx.value(name)
    expected = entry.fields.get(name) if entry is not None else None
    if value in (None, "", []) or expected in (None, "", []):
        return False
    return compare_field(name, value, expected) is None


def check_confidence(ctx: CheckContext) -> list[Flag]:
    weak = [n for n in required_fields(ctx.doc_type)
            if (fv := ctx.result.fields.get(n)) is None
            or (fv.confidence < MIN_CONFIDENCE and not corroborated(ctx, n))]
    if not weak:
        return []
    # what the registry's record holds, beside what was read, for the reviewer to compare
    record = ctx.entry.fields if ctx.entry is not None else {}
    expected = {n: record[n] for n in weak if record.get(n) not in (None, "", [])}
    return [ctx.flag(FlagCode.LOW_CONFIDENCE, f"以下字段未识别或识别置信度低，请人工核对：{'、'.join(weak)}",
                     weak, read={n: ctx.value(n) for n in weak}, expected=expected or None)]


def check_checksums(ctx: CheckContext) -> list[Flag]:
    out = []
    idn = ctx.value("id_number")
    if idn and not id_number_is_valid(str(idn)):
        out.append(ctx.flag(FlagCode.CHECKSUM_INVALID, "公民身份号码校验位错误（GB 11643）",
                            ["id_number"], read=idn))
    code = ctx.value("uscc")
    if code and not uscc.is_valid(str(code)):
        out.append(ctx.flag(FlagCode.CHECKSUM_INVALID, "统一社会信用代码校验位错误（GB 32100）",
                            ["uscc"], read=code))
    return out


def check_id_fields(ctx: CheckContext) -> list[Flag]:
    idn = ctx.value("id_number")
    if not idn or not id_number_is_valid(str(idn)):
        return []
    out = []
    birth = ctx.date("birth_date")
    from_id = ric.get_birth_date(str(idn))
    if birth is not None and birth != from_id:
        out.append(ctx.flag(FlagCode.ID_FIELDS_INCONSISTENT, "出生日期与公民身份号码不一致",
                            ["birth_date", "id_number"], read=birth.isoformat(),
                            expected=from_id.isoformat()))
    gender = ctx.value("gender")
    if gender:
        expected = "male" if int(str(idn)[16]) % 2 else "female"
        if gender != expected:
            out.append(ctx.flag(FlagCode.ID_FIELDS_INCONSISTENT, "性别与公民身份号码不一致",
                                ["gender", "id_number"], read=gender, expected=expected))
    return out


def check_dates(ctx: CheckContext) -> list[Flag]:
    out = []
    issued, until = ctx.date("issue_date"), ctx.date("valid_until")
    start, birth = ctx.date("valid_from"), ctx.date("birth_date")
    if issued and issued > ctx.as_of:
        out.append(ctx.flag(FlagCode.DATE_IMPLAUSIBLE, "发证日期晚于核验日期", ["issue_date"],
                            read=issued.isoformat(), expected=f"≤ {ctx.as_of.isoformat()}"))
    if issued and until and until < issued:
        out.append(ctx.flag(FlagCode.DATE_IMPLAUSIBLE, "有效期截止日早于发证日期",
                            ["valid_until", "issue_date"], read=until.isoformat(),
                            expected=f"≥ {issued.isoformat()}"))
    if start and until and until < start:
        out.append(ctx.flag(FlagCode.DATE_IMPLAUSIBLE, "有效期截止日早于起始日",
                            ["valid_until", "valid_from"], read=until.isoformat(),
                            expected=f"≥ {start.isoformat()}"))
    if birth and issued and add_years(birth, ADULT_AGE) > issued:
        out.append(ctx.flag(FlagCode.DATE_IMPLAUSIBLE, "发证时持证人未满 18 周岁",
                            ["birth_date", "issue_date"], read=birth.isoformat(),
                            expected=f"≤ {add_years(issued, -ADULT_AGE).isoformat()}"))
    return out


def check_expiry(ctx: CheckContext) -> list[Flag]:
    until = ctx.date("valid_until")
    if until and until < ctx.as_of:
        return [ctx.flag(FlagCode.EXPIRED, f"已于 {until.isoformat()} 过期", ["valid_until"],
                         read=until.isoformat(), expected=f"≥ {ctx.as_of.isoformat()}")]
    return []


def check_registry(ctx: CheckContext) -> list[Flag]:
    if ctx.registry is None or not ctx.value("certificate_number"):
        return []
    entry = ctx.entry
    number = ctx.value("certificate_number")
    if entry is None:
        return [ctx.flag(FlagCode.NOT_IN_REGISTRY, "发证机关登记中查无此证书编号",
                         ["certificate_number"], read=number)]
    out = []
    if entry.status is not RegistryStatus.ACTIVE:
        word = "已注销/吊销" if entry.status is RegistryStatus.REVOKED else "已暂停"
        out.append(ctx.flag(FlagCode.REVOKED, f"登记状态：{word}", ["certificate_number"],
                            read=number, expected="active", status=entry.status.value))
    # a required value read unsurely is LOW_CONFIDENCE's (`check_confidence`): that it
    # differs from the record is no difference "beyond what OCR noise explains"
    # (domain.md), so the reviewer is sent to read it, not told it is wrong
    required = required_fields(ctx.doc_type)
    fields = {k: v.value for k, v in ctx.result.fields.items()
              if v.confidence >= MIN_CONFIDENCE or k not in required}
    for diff in cross_check(fields, entry):
        out.append(ctx.flag(FlagCode.REGISTRY_MISMATCH,
                            f"{FIELD_ZH.get(diff.field, diff.field)}：{diff.reason}",
                            [diff.field], read=diff.read, expected=diff.expected))
    return out


def _categories(ctx: CheckContext, name: str) -> list[Category]:
    out = []
    for v in ctx.value(name) or []:
        try:
            out.append(Category(v))
        except ValueError:
            continue
    return out


def check_issuer_level(ctx: CheckContext) -> list[Flag]:
    """R1 for assessment certificates, R2 for MCH licences."""
    issuer = ctx.value("issuer")
    if not issuer:
        return []
    if ctx.doc_type is DocType.MCH_ASSESSMENT_CERTIFICATE:
        field, table, rule_id = "categories", R.PERSONNEL_LEVEL, "R1"
    elif ctx.doc_type is DocType.MCH_PRACTICE_LICENSE:
        issued = ctx.date("issue_date")
        early = issued is not None and issued < R.ABOLITION_DATE
        field, rule_id = "licensed_items", "R2"
        table = R.LICENCE_LEVEL_BEFORE_2021 if early else R.LICENCE_LEVEL
        if issuer_level(str(ctx.value("institution_name") or "")) is IssuerLevel.PROVINCE:
            table = table | R.LICENCE_LEVEL_PROVINCIAL_INSTITUTION
    else:
        return []
    level = issuer_level(str(issuer))
    if level is IssuerLevel.UNKNOWN:
        return []  # the name was misread or is unknown: no judgement without a level
    too_low = [c for c in _categories(ctx, field) if level.rank < table[c].rank]
    if not too_low:
        return []
    need = max((table[c] for c in too_low), key=lambda lv: lv.rank)
    names = "、".join(ZH[c] for c in too_low)
    return [ctx.flag(FlagCode.ISSUER_NOT_AUTHORIZED,
                     f"{issuer}（{ZH[level]}级）无权核发“{names}”，应由{ZH[need]}级或以上卫生健康行政部门核发",
                     ["issuer", field], read=issuer, expected=need.value, rule_id=rule_id,
                     issuer_level=level.value, categories=[c.value for c in too_low])]


def check_revalidation(ctx: CheckContext) -> list[Flag]:
    """R3: an MCH practice licence validated at least every 3 years."""
    if ctx.doc_type is not DocType.MCH_PRACTICE_LICENSE:
        return []
    dates = [d for d in (ctx.date("issue_date"), ctx.date("last_validation_date")) if d]
    if ctx.entry is not None:
        dates += ctx.entry.validation_dates
    late = overdue(dates, R.REVALIDATION_YEARS, ctx.as_of)
    if late is None:
        return []
    last, due = late
    return [ctx.flag(FlagCode.REVALIDATION_OVERDUE,
                     f"最近一次校验（或发证）为 {last.isoformat()}，应于 {due.isoformat()} 前校验",
                     ["last_validation_date"], read=last.isoformat(), expected=due.isoformat(),
                     rule_id="R3")]


def check_abolished(ctx: CheckContext) -> list[Flag]:
    """R4: no 计划生育技术服务机构执业许可证 after 2021-07-01, none valid past its expiry."""
    if ctx.doc_type is not DocType.FAMILY_PLANNING_LICENSE:
        return []
    issued, until = ctx.date("issue_date"), ctx.date("valid_until")
    if issued and issued >= R.ABOLITION_DATE:
        why = f"发证日期 {issued.isoformat()} 在该许可取消（2021-07-01）之后"
    elif ctx.as_of >= R.ABOLITION_DATE and (until is None or until < ctx.as_of):
        why = "该许可已于 2021-07-01 取消，到期后自动失效，机构应持《医疗机构执业许可证》"
    else:
        return []
    return [ctx.flag(FlagCode.LICENSE_TYPE_ABOLISHED, why, ["issue_date"],
                     read=issued.isoformat() if issued else None,
                     expected=R.ABOLITION_DATE.isoformat(), rule_id="R4")]


def check_clinic_items(ctx: CheckContext) -> list[Flag]:
    """R5: a 门诊部 or 诊所 licensed for ligation or termination."""
    if ctx.doc_type is not DocType.MCH_PRACTICE_LICENSE:
        return []
    name = str(ctx.value("institution_name") or "")
    kinds = [name]
    if ctx.registry is not None and name:
        kinds += [str(e.fields.get("institution_kind", "")) for e in ctx.registry.licences_of(name)]
    if not any(k in text for k in R.CLINIC_KINDS for text in kinds):
        return []
    bad = [c for c in _categories(ctx, "licensed_items") if c in R.CLINIC_RESTRICTED]
    if not bad:
        return []
    return [ctx.flag(FlagCode.CLINIC_RESTRICTED_ITEM,
                     f"门诊部、诊所原则上不得开展{'、'.join(ZH[c] for c in bad)}",
                     ["licensed_items"], read=[c.value for c in bad], rule_id="R5")]


def check_training(ctx: CheckContext) -> list[Flag]:
    """R7: holders of an MCH certificate trained at least every 2 years (registry dates;
    a training certificate's own issue date is a training too)."""
    if ctx.doc_type not in _MCH_PERSONNEL or ctx.entry is None:
        return []
    dates = list(ctx.entry.training_dates)
    issued = ctx.date("issue_date")
    if ctx.doc_type is DocType.MCH_TRAINING_CERTIFICATE and issued is not None:
        dates.append(issued)
    late = overdue(dates, R.TRAINING_YEARS, ctx.as_of)
    if late is None:
        return []
    last, due = late
    return [ctx.flag(FlagCode.TRAINING_OVERDUE,
                     f"最近一次专业培训为 {last.isoformat()}，已超过 2 年", [],
                     read=last.isoformat(), expected=due.isoformat(), rule_id="R7")]


def check_category_licensed(ctx: CheckContext) -> list[Flag]:
    """R6: the holder's work unit holds a licence for every category on the certificate."""
    if ctx.doc_type is not DocType.MCH_ASSESSMENT_CERTIFICATE or ctx.registry is None:
        return []
    unit = ctx.value("work_unit")
    if not unit:
        return []
    licensed: set[Category] = set()
    for e in ctx.registry.licences_of(str(unit)):
        if e.doc_type is DocType.MCH_PRACTICE_LICENSE and e.status is RegistryStatus.ACTIVE:
            licensed.update(Category(c) for c in e.fields.get("licensed_items", []))
    missing = [c for c in _categories(ctx, "categories") if c not in licensed]
    if not missing:
        return []
    return [ctx.flag(FlagCode.CATEGORY_NOT_LICENSED,
                     f"工作单位“{unit}”未取得“{'、'.join(ZH[c] for c in missing)}”的执业许可",
                     ["categories", "work_unit"], read=[c.value for c in missing],
                     expected=sorted(c.value for c in licensed), rule_id="R6")]


def check_seal(ctx: CheckContext) -> list[Flag]:
    """An official document bears its issuer's seal (SEAL_MISSING when none is found).

    A seal found by its shape in grey or black ink counts: on a copy (复印件) or a fax the
    red is gone, and the reviewer is told to compare with the original (`image_remarks`)
    instead of being sent a missing seal."""
    ev = ctx.images
    if ev is None or ev.pages == 0 or ctx.doc_type not in R.SEALED_TYPES:
        return []
    # the ministry's 监制 seal printed on an official blank is no issuer's stamp
    if any(not (s.text and names_national_authority(s.text)) for s in ev.seals):
        return []
    message = ("复印件上未发现发证机关的公章（印章）" if ev.copy_pages and len(ev.copy_pages) == ev.pages
               else "未发现发证机关的红色公章（印章）")
    return [ctx.flag(FlagCode.SEAL_MISSING, message, ["issuer"],
                     read=None, expected=ctx.value("issuer"), pages_examined=ev.pages)]


def image_remarks(doc_type: DocType | str | None, images: ImageEvidence | None) -> list[str]:
    """Notes for the reviewer, not flags: a sealed document seen only as a grey or
    black-and-white copy, whose seal's colour (and so its being an original stamp) cannot be
    judged from the file; and a grey seal on a page in colour."""
    if images is None or doc_type not in R.SEALED_TYPES:
        return []
    out = []
    if images.copy_pages:
        pages = "、".join(str(n) for n in sorted(images.copy_pages))
        out.append(f"第{pages}页为复印件（灰度或黑白），印章颜色无法核对，请与原件核对")
    grey = sorted({s.page for s in images.seals
                   if s.ink == "grey" and s.page not in images.copy_pages})
    if grey:
        pages = "、".join(str(n) for n in grey)
        out.append(f"第{pages}页的公章不是红色（灰色或黑色），请与原件核对")
    return out


def check_seal_text(ctx: CheckContext) -> list[Flag]:
    """R10: a seal whose own text names another authority than the printed issuer."""
    issuer = ctx.value("issuer")
    if ctx.images is None or not issuer:
        return []
    out = []
    for seal in ctx.images.seals:
        if not seal.text or seal_matches_issuer(seal.text, str(issuer),
                                                score=seal.text_score or 0.0) is not False:
            continue
        out.append(ctx.flag(
            FlagCode.TAMPER_SUSPECTED,
            f"公章印文“{seal.text}”与证面发证机关“{issuer}”不一致，疑似伪造或挪用印章",
            ["issuer"], read=seal.text, expected=issuer, rule_id="R10", seal_page=seal.page,
            seal_center=list(seal.center), seal_radius=seal.radius,
            text_score=seal.text_score))
    return out


def _qr_values(payload: str) -> dict[str, str] | None:
    """An e-certificate's QR payload `证照名称|证照编号|持证人|发证日期` as fields (None: a
    payload of another form, e.g. a link to a verification site, which says nothing here)."""
    parts = [p.strip() for p in payload.split("|")]
    if len(parts) != 4:
        return None
    return {"certificate_number": parts[1], "holder": parts[2], "issue_date": parts[3]}


def check_qr(ctx: CheckContext) -> list[Flag]:
    """R10: a QR code that encodes another number, holder or date than the printed ones."""
    if ctx.images is None:
        return []
    holder = "name" if "name" in ctx.result.fields else "institution_name"
    out = []
    for qr in ctx.images.qr_codes:
        values = _qr_values(qr.payload)
        if values is None:
            continue
        wrong = {}
        for name, field in (("certificate_number", "certificate_number"), ("holder", holder),
                            ("issue_date", "issue_date")):
            printed = ctx.value(field)
            if printed is None or not values[name]:
                continue
            if compare_field(field, values[name], printed) is not None:
                wrong[field] = (values[name], printed)
        if wrong:
            out.append(ctx.flag(
                FlagCode.QR_MISMATCH,
                "二维码内容与证面信息不一致：" + "；".join(
                    f"{FIELD_ZH.get(f, f)} 二维码为“{q}”，证面为“{p}”" for f, (q, p) in wrong.items()),
                # read: what the face prints; expected: what its own QR code says it should
                list(wrong), read={f: p for f, (_q, p) in wrong.items()},
                expected={f: q for f, (q, _p) in wrong.items()}, rule_id="R10",
                qr_page=qr.page, payload=qr.payload))
    return out


def check_tamper(ctx: CheckContext) -> list[Flag]:
    """R10: a text line whose paper differs from the page's (a pasted patch)."""
    if ctx.images is None:
        return []
    out = []
    for s in ctx.images.suspects:
        fields = [name for name, fv in ctx.result.fields.items()
                  if fv.page == s.page and fv.box is not None and _overlaps(fv.box, s.box)]
        what = "、".join(FIELD_ZH.get(f, f) for f in fields) or f"“{s.text}”"
        flag = ctx.flag(FlagCode.TAMPER_SUSPECTED,
                        f"{what}所在区域的{_TAMPER_WHY[s.reason]}与页面其余部分不一致，疑似粘贴或改写",
                        fields,
                        read=s.text, rule_id="R10", score=round(s.score, 1), reason=s.reason,
                        **s.measured)
        evidence = flag.evidence.model_copy(update={"page": s.page, "box": s.box})
        out.append(flag.model_copy(update={"evidence": evidence}))
    return out


#: what differs, for the reviewer, per SuspectRegion.reason
_TAMPER_WHY = {"colour": "底色", "noise": "噪声纹理", "colour+edges": "底色及其上下边缘"}


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Boxes sharing at least half of the smaller one's height and some width."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > 0 and h >= 0.5 * min(a[3] - a[1], b[3] - b[1])


CHECKS: tuple[Callable[[CheckContext], list[Flag]], ...] = (
    check_confidence, check_checksums, check_id_fields, check_dates, check_expiry,
    check_registry, check_issuer_level, check_revalidation, check_abolished,
    check_clinic_items, check_training, check_category_licensed,
    check_seal, check_seal_text, check_qr, check_tamper,
)


def run_checks(result: ExtractionResult, *, as_of: dt.date,
               registry: RegistryAdapter | None = None,
               images: ImageEvidence | None = None) -> list[Flag]:
    """Every flag of one document; an unreadable or unknown page is judged no further."""
    ctx = CheckContext(result=result, as_of=as_of, registry=registry, images=images)
    first = check_readable(ctx)
    if first:
        return first
    return [flag for check in CHECKS for flag in check(ctx)]

