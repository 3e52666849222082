"""Resolution: incidents merged from event records, and their links (issue 4).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_key", sa.String(64), nullable=False),
        sa.Column("block", sa.String(256), nullable=False),
        sa.Column("family", sa.String(128), nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("sub_event_type", sa.String(128), nullable=False),
        sa.Column("location", sa.String(512)),
        sa.Column("admin1", sa.String(256)),
        sa.Column("country", sa.String(128)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("event_date", sa.Date()),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("time_precision", sa.Integer(), nullable=False),
        sa.Column("actor1", sa.String(512)),
        sa.Column("actor2", sa.String(512)),
        sa.Column("inter1", sa.Integer()),
        sa.Column("inter2", sa.Integer()),
        sa.Column("fatalities_low", sa.Integer()),
        sa.Column("fatalities_best", sa.Integer()),
        sa.Column("fatalities_high", sa.Integer()),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("first_reported", sa.Date()),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sa.UniqueConstraint("incident_key", name="uq_incidents_incident_key"),
    )
    for column in ("block", "event_type", "location", "country", "event_date"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_table(
        "incident_records",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "incident_id", name="pk_incident_records"),
        sa.ForeignKeyConstraint(
            ["record_id"], ["events.id"],
            name="fk_incident_records_record_id_events", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"],
            name="fk_incident_records_incident_id_incidents", ondelete="CASCADE",
        ),
    )  # fmt: skip
    op.create_index("ix_incident_records_incident_id", "incident_records", ["incident_id"])


def downgrade() -> None:
    op.drop_table("incident_records")
    op.drop_table("incidents")
