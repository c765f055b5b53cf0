"""The local registry copy in SQL: all-or-nothing imports and the adapter's lookups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, delete, func, select, tuple_
from sqlalchemy.exc import SQLAlchemyError

from mchverify.errors import StorageError
from mchverify.extractors.normalize import normalize_identifier
from mchverify.schemas.codes import DocType
from mchverify.schemas.registry import ImportSummary, RegistryEntry
from mchverify.storage.db import Database
from mchverify.storage.models import RegistryRecord

if TYPE_CHECKING:
    from mchverify.settings import Settings
    from mchverify.verification.registry import RegistryAdapter

__all__ = ["SqlRegistry", "name_key", "registry_from_settings"]

_CHUNK = 500


def name_key(name: str) -> str:
    """An institution name as lookups compare it: NFKC, no whitespace, brackets unified."""
    return normalize_identifier(name)


def _row(entry: RegistryEntry, source: str, now: dt.datetime) -> RegistryRecord:
    fields = entry.fields
    institution = fields.get("institution_name")
    return RegistryRecord(
        doc_type=entry.doc_type.value,
        number_key=normalize_identifier(entry.certificate_number),
        certificate_number=entry.certificate_number,
        status=entry.status.value,
        id_number=fields.get("id_number"),
        institution_key=name_key(institution) if institution else None,
        fields=dict(fields),
        training_dates=[d.isoformat() for d in entry.training_dates],
        validation_dates=[d.isoformat() for d in entry.validation_dates],
        source=source,
        imported_at=now,
    )


def _entry(rec: RegistryRecord) -> RegistryEntry:
    return RegistryEntry.model_validate({
        "doc_type": rec.doc_type, "certificate_number": rec.certificate_number,
        "status": rec.status, "fields": rec.fields, "training_dates": rec.training_dates,
        "validation_dates": rec.validation_dates})


class SqlRegistry:
    """Registry records in the application database (implements `RegistryAdapter`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def replace(self, entries: Sequence[RegistryEntry], *, source: str) -> ImportSummary:
        """Write every entry in one transaction, replacing records with the same key."""
        now = dt.datetime.now(dt.UTC)
        rows = [_row(e, source, now) for e in entries]
        keys = [(r.doc_type, r.number_key) for r in rows]
        try:
            with self.db.session() as s:
                replaced = 0
                for i in range(0, len(keys), _CHUNK):
                    chunk = keys[i : i + _CHUNK]
                    cond = tuple_(RegistryRecord.doc_type, RegistryRecord.number_key).in_(chunk)
                    result = cast(CursorResult[Any], s.execute(delete(RegistryRecord).where(cond)))
                    replaced += result.rowcount or 0
                s.add_all(rows)
        except SQLAlchemyError as exc:
            raise StorageError(f"registry import failed, nothing was written: {exc}") from exc
        counts = Counter(r.doc_type for r in rows)
        return ImportSummary(file=source, imported=len(rows), replaced=replaced,
                             by_doc_type=dict(sorted(counts.items())))

    def lookup(self, doc_type: DocType, certificate_number: str) -> RegistryEntry | None:
        key = normalize_identifier(certificate_number)
        with self.db.session() as s:
            rec = s.scalars(select(RegistryRecord).where(
                RegistryRecord.doc_type == doc_type.value, RegistryRecord.number_key == key)
            ).one_or_none()
            return _entry(rec) if rec else None

    def licences_of(self, institution_name: str) -> list[RegistryEntry]:
        with self.db.session() as s:
            recs = s.scalars(select(RegistryRecord).where(
                RegistryRecord.institution_key == name_key(institution_name)
            ).order_by(RegistryRecord.id)).all()
            return [_entry(r) for r in recs]

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        with self.db.session() as s:
            recs = s.scalars(select(RegistryRecord).where(
                RegistryRecord.id_number == id_number.strip().upper()
            ).order_by(RegistryRecord.id)).all()
            return [_entry(r) for r in recs]

    def count(self) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count()).select_from(RegistryRecord)) or 0


def registry_from_settings(settings: Settings, db: Database | None = None) -> RegistryAdapter:
    """The registry the checks ask: the provincial service when `registry_url` is set, else
    the local copy in the database (`db`, or one opened on `settings.db_url`)."""
    if settings.registry_url:
        from mchverify.storage.registry_http import HttpRegistry

        return HttpRegistry(settings.registry_url)
    return SqlRegistry(db if db is not None else Database(settings.db_url))
