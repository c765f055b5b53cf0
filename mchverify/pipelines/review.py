"""A reviewer's corrections, end to end: parse what was typed, keep it as ground truth, check
the document again with the corrected values (no OCR), and refresh its application's verdict.
Orchestration only: parsing is `extractors.corrections`, rows are `storage.review`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from mchverify.extractors.corrections import CorrectionError, display_value, parse_correction
from mchverify.pipelines.verify import verify_result
from mchverify.schemas.extraction import ExtractionResult, FieldValue
from mchverify.schemas.verification import ImageEvidence, verdict_of, worst_verdict
from mchverify.storage.models import Application, Document
from mchverify.storage.results import append_audit, record_reverification
from mchverify.storage.review import record_correction
from mchverify.verification.bundle import bundle_flags
from mchverify.verification.registry import RegistryAdapter

__all__ = ["APPLICATION_KINDS", "CorrectionOutcome", "application_verdict", "correct_fields", "refresh_application"]


@dataclass
class CorrectionOutcome:
    changed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field → message for the reviewer
    verdict_change: dict[str, Any] | None = None


def correct_fields(session: Session, doc: Document, texts: dict[str, str], *, actor: str,
                   registry: RegistryAdapter, application: Application | None = None,
                   ) -> CorrectionOutcome:
    """Apply the fields a reviewer changed. Nothing is stored if any value is invalid."""
    out = CorrectionOutcome()
    if not doc.extraction or not doc.doc_type:
        out.errors["*"] = "该文书未能识别类型，无字段可更正"
        return out
    result = ExtractionResult.model_validate(doc.extraction)
    parsed: dict[str, Any] = {}
    for name, text in texts.items():
        try:
            value = parse_correction(doc.doc_type, name, text)
        except CorrectionError as exc:
            out.errors[name] = str(exc)
            continue
        current = result.fields.get(name)
        if (current.value if current else None) != value:
            parsed[name] = value
    if out.errors or not parsed:
        return out
    fields = dict(result.fields)
    for name, value in parsed.items():
        current = fields.get(name)
        record_correction(session, doc, name=name, value=value,
                          value_read=current.value if current else None,
                          page=current.page if current else None,
                          box=list(current.box) if current and current.box else None,
                          actor=actor, application_id=application.id if application else None)
        if value is None:
            fields.pop(name, None)
            continue
        fields[name] = FieldValue(
            value=value, confidence=1.0, page=current.page if current else 1,
            box=current.box if current else None, source="corrected",
            raw=display_value(doc.doc_type, name, current.value) if current else None)
    out.changed = sorted(parsed)
    result = result.model_copy(update={"fields": fields})
    doc.extraction = result.model_dump(mode="json")
    evidence = ImageEvidence.model_validate(doc.image_evidence) if doc.image_evidence else None
    assert doc.as_of is not None
    verified = verify_result(result, as_of=doc.as_of, registry=registry, images=evidence)
    out.verdict_change = record_reverification(session, doc, verified=verified,
                                               as_of=doc.as_of, actor=actor,
                                               fields_changed=True)
    if application is not None:
        refresh_application(session, application, actor=actor)
    return out


#: the application kinds offered at the window; None: judged from the documents
APPLICATION_KINDS: dict[str, tuple[str, bool | None]] = {
    "personnel": ("母婴保健服务人员资格认定", False),
    "institution": ("母婴保健技术服务执业许可（机构）", True),
    "revalidation": ("母婴保健技术服务执业许可证校验", True),
    "unspecified": ("未指定（按材料判断）", None),
}


def application_verdict(docs: list[Document], kind: str = "unspecified") -> dict[str, Any]:
    """The bundle checks over what was read, and the worst verdict of bundle and documents
    (a document that could not be read counts as one to review)."""
    institution = APPLICATION_KINDS.get(kind, ("", None))[1]
    flags = bundle_flags([ExtractionResult.model_validate(d.extraction)
                          for d in docs if d.extraction], institution=institution)
    worst = worst_verdict([verdict_of(flags).value, *(d.verdict or "review" for d in docs)])
    return {"verdict": worst.value, "flags": [f.model_dump(mode="json") for f in flags]}


def refresh_application(session: Session, app: Application, *, actor: str) -> None:
    """Recompute an application's bundle flags and verdict from its documents as they stand."""
    now = application_verdict([m.document for m in app.members], app.kind)
    if now["verdict"] != app.verdict or now["flags"] != app.flags:
        append_audit(session, actor=actor, action="application_rechecked",
                     application_id=app.id, verdict=now["verdict"], verdict_before=app.verdict,
                     flags=sorted({f["code"] for f in now["flags"]}))
        app.verdict, app.flags = now["verdict"], now["flags"]
