"""A web application on a fresh database and object folder per test, three accounts (one per
role), and applications seeded without OCR: a real page image in the store, fields and boxes
as the reader would give them, checked by the real checks against a real registry."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mchverify.pipelines.review import application_verdict
from mchverify.pipelines.verify import verify_result
from mchverify.schemas.codes import DocType, RegistryStatus
from mchverify.schemas.extraction import ExtractionResult
from mchverify.schemas.registry import RegistryEntry
from mchverify.settings import Settings, get_settings
from mchverify.storage.accounts import add_user
from mchverify.storage.db import Database
from mchverify.storage.objects import ObjectStore
from mchverify.storage.registry import SqlRegistry
from mchverify.storage.results import bundle_key, record_application, record_result
from mchverify.web.main import create_app
from mchverify.web.security import hash_password

AS_OF = dt.date(2026, 11, 24)
PASSWORDS = {"window1": "Chuangkou-2026-pass", "reviewer1": "Shenhe-2026-pass",
             "admin1": "Guanli-2026-pass"}
ROLES = {"window1": "intake", "reviewer1": "reviewer", "admin1": "admin"}
NAMES = {"window1": "王敏", "reviewer1": "李审", "admin1": "张管"}

#: a holder as printed (the registry has her name one character different)
PERSON = {"name": "金燕怡", "gender": "female", "birth_date": "1996-08-14",
          "id_number": "310101199608141625", "work_unit": "上海市黄浦区妇幼保健院",
          "categories": ["midwifery"], "certificate_number": "沪卫母婴考(2026)426号",
          "issuer": "上海市卫生健康委员会", "issue_date": "2026-03-31",
          "valid_until": "2030-03-30"}
REGISTRY_NAME = "金燕怕"


@dataclass
class Web:
    app: FastAPI
    client: TestClient
    settings: Settings
    db: Database
    store: ObjectStore
    tmp: Path


def configure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str | None = None,
              ) -> Settings:
    monkeypatch.setenv("MCHVERIFY_DB_URL", db_url or f"sqlite:///{tmp_path / 'web.db'}")
    monkeypatch.setenv("MCHVERIFY_STORAGE_URL", str(tmp_path / "objects"))
    monkeypatch.setenv("MCHVERIFY_REPORT_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("MCHVERIFY_MAX_UPLOAD_MB", "2")
    monkeypatch.setenv("MCHVERIFY_MAX_UPLOAD_FILES", "4")
    return get_settings()


def add_accounts(db: Database) -> None:
    with db.session() as s:
        for username, role in ROLES.items():
            add_user(s, username=username, display_name=NAMES[username], role=role,
                     password_hash=hash_password(PASSWORDS[username]), actor="test")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def web_any(request: pytest.FixtureRequest, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    """As `web`, on SQLite and on the PostgreSQL server (a clean schema)."""
    url = None
    if request.param == "postgresql":
        from tests.conftest import clean_schema

        url = request.getfixturevalue("pg_database_url")
        db = Database(url)
        clean_schema(db)
        db.dispose()
    yield from _web(tmp_path, monkeypatch, url)


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from _web(tmp_path, monkeypatch, None)


def _web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str | None) -> Iterator[Web]:
    settings = configure(monkeypatch, tmp_path, db_url)
    app = create_app(settings)
    add_accounts(app.state.db)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield Web(app, client, settings, app.state.db, app.state.store, tmp_path)


def sign_in(client: TestClient, username: str) -> str:
    """Sign in through the API; the session cookie stays on the client. The CSRF token."""
    r = client.post("/api/session", json={"username": username,
                                          "password": PASSWORDS[username]})
    assert r.status_code == 200, r.text
    token: str = r.json()["csrf_token"]
    return token


_pages = itertools.count()


def page_png(width: int = 900, height: int = 1200) -> bytes:
    """A plain page with dark bars where the fields are printed; every call another image
    (a mark in the margin), so every seeded document is an original of its own."""
    page = np.full((height, width, 3), 250, np.uint8)
    n = next(_pages)
    cv2.rectangle(page, (10 + n % 50, 10), (14 + n % 50, 14 + n // 50), (90, 90, 90), -1)
    for i in range(10):
        cv2.rectangle(page, (120, 120 + i * 90), (120 + 300 + 20 * i, 150 + i * 90),
                      (40, 40, 40), -1)
    ok, buf = cv2.imencode(".png", page)
    assert ok
    return buf.tobytes()


def extraction(fields: dict[str, Any], *, doc_type: str, file: str, confidence: float = 0.97,
               low: tuple[str, ...] = (), width: int = 900, height: int = 1200,
               ) -> ExtractionResult:
    boxes = {name: [120.0, 120.0 + i * 90, 420.0 + 20 * i, 150.0 + i * 90]
             for i, name in enumerate(fields)}
    lines = [{"text": f"{name}：{value}", "box": boxes[name]} for name, value in fields.items()]
    return ExtractionResult.model_validate({
        "file": file, "doc_type": doc_type,
        "fields": {name: {"value": value, "confidence": 0.5 if name in low else confidence,
                          "page": 1, "box": boxes[name]} for name, value in fields.items()},
        "pages": [{"number": 1, "source": "ocr", "width": width, "height": height,
                   "lines": lines}]})


def import_registry(db: Database, *entries: RegistryEntry) -> None:
    SqlRegistry(db).replace(list(entries), source="test.csv")


def person_in_registry(db: Database, **changes: Any) -> None:
    fields = {**PERSON, "name": REGISTRY_NAME, **changes}
    import_registry(db, RegistryEntry(
        doc_type=DocType.MCH_ASSESSMENT_CERTIFICATE,
        certificate_number=PERSON["certificate_number"], status=RegistryStatus.ACTIVE,
        fields=fields, training_dates=[dt.date(2026, 1, 10)]))


def seed_application(web: Web, *, kind: str = "personnel",
                     docs: list[tuple[str, dict[str, Any], tuple[str, ...]]] | None = None,
                     received_by: str = "window1") -> int:
    """An application of these (doc_type, fields, low-confidence names) documents, each on
    its own real page image in the store, checked by the real checks."""
    docs = docs or [("mch_assessment_certificate", PERSON, ("work_unit",))]
    registry = SqlRegistry(web.db)
    members, hashes = [], []
    with web.db.session() as s:
        for i, (doc_type, fields, low) in enumerate(docs):
            data = page_png(900 + i)
            name = f"scan-{i + 1}.png"
            stored = web.store.put_original(data, filename=name)
            result = extraction(fields, doc_type=doc_type, file=name, low=low, width=900 + i)
            verified = verify_result(result, as_of=AS_OF, registry=registry)
            doc = record_result(s, sha256=stored.sha256, filename=name, size=len(data),
                                verified=verified, extraction=result.model_dump(mode="json"),
                                as_of=AS_OF, actor=received_by)
            members.append((doc, name))
            hashes.append(stored.sha256)
        app = record_application(
            s, key=bundle_key(kind, hashes),
            kind=kind, members=members, as_of=AS_OF, actor=received_by,
            **application_verdict([d for d, _ in members], kind))
        return app.id
