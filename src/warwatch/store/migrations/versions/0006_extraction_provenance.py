"""Where a document's date comes from, which knowledge extracted each event, the main event.

``documents.published_from`` (metadata | dateline | text) says whether the publication date was
given or read from the report itself; ``events.knowledge_version`` is the ``Knowledge.version``
(data files, model, gazetteer) that produced the event, so a user can re-run extraction when it
changed; ``events.main_event`` flags an article's lead story. All nullable: rows stored before
this revision have none.

Revision ID: 0006_extraction_provenance
Revises: 0005_event_confidence
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_extraction_provenance"
down_revision = "0005_event_confidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("published_from", sa.String(16), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("main_event", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("knowledge_version", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("knowledge_version")
        batch.drop_column("main_event")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_from")
