"""The nine-box grid of a unit (and all its sub-units) and its talent pool, computed in SQL.

Counting is a GROUP BY over one query that places every employee; members come back paged per
cell through ROW_NUMBER() — so a province of a million people costs one aggregate, not a million
Python objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import InvalidInput, NotFound
from domain.models import CompetencyAssessment, Employee, Skp, Unit
from domain.reference import SkpPredicate
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.ninebox import TALENT_POOL_BOXES, box_label, box_view
from domain.rules.sql_parts import (
    bound_date,
    box_sql,
    dialect_of,
    latest_assessment_column,
    latest_skp_column,
    materialized,
    unit_subtree,
)

MAX_MEMBERS = 500


@dataclass(frozen=True)
class GridMember:
    nip: str
    name: str
    unit_code: str
    skp_year: int | None
    skp_predicate: str | None
    jpm: float | None


@dataclass(frozen=True)
class NineBoxCell:
    box: int
    label: str
    label_en: str
    performance: str
    potential: str
    recommendation: str
    count: int
    members: list[GridMember] = field(default_factory=list)


@dataclass(frozen=True)
class UnmappedGroup:
    reason: str
    count: int
    members: list[GridMember] = field(default_factory=list)


@dataclass(frozen=True)
class NineBoxGrid:
    unit_code: str | None
    as_of: date
    cells: list[NineBoxCell]  # boxes 1..9, in order
    unmapped: list[UnmappedGroup]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells) + sum(u.count for u in self.unmapped)


async def _check_unit(session: AsyncSession, unit_code: str | None) -> None:
    if unit_code is not None and await session.get(Unit, unit_code) is None:
        raise NotFound(
            f'no unit with code "{unit_code}"; check the code in the list of units',
            key="not_found.unit",
            params={"unit": unit_code},
        )


def _facts_by_probes(conditions: list[tuple[str, object]], as_of: date) -> sa.Select:
    """SQLite: one index probe per person and fact (correlated subqueries)."""
    nip = Employee.nip
    return sa.select(
        nip.label("nip"),
        latest_skp_column(nip, as_of.year, "year").label("skp_year"),
        latest_skp_column(nip, as_of.year, "predicate").label("skp_predicate"),
        latest_assessment_column(nip, as_of, "jpm").label("jpm"),
    ).where(*(_on(Employee, c) for c in conditions))


def _facts_by_joins(conditions: list[tuple[str, object]], as_of: date) -> sa.Select:
    """PostgreSQL: each person's latest SKP and assessment by hash aggregates (the assessment joined
    back through the unique (nip, assessed_on) key). PostgreSQL runs a correlated
    subquery per row several times slower than SQLite, and DISTINCT ON sorted 250 000 rows on disk."""
    person = aliased(Employee)
    people = sa.select(person.nip).where(*(_on(person, c) for c in conditions)) if conditions else None

    def latest(model: type, key: str, bound: sa.ColumnElement[bool], value: str, name: str) -> sa.Subquery:
        grouped, row = aliased(model), aliased(model)
        last = sa.select(grouped.nip, sa.func.max(getattr(grouped, key)).label(key)).where(bound(grouped))
        if people is not None:
            last = last.where(grouped.nip.in_(people))
        last = last.group_by(grouped.nip).subquery(f"{name}_key")
        return (
            sa.select(row.nip, getattr(row, key), getattr(row, value))
            .join(last, sa.and_(row.nip == last.c.nip, getattr(row, key) == last.c[key]))
            .subquery(name)
        )

    # The latest SKP in one aggregate, no join back: max(year × 10 + predicate code) keeps the
    # latest year (codes are 0-5) and carries its predicate along.
    s = aliased(Skp)
    code = sa.case(*((s.predicate == p.value, p.score) for p in SkpPredicate), else_=0)
    skp_key = sa.select(s.nip, sa.func.max(s.year * 10 + code).label("key")).where(s.year < as_of.year)
    if people is not None:
        skp_key = skp_key.where(s.nip.in_(people))
    skp = skp_key.group_by(s.nip).subquery("latest_skp")
    predicate = sa.case(*((skp.c.key % 10 == p.score, p.value) for p in SkpPredicate), else_=sa.literal("unknown"))
    jpm = latest(CompetencyAssessment, "assessed_on", lambda t: t.assessed_on <= bound_date(as_of), "jpm", "latest_jpm")
    return (
        sa.select(
            Employee.nip.label("nip"),
            (skp.c.key // 10).label("skp_year"),
            sa.case((skp.c.key.is_(None), sa.null()), else_=predicate).label("skp_predicate"),
            jpm.c.jpm.label("jpm"),
        )
        .outerjoin(skp, skp.c.nip == Employee.nip)
        .outerjoin(jpm, jpm.c.nip == Employee.nip)
        .where(*(_on(Employee, c) for c in conditions))
    )


def _on(alias: type[Employee], condition: tuple[str, object]) -> sa.ColumnElement[bool]:
    column, values = condition
    return getattr(alias, column).in_(values)


def placements_query(
    unit_code: str | None,
    as_of: date,
    rulebook: Rulebook,
    nips: Sequence[str] | None = None,
    dialect: str = "sqlite",
) -> sa.Select:
    """Every employee of the unit tree (or only ``nips``) with their latest SKP, latest JPM, box
    (NULL if not mapped) and the reason when not mapped. Columns: nip, name, unit_code, skp_year,
    skp_predicate, jpm, box, reason. The latest facts are computed once per person in a
    materialized CTE: pass ``nips`` rather than filtering afterwards, or the whole tree is computed;
    pass the session's ``dialect`` so PostgreSQL gets its faster plan (both give the same rows)."""
    conditions: list[tuple[str, object]] = []
    if unit_code is not None:
        conditions.append(("unit_code", sa.select(unit_subtree(unit_code).c.code)))
    if nips is not None:
        conditions.append(("nip", list(nips)))
    build = _facts_by_joins if dialect == "postgresql" else _facts_by_probes
    facts = materialized(build(conditions, as_of), "nine_box_facts")
    predicate, jpm = facts.c.skp_predicate, facts.c.jpm
    reason = sa.case(
        (
            sa.and_(predicate.is_(None), jpm.is_(None)),
            f"no SKP for a year before {as_of.year}; no competency assessment on or before {as_of}",
        ),
        (predicate.is_(None), f"no SKP for a year before {as_of.year}"),
        (jpm.is_(None), f"no competency assessment on or before {as_of}"),
        else_=sa.null(),
    )
    return sa.select(
        Employee.nip,
        Employee.name,
        Employee.unit_code,
        facts.c.skp_year,
        predicate.label("skp_predicate"),
        jpm.label("jpm"),
        box_sql(predicate, jpm, rulebook, as_of).label("box"),
        reason.label("reason"),
    ).join(facts, facts.c.nip == Employee.nip)


def _member(row: sa.RowMapping) -> GridMember:
    return GridMember(row["nip"], row["name"], row["unit_code"], row["skp_year"], row["skp_predicate"], row["jpm"])


async def nine_box_grid(
    session: AsyncSession,
    unit_code: str | None = None,
    as_of: date | None = None,
    members_limit: int = 20,
    members_offset: int = 0,
    rulebook: Rulebook | None = None,
) -> NineBoxGrid:
    """The nine cells (box, label, count, a page of members by NIP) plus the unmapped with reasons,
    for ``unit_code`` and its sub-units (the whole province when None)."""
    if not 0 <= members_limit <= MAX_MEMBERS or members_offset < 0:
        raise InvalidInput(
            f"members_limit must be 0-{MAX_MEMBERS} and members_offset ≥ 0",
            key="input.members_range",
            params={"max": MAX_MEMBERS},
        )
    await _check_unit(session, unit_code)
    day = as_of or today()
    book = rulebook or await load_rulebook(session)
    placed = placements_query(unit_code, day, book, dialect=await dialect_of(session)).subquery("placed")

    # One pass: every cell's count rides on its first row, members come as the requested page.
    cell = (placed.c.box, placed.c.reason)
    numbered = sa.select(
        placed,
        sa.func.row_number().over(partition_by=cell, order_by=placed.c.nip).label("rn"),
        sa.func.count().over(partition_by=cell).label("n"),
    ).subquery("numbered")
    page = (
        sa.select(numbered)
        .where(
            sa.or_(
                numbered.c.rn == 1,
                sa.and_(numbered.c.rn > members_offset, numbered.c.rn <= members_offset + members_limit),
            )
        )
        .order_by(numbered.c.box, numbered.c.reason, numbered.c.nip)
    )
    by_cell: dict[tuple[int | None, str | None], int] = {}
    members: dict[tuple[int | None, str | None], list[GridMember]] = {}
    for row in (await session.exec(page)).mappings():
        key = (row["box"], row["reason"])
        by_cell[key] = row["n"]
        if members_offset < row["rn"] <= members_offset + members_limit:
            members.setdefault(key, []).append(_member(row))

    cells = []
    for box in range(1, 10):
        view = box_view(box)
        cells.append(
            NineBoxCell(
                box=box,
                label=view.label or "",
                label_en=view.label_en or "",
                performance=view.performance or "",
                potential=view.potential or "",
                recommendation=view.recommendation or "",
                count=by_cell.get((box, None), 0),
                members=members.get((box, None), []),
            )
        )
    unmapped = [
        UnmappedGroup(reason=reason, count=n, members=members.get((None, reason), []))
        for (box, reason), n in sorted(by_cell.items(), key=lambda kv: kv[0][1] or "")
        if box is None
    ]
    return NineBoxGrid(unit_code=unit_code, as_of=day, cells=cells, unmapped=unmapped)


@dataclass(frozen=True)
class PoolMember:
    nip: str
    name: str
    unit_code: str
    box: int
    label: str
    skp_year: int
    skp_predicate: str
    jpm: float


@dataclass(frozen=True)
class TalentPoolPage:
    total: int
    items: list[PoolMember]


async def talent_pool(
    session: AsyncSession,
    unit_code: str | None = None,
    as_of: date | None = None,
    limit: int = 50,
    offset: int = 0,
    rulebook: Rulebook | None = None,
) -> TalentPoolPage:
    """The talent pool (boxes 7, 8, 9) of a unit and its sub-units: best box first, then the higher
    JPM, then NIP (a stable order)."""
    if not 1 <= limit <= MAX_MEMBERS or offset < 0:
        raise InvalidInput(
            f"limit must be 1-{MAX_MEMBERS} and offset ≥ 0", key="input.limit_offset_range", params={"max": MAX_MEMBERS}
        )
    await _check_unit(session, unit_code)
    day = as_of or today()
    book = rulebook or await load_rulebook(session)
    placed = placements_query(unit_code, day, book, dialect=await dialect_of(session)).subquery("placed")
    pool = sa.select(placed, sa.func.count().over().label("total")).where(placed.c.box.in_(TALENT_POOL_BOXES))
    page = pool.order_by(placed.c.box.desc(), placed.c.jpm.desc(), placed.c.nip).limit(limit).offset(offset)
    rows = (await session.exec(page)).mappings().all()
    if rows:
        total = int(rows[0]["total"])
    else:
        count = sa.select(sa.func.count()).select_from(placed).where(placed.c.box.in_(TALENT_POOL_BOXES))
        total = int((await session.exec(count)).scalar_one())
    items = [
        PoolMember(
            r["nip"],
            r["name"],
            r["unit_code"],
            r["box"],
            box_label(r["box"]),
            r["skp_year"],
            r["skp_predicate"],
            r["jpm"],
        )
        for r in rows
    ]
    return TalentPoolPage(total=total, items=items)
