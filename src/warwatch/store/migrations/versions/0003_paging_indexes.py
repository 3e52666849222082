"""Composite indexes on the sort keys of the read API, for keyset paging (issue 13 part 5).

A page after a cursor is ``WHERE (sort_key, id) > (last value, last id) ORDER BY sort_key, id``:
with an index on ``(sort_key, id)`` the database starts reading at the cursor instead of skipping
every earlier row, so the last page of a million events costs what the first one does.

Revision ID: 0003_paging_indexes
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0003_paging_indexes"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_events_event_date_id", "events", ["event_date", "id"]),
    ("ix_events_fatalities_id", "events", ["fatalities", "id"]),
    ("ix_incidents_event_date_key", "incidents", ["event_date", "incident_key"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
