"""Warming the nine-box store: today's placement stored for everyone, ahead of the first grid.

A grid read on a day no stored row is exact for (first use, 1 January, new ``ninebox`` bands)
stores everyone inside that request (``ninebox_store.refresh``): 23 s on PostgreSQL and 47 s on
SQLite at 1 000 000 employees. :func:`warm` does the same work beforehand — at server start, when
the day or the bands change (``api.background``), or by hand (``meritflow ninebox refresh``) — so
the request finds every row in place.

How it keeps out of everyone's way:

- It walks, in NIP order and :data:`BATCH` at a time, the employees of the units with people
  missing (``ninebox_store.units_short``: two grouped counts read from indexes); nobody missing
  (a second run, the other worker's run) is those counts and done. A batch whose people all have
  an exact row costs one index read and no write at all.
- A batch with people missing is stored in a short write transaction of its own, then the warm-up
  pauses (:data:`PAUSE_SHARE` of the time the batch held the lock): other processes' SQLite
  writers wait for the lock by polling (only one process's writers queue, ``domain.db``), so a loop
  that took the lock again at once could starve them; on PostgreSQL the input writes it held up go.
- Inside the write transaction, under the store's own lock (SQLite's write lock, PostgreSQL's
  exclusive advisory lock), it asks again who is missing and stores only those. Two warm-ups at
  once (two worker processes) therefore never compute a person twice: the second one finds the
  batch done and moves on; only the cheap reads of "who is missing" are done twice.
- The lock not free (an input write in progress on PostgreSQL, SQLite busy past its timeout): it
  waits and tries the batch again, and gives up after ``patience`` seconds with ``complete`` False
  (the next check tries again; the readers compute the people still missing live).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.db import DATABASE_ERRORS, is_busy, write_transaction
from domain.models import Employee, StoredPlacement
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.ninebox_store import (
    bands_fingerprint,
    exact_on,
    lock_store,
    store_people,
    store_range,
    units_short,
)

# Employees looked at per batch: one write transaction stores at most this many (SQLite: a few
# hundred milliseconds of index probes; PostgreSQL: the hash plan over a NIP range of this size).
BATCH = 5000
# After a batch that wrote, pause this share of the time it held the lock (at least MIN_PAUSE).
PAUSE_SHARE = 0.5
MIN_PAUSE = 0.01


@dataclass(frozen=True)
class WarmReport:
    day: date
    bands: str  # the fingerprint of the bands stored under (``ninebox_store.bands_fingerprint``)
    employees: int  # looked at (0: the counts showed nobody missing)
    stored: int  # placements stored (0 when every row was already exact)
    batches_written: int
    seconds: float
    complete: bool  # False: gave up on a batch whose lock stayed taken (see the module docstring)


async def warm_key(sessions: async_sessionmaker[AsyncSession], day: date | None = None) -> tuple[date, str]:
    """What a warm store depends on: the day and its bands' fingerprint. A runner warms again when
    this changes (a new day, a changed ``ninebox`` setting)."""
    day = day or today()
    async with sessions() as session:
        return day, bands_fingerprint(await load_rulebook(session), day)


def _missing(day: date, book: Rulebook) -> sa.ColumnElement[bool]:
    return ~sa.exists().where(StoredPlacement.nip == Employee.nip, exact_on(day, book))


def _in_range(low: str, high: str | None) -> sa.ColumnElement[bool]:
    return sa.and_(Employee.nip >= low, Employee.nip < high) if high is not None else Employee.nip >= low


async def warm(
    sessions: async_sessionmaker[AsyncSession],
    day: date | None = None,
    *,
    batch: int = BATCH,
    patience: float = 30.0,
    progress: Callable[[int, int], None] | None = None,
) -> WarmReport:
    """Store the placement on ``day`` (today) of everyone without a row exact on it, a batch at a
    time (see the module docstring). Idempotent: a second run stores nothing. ``progress(looked at,
    stored)`` is called after each batch."""
    started = time.perf_counter()
    day = day or today()
    async with sessions() as session:
        book = await load_rulebook(session)
        dialect = (await session.connection()).dialect.name
    looked = stored = written = 0
    async with sessions() as reader:  # only the units with people missing are walked
        short = list((await reader.exec(units_short(None, day, book))).scalars())  # type: ignore[call-overload]
    if not short:  # nobody missing anywhere (the usual second pass): done
        return WarmReport(day, bands_fingerprint(book, day), 0, 0, 0, _since(started), True)
    cursor: str | None = None
    while True:
        async with sessions() as reader:
            query = sa.select(Employee.nip, _missing(day, book).label("missing")).where(Employee.unit_code.in_(short))
            if cursor is not None:
                query = query.where(Employee.nip > cursor)
            rows = (await reader.exec(query.order_by(Employee.nip).limit(batch + 1))).all()  # type: ignore[call-overload]
        if not rows:
            break
        people, following = rows[:batch], rows[batch] if len(rows) > batch else None
        low, high = people[0][0], following[0] if following is not None else None
        if any(missing for _, missing in people):
            done = await _store_batch(sessions, low, high, len(people), day, book, dialect, patience)
            if done is None:
                return WarmReport(day, bands_fingerprint(book, day), looked, stored, written, _since(started), False)
            stored += done
            written += 1 if done else 0
        looked += len(people)
        if progress is not None:
            progress(looked, stored)
        if high is None:
            break
        cursor = people[-1][0]
    return WarmReport(day, bands_fingerprint(book, day), looked, stored, written, _since(started), True)


async def _store_batch(
    sessions: async_sessionmaker[AsyncSession],
    low: str,
    high: str | None,
    size: int,
    day: date,
    book: Rulebook,
    dialect: str,
    patience: float,
) -> int | None:
    """Store the people of [``low``, ``high``) still missing, under the store's lock; how many were
    stored, or None when the lock stayed taken for ``patience`` seconds."""
    deadline = time.monotonic() + patience
    wait = MIN_PAUSE
    while True:
        began = time.perf_counter()
        try:
            async with write_transaction(sessions) as writer:
                count = await _store_missing(writer, low, high, size, day, book, dialect)
        except DATABASE_ERRORS as error:  # SQLite busy past its timeout: like a taken lock
            if not is_busy(error):
                raise
            count = None
        if count is not None:
            if count:
                await asyncio.sleep(max(MIN_PAUSE, (time.perf_counter() - began) * PAUSE_SHARE))
            return count
        if time.monotonic() + wait > deadline:
            return None
        await asyncio.sleep(wait)
        wait = min(wait * 2, 1.0)


async def _store_missing(
    writer: AsyncSession, low: str, high: str | None, size: int, day: date, book: Rulebook, dialect: str
) -> int | None:
    """In ``writer``'s transaction: None if the store's lock is taken, else how many were stored."""
    if not await lock_store(writer):
        return None
    # Asked again under the lock: another warm-up (or a grid's refresh) may have stored them since
    # the read, and no input can change meanwhile.
    query = sa.select(Employee.nip).where(_in_range(low, high), _missing(day, book))
    nips = list((await writer.exec(query.order_by(Employee.nip))).scalars())  # type: ignore[call-overload]
    if nips and dialect == "postgresql" and len(nips) * 2 >= size:
        await store_range(writer, low, high, day, book)  # most of the range: the hash plan, everyone again
        return size
    if nips:
        await store_people(writer, nips, day, book)
    return len(nips)


def _since(started: float) -> float:
    return time.perf_counter() - started
