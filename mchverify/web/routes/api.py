"""The JSON API under /api: the operations of the pages, for other systems and scripts.
Sign in with POST /api/session; send the session cookie and its X-CSRF-Token after."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from mchverify.schemas.web import (
    ApplicationDetail,
    ApplicationSummary,
    AuditPublic,
    CorrectionIn,
    CorrectionOut,
    DailyCount,
    DecisionIn,
    OverrideIn,
    PasswordChange,
    ProblemPublic,
    Receipt,
    RunPublic,
    SessionCreate,
    SessionPublic,
    UserCreate,
    UserPublic,
)
from mchverify.storage.accounts import list_users
from mchverify.storage.review import recent_runs
from mchverify.web import accounts, services
from mchverify.web.deps import (
    COOKIE,
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

router = APIRouter(prefix="/api", tags=["api"])

def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "model": ProblemPublic}


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _problem("请求体无法解析"), 401: _problem("未登录"),
    403: _problem("无权限或缺少 CSRF 令牌"), 422: _problem("请求内容无效")}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {**_ERRORS, 404: _problem("不存在")}



@router.post("/session", response_model=SessionPublic,
             responses={400: _problem("请求体无法解析"), 401: _problem("用户名或密码错误"),
                        422: _problem("请求内容无效"), 429: _problem("失败次数过多，暂时锁定")})
def sign_in(body: SessionCreate, session: SessionDep, settings: SettingsDep,
            response: Response) -> SessionPublic:
    """Sign in: the session cookie is set, and the CSRF token to send back is returned."""
    user, token, csrf = accounts.sign_in(session, body.username, body.password, settings)
    accounts.set_cookie(response, token, settings)
    return SessionPublic(user=accounts.public(user), csrf_token=csrf)


@router.delete("/session", status_code=204, responses=_ERRORS)
def sign_out(request: Request, session: SessionDep,
             auth: SignedIn) -> Response:
    return accounts.sign_out(request, session)


@router.get("/me", response_model=UserPublic, responses=_ERRORS)
def me(auth: SignedIn) -> UserPublic:
    return accounts.public(auth.user)


@router.post("/me/password", status_code=204,
             responses={**_ERRORS, 429: _problem("失败次数过多，暂时锁定")})
def change_password(body: PasswordChange, request: Request, session: SessionDep,
                    auth: SignedIn) -> Response:
    """Change one's own password (the current one is asked for); one's other sessions end."""
    accounts.change_password(session, auth.user, current=body.current_password,
                             new=body.new_password, keep_token=request.cookies.get(COOKIE))
    session.commit()
    return Response(status_code=204)


@router.get("/applications", response_model=list[ApplicationSummary], responses=_ERRORS)
def list_queue(session: SessionDep, auth: QueueAuth,
               verdict: Annotated[str | None, Query(max_length=16)] = None,
               flag: Annotated[str | None, Query(max_length=32)] = None,
               doc_type: Annotated[str | None, Query(max_length=64)] = None,
               status: Annotated[str | None, Query(pattern="^(open|decided|all)$")] = "open",
               ) -> list[ApplicationSummary]:
    """The review queue, by due date (承诺 / 法定 in PRC working days)."""
    return services.queue(session, verdict=verdict, flag=flag, doc_type=doc_type,
                          status=status)


@router.post("/applications", response_model=Receipt, status_code=201,
             responses={**_ERRORS, 413: _problem("文件过大或过多"),
                        415: _problem("文件格式不受理")})
def submit(session: SessionDep, settings: SettingsDep, auth: UploadAuth,
           files: Annotated[list[UploadFile], File(description="the application's scans")],
           kind: Annotated[str, Form(description="personnel, institution, revalidation "
                                                 "or unspecified")] = "unspecified",
           ) -> Receipt:
    """Receive an application: stored, read and checked; the receipt (受理回执) comes back."""
    uploaded = [services.UploadedFile(f.filename or "", f.file.read()) for f in files]
    app_id = services.submit(uploaded, kind=kind, actor=auth.username, settings=settings)
    return services.receipt_of(session, app_id)


@router.get("/applications/{application_id}", response_model=ApplicationDetail,
            responses=_NOT_FOUND)
def get_application(application_id: RowId, request: Request, session: SessionDep,
                    auth: QueueAuth) -> ApplicationDetail:
    return services.application(session, request.app.state.registry, application_id)


@router.get("/applications/{application_id}/receipt", response_model=Receipt,
            responses=_NOT_FOUND)
def get_receipt(application_id: RowId, session: SessionDep, auth: ReceiptAuth) -> Receipt:
    return services.receipt_of(session, application_id)


@router.post("/applications/{application_id}/decision", response_model=ApplicationSummary,
             responses={**_NOT_FOUND, 409: _problem("尚有“建议不予通过”的提示未核销")})
def decide(application_id: RowId, body: DecisionIn, session: SessionDep,
           auth: DecideAuth) -> ApplicationSummary:
    services.decide(session, application_id, decision=body.decision, comment=body.comment,
                    actor=auth.username)
    session.commit()
    return services.summary(session, application_id)


@router.patch("/applications/{application_id}/documents/{document_id}/fields",
              response_model=CorrectionOut,
              responses=_NOT_FOUND)
def correct(application_id: RowId, document_id: RowId, body: CorrectionIn, request: Request,
            session: SessionDep, auth: DecideAuth) -> Any:
    """Correct fields (kept as ground truth); the document is checked again."""
    out = services.correct(session, request.app.state.registry, application_id, document_id,
                           body.fields, actor=auth.username)
    if out.errors:
        session.rollback()
        problem = ProblemPublic(detail="字段值无效，未作更正", errors=out.errors)
        return JSONResponse(problem.model_dump(), status_code=422)
    session.commit()
    return out


@router.post("/applications/{application_id}/overrides", status_code=201,
             response_model=ApplicationDetail,
             responses=_NOT_FOUND)
def override(application_id: RowId, body: OverrideIn, request: Request, session: SessionDep,
             auth: DecideAuth) -> ApplicationDetail:
    """Set a flag aside with a reason code and a comment."""
    services.override(session, application_id, flag_id=body.flag_id, code=body.code,
                      reason=body.reason, comment=body.comment, actor=auth.username)
    session.commit()
    return services.application(session, request.app.state.registry, application_id)


@router.get("/applications/{application_id}/audit", response_model=list[AuditPublic],
            responses=_NOT_FOUND)
def audit(application_id: RowId, session: SessionDep, auth: QueueAuth) -> list[AuditPublic]:
    return services.audit(session, services.load(session, application_id))


@router.get("/reports/runs", response_model=list[RunPublic], responses=_ERRORS)
def runs(session: SessionDep, auth: ReportsAuth,
         limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[RunPublic]:
    return [RunPublic.model_validate(r, from_attributes=True)
            for r in recent_runs(session, limit=limit)]


@router.get("/reports/daily", response_model=list[DailyCount], responses=_ERRORS)
def daily(session: SessionDep, auth: ReportsAuth,
          days: Annotated[int, Query(ge=1, le=366)] = 30) -> list[DailyCount]:
    """Documents judged per day, by verdict and flag."""
    return services.daily_counts(session, days=days)


@router.get("/users", response_model=list[UserPublic], responses=_ERRORS)
def users(session: SessionDep, auth: UsersAuth) -> list[UserPublic]:
    return [accounts.public(u) for u in list_users(session)]


@router.post("/users", response_model=UserPublic, status_code=201,
             responses={**_ERRORS, 409: _problem("用户名已存在")})
def add_user(body: UserCreate, session: SessionDep, auth: UsersAuth) -> UserPublic:
    user = accounts.create(session, body, actor=auth.username)
    session.commit()
    return accounts.public(user)
