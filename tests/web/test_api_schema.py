"""Schemathesis against the JSON API's own OpenAPI schema: generated requests (valid and
not) for every operation, signed in as each role with its CSRF token, on a database with a
real application in it. No request may cause a server error, and answers must match the
schema's status codes and shapes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from mchverify.web.main import create_app
from tests.web.conftest import Web, add_accounts, configure, person_in_registry, seed_application


@pytest.fixture(scope="module")
def api_world(tmp_path_factory: pytest.TempPathFactory, prefect_server: str,
              ) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    with pytest.MonkeyPatch.context() as mp:
        settings_ = configure(mp, tmp)
        app = create_app(settings_)
        add_accounts(app.state.db)
        web = Web(app, TestClient(app), settings_, app.state.db, app.state.store, tmp)
        person_in_registry(web.db)
        seed_application(web)
        sessions = {}
        for user in ("window1", "reviewer1", "admin1"):
            from tests.web.conftest import PASSWORDS

            r = web.client.post("/api/session", json={"username": user,
                                                      "password": PASSWORDS[user]})
            sessions[user] = {"cookies": {"mchverify_session": r.cookies["mchverify_session"]},
                              "headers": {"X-CSRF-Token": r.json()["csrf_token"]}}
            web.client.cookies.clear()
        yield {"app": app, "sessions": sessions}


def _openapi() -> dict[str, Any]:
    """The schema the application publishes at /api/openapi.json (its API router's)."""
    from fastapi import FastAPI

    from mchverify.web.routes import api

    app = FastAPI(title="mchverify", version="1")
    app.include_router(api.router)
    return app.openapi()


schema = schemathesis.openapi.from_dict(_openapi())


def test_the_published_schema_is_the_one_tested(api_world: dict[str, Any]) -> None:
    client = TestClient(api_world["app"])
    assert client.get("/api/openapi.json").json()["paths"] == _openapi()["paths"]


_SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))


def _check(case: Any, world: dict[str, Any], user: str) -> None:
    session = world["sessions"][user]
    if case.path == "/api/session" and case.method == "DELETE":
        return  # signing out would end the session the other cases use
    case.call_and_validate(
        app=world["app"], headers=session["headers"], cookies=session["cookies"],
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


# one test per role: its allowed operations run, the others must answer 403
@schema.parametrize()
@_SETTINGS
def test_the_api_as_the_window(case: Any, api_world: dict[str, Any]) -> None:
    _check(case, api_world, "window1")


@schema.parametrize()
@_SETTINGS
def test_the_api_as_a_reviewer(case: Any, api_world: dict[str, Any]) -> None:
    _check(case, api_world, "reviewer1")


@schema.parametrize()
@_SETTINGS
def test_the_api_as_the_administrator(case: Any, api_world: dict[str, Any]) -> None:
    _check(case, api_world, "admin1")
