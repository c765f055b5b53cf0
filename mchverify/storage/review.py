"""What reviewers do, as rows: decisions on applications, field corrections (kept as ground
truth), flag overrides with their reason, and the audit trail and counts they read.
Keyword-only data functions over a session (the caller commits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from mchverify.storage.models import (
    Application,
    ApplicationDocument,
    AuditEntry,
    Document,
    FieldCorrection,
    FlagOverride,
    FlagRecord,
    Run,
)
from mchverify.storage.results import append_audit

__all__ = [
    "activity_since",
    "application_audit",
    "applications",
    "corrections_of",
    "load_application",
    "overrides_of",
    "recent_runs",
    "record_correction",
    "record_decision",
    "record_override",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_LOAD = (selectinload(Application.members).selectinload(ApplicationDocument.document)
         .selectinload(Document.flags),
         selectinload(Application.members).selectinload(ApplicationDocument.document)
         .selectinload(Document.fields))


def applications(session: Session, *, verdict: str | None = None,
                 decided: bool | None = None, limit: int = 500) -> list[Application]:
    """Applications with their documents, fields and flags, newest first; the web layer
    sorts by due date and filters by flag and document type."""
    query = select(Application).options(*_LOAD).order_by(Application.created_at.desc())
    if verdict:
        query = query.where(Application.verdict == verdict)
    if decided is not None:
        query = query.where(Application.decision.is_not(None) if decided
                            else Application.decision.is_(None))
    return list(session.scalars(query.limit(limit)))


def applications_of(session: Session, document_ids: Sequence[int]) -> list[Application]:
    """The applications any of these documents belong to."""
    if not document_ids:
        return []
    ids = select(ApplicationDocument.application_id).where(
        ApplicationDocument.document_id.in_(document_ids))
    return list(session.scalars(select(Application).options(*_LOAD)
                                .where(Application.id.in_(ids)).order_by(Application.id)))


def load_application(session: Session, application_id: int) -> Application | None:
    return session.scalars(select(Application).options(*_LOAD)
                           .where(Application.id == application_id)).one_or_none()


def record_decision(session: Session, app: Application, *, decision: str, comment: str,
                    actor: str) -> None:
    """A person's decision; a later one replaces it, the audit log keeps both."""
    before = app.decision
    app.decision, app.decision_comment = decision, comment
    app.decided_by, app.decided_at = actor, _now()
    append_audit(session, actor=actor, action="application_decided", application_id=app.id,
                 decision=decision, decision_before=before, comment=comment,
                 verdict=app.verdict)


def record_correction(session: Session, doc: Document, *, name: str, value_read: Any,
                      value: Any, page: int | None, box: list[float] | None, actor: str,
                      application_id: int | None = None) -> FieldCorrection:
    """One field's corrected value beside the value read and its box (ground truth)."""
    row = FieldCorrection(document_id=doc.id, name=name, value_read=value_read, value=value,
                          page=page, box=box, actor=actor, at=_now())
    session.add(row)
    append_audit(session, actor=actor, action="field_corrected", document_id=doc.id,
                 application_id=application_id, field=name, before=value_read, after=value)
    return row


def corrections_of(session: Session, document_ids: Sequence[int]) -> list[FieldCorrection]:
    return list(session.scalars(select(FieldCorrection)
                                .where(FieldCorrection.document_id.in_(document_ids))
                                .order_by(FieldCorrection.at, FieldCorrection.id)))


def record_override(session: Session, *, flag: FlagRecord | None, application: Application,
                    code: str, fields: list[str], reason: str, comment: str,
                    actor: str) -> FlagOverride:
    """Set a document's flag (or, `flag` None, an application-level flag) aside."""
    row = FlagOverride(document_id=flag.document_id if flag else None,
                       application_id=application.id, code=code, fields=sorted(fields),
                       reason=reason, comment=comment, actor=actor, at=_now())
    session.add(row)
    append_audit(session, actor=actor, action="flag_overridden",
                 document_id=row.document_id, application_id=application.id, code=code,
                 fields=row.fields, reason=reason, comment=comment)
    return row


def overrides_of(session: Session, application_id: int) -> list[FlagOverride]:
    return list(session.scalars(select(FlagOverride)
                                .where(FlagOverride.application_id == application_id)
                                .order_by(FlagOverride.at, FlagOverride.id)))


def application_audit(session: Session, app: Application) -> list[AuditEntry]:
    """The application's trail: its own entries and those of its documents, oldest first."""
    doc_ids = [m.document_id for m in app.members]
    return list(session.scalars(
        select(AuditEntry).where(or_(AuditEntry.application_id == app.id,
                                     AuditEntry.document_id.in_(doc_ids)))
        .order_by(AuditEntry.at, AuditEntry.id)))


def recent_runs(session: Session, *, limit: int = 50) -> list[Run]:
    return list(session.scalars(select(Run).order_by(Run.started_at.desc()).limit(limit)))


def activity_since(session: Session, since: dt.datetime,
                   ) -> list[tuple[dt.datetime, str | None, str, list[str]]]:
    """(last judged at, verdict, status, flag codes) of every document judged since then."""
    rows = session.execute(
        select(Document.id, Document.updated_at, Document.verdict, Document.status)
        .where(Document.updated_at >= since)).all()
    codes: dict[int, list[str]] = {}
    ids = [r.id for r in rows]
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for doc_id, code in session.execute(select(FlagRecord.document_id, FlagRecord.code)
                                            .where(FlagRecord.document_id.in_(part))):
            codes.setdefault(doc_id, []).append(code)
    return [(r.updated_at, r.verdict, r.status, codes.get(r.id, [])) for r in rows]
