"""Stored nine-box placements (``domain.models.ninebox``): what makes a row exact on a day, and
the refresh that stores today's placement for the people who have no exact row.

How a stored row stays true:

- *By date alone* a placement changes on 1 January (the SKP year moves), on the person's next dated
  assessment, and when other bands come into force. A row keeps the span it is exact for —
  ``valid_from`` = the later of 1 January and the day of the JPM used, ``valid_until`` = the earlier
  of next 1 January and the person's next assessment — and the fingerprint of the bands it used
  (:func:`bands_fingerprint`); on day D only rows with D in the span and D's bands are read.
- *By a write*: the database's own triggers delete the row of anyone whose SKP or assessment rows
  change, or who moves to another unit (``domain.models.ninebox``, the reasons it is triggers are
  there). Nothing in the writers has to remember it.
- *Nobody else writes rows*: :func:`refresh` is the only writer. It computes with the live query
  (``ninebox_placements``) inside its own write transaction — under SQLite's write lock, or on
  PostgreSQL under the exclusive advisory lock the triggers take shared — so no input write can slip
  between what it read and what it stores.

Readers (``ninebox_grid``) count stored exact rows against the employees in scope, in the same
statement; when they differ (someone new, a row deleted by a write, another day) the missing people
are computed live — a verdict never rests on a row that is not exact for the day asked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.db import DATABASE_ERRORS, is_busy, session_factory, write_transaction
from domain.models import Employee, StoredPlacement
from domain.models.ninebox import PLACEMENT_LOCK
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.ninebox_periods import bands_on
from domain.rules.ninebox_placements import placements_query
from domain.rules.sql_parts import bound_date, unit_subtree

T = TypeVar("T")

# People stored per write transaction: SQLite's write lock (PostgreSQL's advisory lock, which input
# writes wait for) is held for one chunk's computation — a few hundred milliseconds — so workflow
# writes are not kept waiting behind a cold refresh.
CHUNK = 5000
RANGE = 50_000


def bands_fingerprint(rulebook: Rulebook, day: date) -> str:
    """A short digest of the bands in force on ``day`` (not of their ``valid_from``: two periods
    with the same bands place everyone alike)."""
    bands = bands_on(rulebook["ninebox"], day)
    text = json.dumps({"performance": bands["performance"], "potential": bands["potential"]}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def exact_on(day: date, rulebook: Rulebook, row: type[StoredPlacement] = StoredPlacement) -> sa.ColumnElement[bool]:
    """The stored rows that are the placement on ``day``."""
    return sa.and_(
        row.valid_from <= bound_date(day),
        row.valid_until > bound_date(day),
        row.bands == bands_fingerprint(rulebook, day),
    )


def unit_scope(column: sa.ColumnElement, tree: sa.CTE | None) -> sa.ColumnElement[bool]:
    """``column`` (a unit code) within ``tree`` (``unit_subtree``), or anything for the province."""
    return sa.true() if tree is None else column.in_(sa.select(tree.c.code))


def _engine_of(session: AsyncSession) -> AsyncEngine:
    bind = session.bind
    assert isinstance(bind, AsyncEngine), "the nine-box store needs a session bound to an engine"
    return bind


async def refresh(session: AsyncSession, unit_code: str | None, day: date, rulebook: Rulebook | None = None) -> int:
    """Store the placement on ``day`` of everyone in the unit tree (the province when None) who has
    no row exact on ``day``; returns how many were stored. Runs in sessions and write transactions
    of its own on ``session``'s engine, never in the caller's: on SQLite a caller whose read began
    before the refresh does not see the rows (its readers then compute live — still right). On
    PostgreSQL it stores nothing while an input write is in progress (the advisory lock is taken):
    the readers compute those people live instead.

    The people are stored :data:`CHUNK` at a time by index probes per person; on PostgreSQL, when
    most of the province is missing (the first call, a new year, new bands), a NIP range of
    :data:`RANGE` at a time by the hash plan over the range's SKPs and assessments instead."""
    engine = _engine_of(session)
    sessions = session_factory(engine)
    tree = None if unit_code is None else unit_subtree(unit_code)
    async with sessions() as reader:
        book = rulebook or await load_rulebook(reader)
        missing = sa.select(Employee.nip).where(
            Employee.unit_code.in_(units_short(tree, day, book)),
            ~sa.exists().where(StoredPlacement.nip == Employee.nip, exact_on(day, book)),
        )
        nips = list((await reader.exec(missing.order_by(Employee.nip))).scalars())  # type: ignore[call-overload]
        dense = False
        if engine.dialect.name == "postgresql" and tree is None and len(nips) >= RANGE:
            everyone = (await reader.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one()  # type: ignore[call-overload]
            dense = len(nips) * 2 >= everyone
    size = RANGE if dense else CHUNK
    stored = 0
    for start in range(0, len(nips), size):
        chunk = nips[start : start + size]
        async with write_transaction(sessions) as writer:
            if not await lock_store(writer):
                return stored
            if dense:
                high = nips[start + size] if start + size < len(nips) else None
                await store_range(writer, chunk[0], high, day, book)
            else:
                await store_people(writer, chunk, day, book)
        stored += len(chunk)
    return stored


def units_short(tree: sa.CTE | None, day: date, rulebook: Rulebook) -> sa.Select:
    """The units (of ``tree``, or all) with fewer rows exact on ``day`` than employees: where the
    people missing are. Two grouped counts, each read from an index alone (0.15 s at 1 000 000 on
    SQLite), instead of a look-up per employee (0.5 s) — after a write only its unit is searched.
    Equal counts mean nobody is missing: a row's ``unit_code`` is its person's unit (a move
    deletes the row), as the grid's own count check relies on."""
    employees = (
        sa.select(Employee.unit_code, sa.func.count().label("n"))
        .where(unit_scope(Employee.unit_code, tree))
        .group_by(Employee.unit_code)
        .subquery("employees_per_unit")
    )
    p = StoredPlacement
    stored = (
        sa.select(p.unit_code, sa.func.count().label("n"))
        .where(unit_scope(p.unit_code, tree), exact_on(day, rulebook))
        .group_by(p.unit_code)
        .subquery("exact_per_unit")
    )
    return (
        sa.select(employees.c.unit_code)
        .outerjoin(stored, stored.c.unit_code == employees.c.unit_code)
        .where(employees.c.n != sa.func.coalesce(stored.c.n, 0))
    )


async def lock_store(session: AsyncSession) -> bool:
    """PostgreSQL: the refresh's exclusive advisory lock, if no input write holds it shared. SQLite:
    the write transaction's lock already excludes every other writer."""
    if (await session.connection()).dialect.name != "postgresql":
        return True
    query = sa.select(sa.func.pg_try_advisory_xact_lock(PLACEMENT_LOCK))
    return bool((await session.exec(query)).scalar_one())  # type: ignore[call-overload]


_TABLE: sa.Table = StoredPlacement.__table__  # type: ignore[attr-defined]


async def store_people(session: AsyncSession, nips: list[str], day: date, rulebook: Rulebook) -> None:
    """Replace the rows of ``nips`` by their placement on ``day`` (index probes per person)."""
    await session.exec(sa.delete(_TABLE).where(_TABLE.c.nip.in_(nips)))  # type: ignore[call-overload]
    live = placements_query(None, day, rulebook, nips=nips, dialect="sqlite", spans=True)
    await _insert(session, live.subquery("live"), day, rulebook)


async def store_range(session: AsyncSession, low: str, high: str | None, day: date, rulebook: Rulebook) -> None:
    """Replace the rows of everyone with a NIP in [``low``, ``high``) by their placement on ``day``
    (PostgreSQL's hash plan narrowed to the range; no anti-join with the table being filled, whose
    statistics lag behind and once made the planner nest loops over 50 000 × 250 000 rows)."""
    upper = _TABLE.c.nip < high if high is not None else sa.true()
    await session.exec(sa.delete(_TABLE).where(_TABLE.c.nip >= low, upper))  # type: ignore[call-overload]
    live = placements_query(None, day, rulebook, dialect="postgresql", spans=True, nip_range=(low, high))
    await _insert(session, live.subquery("live"), day, rulebook)


async def _insert(session: AsyncSession, live: sa.Subquery, day: date, rulebook: Rulebook) -> None:
    """INSERT … SELECT of ``live`` (``placements_query`` with spans) with the span each row is exact for."""
    year_start, next_year = bound_date(date(day.year, 1, 1)), bound_date(date(day.year + 1, 1, 1))
    rows = sa.select(
        live.c.nip,
        live.c.unit_code,
        live.c.box,
        live.c.reason_code,
        live.c.skp_year,
        live.c.skp_predicate,
        live.c.jpm,
        sa.literal(bands_fingerprint(rulebook, day)),
        sa.case((live.c.jpm_on > year_start, live.c.jpm_on), else_=year_start),
        sa.case((live.c.next_on < next_year, live.c.next_on), else_=next_year),
    )
    columns = ["nip", "unit_code", "box", "reason", "skp_year", "skp_predicate", "jpm", "bands"]
    await session.exec(sa.insert(_TABLE).from_select([*columns, "valid_from", "valid_until"], rows))  # type: ignore[call-overload]


async def read_stored(
    session: AsyncSession,
    unit_code: str | None,
    day: date,
    rulebook: Rulebook,
    read: Callable[[AsyncSession], Awaitable[T | None]],
) -> T | None:
    """``read`` (an answer from stored rows alone, or None when someone in scope has no exact row)
    on ``session``; for today, on a miss, :func:`refresh` and ``read`` again in a new session (on
    SQLite the caller's snapshot predates the rows just stored). None: the caller computes live."""
    answer = await read(session)
    if answer is not None or day != today():
        return answer
    try:
        if not await refresh(session, unit_code, day, rulebook):
            return None
    except DATABASE_ERRORS as error:  # busy (SQLite's write lock held too long): answer live, store later
        if not is_busy(error):
            raise
        return None
    async with session_factory(_engine_of(session))() as fresh:
        return await read(fresh)
