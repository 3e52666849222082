"""Events: the trained typer's calibrated confidence in the sub-event type (issue 11).

Nullable: events stored before this revision, and events no classifier scored, have none.

Revision ID: 0005_event_confidence
Revises: 0004_live_sources
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_event_confidence"
down_revision = "0004_live_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("confidence")
