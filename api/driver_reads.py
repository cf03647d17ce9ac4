"""One read statement, as SQL text compiled once, sent straight to asyncpg on a pooled connection.

The reads every request makes (the session lookup, a compiled page) are one statement each. Through
SQLAlchemy each cost a connection switched to autocommit and back, a greenlet per call and a result
wrapper; here the pool hands out the connection and asyncpg runs the text outside any transaction
(asyncpg's own autocommit: no BEGIN/ROLLBACK) as a prepared statement it keeps per connection, so
PostgreSQL reuses the plan. Rows come back as asyncpg ``Record``s, indexed like SQLAlchemy's rows.
Only PostgreSQL: SQLite's callers keep going through SQLAlchemy, whose column types read its text.

SQLAlchemy's ``before_cursor_execute`` listeners of the engine still hear every statement (tests and
``bench.profile_request`` count the statements of a request with them); with none, nothing is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["fetch_rows"]


async def fetch_rows(engine: AsyncEngine, sql: str, values: Sequence[Any]) -> list[Any]:
    """The rows of ``sql`` (asyncpg's ``$1`` placeholders) with ``values``, on a pooled connection."""
    async with engine.connect() as connection:  # no statement through SQLAlchemy: it never begins
        sync = connection.sync_connection
        driver = sync.connection.driver_connection  # type: ignore[union-attr]
        if engine.sync_engine.dispatch.before_cursor_execute:  # someone counts statements
            engine.sync_engine.dispatch.before_cursor_execute(sync, None, sql, tuple(values), None, False)
        try:
            return await driver.fetch(sql, *values)  # type: ignore[no-any-return]
        except asyncpg.PostgresError:
            raise  # the server refused the statement; the connection is as good as before
        except BaseException:  # a broken connection, or cancelled mid-statement: never back into the pool
            await connection.invalidate()
            raise
