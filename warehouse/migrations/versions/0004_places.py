"""Places: airports' scheduled service, stations' coordinates precision, town sources.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0004_places_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0004_places_down.sql"))
