"""The results database: what was read and flagged for each original, per run, with an
append-only audit log. Keyword-only data functions over a session (the caller commits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mchverify.storage.models import AuditEntry, Document, ExtractedField, FlagRecord, Page, Run

__all__ = ["append_audit", "document_by_hash", "finish_run", "record_failure",
           "record_result", "start_run"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def append_audit(session: Session, *, actor: str, action: str, document_id: int | None = None,
                 run_id: int | None = None, **details: Any) -> AuditEntry:
    entry = AuditEntry(at=_now(), actor=actor, action=action, document_id=document_id,
                       run_id=run_id, details=details)
    session.add(entry)
    return entry


def start_run(session: Session, *, kind: str, source: str, as_of: dt.date) -> Run:
    run = Run(kind=kind, source=source, as_of=as_of, status="running", started_at=_now(),
              counts={})
    session.add(run)
    session.flush()
    append_audit(session, actor=f"system:{kind}", action="run_started", run_id=run.id,
                 source=source, as_of=as_of.isoformat())
    return run


def finish_run(session: Session, run: Run, *, counts: dict[str, Any],
               status: str = "finished") -> None:
    run.status, run.counts, run.finished_at = status, counts, _now()
    append_audit(session, actor=f"system:{run.kind}", action=f"run_{status}", run_id=run.id,
                 counts=counts)


def document_by_hash(session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).one_or_none()


def _document(session: Session, *, sha256: str, filename: str, size: int) -> Document:
    doc = document_by_hash(session, sha256)
    if doc is None:
        now = _now()
        doc = Document(sha256=sha256, filename=filename, size=size, status="pending",
                       attempts=0, created_at=now, updated_at=now)
        session.add(doc)
        session.flush()
    return doc


def record_result(session: Session, *, sha256: str, filename: str, size: int,
                  verified: dict[str, Any], extraction: dict[str, Any] | None,
                  as_of: dt.date, run: Run | None = None, actor: str = "system") -> Document:
    """Store one file's `verify --json` object (fields, confidence, flags, verdict) and the
    extraction it came from; a re-run replaces the fields and flags, the audit log keeps
    what the verdict was before."""
    doc = _document(session, sha256=sha256, filename=filename, size=size)
    before = doc.verdict
    doc.status, doc.error, doc.attempts = "done", None, doc.attempts + 1
    doc.doc_type, doc.verdict, doc.as_of = verified.get("doc_type"), verified["verdict"], as_of
    doc.extraction, doc.run_id, doc.updated_at = extraction, run.id if run else None, _now()
    for old in (doc.pages, doc.fields, doc.flags):
        old.clear()  # removed before the new rows go in (one field name per document)
    session.flush()
    doc.pages = [Page(number=p.get("number", i), width=p.get("width"), height=p.get("height"),
                      source=p.get("source", "ocr"))
                 for i, p in enumerate(_pages(extraction), start=1)]
    boxes = verified.get("boxes", {})
    confidence = verified.get("confidence", {})
    doc.fields = [ExtractedField(name=name, value=value, confidence=confidence.get(name),
                                 page=boxes.get(name, {}).get("page"),
                                 box=boxes.get(name, {}).get("box"))
                  for name, value in verified.get("fields", {}).items()]
    doc.flags = [FlagRecord(code=f["code"], severity=f["severity"], fields=f.get("fields", []),
                            message=f["message"], evidence=f.get("evidence") or {},
                            rule=f.get("rule"))
                 for f in verified.get("flags", [])]
    session.flush()
    append_audit(session, actor=actor, action="document_verified", document_id=doc.id,
                 run_id=doc.run_id, verdict=doc.verdict, verdict_before=before,
                 flags=sorted({f["code"] for f in verified.get("flags", [])}))
    return doc


def record_failure(session: Session, *, sha256: str, filename: str, size: int, error: str,
                   run: Run | None = None, actor: str = "system") -> Document:
    """A file that could not be processed: its reason kept, its attempts counted."""
    doc = _document(session, sha256=sha256, filename=filename, size=size)
    doc.status, doc.error, doc.attempts = "failed", error, doc.attempts + 1
    doc.run_id, doc.updated_at = run.id if run else None, _now()
    session.flush()
    append_audit(session, actor=actor, action="document_failed", document_id=doc.id,
                 run_id=doc.run_id, error=error, attempts=doc.attempts)
    return doc


def _pages(extraction: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((extraction or {}).get("pages") or [])
