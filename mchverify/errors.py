"""One root exception and a few leaves, so callers can catch by kind (style.md: Errors)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mchverify.schemas.registry import ImportProblem

__all__ = [
    "DocumentLoadError",
    "ExtractionError",
    "MchverifyError",
    "RegistryImportError",
    "StorageError",
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


class RegistryImportError(MchverifyError):
    """A registry CSV could not be imported; nothing of it was kept.

    `problems` holds `ImportProblem`s (line, column, Chinese message) for the clerk.
    """

    def __init__(self, message: str, *, problems: Sequence[ImportProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
