"""web application: users, sessions, reviewers' decisions, field corrections (ground truth)
and flag overrides; the audit log gains the application it concerns

Revision ID: 0004_web
Revises: 0003_applications
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004_web"
down_revision = "0003_applications"
branch_labels = None
depends_on = None

_json = sa.JSON().with_variant(JSONB(), "postgresql")
_ts = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _ts, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", _ts, nullable=False),
        sa.Column("expires_at", _ts, nullable=False),
    )
    op.create_table(
        "field_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value_read", _json, nullable=True),
        sa.Column("value", _json, nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("box", _json, nullable=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", _ts, nullable=False),
    )
    op.create_index("ix_corrections_document", "field_corrections", ["document_id"])
    op.create_table(
        "flag_overrides",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id"), nullable=True),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("applications.id"),
                  nullable=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("fields", _json, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", _ts, nullable=False),
    )
    op.create_index("ix_overrides_document", "flag_overrides", ["document_id"])
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("decision", sa.String(16), nullable=True))
        batch.add_column(sa.Column("decided_by", sa.String(128), nullable=True))
        batch.add_column(sa.Column("decided_at", _ts, nullable=True))
        batch.add_column(sa.Column("decision_comment", sa.Text(), nullable=True))
    # a plain ADD COLUMN (no table copy), so the append-only triggers stay in place
    op.add_column("audit_log", sa.Column("application_id", sa.Integer(), nullable=True))
    op.create_index("ix_audit_application", "audit_log", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_application", "audit_log")
    op.drop_column("audit_log", "application_id")
    with op.batch_alter_table("applications") as batch:
        for name in ("decision_comment", "decided_at", "decided_by", "decision"):
            batch.drop_column(name)
    op.drop_table("flag_overrides")
    op.drop_table("field_corrections")
    op.drop_table("web_sessions")
    op.drop_table("users")
