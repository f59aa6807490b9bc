"""Database access for the warehouse: engine factory and Alembic entry points."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine

from obrail.settings import sqlalchemy_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(database_url: str, **kwargs: object) -> Engine:
    """An engine on the warehouse (any PostgreSQL URL flavour); callers own and dispose of it."""
    return create_engine(sqlalchemy_url(database_url), pool_pre_ping=True, future=True, **kwargs)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
