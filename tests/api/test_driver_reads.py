"""``api.driver_reads``: a read sent straight to asyncpg leaves the pool as it found it — a statement
the server refuses keeps its connection, one cancelled mid-way (a client gone) never goes back into
the pool half-done, and the engine's statement listeners hear every statement."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from api.driver_reads import fetch_rows

pytestmark = pytest.mark.postgres_only


async def test_a_refused_statement_keeps_the_connection_a_cancelled_one_drops_it(engine: AsyncEngine) -> None:
    invalidated: list[object] = []
    heard: list[str] = []
    sa.event.listen(engine.sync_engine.pool, "invalidate", lambda *args: invalidated.append(args))
    sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_: heard.append(sql))

    assert [tuple(row) for row in await fetch_rows(engine, "SELECT $1::int + 1", [41])] == [(42,)]
    with pytest.raises(asyncpg.DivisionByZeroError):
        await fetch_rows(engine, "SELECT 1 / $1::int", [0])
    assert invalidated == []  # the server's refusal: the connection is fine and back in the pool

    slow = asyncio.create_task(fetch_rows(engine, "SELECT pg_sleep(5)", []))
    await asyncio.sleep(0.5)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    assert len(invalidated) == 1  # dropped, not handed to the next request mid-statement
    assert engine.sync_engine.pool.checkedout() == 0

    started = time.monotonic()
    assert (await fetch_rows(engine, "SELECT 7", []))[0][0] == 7
    assert time.monotonic() - started < 2  # not queued behind the sleeping statement
    assert heard == ["SELECT $1::int + 1", "SELECT 1 / $1::int", "SELECT pg_sleep(5)", "SELECT 7"]
