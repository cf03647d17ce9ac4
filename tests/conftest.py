"""Shared fixtures: a fresh database per test, on SQLite by default or on the PostgreSQL that
``DATABASE_URL`` names (the same suite runs on both; see .ci/run)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import domain.models  # noqa: F401
from domain.db import create_engine, session_factory

PG_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
_pg_schema_ready = False


def on_postgres() -> bool:
    return bool(PG_URL)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgresql://…")
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres():
            item.add_marker(skip_pg)


async def _reset_postgres(engine: AsyncEngine) -> None:
    """First use in this run: rebuild the schema; afterwards: empty every table."""
    global _pg_schema_ready
    async with engine.begin() as conn:
        if not _pg_schema_ready:
            await conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
            await conn.run_sync(SQLModel.metadata.create_all)
            for statement in domain.models.POSTGRES_DDL:
                await conn.execute(sa.text(statement))
            _pg_schema_ready = True
        else:
            # Replica mode skips user triggers, such as the audit table's append-only guard (and the
            # foreign keys' triggers), for this test-reset connection only.
            await conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            await conn.execute(sa.text(_EMPTY_EVERY_TABLE))


# DELETE and restarting the sequences in one round trip: TRUNCATE of 28 tables took 0.7–1.1 s per
# test on this machine (its per-table file work), DELETE of the few rows a test leaves ~40 ms.
_EMPTY_EVERY_TABLE = (
    "DO $$ DECLARE s record; BEGIN "
    + " ".join(f'DELETE FROM "{t.name}";' for t in reversed(SQLModel.metadata.sorted_tables))
    + " FOR s IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP"
    " EXECUTE format('ALTER SEQUENCE public.%I RESTART', s.sequencename); END LOOP; END $$"
)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The URL of this test's own, empty database."""
    return PG_URL or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def sqlite_schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database holding the current schema, built once per run: each test copies
    the file (a millisecond) instead of running create_all (a third of a second, ×600 tests)."""
    path = tmp_path_factory.mktemp("schema-template") / "schema.db"
    template = sa.create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(template)
    template.dispose()
    return path


@pytest.fixture
async def engine(database_url: str, request: pytest.FixtureRequest) -> AsyncIterator[AsyncEngine]:
    """An engine on an empty database holding the current schema."""
    if on_postgres():
        eng = create_engine(database_url)
        await _reset_postgres(eng)
    else:
        database_file = Path(database_url.removeprefix("sqlite:///"))
        if database_url.startswith("sqlite:///") and not database_file.exists():
            shutil.copyfile(request.getfixturevalue("sqlite_schema_template"), database_file)
            eng = create_engine(database_url)
        else:
            eng = create_engine(database_url)
            async with eng.begin() as conn:
                await conn.run_sync(SQLModel.metadata.create_all)
    try:
        yield eng
    finally:
        await eng.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as s:
        yield s
