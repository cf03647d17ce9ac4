"""Storage: async engines and sessions for SQLite (default) and PostgreSQL.

SQLite needs three things the driver does not do by itself (see shared/stack-notes.md):
foreign keys and WAL switched on per connection; a real ``BEGIN`` so reads inside a transaction
are isolated (the driver otherwise starts one only at the first write); and ``BEGIN IMMEDIATE``
for write transactions, because a deferred transaction that later upgrades to a write fails with
SQLITE_BUSY at once instead of waiting ``busy_timeout``.

SQLite's busy handler (sleep, retry) does not serve waiting writers in arrival order: a writer
that arrives while another sleeps can take the lock first, and with 8 clients the unlucky ones
waited seconds (p99 1.3–2.4 s against p50 60 ms). So within one process SQLite writers queue in
arrival order before ``BEGIN IMMEDIATE`` (:func:`write_transaction`), and only the head of the
queue contends for the file lock; between worker processes the busy handler still arbitrates.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

DEFAULT_DATABASE_URL = "sqlite:///meritflow.db"
_WRITE = "meritflow_write"  # execution option: this transaction will write


def database_url_from_env() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def async_url(url: str) -> str:
    """The URL with its async driver named: ``+aiosqlite`` for SQLite, ``+asyncpg`` for PostgreSQL."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f'DATABASE_URL "{url}" is not a URL; use e.g. sqlite:///meritflow.db')
    dialect = scheme.split("+", 1)[0]
    if dialect == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if dialect in ("postgresql", "postgres"):
        return f"postgresql+asyncpg://{rest}"
    raise ValueError(f'DATABASE_URL "{url}": only sqlite and postgresql are supported')


def sync_url(url: str) -> str:
    """The URL for a synchronous driver (Alembic runs its own async engine; this is for tools)."""
    scheme, _, rest = async_url(url).partition("://")
    return f"{scheme.split('+', 1)[0]}://{rest}"


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


# Every PostgreSQL connection's session settings, unless the caller adds its own (bench's
# search_path). The talent queries are estimated as expensive, so PostgreSQL JIT-compiles them: that
# cost 1.5 s of a 5 s nine-box grid at 100 000 employees and saves nothing on sub-second queries.
POSTGRES_SERVER_SETTINGS = {"jit": "off"}
_ENGINE_SETTINGS: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def server_settings(engine: AsyncEngine) -> dict[str, str]:
    """The session settings ``engine``'s PostgreSQL connections open with (:func:`create_engine`
    decides them), for another pool on the same database (``api.driver_reads``) to open alike."""
    return dict(_ENGINE_SETTINGS.get(engine.sync_engine, POSTGRES_SERVER_SETTINGS))


def create_engine(url: str | None = None, **kwargs: object) -> AsyncEngine:
    """An async engine for ``url`` (default: ``DATABASE_URL`` or ``sqlite:///meritflow.db``)."""
    full_url = async_url(url or database_url_from_env())
    if full_url.startswith("postgresql"):
        connect_args = dict(kwargs.get("connect_args") or {})  # type: ignore[call-overload]
        connect_args["server_settings"] = {**POSTGRES_SERVER_SETTINGS, **connect_args.get("server_settings", {})}
        kwargs["connect_args"] = connect_args
    engine = create_async_engine(full_url, **kwargs)
    if full_url.startswith("postgresql"):
        _ENGINE_SETTINGS[engine.sync_engine] = kwargs["connect_args"]["server_settings"]  # type: ignore[index]
    if is_sqlite(engine):
        _configure_sqlite(engine)
    return engine


# How long a SQLite writer waits for the write lock before the database answers "busy" (then the
# workflow answers a typed, retryable Conflict): in this process's queue of writers, then for
# other processes' writers. A module value so a test can shorten it.
SQLITE_BUSY_TIMEOUT_MS = 15000


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def write_transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose transaction is a write from its first statement; committed on success,
    rolled back on any exception. On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``),
    so two writers queue instead of one failing with SQLITE_BUSY — in arrival order within this
    process (:func:`_writers_turn`). Never open one while holding another on the same SQLite
    database: the inner one would wait for the outer and end "busy" after the timeout."""
    async with _writers_turn(factory), factory() as session:
        await session.connection(execution_options={_WRITE: True})
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


class WriteQueueTimeout(sa_exc.TimeoutError):
    """A SQLite writer waited ``SQLITE_BUSY_TIMEOUT_MS`` behind this process's earlier writers:
    busy (:func:`is_busy`), answered like SQLite's own "database is locked"; nothing was written."""


@dataclass(eq=False)
class _WriteQueue:
    loop: asyncio.AbstractEventLoop  # an asyncio.Lock serves one event loop (a test runs its own)
    lock: asyncio.Lock  # FIFO: a release hands the lock to the longest waiter, newcomers queue behind


# One queue per SQLite engine (one pool of connections to one file), held weakly.
_write_queues: weakref.WeakKeyDictionary[Engine, _WriteQueue] = weakref.WeakKeyDictionary()


def _write_queue(factory: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """The writers' queue of ``factory``'s SQLite engine in this event loop; None for PostgreSQL,
    whose row locks queue writers themselves and let writers of different rows run together."""
    bind = factory.kw.get("bind")
    if not isinstance(bind, AsyncEngine) or not is_sqlite(bind):
        return None
    loop = asyncio.get_running_loop()
    queue = _write_queues.get(bind.sync_engine)
    if queue is None or queue.loop is not loop:
        queue = _write_queues[bind.sync_engine] = _WriteQueue(loop, asyncio.Lock())
    return queue.lock


@asynccontextmanager
async def _writers_turn(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    """Wait for this writer's turn among the process's SQLite writers (arrival order), at most the
    busy timeout; a waiter cancelled or timed out leaves the queue without holding anyone up."""
    lock = _write_queue(factory)
    if lock is None:
        yield
        return
    wait = SQLITE_BUSY_TIMEOUT_MS / 1000
    try:
        async with asyncio.timeout(wait):
            await lock.acquire()
    except TimeoutError:
        raise WriteQueueTimeout(f"database is locked: waited {wait:g} s behind this process's writers") from None
    try:
        yield
    finally:
        lock.release()


# What a database says when it could not get a lock in time, or chose this transaction as the
# victim of a deadlock or a serialization conflict: nothing was written, and trying again is right.
_BUSY_SIGNS = ("database is locked", "database table is locked", "deadlock detected", "could not serialize",
               "lock timeout", "canceling statement due to lock timeout")  # fmt: skip


# The errors that may mean "busy": the database's own (checked by message), and TimeoutError: the
# connection pool's (every connection of this process was in use for ``pool_timeout`` seconds) or
# the SQLite writers' queue's (``WriteQueueTimeout``).
DATABASE_ERRORS = (sa_exc.OperationalError, sa_exc.DBAPIError, sa_exc.TimeoutError)


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is the database being busy (a lock wait that ran out, a deadlock victim, no
    pooled connection free in time), not a fault: the caller answers "busy, try again" instead of
    a masked server error; nothing was written."""
    if isinstance(error, sa_exc.TimeoutError):
        return True
    return isinstance(error, sa_exc.OperationalError | sa_exc.DBAPIError) and any(
        sign in str(error).lower() for sign in _BUSY_SIGNS
    )


@asynccontextmanager
async def read_snapshot(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose reads all see one snapshot, taking no write lock: the workflow plans a step in
    it before taking the lock. PostgreSQL's default READ COMMITTED gives every statement a new
    snapshot (a plan could read the nomination before a concurrent approval and its approvals
    after it), so this transaction is REPEATABLE READ, read only (which never fails to serialize);
    SQLite's deferred ``BEGIN`` in WAL mode reads one snapshot from its first read."""
    async with factory() as session:
        bind = session.bind
        if bind is not None and bind.dialect.name == "postgresql":
            await session.connection(
                execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
            )
        yield session


@asynccontextmanager
async def read_session(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A short-lived session for reads (one per loader/resolver: sessions must not be shared by
    concurrently running resolvers)."""
    async with factory() as session:
        yield session
