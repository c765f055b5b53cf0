"""Database connection and schema upgrades: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mchverify.errors import ServiceUnavailableError, StorageError, StorageFullError

__all__ = ["Database", "normalize_db_url"]

_MIGRATIONS = Path(__file__).with_name("migrations")


def normalize_db_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy's default driver is psycopg2)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: SQLite's errors that a moment's wait may cure (a writer holds the lock, the file is away)
_SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o")

#: Alembic's environment is process-global: upgrades take turns (see Database.upgrade)
_UPGRADES = threading.Lock()

#: seconds to wait for a PostgreSQL server that does not answer (a cut cable, not a refusal)
CONNECT_TIMEOUT = 10


class Database:
    """One engine and its sessions; `upgrade()` brings the schema to the newest migration.

    A database that cannot be reached raises ServiceUnavailableError (a StorageError), one
    whose disk is full StorageFullError, so callers retry or stop by kind, not by driver."""

    def __init__(self, url: str) -> None:
        self.url = normalize_db_url(url)
        parsed = make_url(self.url)
        self.backend = parsed.get_backend_name()
        if self.backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if self.backend == "sqlite":
            self.engine: Engine = create_engine(self.url, future=True)
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:  # a server restarted while we held connections: test each before use
            connect_args = ({"connect_timeout": CONNECT_TIMEOUT}
                            if self.backend == "postgresql" else {})
            self.engine = create_engine(self.url, future=True, pool_pre_ping=True,
                                        connect_args=connect_args)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Run every pending Alembic migration, in one transaction of our connection.

        One upgrade at a time in the process: Alembic keeps its running environment in module
        globals, and two threads in it at once (two uploads at the web window, each starting
        the intake flow) break each other's (`KeyError: 'script'`, found by the load test)."""
        try:
            with _UPGRADES, self.engine.begin() as conn:
                cfg = _alembic_config(self.url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except DBAPIError as exc:
            raise self._translated(exc) or StorageError(
                f"database upgrade failed: {exc}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"database upgrade failed: {exc}") from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                _rollback(session)
                translated = self._translated(exc)
                if translated is None:
                    raise
                raise translated from exc
            except Exception:
                _rollback(session)
                raise

    def _translated(self, exc: DBAPIError) -> StorageError | None:
        """The driver's error as ours when it is about the server or its disk, not about
        the statement (a constraint, a missing table: those stay as they are)."""
        reason = _first_line(exc.orig if exc.orig is not None else exc)
        lowered = reason.lower()
        if "disk is full" in lowered or "no space left" in lowered:
            return StorageFullError(f"数据库磁盘已满：{reason}")
        if exc.connection_invalidated or isinstance(exc, InterfaceError) or (
                isinstance(exc, OperationalError) and (
                    self.backend != "sqlite" or any(m in lowered for m in _SQLITE_TRANSIENT))):
            return ServiceUnavailableError(f"数据库不可用：{reason}")
        return None

    def dispose(self) -> None:
        self.engine.dispose()


def _rollback(session: Session) -> None:
    """Roll back; on a connection that is already gone there is nothing to undo."""
    try:
        session.rollback()
    except SQLAlchemyError:
        pass


def _first_line(exc: BaseException) -> str:
    """A driver's message without its hints and SQL: one line for a log or a report."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """Foreign keys on, and WAL so a reader does not block the nightly writer."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()
