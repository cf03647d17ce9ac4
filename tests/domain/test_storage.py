"""The schema from migrations equals the models, and SQLite is configured as design.md says."""

import re

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from domain.db import async_url, create_engine, session_factory, write_transaction
from domain.migrate import upgrade
from domain.models import POSTGRES_DDL, Unit
from domain.models.ninebox import POSTGRES_TRIGGERS as NINEBOX_TRIGGERS
from tests.conftest import PG_URL, on_postgres

CREATES_TRIGGER = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?TRIGGER", re.IGNORECASE)


async def test_migrations_build_exactly_the_models_schema(tmp_path):
    """Alembic's migrations, run on an empty database, give exactly the tables of the models (the
    tests themselves build the schema with create_all for speed). On PostgreSQL this also runs the
    migration's PostgreSQL-only DDL (the audit table's append-only triggers, the nine-box store's
    triggers of migration 0005)."""
    if on_postgres():
        url, drop = await _scratch_postgres_database()
    else:
        url, drop = f"sqlite:///{tmp_path / 'm.db'}", None
    engine = create_engine(url)
    try:
        await upgrade(engine)

        def diff(connection):
            return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)

        async with engine.connect() as conn:
            assert await conn.run_sync(diff) == []
            if on_postgres():
                triggers = await conn.execute(sa.text("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"))
                # the audit table's append-only triggers and the nine-box store's forgetting ones
                made = [ddl for ddl in [*POSTGRES_DDL, *NINEBOX_TRIGGERS] if CREATES_TRIGGER.search(ddl)]
                assert triggers.scalar() == len(made) > 2
    finally:
        await engine.dispose()
        if drop:
            await drop()


async def _scratch_postgres_database():
    """A new, empty database beside the test database; returns its URL and a function dropping it."""
    base = make_url(async_url(PG_URL))
    name = f"{base.database}_migration_check"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    async def run(statement: str) -> None:
        async with admin.connect() as conn:
            await conn.execute(sa.text(statement))

    await run(f'DROP DATABASE IF EXISTS "{name}"')
    await run(f'CREATE DATABASE "{name}"')

    async def drop() -> None:
        await run(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


async def test_sqlite_foreign_keys_and_wal_are_on(engine):
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"


async def test_write_transaction_rolls_back_on_error(sessions):
    try:
        async with write_transaction(sessions) as s:
            s.add(Unit(code="X", name="Unit X"))
            await s.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with sessions() as s:
        assert (await s.exec(sa.select(sa.func.count()).select_from(Unit))).one()[0] == 0


async def test_foreign_keys_are_enforced(sessions):
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        async with write_transaction(sessions) as s:
            s.add(Unit(code="CHILD", name="Child", parent_code="NOPE"))


async def test_write_transactions_queue_instead_of_failing(engine):
    """Two concurrent writers on one SQLite file both succeed (BEGIN IMMEDIATE + busy_timeout)."""
    import asyncio

    factory = session_factory(engine)

    async def writer(code):
        async with write_transaction(factory) as s:
            s.add(Unit(code=code, name=code))
            await s.flush()
            await asyncio.sleep(0.05)

    await asyncio.gather(writer("A"), writer("B"))
    async with factory() as s:
        assert (await s.exec(sa.select(sa.func.count()).select_from(Unit))).one()[0] == 2
