"""The trajet detail as a function planned once per session (api.trajet_detail).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0007_detail_plan_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0007_detail_plan_down.sql"))
