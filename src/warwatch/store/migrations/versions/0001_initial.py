"""Initial schema: documents, events, figures, failures.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _place_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("location", sa.String(512)),
        sa.Column("place_mention", sa.String(512)),
        sa.Column("admin1", sa.String(256)),
        sa.Column("admin2", sa.String(256)),
        sa.Column("admin3", sa.String(256)),
        sa.Column("country", sa.String(128)),
        sa.Column("iso", sa.Integer()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("geonameid", sa.Integer()),
    ]


def _evidence_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
    ]


def _record_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_key", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(128), nullable=False),
    ]


def _record_constraints(table: str) -> list[sa.Constraint]:
    return [
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.UniqueConstraint("record_key", name=f"uq_{table}_record_key"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=f"fk_{table}_document_id_documents",
            ondelete="CASCADE",
        ),
    ]


def _indexes(table: str, columns: list[str]) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("external_id", sa.String(512)),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("source", sa.String(512)),
        sa.Column("url", sa.Text()),
        sa.Column("origin", sa.Text()),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("pipeline_version", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_table(
        "events",
        *_record_columns(),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("sub_event_type", sa.String(128), nullable=False),
        sa.Column("disorder_type", sa.String(128), nullable=False),
        sa.Column("event_date", sa.Date()),
        sa.Column("time_precision", sa.Integer(), nullable=False),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("date_text", sa.String(512)),
        sa.Column("actor1", sa.String(512)),
        sa.Column("inter1", sa.Integer()),
        sa.Column("actor2", sa.String(512)),
        sa.Column("inter2", sa.Integer()),
        sa.Column("assoc_actor_1", sa.Text()),
        sa.Column("assoc_actor_2", sa.Text()),
        sa.Column("civilian_targeting", sa.Boolean(), nullable=False),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("civilian_fatalities", sa.Integer()),
        sa.Column("displaced", sa.Integer()),
        sa.Column("claimant", sa.String(512)),
        sa.Column("stance", sa.String(32), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.String(256)),
        sa.Column("plover", sa.String(64)),
        sa.Column("notes", sa.Text()),
        sa.Column("other_places", sa.JSON(), nullable=False),
        *_place_columns(),
        *_evidence_columns(),
        *_record_constraints("events"),
    )
    _indexes("events", ["document_id", "event_type", "event_date", "location", "admin1", "country"])
    op.create_table(
        "figures",
        *_record_columns(),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(64)),
        sa.Column("claimant", sa.String(512)),
        sa.Column("period_start", sa.Date()),
        sa.Column("period_end", sa.Date()),
        *_place_columns(),
        *_evidence_columns(),
        *_record_constraints("figures"),
    )
    _indexes("figures", ["document_id", "kind", "location", "admin1", "country"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("origin", sa.Text()),
        sa.Column("document_id", sa.String(128)),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failures"),
    )
    _indexes("failures", ["document_id"])


def downgrade() -> None:
    op.drop_table("failures")
    op.drop_table("figures")
    op.drop_table("events")
    op.drop_table("documents")
