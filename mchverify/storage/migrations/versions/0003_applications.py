"""applications (one intake bundle each), documents' image evidence and source key

Revision ID: 0003_applications
Revises: 0002_results
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003_applications"
down_revision = "0002_results"
branch_labels = None
depends_on = None

_json = sa.JSON().with_variant(JSONB(), "postgresql")
_ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("image_evidence", _json, nullable=True))
        batch.add_column(sa.Column("source", sa.String(2048), nullable=True))
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bundle_key", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("flags", _json, nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("received_by", sa.String(128), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("created_at", _ts, nullable=False),
        sa.Column("updated_at", _ts, nullable=False),
    )
    op.create_table(
        "application_documents",
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(1024), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("application_documents")
    op.drop_table("applications")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("source")
        batch.drop_column("image_evidence")
