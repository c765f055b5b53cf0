"""Archive sources: a folder and an S3 prefix (on the loopback S3 server), listed in a
stable order, hidden files left out, sidecar files told from documents, bad files named."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from minio import Minio

from mchverify.errors import DocumentLoadError, StorageError
from mchverify.settings import Settings
from mchverify.storage.sources import FolderSource, S3Source, open_source

FILES = {"2019/b.jpg": b"jpeg", "2019/a.PDF": b"%PDF", "2020/x/c.tif": b"II*\0",
         "index.csv": b"file,year", "2019/empty.png": b""}


def test_a_folder_is_listed_sorted_without_hidden_files(tmp_path: Path) -> None:
    for key, data in FILES.items():
        (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / key).write_bytes(data)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"ref")
    (tmp_path / "2019" / ".thumbs").write_bytes(b"x")
    source = open_source(str(tmp_path), Settings())
    entries = list(source.entries())
    assert [e.key for e in entries] == sorted(FILES)
    assert [e.key for e in entries if not e.is_document] == ["index.csv"]
    assert source.read("2019/b.jpg") == b"jpeg"
    with pytest.raises(DocumentLoadError, match="empty"):
        source.read("2019/empty.png")
    assert source.location("2019/b.jpg") == f"{tmp_path}/2019/b.jpg"


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not a folder"):
        FolderSource(tmp_path / "nowhere")


def test_an_s3_prefix_is_listed_and_read(s3_server: dict[str, Any]) -> None:
    client = Minio(s3_server["endpoint"], access_key=s3_server["access_key"],
                   secret_key=s3_server["secret_key"], secure=s3_server["secure"])
    bucket = f"legacy-{uuid.uuid4().hex[:8]}"
    client.make_bucket(bucket)
    for key, data in {**FILES, ".hidden/x.jpg": b"x", "other/z.jpg": b"z"}.items():
        name = key if key.startswith("other/") else f"archive/{key}"
        client.put_object(bucket, name, io.BytesIO(data), len(data))
    settings = Settings(s3_endpoint=s3_server["endpoint"], s3_access_key=s3_server["access_key"],
                        s3_secret_key=s3_server["secret_key"], s3_secure=s3_server["secure"])
    source = open_source(f"s3://{bucket}/archive", settings)
    assert isinstance(source, S3Source)
    assert [e.key for e in source.entries()] == sorted(FILES)
    assert source.read("2020/x/c.tif") == b"II*\0"
    with pytest.raises(DocumentLoadError, match="empty"):
        source.read("2019/empty.png")
    with pytest.raises(StorageError, match="cannot read"):
        source.read("2019/none.jpg")


def test_an_s3_source_needs_an_endpoint() -> None:
    with pytest.raises(StorageError, match="MCHVERIFY_S3_ENDPOINT"):
        open_source("s3://bucket/prefix", Settings(s3_endpoint=None))
