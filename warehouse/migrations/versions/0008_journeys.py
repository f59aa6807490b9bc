"""What /destinations and /comparison read, built at publication (read_model.stops, routes,
served_airports).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql
from warehouse.read_model import JOURNEYS_REBUILD

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0008_journeys_up.sql"))
    for statement in JOURNEYS_REBUILD:  # a warehouse already published is served at once
        op.execute(statement.as_string())


def downgrade() -> None:
    op.execute(read_sql("0008_journeys_down.sql"))
