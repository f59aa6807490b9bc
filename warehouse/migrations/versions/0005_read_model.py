"""Read model: tables shaped for the API's questions, rebuilt at each publication.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from warehouse.migrations.sql import read_sql
from warehouse.read_model import SERVICES_REBUILD

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(read_sql("0005_read_model_up.sql"))
    for statement in SERVICES_REBUILD:  # a warehouse already published is served at once
        op.execute(statement.as_string())


def downgrade() -> None:
    op.execute(read_sql("0005_read_model_down.sql"))
