"""Corpora and the OCR reader shared by the tests: generated once per test run, in temporary folders.

Under pytest-xdist every worker process asks for the same corpora; a lock file lets the
first one generate and the others read, instead of each rendering its own copy.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Prefect keeps its state in a folder of this test run, sends no telemetry (offline machines)
# and logs warnings only; set before anything imports prefect.
os.environ.setdefault("PREFECT_HOME", os.path.join(
    os.environ.get("TMPDIR", "/tmp"), f"mchverify-prefect-{os.getpid()}"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from mchverify.synth import generate_corpus

if TYPE_CHECKING:
    from mchverify.pipelines.extract import DocumentReader
    from mchverify.storage.db import Database

Corpus = tuple[Path, list[dict[str, Any]]]


def _shared_corpus(factory: pytest.TempPathFactory, name: str, count: int, seed: int) -> Corpus:
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # common to all workers of this run
    out = root / name
    out.mkdir(parents=True, exist_ok=True)
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        labels_path = out / "labels.json"
        if labels_path.is_file():
            return out, json.loads(labels_path.read_text(encoding="utf-8"))
        workers = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
        return out, generate_corpus(out, count, seed, workers=workers)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """16 documents: every type twice (one slot may be an `other` page)."""
    return _shared_corpus(tmp_path_factory, "synth-small", 16, 3)


@pytest.fixture(scope="session")
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """40 documents, for the variety checks."""
    return _shared_corpus(tmp_path_factory, "synth-large", 40, 11)


@pytest.fixture(scope="session")
def reader() -> DocumentReader:
    """One reader (one OCR model load) per test process, as in production."""
    from mchverify.pipelines.extract import DocumentReader

    return DocumentReader()



# -- databases: every database test runs against SQLite and the PostgreSQL server -----------
PG_ADMIN_URL = os.environ.get("MCHVERIFY_TEST_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A database of its own for this test process on the local PostgreSQL server (created
    from the machine's `test` database, so parallel test processes never share tables).

    No skip when the server is down: the product promises PostgreSQL, so its tests must run.
    """
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # also without pytest-xdist
    name = f"mchverify_test_{worker}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def clean_schema(db: Database) -> None:
    """An empty public schema on the PostgreSQL test database (a test's clean slate)."""
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database: a SQLite file, or a clean schema on PostgreSQL."""
    from mchverify.storage.db import Database

    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'test.db'}")
    else:
        db = Database(request.getfixturevalue("pg_database_url"))
        clean_schema(db)
    db.upgrade()
    try:
        yield db
    finally:
        db.dispose()


# -- object storage: the S3 path runs against a real S3-protocol server on loopback --------
@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A MinIO server where the binary is installed, else moto's standalone server, in a
    subprocess on 127.0.0.1 for this test process; stopped at the end of the session."""
    from tests.storage.s3server import start_s3_server

    server = start_s3_server(tmp_path_factory.mktemp("s3"))
    try:
        yield server.settings
    finally:
        server.stop()


# -- flows: one temporary Prefect server per test process ---------------------------------
@pytest.fixture(scope="session")
def prefect_server() -> Iterator[str]:
    """Prefect's test harness (a server on a temporary database), its address exported so
    that Dask worker processes started by a flow report to it too."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        url = PREFECT_API_URL.value()
        os.environ["PREFECT_API_URL"] = url
        try:
            yield url
        finally:
            os.environ.pop("PREFECT_API_URL", None)
