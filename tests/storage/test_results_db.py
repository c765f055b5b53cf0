"""The results database on SQLite and PostgreSQL: documents by content hash, their fields,
flags and verdicts, runs, and an audit log the database itself keeps append-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from mchverify.storage.db import Database
from mchverify.storage.models import AuditEntry, Base, Document
from mchverify.storage.results import (
    document_by_hash,
    finish_run,
    record_failure,
    record_result,
    start_run,
)

SHA = "a" * 64
AS_OF = dt.date(2026, 11, 24)


def verified(verdict: str = "reject") -> dict[str, Any]:
    return {"file": "证书.jpg", "doc_type": "mch_assessment_certificate",
            "fields": {"name": "王芳", "categories": ["midwifery"]},
            "confidence": {"name": 0.98, "categories": 0.91}, "pages": 1,
            "boxes": {"name": {"page": 1, "box": [10.0, 20.0, 110.0, 50.0]}},
            "flags": [{"code": "EXPIRED", "severity": "reject", "fields": ["valid_until"],
                       "message": "证书已过期", "evidence": {"read": "2020-01-01"},
                       "rule": None}] if verdict == "reject" else [],
            "verdict": verdict}


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_result_is_stored_with_fields_boxes_and_flags(database: Database) -> None:
    extraction = {"pages": [{"number": 1, "source": "ocr", "width": 1654, "height": 2339}]}
    with database.session() as s:
        run = start_run(s, kind="ingest", source="/archive", as_of=AS_OF)
        record_result(s, sha256=SHA, filename="证书.jpg", size=1234, verified=verified(),
                      extraction=extraction, as_of=AS_OF, run=run)
        finish_run(s, run, counts={"processed": 1})
    with database.session() as s:
        doc = document_by_hash(s, SHA)
        assert doc is not None and doc.verdict == "reject" and doc.status == "done"
        assert [(p.number, p.width) for p in doc.pages] == [(1, 1654)]
        name = next(f for f in doc.fields if f.name == "name")
        assert (name.value, name.confidence, name.page, name.box) == \
            ("王芳", 0.98, 1, [10.0, 20.0, 110.0, 50.0])
        assert next(f for f in doc.fields if f.name == "categories").value == ["midwifery"]
        assert [(f.code, f.message) for f in doc.flags] == [("EXPIRED", "证书已过期")]
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["run_started", "document_verified", "run_finished"]


def test_a_rerun_replaces_fields_and_flags_and_the_audit_keeps_the_old_verdict(
        database: Database) -> None:
    with database.session() as s:
        record_result(s, sha256=SHA, filename="a.jpg", size=1, verified=verified("reject"),
                      extraction=None, as_of=AS_OF)
    with database.session() as s:
        record_result(s, sha256=SHA, filename="b.jpg", size=1, verified=verified("accept"),
                      extraction=None, as_of=AS_OF)
    with database.session() as s:
        docs = s.scalars(select(Document)).all()
        assert len(docs) == 1 and docs[0].filename == "a.jpg"  # one row per content
        assert docs[0].verdict == "accept" and docs[0].flags == [] and docs[0].attempts == 2
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None
        assert (last.details["verdict_before"], last.details["verdict"]) == ("reject", "accept")


def test_a_failure_keeps_its_reason_and_counts_attempts(database: Database) -> None:
    for _ in range(2):
        with database.session() as s:
            record_failure(s, sha256=SHA, filename="bad.pdf", size=9, error="文件已损坏")
    with database.session() as s:
        doc = document_by_hash(s, SHA)
        assert doc is not None and (doc.status, doc.error, doc.attempts) == \
            ("failed", "文件已损坏", 2)


def test_the_audit_log_cannot_be_changed_or_removed(database: Database) -> None:
    with database.session() as s:
        record_failure(s, sha256=SHA, filename="bad.pdf", size=9, error="x")
    for stmt in (update(AuditEntry).values(actor="someone else"), delete(AuditEntry)):
        with pytest.raises(DBAPIError, match="append-only"), database.session() as s:
            s.execute(stmt)
    with database.session() as s:
        assert [a.actor for a in s.scalars(select(AuditEntry))] == ["system"]


def test_a_run_of_another_machine_is_closed_only_after_its_heartbeat_stops(
        database: Database) -> None:
    """Another machine's process cannot be asked: its run is gone when it has not beaten
    for STALE_AFTER. One that beat lately, or never beat (an older version's), stays."""
    from mchverify.storage.models import Run
    from mchverify.storage.results import SILENT, STALE_AFTER, beat_run, close_abandoned_runs

    now = dt.datetime.now(dt.UTC)
    with database.session() as s:
        silent = start_run(s, kind="ingest", source="/silent", as_of=AS_OF)
        lately = start_run(s, kind="ingest", source="/lately", as_of=AS_OF)
        never = start_run(s, kind="ingest", source="/never", as_of=AS_OF)
        old_beat = (now - STALE_AFTER - dt.timedelta(minutes=1)).isoformat()
        recent = (now - STALE_AFTER + dt.timedelta(minutes=2)).isoformat()
        silent.counts = {"owner": {"host": "another-machine", "pid": 1, "beat": old_beat}}
        lately.counts = {"owner": {"host": "another-machine", "pid": 1, "beat": recent}}
        never.counts = {"owner": {"host": "another-machine", "pid": 1}}
        ids = silent.id, lately.id, never.id
    with database.session() as s:
        assert close_abandoned_runs(s, now=now) == [ids[0]]
    with database.session() as s:
        runs = {r.id: r for r in s.scalars(select(Run).where(Run.id.in_(ids)))}
        assert runs[ids[0]].status == "failed"
        assert runs[ids[0]].counts["error"] == SILENT
        assert [runs[i].status for i in ids[1:]] == ["running", "running"]
    # a beat moves the time on; a finished run takes no beat (a beat racing its end)
    with database.session() as s:
        assert beat_run(s, ids[1]) is True
        assert beat_run(s, ids[0]) is False
    with database.session() as s:
        runs = {r.id: r for r in s.scalars(select(Run).where(Run.id.in_(ids)))}
        beat = dt.datetime.fromisoformat(runs[ids[1]].counts["owner"]["beat"])
        assert beat >= now and runs[ids[1]].counts["owner"]["host"] == "another-machine"
        assert runs[ids[0]].counts["error"] == SILENT
    with database.session() as s:
        assert close_abandoned_runs(s, now=now + STALE_AFTER / 2) == []


def test_a_run_whose_process_is_gone_is_closed_by_the_next(database: Database) -> None:
    """A killed run, or one stopped while the database was down, cannot mark itself: the
    next run started on the machine closes it as failed, with the reason; a run of a live
    process or of another machine stays running."""
    import os
    import socket
    import subprocess

    from mchverify.storage.models import Run
    from mchverify.storage.results import ABANDONED

    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid is now free: no such process
    with database.session() as s:
        dead = start_run(s, kind="ingest", source="/archive", as_of=AS_OF)
        dead.counts = {"owner": {"host": socket.gethostname(), "pid": gone.pid}}
        live = start_run(s, kind="ingest", source="/other", as_of=AS_OF)
        elsewhere = start_run(s, kind="ingest", source="/far", as_of=AS_OF)
        elsewhere.counts = {"owner": {"host": "another-machine", "pid": gone.pid}}
        ids = dead.id, live.id, elsewhere.id
    with database.session() as s:
        start_run(s, kind="ingest", source="/archive", as_of=AS_OF)
    with database.session() as s:
        runs = {r.id: r for r in s.scalars(select(Run).where(Run.id.in_(ids)))}
        assert runs[ids[0]].status == "failed"
        assert runs[ids[0]].counts["error"] == ABANDONED
        assert runs[ids[0]].finished_at is not None
        assert runs[ids[1]].status == "running"
        assert runs[ids[1]].counts["owner"]["pid"] == os.getpid()
        assert runs[ids[2]].status == "running"
        actions = [a.action for a in s.scalars(select(AuditEntry).where(
            AuditEntry.run_id == ids[0]))]
        assert actions == ["run_started", "run_failed"]
