"""Apply alembic migrations from code, under an advisory lock so parallel starts do not race."""

from __future__ import annotations

from pathlib import Path

import structlog
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

log = structlog.get_logger("pingcrm.migrations")

ROOT = Path(__file__).resolve().parent.parent
MIGRATION_LOCK_KEY = 7_291_003_114


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade_to_head(database_url: str) -> None:
    """Bring the schema at `database_url` up to the newest revision."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            try:
                await connection.run_sync(_upgrade, database_url)
                await connection.commit()
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                await connection.commit()
    finally:
        await engine.dispose()
    log.info("migrations.applied")


async def recreate_database(database_url: str) -> None:
    """Drop the database named in `database_url` (closing its connections) and create it empty.

    Used by the test suite and the benchmark, which own their databases; never point it at data
    you want to keep.
    """
    target = make_url(database_url)
    engine = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
            await connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    finally:
        await engine.dispose()


def _upgrade(sync_connection, database_url: str) -> None:
    config = alembic_config(database_url)
    config.attributes["connection"] = sync_connection
    command.upgrade(config, "head")
