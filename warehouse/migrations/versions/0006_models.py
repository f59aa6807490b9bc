"""The model slot: market-share reference data, city-pair features, model registry.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0006_models_up.sql"))


def downgrade() -> None:
    op.execute(read_sql("0006_models_down.sql"))
