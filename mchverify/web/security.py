"""Roles, passwords and tokens. Who may do what is a table here, so a change of duties is
one reviewed diff; every route names the permission it needs (deps.require)."""

from __future__ import annotations

import hmac
import secrets
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["PERMISSIONS", "ROLE_ZH", "Permission", "Role", "allowed", "hash_password",
           "new_token", "password_problem", "same_token", "verify_password"]


class Role(StrEnum):
    INTAKE = "intake"
    REVIEWER = "reviewer"
    ADMIN = "admin"


ROLE_ZH = {Role.INTAKE: "受理窗口", Role.REVIEWER: "审核人员", Role.ADMIN: "系统管理员"}


class Permission(StrEnum):
    UPLOAD = "upload"      # submit an application at the window
    RECEIPT = "receipt"    # read a receipt (受理回执)
    QUEUE = "queue"        # see the review queue and an application's review page
    DECIDE = "decide"      # accept / reject, correct fields, override flags
    REPORTS = "reports"    # nightly reports and counts
    USERS = "users"        # accounts
    AUDIT = "audit"        # the whole audit log


#: Separation of duties: the window cannot decide, reviewers cannot administer, and the
#: administrator can look at everything but decides nothing.
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTAKE: frozenset({Permission.UPLOAD, Permission.RECEIPT}),
    Role.REVIEWER: frozenset({Permission.RECEIPT, Permission.QUEUE, Permission.DECIDE,
                              Permission.REPORTS}),
    Role.ADMIN: frozenset({Permission.RECEIPT, Permission.QUEUE, Permission.REPORTS,
                           Permission.USERS, Permission.AUDIT}),
}


def allowed(role: str, permission: Permission) -> bool:
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False


_hasher = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD = 10


def password_problem(password: str, username: str) -> str | None:
    """Why a password may not be used (Chinese, for the person choosing it), or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位"
    if username and username.lower() in password.lower():
        return "密码不得包含用户名"
    if len(set(password)) < 4:
        return "密码过于简单"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: spent on unknown user names too, so timing does not tell which names exist
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
