"""`mchverify user add`: the only way an account comes to exist (no default password ships);
the password is read without echo or from stdin, checked, and stored only as a hash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from mchverify.storage.db import Database
from mchverify.storage.models import User
from mchverify.web.security import verify_password

MCHVERIFY = str(Path(sys.executable).with_name("mchverify"))


def _add(tmp_path: Path, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    env = {"MCHVERIFY_DB_URL": f"sqlite:///{tmp_path / 'users.db'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([MCHVERIFY, "user", "add", *args, "--password-stdin"],
                          input=password + "\n", env=env, text=True, capture_output=True,
                          check=False,
                          timeout=120)


def test_user_add_stores_a_hash_and_refuses_weak_or_duplicate_accounts(tmp_path: Path) -> None:
    ok = _add(tmp_path, "liming", "--role", "reviewer", "--name", "李明",
              password="Shenhe-ok-2026")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.splitlines()[-1]) == {
        "username": "liming", "role": "reviewer", "display_name": "李明"}
    assert "已添加用户" in ok.stderr
    db = Database(f"sqlite:///{tmp_path / 'users.db'}")
    with db.session() as s:
        user = s.scalars(select(User)).one()
        assert "Shenhe-ok-2026" not in user.password_hash
        assert user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "Shenhe-ok-2026")
    db.dispose()

    again = _add(tmp_path, "liming", "--role", "admin", password="Another-pass-2026")
    assert again.returncode == 1 and "已存在" in again.stderr
    short = _add(tmp_path, "wangfang", "--role", "intake", password="short")
    assert short.returncode == 1 and "密码至少 10 位" in short.stderr
    named = _add(tmp_path, "wangfang", "--role", "intake", password="wangfang-2026")
    assert named.returncode == 1 and "不得包含用户名" in named.stderr
    bad_role = _add(tmp_path, "zhao", "--role", "root", password="Zhao-pass-2026")
    assert bad_role.returncode == 2


def _passwd(tmp_path: Path, username: str, password: str) -> subprocess.CompletedProcess[str]:
    env = {"MCHVERIFY_DB_URL": f"sqlite:///{tmp_path / 'users.db'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([MCHVERIFY, "user", "passwd", username, "--password-stdin"],
                          input=password + "\n", env=env, text=True, capture_output=True,
                          check=False, timeout=120)


def test_user_passwd_sets_a_new_password_and_signs_the_person_out(tmp_path: Path) -> None:
    import datetime as dt

    from mchverify.storage.accounts import new_session, session_by_token

    assert _add(tmp_path, "liming", "--role", "reviewer", password="Shenhe-ok-2026").returncode == 0
    db = Database(f"sqlite:///{tmp_path / 'users.db'}")
    with db.session() as s:
        user = s.scalars(select(User)).one()
        new_session(s, user, token="open-at-the-window", csrf_token="c",
                    lifetime=dt.timedelta(hours=8))

    done = _passwd(tmp_path, "liming", "Xin-mima-2026-ok")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"username": "liming",
                                                         "password_changed": True}
    with db.session() as s:
        user = s.scalars(select(User)).one()
        assert verify_password(user.password_hash, "Xin-mima-2026-ok")
        assert not verify_password(user.password_hash, "Shenhe-ok-2026")
        assert session_by_token(s, "open-at-the-window") is None
    weak = _passwd(tmp_path, "liming", "short")
    assert weak.returncode == 1 and "密码至少 10 位" in weak.stderr
    nobody = _passwd(tmp_path, "nobody", "Nobody-pass-2026")
    assert nobody.returncode == 1 and "没有用户" in nobody.stderr
    assert json.loads(nobody.stdout.splitlines()[-1])["error"]
    db.dispose()
