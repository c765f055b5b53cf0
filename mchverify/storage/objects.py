"""The object store: originals stored once under their SHA-256, never modified, and the
artefacts derived from them (page renders, crops, OCR JSON) beside them.

One interface, two implementations: a local folder (the embedded default, `var/objects`) and
an S3-protocol bucket (MinIO, or any S3) through the `minio` SDK. Layout, the same in both:

    <prefix>/ab/abcdef…(64 hex)/original          the bytes as received
    <prefix>/ab/abcdef…/meta.json                 first name, size, media type, when stored
    <prefix>/ab/abcdef…/derived/<name>            page-1.png, ocr.json, crops/…

A second upload of the same bytes (another name, another day) finds the original there and
stores nothing: intake is idempotent by content.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import certifi
import urllib3
from minio import Minio
from minio.error import MinioException, S3Error, ServerError
from urllib3.exceptions import HTTPError, MaxRetryError
from urllib3.util import Retry, Timeout

from mchverify.errors import ServiceUnavailableError, StorageError, StorageFullError

if TYPE_CHECKING:
    from mchverify.settings import Settings

__all__ = ["LocalObjectStore", "ObjectStore", "S3ObjectStore", "StoredOriginal",
           "content_hash", "object_store_from_settings", "open_object_store",
           "parse_s3_url", "s3_failure"]

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DERIVED_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


#: S3 error codes that mean "no such object" (servers differ in which they send)
_MISSING_CODES = frozenset({"NoSuchKey", "NoSuchObject", "ResourceNotFound"})
#: ... that mean the server is there but cannot serve just now
_BUSY_CODES = frozenset({"ServiceUnavailable", "SlowDown", "InternalError", "RequestTimeout",
                         "XMinioServerNotInitialized"})
#: ... that mean it has no room left (MinIO's full disks, a bucket or account quota)
_FULL_CODES = frozenset({"XMinioStorageFull", "QuotaExceeded",
                         "XMinioAdminBucketQuotaExceeded"})
#: what a full disk looks like to a write: no space, no quota left, a file size limit
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class _NoObject(StorageError):
    """The key is not in the store."""


def content_hash(data: bytes) -> str:
    """The SHA-256 of the bytes, hex: the original's identity everywhere in the system."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class StoredOriginal:
    """An original in the store; `created` is False when the same bytes were already there."""

    sha256: str
    key: str
    size: int
    created: bool


class ObjectStore(ABC):
    """Content-addressed originals and their derived artefacts, by key under a prefix."""

    @abstractmethod
    def _exists(self, key: str) -> bool: ...

    @abstractmethod
    def _read(self, key: str) -> bytes: ...

    @abstractmethod
    def _write(self, key: str, data: bytes, content_type: str) -> None: ...

    @abstractmethod
    def _keys(self, prefix: str) -> Iterator[str]: ...

    @abstractmethod
    def describe(self) -> str:
        """Where the objects are (for logs and reports)."""

    # ------------------------------------------------------------------ layout

    @staticmethod
    def _folder(sha256: str) -> str:
        if not _HEX64.match(sha256):
            raise StorageError(f"not a SHA-256 content hash: {sha256!r}")
        return f"{sha256[:2]}/{sha256}"

    def original_key(self, sha256: str) -> str:
        return f"{self._folder(sha256)}/original"

    def derived_key(self, sha256: str, name: str) -> str:
        """`name` is a relative path of plain segments (no `..`, no leading slash)."""
        if not _DERIVED_NAME.match(name):
            raise StorageError(f"not a derived artefact name: {name!r}")
        return f"{self._folder(sha256)}/derived/{name}"

    # ------------------------------------------------------------------ originals

    def put_original(self, data: bytes, *, filename: str, media_type: str | None = None
                     ) -> StoredOriginal:
        """Store the bytes once under their hash; an original already there is left as is."""
        if not data:
            raise StorageError(f"{filename}: an empty file is not stored")
        sha = content_hash(data)
        key = self.original_key(sha)
        if self._exists(key):
            return StoredOriginal(sha256=sha, key=key, size=len(data), created=False)
        media_type = media_type or "application/octet-stream"
        meta = {"sha256": sha, "filename": filename, "size": len(data), "media_type": media_type,
                "stored_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        # the original last: its presence means the object is complete
        self._write(f"{self._folder(sha)}/meta.json",
                    json.dumps(meta, ensure_ascii=False).encode(), "application/json")
        self._write(key, data, media_type)
        return StoredOriginal(sha256=sha, key=key, size=len(data), created=True)

    def has_original(self, sha256: str) -> bool:
        return self._exists(self.original_key(sha256))

    def get_original(self, sha256: str) -> bytes:
        data = self._read(self.original_key(sha256))
        if content_hash(data) != sha256:
            raise StorageError(f"original {sha256} does not match its hash: the store is damaged")
        return data

    def original_meta(self, sha256: str) -> dict[str, Any]:
        return dict(json.loads(self._read(f"{self._folder(sha256)}/meta.json")))

    def originals(self) -> Iterator[str]:
        """The hashes of every complete original in the store."""
        for key in self._keys(""):
            parts = key.split("/")
            if len(parts) == 3 and parts[2] == "original" and _HEX64.match(parts[1]):
                yield parts[1]

    # ------------------------------------------------------------------ derived

    def put_derived(self, sha256: str, name: str, data: bytes,
                    content_type: str = "application/octet-stream") -> str:
        """Store (or replace: a re-run renders again) an artefact derived from an original."""
        if not self.has_original(sha256):
            raise StorageError(f"no original {sha256} to derive {name} from")
        key = self.derived_key(sha256, name)
        self._write(key, data, content_type)
        return key

    def get_derived(self, sha256: str, name: str) -> bytes:
        return self._read(self.derived_key(sha256, name))

    def has_derived(self, sha256: str, name: str) -> bool:
        return self._exists(self.derived_key(sha256, name))

    def derived(self, sha256: str) -> list[str]:
        """Names of the artefacts derived from one original."""
        base = f"{self._folder(sha256)}/derived/"
        return sorted(k[len(base):] for k in self._keys(base))


def s3_failure(exc: Exception, label: str, what: str) -> StorageError:
    """An S3 call's failure as ours, by what the caller can do about it: the server cannot
    be reached or is busy (ServiceUnavailableError: retry, then stop), it is out of room
    (StorageFullError), anything else StorageError. `label` is the Chinese name of the
    store or archive, `what` the English detail (which store, which key)."""
    if isinstance(exc, S3Error):
        if exc.code in _FULL_CODES:
            return StorageFullError(f"{label}空间已满：{what}: {exc.code} {exc.message}")
        if exc.code in _BUSY_CODES:
            return ServiceUnavailableError(f"{label}不可用：{what}: {exc.code} {exc.message}")
        return StorageError(f"{what}: {exc}")
    if isinstance(exc, ServerError | HTTPError | OSError):
        return ServiceUnavailableError(f"{label}不可用：{what}: {_why(exc)}")
    return StorageError(f"{what}: {exc}")


def _why(exc: Exception) -> str:
    """The cause in one line ("… Connection refused"), not urllib3's chain of wrappers."""
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        exc = exc.reason
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class LocalObjectStore(ObjectStore):
    """A folder on local disk. Writes go to a temporary file renamed into place, so a killed
    process leaves no half-written object; originals are made read-only."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the object folder {self.root}: {exc}") from exc

    def describe(self) -> str:
        return str(self.root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*key.split("/"))

    def _exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"no object {key} in {self.root}") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key} from {self.root}: {exc}") from exc

    def _write(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                if path.name == "original":
                    os.chmod(tmp, 0o444)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)  # no half-written object left behind
                raise
        except OSError as exc:
            if exc.errno in _FULL_ERRNOS:
                raise StorageFullError(f"对象存储磁盘已满（disk full）：cannot write {key} "
                                       f"({len(data)} bytes) to {self.root}: "
                                       f"{exc.strerror}") from exc
            raise StorageError(f"cannot write {key} to {self.root}: {exc}") from exc

    def _keys(self, prefix: str) -> Iterator[str]:
        base = self._path(prefix) if prefix else self.root
        if not base.exists():
            return
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                yield path.relative_to(self.root).as_posix()


class S3ObjectStore(ObjectStore):
    """A bucket (and key prefix) on an S3-protocol server, through the `minio` SDK."""

    def __init__(self, bucket: str, prefix: str, *, endpoint: str, access_key: str | None,
                 secret_key: str | None, secure: bool = True, region: str | None = None,
                 timeout: float = 30.0) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint = endpoint
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                            secure=secure, region=region, http_client=s3_http(timeout))
        self._ensure_bucket()

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix} at {self.endpoint}"

    def _ensure_bucket(self) -> None:
        with self._translated():
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    @contextmanager
    def _translated(self, key: str | None = None) -> Iterator[None]:
        """The SDK's and the connection's errors as StorageError; a missing `key` as
        _NoObject, so that a lookup can tell absence from failure."""
        try:
            yield
        except S3Error as exc:
            if key is not None and exc.code in _MISSING_CODES:
                raise _NoObject(f"no object {key} in {self.describe()}") from exc
            raise s3_failure(exc, "对象存储", f"object store {self.describe()}") from exc
        except (MinioException, HTTPError, OSError) as exc:
            raise s3_failure(exc, "对象存储", f"object store {self.describe()}") from exc

    def _exists(self, key: str) -> bool:
        try:
            with self._translated(key):
                self.client.stat_object(self.bucket, self._name(key))
        except _NoObject:
            return False
        return True

    def _read(self, key: str) -> bytes:
        with self._translated(key):
            resp = self.client.get_object(self.bucket, self._name(key))
            try:
                return bytes(resp.read())
            finally:
                resp.close()
                resp.release_conn()

    def _write(self, key: str, data: bytes, content_type: str) -> None:
        with self._translated():
            self.client.put_object(self.bucket, self._name(key), io.BytesIO(data), len(data),
                                   content_type=content_type)

    def _keys(self, prefix: str) -> Iterator[str]:
        strip = len(self._name(""))
        with self._translated():
            objs = list(self.client.list_objects(self.bucket, prefix=self._name(prefix),
                                                 recursive=True))
        for obj in sorted(objs, key=lambda o: o.object_name):
            yield obj.object_name[strip:]


def s3_http(timeout: float) -> urllib3.PoolManager:
    """minio's HTTP client, with `timeout` seconds to connect and between bytes received
    (minio's default is 5 minutes, retried 5 times: a server that accepts connections and
    never answers would hold a run for half an hour), and two retries of its own on a
    server error (the tasks' retries do the rest)."""
    return urllib3.PoolManager(
        timeout=Timeout(connect=min(timeout, 10.0), read=timeout), maxsize=10,
        cert_reqs="CERT_REQUIRED", ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        retries=Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]))


def parse_s3_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` → ("bucket", "some/prefix")."""
    rest = url.removeprefix("s3://")
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise StorageError(f"no bucket in {url!r}")
    return bucket, prefix.strip("/")


def open_object_store(url: str, *, endpoint: str | None = None, access_key: str | None = None,
                      secret_key: str | None = None, secure: bool = True,
                      timeout: float = 30.0) -> ObjectStore:
    """A folder path, or `s3://bucket/prefix` with the S3 endpoint and credentials."""
    if url.startswith("s3://"):
        if not endpoint:
            raise StorageError("an s3:// store needs MCHVERIFY_S3_ENDPOINT (host:port)")
        bucket, prefix = parse_s3_url(url)
        return S3ObjectStore(bucket, prefix, endpoint=endpoint, access_key=access_key,
                             secret_key=secret_key, secure=secure, timeout=timeout)
    return LocalObjectStore(url)


def object_store_from_settings(settings: Settings) -> ObjectStore:
    """The configured store: `MCHVERIFY_STORAGE_URL` (a folder, or s3://bucket/prefix with
    `MCHVERIFY_S3_ENDPOINT`, `_S3_ACCESS_KEY`, `_S3_SECRET_KEY`, `_S3_SECURE`)."""
    secret = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
    return open_object_store(settings.storage_url, endpoint=settings.s3_endpoint,
                             access_key=settings.s3_access_key, secret_key=secret,
                             secure=settings.s3_secure, timeout=settings.s3_timeout)
