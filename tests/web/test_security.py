"""The web application's locks: no session, no access; each role only its own duties; no
state change without the session's CSRF token; upload names and contents cannot reach the
file system or run in a browser; cookies and headers as a browser should get them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from mchverify.storage.accounts import user_by_name
from mchverify.storage.models import WebSession
from mchverify.storage.results import record_result
from mchverify.web.routes import api, files, pages
from mchverify.web.security import PERMISSIONS, Permission, Role
from tests.web.conftest import AS_OF, PASSWORDS, Web, page_png, seed_application, sign_in

#: reachable without signing in: the sign-in page itself, static assets, the API's schema
PUBLIC = {"/login", "/api/session", "/api/openapi.json"}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _app_routes(web: Web) -> list[APIRoute]:
    """Every route the application itself serves, through the routers it includes (not a
    list of routers that a new one would escape); static files are a mount, not a route.
    (FastAPI ≥ 0.150 wraps an included router; its `original_router` holds the routes,
    whose paths carry their router's prefix: main.py includes them without another.)"""
    out: list[APIRoute] = []

    def walk(routes: list[Any]) -> None:
        for r in routes:
            if isinstance(r, APIRoute):
                out.append(r)
            elif hasattr(r, "original_router"):
                walk(r.original_router.routes)

    walk(list(web.app.routes))
    return out


def _routes(web: Web) -> list[tuple[str, str]]:
    """Every (method, path) the application serves, read from the application."""
    out = []
    for route in _app_routes(web):
        for method in sorted(route.methods or []):
            if method in ("HEAD", "OPTIONS") or route.path in PUBLIC:
                continue
            out.append((method, _concrete(route.path)))
    return out


def _guards(dependant: Dependant) -> list[Permission | None]:
    """The permissions the route's `require` dependencies ask for, however deep."""
    out = []
    for dep in dependant.dependencies:
        if hasattr(dep.call, "permission"):
            out.append(dep.call.permission)
        out += _guards(dep)
    return out


def _guarded_routes(web: Web) -> list[tuple[str, str, Permission | None]]:
    """(method, path, permission) of every non-public route: exactly one guard each."""
    out = []
    for route in _app_routes(web):
        if route.path in PUBLIC:
            continue
        guards = _guards(route.dependant)
        assert len(guards) == 1, (route.path, guards)  # unguarded, or guarded twice
        out += [(m, _concrete(route.path), guards[0]) for m in sorted(route.methods or [])
                if m not in ("HEAD", "OPTIONS")]
    return out


def test_every_route_of_the_application_is_guarded(web: Web) -> None:
    """Each route but the public ones has exactly one `require` guard, and the walk sees
    every route of the three routers the application includes today."""
    seen = {id(r) for r in _app_routes(web)}
    for router in (pages.router, files.router, api.router):
        assert all(id(r) in seen for r in router.routes if isinstance(r, APIRoute))
    assert len(_guarded_routes(web)) >= 25


def test_every_route_without_a_session_is_refused(web: Web) -> None:
    routes = _routes(web)
    assert len(routes) >= 25, "the route table was not read"
    for method, path in routes:
        r = web.client.request(method, path, follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.json()["detail"] == "请先登录"
        else:
            assert r.status_code == 303, (method, path, r.status_code)
            assert r.headers["location"].startswith("/login?next=")


def test_a_page_without_a_session_returns_there_after_sign_in(web: Web) -> None:
    r = web.client.get("/queue?status=all", follow_redirects=False)
    assert r.headers["location"] == "/login?next=%2Fqueue%3Fstatus%3Dall"
    page = web.client.get(r.headers["location"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    done = web.client.post("/login", data={"username": "reviewer1",
                                           "password": PASSWORDS["reviewer1"],
                                           "csrf_token": token.group(1),
                                           "next": "/queue?status=all"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/queue?status=all"


def test_sign_in_never_redirects_off_site(web: Web) -> None:
    page = web.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = web.client.post("/login", data={"username": "reviewer1",
                                           "password": PASSWORDS["reviewer1"],
                                           "csrf_token": token, "next": "//evil.example/x"},
                           follow_redirects=False)
    assert done.headers["location"] == "/queue"


#: (user, method, path) a role may not do; each must be 403, whatever the body
WRONG_ROLE = [
    ("window1", "GET", "/queue"),
    ("window1", "GET", "/review/1"),
    ("window1", "GET", "/api/applications"),
    ("window1", "POST", "/api/applications/1/decision"),
    ("window1", "PATCH", "/api/applications/1/documents/1/fields"),
    ("window1", "POST", "/api/applications/1/overrides"),
    ("window1", "GET", "/documents/1/pages/1.jpg"),
    ("window1", "GET", "/reports"),
    ("window1", "GET", "/admin/users"),
    ("reviewer1", "GET", "/admin/users"),
    ("reviewer1", "POST", "/api/users"),
    ("reviewer1", "GET", "/api/users"),
    ("reviewer1", "GET", "/admin/audit"),
    ("reviewer1", "GET", "/intake"),
    ("reviewer1", "POST", "/api/applications"),
    ("admin1", "POST", "/api/applications/1/decision"),
    ("admin1", "PATCH", "/api/applications/1/documents/1/fields"),
    ("admin1", "POST", "/api/applications/1/overrides"),
    ("admin1", "POST", "/applications/1/decision"),
    ("admin1", "GET", "/intake"),
]


@pytest.mark.parametrize(("user", "method", "path"), WRONG_ROLE)
def test_a_role_cannot_do_what_is_not_its_duty(web: Web, user: str, method: str,
                                               path: str) -> None:
    seed_application(web)
    csrf = sign_in(web.client, user)
    r = web.client.request(method, path, headers={"X-CSRF-Token": csrf},
                           follow_redirects=False)
    assert r.status_code == 403, (user, method, path, r.status_code, r.text[:200])
    assert "无权" in r.text


USERS = {Role.INTAKE: "window1", Role.REVIEWER: "reviewer1", Role.ADMIN: "admin1"}


def test_every_role_is_refused_every_route_its_permissions_do_not_cover(web: Web) -> None:
    """All (role, route) pairs, read from the application: a route the role may not use is
    403 for it, whatever the method or body, before anything is read or changed."""
    seed_application(web)
    guarded = _guarded_routes(web)
    assert len(guarded) >= 25
    refused = 0
    for role, user in USERS.items():
        csrf = sign_in(web.client, user)
        for method, path, permission in guarded:
            if permission is None or permission in PERMISSIONS[role]:
                continue
            r = web.client.request(method, path, headers={"X-CSRF-Token": csrf},
                                   follow_redirects=False)
            assert r.status_code == 403, (user, method, path, r.status_code, r.text[:200])
            assert "无权" in r.text
            refused += 1
        web.client.cookies.clear()
    assert refused >= 40, refused


def test_every_state_change_needs_the_csrf_token(web: Web) -> None:
    """Each POST/PATCH/DELETE route, by a role allowed to use it, without the token: 403."""
    app_id = seed_application(web)
    changes = [(m, p, perm) for m, p, perm in _guarded_routes(web)
               if m in ("POST", "PATCH", "PUT", "DELETE")]
    assert len(changes) >= 10
    with web.db.session() as s:
        from mchverify.storage.models import AuditEntry
        logged = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action != "signed_in"))
    for method, path, permission in changes:
        role = next(r for r, perms in PERMISSIONS.items()
                    if permission is None or permission in perms)
        sign_in(web.client, USERS[role])
        path = path.replace("/1/", f"/{app_id}/", 1) if path.startswith(
            ("/api/applications/1/", "/applications/1/")) else path
        r = web.client.request(method, path, follow_redirects=False)
        assert r.status_code == 403, (method, path, r.status_code, r.text[:200])
        assert "CSRF" in r.text
        form = web.client.request(method, path, data={"csrf_token": "forged"},
                                  follow_redirects=False)
        assert form.status_code == 403, (method, path, form.status_code)
        web.client.cookies.clear()
    with web.db.session() as s:
        from mchverify.storage.models import Application
        app = s.get(Application, app_id)
        assert app is not None and app.decision is None
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action != "signed_in")) == logged, "a refused request changed nothing"


def test_state_changes_need_the_session_csrf_token(web: Web) -> None:
    app_id = seed_application(web)
    csrf = sign_in(web.client, "reviewer1")
    body = {"decision": "reject", "comment": "未在登记库中查到该证书"}
    url = f"/api/applications/{app_id}/decision"
    assert web.client.post(url, json=body).status_code == 403                   # none
    assert web.client.post(url, json=body,
                           headers={"X-CSRF-Token": "forged"}).status_code == 403  # wrong
    form = web.client.post(f"/applications/{app_id}/decision", data=body,
                           follow_redirects=False)
    assert form.status_code == 403 and "CSRF" in form.text                      # form, none
    logout = web.client.post("/logout", follow_redirects=False)
    assert logout.status_code == 403                                            # not even this
    with web.db.session() as s:
        from mchverify.storage.models import Application
        app = s.get(Application, app_id)
        assert app is not None and app.decision is None, "a refused request changed nothing"
    ok = web.client.post(url, json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["decision"] == "reject"


def test_the_sign_in_form_needs_its_own_token(web: Web) -> None:
    r = web.client.post("/login", data={"username": "reviewer1",
                                        "password": PASSWORDS["reviewer1"]},
                        follow_redirects=False)
    assert r.status_code == 403
    assert "mchverify_session" not in r.headers.get("set-cookie", "")


def test_the_session_cookie_is_httponly_and_samesite(web: Web) -> None:
    r = web.client.post("/api/session", json={"username": "window1",
                                              "password": PASSWORDS["window1"]})
    cookie = r.headers["set-cookie"].lower()
    assert "mchverify_session=" in cookie and "httponly" in cookie
    assert "samesite=strict" in cookie and "path=/" in cookie
    with web.db.session() as s:
        stored = s.query(WebSession).one()
        token = r.cookies.get("mchverify_session") or web.client.cookies.get("mchverify_session")
        assert token and stored.token_hash != token, "only the token's hash is stored"


def test_wrong_passwords_unknown_and_deactivated_users_get_the_same_answer(web: Web) -> None:
    for username, password in (("reviewer1", "wrong-password-1"), ("nobody", "whatever-123"),
                               ("admin", "admin"), ("admin1", "")):
        r = web.client.post("/api/session", json={"username": username, "password": password})
        assert r.status_code in (401, 422), username
        assert "mchverify_session" not in r.headers.get("set-cookie", "")
    csrf = sign_in(web.client, "admin1")
    off = web.client.post("/admin/users/reviewer1/active", data={"active": "0",
                                                               "csrf_token": csrf},
                          follow_redirects=False)
    assert off.status_code == 303
    r = web.client.post("/api/session", json={"username": "reviewer1",
                                              "password": PASSWORDS["reviewer1"]})
    assert r.status_code == 401 and r.json()["detail"] == "用户名或密码错误"


def test_signing_out_ends_the_session_on_the_server(web: Web) -> None:
    csrf = sign_in(web.client, "reviewer1")
    cookie = web.client.cookies.get("mchverify_session")
    assert web.client.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    web.client.cookies.set("mchverify_session", cookie or "")  # a copy kept by an attacker
    assert web.client.get("/api/me").status_code == 401


def test_an_expired_session_is_refused(web: Web) -> None:
    sign_in(web.client, "reviewer1")
    with web.db.session() as s:
        row = s.query(WebSession).one()
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    assert web.client.get("/api/me").status_code == 401


def test_no_account_exists_until_one_is_added(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from mchverify.web.main import create_app
    from tests.web.conftest import configure

    app = create_app(configure(monkeypatch, tmp_path))
    with app.state.db.session() as s:
        assert user_by_name(s, "admin") is None
    with TestClient(app) as client:
        for password in ("admin", "123456", "password", "mchverify"):
            r = client.post("/api/session", json={"username": "admin", "password": password})
            assert r.status_code == 401


def test_every_response_carries_the_security_headers(web: Web) -> None:
    r = web.client.get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # (a random CSRF token may spell "cdn": a CDN address has a dot or slashes about it)
    assert "cdn." not in r.text.lower() and "//cdn" not in r.text.lower()
    assert "https://" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_a_body_over_the_limit_is_refused_before_it_is_read(web: Web) -> None:
    csrf = sign_in(web.client, "window1")
    limit = (2 * 4 * 2**20) + 2**20
    r = web.client.post("/api/applications", headers={"X-CSRF-Token": csrf},
                        files={"files": ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * limit)},
                        data={"kind": "personnel"})
    assert r.status_code == 413 and "上限" in r.json()["detail"]
    # the same from the intake form of a browser: a page in words, with the way back
    page = web.client.post("/intake", headers={"Accept": "text/html,application/xhtml+xml"},
                           files={"files": ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * limit)},
                           data={"kind": "personnel", "csrf_token": csrf})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "上限" in page.text and 'href="/intake"' in page.text
    assert page.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("name", "data", "status"), [
    ("evil.html", b"<html><script>alert(1)</script></html>", 415),
    ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 415),
    ("disguised.png", b"<html><script>alert(1)</script></html>", 415),
    ("page.pdf.html", page_png(), 415),         # PNG bytes under a name that says otherwise
    ("empty.png", b"", 422),
    ("large.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 2**20 + 1), 413),
])
def test_uploads_of_the_wrong_type_or_size_are_refused_and_nothing_is_kept(
        web: Web, name: str, data: bytes, status: int) -> None:
    csrf = sign_in(web.client, "window1")
    r = web.client.post("/api/applications", headers={"X-CSRF-Token": csrf},
                        files=[("files", (name, data, "text/html"))],
                        data={"kind": "personnel"})
    assert r.status_code == status, r.text
    assert name.split("/")[-1] in r.json()["detail"] or status == 422
    assert not list((web.tmp / "objects").rglob("original*")), "nothing was stored"


def test_too_many_files_are_refused(web: Web) -> None:
    csrf = sign_in(web.client, "window1")
    files = [("files", (f"p{i}.png", page_png(900 + i), "image/png")) for i in range(5)]
    r = web.client.post("/api/applications", headers={"X-CSRF-Token": csrf}, files=files,
                        data={"kind": "personnel"})
    assert r.status_code == 413 and "最多上传 4 个" in r.json()["detail"]


def test_an_original_is_only_ever_a_download(web: Web) -> None:
    """Even an HTML file that reached the store (a legacy archive may hold anything) goes out
    as an attachment of unknown type, sandboxed, never as a page."""
    html = b"<html><body><script>document.title='pwned'</script></body></html>"
    stored = web.store.put_original(html, filename="readme.html")
    with web.db.session() as s:
        doc = record_result(s, sha256=stored.sha256, filename="<script>x</script>.html",
                            size=len(html), verified={"verdict": "review", "flags": []},
                            extraction=None, as_of=AS_OF)
        doc_id = doc.id
    sign_in(web.client, "reviewer1")
    r = web.client.get(f"/documents/{doc_id}/original")
    assert r.status_code == 200 and r.content == html
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment;")
    assert "<" not in r.headers["content-disposition"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]
    page = web.client.get(f"/documents/{doc_id}/pages/1.jpg")
    assert page.status_code == 404 and html not in page.content


def test_morning_reports_are_served_by_bare_name_only(web: Web) -> None:
    reports = web.tmp / "reports"
    reports.mkdir()
    (reports / "ingest-1-2026-11-24.html").write_text("<h1>晨报</h1>", encoding="utf-8")
    (web.tmp / "secret.html").write_text("secret", encoding="utf-8")
    sign_in(web.client, "reviewer1")
    page = web.client.get("/reports")
    assert "ingest-1-2026-11-24.html" in page.text
    r = web.client.get("/reports/files/ingest-1-2026-11-24.html")
    assert r.status_code == 200 and "晨报" in r.text
    assert "sandbox" in r.headers["content-security-policy"]
    for name in ("..%2Fsecret.html", "%2E%2E%2Fsecret.html", "secret.html", "..%5Csecret.html"):
        r = web.client.get(f"/reports/files/{name}")
        assert r.status_code == 404 and "secret" not in r.text.replace("secret.html", "")


def test_password_guessing_locks_the_name_for_a_while(web: Web) -> None:
    for _ in range(5):
        r = web.client.post("/api/session", json={"username": "reviewer1",
                                                  "password": "guess-guess-1"})
        assert r.status_code == 401
    r = web.client.post("/api/session", json={"username": "reviewer1",
                                              "password": PASSWORDS["reviewer1"]})
    assert r.status_code == 429 and "分钟后再试" in r.json()["detail"]
    other = web.client.post("/api/session", json={"username": "admin1",
                                                  "password": PASSWORDS["admin1"]})
    assert other.status_code == 200, "other names are not locked"
    with web.db.session() as s:
        from mchverify.storage.models import AuditEntry
        failed = s.query(AuditEntry).filter_by(action="sign_in_failed").count()
        assert failed == 5
    # fifteen minutes later (the attempts age out of the window), the right password works
    from mchverify.web import accounts
    original = accounts.LOCKOUT
    accounts.LOCKOUT = dt.timedelta(seconds=0)
    try:
        r = web.client.post("/api/session", json={"username": "reviewer1",
                                                  "password": PASSWORDS["reviewer1"]})
        assert r.status_code == 200
    finally:
        accounts.LOCKOUT = original
