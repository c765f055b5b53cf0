"""registry records

Revision ID: 0001_registry
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_registry"
down_revision = None
branch_labels = None
depends_on = None

_json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "registry_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("doc_type", sa.String(64), nullable=False),
        sa.Column("number_key", sa.String(128), nullable=False),
        sa.Column("certificate_number", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=True),
        sa.Column("institution_key", sa.String(256), nullable=True),
        sa.Column("fields", _json, nullable=False),
        sa.Column("training_dates", _json, nullable=False),
        sa.Column("validation_dates", _json, nullable=False),
        sa.Column("source", sa.String(512), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("doc_type", "number_key", name="uq_registry_doc_type_number"),
    )
    op.create_index("ix_registry_id_number", "registry_records", ["id_number"])
    op.create_index("ix_registry_institution_key", "registry_records", ["institution_key"])


def downgrade() -> None:
    op.drop_index("ix_registry_institution_key", "registry_records")
    op.drop_index("ix_registry_id_number", "registry_records")
    op.drop_table("registry_records")
