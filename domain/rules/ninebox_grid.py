"""The nine-box grid of a unit (and all its sub-units) and its talent pool.

Read from the stored placements (``ninebox_store``): one statement counts the cells (an index read,
no placement computed), pages the cells' members by NIP and counts the employees in scope — equal
counts prove every person was read from a row exact on the day. For today, a miss stores the
missing people's placements and reads again. Otherwise (another day, a write that raced the read, a
refresh that found an input write in progress) the grid is computed over the stored exact rows plus
the live placement (``ninebox_placements``) of everyone else: one GROUP BY with ROW_NUMBER()
paging, never a million Python objects.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import InvalidInput, NotFound
from domain.models import Employee, StoredPlacement, Unit
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.ninebox import (
    NO_ASSESSMENT,
    NO_SKP,
    NO_SKP_NO_ASSESSMENT,
    TALENT_POOL_BOXES,
    box_label,
    box_view,
    not_mapped_text,
)
from domain.rules.ninebox_placements import placements_query as placements_query  # re-exported for the API loader
from domain.rules.ninebox_store import exact_on, read_stored, unit_scope
from domain.rules.sql_parts import dialect_of, unit_subtree

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


def _member(row: sa.RowMapping) -> GridMember:
    return GridMember(row["nip"], row["name"], row["unit_code"], row["skp_year"], row["skp_predicate"], row["jpm"])


# Every cell a stored row can be in: the nine boxes, then the unmapped by reason (message key).
_CELLS: list[tuple[int | None, str | None]] = [(box, None) for box in range(1, 10)] + [
    (None, key) for key in (NO_SKP, NO_ASSESSMENT, NO_SKP_NO_ASSESSMENT)
]
_MEMBER_COLUMNS = ("nip", "name", "unit_code", "skp_year", "skp_predicate", "jpm")


def _typed_null(kind: sa.types.TypeEngine) -> sa.ColumnElement:
    return sa.cast(sa.null(), kind)


def _row(
    kind: str, box: sa.ColumnElement, reason: sa.ColumnElement, n: sa.ColumnElement, member: sa.FromClause | None = None
) -> list:
    """One branch of a UNION ALL: (kind, box, reason, n, nip, name, unit_code, skp_year, skp_predicate, jpm)."""
    if member is None:
        types = (sa.String(), sa.String(), sa.String(), sa.Integer(), sa.String(), sa.Float())
        rest = [_typed_null(t).label(c) for t, c in zip(types, _MEMBER_COLUMNS, strict=True)]
    else:
        rest = [member.c[c].label(c) for c in _MEMBER_COLUMNS]
    return [sa.literal(kind).label("kind"), box.label("box"), reason.label("reason"), n.label("n"), *rest]


def _members_of(
    scope: list[sa.ColumnElement[bool]], where: sa.ColumnElement[bool], order: list, limit: int, offset: int, name: str
) -> sa.Select:
    """A page of stored rows with the employee's name and current unit (a NIP look-up per member)."""
    p = StoredPlacement
    page = (
        sa.select(p.nip, p.box, p.reason, p.skp_year, p.skp_predicate, p.jpm)
        .where(*scope, where)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
        .subquery(name)
    )
    return sa.select(
        page.c.nip, Employee.name, Employee.unit_code, page.c.skp_year, page.c.skp_predicate, page.c.jpm, page.c.box,
        page.c.reason,
    ).join(Employee, Employee.nip == page.c.nip)  # fmt: skip


async def _stored_grid(
    session: AsyncSession,
    unit_code: str | None,
    day: date,
    book: Rulebook,
    limit: int,
    offset: int,
    boxes: Collection[int] | None,
) -> NineBoxGrid | None:
    """The grid from stored rows alone, in one statement; None unless every employee in scope has a
    row exact on ``day`` (then the caller computes the rest)."""
    p = StoredPlacement
    tree = None if unit_code is None else unit_subtree(unit_code)
    scope = [unit_scope(p.unit_code, tree), exact_on(day, book)]
    branches = [
        sa.select(*_row("cell", p.box, p.reason, sa.func.count())).where(*scope).group_by(p.box, p.reason),
        sa.select(*_row("employees", _typed_null(sa.Integer()), _typed_null(sa.String()), sa.func.count()))
        .select_from(Employee)
        .where(unit_scope(Employee.unit_code, tree)),
    ]
    for i, (box, reason) in enumerate(_CELLS):
        if limit == 0 or (boxes is not None and box not in boxes):
            continue
        # reason IS NULL too: with it the index gives a box's members in NIP order, no sort
        cell = (
            sa.and_(p.box == box, p.reason.is_(None))
            if box is not None
            else sa.and_(p.box.is_(None), p.reason == reason)
        )
        page = _members_of(scope, cell, [p.nip], limit, offset, f"cell_{i}").subquery(f"members_{i}")
        branches.append(sa.select(*_row("member", page.c.box, page.c.reason, _typed_null(sa.Integer()), page)))
    counts: dict[tuple[int | None, str | None], int] = {}
    members: dict[tuple[int | None, str | None], list[GridMember]] = {}
    employees = 0
    for row in (await session.exec(sa.union_all(*branches))).mappings():  # type: ignore[call-overload]
        if row["kind"] == "employees":
            employees = row["n"]
        elif row["kind"] == "cell":
            counts[(row["box"], row["reason"])] = row["n"]
        else:
            members.setdefault((row["box"], row["reason"]), []).append(_member(row))
    if sum(counts.values()) != employees:
        return None
    for page in members.values():
        page.sort(key=lambda m: m.nip)
    cells = [_cell(box, counts.get((box, None), 0), members.get((box, None), [])) for box in range(1, 10)]
    unmapped = sorted(
        (
            UnmappedGroup(reason=not_mapped_text(key, day), count=n, members=members.get((None, key), []))
            for (box, key), n in counts.items()
            if box is None and key is not None
        ),
        key=lambda u: u.reason,
    )
    return NineBoxGrid(unit_code=unit_code, as_of=day, cells=cells, unmapped=unmapped)


def _cell(box: int, count: int, members: list[GridMember]) -> NineBoxCell:
    view = box_view(box)
    return NineBoxCell(
        box=box,
        label=view.label or "",
        label_en=view.label_en or "",
        performance=view.performance or "",
        potential=view.potential or "",
        recommendation=view.recommendation or "",
        count=count,
        members=members,
    )


def _reason_text(key: sa.ColumnElement, day: date) -> sa.ColumnElement[str]:
    """A stored reason's message key worded for ``day`` (``ninebox.not_mapped_text`` in SQL)."""
    keys = (NO_SKP, NO_ASSESSMENT, NO_SKP_NO_ASSESSMENT)
    return sa.case(*((key == k, sa.literal(not_mapped_text(k, day))) for k in keys), else_=sa.null())


async def _placed(session: AsyncSession, unit_code: str | None, day: date, book: Rulebook) -> sa.Subquery:
    """Everyone of the unit tree placed on ``day`` (columns nip, name, unit_code, skp_year,
    skp_predicate, jpm, box, reason): the stored rows exact on ``day``, and the live placement of
    everyone else — all live when no stored row is exact on ``day`` (an old date)."""
    dialect = await dialect_of(session)
    columns = ("nip", "name", "unit_code", "skp_year", "skp_predicate", "jpm", "box", "reason")
    tree = None if unit_code is None else unit_subtree(unit_code)
    p = StoredPlacement
    stored = (
        sa.select(
            p.nip, Employee.name, Employee.unit_code, p.skp_year, p.skp_predicate, p.jpm, p.box,
            _reason_text(p.reason, day).label("reason"),
        )
        .join(Employee, Employee.nip == p.nip)
        .where(unit_scope(p.unit_code, tree), exact_on(day, book))
    )  # fmt: skip
    if not (await session.exec(sa.select(stored.exists()))).scalar_one():  # type: ignore[call-overload]
        live = placements_query(unit_code, day, book, dialect=dialect).subquery("live")
        return sa.select(*(live.c[c] for c in columns)).subquery("placed")
    rest = sa.select(Employee.nip).where(
        unit_scope(Employee.unit_code, tree), ~sa.exists().where(p.nip == Employee.nip, exact_on(day, book))
    )
    live = placements_query(None, day, book, nips=rest, dialect=dialect).subquery("live")
    return sa.union_all(stored, sa.select(*(live.c[c] for c in columns))).subquery("placed")


async def nine_box_grid(
    session: AsyncSession,
    unit_code: str | None = None,
    as_of: date | None = None,
    members_limit: int = 20,
    members_offset: int = 0,
    rulebook: Rulebook | None = None,
    boxes: Collection[int] | None = None,
) -> NineBoxGrid:
    """The nine cells (box, label, count, a page of members by NIP) plus the unmapped with reasons,
    for ``unit_code`` and its sub-units (the whole province when None). ``boxes``: page the members
    of these boxes only (every cell, the unmapped too, when None); every count is always there."""
    if not 0 <= members_limit <= MAX_MEMBERS or members_offset < 0:
        raise InvalidInput(
            f"members_limit must be 0-{MAX_MEMBERS} and members_offset ≥ 0",
            key="input.members_range",
            params={"max": MAX_MEMBERS},
        )
    await _check_unit(session, unit_code)
    day = as_of or today()
    book = rulebook or await load_rulebook(session)
    grid = await read_stored(
        session,
        unit_code,
        day,
        book,
        lambda s: _stored_grid(s, unit_code, day, book, members_limit, members_offset, boxes),
    )
    if grid is not None:
        return grid
    placed = await _placed(session, unit_code, day, book)

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
    for row in (await session.exec(page)).mappings():  # type: ignore[call-overload]
        key = (row["box"], row["reason"])
        by_cell[key] = row["n"]
        wanted = boxes is None or row["box"] in boxes
        if wanted and members_offset < row["rn"] <= members_offset + members_limit:
            members.setdefault(key, []).append(_member(row))

    cells = [_cell(box, by_cell.get((box, None), 0), members.get((box, None), [])) for box in range(1, 10)]
    unmapped = [
        UnmappedGroup(reason=reason, count=n, members=members.get((None, reason), []))
        for (box, reason), n in sorted(by_cell.items(), key=lambda kv: kv[0][1] or "")
        if box is None and reason is not None
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


def _pool_member(r: sa.RowMapping) -> PoolMember:
    return PoolMember(
        r["nip"], r["name"], r["unit_code"], r["box"], box_label(r["box"]), r["skp_year"], r["skp_predicate"], r["jpm"]
    )


async def _stored_pool(
    session: AsyncSession, unit_code: str | None, day: date, book: Rulebook, limit: int, offset: int
) -> TalentPoolPage | None:
    """The pool page from stored rows alone, in one statement; None unless every employee in scope
    has a row exact on ``day``."""
    p = StoredPlacement
    tree = None if unit_code is None else unit_subtree(unit_code)
    scope = [unit_scope(p.unit_code, tree), exact_on(day, book)]
    in_pool = p.box.in_(TALENT_POOL_BOXES)
    no_box, no_reason = _typed_null(sa.Integer()), _typed_null(sa.String())
    order = [p.box.desc(), p.jpm.desc(), p.nip]
    page = _members_of(scope, in_pool, order, limit, offset, "pool_page").subquery("pool")
    branches = [
        sa.select(*_row("exact", no_box, no_reason, sa.func.count())).where(*scope),
        sa.select(*_row("pool", no_box, no_reason, sa.func.count())).where(*scope, in_pool),
        sa.select(*_row("employees", no_box, no_reason, sa.func.count()))
        .select_from(Employee)
        .where(unit_scope(Employee.unit_code, tree)),
        sa.select(*_row("member", page.c.box, page.c.reason, _typed_null(sa.Integer()), page)),
    ]
    n: dict[str, int] = {}
    rows = []
    for row in (await session.exec(sa.union_all(*branches))).mappings():  # type: ignore[call-overload]
        if row["kind"] == "member":
            rows.append(row)
        else:
            n[row["kind"]] = row["n"]
    if n["exact"] != n["employees"]:
        return None
    rows.sort(key=lambda r: (-r["box"], -r["jpm"], r["nip"]))
    return TalentPoolPage(total=n["pool"], items=[_pool_member(r) for r in rows])


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
    stored = await read_stored(
        session, unit_code, day, book, lambda s: _stored_pool(s, unit_code, day, book, limit, offset)
    )
    if stored is not None:
        return stored
    placed = await _placed(session, unit_code, day, book)
    pool = sa.select(placed, sa.func.count().over().label("total")).where(placed.c.box.in_(TALENT_POOL_BOXES))
    page = pool.order_by(placed.c.box.desc(), placed.c.jpm.desc(), placed.c.nip).limit(limit).offset(offset)
    rows = (await session.exec(page)).mappings().all()  # type: ignore[call-overload]
    if rows:
        total = int(rows[0]["total"])
    else:
        count = sa.select(sa.func.count()).select_from(placed).where(placed.c.box.in_(TALENT_POOL_BOXES))
        total = int((await session.exec(count)).scalar_one())  # type: ignore[call-overload]
    return TalentPoolPage(total=total, items=[_pool_member(r) for r in rows])
