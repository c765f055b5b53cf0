"""Request dependencies: the database session, the signed-in user, the permission a route
needs and the CSRF check of every state-changing request (full-stack-fastapi-template's
`deps.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import APIKeyCookie, APIKeyHeader
from sqlalchemy.orm import Session

from mchverify.settings import Settings
from mchverify.storage.accounts import session_by_token
from mchverify.storage.db import Database
from mchverify.storage.models import User
from mchverify.web.security import Permission, allowed, same_token

__all__ = [
    "COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "Auth",
    "AuthDep",
    "Forbidden",
    "NotSignedIn",
    "RowId",
    "SessionDep",
    "SettingsDep",
    "require",
]

COOKIE = "mchverify_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

#: a row's id in a path: the range both databases' integer keys hold
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]

session_cookie = APIKeyCookie(name=COOKIE, auto_error=False,
                              description="set by POST /api/session or the sign-in page")
csrf_header = APIKeyHeader(name=CSRF_HEADER, auto_error=False,
                           description="the `csrf_token` of the session, on every POST/PATCH")


class NotSignedIn(Exception):
    """No live session: pages go to the sign-in page, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but the role lacks the permission, or the CSRF token is wrong (403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_session(request: Request) -> Iterator[Session]:
    with _db(request).session() as session:
        yield session


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


@dataclass
class Auth:
    """The signed-in person of this request and the session's CSRF token."""

    user: User
    csrf_token: str

    @property
    def username(self) -> str:
        return self.user.username

    def can(self, permission: Permission | str) -> bool:
        return allowed(self.user.role, Permission(permission))


def current_auth(request: Request, session: SessionDep,
                 token: Annotated[str | None, Depends(session_cookie)] = None) -> Auth:
    row = session_by_token(session, token) if token else None
    if row is None:
        raise NotSignedIn()
    return Auth(user=row.user, csrf_token=row.csrf_token)


AuthDep = Annotated[Auth, Depends(current_auth)]


async def _csrf_ok(request: Request, auth: Auth, header: str | None) -> bool:
    if request.method in _SAFE:
        return True
    if header is not None:
        return same_token(header, auth.csrf_token)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return isinstance(value, str) and same_token(value, auth.csrf_token)
    return False


def require(permission: Permission | None) -> Callable[..., Any]:
    """A dependency: signed in, allowed `permission` (None: any signed-in person), and (for
    POST/PATCH/DELETE) the CSRF token of the session in the X-CSRF-Token header or the form's
    csrf_token field."""

    async def dependency(request: Request, auth: AuthDep,
                         header: Annotated[str | None, Depends(csrf_header)] = None) -> Auth:
        if permission is not None and not auth.can(permission):
            raise Forbidden("您的角色无权执行此操作")
        if not await _csrf_ok(request, auth, header):
            raise Forbidden("请求缺少有效的 CSRF 令牌，请刷新页面后重试")
        return auth

    dependency.permission = permission  # type: ignore[attr-defined]  # read by the route audit
    return dependency


#: what each route asks for, by the permission it needs (web.security.PERMISSIONS)
UploadAuth = Annotated[Auth, Depends(require(Permission.UPLOAD))]
ReceiptAuth = Annotated[Auth, Depends(require(Permission.RECEIPT))]
QueueAuth = Annotated[Auth, Depends(require(Permission.QUEUE))]
DecideAuth = Annotated[Auth, Depends(require(Permission.DECIDE))]
ReportsAuth = Annotated[Auth, Depends(require(Permission.REPORTS))]
UsersAuth = Annotated[Auth, Depends(require(Permission.USERS))]
AuditAuth = Annotated[Auth, Depends(require(Permission.AUDIT))]
SignedIn = Annotated[Auth, Depends(require(None))]
