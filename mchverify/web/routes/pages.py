"""The pages people use (Chinese interface): sign-in, intake and receipt, the review queue,
the review page, reports, accounts. Every state change is a POST form with the session's
CSRF token, answered by a redirect (so a reload never submits twice)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from mchverify.pipelines.review import APPLICATION_KINDS
from mchverify.schemas.codes import ZH, DocType
from mchverify.schemas.verification import FLAG_ZH
from mchverify.schemas.web import OVERRIDE_REASON_ZH, CorrectionOut, UserCreate
from mchverify.storage.accounts import list_users, set_active, user_by_name
from mchverify.storage.models import AuditEntry
from mchverify.storage.review import recent_runs
from mchverify.web import accounts, charts, services
from mchverify.web.deps import (
    COOKIE,
    AuditAuth,
    Auth,
    DecideAuth,
    QueueAuth,
    ReceiptAuth,
    ReportsAuth,
    RowId,
    SessionDep,
    SettingsDep,
    SignedIn,
    UploadAuth,
    UsersAuth,
)
from mchverify.web.presenters import audit_public, open_reject_flags
from mchverify.web.rendering import render
from mchverify.web.security import ROLE_ZH, Permission, Role, new_token, same_token

router = APIRouter(include_in_schema=False)


LOGIN_CSRF = "mchverify_login_csrf"
#: notices a redirect may ask a page to show (never text from the request itself)
NOTICES = {
    "decided": "审核决定已保存", "corrected": "字段已更正，文书已重新核验",
    "unchanged": "字段未作改动", "overridden": "提示已核销", "user_added": "用户已添加",
    "user_changed": "用户状态已更新", "signed_out": "您已退出登录",
    "password_changed": "密码已修改，您在其他地方的登录已退出",
}


def _with_login_token(response: Response, token: str) -> Response:
    """The sign-in form's own CSRF token (double submit: cookie and hidden field)."""
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", path="/login")
    return response


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _home(auth: Auth) -> str:
    if auth.can(Permission.UPLOAD):
        return "/intake"
    if auth.can(Permission.DECIDE):
        return "/queue"
    return "/admin/users"


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no //host, no scheme) may be a post-login destination."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


# --------------------------------------------------------------------------- sign-in


@router.get("/login")
def login_page(request: Request, next: str | None = None, notice: str | None = None,
               ) -> Response:
    token = new_token()
    return _with_login_token(render(request, "login.html", None, next=_safe_next(next) or "",
                                    login_csrf=token, notice=NOTICES.get(notice or "")), token)


@router.post("/login")
def login(request: Request, session: SessionDep, settings: SettingsDep,
          username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=256)],
          csrf_token: Annotated[str, Form(max_length=128)] = "",
          next: Annotated[str, Form(max_length=512)] = "") -> Response:
    if not same_token(csrf_token, request.cookies.get(LOGIN_CSRF)):
        return render(request, "login.html", None, status_code=403, next=_safe_next(next) or "",
                      login_csrf=request.cookies.get(LOGIN_CSRF) or "",
                      error="页面已过期，请重新登录")
    try:
        user, token, _ = accounts.sign_in(session, username, password, settings)
    except services.Problem as exc:
        fresh = new_token()
        return _with_login_token(render(
            request, "login.html", None, status_code=exc.status, next=_safe_next(next) or "",
            login_csrf=fresh, error=exc.message, username=username), fresh)
    auth = Auth(user=user, csrf_token="")
    done = _see(_safe_next(next) or _home(auth))
    accounts.set_cookie(done, token, settings)
    done.delete_cookie(LOGIN_CSRF, path="/login")
    return done


@router.post("/logout")
def logout(request: Request, session: SessionDep, auth: SignedIn) -> Response:
    return accounts.sign_out(request, session, _see("/login?notice=signed_out"))


@router.get("/")
def home(auth: SignedIn) -> Response:
    return _see(_home(auth))


# --------------------------------------------------------------------------- intake


@router.get("/intake")
def intake_page(request: Request, auth: UploadAuth, settings: SettingsDep) -> Response:
    return render(request, "intake.html", auth, kinds=APPLICATION_KINDS,
                  formats=services.ACCEPTED_FORMATS, settings=settings)


@router.post("/intake")
async def intake(request: Request, auth: UploadAuth, settings: SettingsDep) -> Response:
    form = await request.form()  # parsed already by the CSRF check; the count is checked below
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    kind = str(form.get("kind") or "")
    uploaded = [services.UploadedFile(f.filename or "", await f.read()) for f in files]
    try:
        app_id = await run_in_threadpool(services.submit, uploaded, kind=kind,
                                         actor=auth.username, settings=settings)
    except services.Problem as exc:
        return render(request, "intake.html", auth, status_code=exc.status, error=exc.message,
                      kinds=APPLICATION_KINDS, formats=services.ACCEPTED_FORMATS,
                      settings=settings, kind=kind)
    return _see(f"/applications/{app_id}/receipt")


@router.get("/applications/{application_id}/receipt")
def receipt_page(request: Request, application_id: RowId, session: SessionDep,
                 auth: ReceiptAuth) -> Response:
    return render(request, "receipt.html", auth,
                  receipt=services.receipt_of(session, application_id))


# --------------------------------------------------------------------------- review


@router.get("/queue")
def queue_page(request: Request, session: SessionDep, auth: QueueAuth,
               verdict: Annotated[str | None, Query(max_length=16)] = None,
               flag: Annotated[str | None, Query(max_length=32)] = None,
               doc_type: Annotated[str | None, Query(max_length=64)] = None,
               status: Annotated[str, Query(pattern="^(open|decided|all)$")] = "open",
               ) -> Response:
    rows = services.queue(session, verdict=verdict, flag=flag, doc_type=doc_type,
                          status=status)
    return render(request, "queue.html", auth, rows=rows, today=services.today(),
                  filters={"verdict": verdict or "", "flag": flag or "",
                           "doc_type": doc_type or "", "status": status},
                  flag_names=FLAG_ZH,
                  doc_types={t.value: ZH[t] for t in DocType if t is not DocType.OTHER})


@router.get("/review/{application_id}")
def review_page(request: Request, application_id: RowId, session: SessionDep, auth: QueueAuth,
                notice: str | None = None) -> Response:
    return _review(request, session, auth, application_id, notice=NOTICES.get(notice or ""))


def _review(request: Request, session: SessionDep, auth: Auth, application_id: RowId,
            status_code: int = 200, **extra: Any) -> Response:
    detail = services.application(session, request.app.state.registry, application_id)
    app = services.load(session, application_id)
    trail = services.audit(session, app)
    return render(request, "review.html", auth, status_code=status_code, app=detail,
                  audit=trail, reasons=OVERRIDE_REASON_ZH,
                  blocking=open_reject_flags(detail), **extra)


@router.post("/applications/{application_id}/decision")
def decide(request: Request, application_id: RowId, session: SessionDep, auth: DecideAuth,
           decision: Annotated[str, Form(max_length=16)],
           comment: Annotated[str, Form(max_length=2000)] = "") -> Response:
    try:
        services.decide(session, application_id, decision=decision, comment=comment,
                        actor=auth.username)
    except services.Problem as exc:
        if exc.status == 404:
            raise
        session.rollback()  # the application's write lock goes before the page is drawn
        return _review(request, session, auth, application_id, status_code=exc.status,
                       decision_error=exc.message)
    session.commit()
    return _see(f"/review/{application_id}?notice=decided#decision")


@router.post("/applications/{application_id}/documents/{document_id}/fields")
async def correct(request: Request, application_id: RowId, document_id: RowId,
                  session: SessionDep, auth: DecideAuth) -> Response:
    form = await request.form()
    texts = {k[len("field_"):]: str(v) for k, v in form.multi_items()
             if k.startswith("field_") and isinstance(v, str)}

    def apply() -> CorrectionOut:
        """In a worker thread, not on the event loop: the checks run again, and the
        application's write lock may be waited for (services.load_for_update)."""
        out = services.correct(session, request.app.state.registry, application_id,
                               document_id, texts, actor=auth.username)
        if out.errors:
            session.rollback()
        else:
            session.commit()
        return out

    out = await run_in_threadpool(apply)
    if out.errors:
        return _review(request, session, auth, application_id, status_code=422,
                       field_errors={document_id: out.errors}, typed={document_id: texts})
    notice = "corrected" if out.changed else "unchanged"
    return _see(f"/review/{application_id}?notice={notice}#doc-{document_id}")


@router.post("/applications/{application_id}/overrides")
def override(request: Request, application_id: RowId, session: SessionDep, auth: DecideAuth,
             reason: Annotated[str, Form(max_length=32)] = "",
             comment: Annotated[str, Form(max_length=2000)] = "",
             flag_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
             code: Annotated[str | None, Form(max_length=32)] = None) -> Response:
    try:
        services.override(session, application_id, flag_id=flag_id, code=code, reason=reason,
                          comment=comment, actor=auth.username)
    except services.Problem as exc:
        if exc.status == 404:
            raise
        session.rollback()  # the application's write lock goes before the page is drawn
        return _review(request, session, auth, application_id, status_code=exc.status,
                       override_error={(flag_id, code): exc.message})
    session.commit()
    anchor = f"flag-{flag_id}" if flag_id is not None else f"flag-{code}"
    return _see(f"/review/{application_id}?notice=overridden#{anchor}")


# --------------------------------------------------------------------------- reports


@router.get("/reports")
def reports_page(request: Request, session: SessionDep, auth: ReportsAuth,
                 settings: SettingsDep,
                 days: Annotated[int, Query(ge=7, le=366)] = 30) -> Response:
    daily = services.daily_counts(session, days=days)
    timeline = services.every_day(daily, days=days) if daily else []
    return render(request, "reports.html", auth, runs=recent_runs(session, limit=30),
                  daily=daily, days=days, verdict_chart=charts.verdicts_by_day(timeline),
                  flag_chart=charts.flags_by_day(timeline),
                  reports=services.report_files(settings))


@router.get("/reports/files/{name}")
def report_file(name: str, auth: ReportsAuth, settings: SettingsDep) -> Response:
    """A morning report the nightly run wrote (only names in the report folder)."""
    path = services.report_path(settings, name)
    media = "text/html; charset=utf-8" if path.suffix == ".html" else "application/json"
    return Response(path.read_bytes(), media_type=media,
                    headers={"Content-Security-Policy": "default-src 'none'; style-src "
                             "'unsafe-inline'; img-src data:; sandbox"})


# --------------------------------------------------------------------------- account


@router.get("/account/password")
def password_page(request: Request, auth: SignedIn, notice: str | None = None) -> Response:
    return render(request, "password.html", auth, notice=NOTICES.get(notice or ""))


@router.post("/account/password")
def change_password(request: Request, session: SessionDep, auth: SignedIn,
                    current: Annotated[str, Form(max_length=256)] = "",
                    new: Annotated[str, Form(max_length=256)] = "",
                    confirm: Annotated[str, Form(max_length=256)] = "") -> Response:
    try:
        if new != confirm:
            raise services.Problem(422, "两次输入的新密码不一致")
        accounts.change_password(session, auth.user, current=current, new=new,
                                 keep_token=request.cookies.get(COOKIE))
    except services.Problem as exc:
        return render(request, "password.html", auth, status_code=exc.status,
                      error=exc.message)
    session.commit()
    return _see("/account/password?notice=password_changed")


# --------------------------------------------------------------------------- admin


@router.get("/admin/users")
def users_page(request: Request, session: SessionDep, auth: UsersAuth,
               notice: str | None = None) -> Response:
    return render(request, "users.html", auth, users=list_users(session),
                  roles=ROLE_ZH, notice=NOTICES.get(notice or ""))


@router.post("/admin/users")
def add_user(request: Request, session: SessionDep, auth: UsersAuth,
             username: Annotated[str, Form(max_length=64)] = "",
             display_name: Annotated[str, Form(max_length=128)] = "",
             role: Annotated[str, Form(max_length=16)] = "",
             password: Annotated[str, Form(max_length=256)] = "") -> Response:
    try:
        if role not in {r.value for r in Role}:
            raise services.Problem(422, "请选择角色")
        try:
            body = UserCreate(username=username, display_name=display_name or username,
                              role=role, password=password)  # type: ignore[arg-type]
        except ValueError as exc:
            raise services.Problem(422, "用户名须为字母、数字或 _.-，密码至少 10 位") from exc
        accounts.create(session, body, actor=auth.username)
    except services.Problem as exc:
        return render(request, "users.html", auth, status_code=exc.status, error=exc.message,
                      users=list_users(session), roles=ROLE_ZH,
                      form={"username": username, "display_name": display_name, "role": role})
    session.commit()
    return _see("/admin/users?notice=user_added")


@router.post("/admin/users/{username}/active")
def toggle_user(username: str, session: SessionDep, auth: UsersAuth,
                active: Annotated[str, Form(pattern="^(0|1)$")]) -> Response:
    user = user_by_name(session, username)
    if user is None:
        raise services.Problem(404, "没有这个用户")
    if user.id == auth.user.id:
        raise services.Problem(422, "不能停用自己的账户")
    set_active(session, user, active=active == "1", actor=auth.username)
    session.commit()
    return _see("/admin/users?notice=user_changed")


@router.get("/admin/audit")
def audit_page(request: Request, session: SessionDep, auth: AuditAuth,
               actor: Annotated[str | None, Query(max_length=128)] = None) -> Response:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    entries = [audit_public(e) for e in session.scalars(query)]
    return render(request, "audit.html", auth, entries=entries, actor=actor or "")


def login_redirect(request: Request) -> RedirectResponse:
    """Where a page request without a session goes: the sign-in page, then back."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _see("/login?" + urlencode({"next": target}, quote_via=quote))


__all__ = ["login_redirect", "router"]
