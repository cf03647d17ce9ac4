"""The schema from migrations equals the models, and SQLite is configured as design.md says."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from domain.db import create_engine, session_factory, write_transaction
from domain.migrate import upgrade
from domain.models import Unit
from tests.conftest import on_postgres


async def test_migrations_build_exactly_the_models_schema(tmp_path):
    if on_postgres():
        import pytest

        pytest.skip("checked on SQLite; PostgreSQL runs the same migration files at CI start")
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    await upgrade(engine)

    def diff(connection):
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []
    await engine.dispose()


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
