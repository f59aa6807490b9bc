"""Warehouse model: core tables, api views, read-only roles.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0001_core_up.sql"))
    op.execute(read_sql("0001_api_views_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0001_api_views_down.sql"))
    op.execute(read_sql("0001_core_down.sql"))
