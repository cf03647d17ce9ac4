"""Root queries over the talent rules: ranked candidates for a post, those close to eligible, a
profile's eligibility outlook, and a unit's nine-box with each cell's members page by page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, decode_cursor, page_size
from api.schema.errors import reason_params
from api.schema.permissions import refuse, require_viewer
from api.schema.queries import as_of_date, check_position_access, position_row, visible_employee
from api.schema.types.people import Employee, reached
from api.schema.types.states import NominationKind
from api.schema.types.talent import (
    SENSITIVE_RULES,
    Candidate,
    LevelOutlook,
    NearCandidate,
    NineBox,
    NineBoxCell,
    UnmappedGroup,
)
from domain import access
from domain.db import read_session
from domain.errors import InvalidInput, NotFound
from domain.rulebook import load_rulebook
from domain.rules.facts import load_people, load_post
from domain.rules.kinds import NominationKind as Kind
from domain.rules.ninebox import not_mapped_key
from domain.rules.ninebox_grid import nine_box_grid
from domain.rules.qualifies_on import assumed_skp_years, near_candidates, person_outlook
from domain.rules.ranking import rank_candidates
from workflow.eligibility import kind_rules


async def _employees(info: Info, nips: list[str]) -> dict[str, Employee]:
    """The employees of ``nips`` the viewer reaches (``people.reached``: the one rule for every
    path to an Employee), by NIP."""
    rows = await info.context.loaders.employee.load_many(nips)
    reachable = (reached(info, r) for r in rows)
    return {e.nip: e for e in reachable if e is not None}


KIND_ARGUMENT = (
    "The nomination kind: only those a nomination of this kind may select are listed, with the kind's "
    "checks (its workflow definition's rules — PROMOTION: a lower level held now; ROTATION: the same "
    "level). Null: the talent rules alone, everyone eligible for some kind of nomination."
)


def _offset(after: str | None, what: str) -> int:
    """The position after which a page starts, from an edge's cursor (a 1-based place in the list)."""
    offset = decode_cursor(after, [32])[0] if after else 0
    if offset < 0:
        raise InvalidInput(
            f"that cursor points before the first {what}; pass an edge's cursor", key="input.cursor_before_first"
        )
    return offset


def _worded_unmapped(reason: str) -> dict[str, Any]:
    key, params = not_mapped_key(reason)
    return {"key": key, "params": reason_params(params)}


def _require_nine_box_scope(info: Info, unit_code: str | None) -> None:
    """The nine-box of a unit (the province when None) and its members: staff covering that unit only."""
    if not require_viewer(info).covers_unit(unit_code):  # the province: province readers
        raise refuse(
            info,
            f"nine-box of {unit_code or 'the province'}",
            "The nine-box of that unit is outside your scope.",
            key="not_allowed.unit_outside_scope",
            params={"unit": unit_code or "-"},
        )


@strawberry.type
class TalentQueries:
    @strawberry.field(description="Eligible employees ranked for a post (ties broken by NIP), with score parts.")
    async def candidates(
        self,
        info: Info,
        position_code: str,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
        kind: Annotated[NominationKind | None, strawberry.argument(description=KIND_ARGUMENT)] = None,
    ) -> Connection[Candidate]:
        post = await position_row(info, position_code)
        check_position_access(info, post)
        day = as_of_date(as_of)
        size = page_size(first)
        offset = _offset(after, "candidate")
        async with read_session(info.context.sessions) as session:
            rules = await kind_rules(session, Kind(kind.value), post.level) if kind else None
            page = await rank_candidates(session, position_code, day, limit=size + 1, offset=offset, kind_rules=rules)
        employees = await _employees(info, [c.nip for c in page.items])
        items = [(offset + i + 1, c) for i, c in enumerate(page.items) if c.nip in employees]

        def node(item: tuple[int, Any]) -> Candidate:
            return Candidate.of(employees[item[1].nip], item[1])

        return build_connection(items, size, page.total, lambda item: (item[0],), node, after)

    @strawberry.field(
        description="The people close to eligible for a post (domain.rules.qualifies_on: not eligible, failing one "
        "bar rule or eligible by time alone within three years, having served at a level the post's experience "
        "counts), soonest qualifying first; only people whose profile you may read, and only those whose failed "
        "rules you may see (a failed competency, discipline or health rule needs the sensitive-facts role)."
    )
    async def near_candidates(
        self,
        info: Info,
        position_code: str,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[NearCandidate]:
        check_position_access(info, await position_row(info, position_code))
        viewer = require_viewer(info)
        day = as_of_date(as_of)
        size = page_size(first)
        offset = _offset(after, "person")
        async with read_session(info.context.sessions) as session:
            book = await load_rulebook(session)
            post = await load_post(session, position_code)
            near = await near_candidates(session, position_code, day, book, visible=access.employee_filter(viewer))
            # A failed sensitive rule is itself the sensitive fact: whoever may not read it does not get the row.
            near = [
                n
                for n in near
                if viewer.sees_sensitive_of(n.nip) or not any(c.rule in SENSITIVE_RULES for c in n.failing)
            ]
            page = near[offset : offset + size + 1]
            people = await load_people(session, [n.nip for n in page if n.qualifies_on])
        employees = await _employees(info, [n.nip for n in page])
        items = [(offset + i + 1, n) for i, n in enumerate(page) if n.nip in employees]

        def node(item: tuple[int, Any]) -> NearCandidate:
            n = item[1]
            assumed = assumed_skp_years(people[n.nip], post, day, n.qualifies_on, book) if n.qualifies_on else []
            return NearCandidate.of(employees[n.nip], n, assumed)

        return build_connection(items, size, len(near), lambda item: (item[0],), node, after)

    @strawberry.field(
        description="A profile's eligibility summary: for each level from the one the person holds up, the verdict "
        "against a post of that level and, when not eligible, the day time alone makes them. Whoever may read "
        "the employee may ask; outcomes resting on hidden facts come back null."
    )
    async def eligibility_outlook(self, info: Info, nip: str, as_of: date | None = None) -> list[LevelOutlook]:
        row = await visible_employee(info, nip)
        if row is None:
            raise NotFound(
                f"no employee has NIP {nip}; look the person up with employees(search: …)",
                key="not_found.employee",
                params={"nip": nip},
            )
        day = as_of_date(as_of)
        async with read_session(info.context.sessions) as session:
            outlook = await person_outlook(session, row.nip, day)
        person = Employee.from_row(row)
        return [LevelOutlook.of(person, o) for o in outlook]

    @strawberry.field(
        description="All members of one nine-box cell of a unit and its sub-units (the province when unitCode is "
        "null), by NIP, page by page."
    )
    async def nine_box_members(
        self,
        info: Info,
        box: int,
        unit_code: str | None = None,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Employee]:
        _require_nine_box_scope(info, unit_code)
        if not 1 <= box <= 9:
            raise InvalidInput(
                f"box={box}: a nine-box cell is numbered 1 to 9", key="input.box_range", params={"box": box}
            )
        day = as_of_date(as_of)
        size = page_size(first)
        offset = _offset(after, "member")
        async with read_session(info.context.sessions) as session:
            grid = await nine_box_grid(
                session, unit_code, day, members_limit=size + 1, members_offset=offset, boxes=(box,)
            )
        cell = grid.cells[box - 1]
        by_nip = await _employees(info, [m.nip for m in cell.members])
        items = [(offset + i + 1, m) for i, m in enumerate(cell.members) if m.nip in by_nip]
        return build_connection(
            items, size, cell.count, lambda item: (item[0],), lambda item: by_nip[item[1].nip], after
        )

    @strawberry.field(description="The nine-box of a unit and its sub-units (the province when unitCode is null).")
    async def nine_box(
        self, info: Info, unit_code: str | None = None, as_of: date | None = None, members_first: int = 20
    ) -> NineBox:
        _require_nine_box_scope(info, unit_code)
        if not 0 <= members_first <= 100:
            raise InvalidInput(
                f"membersFirst={members_first}: ask for 0 to 100 members per cell",
                key="input.members_first",
                params={"value": members_first, "max": 100},
            )
        day = as_of_date(as_of)
        async with read_session(info.context.sessions) as session:
            grid = await nine_box_grid(session, unit_code, day, members_limit=members_first)
        nips = [m.nip for c in grid.cells for m in c.members] + [m.nip for u in grid.unmapped for m in u.members]
        by_nip = await _employees(info, nips)
        return NineBox(
            unit_code=grid.unit_code,
            as_of=grid.as_of,
            cells=[
                NineBoxCell(
                    box=c.box,
                    label=c.label,
                    count=c.count,
                    members=[by_nip[m.nip] for m in c.members if m.nip in by_nip],
                    recommendation=c.recommendation,
                )
                for c in grid.cells
            ],
            unmapped=[
                UnmappedGroup(
                    reason=u.reason,
                    count=u.count,
                    members=[by_nip[m.nip] for m in u.members if m.nip in by_nip],
                    **_worded_unmapped(u.reason),
                )
                for u in grid.unmapped
            ],
        )
