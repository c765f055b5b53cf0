"""The Prefect 3 flows: intake (one application), nightly ingest (an archive), reverify.

Orchestration only. The steps are tasks over the storage and processing functions:
I/O tasks (staging an original, persisting a result) retry on transient errors only; reading
a document is not retried when the file itself is bad (that is recorded, with its reason).
The nightly run fans the reading out over a Dask cluster (prefect-dask): a local cluster of
`workers` processes by default, or a running scheduler at `scheduler`; each worker process
loads the OCR model once (`process.worker_context`).

Faults: a server that stays down through the retries (the database, the object store, an S3
archive) stops the nightly run, its run record marked failed when the database allows and
its morning report written; a full object store fails the files that do not fit; a worker
process that dies is replaced by Dask, which runs its document again or, after too many
deaths, gives it up (recorded as failed with the reason). A re-run does the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from queue import SimpleQueue
from typing import Any

from distributed import KilledWorker
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.states import Failed, State
from prefect_dask import DaskTaskRunner
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from mchverify.errors import (
    MchverifyError,
    RunAbortedError,
    ServiceUnavailableError,
    StorageError,
    StorageFullError,
)
from mchverify.pipelines.process import process_original, worker_context
from mchverify.pipelines.report import write_report
from mchverify.pipelines.review import application_verdict, refresh_application
from mchverify.pipelines.verify import verify_result
from mchverify.schemas.extraction import ExtractionResult
from mchverify.schemas.pipeline import STAGES, IngestSummary, ProcessedDocument, RunFailure
from mchverify.schemas.verification import ImageEvidence
from mchverify.settings import Settings, get_settings
from mchverify.storage.db import Database
from mchverify.storage.files import display_name
from mchverify.storage.models import Document
from mchverify.storage.models import Run as _Run
from mchverify.storage.objects import ObjectStore, StoredOriginal, object_store_from_settings
from mchverify.storage.registry import registry_from_settings
from mchverify.storage.results import (
    HEARTBEAT,
    beat_run,
    bundle_key,
    document_by_hash,
    finish_run,
    record_application,
    record_failure,
    record_result,
    record_reverification,
    start_run,
)
from mchverify.storage.review import applications_of
from mchverify.storage.sources import ArchiveSource, open_source

__all__ = ["IngestReport", "Upload", "dask_runner", "ingest_flow", "intake_flow",
           "prefect_api", "reverify_flow", "run_heartbeat", "run_ingest"]

log = logging.getLogger(__name__)

#: attempts at one file over successive runs before the nightly job leaves it to a person
MAX_ATTEMPTS = 3


# --------------------------------------------------------------------------- Prefect API


#: how long a run waits for its temporary Prefect server (Prefect's own default, 20 s, is
#: too short on a 2-core machine busy with another run)
_SERVER_STARTUP_SECONDS = 120


@contextmanager
def prefect_api() -> Iterator[str]:
    """The Prefect API the flows report to: the configured one (`PREFECT_API_URL`), else a
    temporary local server for this run. Exported to the environment, so that the Dask
    worker processes started inside report to the same server rather than each starting
    its own."""
    url = PREFECT_API_URL.value()
    if url:
        os.environ["PREFECT_API_URL"] = url
        yield url
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    try:
        server.start(timeout=_SERVER_STARTUP_SECONDS)
    except RuntimeError as exc:  # it did not answer in time: a loaded machine, a bad setup
        server.stop()
        raise ServiceUnavailableError(
            f"本次运行的 Prefect 临时服务在 {_SERVER_STARTUP_SECONDS} 秒内未能启动，请稍后重试；"
            "或设置 PREFECT_API_URL，指向一个已在运行的 Prefect 服务。") from exc
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        APILogWorker.drain_all(timeout=5)  # the run's last log lines, before their server goes
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _transient(task: Any, task_run: Any, state: State[Any]) -> bool:
    """Retry only what a second try may fix: object-store, database and network I/O (not a
    full disk: the seconds between tries free no space)."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, StorageError | OperationalError | ConnectionError | TimeoutError
                      ) and not isinstance(error, StorageFullError)


class _RunLogsToApiOnly(logging.Filter):
    """Prefect's task and flow run records (a retried I/O error's traceback among them) go to
    the Prefect API, where the UI shows them, not to the terminal: the nightly run tells each
    failure itself, in one line, and the morning report lists them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(("prefect.task_runs", "prefect.flow_runs"))


def _quiet_terminal() -> None:
    """Keep Prefect's run records off this process's terminal handlers, and urllib3's line per
    reconnection attempt to an S3 server that is down (a failure that outlasts them is told
    once, as ours). In the flow's process, and in each Dask worker's on each document."""
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    for handler in logging.root.handlers:
        if not any(isinstance(f, _RunLogsToApiOnly) for f in handler.filters):
            handler.addFilter(_RunLogsToApiOnly())


#: an I/O step: retried, on transient errors only, with growing pauses
io_task = task(retries=3, retry_delay_seconds=[1, 5, 15], retry_condition_fn=_transient,
               cache_policy=NO_CACHE, persist_result=False)


# --------------------------------------------------------------------------- tasks


@io_task
def stage_original(source: ArchiveSource, key: str, store: ObjectStore) -> StoredOriginal:
    """Copy one archive file into the object store under its hash (once: idempotent)."""
    return store.put_original(source.read(key), filename=display_name(key.rsplit("/", 1)[-1]))


@io_task
def store_upload(data: bytes, filename: str, store: ObjectStore) -> StoredOriginal:
    return store.put_original(data, filename=filename)


@task(retries=2, retry_delay_seconds=[2, 10],
      retry_condition_fn=_transient, cache_policy=NO_CACHE, persist_result=False)
def process_document(sha256: str, filename: str, as_of: dt.date, settings: Settings,
                     ocr_threads: int = 0) -> ProcessedDocument:
    """Read and check one stored original (runs on a worker; one model load per worker)."""
    _quiet_terminal()
    return process_original(sha256, filename, as_of=as_of,
                            ctx=worker_context(settings, ocr_threads=ocr_threads))


@io_task
def persist_document(db: Database, done: ProcessedDocument, *, size: int, source: str | None,
                     as_of: dt.date, run_id: int | None, actor: str) -> tuple[str | None, int]:
    """Write a processed document (or its failure) to the results database, in one
    transaction; its verdict and attempts. Written once: a try whose commit landed though its
    connection dropped before the answer is found by the retry (the run already holds it)."""
    with db.session() as s:
        run = s.get(_Run, run_id) if run_id else None
        doc = document_by_hash(s, done.sha256)
        if run is not None and doc is not None and doc.run_id == run.id:
            return (doc.verdict if doc.status == "done" else None), doc.attempts
        if done.failed:
            doc = record_failure(s, sha256=done.sha256, filename=done.filename, size=size,
                                 error=done.error or "unreadable", run=run, actor=actor,
                                 source=source)
            return None, doc.attempts
        assert done.verified is not None
        doc = record_result(s, sha256=done.sha256, filename=done.filename, size=size,
                            verified=done.verified, extraction=done.extraction, as_of=as_of,
                            run=run, actor=actor, image_evidence=done.image_evidence,
                            source=source)
        return str(done.verified["verdict"]), doc.attempts


@io_task
def settled(db: Database, sha256: str, max_attempts: int) -> bool:
    """Done, or failed as often as we try: nothing for this run to do."""
    with db.session() as s:
        doc = document_by_hash(s, sha256)
        return doc is not None and (doc.status == "done" or (
            doc.status == "failed" and doc.attempts >= max_attempts))


@io_task
def open_run(db: Database, source: str, as_of: dt.date) -> int:
    """The run's record (status running), so that its documents point to it."""
    with db.session() as s:
        return start_run(s, kind="ingest", source=source, as_of=as_of).id


@contextmanager
def run_heartbeat(db: Database, run_id: int,
                  every: float = HEARTBEAT.total_seconds()) -> Iterator[None]:
    """The run's heartbeat while the block runs (a thread beats every `every` seconds), so
    that a run on another machine can tell this one, silent, from a dead one. A beat lost to
    a database down is only logged: the run's own writes say whether it can go on."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with db.session() as s:
                    if not beat_run(s, run_id):
                        return
            except Exception as exc:  # noqa: BLE001 - a missed beat is not the run's failure
                log.debug("运行 %s 的心跳未能写入：%r", run_id, exc)

    beating = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join(timeout=30)  # before the run's end is written


@io_task
def close_run(db: Database, run_id: int, counts: dict[str, Any], status: str) -> None:
    """The run's record finished (or failed, with the reason among its counts)."""
    with db.session() as s:
        run = s.get(_Run, run_id)
        assert run is not None
        finish_run(s, run, counts=counts, status=status)


# --------------------------------------------------------------------------- ingest


@dataclass
class IngestReport:
    """What the morning report shows (JSON and HTML), built as the run goes."""

    source: str
    as_of: str
    run_id: int | None = None
    summary: IngestSummary = field(default_factory=IngestSummary)
    flags: Counter[str] = field(default_factory=Counter)
    doc_types: Counter[str] = field(default_factory=Counter)
    failures: list[RunFailure] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    pages: int = 0
    ocr_pages: int = 0
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    model_load_seconds: list[float] = field(default_factory=list)
    workers: dict[str, dict[str, Any]] = field(default_factory=dict)
    started_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    aborted: str | None = None  # why the run stopped before its end

    def add(self, done: ProcessedDocument, verdict: str | None) -> None:
        for stage, seconds in done.timings.items():
            if stage == "model_load":
                self.model_load_seconds.append(seconds)
            else:
                self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds
        worker = self.workers.setdefault(done.worker, {"documents": 0, "rss_mb_first": 0.0})
        worker["documents"] += 1
        if not worker["rss_mb_first"]:
            worker["rss_mb_first"] = done.rss_mb
        worker["rss_mb_last"] = done.rss_mb
        n = int(worker["documents"])
        if n & (n - 1) == 0:  # after documents 1, 2, 4, 8, …: is memory flat?
            trace = worker.setdefault("rss_trace", {})
            assert isinstance(trace, dict)
            trace[str(n)] = done.rss_mb
        worker["peak_rss_mb"] = max(worker.get("peak_rss_mb", 0.0), done.peak_rss_mb)
        worker["model_loads"] = done.model_loads
        if verdict is None:
            return
        self.pages += done.pages
        self.ocr_pages += done.ocr_pages
        assert done.verified is not None
        self.doc_types[str(done.verified.get("doc_type"))] += 1
        self.flags.update({f["code"] for f in done.verified.get("flags", [])})

    def as_json(self) -> dict[str, Any]:
        seconds = self.summary.seconds or 1e-9
        return {
            "run_id": self.run_id, "source": self.source, "as_of": self.as_of,
            "started_at": self.started_at, **self.summary.line(),
            "flags": dict(self.flags.most_common()), "doc_types": dict(self.doc_types),
            "failures": [f.model_dump() for f in self.failures],
            "ignored": self.ignored,
            "pages": self.pages, "ocr_pages": self.ocr_pages,
            "throughput": {"pages_per_hour": round(self.pages * 3600 / seconds, 1),
                           "documents_per_hour": round(
                               self.summary.processed * 3600 / seconds, 1)},
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "model_load_seconds": [round(s, 2) for s in self.model_load_seconds],
            "workers": self.workers,
            "aborted": self.aborted,
        }


Progress = Callable[[str, int, int], None]  # (event, files settled so far, files seen so far)

#: the terminal's progress bar, when a person is watching (set by `run_ingest`)
_progress: list[Progress] = []


@dataclass
class _Item:
    key: str
    size: int
    sha256: str


#: Dask's own log records on the terminal: none below critical. Its errors are English
#: tracebacks (a worker's heartbeat to a scheduler already closed when a run stops is one);
#: what a failure means to a person is told once, in Chinese, by the run and its report.
DASK_TERMINAL_LEVEL = logging.CRITICAL


def dask_runner(workers: int, scheduler: str | None) -> DaskTaskRunner:
    """A local cluster of `workers` single-threaded processes, or the scheduler at an address."""
    if scheduler:
        return DaskTaskRunner(address=scheduler)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": max(1, workers), "threads_per_worker": 1, "processes": True,
        "dashboard_address": None, "silence_logs": DASK_TERMINAL_LEVEL})


def quiet_dask() -> None:
    """Dask's records off the terminal, in this process and in the worker processes it starts
    (they read the environment when they import Dask; a level set there stays the user's)."""
    for name in ("distributed", "prefect.task_runner.dask"):
        logging.getLogger(name).setLevel(DASK_TERMINAL_LEVEL)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED",
                          logging.getLevelName(DASK_TERMINAL_LEVEL).lower())


def _configured_runner() -> DaskTaskRunner:
    settings = get_settings()
    return dask_runner(settings.workers, settings.dask_scheduler)


@flow(name="nightly-ingest", task_runner=_configured_runner(),  # type: ignore[arg-type]
      validate_parameters=False)
def ingest_flow(source_url: str, as_of: dt.date | None = None, workers: int | None = None,
                max_attempts: int = MAX_ATTEMPTS) -> dict[str, Any] | State[Any]:
    """Walk an archive; store, read, check and record each file once (by content hash).

    A file already done is skipped; one that failed is tried again on later runs until it
    has failed `max_attempts` times; no failure of a file stops the batch. A server that
    stays down does: the run ends Failed (its report says why) and a re-run goes on from
    there. Writes the morning report (JSON and HTML) and returns it."""
    settings = get_settings()
    day = as_of or dt.date.today()
    started = time.perf_counter()
    report = IngestReport(source=source_url, as_of=day.isoformat())
    db = Database(settings.db_url)
    try:
        db.upgrade()
        report.run_id = open_run(db, source_url, day)
        with run_heartbeat(db, report.run_id):
            _walk(report, db, settings, source_url, day, workers or settings.workers,
                  max_attempts)
        report.summary.seconds = round(time.perf_counter() - started, 2)
        close_run(db, report.run_id, report.summary.line(), "finished")
    except MchverifyError as exc:  # a server down through the retries, or never up
        report.aborted = str(exc)
        report.summary.seconds = round(time.perf_counter() - started, 2)
        _mark_aborted(db, report)
    db.dispose()
    out = report.as_json()
    out["report"] = write_report(out, settings.report_dir)
    if report.aborted:  # a Failed run for Prefect, its report for `run_ingest`
        return Failed(message=f"批处理中止：{report.aborted}", data=out)
    return out


def _walk(report: IngestReport, db: Database, settings: Settings, source_url: str,
          day: dt.date, workers: int, max_attempts: int) -> None:
    """The run's loop: stage each file, hand new ones to the workers, collect what they
    read; a few in flight per worker. ServiceUnavailableError (a server down through the
    retries) stops it."""
    store = object_store_from_settings(settings)
    source = open_source(source_url, settings)
    notify = _progress[-1] if _progress else (lambda *_: None)
    threads = max(1, (os.cpu_count() or 1) // workers)
    window = 4 * workers
    finished: SimpleQueue[PrefectFuture[ProcessedDocument]] = SimpleQueue()
    inflight: dict[Any, _Item] = {}
    seen: set[str] = set()
    total = 0

    def settle(event: str) -> None:
        summary = report.summary
        notify(event, summary.processed + summary.failed + summary.skipped, total)

    def collect() -> None:
        fut = finished.get()
        _collect(fut, inflight.pop(fut.task_run_id), db, report, day, source)
        settle("document")

    for entry in source.entries():
        if not entry.is_document:
            report.ignored.append(display_name(entry.key))
            continue
        total += 1
        try:
            stored = stage_original(source, entry.key, store)
        except ServiceUnavailableError:
            raise
        except MchverifyError as exc:  # a bad file, or one the full store has no room for
            report.failures.append(RunFailure(file=display_name(source.location(entry.key)),
                                              reason=str(exc)))
            report.summary.failed += 1
            settle("failed")
            continue
        if stored.sha256 in seen or settled(db, stored.sha256, max_attempts):
            seen.add(stored.sha256)
            report.summary.skipped += 1
            settle("skipped")
            continue
        seen.add(stored.sha256)
        fut = process_document.submit(stored.sha256, display_name(entry.key), day, settings,
                                      threads)
        inflight[fut.task_run_id] = _Item(entry.key, stored.size, stored.sha256)
        fut.add_done_callback(finished.put)
        while len(inflight) >= window:
            collect()
    while inflight:
        collect()


def _mark_aborted(db: Database, report: IngestReport) -> None:
    """Mark a stopped run's record failed, with the reason. One try only: the database may
    be what is down (the record then stays `running`, as a killed run's does, until the
    next run finds its process gone, or on another machine its heartbeat stopped, and
    closes it)."""
    if report.run_id is None:
        return
    counts = {**report.summary.line(), "error": report.aborted}
    try:
        close_run.fn(db, report.run_id, counts, "failed")
    except (MchverifyError, SQLAlchemyError) as exc:
        log.warning("运行记录 %s 未能标记为中止：%s", report.run_id, exc)


def _collect(fut: PrefectFuture[ProcessedDocument], item: _Item, db: Database,
             report: IngestReport, as_of: dt.date, source: ArchiveSource) -> None:
    """Persist one finished document, or record why it failed. Raises only when a server
    stays down (ServiceUnavailableError): that is the run's problem, not this file's."""
    where = display_name(source.location(item.key))
    try:
        outcome: Any = fut.result(raise_on_failure=False)
    except Exception as exc:  # noqa: BLE001 - the Dask future itself failed: its worker died
        outcome = exc     # too often (KilledWorker), or the cluster lost it; this file fails
    if isinstance(outcome, ServiceUnavailableError):
        raise outcome
    if isinstance(outcome, ProcessedDocument):
        done = outcome
    else:  # a worker died, or the store stayed down through the retries
        done = ProcessedDocument(sha256=item.sha256, filename=display_name(item.key),
                                 error_code="worker_error",
                                 error=_worker_failure(outcome))
    t0 = time.perf_counter()
    state = persist_document(db, done, size=item.size, source=where, as_of=as_of,
                             run_id=report.run_id, actor="system:ingest", return_state=True)
    written = state.result(raise_on_failure=False)
    if isinstance(written, ServiceUnavailableError | StorageFullError):
        raise written  # the database is down or full: no document can be recorded
    if state.is_failed() or isinstance(written, BaseException):
        report.failures.append(RunFailure(file=where, sha256=item.sha256,
                                          reason=f"数据库写入失败：{written}"))
        report.summary.failed += 1
        return
    verdict, attempts = written
    done.timings["store"] = done.timings.get("store", 0.0) + time.perf_counter() - t0
    report.add(done, verdict)
    if verdict is None:
        report.failures.append(RunFailure(file=where, sha256=item.sha256,
                                          reason=done.error or "unreadable", attempts=attempts))
        report.summary.failed += 1
        return
    report.summary.processed += 1
    report.summary.verdicts[verdict] = report.summary.verdicts.get(verdict, 0) + 1


def _worker_failure(outcome: object) -> str:
    """Why a document's worker gave no result, in the words the report shows."""
    if isinstance(outcome, KilledWorker):
        return (f"读取此文件的工作进程意外退出（worker_error，{outcome.allowed_failures + 1} "
                "次，不再重试）：可能是内存不足或程序崩溃")
    if isinstance(outcome, MchverifyError):
        return str(outcome)
    text = str(outcome).strip()
    first = text.splitlines()[0] if text else ""
    return f"读取失败（worker_error）：{type(outcome).__name__}: {first}"


def run_ingest(source_url: str, as_of: dt.date | None = None, *, workers: int | None = None,
               scheduler: str | None = None, max_attempts: int = MAX_ATTEMPTS,
               progress: Progress | None = None) -> dict[str, Any]:
    """The nightly job from the command line: `ingest_flow` on its Dask cluster (as
    configured, or as asked here), against the Prefect API, with a progress callback.

    RunAbortedError when a server it needs stayed down: its `report` says how far it got."""
    settings = get_settings()
    open_source(source_url, settings)  # a wrong folder or URL is told before anything starts
    runner = dask_runner(workers or settings.workers, scheduler or settings.dask_scheduler)
    quiet_dask()
    _quiet_terminal()
    if progress:
        _progress.append(progress)
    try:
        with prefect_api():
            flow_ = ingest_flow.with_options(task_runner=runner)  # type: ignore[arg-type]
            state = flow_(source_url, as_of, workers, max_attempts, return_state=True)
    finally:
        if progress:
            _progress.remove(progress)
    out = state.result(raise_on_failure=False)
    if isinstance(out, BaseException):  # not a stop we chose: a defect, raised as it is
        raise out
    if not isinstance(out, dict):
        raise TypeError(f"the nightly ingest ended in {state!r} without its report")
    if state.is_failed():
        raise RunAbortedError(str(out.get("aborted")), report=out)
    return out


# --------------------------------------------------------------------------- intake


@dataclass(frozen=True)
class Upload:
    """One uploaded file of an application."""

    filename: str
    data: bytes


@flow(name="intake", validate_parameters=False)
def intake_flow(uploads: list[Upload], *, kind: str = "unspecified", as_of: dt.date,
                actor: str = "system:intake") -> dict[str, Any]:
    """One application in: stored, read, checked (per document and as a bundle), recorded.

    Submitting the same files again reads nothing twice and returns the same application."""
    settings = get_settings()
    db = Database(settings.db_url)
    try:
        db.upgrade()
        store = object_store_from_settings(settings)
        stored, duplicates = _distinct(
            [(u, store_upload(u.data, u.filename, store)) for u in uploads])
        for upload, original in stored:
            with db.session() as s:
                doc = document_by_hash(s, original.sha256)
                if doc is not None and doc.status == "done":
                    continue
            done = process_document(original.sha256, upload.filename, as_of, settings)
            persist_document(db, done, size=original.size, source=f"upload:{upload.filename}",
                             as_of=as_of, run_id=None, actor=actor)
        with db.session() as s:
            members = [(_doc(s, o.sha256), u.filename) for u, o in stored]
            app = record_application(
                s, key=bundle_key(kind, [o.sha256 for _, o in stored]), kind=kind,
                members=members, as_of=as_of, actor=actor,
                **application_verdict([d for d, _ in members], kind))
            return {"application_id": app.id, "kind": kind, "verdict": app.verdict,
                    "flags": app.flags, "duplicates": duplicates,
                    "documents": [_document_json(d, name) for d, name in members]}
    finally:
        db.dispose()  # an engine per intake: its connections go with it, also on a failure


def _distinct(stored: list[tuple[Upload, StoredOriginal]]
              ) -> tuple[list[tuple[Upload, StoredOriginal]], list[dict[str, str]]]:
    """One member per content: the same scan uploaded twice (under two names, or twice
    dropped) is one document of the application; the repeats are reported, not lost."""
    seen: dict[str, str] = {}
    kept, repeats = [], []
    for upload, original in stored:
        if original.sha256 in seen:
            repeats.append({"file": upload.filename, "same_as": seen[original.sha256]})
        else:
            seen[original.sha256] = upload.filename
            kept.append((upload, original))
    return kept, repeats


def _doc(session: Any, sha256: str) -> Document:
    doc = document_by_hash(session, sha256)
    assert doc is not None, sha256
    return doc


def _document_json(doc: Document, filename: str) -> dict[str, Any]:
    return {"document_id": doc.id, "file": filename, "sha256": doc.sha256,
            "status": doc.status, "error": doc.error, "doc_type": doc.doc_type,
            "verdict": doc.verdict, "fields": {f.name: f.value for f in doc.fields},
            "confidence": {f.name: f.confidence for f in doc.fields},
            "flags": [{"code": f.code, "severity": f.severity, "message": f.message,
                       "fields": f.fields, "evidence": f.evidence, "rule": f.rule}
                      for f in doc.flags]}


# --------------------------------------------------------------------------- reverify


@flow(name="reverify", validate_parameters=False)
def reverify_flow(as_of: dt.date | None = None, *, doc_type: str | None = None,
                  ) -> dict[str, Any]:
    """Check every stored document again (no OCR) against today's registry and rules, as of
    `as_of` (default: the date each was judged as of); record and return what changed."""
    settings = get_settings()
    db = Database(settings.db_url)
    db.upgrade()
    registry = registry_from_settings(settings, db)
    changes: list[dict[str, Any]] = []
    checked = 0
    with db.session() as s:
        run = start_run(s, kind="reverify", source=f"doc_type={doc_type or '*'}",
                        as_of=as_of or dt.date.today())
        run_id = run.id
        query = select(Document.id).where(Document.status == "done").order_by(Document.id)
        if doc_type:
            query = query.where(Document.doc_type == doc_type)
        ids = list(s.scalars(query))
    for doc_id in ids:
        with db.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None or not doc.extraction:
                continue
            day = as_of or doc.as_of or dt.date.today()
            result = ExtractionResult.model_validate(doc.extraction)
            evidence = (ImageEvidence.model_validate(doc.image_evidence)
                        if doc.image_evidence else None)
            verified = verify_result(result, as_of=day, registry=registry, images=evidence)
            change = record_reverification(s, doc, verified=verified, as_of=day,
                                           run=s.get(_Run, run_id))
            checked += 1
            if change:
                changes.append({"document_id": doc.id, "file": doc.filename, **change})
    transitions = Counter(f"{c['verdict_before']}→{c['verdict']}" for c in changes)
    counts = {"checked": checked, "changed": len(changes), "transitions": dict(transitions)}
    with db.session() as s:  # the applications those documents belong to, judged again
        for app in applications_of(s, [c["document_id"] for c in changes]):
            refresh_application(s, app, actor="system:reverify")
    with db.session() as s:
        finished = s.get(_Run, run_id)
        assert finished is not None
        finish_run(s, finished, counts=counts)
    db.dispose()
    return {"run_id": run_id, **counts, "changes": changes}
