"""Data-quality results and their api views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0002_quality_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0002_quality_down.sql"))
