"""The operations the pages and the JSON API share: submit an application, list the queue,
open one, decide, correct, override, count. Each takes the request's database session and
the signed-in person; errors are `Problem`s with a Chinese message and an HTTP status."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mchverify.extractors.loaders import sniff_format
from mchverify.pipelines.review import APPLICATION_KINDS, correct_fields
from mchverify.schemas.codes import DocType
from mchverify.schemas.web import (
    ApplicationDetail,
    ApplicationSummary,
    AuditPublic,
    CorrectionOut,
    DailyCount,
    OverrideReason,
    Receipt,
)
from mchverify.settings import Settings
from mchverify.storage.models import Application, Document, FlagRecord
from mchverify.storage.review import (
    activity_since,
    application_audit,
    corrections_of,
    load_application,
    overrides_of,
    record_decision,
    record_override,
)
from mchverify.storage.review import applications as list_applications
from mchverify.verification.registry import RegistryAdapter
from mchverify.web.presenters import (
    application_detail,
    application_summary,
    audit_public,
    local_day,
    open_reject_flags,
    receipt,
)

__all__ = [
    "ACCEPTED_FORMATS",
    "Problem",
    "UploadedFile",
    "application",
    "audit",
    "clean_filename",
    "correct",
    "daily_counts",
    "decide",
    "load",
    "load_for_update",
    "override",
    "queue",
    "submit",
    "summary",
    "today",
    "validate_uploads",
]

#: what the window accepts, by the bytes (the name's extension must agree)
ACCEPTED_FORMATS = {"pdf": {".pdf"}, "jpeg": {".jpg", ".jpeg"}, "png": {".png"},
                    "tiff": {".tif", ".tiff"}, "bmp": {".bmp"}, "webp": {".webp"}}
_FORMATS_ZH = "PDF、JPG、PNG、TIFF、BMP、WebP"


class Problem(Exception):
    """A refusal a person can act on: the status and a Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    data: bytes


def today() -> dt.date:
    return local_day(dt.datetime.now(dt.UTC))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_filename(name: str | None) -> str:
    """The last part of an uploaded name, with no directories or control characters: a name
    is only ever shown and stored as text (originals are kept by their content hash)."""
    name = unicodedata.normalize("NFC", name or "")
    base = PureWindowsPath(PurePosixPath(name.replace("\\", "/")).name).name
    base = _CONTROL.sub("", base).strip().lstrip(".")
    return base[:200] or "未命名文件"


def validate_uploads(files: list[UploadedFile], settings: Settings) -> list[UploadedFile]:
    """Refuse the whole submission, with the file and the reason, if any file is wrong."""
    if not files:
        raise Problem(422, "请至少选择一个文件")
    if len(files) > settings.max_upload_files:
        raise Problem(413, f"一次最多上传 {settings.max_upload_files} 个文件")
    limit = int(settings.max_upload_mb * 2**20)
    out = []
    for f in files:
        name = clean_filename(f.filename)
        if not f.data:
            raise Problem(422, f"文件“{name}”是空的")
        if len(f.data) > limit:
            raise Problem(413, f"文件“{name}”超过 {settings.max_upload_mb:g} MB 的上限")
        fmt = sniff_format(f.data)
        suffix = PurePosixPath(name).suffix.lower()
        if fmt not in ACCEPTED_FORMATS or suffix not in ACCEPTED_FORMATS[fmt]:
            raise Problem(415, f"文件“{name}”不是可受理的格式（仅接受 {_FORMATS_ZH}，"
                          "且扩展名须与内容一致）")
        out.append(UploadedFile(name, f.data))
    return out


def submit(files: list[UploadedFile], *, kind: str, actor: str, settings: Settings) -> int:
    """Run the intake flow on an application; its id. (The flow stores, reads, checks.)"""
    from mchverify.pipelines.flows import Upload, intake_flow

    if kind not in APPLICATION_KINDS:
        raise Problem(422, "请选择申请事项")
    files = validate_uploads(files, settings)
    result = intake_flow([Upload(f.filename, f.data) for f in files], kind=kind,
                         as_of=today(), actor=actor)
    return int(result["application_id"])


def load(session: Session, application_id: int) -> Application:
    app = load_application(session, application_id)
    if app is None:
        raise Problem(404, "没有这个申请")
    return app


def load_for_update(session: Session, application_id: int,
                    document_id: int | None = None) -> Application:
    """The application (and one of its documents) read under a write lock held until the
    request's commit, for a change computed from what is read: a decision, a correction, an
    override. Two reviewers acting on one application at the same moment then go one after
    the other, the second seeing what the first wrote. Without it both read the same rows
    and both replace them: a correction is silently lost, or the second write of a
    document's fields breaks their UNIQUE constraint (a 500; found by the load test).

    PostgreSQL locks the rows (SELECT … FOR UPDATE); SQLite, which locks the whole file,
    takes its write lock before the first read (BEGIN IMMEDIATE; waits up to the driver's
    busy timeout for another writer)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        session.execute(select(Application.id).where(Application.id == application_id)
                        .with_for_update())
        if document_id is not None:
            session.execute(select(Document.id).where(Document.id == document_id)
                            .with_for_update())
    session.expire_all()  # nothing read before the lock is trusted after it
    return load(session, application_id)


def summary(session: Session, application_id: int) -> ApplicationSummary:
    return application_summary(load(session, application_id), today())


def audit(session: Session, app: Application) -> list[AuditPublic]:
    """The application's trail, oldest first, as the page and the API show it."""
    return [audit_public(e) for e in application_audit(session, app)]


def receipt_of(session: Session, application_id: int) -> Receipt:
    return receipt(load(session, application_id), today())


def queue(session: Session, *, verdict: str | None = None, flag: str | None = None,
          doc_type: str | None = None, status: str | None = "open",
          ) -> list[ApplicationSummary]:
    """Open applications first by their statutory due date, then by receipt."""
    decided = {"open": False, "decided": True}.get(status or "")
    rows = [application_summary(a, today())
            for a in list_applications(session, verdict=verdict or None, decided=decided)]
    if flag:
        rows = [r for r in rows if flag in r.flag_codes]
    if doc_type:
        rows = [r for r in rows if doc_type in r.doc_types]
    return sorted(rows, key=lambda r: (min(d.due for d in r.deadlines), r.received_at, r.id))


def application(session: Session, registry: RegistryAdapter, application_id: int,
                ) -> ApplicationDetail:
    app = load(session, application_id)
    docs = [m.document for m in app.members]
    entries = {}
    for doc in docs:
        number = next((f.value for f in doc.fields if f.name == "certificate_number"), None)
        if doc.doc_type and doc.doc_type != DocType.OTHER and isinstance(number, str):
            entries[doc.id] = registry.lookup(DocType(doc.doc_type), number)
    return application_detail(app, today(), corrections=corrections_of(session, [d.id for d in docs]),
                              overrides=overrides_of(session, app.id), registry=entries)


def decide(session: Session, application_id: int, *, decision: str, comment: str,
           actor: str) -> None:
    app = load_for_update(session, application_id)
    if decision not in ("accept", "reject"):
        raise Problem(422, "请选择“通过”或“不予通过”")
    if decision == "reject" and not comment.strip():
        raise Problem(422, "不予通过须写明理由")
    if decision == "accept":
        blocking = open_reject_flags(application_detail(
            app, today(), corrections=[], overrides=overrides_of(session, app.id), registry={}))
        if blocking:
            raise Problem(409, f"尚有 {len(blocking)} 条“建议不予通过”的提示未核销"
                          f"（{'、'.join(dict.fromkeys(f.label for f in blocking))}）："
                          "请逐条核销并写明理由，或选择“不予通过”")
    record_decision(session, app, decision=decision, comment=comment.strip(), actor=actor)


def _member(app: Application, document_id: int) -> Document:
    for m in app.members:
        if m.document_id == document_id:
            return m.document
    raise Problem(404, "该申请中没有这份文书")


def correct(session: Session, registry: RegistryAdapter, application_id: int, document_id: int,
            texts: dict[str, str], *, actor: str) -> CorrectionOut:
    app = load_for_update(session, application_id, document_id)
    doc = _member(app, document_id)
    outcome = correct_fields(session, doc, texts, actor=actor, registry=registry,
                             application=app)
    return CorrectionOut(changed=outcome.changed, errors=outcome.errors, verdict=doc.verdict)


def override(session: Session, application_id: int, *, flag_id: int | None, code: str | None,
             reason: str, comment: str, actor: str) -> None:
    """Set a flag aside: a document's (by its id) or the application's own (by its code)."""
    app = load_for_update(session, application_id)
    try:
        why = OverrideReason(reason)
    except ValueError as exc:
        raise Problem(422, "请选择核销理由") from exc
    if len(comment.strip()) < 2:
        raise Problem(422, "核销提示须填写说明")
    flag: FlagRecord | None = None
    if flag_id is not None:
        flag = session.get(FlagRecord, flag_id)
        if flag is None or flag.document_id not in {m.document_id for m in app.members}:
            raise Problem(404, "该申请中没有这条提示")
        code, fields = flag.code, list(flag.fields)
    else:
        match = [f for f in app.flags if f["code"] == code]
        if not match:
            raise Problem(404, "该申请中没有这条提示")
        fields = list(match[0].get("fields", []))
    assert code is not None
    record_override(session, flag=flag, application=app, code=code, fields=fields,
                    reason=why.value, comment=comment.strip(), actor=actor)


def daily_counts(session: Session, *, days: int = 30) -> list[DailyCount]:
    """Documents judged per day (Beijing time) by verdict and by flag, the last `days` days."""
    first = today() - dt.timedelta(days=days - 1)
    since = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=8)
    per_day: dict[dt.date, dict[str, Any]] = {}
    for at, verdict, status, codes in activity_since(session, since):
        day = local_day(at)
        if day < first:
            continue
        slot = per_day.setdefault(day, {"verdicts": Counter(), "flags": Counter(), "failed": 0})
        if status == "failed":
            slot["failed"] += 1
        elif verdict:
            slot["verdicts"][verdict] += 1
        slot["flags"].update(codes)
    return [DailyCount(day=d, verdicts=dict(v["verdicts"]), flags=dict(v["flags"]),
                       failed=v["failed"]) for d, v in sorted(per_day.items())]


def every_day(daily: list[DailyCount], *, days: int) -> list[DailyCount]:
    """The period day by day, quiet days as zeros: a chart over time needs its time axis
    (a day without documents is a day, not a gap the next day closes)."""
    have = {d.day: d for d in daily}
    first = today() - dt.timedelta(days=days - 1)
    return [have.get(day, DailyCount(day=day, verdicts={}, flags={}, failed=0))
            for day in (first + dt.timedelta(days=i) for i in range(days))]


_REPORT_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.(html|json)$")


def report_files(settings: Settings) -> list[str]:
    """The morning reports in the report folder, newest first."""
    folder = Path(settings.report_dir)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and _REPORT_NAME.match(p.name)]
    return [p.name for p in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)]


def report_path(settings: Settings, name: str) -> Path:
    """A report by its bare name; anything else (paths, other files) is not found."""
    if name not in report_files(settings):
        raise Problem(404, "没有这份报告")
    return Path(settings.report_dir) / name
