"""Review through the JSON API (the pages call the same services): the queue by due date with
filters and masked ID numbers; corrections checked again and kept as ground truth; overrides
that need a reason and a comment; decisions; the audit trail; counts; accounts. The core
story runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from mchverify.storage.models import Application, AuditEntry, FieldCorrection
from tests.web.conftest import (
    PERSON,
    REGISTRY_NAME,
    Web,
    person_in_registry,
    seed_application,
    sign_in,
)

TRAINING = {"name": PERSON["name"], "id_number": PERSON["id_number"],
            "work_unit": PERSON["work_unit"], "categories": ["midwifery"],
            "certificate_number": "沪卫母婴培(2025)88号", "issuer": "上海市卫生健康委员会",
            "issue_date": "2025-04-09"}


def _flags(detail: dict, document: int = 0) -> dict[str, dict]:
    return {f["code"]: f for f in detail["items"][document]["flags"]}


def test_review_story_correct_override_decide_and_audit(web_any: Web) -> None:
    web = web_any
    person_in_registry(web.db)
    app_id = seed_application(web)
    csrf = sign_in(web.client, "reviewer1")
    h = {"X-CSRF-Token": csrf}
    detail = web.client.get(f"/api/applications/{app_id}").json()
    doc = detail["items"][0]
    doc_id = doc["document_id"]
    assert "REGISTRY_MISMATCH" in _flags(detail)
    fields = {f["name"]: f for f in doc["fields"]}
    assert fields["work_unit"]["low_confidence"] and not fields["name"]["low_confidence"]
    assert doc["registry"]["fields"]["name"] == REGISTRY_NAME
    assert doc["registry"]["texts"]["gender"] == "女"

    # a value that is not a date is refused, and nothing is kept
    bad = web.client.patch(f"/api/applications/{app_id}/documents/{doc_id}/fields",
                           json={"fields": {"issue_date": "去年春天", "name": "某某"}},
                           headers=h)
    assert bad.status_code == 422 and "日期" in bad.json()["errors"]["issue_date"]
    assert bad.json()["detail"] == "字段值无效，未作更正"
    with web.db.session() as s:
        assert s.scalar(select(FieldCorrection.id)) is None

    # the OCR misread the name: corrected, checked again, kept as ground truth
    fixed = web.client.patch(f"/api/applications/{app_id}/documents/{doc_id}/fields",
                             json={"fields": {"name": REGISTRY_NAME,
                                              "gender": PERSON["gender"]}}, headers=h)
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["changed"] == ["name"], "an unchanged value is not a correction"
    detail = web.client.get(f"/api/applications/{app_id}").json()
    assert "REGISTRY_MISMATCH" not in _flags(detail)
    name = next(f for f in detail["items"][0]["fields"] if f["name"] == "name")
    assert name["value"] == REGISTRY_NAME and name["corrected_by"] == "reviewer1"
    assert name["value_read"] == PERSON["name"]
    with web.db.session() as s:
        truth = s.scalars(select(FieldCorrection)).one()
        assert (truth.name, truth.value_read, truth.value) == ("name", PERSON["name"],
                                                              REGISTRY_NAME)
        assert truth.page == 1 and truth.box and truth.actor == "reviewer1"

    # a correction that changes no flag is shown too, and the next one on top of it
    for unit in ("杭州市第一人民医院", "杭州市妇产科医院"):
        again = web.client.patch(f"/api/applications/{app_id}/documents/{doc_id}/fields",
                                 json={"fields": {"work_unit": unit}}, headers=h)
        assert again.status_code == 200 and again.json()["changed"] == ["work_unit"]
        shown = web.client.get(f"/api/applications/{app_id}").json()["items"][0]["fields"]
        assert next(f for f in shown if f["name"] == "work_unit")["value"] == unit
    detail = web.client.get(f"/api/applications/{app_id}").json()

    # an override needs a reason code and a comment
    missing = next(f for f in detail["flags"] if f["code"] == "MISSING_MATERIAL")
    url = f"/api/applications/{app_id}/overrides"
    assert web.client.post(url, json={"code": "MISSING_MATERIAL", "reason": "ocr_error",
                                      "comment": ""}, headers=h).status_code == 422
    assert web.client.post(url, json={"code": "MISSING_MATERIAL", "reason": "because",
                                      "comment": "原件已核"}, headers=h).status_code == 422
    low = _flags(detail).get("LOW_CONFIDENCE") or next(iter(_flags(detail).values()))
    ok = web.client.post(url, json={"flag_id": low["id"], "reason": "original_checked",
                                    "comment": "当面核验原件，工作单位无误"}, headers=h)
    assert ok.status_code == 201, ok.text
    assert _flags(ok.json())[low["code"]]["override"]["reason"] == "original_checked"
    ok = web.client.post(url, json={"code": "MISSING_MATERIAL", "reason": "policy_exception",
                                    "comment": "培训证书次日补交"}, headers=h)
    assert ok.status_code == 201
    assert next(f for f in ok.json()["flags"] if f["code"] == missing["code"])["override"]

    # a rejection needs its reason; an acceptance is recorded with who and when
    decision = f"/api/applications/{app_id}/decision"
    assert web.client.post(decision, json={"decision": "reject", "comment": " "},
                           headers=h).status_code == 422
    done = web.client.post(decision, json={"decision": "accept", "comment": "同意"}, headers=h)
    assert done.status_code == 200 and done.json()["decided_by"] == "reviewer1"

    trail = web.client.get(f"/api/applications/{app_id}/audit").json()
    actions = [(a["actor"], a["action"]) for a in trail]
    for expected in [("reviewer1", "field_corrected"), ("reviewer1", "document_reverified"),
                     ("reviewer1", "flag_overridden"), ("reviewer1", "application_decided")]:
        assert expected in actions
    corrected = next(a for a in trail if a["action"] == "field_corrected")
    assert corrected["details"] == {"field": "name", "before": PERSON["name"],
                                    "after": REGISTRY_NAME}
    with web.db.session() as s:  # the log cannot be rewritten, not even by the application
        try:
            s.execute(update(AuditEntry).values(actor="someone else"))
            s.flush()
            raise AssertionError("audit_log accepted an UPDATE")
        except Exception as exc:  # noqa: BLE001 - the database's own refusal
            assert "append-only" in str(exc)


def test_the_queue_is_by_due_date_filterable_and_masks_id_numbers(web: Web) -> None:
    person_in_registry(web.db)
    older = seed_application(web)
    other = {**PERSON, "certificate_number": "沪卫母婴考(2026)999号"}
    newer = seed_application(web, docs=[("mch_assessment_certificate", other, ()),
                                        ("mch_training_certificate", TRAINING, ())])
    with web.db.session() as s:  # the first was received a week before the second
        app = s.get(Application, older)
        assert app is not None
        app.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    sign_in(web.client, "reviewer1")
    rows = web.client.get("/api/applications").json()
    assert [r["id"] for r in rows] == [older, newer]
    assert rows[0]["deadlines"][1]["due"] < rows[1]["deadlines"][1]["due"]
    assert all(r["id_number_masked"] == "310101********1625" for r in rows)
    html = web.client.get("/queue").text
    assert PERSON["id_number"] not in html and "310101********1625" in html

    def ids(**params: str) -> list[int]:
        return [r["id"] for r in web.client.get("/api/applications", params=params).json()]

    assert ids(flag="NOT_IN_REGISTRY") == [newer]
    assert ids(flag="REGISTRY_MISMATCH") == [older]
    assert ids(doc_type="mch_training_certificate") == [newer]
    assert ids(verdict="accept") == []
    assert set(ids(verdict="reject")) == {older, newer}
    assert web.client.get("/api/me").status_code == 200  # still signed in
    token = sign_in(web.client, "reviewer1")
    web.client.post(f"/api/applications/{older}/decision",
                    json={"decision": "reject", "comment": "姓名与登记不符"},
                    headers={"X-CSRF-Token": token})
    assert ids() == [newer] and ids(status="decided") == [older]
    assert ids(status="all") == [older, newer]


def test_reports_count_by_day_verdict_and_flag(web: Web) -> None:
    seed_application(web)
    sign_in(web.client, "reviewer1")
    [today] = web.client.get("/api/reports/daily").json()
    assert today["verdicts"] == {"reject": 1} and today["flags"]["NOT_IN_REGISTRY"] == 1
    page = web.client.get("/reports")
    assert page.status_code == 200 and page.text.count("<svg") == 2
    assert "登记库中无此证" in page.text
    assert 'aria-label="每日提示类型"' in page.text  # flags over time, not only totals
    week = web.client.get("/reports?days=7").text
    labels = re.findall(r'font-size="11" text-anchor="middle">(\d\d-\d\d)</text>', week)
    assert len(labels) == 2 * 7  # both charts: every day of the week, quiet ones too


def test_the_flag_chart_shows_each_flag_day_by_day() -> None:
    from mchverify.schemas.web import DailyCount
    from mchverify.web.charts import flags_by_day

    days = [DailyCount(day=dt.date(2026, 11, d), verdicts={}, flags=flags, failed=0)
            for d, flags in ((20, {"EXPIRED": 1}), (21, {}),
                             (22, {"EXPIRED": 4, "SEAL_MISSING": 2}))]
    svg = flags_by_day(days)
    assert svg.index("已过有效期") < svg.index("未见公章")  # the most frequent first
    cells = re.findall(r"<title>(\d\d-\d\d) (\S+) (\d+)</title>", svg)
    assert cells == [("11-20", "已过有效期", "1"), ("11-22", "已过有效期", "4"),
                     ("11-22", "未见公章", "2")]
    shades = re.findall(r'fill="(#[0-9a-f]{6})"><title>', svg)
    assert shades[1] == "#1565c0" and shades[0] != shades[1]  # the busiest cell darkest
    assert flags_by_day([DailyCount(day=dt.date(2026, 11, 20), verdicts={}, flags={},
                                    failed=0)]) == ""


def test_an_administrator_manages_accounts(web: Web) -> None:
    csrf = sign_in(web.client, "admin1")
    h = {"X-CSRF-Token": csrf}
    new = {"username": "window2", "display_name": "赵窗口", "role": "intake",
           "password": "Zhao-window-2026"}
    assert web.client.post("/api/users", json=new, headers=h).status_code == 201
    assert web.client.post("/api/users", json=new, headers=h).status_code == 409
    weak = {**new, "username": "window3", "password": "window3-aaaa"}
    r = web.client.post("/api/users", json=weak, headers=h)
    assert r.status_code == 422 and "用户名" in r.json()["detail"]
    names = {u["username"]: u["role"] for u in web.client.get("/api/users").json()}
    assert names["window2"] == "intake"
    other = web.client.__class__(web.app, base_url="http://127.0.0.1:8000")
    r = other.post("/api/session", json={"username": "window2",
                                         "password": "Zhao-window-2026"})
    assert r.status_code == 200 and r.json()["user"]["role"] == "intake"


def test_an_application_with_an_other_document_opens(web_any: Web) -> None:
    """An application form or report (`other`: stored, not field-extracted) among the
    certificates: the application and its review page open, the document listed without
    fields. (Found by the load test: the detail view asked for the fields of `other`.)"""
    person_in_registry(web_any.db)
    app_id = seed_application(web_any, docs=[("mch_assessment_certificate", PERSON, ()),
                                             ("other", {}, ())])
    sign_in(web_any.client, "reviewer1")
    got = web_any.client.get(f"/api/applications/{app_id}")
    assert got.status_code == 200, got.text
    docs = {d["file"]: d for d in got.json()["items"]}
    assert docs["scan-2.png"]["doc_type"] == "other"
    assert docs["scan-2.png"]["fields"] == []
    assert docs["scan-1.png"]["fields"]
    page = web_any.client.get(f"/review/{app_id}")
    assert page.status_code == 200 and "scan-2.png" in page.text


def test_accepting_over_a_reject_flag_needs_its_override_first(web: Web) -> None:
    """"通过" while a flag calls for rejection is refused and names it; once the flag is set
    aside with a reason and a comment (in the audit log), the same acceptance goes through."""
    person_in_registry(web.db)  # the registry spells the name differently: REGISTRY_MISMATCH
    app_id = seed_application(web)
    h = {"X-CSRF-Token": sign_in(web.client, "reviewer1")}
    decision = f"/api/applications/{app_id}/decision"
    refused = web.client.post(decision, json={"decision": "accept", "comment": "同意"},
                              headers=h)
    assert refused.status_code == 409, refused.text
    assert "未核销" in refused.json()["detail"] and "与登记库不符" in refused.json()["detail"]
    with web.db.session() as s:
        app = s.get(Application, app_id)
        assert app is not None and app.decision is None
    page = web.client.post(f"/applications/{app_id}/decision",
                           data={"decision": "accept", "comment": "同意", "csrf_token": h[
                               "X-CSRF-Token"]}, follow_redirects=False)
    assert page.status_code == 409 and "未核销" in page.text
    assert 'id="blocking"' in web.client.get(f"/review/{app_id}").text  # said before the click
    # a rejection needs no override: the flags are its reasons
    detail = web.client.get(f"/api/applications/{app_id}").json()
    mismatch = _flags(detail)["REGISTRY_MISMATCH"]
    ok = web.client.post(f"/api/applications/{app_id}/overrides",
                         json={"flag_id": mismatch["id"], "reason": "registry_outdated",
                               "comment": "已向发证机关核实，登记库姓名录入有误"}, headers=h)
    assert ok.status_code == 201, ok.text
    left = [f for d in ok.json()["items"] for f in d["flags"]] + ok.json()["flags"]
    assert not [f for f in left if f["severity"] == "reject" and f["override"] is None]
    assert 'id="blocking"' not in web.client.get(f"/review/{app_id}").text
    done = web.client.post(decision, json={"decision": "accept", "comment": "同意"}, headers=h)
    assert done.status_code == 200 and done.json()["decision"] == "accept"
