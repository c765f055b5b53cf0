"""ORM rows → the public models of schemas.web: labels in Chinese, ID numbers masked in
lists, overrides and corrections joined to the flags and fields they concern."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from mchverify.extractors.corrections import display_value
from mchverify.pipelines.review import APPLICATION_KINDS
from mchverify.schemas.codes import FIELD_ZH, ZH, DocType
from mchverify.schemas.documents import all_fields
from mchverify.schemas.registry import RegistryEntry
from mchverify.schemas.verification import FLAG_ZH, ImageEvidence
from mchverify.schemas.web import (
    OVERRIDE_REASON_ZH,
    ApplicationDetail,
    ApplicationSummary,
    AuditPublic,
    DeadlinePublic,
    DocumentDetail,
    FieldPublic,
    FlagPublic,
    OverridePublic,
    OverrideReason,
    PagePublic,
    Receipt,
    RegistryPublic,
)
from mchverify.storage.models import (
    Application,
    AuditEntry,
    Document,
    FieldCorrection,
    FlagOverride,
)
from mchverify.verification.checks import image_remarks
from mchverify.verification.deadlines import deadlines

__all__ = ["ACTION_ZH", "LOCAL_TZ", "REVIEW_CONFIDENCE", "application_detail",
           "application_summary", "audit_public", "document_detail", "local_day", "mask_id",
           "receipt", "receipt_no"]

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
#: below this a field is highlighted for a second look (LOW_CONFIDENCE flags at 0.6)
REVIEW_CONFIDENCE = 0.85

ACTION_ZH = {
    "application_received": "受理申请", "application_rechecked": "重新核验申请",
    "application_decided": "作出审核决定", "document_verified": "文书识读核验",
    "document_reverified": "文书重新核验", "document_failed": "文书处理失败",
    "field_corrected": "更正字段", "flag_overridden": "核销提示",
    "signed_in": "登录", "signed_out": "退出", "sign_in_failed": "登录失败", "user_added": "新增用户",
    "user_deactivated": "停用用户", "user_activated": "启用用户",
    "run_started": "批处理开始", "run_finished": "批处理结束", "run_failed": "批处理失败",
}


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day at the service window (Beijing time)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_TZ).date()


def receipt_no(app: Application) -> str:
    return f"MCH{local_day(app.created_at):%Y%m%d}-{app.id:05d}"


def mask_id(value: Any) -> str | None:
    """330106********123X: region and the last four, never the birth date, in lists."""
    if not isinstance(value, str) or not value:
        return None
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def _deadlines(app: Application, today: dt.date) -> list[DeadlinePublic]:
    return [DeadlinePublic(id=d.limit.id, label=d.limit.label, due=d.due,
                           estimated=d.estimated, remaining=d.remaining(today))
            for d in deadlines(local_day(app.created_at))]


def _docs(app: Application) -> list[Document]:
    return [m.document for m in app.members]


def _first_field(app: Application, *names: str) -> Any:
    for name in names:
        for doc in _docs(app):
            for f in doc.fields:
                if f.name == name and f.value:
                    return f.value
    return None


def _kind_label(kind: str) -> str:
    return APPLICATION_KINDS.get(kind, (kind, None))[0]


def _doc_type_label(doc_type: str | None) -> str:
    if not doc_type:
        return "未能识读"
    if doc_type == "other":
        return "其他材料"
    try:
        return ZH[DocType(doc_type)]
    except (ValueError, KeyError):
        return doc_type


def application_summary(app: Application, today: dt.date) -> ApplicationSummary:
    institution = APPLICATION_KINDS.get(app.kind, ("", None))[1]
    names = ("institution_name", "name") if institution else ("name", "institution_name")
    codes = {f["code"] for f in app.flags} | {f.code for d in _docs(app) for f in d.flags}
    return ApplicationSummary(
        id=app.id, receipt_no=receipt_no(app), kind=app.kind, kind_label=_kind_label(app.kind),
        verdict=app.verdict, decision=app.decision, decided_by=app.decided_by,
        received_at=app.created_at, received_by=app.received_by,
        applicant=str(_first_field(app, *names) or "（未识读）"),
        id_number_masked=mask_id(_first_field(app, "id_number")),
        doc_types=sorted({d.doc_type or "unreadable" for d in _docs(app)}),
        flag_codes=sorted(codes), documents=len(app.members),
        deadlines=_deadlines(app, today))


def _override(overrides: list[FlagOverride], document_id: int | None, code: str,
              fields: list[str]) -> OverridePublic | None:
    for o in reversed(overrides):  # the latest one counts
        if o.document_id == document_id and o.code == code and o.fields == sorted(fields):
            return OverridePublic(reason=OverrideReason(o.reason),
                                  reason_label=OVERRIDE_REASON_ZH[OverrideReason(o.reason)],
                                  comment=o.comment, actor=o.actor, at=o.at)
    return None


def _flag(*, id: int | None, document_id: int | None, code: str, severity: str,
          message: str, fields: list[str], evidence: dict[str, Any] | None, rule: str | None,
          overrides: list[FlagOverride]) -> FlagPublic:
    return FlagPublic(id=id, document_id=document_id, code=code, label=FLAG_ZH.get(code, code),
                      severity=severity, message=message, fields=fields,
                      evidence=evidence or {}, rule=rule,
                      override=_override(overrides, document_id, code, fields))


def _fields(doc: Document, corrections: list[FieldCorrection]) -> list[FieldPublic]:
    have = {f.name: f for f in doc.fields}
    latest = {c.name: c for c in corrections if c.document_id == doc.id}
    try:
        names = all_fields(DocType(doc.doc_type)) if doc.doc_type else []
    except ValueError:
        names = []
    names += [n for n in have if n not in names]
    out = []
    for name in names:
        f = have.get(name)
        fix = latest.get(name)
        value = f.value if f else None
        confidence = f.confidence if f else None
        out.append(FieldPublic(
            name=name, label=FIELD_ZH.get(name, name), value=value,
            text=display_value(doc.doc_type, name, value), confidence=confidence,
            low_confidence=fix is None and (confidence is None or confidence < REVIEW_CONFIDENCE),
            page=f.page if f else None, box=f.box if f else None,
            corrected_by=fix.actor if fix else None,
            value_read=fix.value_read if fix else None))
    return out


def _pages(doc: Document) -> list[PagePublic]:
    pages = (doc.extraction or {}).get("pages") or []
    return [PagePublic(number=p["number"], width=p["width"], height=p["height"],
                       source=p.get("source", "ocr"),
                       image_url=f"/documents/{doc.id}/pages/{p['number']}.jpg")
            for p in pages]


def _registry(entry: RegistryEntry | None) -> RegistryPublic | None:
    if entry is None:
        return None
    return RegistryPublic(certificate_number=entry.certificate_number, status=entry.status.value,
                          fields=entry.fields,
                          texts={k: display_value(entry.doc_type.value, k, v)
                                 for k, v in entry.fields.items()},
                          training_dates=[d.isoformat() for d in entry.training_dates],
                          validation_dates=[d.isoformat() for d in entry.validation_dates])


def document_detail(doc: Document, *, corrections: list[FieldCorrection],
                    overrides: list[FlagOverride], registry: RegistryEntry | None,
                    filename: str) -> DocumentDetail:
    return DocumentDetail(
        document_id=doc.id, file=filename, sha256=doc.sha256, status=doc.status,
        error=doc.error, doc_type=doc.doc_type, doc_type_label=_doc_type_label(doc.doc_type),
        verdict=doc.verdict, fields=_fields(doc, corrections),
        flags=[_flag(id=f.id, document_id=doc.id, code=f.code, severity=f.severity,
                     message=f.message, fields=list(f.fields), evidence=f.evidence,
                     rule=f.rule, overrides=overrides) for f in doc.flags],
        pages=_pages(doc), registry=_registry(registry), remarks=_remarks(doc))


def _remarks(doc: Document) -> list[str]:
    """What the stored image evidence tells the reviewer without being a flag (a copy)."""
    if not doc.image_evidence:
        return []
    try:
        evidence = ImageEvidence.model_validate(doc.image_evidence)
    except ValidationError:
        return []
    return image_remarks(doc.doc_type, evidence)


def application_detail(app: Application, today: dt.date, *,
                       corrections: list[FieldCorrection], overrides: list[FlagOverride],
                       registry: dict[int, RegistryEntry | None]) -> ApplicationDetail:
    summary = application_summary(app, today)
    return ApplicationDetail(
        **summary.model_dump(), decision_comment=app.decision_comment,
        flags=[_flag(id=None, document_id=None, code=f["code"], severity=f["severity"],
                     message=f["message"], fields=f.get("fields", []),
                     evidence=f.get("evidence"), rule=f.get("rule"), overrides=overrides)
               for f in app.flags],
        items=[document_detail(m.document, corrections=corrections, overrides=overrides,
                               registry=registry.get(m.document_id), filename=m.filename)
               for m in app.members])


def open_reject_flags(detail: ApplicationDetail) -> list[FlagPublic]:
    """The flags that call for rejection and that nobody has set aside with a reason: an
    application is accepted over them only flag by flag (reason code and comment), never by
    one click that leaves no reason in the audit log."""
    flags = [*detail.flags, *(f for item in detail.items for f in item.flags)]
    return [f for f in flags if f.severity == "reject" and f.override is None]


_KEY_FIELDS = ("name", "institution_name", "certificate_number")


def receipt(app: Application, today: dt.date) -> Receipt:
    """受理回执 with the 一次性告知补正 list: each missing material (R8/R9) and each file that
    could not be read or recognised, so the applicant brings everything back at once."""
    supplement: list[str] = []
    for f in app.flags:
        if f["code"] == "MISSING_MATERIAL":
            supplement += [str(x) for x in (f.get("evidence") or {}).get("expected") or []]
    documents = []
    for m in app.members:
        doc = m.document
        values = {f.name: f.value for f in doc.fields}
        if doc.status == "failed":
            supplement.append(f"“{m.filename}”无法识读（{doc.error}），请重新提供清晰的扫描件")
        elif doc.doc_type in (None, "other") or any(f.code == "UNREADABLE" for f in doc.flags):
            supplement.append(f"“{m.filename}”未能识别为所需证照，请核对后重新提供")
        documents.append({
            "file": m.filename, "doc_type": doc.doc_type,
            "doc_type_label": _doc_type_label(doc.doc_type), "status": doc.status,
            "fields": {FIELD_ZH.get(k, k): display_value(doc.doc_type, k, values[k])
                       for k in _KEY_FIELDS if values.get(k)}})
    return Receipt(application_id=app.id, receipt_no=receipt_no(app), kind=app.kind,
                   kind_label=_kind_label(app.kind), received_at=app.created_at,
                   received_by=app.received_by, verdict=app.verdict, documents=documents,
                   to_supplement=supplement, deadlines=_deadlines(app, today))


def audit_public(entry: AuditEntry) -> AuditPublic:
    return AuditPublic(at=entry.at, actor=entry.actor, action=entry.action,
                       action_label=ACTION_ZH.get(entry.action, entry.action),
                       document_id=entry.document_id, application_id=entry.application_id,
                       details=entry.details or {})
