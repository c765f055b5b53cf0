"""Users and signed-in sessions. Passwords arrive here already hashed (web.security);
session tokens are stored as their SHA-256 only."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mchverify.storage.models import AuditEntry, User, WebSession
from mchverify.storage.results import append_audit

__all__ = ["add_user", "delete_session", "failed_sign_ins", "list_users", "new_session",
           "record_failed_sign_in", "session_by_token", "set_active", "set_password",
           "token_hash", "user_by_name"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_by_name(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def add_user(session: Session, *, username: str, display_name: str, role: str,
             password_hash: str, actor: str) -> User:
    """A new account (the caller checked the name is free and the role is known)."""
    user = User(username=username, display_name=display_name, role=role,
                password_hash=password_hash, active=True, created_at=_now())
    session.add(user)
    session.flush()
    append_audit(session, actor=actor, action="user_added", username=username, role=role)
    return user


def set_active(session: Session, user: User, *, active: bool, actor: str) -> None:
    """Deactivating also signs the person out everywhere."""
    user.active = active
    if not active:
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    append_audit(session, actor=actor, action="user_activated" if active else "user_deactivated",
                 username=user.username)


def set_password(session: Session, user: User, *, password_hash: str, actor: str,
                 keep_token: str | None = None) -> int:
    """A new password (hashed by the caller). Every session of the person ends but the one
    that made the change (`keep_token`): whoever knew the old password is signed out. The
    number of sessions ended."""
    user.password_hash = password_hash
    others = delete(WebSession).where(WebSession.user_id == user.id)
    if keep_token is not None:
        others = others.where(WebSession.token_hash != token_hash(keep_token))
    ended = session.execute(others.execution_options(synchronize_session=False))
    count = int(getattr(ended, "rowcount", 0) or 0)
    append_audit(session, actor=actor, action="password_changed", username=user.username,
                 sessions_ended=count)
    return count


def new_session(session: Session, user: User, *, token: str, csrf_token: str,
                lifetime: dt.timedelta) -> WebSession:
    now = _now()
    row = WebSession(token_hash=token_hash(token), user_id=user.id, csrf_token=csrf_token,
                     created_at=now, expires_at=now + lifetime)
    session.add(row)
    # expired sessions of anyone go as new ones come: the table stays small
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    append_audit(session, actor=user.username, action="signed_in")
    return row


def session_by_token(session: Session, token: str) -> WebSession | None:
    """The live session of this cookie value, with an active user; None otherwise."""
    row = session.get(WebSession, token_hash(token))
    if row is None or _aware(row.expires_at) < _now() or not row.user.active:
        return None
    return row


def delete_session(session: Session, token: str) -> None:
    row = session.get(WebSession, token_hash(token))
    if row is not None:
        append_audit(session, actor=row.user.username, action="signed_out")
        session.delete(row)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def record_failed_sign_in(session: Session, username: str) -> None:
    append_audit(session, actor=username[:128], action="sign_in_failed")


def failed_sign_ins(session: Session, username: str, *, within: dt.timedelta) -> int:
    """Failed attempts on this name since `within` ago (the audit log is the record)."""
    since = _now() - within
    return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.actor == username[:128], AuditEntry.action == "sign_in_failed",
        AuditEntry.at >= since)) or 0)
