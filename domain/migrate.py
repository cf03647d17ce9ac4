"""Schema migrations (Alembic), callable from code: the CLI, app start and tests use these."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply pending migrations on ``engine`` (inside the caller's event loop)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision against the database at ``url`` (a developer tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
