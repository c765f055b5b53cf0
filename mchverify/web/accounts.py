"""Signing in and out, and accounts: the steps the sign-in page, the API and the
`mchverify user add` command share."""

from __future__ import annotations

import datetime as dt

from fastapi import Request, Response
from sqlalchemy.orm import Session

from mchverify.schemas.web import UserCreate, UserPublic
from mchverify.settings import Settings
from mchverify.storage import accounts as store
from mchverify.storage.models import User
from mchverify.web.deps import COOKIE
from mchverify.web.security import (
    DUMMY_HASH,
    Role,
    hash_password,
    new_token,
    password_problem,
    verify_password,
)
from mchverify.web.services import Problem

#: password guessing: this many failures on one name lock it for LOCKOUT
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)

__all__ = ["LOCKOUT", "MAX_FAILURES", "change_password", "clear_cookie", "create", "public",
           "reset_password", "set_cookie", "sign_in", "sign_out"]


def public(user: User) -> UserPublic:
    return UserPublic(username=user.username, display_name=user.display_name,
                      role=user.role, active=user.active)  # type: ignore[arg-type]


def sign_in(session: Session, username: str, password: str, settings: Settings,
            ) -> tuple[User, str, str]:
    """(user, session token, CSRF token) for the right password of an active account.
    Unknown names cost a hash check too, so the answer's timing tells nothing."""
    username = username.strip()
    _refuse_if_locked(session, username)
    user = store.user_by_name(session, username)
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not ok or not user.active:
        store.record_failed_sign_in(session, username)
        session.commit()
        raise Problem(401, "用户名或密码错误")
    token, csrf = new_token(), new_token()
    store.new_session(session, user, token=token, csrf_token=csrf,
                      lifetime=dt.timedelta(hours=settings.session_hours))
    session.commit()
    return user, token, csrf


def _refuse_if_locked(session: Session, username: str) -> None:
    """429 while a name has MAX_FAILURES wrong passwords within LOCKOUT (sign-in and the
    current password of a change count alike)."""
    if store.failed_sign_ins(session, username, within=LOCKOUT) >= MAX_FAILURES:
        raise Problem(429, f"该用户名登录失败次数过多，请 {LOCKOUT.seconds // 60} 分钟后再试")


def set_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(COOKIE, token, max_age=int(settings.session_hours * 3600),
                        httponly=True, samesite="strict", secure=settings.cookie_secure,
                        path="/")


def clear_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def sign_out(request: Request, session: Session, response: Response | None = None,
             ) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        store.delete_session(session, token)
        session.commit()
    response = response or Response(status_code=204)
    clear_cookie(response)
    return response


def create(session: Session, body: UserCreate, *, actor: str) -> User:
    """A new account; the password is checked and hashed here, never stored as typed."""
    if store.user_by_name(session, body.username) is not None:
        raise Problem(409, f"用户名“{body.username}”已存在")
    problem = password_problem(body.password, body.username)
    if problem:
        raise Problem(422, problem)
    return store.add_user(session, username=body.username, display_name=body.display_name,
                          role=Role(body.role).value, password_hash=hash_password(body.password),
                          actor=actor)


def change_password(session: Session, user: User, *, current: str, new: str,
                    keep_token: str | None) -> None:
    """The person's own change: the current password first (a session left open on a
    shared window must not be enough), counted with sign-in failures so that it cannot be
    guessed here either; then the new one checked as any other."""
    _refuse_if_locked(session, user.username)
    if not verify_password(user.password_hash, current):
        store.record_failed_sign_in(session, user.username)
        session.commit()
        raise Problem(403, "当前密码不正确")
    if new == current:
        raise Problem(422, "新密码不能与当前密码相同")
    problem = password_problem(new, user.username)
    if problem:
        raise Problem(422, problem)
    store.set_password(session, user, password_hash=hash_password(new), actor=user.username,
                       keep_token=keep_token)


def reset_password(session: Session, username: str, new: str, *, actor: str) -> User:
    """An administrator's reset (`mchverify user passwd`): no current password, and the
    person is signed out everywhere."""
    user = store.user_by_name(session, username)
    if user is None:
        raise Problem(404, f"没有用户“{username}”")
    problem = password_problem(new, username)
    if problem:
        raise Problem(422, problem)
    store.set_password(session, user, password_hash=hash_password(new), actor=actor)
    return user
