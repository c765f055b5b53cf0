"""The results database: what was read and flagged for each original, per run, with an
append-only audit log. Keyword-only data functions over a session (the caller commits)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mchverify.storage.models import (
    Application,
    ApplicationDocument,
    AuditEntry,
    Document,
    ExtractedField,
    FlagRecord,
    Page,
    Run,
)

__all__ = ["ABANDONED", "HEARTBEAT", "SILENT", "STALE_AFTER", "append_audit",
           "application_by_key", "beat_run", "bundle_key", "close_abandoned_runs",
           "document_by_hash",
           "finish_run", "record_application", "record_failure", "record_result",
           "record_reverification", "start_run"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def append_audit(session: Session, *, actor: str, action: str, document_id: int | None = None,
                 run_id: int | None = None, application_id: int | None = None,
                 **details: Any) -> AuditEntry:
    entry = AuditEntry(at=_now(), actor=actor, action=action, document_id=document_id,
                       application_id=application_id, run_id=run_id, details=details)
    session.add(entry)
    return entry


#: why a run found `running` by a later one, on the same machine, was closed as failed
ABANDONED = "运行中断：启动它的进程已不在（被终止、断电，或中止时数据库不可用），结果未能记录完整；重新运行即可续做。"

#: how often a running run says it is alive (see :func:`beat_run`)
HEARTBEAT = dt.timedelta(minutes=1)
#: a run of another machine silent this long is gone: a beat or two missed is a slow or
#: restarting database, fifteen are a machine that stopped
STALE_AFTER = dt.timedelta(minutes=15)
#: why a run of another machine, silent for STALE_AFTER, was closed as failed
SILENT = ("运行中断：它所在的机器已超过 15 分钟没有消息（停机、断网或进程被终止），"
          "结果未能记录完整；重新运行即可续做。")


def start_run(session: Session, *, kind: str, source: str, as_of: dt.date) -> Run:
    """A run's record, status running, with the process that owns it and its first beat;
    runs found dead are closed first (see :func:`close_abandoned_runs`)."""
    close_abandoned_runs(session)
    now = _now()
    run = Run(kind=kind, source=source, as_of=as_of, status="running", started_at=now,
              counts={"owner": {"host": socket.gethostname(), "pid": os.getpid(),
                                "beat": now.isoformat()}})
    session.add(run)
    session.flush()
    append_audit(session, actor=f"system:{kind}", action="run_started", run_id=run.id,
                 source=source, as_of=as_of.isoformat())
    return run


def beat_run(session: Session, run_id: int) -> bool:
    """Note that a running run is alive (its owner's `beat`), so that a run on another
    machine can tell it from a dead one. Only while it is running: a beat racing the run's
    own end changes nothing. False when the run is no longer running."""
    run = session.get(Run, run_id)
    if run is None or run.status != "running":
        return False
    owner = {**((run.counts or {}).get("owner") or {}), "beat": _now().isoformat()}
    done = session.execute(update(Run).where(Run.id == run_id, Run.status == "running")
                           .values(counts={**(run.counts or {}), "owner": owner})
                           .execution_options(synchronize_session=False))
    return bool(getattr(done, "rowcount", 0))


def finish_run(session: Session, run: Run, *, counts: dict[str, Any],
               status: str = "finished") -> None:
    run.status, run.counts, run.finished_at = status, counts, _now()
    append_audit(session, actor=f"system:{run.kind}", action=f"run_{status}", run_id=run.id,
                 counts=counts)


def close_abandoned_runs(session: Session, *, now: dt.datetime | None = None) -> list[int]:
    """Close as failed the runs still `running` whose owner is gone: on this machine, a
    process that no longer exists; on another, no beat for STALE_AFTER (its process cannot
    be asked). A killed run, or one that stopped while the database was down and could not
    say so, would otherwise show as running for ever. A run of a live process, or of another
    machine that beat lately (or never: an older version's), is left alone. The ids closed."""
    host, closed = socket.gethostname(), []
    now = now or _now()
    for run in session.scalars(select(Run).where(Run.status == "running")):
        owner = (run.counts or {}).get("owner") or {}
        pid = owner.get("pid")
        if owner.get("host") == host and isinstance(pid, int):
            if _alive(pid):
                continue
            reason = ABANDONED
        else:
            beat = _instant(owner.get("beat"))
            if beat is None or now - beat < STALE_AFTER:
                continue
            reason = SILENT
        finish_run(session, run, counts={**run.counts, "error": reason}, status="failed")
        closed.append(run.id)
    return closed


def _instant(value: Any) -> dt.datetime | None:
    """An ISO timestamp written by beat_run (UTC), or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def document_by_hash(session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).one_or_none()


def _document(session: Session, *, sha256: str, filename: str, size: int,
              source: str | None = None) -> Document:
    doc = document_by_hash(session, sha256)
    if doc is None:
        now = _now()
        doc = Document(sha256=sha256, filename=filename, size=size, status="pending",
                       attempts=0, created_at=now, updated_at=now, source=source)
        session.add(doc)
        session.flush()
    return doc


def record_result(session: Session, *, sha256: str, filename: str, size: int,
                  verified: dict[str, Any], extraction: dict[str, Any] | None,
                  as_of: dt.date, run: Run | None = None, actor: str = "system",
                  image_evidence: dict[str, Any] | None = None,
                  source: str | None = None) -> Document:
    """Store one file's `verify --json` object (fields, confidence, flags, verdict) and the
    extraction it came from; a re-run replaces the fields and flags, the audit log keeps
    what the verdict was before."""
    doc = _document(session, sha256=sha256, filename=filename, size=size, source=source)
    before = doc.verdict
    doc.status, doc.error, doc.attempts = "done", None, doc.attempts + 1
    doc.extraction, doc.image_evidence = extraction, image_evidence
    doc.run_id = run.id if run else None
    doc.pages.clear()
    session.flush()
    doc.pages = [Page(number=p.get("number", i), width=p.get("width"), height=p.get("height"),
                      source=p.get("source", "ocr"))
                 for i, p in enumerate(_pages(extraction), start=1)]
    _replace_verification(session, doc, verified, as_of=as_of)
    append_audit(session, actor=actor, action="document_verified", document_id=doc.id,
                 run_id=doc.run_id, verdict=doc.verdict, verdict_before=before,
                 flags=sorted({f["code"] for f in verified.get("flags", [])}))
    return doc


def record_reverification(session: Session, doc: Document, *, verified: dict[str, Any],
                          as_of: dt.date, run: Run | None = None,
                          actor: str = "system:reverify",
                          fields_changed: bool = False) -> dict[str, Any] | None:
    """Replace a document's flags and verdict by a new check of its stored extraction.

    Returns what changed (verdict before/after, flag codes added and removed), also written
    to the audit log, or None when nothing did. `fields_changed` (a reviewer's correction):
    the field rows are rewritten even when the verdict and flags stay the same."""
    old_codes = sorted({f.code for f in doc.flags})
    new_codes = sorted({f["code"] for f in verified.get("flags", [])})
    before = doc.verdict
    old = sorted(_flag_key(f.code, f.fields, f.evidence) for f in doc.flags)
    new = sorted(_flag_key(f["code"], f.get("fields", []), f.get("evidence"))
                 for f in verified.get("flags", []))
    if before == verified["verdict"] and old == new:
        if fields_changed:
            _replace_verification(session, doc, verified, as_of=as_of)
        return None
    _replace_verification(session, doc, verified, as_of=as_of)
    change: dict[str, Any] = {"verdict_before": before, "verdict": doc.verdict,
              "added": sorted(set(new_codes) - set(old_codes)),
              "removed": sorted(set(old_codes) - set(new_codes)),
              "as_of": as_of.isoformat()}
    append_audit(session, actor=actor, action="document_reverified", document_id=doc.id,
                 run_id=run.id if run else None, **change)
    return change


def _flag_key(code: str, fields: list[str], evidence: dict[str, Any] | None) -> str:
    """A flag's identity for "did it change": code, fields and evidence, not the wording."""
    return json.dumps([code, sorted(fields), evidence or {}], sort_keys=True, default=str)


def _replace_verification(session: Session, doc: Document, verified: dict[str, Any], *,
                          as_of: dt.date) -> None:
    doc.doc_type, doc.verdict, doc.as_of = verified.get("doc_type"), verified["verdict"], as_of
    doc.updated_at = _now()
    doc.fields.clear()
    doc.flags.clear()
    session.flush()  # the old rows go before the new ones (one field name per document)
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


def record_failure(session: Session, *, sha256: str, filename: str, size: int, error: str,
                   run: Run | None = None, actor: str = "system",
                   source: str | None = None) -> Document:
    """A file that could not be processed: its reason kept, its attempts counted."""
    doc = _document(session, sha256=sha256, filename=filename, size=size, source=source)
    doc.status, doc.error, doc.attempts = "failed", error, doc.attempts + 1
    doc.run_id, doc.updated_at = run.id if run else None, _now()
    session.flush()
    append_audit(session, actor=actor, action="document_failed", document_id=doc.id,
                 run_id=doc.run_id, error=error, attempts=doc.attempts)
    return doc


def _pages(extraction: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((extraction or {}).get("pages") or [])


def bundle_key(kind: str, hashes: Iterable[str]) -> str:
    """An application's identity: its kind and the set of its originals (order and names
    do not matter), so the same files submitted twice are one application."""
    return hashlib.sha256("\n".join([kind, *sorted(set(hashes))]).encode()).hexdigest()


def application_by_key(session: Session, key: str) -> Application | None:
    return session.scalars(select(Application).where(Application.bundle_key == key)
                           ).one_or_none()


def record_application(session: Session, *, key: str, kind: str,
                       members: Sequence[tuple[Document, str]], verdict: str,
                       flags: list[dict[str, Any]], as_of: dt.date, actor: str,
                       run: Run | None = None) -> Application:
    """Create the application of these documents (or refresh its verdict and flags)."""
    app = application_by_key(session, key)
    now = _now()
    created = app is None
    if app is None:
        app = Application(bundle_key=key, kind=kind, received_by=actor, created_at=now,
                          as_of=as_of, flags=[], run_id=run.id if run else None)
        app.members = [ApplicationDocument(document_id=doc.id, position=i, filename=name)
                       for i, (doc, name) in enumerate(members)]
        session.add(app)
    before = app.verdict
    app.verdict, app.flags, app.as_of, app.updated_at = verdict, flags, as_of, now
    session.flush()
    append_audit(session, actor=actor, action="application_received" if created
                 else "application_rechecked", run_id=run.id if run else None,
                 application_id=app.id, verdict=verdict, verdict_before=before,
                 documents=[doc.id for doc, _ in members],
                 flags=sorted({f["code"] for f in flags}))
    return app
