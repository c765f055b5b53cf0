"""A nightly run killed midway (SIGKILL to its whole process group: the flow, its Dask
workers) and run again: the second run finishes the rest, nothing is lost or read twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mchverify.storage.db import Database
from mchverify.storage.models import AuditEntry, Document, Run
from mchverify.storage.objects import LocalObjectStore
from mchverify.storage.results import ABANDONED
from tests.conftest import Corpus, _shared_corpus

COUNT = 6


@pytest.fixture(scope="session")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _shared_corpus(tmp_path_factory, "synth-kill", COUNT, 31)


def _ingest(archive: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mchverify.pipelines.cli", "ingest", str(archive),
         "--workers", "1", "--as-of", "2026-11-24"],
        env=env, stdout=subprocess.PIPE, stderr=log.open("wb"), start_new_session=True)


def _done(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Document).where(
            Document.status == "done")) or 0


@pytest.mark.ocr
def test_a_killed_run_resumes_with_nothing_lost_or_duplicated(
        prefect_server: str, kill_corpus: Corpus, tmp_path: Path) -> None:
    folder, labels = kill_corpus
    archive = tmp_path / "archive"
    archive.mkdir()
    for lab in labels:
        (archive / lab["file"]).write_bytes((folder / lab["file"]).read_bytes())
    env = {**os.environ, "MCHVERIFY_DB_URL": f"sqlite:///{tmp_path / 'results.db'}",
           "MCHVERIFY_STORAGE_URL": str(tmp_path / "objects"),
           "MCHVERIFY_REPORT_DIR": str(tmp_path / "reports"), "PREFECT_API_URL": prefect_server}
    db = Database(env["MCHVERIFY_DB_URL"])
    db.upgrade()

    first = _ingest(archive, env, tmp_path / "first.log")
    deadline = time.monotonic() + 240
    while _done(db) < 2:
        assert first.poll() is None, (tmp_path / "first.log").read_text(errors="replace")
        assert time.monotonic() < deadline, "the first run never got going"
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)  # the flow and its Dask worker processes
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    done_before = _done(db)
    assert 2 <= done_before < COUNT, "killed midway"

    second = _ingest(archive, env, tmp_path / "second.log")
    out, _ = second.communicate(timeout=600)
    assert second.returncode == 0, (tmp_path / "second.log").read_text(errors="replace")
    summary = json.loads(out.decode().strip().splitlines()[-1])
    assert set(summary) == {"processed", "skipped", "failed", "verdicts", "seconds"}
    assert summary["skipped"] == done_before
    assert summary["processed"] == COUNT - done_before and summary["failed"] == 0

    with db.session() as s:
        docs = s.scalars(select(Document)).all()
        assert len(docs) == COUNT and all(d.status == "done" for d in docs)
        assert sorted(Path(d.filename).name for d in docs) == sorted(
            lab["file"] for lab in labels)
        verified = s.scalars(select(AuditEntry.document_id).where(
            AuditEntry.action == "document_verified")).all()
        assert sorted(verified) == sorted(d.id for d in docs)  # each recorded exactly once
        runs = s.scalars(select(Run).order_by(Run.id)).all()
        # the killed run could not close itself; the re-run, finding its process gone, did
        assert [r.status for r in runs] == ["failed", "finished"]
        assert runs[0].counts["error"] == ABANDONED
    assert len(list(LocalObjectStore(tmp_path / "objects").originals())) == COUNT
    db.dispose()
