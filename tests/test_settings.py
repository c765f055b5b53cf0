"""Configuration from MCHVERIFY_ environment variables, with embedded defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mchverify.settings import get_settings


def test_defaults_are_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MCHVERIFY_DB_URL", "MCHVERIFY_STORAGE_URL", "MCHVERIFY_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    s = get_settings()
    assert s.db_url == "sqlite:///var/mchverify.db"
    assert s.storage_url == "var/objects"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCHVERIFY_DB_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert get_settings().db_url == "postgresql://postgres@127.0.0.1:5432/test"


def test_production_refuses_a_placeholder_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCHVERIFY_ENVIRONMENT", "production")
    monkeypatch.setenv("MCHVERIFY_STORAGE_URL", "s3://archive/legacy")
    monkeypatch.setenv("MCHVERIFY_S3_SECRET_KEY", "change-me")
    with pytest.raises(ValidationError):
        get_settings()
    monkeypatch.setenv("MCHVERIFY_S3_SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("MCHVERIFY_COOKIE_SECURE", "true")
    assert get_settings().storage_url == "s3://archive/legacy"


def test_production_refuses_session_cookies_over_plain_http(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCHVERIFY_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="COOKIE_SECURE"):
        get_settings()
    monkeypatch.setenv("MCHVERIFY_COOKIE_SECURE", "true")
    assert get_settings().cookie_secure
