"""The object store, on a local folder and on a real S3-protocol server on loopback."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path
from typing import Any

import pytest

from mchverify.errors import StorageError
from mchverify.storage.objects import (
    LocalObjectStore,
    ObjectStore,
    S3ObjectStore,
    content_hash,
    open_object_store,
)


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "local":
        return LocalObjectStore(tmp_path / "objects")
    s3: dict[str, Any] = request.getfixturevalue("s3_server")
    return open_object_store(f"s3://mchverify-{uuid.uuid4().hex[:8]}/archive/2019",
                             endpoint=s3["endpoint"], access_key=s3["access_key"],
                             secret_key=s3["secret_key"], secure=s3["secure"])


def test_an_original_is_stored_once_under_its_hash(store: ObjectStore) -> None:
    data = b"%PDF-1.7 scan of a certificate"
    first = store.put_original(data, filename="证书.pdf", media_type="application/pdf")
    again = store.put_original(data, filename="copy-of-证书.pdf")
    assert first.created and not again.created
    assert first.sha256 == again.sha256 == content_hash(data)
    assert store.get_original(first.sha256) == data
    assert list(store.originals()) == [first.sha256]
    meta = store.original_meta(first.sha256)
    assert meta["filename"] == "证书.pdf" and meta["size"] == len(data)  # the first name kept


def test_derived_artefacts_sit_beside_their_original(store: ObjectStore) -> None:
    sha = store.put_original(b"image bytes", filename="a.png").sha256
    store.put_derived(sha, "ocr.json", b'{"lines": []}', "application/json")
    store.put_derived(sha, "pages/page-1.png", b"png")
    store.put_derived(sha, "ocr.json", b'{"lines": [1]}')  # a re-run replaces its artefact
    assert store.derived(sha) == ["ocr.json", "pages/page-1.png"]
    assert store.get_derived(sha, "ocr.json") == b'{"lines": [1]}'
    assert store.get_original(sha) == b"image bytes"  # the original untouched
    assert list(store.originals()) == [sha]  # artefacts are not originals


def test_bad_keys_and_missing_objects_are_clear_errors(store: ObjectStore) -> None:
    sha = store.put_original(b"x", filename="x").sha256
    with pytest.raises(StorageError, match="derived artefact name"):
        store.put_derived(sha, "../original", b"overwrite?")
    with pytest.raises(StorageError, match="no original"):
        store.put_derived("0" * 64, "ocr.json", b"{}")
    with pytest.raises(StorageError, match="no object"):
        store.get_original("f" * 64)
    with pytest.raises(StorageError, match="not a SHA-256"):
        store.get_original("abc")
    with pytest.raises(StorageError, match="empty"):
        store.put_original(b"", filename="empty.pdf")


def test_local_originals_are_read_only_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    stored = store.put_original(b"bytes", filename="a.jpg")
    path = tmp_path.joinpath(*stored.key.split("/"))
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_damaged_original_is_detected(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    stored = store.put_original(b"bytes", filename="a.jpg")
    path = tmp_path.joinpath(*stored.key.split("/"))
    path.chmod(0o644)
    path.write_bytes(b"other")
    with pytest.raises(StorageError, match="does not match its hash"):
        store.get_original(stored.sha256)


def test_s3_store_keeps_its_prefix_and_reports_an_unreachable_server(
        s3_server: dict[str, Any]) -> None:
    bucket = f"mchverify-{uuid.uuid4().hex[:8]}"
    a = S3ObjectStore(bucket, "a", endpoint=s3_server["endpoint"],
                      access_key=s3_server["access_key"], secret_key=s3_server["secret_key"],
                      secure=False)
    b = S3ObjectStore(bucket, "b", endpoint=s3_server["endpoint"],
                      access_key=s3_server["access_key"], secret_key=s3_server["secret_key"],
                      secure=False)
    sha = a.put_original(b"only in a", filename="a.pdf").sha256
    assert list(a.originals()) == [sha] and list(b.originals()) == []
    assert not b.has_original(sha)
    with pytest.raises(StorageError, match="object store"):
        S3ObjectStore(bucket, "", endpoint="127.0.0.1:9", access_key="x", secret_key="y",
                      secure=False)


def test_a_server_that_accepts_and_never_answers_fails_the_call_in_its_timeout() -> None:
    """A hung S3 server (it accepts the connection, then says nothing) must not hold a run:
    each call gives up after the configured timeout (minio's own default is 5 minutes, retried
    5 times) with a clear 'unavailable' error, which the tasks retry and then stop on."""
    import socket
    import threading
    import time

    from mchverify.errors import ServiceUnavailableError
    from mchverify.settings import Settings
    from mchverify.storage.sources import open_source

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_hold() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(silent.accept()[0])  # read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    endpoint = f"127.0.0.1:{silent.getsockname()[1]}"
    try:
        t0 = time.monotonic()
        with pytest.raises(ServiceUnavailableError, match="对象存储不可用"):
            S3ObjectStore("bucket", "", endpoint=endpoint, access_key="x", secret_key="y",
                          secure=False, timeout=0.5)
        assert time.monotonic() - t0 < 10
        settings = Settings(s3_endpoint=endpoint, s3_access_key="x", s3_secret_key="y",
                            s3_secure=False, s3_timeout=0.5)
        t0 = time.monotonic()
        with pytest.raises(StorageError):
            list(open_source("s3://archive/scans", settings).entries())
        assert time.monotonic() - t0 < 10
        assert held  # the server did take the connections: it hung, it did not refuse
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        silent.close()


def test_an_s3_url_needs_an_endpoint() -> None:
    with pytest.raises(StorageError, match="MCHVERIFY_S3_ENDPOINT"):
        open_object_store("s3://bucket/prefix")


def test_the_store_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              s3_server: dict[str, Any]) -> None:
    from mchverify.settings import get_settings
    from mchverify.storage.objects import object_store_from_settings

    monkeypatch.setenv("MCHVERIFY_STORAGE_URL", str(tmp_path / "here"))
    assert isinstance(object_store_from_settings(get_settings()), LocalObjectStore)
    monkeypatch.setenv("MCHVERIFY_STORAGE_URL", "s3://from-env/nightly")
    monkeypatch.setenv("MCHVERIFY_S3_ENDPOINT", s3_server["endpoint"])
    monkeypatch.setenv("MCHVERIFY_S3_ACCESS_KEY", s3_server["access_key"])
    monkeypatch.setenv("MCHVERIFY_S3_SECRET_KEY", s3_server["secret_key"])
    monkeypatch.setenv("MCHVERIFY_S3_SECURE", "false")
    store = object_store_from_settings(get_settings())
    assert isinstance(store, S3ObjectStore) and store.describe().startswith("s3://from-env/nightly")
    sha = store.put_original(b"from the environment", filename="env.pdf").sha256
    assert store.get_original(sha) == b"from the environment"
