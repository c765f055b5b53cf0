"""One root exception and a few leaves, so callers can catch by kind (style.md: Errors)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mchverify.schemas.registry import ImportProblem

__all__ = [
    "DocumentLoadError",
    "ExtractionError",
    "MchverifyError",
    "RegistryImportError",
    "RunAbortedError",
    "ServiceUnavailableError",
    "StorageError",
    "StorageFullError",
]


class MchverifyError(Exception):
    """Root of every error this package raises on purpose."""


class DocumentLoadError(MchverifyError):
    """A file could not be turned into pages (empty, corrupt, encrypted, bomb, too small)."""

    def __init__(self, reason: str, *, code: str = "load_error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class ExtractionError(MchverifyError):
    """Pages were loaded but reading them failed."""


class StorageError(MchverifyError):
    """Object-store or database I/O failed."""


class ServiceUnavailableError(StorageError):
    """A server the work needs (the database, the object store, an S3 archive) cannot be
    reached. Worth a retry; if it stays down a run stops, rather than fail every file in turn
    for a reason that is not theirs."""


class StorageFullError(StorageError):
    """The object store has no room left (disk full, quota): retrying at once will not help;
    the files that did not fit are stored by a run after space is freed."""


class RunAbortedError(MchverifyError):
    """A run stopped before its end because a server it needs stayed down; `report` holds
    what it did until then (its morning report, written all the same)."""

    def __init__(self, reason: str, *, report: dict[str, Any]) -> None:
        super().__init__(reason)
        self.report = report


class RegistryImportError(MchverifyError):
    """A registry CSV could not be imported; nothing of it was kept.

    `problems` holds `ImportProblem`s (line, column, Chinese message) for the clerk.
    """

    def __init__(self, message: str, *, problems: Sequence[ImportProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
