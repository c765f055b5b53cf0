"""SQLAlchemy 2 tables. The schema changes only through Alembic migrations (storage/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Index, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "RegistryRecord"]

#: JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class RegistryRecord(Base):
    """The authority's record of one certificate or licence (domain.md §4).

    The type's fields sit in one JSON document, as imported; the columns a lookup needs
    (the normalised number, the holder's ID number, the institution) are columns of their own.
    """

    __tablename__ = "registry_records"
    __table_args__ = (
        UniqueConstraint("doc_type", "number_key", name="uq_registry_doc_type_number"),
        Index("ix_registry_id_number", "id_number"),
        Index("ix_registry_institution_key", "institution_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(64))
    number_key: Mapped[str] = mapped_column(String(128), doc="certificate number, normalised")
    certificate_number: Mapped[str] = mapped_column(String(128), doc="as the authority wrote it")
    status: Mapped[str] = mapped_column(String(16))
    id_number: Mapped[str | None] = mapped_column(String(18))
    institution_key: Mapped[str | None] = mapped_column(String(256))
    fields: Mapped[dict[str, Any]] = mapped_column(JsonType)
    training_dates: Mapped[list[str]] = mapped_column(JsonType)
    validation_dates: Mapped[list[str]] = mapped_column(JsonType)
    source: Mapped[str] = mapped_column(String(512), doc="the import file it came from")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
