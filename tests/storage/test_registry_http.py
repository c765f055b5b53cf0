"""The registry as a provincial HTTP service (`MCHVERIFY_REGISTRY_URL`): a real server on
loopback, backed by its own database, answers as the local copy does; its faults are
errors, never "not in the registry"."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from typer.testing import CliRunner

from mchverify.errors import ServiceUnavailableError
from mchverify.pipelines.cli import app
from mchverify.pipelines.registry import import_registry_file
from mchverify.pipelines.verify import verify_result
from mchverify.schemas.codes import DocType
from mchverify.settings import Settings
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry, registry_from_settings
from mchverify.storage.registry_http import HttpRegistry
from tests.conftest import Corpus
from tests.storage.s3server import free_port
from tests.web.conftest import AS_OF, PERSON, extraction


class _Province(BaseHTTPRequestHandler):
    """The service's three answers, from the province's own records (`server.registry`)."""

    def do_GET(self) -> None:
        registry: SqlRegistry = self.server.registry  # type: ignore[attr-defined]
        if self.server.fault:  # type: ignore[attr-defined]
            return self._send(self.server.fault, b"{}")  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        if parts[:1] != ["mch-registry"]:  # the service's base path
            return self._send(404, b"{}")
        parts = parts[1:]
        body: Any
        if parts[:1] == ["records"] and len(parts) == 3:
            entry = registry.lookup(DocType(parts[1]), parts[2])
            if entry is None:
                return self._send(404, b'{"detail": "not found"}')
            body = entry.model_dump(mode="json")
        elif parts == ["licences"]:
            name = parse_qs(url.query)["institution_name"][0]
            body = [e.model_dump(mode="json") for e in registry.licences_of(name)]
        elif parts[:1] == ["persons"] and parts[2:] == ["records"]:
            body = [e.model_dump(mode="json") for e in registry.records_of_person(parts[1])]
        else:
            return self._send(404, b"{}")
        self._send(200, json.dumps(body, ensure_ascii=False).encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def province(small_corpus: Corpus, tmp_path: Path) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """The service on a free loopback port, holding the small corpus's registry."""
    db = Database(f"sqlite:///{tmp_path / 'province.db'}")
    import_registry_file(small_corpus[0] / "registry.csv", db)
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Province)
    server.registry, server.fault = SqlRegistry(db), None  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/mch-registry", server
    finally:
        server.shutdown()
        db.dispose()


def test_the_service_answers_every_question_as_the_local_copy(
        province: tuple[str, ThreadingHTTPServer], small_corpus: Corpus) -> None:
    url, server = province
    local: SqlRegistry = server.registry  # type: ignore[attr-defined]
    remote = HttpRegistry(url)
    _, labels = small_corpus
    asked = 0
    for lab in labels:
        if lab["doc_type"] == "other":
            continue
        fields = lab["fields"]
        doc_type = DocType(lab["doc_type"])
        number = fields["certificate_number"]
        # the number as printed, with brackets and slashes, travels as one path segment
        assert remote.lookup(doc_type, number) == local.lookup(doc_type, number)
        assert remote.lookup(doc_type, number) is not None
        for key in ("institution_name", "work_unit"):
            if key in fields:
                assert remote.licences_of(fields[key]) == local.licences_of(fields[key])
        if "id_number" in fields:
            assert remote.records_of_person(fields["id_number"]) == local.records_of_person(
                fields["id_number"])
        asked += 1
    assert asked >= 4
    assert remote.lookup(DocType.MCH_ASSESSMENT_CERTIFICATE, "沪卫母婴考(1999)000号") is None


def test_the_checks_raise_the_same_flags_through_either(
        province: tuple[str, ThreadingHTTPServer], small_corpus: Corpus) -> None:
    url, server = province
    _, labels = small_corpus
    lab = next(lab for lab in labels if lab["doc_type"] == "mch_assessment_certificate")
    printed = {k: v for k, v in lab["fields"].items() if v not in (None, [])}
    tampered = {**printed, "name": printed["name"][:-1] + "某"}
    seen = []
    for fields in (printed, tampered, {**PERSON}):
        result = extraction(fields, doc_type=lab["doc_type"], file="x.png")
        via = [verify_result(result, as_of=AS_OF, registry=r)
               for r in (server.registry, HttpRegistry(url))]  # type: ignore[attr-defined]
        codes = [sorted(f["code"] for f in v["flags"]) for v in via]
        assert codes[0] == codes[1], (fields.get("name"), codes)
        seen.append(set(codes[0]))
    assert not seen[0] & {"REGISTRY_MISMATCH", "NOT_IN_REGISTRY"}
    assert "REGISTRY_MISMATCH" in seen[1] and "NOT_IN_REGISTRY" in seen[2]


@pytest.mark.parametrize("fault", [500, 503, 302])
def test_a_failing_service_is_an_error_not_a_missing_record(
        province: tuple[str, ThreadingHTTPServer], fault: int) -> None:
    url, server = province
    server.fault = fault  # type: ignore[attr-defined]
    with pytest.raises(ServiceUnavailableError, match=str(fault)):
        HttpRegistry(url).lookup(DocType.MCH_ASSESSMENT_CERTIFICATE, "沪卫母婴考(2026)1号")
    with pytest.raises(ServiceUnavailableError):
        HttpRegistry(url).licences_of("上海市黄浦区妇幼保健院")


def test_an_unreachable_service_is_an_error() -> None:
    remote = HttpRegistry(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(ServiceUnavailableError, match="无法访问"):
        remote.lookup(DocType.MCH_TRAINING_CERTIFICATE, "1")


def test_the_setting_chooses_the_service(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'r.db'}"
    assert isinstance(registry_from_settings(Settings(db_url=db_url)), SqlRegistry)
    chosen = registry_from_settings(Settings(db_url=db_url,
                                             registry_url="https://registry.example/api/"))
    assert isinstance(chosen, HttpRegistry) and chosen.base_url == "https://registry.example/api"


def test_verify_on_the_command_line_asks_the_service(
        province: tuple[str, ThreadingHTTPServer], small_corpus: Corpus, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the service configured, an empty local copy does not matter: every e-licence
    of the corpus is found in the province's records."""
    url, _ = province
    root, labels = small_corpus
    digital = [lab for lab in labels if lab["meta"].get("format") == "pdf-digital"
               and lab["doc_type"] != "other"][:2]
    assert digital
    monkeypatch.setenv("MCHVERIFY_REGISTRY_URL", url)
    res = CliRunner().invoke(app, ["verify", *[str(root / lab["file"]) for lab in digital],
                                   "--json", "--as-of", AS_OF.isoformat(),
                                   "--db-url", f"sqlite:///{tmp_path / 'empty.db'}"])
    out = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert len(out) == len(digital)
    for o in out:
        assert "NOT_IN_REGISTRY" not in {f["code"] for f in o["flags"]}, o["flags"]
    monkeypatch.delenv("MCHVERIFY_REGISTRY_URL")
    res = CliRunner().invoke(app, ["verify", str(root / digital[0]["file"]), "--json",
                                   "--db-url", f"sqlite:///{tmp_path / 'empty.db'}"])
    (alone,) = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert "NOT_IN_REGISTRY" in {f["code"] for f in alone["flags"]}  # the local copy is empty
