"""A lock wait that runs out is a typed, retryable Conflict ("busy, try again"), never a masked
server error; nothing is written (issue 13, item 2)."""

from __future__ import annotations

import sqlite3

import pytest

import domain.db
from domain.db import create_engine, session_factory
from domain.errors import Conflict
from domain.models import Nomination
from testkit.drive import drive_to
from testkit.province import World
from tests.conftest import on_postgres
from workflow import service


@pytest.mark.skipif(on_postgres(), reason="holds SQLite's file lock from a second connection")
async def test_a_lock_wait_that_runs_out_is_a_retryable_conflict(
    world: World, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    nid = await drive_to(world, "mapping", "T-pengawas")
    monkeypatch.setattr(domain.db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for longer than we wait
        with pytest.raises(Conflict, match="busy") as busy:
            await service.withdraw(sessions, world["operator"], nid, "tidak jadi")
        assert busy.value.current_state is None
    finally:
        holder.rollback()
        holder.close()
        await engine.dispose()
    async with world.sessions() as session:
        assert (await session.get(Nomination, nid)).state == "mapping"  # type: ignore[union-attr]
    done = await service.withdraw(world.sessions, world["operator"], nid, "tidak jadi")  # the retry works
    assert done.state == "withdrawn"


async def test_no_free_pooled_connection_is_a_retryable_conflict(world: World, database_url: str) -> None:
    """Fifty clients on one process can hold every pooled connection for longer than the pool
    waits: that is the database being busy, answered as such, not a masked error."""
    nid = await drive_to(world, "mapping", "T-pengawas")
    engine = create_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    try:
        async with engine.connect():  # the pool's only connection, in use
            with pytest.raises(Conflict, match="busy"):
                await service.withdraw(session_factory(engine), world["operator"], nid, "tidak jadi")
    finally:
        await engine.dispose()
    async with world.sessions() as session:
        assert (await session.get(Nomination, nid)).state == "mapping"  # type: ignore[union-attr]
