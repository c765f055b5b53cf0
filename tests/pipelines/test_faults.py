"""Faults under a nightly run (`mchverify ingest`, a subprocess with its Dask worker), with real
servers on loopback stopped and started beneath it:

- the database (a private PostgreSQL cluster) stopped mid-run and left down: the run stops
  with a one-line reason; a re-run, with a short outage of its own, rides that out by retrying;
- the object store and archive (an S3 server) down at the start, then stopped mid-run: the
  run stops with the reason; a re-run after the server is back completes;
- the Dask worker process SIGKILLed mid-document: that document is recorded as failed (Dask
  told to give up at the first death, as for a file that kills every worker that reads it),
  the batch goes on, a re-run reads it;
- the object store's disk full (a 1 MiB tmpfs, filled by another file): the file that does
  not fit fails with "disk full", nothing half-written is left, a re-run after space is freed
  stores it.

After each: one document row per content hash, all done; each read recorded once in the audit
log; no field or flag twice; the run records say what happened; originals unchanged. And the
pieces on their own: a restarted PostgreSQL is reconnected (no stale pooled connection), a
stopped one is named; a write retried after its commit landed records nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from minio import Minio
from sqlalchemy import func, select

from mchverify.errors import MchverifyError, ServiceUnavailableError
from mchverify.storage.db import Database
from mchverify.storage.models import AuditEntry, Document, ExtractedField, FlagRecord, Run
from mchverify.storage.objects import LocalObjectStore, ObjectStore, open_object_store
from mchverify.storage.results import ABANDONED
from tests.conftest import Corpus, _shared_corpus
from tests.storage.pgserver import PgCluster, pg_bin, start_pg_cluster
from tests.storage.s3server import start_s3_server

AS_OF = "2026-11-24"
SUMMARY_KEYS = {"processed", "skipped", "failed", "verdicts", "seconds"}


@pytest.fixture(scope="session")
def fault_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The corpus of the kill test (generated once for both): six documents, PDFs and JPEGs."""
    return _shared_corpus(tmp_path_factory, "synth-kill", 6, 31)


# --------------------------------------------------------------------------- helpers


def _archive(root: Path, corpus: Corpus, picks: dict[str, str]) -> Path:
    """A folder of corpus files under new names ({name in the archive: corpus file})."""
    folder, _ = corpus
    root.mkdir(parents=True, exist_ok=True)
    for name, original in picks.items():
        shutil.copy(folder / original, root / name)
    return root


def _env(tmp_path: Path, prefect_server: str, db_url: str, storage_url: str,
         **extra: str) -> dict[str, str]:
    return {**os.environ, "MCHVERIFY_DB_URL": db_url, "MCHVERIFY_STORAGE_URL": storage_url,
            "MCHVERIFY_REPORT_DIR": str(tmp_path / "reports"), "PREFECT_API_URL": prefect_server,
            **extra}


class Ingest:
    """One `mchverify ingest` subprocess (its own session: the flow and its Dask workers)."""

    def __init__(self, source: str, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mchverify.pipelines.cli", "ingest", source,
             "--workers", "1", "--as-of", AS_OF],
            env=env, stdout=subprocess.PIPE, stderr=log.open("wb"), start_new_session=True)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, f"ended before {what}:\n{self.stderr()}"
            assert time.monotonic() < deadline, f"never {what}:\n{self.stderr()}"
            time.sleep(0.2)

    def finish(self, timeout: float = 300) -> tuple[int, dict[str, Any], str]:
        """Exit code, the summary (stdout's last line) and stderr; stderr has no traceback."""
        out, _ = self.proc.communicate(timeout=timeout)
        err = self.stderr()
        assert "Traceback" not in err and "╭" not in err, err  # plain or rich traceback
        lines = out.decode().strip().splitlines()
        assert lines, f"no summary on stdout (exit {self.proc.returncode}):\n{err}"
        summary = json.loads(lines[-1])
        assert set(summary) == SUMMARY_KEYS
        return self.proc.returncode, summary, err

    def finish_stopped(self) -> tuple[dict[str, Any], str]:
        """For a run that must stop: exit 1, and its summary and last stderr line (the
        reason, one line "批处理中止…")."""
        code, summary, err = self.finish()
        assert code == 1, err
        last = err.strip().splitlines()[-1]
        assert last.startswith("批处理中止"), err
        return summary, last

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


@pytest.fixture
def ingests() -> Iterator[list[Ingest]]:
    """Runs a test starts; any still going when it ends (a failed assertion) is killed."""
    started: list[Ingest] = []
    yield started
    for run in started:
        run.kill()


def _count(db: Database, status: str = "done") -> int:
    """Documents in `status`; -1 while the database cannot be reached."""
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Document).where(
                Document.status == status)) or 0
    except MchverifyError:
        return -1


def _hashes(folder: Path, names: list[str]) -> set[str]:
    return {hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def _assert_each_once(db: Database, hashes: set[str]) -> None:
    """One row per original, all done; one read each in the audit log; no field or flag
    recorded twice for a document."""
    with db.session() as s:
        docs = s.scalars(select(Document)).all()
        assert sorted(d.sha256 for d in docs) == sorted(hashes)
        assert all(d.status == "done" and d.verdict for d in docs), [
            (d.filename, d.status, d.error) for d in docs]
        verified = Counter(s.scalars(select(AuditEntry.document_id).where(
            AuditEntry.action == "document_verified")))
        assert verified == Counter(d.id for d in docs)
        fields = s.execute(select(ExtractedField.document_id, ExtractedField.name)).all()
        assert len(fields) == len(set(fields)) and {f[0] for f in fields} <= {d.id for d in docs}
        flags = s.execute(select(FlagRecord.document_id, FlagRecord.code, FlagRecord.fields,
                                 FlagRecord.message)).all()
        assert len(flags) == len({(f[0], f[1], json.dumps(f[2]), f[3]) for f in flags})


def _runs(db: Database) -> list[Run]:
    with db.session() as s:
        return list(s.scalars(select(Run).order_by(Run.id)))


def _assert_store_holds(store: ObjectStore, hashes: set[str]) -> None:
    """Exactly these originals, each whole (the bytes match the hash it is stored under)."""
    assert set(store.originals()) == hashes
    for sha in hashes:
        store.get_original(sha)  # raises when the bytes do not match


def _retrying_task_runs(since: dt.datetime) -> list[str]:
    """Names of the task runs started since then that failed and are being, or were, tried
    again (from Prefect's API)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterStartTime

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(task_run_filter=TaskRunFilter(
            start_time=TaskRunFilterStartTime(after_=since)))
    return [r.name for r in runs
            if r.run_count > 1 or r.state_name in ("AwaitingRetry", "Retrying")]


# --------------------------------------------------------------------------- database


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    """A private PostgreSQL cluster this test may stop (never the shared one on :5432)."""
    if pg_bin() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) to run a private cluster")
    cluster = start_pg_cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.mark.ocr
@pytest.mark.postgres
def test_the_database_going_down_stops_the_run_and_a_short_outage_is_ridden_out(
        prefect_server: str, fault_corpus: Corpus, pg_cluster: PgCluster, tmp_path: Path,
        ingests: list[Ingest]) -> None:
    names = ["doc0000.pdf", "doc0001.jpg", "doc0004.jpg", "doc0005.pdf"]
    archive = _archive(tmp_path / "archive", fault_corpus, {n: n for n in names})
    env = _env(tmp_path, prefect_server, pg_cluster.url, str(tmp_path / "objects"))
    db = Database(pg_cluster.url)
    db.upgrade()

    # 1. the database stops after the first document and stays down: the run stops
    first = Ingest(str(archive), env, tmp_path / "first.log")
    ingests.append(first)
    first.wait_for(lambda: _count(db) >= 1, "recorded a document")
    pg_cluster.stop()
    summary, last = first.finish_stopped()
    assert "数据库不可用" in last
    assert 1 <= summary["processed"] < len(names) and summary["failed"] == 0

    pg_cluster.start()
    done_before = _count(db)
    assert done_before == summary["processed"]
    [aborted] = _runs(db)
    assert aborted.status == "running"  # the database was down when the run stopped
    assert _count(db, "failed") == 0  # no file was blamed for the outage

    # 2. the re-run: the database goes away under it until the run has met the outage (a
    # write or a registry lookup failed and waits for its retry), then comes back
    since = dt.datetime.now(dt.UTC)
    second = Ingest(str(archive), env, tmp_path / "second.log")
    ingests.append(second)
    second.wait_for(lambda: _count(db) > done_before, "recorded a document")
    pg_cluster.stop()
    second.wait_for(lambda: bool(_retrying_task_runs(since)), "met the stopped database")
    pg_cluster.start()
    code, summary, err = second.finish()
    assert code == 0, err
    assert summary["skipped"] == done_before
    assert summary["processed"] == len(names) - done_before and summary["failed"] == 0

    _assert_each_once(db, _hashes(archive, names))
    # the stopped run could not record its end; the re-run, finding its process gone, did
    first_run, second_run = _runs(db)
    assert (first_run.status, second_run.status) == ("failed", "finished")
    assert first_run.counts["error"] == ABANDONED
    _assert_store_holds(LocalObjectStore(tmp_path / "objects"), _hashes(archive, names))
    db.dispose()


# --------------------------------------------------------------------------- object store


@pytest.mark.ocr
def test_the_object_store_down_at_the_start_or_mid_run_stops_the_run_and_a_rerun_completes(
        prefect_server: str, fault_corpus: Corpus, tmp_path: Path,
        ingests: list[Ingest]) -> None:
    folder, _ = fault_corpus
    names = ["doc0000.pdf", "doc0004.jpg", "doc0005.pdf"]
    server = start_s3_server(tmp_path / "s3", persistent=True)
    try:
        conf = server.settings
        client = Minio(conf["endpoint"], access_key=conf["access_key"],
                       secret_key=conf["secret_key"], secure=conf["secure"])
        bucket = f"archive-{uuid.uuid4().hex[:8]}"
        client.make_bucket(bucket)
        originals = {n: (folder / n).read_bytes() for n in names}
        for name, data in originals.items():
            client.put_object(bucket, f"scans/{name}", io.BytesIO(data), len(data))
        store_url = f"s3://store-{uuid.uuid4().hex[:8]}/originals"
        env = _env(tmp_path, prefect_server, f"sqlite:///{tmp_path / 'results.db'}", store_url,
                   MCHVERIFY_S3_ENDPOINT=conf["endpoint"], MCHVERIFY_S3_ACCESS_KEY=conf["access_key"],
                   MCHVERIFY_S3_SECRET_KEY=conf["secret_key"], MCHVERIFY_S3_SECURE="false")
        db = Database(env["MCHVERIFY_DB_URL"])
        db.upgrade()
        source = f"s3://{bucket}/scans"

        # 1. the server is down when the run starts: it stops at once, with the reason
        server.stop()
        down = Ingest(source, env, tmp_path / "down.log")
        ingests.append(down)
        summary, last = down.finish_stopped()
        assert "对象存储不可用" in last
        assert summary["processed"] == summary["failed"] == 0

        # 2. back up (with its objects), then stopped after the first document
        server.start()
        first = Ingest(source, env, tmp_path / "first.log")
        ingests.append(first)
        first.wait_for(lambda: _count(db) >= 1, "recorded a document")
        server.stop()
        summary, last = first.finish_stopped()
        assert "不可用" in last  # the store or the archive
        done_before = _count(db)
        assert 1 <= done_before == summary["processed"] < len(names)
        assert _count(db, "failed") == 0  # no file was blamed for the outage

        # 3. back up: the re-run reads the rest
        server.start()
        second = Ingest(source, env, tmp_path / "second.log")
        ingests.append(second)
        code, summary, err = second.finish()
        assert code == 0, err
        assert summary["skipped"] == done_before
        assert summary["processed"] == len(names) - done_before and summary["failed"] == 0

        hashes = {hashlib.sha256(d).hexdigest() for d in originals.values()}
        _assert_each_once(db, hashes)
        runs = _runs(db)
        assert [r.status for r in runs] == ["failed", "failed", "finished"]
        assert all("不可用" in r.counts["error"] for r in runs[:2])
        store = open_object_store(store_url, endpoint=conf["endpoint"],
                                  access_key=conf["access_key"], secret_key=conf["secret_key"],
                                  secure=conf["secure"])
        _assert_store_holds(store, hashes)
        assert all("extraction.json" in store.derived(sha) for sha in hashes)
        for name, data in originals.items():  # the archive as it was
            resp = client.get_object(bucket, f"scans/{name}")
            try:
                assert resp.read() == data
            finally:
                resp.close()
                resp.release_conn()
        assert sorted(o.object_name for o in client.list_objects(bucket, recursive=True)) == \
            sorted(f"scans/{n}" for n in names)
        db.dispose()
    finally:
        server.stop()


# --------------------------------------------------------------------------- worker killed


def _worker_pids(root: int) -> list[int]:
    """The Dask worker processes under a run: its descendants started by multiprocessing's
    spawn (the nanny's child), not its resource tracker."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    found = []
    for pid in tree - {root}:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.append(pid)
    return found


@pytest.mark.ocr
def test_a_killed_worker_fails_its_document_the_batch_goes_on_and_a_rerun_reads_it(
        prefect_server: str, fault_corpus: Corpus, tmp_path: Path,
        ingests: list[Ingest]) -> None:
    names = ["doc0000.pdf", "doc0001.jpg", "doc0004.jpg", "doc0005.pdf"]
    archive = _archive(tmp_path / "archive", fault_corpus, {n: n for n in names})
    # Dask gives a task up when its worker dies once (default: after 3 deaths it reruns it
    # elsewhere): a document that kills every worker that reads it
    env = _env(tmp_path, prefect_server, f"sqlite:///{tmp_path / 'results.db'}",
               str(tmp_path / "objects"), DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0")
    db = Database(env["MCHVERIFY_DB_URL"])
    db.upgrade()

    first = Ingest(str(archive), env, tmp_path / "first.log")
    ingests.append(first)
    first.wait_for(lambda: _count(db) >= 1, "recorded a document")
    [worker] = _worker_pids(first.proc.pid)  # busy with the next document by now
    os.kill(worker, signal.SIGKILL)
    code, summary, err = first.finish()
    assert code == 0, err  # the run went on
    assert summary["failed"] >= 1 and summary["processed"] + summary["failed"] == len(names)
    with db.session() as s:
        failed = s.scalars(select(Document).where(Document.status == "failed")).all()
        assert len(failed) == summary["failed"]
        assert all("工作进程意外退出" in (d.error or "") and d.attempts == 1 for d in failed)
    for doc in failed:
        assert f"{doc.filename}：读取此文件的工作进程意外退出" in err
    assert _count(db) == summary["processed"]

    second = Ingest(str(archive), env, tmp_path / "second.log")
    ingests.append(second)
    code, again, err = second.finish()
    assert code == 0, err
    assert again["processed"] == len(failed) and again["failed"] == 0
    assert again["skipped"] == summary["processed"]

    _assert_each_once(db, _hashes(archive, names))
    with db.session() as s:  # each failure on record once, with its read after it
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "document_failed")) == len(failed)
    assert [r.status for r in _runs(db)] == ["finished", "finished"]
    _assert_store_holds(LocalObjectStore(tmp_path / "objects"), _hashes(archive, names))
    db.dispose()


# --------------------------------------------------------------------------- disk full


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB filesystem (tmpfs), unmounted afterwards. Mounting needs root
    (CAP_SYS_ADMIN): without it the test is skipped, as no other real full disk is at hand."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs",
                           str(mount)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs for a real full disk: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.ocr
def test_a_full_object_store_fails_the_file_that_does_not_fit_and_a_rerun_stores_it(
        prefect_server: str, fault_corpus: Corpus, tmp_path: Path, small_disk: Path,
        ingests: list[Ingest]) -> None:
    # the large scan first: it meets the full disk before the others are read
    picks = {"1-large.jpg": "doc0002.jpg", "2-small.pdf": "doc0000.pdf",
             "3-small.pdf": "doc0005.pdf"}
    archive = _archive(tmp_path / "archive", fault_corpus, picks)
    large = (archive / "1-large.jpg").stat().st_size
    objects = small_disk / "objects"
    env = _env(tmp_path, prefect_server, f"sqlite:///{tmp_path / 'results.db'}", str(objects))
    db = Database(env["MCHVERIFY_DB_URL"])
    db.upgrade()
    # another program has filled the disk but for 320 KiB: room for the small ones and what
    # is derived from them, not for the large one
    stats = os.statvfs(small_disk)
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - 320 * 1024))
    assert large > 320 * 1024

    first = Ingest(str(archive), env, tmp_path / "first.log")
    ingests.append(first)
    code, summary, err = first.finish()
    assert code == 0, err  # a full disk fails files, it does not stop the run
    assert (summary["processed"], summary["failed"]) == (2, 1)
    [line] = [ln for ln in err.splitlines() if ln.startswith("失败：")]
    assert "1-large.jpg" in line and "磁盘已满" in line and "disk full" in line
    store = LocalObjectStore(objects)
    small = _hashes(archive, ["2-small.pdf", "3-small.pdf"])
    _assert_store_holds(store, small)
    assert not [p for p in objects.rglob("*") if p.name.startswith(".tmp-")]  # no half-writes
    assert _count(db) == 2

    filler.unlink()  # space freed
    second = Ingest(str(archive), env, tmp_path / "second.log")
    ingests.append(second)
    code, again, err = second.finish()
    assert code == 0, err
    assert (again["processed"], again["skipped"], again["failed"]) == (1, 2, 0)
    everything = _hashes(archive, list(picks))
    _assert_store_holds(store, everything)  # the first run's originals are still there
    assert all("extraction.json" in store.derived(sha) for sha in everything)
    _assert_each_once(db, everything)
    assert [r.status for r in _runs(db)] == ["finished", "finished"]
    db.dispose()


# --------------------------------------------------------------------------- the pieces


@pytest.mark.postgres
def test_a_restarted_database_is_reconnected_and_a_stopped_one_is_named(
        pg_cluster: PgCluster) -> None:
    db = Database(pg_cluster.url)
    db.upgrade()
    assert _count(db) == 0  # a pooled connection now open
    pg_cluster.stop()
    with pytest.raises(ServiceUnavailableError, match="数据库不可用："), \
            db.session() as s:
        s.scalar(select(func.count()).select_from(Document))
    pg_cluster.start()
    assert _count(db) == 0  # no stale connection from before the restart surfaces
    db.dispose()


def test_a_retried_write_whose_first_commit_landed_records_the_document_once(
        tmp_path: Path) -> None:
    """The connection drops after the server committed but before it answered: the retry
    finds the document already written by this run and writes nothing twice."""
    from mchverify.pipelines.flows import persist_document
    from mchverify.schemas.pipeline import ProcessedDocument
    from mchverify.storage.results import start_run

    db = Database(f"sqlite:///{tmp_path / 'results.db'}")
    db.upgrade()
    with db.session() as s:
        run_id = start_run(s, kind="ingest", source="archive", as_of=dt.date(2026, 11, 24)).id
    done = ProcessedDocument(
        sha256="a" * 64, filename="x.pdf", extraction={"pages": []},
        verified={"verdict": "review", "doc_type": "other", "fields": {"name": "张三"},
                  "confidence": {"name": 0.9},
                  "flags": [{"code": "LOW_CONFIDENCE", "severity": "warning",
                             "message": "看不清", "fields": ["name"]}]})
    def write() -> tuple[str | None, int]:
        return persist_document.fn(db, done, size=1, source="archive/x.pdf",
                                   as_of=dt.date(2026, 11, 24), run_id=run_id,
                                   actor="system:ingest")

    assert write() == write() == ("review", 1)  # the try that landed, then its retry
    _assert_each_once(db, {"a" * 64})
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FlagRecord)) == 1
    db.dispose()
