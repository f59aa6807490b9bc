"""Database access for the warehouse: engine factory and Alembic entry points.

Alembic and SQLAlchemy are imported when used (about 0.4 s of CPU at each start): the `obrail`
commands that neither migrate nor read the revision (etl, db backup|restore|roles) never need
them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from obrail.settings import sqlalchemy_url

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: Alembic logs its plugins' setup (INFO) when imported; imported at start-up, before the
#: command configured logging, that line went nowhere. Imported later now: kept quiet the same.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def make_engine(database_url: str, **kwargs: object) -> Engine:
    """An engine on the warehouse (any PostgreSQL URL flavour); callers own and dispose of it."""
    from sqlalchemy import create_engine

    return create_engine(sqlalchemy_url(database_url), pool_pre_ping=True, future=True, **kwargs)


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
