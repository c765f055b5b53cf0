"""Registry import, orchestrated: read the file, parse it whole, then write it in one go."""

from __future__ import annotations

from pathlib import Path

from mchverify.errors import DocumentLoadError, RegistryImportError
from mchverify.schemas.registry import ImportProblem, ImportSummary
from mchverify.storage.db import Database
from mchverify.storage.files import read_file
from mchverify.storage.registry import SqlRegistry
from mchverify.verification.registry_csv import parse_registry_csv

__all__ = ["import_registry_file"]


def import_registry_file(path: Path, db: Database) -> ImportSummary:
    """Import one CSV all-or-nothing: any problem raises before a single row is written."""
    try:
        data = read_file(path)
    except DocumentLoadError as exc:
        raise RegistryImportError(f"{path}: 无法读取文件", problems=[
            ImportProblem(line=0, message=f"无法读取文件：{exc.reason}")]) from exc
    entries = parse_registry_csv(data, path.name)
    db.upgrade()
    return SqlRegistry(db).replace(entries, source=str(path))
