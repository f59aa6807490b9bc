"""Indexes on the foreign keys that point at core.trajets without one.

Each reload deletes every trajet; PostgreSQL then checks, for each deleted trajet, the tables
that reference it. Without an index on core.city_pairs.fastest_trajet_id and
core.trajet_links.linked_trajet_id, each check scans those tables (about 17 000 scans of 12 000
city pairs: some 20 s of a reload).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0009_foreign_key_indexes_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0009_foreign_key_indexes_down.sql"))
