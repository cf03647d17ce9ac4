"""Root queries over people, posts and the talent rules. Each checks who asks before it reads."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.auth import user_from_viewer
from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.list_args import checked_text, resolve_sort, search_term, unit_codes, units_named
from api.schema.permissions import refuse, require_viewer
from api.schema.types.accounts import User
from api.schema.types.people import Employee, Position, Unit
from api.schema.types.talent import EligibilityResult
from domain import access, models
from domain.clock import today
from domain.db import read_session
from domain.errors import InvalidInput, NotFound
from domain.nip import normalize_nip
from domain.reference import Level
from domain.rules.qualifies_on import check_with_qualifying_date


def _employee_scope(info: Info, query: sa.Select) -> sa.Select:  # type: ignore[type-arg]
    return query.where(access.employee_filter(require_viewer(info)))


def _position_scope(info: Info, query: sa.Select) -> sa.Select:  # type: ignore[type-arg]
    viewer = require_viewer(info)
    if not viewer.is_staff:
        raise refuse(
            info,
            "positions need a staff role",
            "Only staff roles may list posts; ask an operator.",
            key="not_allowed.staff_only",
        )
    return query.where(access.position_filter(viewer))


async def position_row(info: Info, code: str) -> models.Position:
    row = await info.context.loaders.position.load(code)
    if row is None:
        raise NotFound(
            f'no post has code "{code}"; look it up with positions(…)', key="not_found.post", params={"post": code}
        )
    return row


def check_position_access(info: Info, row: models.Position) -> None:
    viewer = require_viewer(info)
    if not access.can_see_position(viewer, row.unit_code):
        raise refuse(
            info,
            f"position {row.code} outside scope",
            f"Post {row.code} is outside the units you cover.",
            key="not_allowed.post_outside_scope",
            params={"post": row.code},
        )


def parse_nip(nip: str) -> str:
    try:
        return normalize_nip(nip)
    except ValueError as exc:
        raise InvalidInput(str(exc), key="input.nip_invalid", params={"nip": nip}) from None


# The dates the talent rules are asked about: wide enough for any appointment or record, narrow
# enough that their date arithmetic (ages, look-back periods, tenure) stays within a calendar.
EARLIEST_AS_OF, LATEST_AS_OF = date(1900, 1, 1), date(2199, 12, 31)


def as_of_date(as_of: date | None) -> date:
    """``asOf`` of a talent query, today when not given; ``InvalidInput`` outside the range."""
    if as_of is None:
        return today()
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise InvalidInput(
            f"asOf {as_of.isoformat()} is out of range; give a date from {EARLIEST_AS_OF} to {LATEST_AS_OF}, "
            "or leave it out for today",
            key="input.as_of_range",
            params={"as_of": as_of, "earliest": EARLIEST_AS_OF, "latest": LATEST_AS_OF},
        )
    return as_of


async def visible_employee(info: Info, nip: str) -> models.Employee | None:
    """The employee ``nip`` when the viewer may read them (``domain.access.can_see_employee``, the
    rule of ``employee(nip)``); None when nobody has that NIP; refused otherwise."""
    viewer = require_viewer(info)
    row = await info.context.loaders.employee.load(parse_nip(nip))
    if row is not None and not access.can_see_employee(viewer, row.nip, row.unit_code):
        raise refuse(
            info, f"employee {row.nip} outside scope", "You may not see this employee.", key="not_allowed.employee"
        )
    return row


# The sort keys of the lists: columns of the ORDER BY (the last one unique) and the row attributes
# the keyset cursor holds.
EMPLOYEE_SORTS = {
    "name": ([col(models.Employee.name), col(models.Employee.nip)], ("name", "nip")),
    "nip": ([col(models.Employee.nip)], ("nip",)),
    "golongan": (
        [col(models.Employee.golongan), col(models.Employee.name), col(models.Employee.nip)],
        ("golongan", "name", "nip"),
    ),
}
LEVELS = [level.value for level in Level]
POSITION_SORTS = {
    "code": ([col(models.Position.code)], ("code",)),
    "title": ([col(models.Position.title), col(models.Position.code)], ("title", "code")),
    "level": ([col(models.Position.level), col(models.Position.code)], ("level", "code")),
}


@strawberry.type
class PeopleQueries:
    @strawberry.field(description="The signed-in user; null when not signed in.")
    def me(self, info: Info) -> User | None:
        viewer = info.context.viewer
        return user_from_viewer(viewer) if viewer is not None else None

    @strawberry.field(
        description="Organisation units by code, for pickers: reference data of a few hundred rows, so a plain "
        "list rather than a connection; `parentCode` narrows to one unit's direct sub-units."
    )
    async def units(self, info: Info, parent_code: str | None = None) -> list[Unit]:
        require_viewer(info)
        query = select(models.Unit).order_by(col(models.Unit.code))
        if parent_code:
            query = query.where(col(models.Unit.parent_code) == parent_code)
        async with read_session(info.context.sessions) as session:
            rows = (await session.exec(query)).all()
        return [Unit.from_row(r) for r in rows]

    @strawberry.field(
        description="Employees you may see matching a name or NIP fragment; `unitCode` with `subunits` takes the "
        "unit and every unit below it; `sort` is name (default), nip or golongan, `-` first for descending."
    )
    async def employees(
        self,
        info: Info,
        search: str | None = None,
        unit_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
        subunits: bool = False,
        sort: str | None = None,
    ) -> Connection[Employee]:
        query = _employee_scope(info, select(models.Employee))
        if term := search_term(search):
            digits = term.replace(" ", "")
            conditions = [func.lower(models.Employee.name).contains(term, autoescape=True)]
            if digits.isdigit():
                conditions.append(col(models.Employee.nip).contains(digits, autoescape=True))
            query = query.where(sa.or_(*conditions))
        if unit := checked_text(unit_code, "unitCode"):
            query = query.where(col(models.Employee.unit_code).in_(unit_codes(unit, subunits)))
        order = resolve_sort(sort, EMPLOYEE_SORTS, "name")
        rows, size, total = await fetch_page(
            info.context.sessions, query, order.columns, first, after, order.descending
        )
        return build_connection(rows, size, total, order.key, Employee.from_row, after)

    @strawberry.field(description="One employee by NIP (with or without spaces).")
    async def employee(self, info: Info, nip: str) -> Employee | None:
        row = await visible_employee(info, nip)
        return Employee.from_row(row) if row is not None else None

    @strawberry.field(
        description="Posts you may see, ordered by code; `vacant` filters on whether anybody holds the post; "
        "`search` matches the post's title or code and the name of its unit or of any unit above it; `unitCode` "
        "with `subunits` takes the unit and every unit below it; `sort` is code (default), title or level."
    )
    async def positions(
        self,
        info: Info,
        vacant: bool | None = None,
        level: str | None = None,
        unit_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        subunits: bool = False,
        sort: str | None = None,
    ) -> Connection[Position]:
        query = _position_scope(info, select(models.Position))
        if vacant is not None:
            held = sa.exists().where(col(models.Employee.position_code) == col(models.Position.code))
            query = query.where(~held if vacant else held)
        if level := checked_text(level, "level", 20):
            if level.lower() not in LEVELS:
                raise InvalidInput(
                    f'level "{level}" is not a level; use one of {", ".join(LEVELS)}',
                    key="input.level_unknown",
                    params={"level": level, "levels": ", ".join(LEVELS)},
                )
            query = query.where(col(models.Position.level) == level.lower())
        if unit := checked_text(unit_code, "unitCode"):
            query = query.where(col(models.Position.unit_code).in_(unit_codes(unit, subunits)))
        if term := search_term(search):
            query = query.where(
                sa.or_(
                    func.lower(models.Position.title).contains(term, autoescape=True),
                    func.lower(models.Position.code).contains(term, autoescape=True),
                    col(models.Position.unit_code).in_(units_named(term)),
                )
            )
        order = resolve_sort(sort, POSITION_SORTS, "code")
        rows, size, total = await fetch_page(
            info.context.sessions, query, order.columns, first, after, order.descending
        )
        return build_connection(rows, size, total, order.key, Position.from_row, after)

    @strawberry.field(description="One post by code.")
    async def position(self, info: Info, code: str) -> Position | None:
        require_viewer(info)
        row = await info.context.loaders.position.load(code)
        if row is None:
            return None
        check_position_access(info, row)
        return Position.from_row(row)

    @strawberry.field(description="Every eligibility rule for this person and post on `asOf` (default today).")
    async def eligibility(
        self, info: Info, nip: str, position_code: str, as_of: date | None = None
    ) -> EligibilityResult:
        check_position_access(info, await position_row(info, position_code))
        row = await visible_employee(info, nip)
        if row is None:
            raise NotFound(
                f"no employee has NIP {parse_nip(nip)}; look the person up with employees(search: …)",
                key="not_found.employee",
                params={"nip": parse_nip(nip)},
            )
        day = as_of_date(as_of)
        async with read_session(info.context.sessions) as session:
            verdict, on = await check_with_qualifying_date(session, row.nip, position_code, day)
        return EligibilityResult.from_verdict(Employee.from_row(row), verdict, qualifies_on=on)
