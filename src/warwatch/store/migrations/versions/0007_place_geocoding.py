"""Places the gazetteer lacks keep their name (issue 12): ``geocoded``, ``located_at`` and the
gazetteer's spelling of admin-1 (``admin1_geonames``; ``admin1`` is ACLED's) on events and figures.

Revision ID: 0007_place_geocoding
Revises: 0006_extraction_provenance
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_place_geocoding"
down_revision = "0006_extraction_provenance"
branch_labels = None
depends_on = None

_TABLES = ("events", "figures")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            # rows stored before this revision were geocoded to their own place
            batch.add_column(
                sa.Column("geocoded", sa.Boolean(), nullable=False, server_default=sa.true())
            )
            batch.add_column(sa.Column("located_at", sa.String(512)))
            batch.add_column(sa.Column("admin1_geonames", sa.String(256)))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("admin1_geonames")
            batch.drop_column("located_at")
            batch.drop_column("geocoded")
