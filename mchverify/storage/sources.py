"""Archives to ingest: a local folder or an `s3://bucket/prefix`, listed in a stable order and
read one file at a time. Sources are only read, never written: originals stay as they were.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from minio import Minio
from minio.error import MinioException
from urllib3.exceptions import HTTPError

from mchverify.errors import DocumentLoadError, StorageError
from mchverify.storage.files import DEFAULT_MAX_BYTES, read_file
from mchverify.storage.objects import parse_s3_url, s3_failure, s3_http

if TYPE_CHECKING:
    from mchverify.settings import Settings

__all__ = ["DOCUMENT_SUFFIXES", "ArchiveSource", "FolderSource", "S3Source", "SourceEntry",
           "open_source"]

#: What a scan archive holds; anything else (indexes, sidecars, thumbs.db) is listed as ignored.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                               ".webp", ".gif"})


@dataclass(frozen=True)
class SourceEntry:
    """One file of an archive: its key (relative path) and size in bytes."""

    key: str
    size: int

    @property
    def is_document(self) -> bool:
        return PurePosixPath(self.key).suffix.lower() in DOCUMENT_SUFFIXES


class ArchiveSource(ABC):
    """A read-only tree of files."""

    url: str

    @abstractmethod
    def entries(self) -> Iterator[SourceEntry]:
        """Every file, hidden ones excepted, sorted by key (a resumed run walks the same order)."""

    @abstractmethod
    def read(self, key: str) -> bytes:
        """The file's bytes: DocumentLoadError for a bad file, StorageError for failed I/O."""

    def location(self, key: str) -> str:
        return f"{self.url.rstrip('/')}/{key}"


class FolderSource(ArchiveSource):
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise StorageError(f"{self.root} is not a folder")
        self.url = str(self.root)

    def entries(self) -> Iterator[SourceEntry]:
        found: list[SourceEntry] = []
        for dirpath, dirnames, filenames in os.walk(self.root, onerror=_raise):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.startswith("."):
                    continue
                path = Path(dirpath, name)
                try:
                    size = path.stat().st_size
                except OSError:
                    size = 0  # reading it will tell why
                found.append(SourceEntry(path.relative_to(self.root).as_posix(), size))
        yield from sorted(found, key=lambda e: e.key)

    def read(self, key: str) -> bytes:
        return read_file(self.root / key)


class S3Source(ArchiveSource):
    def __init__(self, url: str, *, endpoint: str, access_key: str | None,
                 secret_key: str | None, secure: bool = True, timeout: float = 30.0) -> None:
        self.url = url
        self.bucket, self.prefix = parse_s3_url(url)
        self.endpoint = endpoint
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                            secure=secure, http_client=s3_http(timeout))

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def entries(self) -> Iterator[SourceEntry]:
        strip = len(self._name(""))
        try:
            objs = [(o.object_name, o.size or 0) for o in self.client.list_objects(
                self.bucket, prefix=self._name(""), recursive=True)]
        except (MinioException, HTTPError, OSError) as exc:
            raise s3_failure(exc, "档案源", f"cannot list {self.url} at {self.endpoint}") from exc
        for name, size in sorted(objs):
            key = name[strip:]
            if key and not any(part.startswith(".") for part in key.split("/")):
                yield SourceEntry(key, size)

    def read(self, key: str) -> bytes:
        try:
            resp = self.client.get_object(self.bucket, self._name(key))
            try:
                data = bytes(resp.read(DEFAULT_MAX_BYTES + 1))
            finally:
                resp.close()
                resp.release_conn()
        except (MinioException, HTTPError, OSError) as exc:
            raise s3_failure(exc, "档案源", f"cannot read {self.location(key)}") from exc
        if not data:
            raise DocumentLoadError(f"{self.location(key)} is empty.", code="empty")
        if len(data) > DEFAULT_MAX_BYTES:
            raise DocumentLoadError(f"{self.location(key)} is larger than "
                                    f"{DEFAULT_MAX_BYTES // 2**20} MiB.", code="too_large")
        return data


def open_source(url: str, settings: Settings) -> ArchiveSource:
    """A folder, or `s3://bucket/prefix` on the configured S3 endpoint and credentials."""
    if url.startswith("s3://"):
        if not settings.s3_endpoint:
            raise StorageError("an s3:// source needs MCHVERIFY_S3_ENDPOINT (host:port)")
        secret = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
        return S3Source(url, endpoint=settings.s3_endpoint, access_key=settings.s3_access_key,
                        secret_key=secret, secure=settings.s3_secure,
                        timeout=settings.s3_timeout)
    return FolderSource(url)


def _raise(exc: OSError) -> None:
    raise StorageError(f"cannot list {exc.filename}: {exc.strerror}") from exc
