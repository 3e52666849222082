"""Live sources: the feeds and pages ``warwatch watch`` polls, and the entries already read
(issue 15).

Revision ID: 0004_live_sources
Revises: 0003_paging_indexes
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_live_sources"
down_revision = "0003_paging_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("name", sa.String(512)),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.String(128)),
        sa.Column("last_fetch_at", sa.DateTime()),
        sa.Column("last_success_at", sa.DateTime()),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("http_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime()),
        sa.Column("documents_added", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_sources"),
    )
    op.create_table(
        "source_entries",
        sa.Column("source_url", sa.String(2048), nullable=False),
        sa.Column("entry_key", sa.String(1024), nullable=False),
        sa.Column("document_id", sa.String(128)),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("source_url", "entry_key", name="pk_source_entries"),
        sa.ForeignKeyConstraint(
            ["source_url"], ["sources.url"],
            name="fk_source_entries_source_url_sources", ondelete="CASCADE",
        ),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("source_entries")
    op.drop_table("sources")
