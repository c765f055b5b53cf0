"""Changing one's own password (the page and the API): the current password first, the new
one checked, every other session of the person ended, the change in the audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from mchverify.storage.models import AuditEntry
from tests.web.conftest import PASSWORDS, Web, sign_in

NEW = "Xin-chuangkou-2026"


def _client(web: Web) -> TestClient:
    return TestClient(web.app, base_url="http://127.0.0.1:8000")


def test_a_clerk_changes_her_password_on_the_page_and_her_other_sessions_end(web: Web) -> None:
    csrf = sign_in(web.client, "window1")
    elsewhere = _client(web)
    sign_in(elsewhere, "window1")  # still signed in at another window
    page = web.client.get("/account/password")
    assert page.status_code == 200 and "修改密码" in page.text and "当前密码" in page.text
    assert 'href="/account/password"' in web.client.get("/intake").text  # reachable from every page

    def change(**form: str) -> object:
        return web.client.post("/account/password", data=form, follow_redirects=False)

    good = {"current": PASSWORDS["window1"], "new": NEW, "confirm": NEW}
    r = change(**good)  # no CSRF token
    assert r.status_code == 403 and "CSRF" in r.text
    r = change(**{**good, "current": "not-my-password", "csrf_token": csrf})
    assert r.status_code == 403 and "当前密码不正确" in r.text
    r = change(**{**good, "confirm": NEW + "x", "csrf_token": csrf})
    assert r.status_code == 422 and "两次输入的新密码不一致" in r.text
    r = change(**{**good, "new": "short", "confirm": "short", "csrf_token": csrf})
    assert r.status_code == 422 and "密码至少 10 位" in r.text
    r = change(**{**good, "new": PASSWORDS["window1"], "confirm": PASSWORDS["window1"],
                  "csrf_token": csrf})
    assert r.status_code == 422 and "不能与当前密码相同" in r.text
    assert elsewhere.get("/api/me").status_code == 200, "refused changes end nothing"

    r = change(**{**good, "csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"].endswith("notice=password_changed")
    assert "密码已修改" in web.client.get(r.headers["location"]).text
    assert web.client.get("/api/me").status_code == 200  # this session goes on
    assert elsewhere.get("/api/me").status_code == 401  # the other one has ended
    fresh = _client(web)
    old = fresh.post("/api/session", json={"username": "window1",
                                           "password": PASSWORDS["window1"]})
    assert old.status_code == 401
    assert fresh.post("/api/session", json={"username": "window1",
                                            "password": NEW}).status_code == 200
    with web.db.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(
            AuditEntry.action == "password_changed")))
        assert [(e.actor, e.details["username"], e.details["sessions_ended"])
                for e in entries] == [("window1", "window1", 1)]
        failed = s.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in_failed"))
        assert [e.actor for e in failed] == ["window1", "window1"]  # wrong current, old password


def test_the_api_changes_a_password_and_the_current_one_cannot_be_guessed_there(
        web: Web) -> None:
    csrf = sign_in(web.client, "reviewer1")
    h = {"X-CSRF-Token": csrf}
    url = "/api/me/password"
    body = {"current_password": PASSWORDS["reviewer1"], "new_password": "Shenhe-xin-2026"}
    assert web.client.post(url, json=body).status_code == 403  # no CSRF token
    for _ in range(5):
        r = web.client.post(url, json={**body, "current_password": "guess-guess-1"}, headers=h)
        assert r.status_code == 403 and r.json()["detail"] == "当前密码不正确"
    r = web.client.post(url, json=body, headers=h)
    assert r.status_code == 429 and "分钟后再试" in r.json()["detail"]

    other = _client(web)
    csrf = sign_in(other, "admin1")
    r = other.post(url, json={"current_password": PASSWORDS["admin1"],
                              "new_password": "admin1-new-pass"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and "不得包含用户名" in r.json()["detail"]
    r = other.post(url, json={"current_password": PASSWORDS["admin1"],
                              "new_password": "Guanli-xin-2026"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 204
    assert _client(web).post("/api/session", json={
        "username": "admin1", "password": "Guanli-xin-2026"}).status_code == 200
