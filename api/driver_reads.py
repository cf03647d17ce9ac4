"""One read statement, as SQL text compiled once, sent straight to asyncpg on a pooled connection.

The reads every request makes (the session lookup, a compiled page) are one statement each. Through
SQLAlchemy each cost a connection switched to autocommit and back, a greenlet per call and a result
wrapper; here asyncpg runs the text outside any transaction (asyncpg's own autocommit: no
BEGIN/ROLLBACK) as a prepared statement it keeps per connection, so PostgreSQL reuses the plan. Rows
come back as asyncpg ``Record``s, indexed like SQLAlchemy's rows. Only PostgreSQL: SQLite's callers
keep going through SQLAlchemy, whose column types read its text.

The connections come from a **read pool of asyncpg's own** per engine (:class:`ReadPool`), not from
SQLAlchemy's: a checkout there and its return each ran in a new greenlet, and each new greenlet
mapped and unmapped a 16 KiB frame stack (two ``mmap``/``munmap`` pairs and their page faults per
request, seen with ``strace -k``) — about a tenth of the server's CPU per compiled read. The read
pool dies with the engine: ``engine.dispose()`` terminates it (SQLAlchemy's ``engine_disposed``).

SQLAlchemy's ``before_cursor_execute`` listeners of the engine still hear every statement (tests and
``bench.profile_request`` count the statements of a request with them); with none, nothing is called.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.db import server_settings

__all__ = ["READ_POOL_SIZE", "ReadPool", "fetch_rows"]

# Connections a process keeps for these reads: as many as requests run at once under 16 clients
# (api.app.server_pool sizes SQLAlchemy's pool for everything else).
READ_POOL_SIZE = 16


async def fetch_rows(engine: AsyncEngine, sql: str, values: Sequence[Any]) -> list[Any]:
    """The rows of ``sql`` (asyncpg's ``$1`` placeholders) with ``values``, on a read-pool connection."""
    pool = await ReadPool.of(engine)
    if engine.sync_engine.dispatch.before_cursor_execute:  # someone counts statements
        engine.sync_engine.dispatch.before_cursor_execute(None, None, sql, tuple(values), None, False)
    connection = await pool.acquire()
    try:
        rows: list[Any] = await connection.fetch(sql, *values)
    except asyncpg.PostgresError:
        await pool.release(connection)  # the server refused the statement; the connection is as good as before
        raise
    except BaseException:  # a broken connection, or cancelled mid-statement: never back into the pool
        connection.terminate()
        await pool.release(connection)
        raise
    await pool.release(connection)
    return rows


class ReadPool:
    """asyncpg's pool for one engine's reads, opened on first use in the running event loop."""

    @staticmethod
    async def of(engine: AsyncEngine) -> asyncpg.Pool:
        sync = engine.sync_engine
        pool: asyncpg.Pool | None = sync.__dict__.get("_meritflow_read_pool")
        if pool is not None and pool._loop is asyncio.get_running_loop() and not pool.is_closing():
            return pool
        lock: asyncio.Lock = sync.__dict__.setdefault("_meritflow_read_pool_lock", asyncio.Lock())
        async with lock:  # the first requests at once open one pool, not one each
            pool = sync.__dict__.get("_meritflow_read_pool")
            if pool is None or pool._loop is not asyncio.get_running_loop() or pool.is_closing():
                pool = await ReadPool._open(engine)
                sync.__dict__["_meritflow_read_pool"] = pool
        return pool

    @staticmethod
    async def _open(engine: AsyncEngine) -> asyncpg.Pool:
        _, params = engine.dialect.create_connect_args(engine.url)  # host, port, user, database, password
        pool = await asyncpg.create_pool(
            **params,
            server_settings=server_settings(engine),  # as the engine's own connections open
            min_size=0,
            max_size=READ_POOL_SIZE,
            reset=_nothing_to_reset,
        )
        assert pool is not None
        # dies with the engine: every `await engine.dispose()` (app lifespan, CLI, test fixtures)
        sa.event.listen(engine.sync_engine, "engine_disposed", lambda _engine: _terminate(pool))
        return pool


def _terminate(pool: asyncpg.Pool) -> None:
    """Close the pool's connections now (no await: SQLAlchemy's event is synchronous). A pool whose
    event loop has ended has nothing left to close: its sockets went with the loop."""
    if not pool._loop.is_closed():
        pool.terminate()


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """asyncpg resets a returned connection with ``RESET ALL``, ``UNLISTEN *`` … — a round trip per read.
    These connections only ever run one read outside a transaction (asyncpg still rolls back any
    transaction left open first): there is nothing to reset."""
