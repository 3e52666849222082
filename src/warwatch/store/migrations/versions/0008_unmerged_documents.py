"""Durable "not yet merged" marks, and the incidents of databases upgraded from 0001 (issue 14).

Every stored document none of whose events is linked to an incident is marked, so the next
ingest or ``warwatch resolve`` merges it: a database upgraded from 0001 (which had no incidents)
gets its incidents built, and a chunk cut short by a crash before its merge is merged after all.
The merge itself runs in warwatch, not here: a migration must not depend on today's merge rules.

Revision ID: 0008_unmerged_documents
Revises: 0007_place_geocoding
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_unmerged_documents"
down_revision = "0007_place_geocoding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unmerged_documents",
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_unmerged_documents"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name="fk_unmerged_documents_document_id_documents", ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.execute(
        """
        INSERT INTO unmerged_documents (document_id)
        SELECT d.id FROM documents d
        WHERE EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id)
          AND NOT EXISTS (
            SELECT 1 FROM events e JOIN incident_records r ON r.record_id = e.id
            WHERE e.document_id = d.id
          )
        """
    )


def downgrade() -> None:
    op.drop_table("unmerged_documents")
