"""SQLAlchemy 2 tables. The schema changes only through Alembic migrations (storage/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Application", "ApplicationDocument", "AuditEntry", "Base", "Document",
           "ExtractedField", "FieldCorrection", "FlagOverride", "FlagRecord", "Page",
           "RegistryRecord", "Run", "User", "WebSession"]

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


# --------------------------------------------------------------------------- results


class Run(Base):
    """One run of a flow: an intake, a nightly ingest, a re-verification."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), doc="intake, ingest or reverify")
    source: Mapped[str] = mapped_column(String(1024), doc="folder, s3:// URL or upload")
    as_of: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), doc="running, finished or failed")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


class Document(Base):
    """One original (by content hash) and where its processing stands."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_status", "status"),
                      Index("ix_documents_verdict", "verdict"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(1024), doc="the name it first came under")
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), doc="pending, done or failed")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, doc="the reason of the last failure")
    doc_type: Mapped[str | None] = mapped_column(String(64))
    verdict: Mapped[str | None] = mapped_column(String(16))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    extraction: Mapped[dict[str, Any] | None] = mapped_column(
        JsonType, doc="the extraction result as read (re-verification starts from it)")
    image_evidence: Mapped[dict[str, Any] | None] = mapped_column(
        JsonType, doc="seals, QR codes and suspect regions the images showed (for re-verification)")
    source: Mapped[str | None] = mapped_column(String(2048), doc="where it was first found")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), doc="the last run")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    pages: Mapped[list[Page]] = relationship(cascade="all, delete-orphan",
                                             order_by="Page.number")
    fields: Mapped[list[ExtractedField]] = relationship(cascade="all, delete-orphan")
    flags: Mapped[list[FlagRecord]] = relationship(cascade="all, delete-orphan")


class Application(Base):
    """One application (an intake bundle): its documents, the bundle flags and the verdict.

    `bundle_key` is the hash of its kind and its originals' hashes, so the same files
    submitted again are the same application (idempotent intake)."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32), doc="personnel, institution or unspecified")
    verdict: Mapped[str | None] = mapped_column(String(16))
    flags: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, doc="bundle-level flags")
    as_of: Mapped[dt.date] = mapped_column(Date)
    received_by: Mapped[str] = mapped_column(String(128))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(16), doc="accept or reject, by a person")
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_comment: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[ApplicationDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationDocument.position")


class ApplicationDocument(Base):
    __tablename__ = "application_documents"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(1024), doc="the name it was uploaded under")

    document: Mapped[Document] = relationship()


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_pages_document_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), doc="ocr or text_layer")


class ExtractedField(Base):
    __tablename__ = "extracted_fields"
    __table_args__ = (UniqueConstraint("document_id", "name", name="uq_fields_document_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JsonType, nullable=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list[float] | None] = mapped_column(JsonType)


class FlagRecord(Base):
    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    fields: Mapped[list[str]] = mapped_column(JsonType)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonType)
    rule: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only: the database refuses UPDATE and DELETE on this table (a trigger)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_document", "document_id"),
                      Index("ix_audit_application", "application_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128), doc="a user, or system:<flow>")
    action: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(Integer, doc="no foreign key: kept forever")
    application_id: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)


# --------------------------------------------------------------------------- web


class User(Base):
    """A person who signs in: an intake clerk, a reviewer or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16), doc="intake, reviewer or admin")
    password_hash: Mapped[str] = mapped_column(String(256), doc="argon2id, never the password")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A signed-in browser. Only the token's hash is stored, so a leaked table opens nothing."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class FieldCorrection(Base):
    """A reviewer's value for a field, with what was read and where: the ground truth that
    OCR and parser changes are measured against. Rows are added, never changed."""

    __tablename__ = "field_corrections"
    __table_args__ = (Index("ix_corrections_document", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    name: Mapped[str] = mapped_column(String(64))
    value_read: Mapped[Any] = mapped_column(JsonType, nullable=True)
    value: Mapped[Any] = mapped_column(JsonType, nullable=True)
    page: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list[float] | None] = mapped_column(JsonType)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class FlagOverride(Base):
    """A reviewer set a flag aside, with a reason code and a comment. Keyed by the flag's code
    and fields (not its row), so the override survives a re-verification that re-raises it."""

    __tablename__ = "flag_overrides"
    __table_args__ = (Index("ix_overrides_document", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    code: Mapped[str] = mapped_column(String(32))
    fields: Mapped[list[str]] = mapped_column(JsonType)
    reason: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
