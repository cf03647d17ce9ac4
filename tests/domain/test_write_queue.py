"""SQLite writers of one process queue in arrival order before ``BEGIN IMMEDIATE`` (domain.db):
SQLite's busy handler alone let late writers overtake early ones, so a few waited seconds. These
tests use their own SQLite file whatever ``DATABASE_URL`` says: the queue is SQLite's only."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

import domain.db
from domain.db import create_engine, is_busy, session_factory, write_transaction


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite:///{tmp_path / 'queue.db'}")
    yield engine  # type: ignore[misc]
    await engine.dispose()


async def _writer(engine: AsyncEngine, name: str, entered: list[str], hold: float = 0.01) -> None:
    async with write_transaction(session_factory(engine)):  # a factory of its own: the queue is the engine's
        entered.append(name)  # inside: BEGIN IMMEDIATE has succeeded, the file lock is ours
        await asyncio.sleep(hold)


async def test_writers_are_served_in_arrival_order(engine: AsyncEngine) -> None:
    entered: list[str] = []
    first = asyncio.create_task(_writer(engine, "first", entered, hold=0.3))
    while not entered:
        await asyncio.sleep(0.005)
    waiting = []
    for i in range(8):  # arriving 20 ms apart while the first holds the lock
        waiting.append(asyncio.create_task(_writer(engine, f"w{i}", entered)))
        await asyncio.sleep(0.02)
    await asyncio.gather(first, *waiting)
    assert entered == ["first"] + [f"w{i}" for i in range(8)]


async def test_a_cancelled_or_timed_out_waiter_does_not_block_the_queue(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered: list[str] = []
    holder = asyncio.create_task(_writer(engine, "holder", entered, hold=0.3))
    while not entered:
        await asyncio.sleep(0.005)
    cancelled = asyncio.create_task(_writer(engine, "cancelled", entered))
    monkeypatch.setattr(domain.db, "SQLITE_BUSY_TIMEOUT_MS", 50)
    timed_out = asyncio.create_task(_writer(engine, "timed out", entered))
    await asyncio.sleep(0)  # both are queued (the timeout is read on arrival)
    monkeypatch.setattr(domain.db, "SQLITE_BUSY_TIMEOUT_MS", 15000)
    later = asyncio.create_task(_writer(engine, "later", entered))
    await asyncio.sleep(0.02)
    cancelled.cancel()
    with pytest.raises(Exception) as waited:
        await timed_out
    assert is_busy(waited.value), waited.value
    await asyncio.wait_for(asyncio.gather(holder, later), 5)
    assert cancelled.cancelled()
    assert entered == ["holder", "later"]
    async with asyncio.timeout(5):  # and the queue is free afterwards
        await _writer(engine, "after", entered)


async def test_a_failed_writer_leaves_the_queue(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with write_transaction(session_factory(engine)):
            raise RuntimeError("the work failed")
    entered: list[str] = []
    async with asyncio.timeout(5):
        await _writer(engine, "next", entered)
    assert entered == ["next"]


async def test_a_writer_held_up_longer_than_the_busy_timeout_is_told_busy(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(domain.db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    entered: list[str] = []
    holder = asyncio.create_task(_writer(engine, "holder", entered, hold=1.0))
    while not entered:
        await asyncio.sleep(0.005)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(domain.db.DATABASE_ERRORS) as waited:
        await _writer(engine, "late", entered)
    assert is_busy(waited.value)
    assert loop.time() - started < 0.8  # told after the timeout, not when the holder finished
    await holder
    assert entered == ["holder"]


def test_postgresql_writers_are_not_queued_here() -> None:
    """PostgreSQL's row locks queue writers of one row and let writers of different rows run."""
    engine = create_engine("postgresql://postgres@127.0.0.1:1/none")  # never connected
    assert domain.db._write_queue(session_factory(engine)) is None
