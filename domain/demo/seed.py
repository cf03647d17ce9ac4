"""Writing the demo province into an empty database, fast.

Rows are generated as plain dicts and written with Core ``insert(table)`` executemany, a chunk of
employees at a time, all inside one write transaction: either the whole demo is there or nothing
is (a failed run can simply be repeated). No ORM object per row and no query per row, so 100 000
employees take minutes, not hours. Only the dozen accounts go through ``create_user`` (argon2).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import domain.models  # noqa: F401  (registers every table on the metadata)
from domain.accounts import create_user
from domain.db import write_transaction
from domain.demo.accounts import DEMO_ACCOUNTS, AccountSpec, DemoAccount
from domain.demo.organisation import build_organisation
from domain.demo.plan import NEAR_MISS_FLAWS, plan_staffing
from domain.demo.profiles import Person, ProfileFactory
from domain.demo.rows import Rows
from domain.errors import InvalidInput
from domain.models import CompetencyAssessment, Employee, Position, Unit, User
from domain.rulebook import load_rulebook
from domain.setup import ensure_reference_data

DEFAULT_REFERENCE_DATE = date(2026, 11, 29)
CHUNK = 2000  # employees generated and written per batch
ProgressCallback = Callable[[int, int], None]  # (employees written, employees in total)


class DemoDatabaseNotEmpty(InvalidInput):
    """The demo only goes into an empty database: it would clash with (or hide among) real data."""


@dataclass(frozen=True)
class DemoSummary:
    """What was seeded; the NIPs let tests and benchmarks find the interesting people."""

    seed: int
    reference_date: date
    employees: int
    units: int
    positions: int
    vacant_by_level: dict[str, int]
    vacant_jpt_pratama: tuple[str, ...]  # the ten post codes, ready for one inauguration ceremony
    candidates: tuple[str, ...]  # NIPs built to be eligible for every one of those ten posts
    near_misses: dict[str, str]  # rule -> NIP of the person failing only that rule
    rows: dict[str, int]  # table -> rows written
    accounts: tuple[DemoAccount, ...]

    def account(self, username: str) -> DemoAccount:
        return next(a for a in self.accounts if a.username == username)


async def existing_data(session: AsyncSession) -> dict[str, int]:
    """Rows already in the tables the demo writes first (empty dict = empty database)."""
    found = {}
    for model in (Employee, Unit, Position, User):
        table = model.__table__  # type: ignore[attr-defined]
        count = (await session.exec(sa.select(sa.func.count()).select_from(table))).scalar_one()
        if count:
            found[table.name] = int(count)
    return found


async def database_is_empty(sessions: async_sessionmaker[AsyncSession]) -> bool:
    async with sessions() as session:
        return not await existing_data(session)


async def seed_demo(
    sessions: async_sessionmaker[AsyncSession],
    employees: int = 2000,
    seed: int = 1,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Fill an empty, migrated database with the demo province. Same arguments → same rows.

    Raises :class:`DemoDatabaseNotEmpty` when employees, units, posts or accounts exist already,
    and ``InvalidInput`` when ``employees`` is too small for the ten vacancies and their candidates.
    """
    await ensure_reference_data(sessions)
    rng = random.Random(seed)
    org = build_organisation()
    try:
        staffing = plan_staffing(org, employees, rng)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None

    async with write_transaction(sessions) as session:
        found = await existing_data(session)
        if found:
            listed = ", ".join(f"{count} {table}" for table, count in found.items())
            raise DemoDatabaseNotEmpty(
                f"the database already holds data ({listed}); demo data goes only into an empty database: "
                "point DATABASE_URL at a new one, or use --if-empty to skip seeding"
            )
        rulebook = await load_rulebook(session)
        max_id = (await session.exec(sa.select(sa.func.max(CompetencyAssessment.id)))).scalar_one()
        conn = await session.connection()
        await _insert(conn, "unit", org.units)
        await _insert(conn, "position", [p.row() for p in org.posts])
        factory = ProfileFactory(rng, org, reference_date, rulebook["competency_standard"], (max_id or 0) + 1)
        counts: Counter[str] = Counter({"unit": len(org.units), "position": len(org.posts)})
        people: list[Person] = []
        for offset in range(0, len(staffing.plans), CHUNK):
            rows = Rows()
            for plan in staffing.plans[offset : offset + CHUNK]:
                person = factory.add(plan, rows)
                if person.kind in ("candidate", "near_miss", "sekda", "jpt") or person.official:
                    people.append(person)
            for name, table_rows in _in_write_order(rows):
                await _insert(conn, name, table_rows)
                counts[name] += len(table_rows)
            if progress is not None:
                progress(min(offset + CHUNK, len(staffing.plans)), len(staffing.plans))
        if conn.dialect.name == "postgresql":
            # Assessment ids were given explicitly (scores refer to them): move the sequence past them.
            await conn.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence('competency_assessment', 'id'), "
                    "(SELECT COALESCE(MAX(id), 0) + 1 FROM competency_assessment), false)"
                )
            )
        accounts = [await _create_account(session, spec, people) for spec in DEMO_ACCOUNTS]
        counts["app_user"] = len(accounts)

    held = {p.post.code for p in staffing.plans if p.post is not None}
    vacant = Counter(p.level.value for p in org.posts if p.code not in held)
    return DemoSummary(
        seed=seed,
        reference_date=reference_date,
        employees=len(staffing.plans),
        units=len(org.units),
        positions=len(org.posts),
        vacant_by_level=dict(sorted(vacant.items())),
        vacant_jpt_pratama=tuple(p.code for p in staffing.vacant_jpt),
        candidates=tuple(p.nip for p in people if p.kind == "candidate"),
        near_misses={p.flaw: p.nip for p in people if p.kind == "near_miss" and p.flaw in NEAR_MISS_FLAWS},
        rows=dict(sorted(counts.items())),
        accounts=tuple(accounts),
    )


def _in_write_order(rows: Rows) -> list[tuple[str, list[dict]]]:
    """Employees first, assessments before their scores (foreign keys)."""
    return [(f.name, getattr(rows, f.name)) for f in fields(rows)]


async def _insert(conn: AsyncConnection, table_name: str, rows: list[dict]) -> None:
    """Core executemany; on PostgreSQL a COPY on the same connection (and transaction), which is
    several times faster than multi-row INSERTs for a million rows."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        columns = list(rows[0])
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection  # the asyncpg connection, inside SQLAlchemy's open transaction
        assert driver is not None
        await driver.copy_records_to_table(
            table_name, columns=columns, records=[tuple(row[c] for c in columns) for row in rows]
        )
        return
    await conn.execute(sa.insert(SQLModel.metadata.tables[table_name]), rows)


async def _create_account(session: AsyncSession, spec: AccountSpec, people: list[Person]) -> DemoAccount:
    holder = _holder(spec.holder, people)
    user = await create_user(
        session,
        spec.username,
        spec.password,
        list(spec.roles),
        nip=holder.nip if holder else None,
        unit_code=spec.unit_code,
        display_name=holder.name if holder else (spec.display_name or spec.description),
    )
    return DemoAccount(
        username=user.username,
        password=spec.password,
        roles=spec.roles,
        description=spec.description,
        nip=user.nip,
        display_name=user.display_name,
        unit_code=user.unit_code,
    )


def _holder(holder: str | None, people: list[Person]) -> Person | None:
    if holder is None:
        return None
    if holder == "candidate":
        return next(p for p in people if p.kind == "candidate")
    if holder.startswith("staff:"):
        opd = holder.removeprefix("staff:")
        return next(p for p in people if p.official and p.position_code is None and p.opd_code == opd)
    return next(p for p in people if p.position_code == holder)
