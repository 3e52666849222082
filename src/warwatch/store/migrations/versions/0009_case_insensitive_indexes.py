"""Expression indexes for the read API's case-insensitive filters (issue 13 part 5).

Every name filter is ``lower(column) = lower(value)``, so the plain indexes on ``country``,
``admin1``, ``location`` and ``event_type`` were never used by it: "events in Ukraine" read the
whole table. An index on ``lower(column)`` is used by both SQLite and PostgreSQL for exactly
that expression. Country and the types are indexed with each sort key and the id, so such a
filter with ``since``/``until`` or a fatality sort is one index range, already in page order.

Revision ID: 0009_case_insensitive_indexes
Revises: 0008_unmerged_documents
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_case_insensitive_indexes"
down_revision = "0008_unmerged_documents"
branch_labels = None
depends_on = None

INDEXES = (
    ("events", "ix_events_country_ci_date", ["lower(country)", "event_date", "id"]),
    ("events", "ix_events_country_ci_fatal", ["lower(country)", "fatalities", "id"]),
    ("events", "ix_events_type_ci_date", ["lower(event_type)", "event_date", "id"]),
    ("events", "ix_events_type_ci_fatal", ["lower(event_type)", "fatalities", "id"]),
    ("events", "ix_events_sub_type_ci_date", ["lower(sub_event_type)", "event_date", "id"]),
    ("events", "ix_events_admin1_ci", ["lower(admin1)"]),
    ("events", "ix_events_admin1_geonames_ci", ["lower(admin1_geonames)"]),
    ("events", "ix_events_location_ci", ["lower(location)"]),
    ("figures", "ix_figures_country_ci", ["lower(country)"]),
    ("figures", "ix_figures_location_ci", ["lower(location)"]),
)
# Plain indexes no query uses any more. Worse than idle: PostgreSQL read "lower(country) =
# 'ukraine'" off ix_events_country, narrow but in the wrong order, for a third of a second.
REPLACED = (
    ("events", "ix_events_country", "country"),
    ("events", "ix_events_admin1", "admin1"),
    ("events", "ix_events_location", "location"),
    ("events", "ix_events_event_type", "event_type"),
    ("figures", "ix_figures_country", "country"),
    ("figures", "ix_figures_admin1", "admin1"),
    ("figures", "ix_figures_location", "location"),
)


def upgrade() -> None:
    for table, name, _column in REPLACED:  # a database someone pruned by hand may lack one
        op.drop_index(name, table_name=table, if_exists=True)
    for table, name, parts in INDEXES:
        columns = [sa.text(p) if "(" in p else p for p in parts]
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        # statistics of the new expressions, so the planner can tell a rare name from a common
        # one (an index build collects none, and autovacuum analyses only after many writes)
        op.execute("ANALYZE events")
        op.execute("ANALYZE figures")


def downgrade() -> None:
    for table, name, _parts in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for table, name, column in reversed(REPLACED):
        op.create_index(name, table, [column])
