"""``api.driver_reads``: a read sent straight to asyncpg on the read pool leaves the pool as it found
it — a statement the server refuses keeps its connection, one cancelled mid-way (a client gone) never
goes back into the pool half-done, the engine's statement listeners hear every statement, and
disposing of the engine closes the read pool."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from api.driver_reads import ReadPool, fetch_rows
from domain.db import create_engine

pytestmark = pytest.mark.postgres_only

PID = "SELECT pg_backend_pid()"


async def test_a_refused_statement_keeps_the_connection_a_cancelled_one_drops_it(engine: AsyncEngine) -> None:
    heard: list[str] = []
    sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_: heard.append(sql))

    assert [tuple(row) for row in await fetch_rows(engine, "SELECT $1::int + 1", [41])] == [(42,)]
    pool = await ReadPool.of(engine)
    pid = (await fetch_rows(engine, PID, []))[0][0]
    with pytest.raises(asyncpg.DivisionByZeroError):
        await fetch_rows(engine, "SELECT 1 / $1::int", [0])
    # the server's refusal: the same connection, back in the pool and used again
    assert (await fetch_rows(engine, PID, []))[0][0] == pid and pool.get_size() == 1

    slow = asyncio.create_task(fetch_rows(engine, "SELECT pg_sleep(5)", []))
    await asyncio.sleep(0.5)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    assert pool.get_size() == 0  # dropped, not handed to the next request mid-statement

    started = time.monotonic()
    assert (await fetch_rows(engine, "SELECT 7", []))[0][0] == 7
    assert time.monotonic() - started < 2  # not queued behind the sleeping statement
    assert (await fetch_rows(engine, PID, []))[0][0] != pid
    assert heard == ["SELECT $1::int + 1", PID, "SELECT 1 / $1::int", PID, "SELECT pg_sleep(5)", "SELECT 7", PID]


async def test_the_read_pool_has_the_engines_settings_and_ends_with_it(database_url: str) -> None:
    engine = create_engine(database_url)
    assert (await fetch_rows(engine, "SELECT current_setting('jit')", []))[0][0] == "off"  # domain.db's settings
    pool = await ReadPool.of(engine)
    assert await ReadPool.of(engine) is pool  # one per engine and event loop
    await engine.dispose()
    assert pool.is_closing() and pool.get_size() == 0
    # a read after the dispose opens a new pool (as SQLAlchemy's engine reconnects after a dispose)
    assert (await fetch_rows(engine, "SELECT 8", []))[0][0] == 8 and await ReadPool.of(engine) is not pool
    await engine.dispose()


async def test_the_read_pool_opens_with_a_callers_own_settings(database_url: str) -> None:
    """An engine made with its own session settings (bench's ``search_path``) reads through the read
    pool with them too, not only domain.db's defaults."""
    engine = create_engine(database_url, connect_args={"server_settings": {"application_name": "mf-read-pool-test"}})
    try:
        seen = await fetch_rows(engine, "SELECT current_setting('application_name'), current_setting('jit')", [])
        assert tuple(seen[0]) == ("mf-read-pool-test", "off")
    finally:
        await engine.dispose()
