"""Root queries over the talent rules: ranked candidates for a post and a unit's nine-box."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, decode_cursor, page_size
from api.schema.permissions import refuse, require_viewer
from api.schema.queries import as_of_date, check_position_access, position_row
from api.schema.types.people import Employee, reached
from api.schema.types.states import NominationKind
from api.schema.types.talent import Candidate, NineBox, NineBoxCell, UnmappedGroup
from domain.db import read_session
from domain.errors import InvalidInput
from domain.rules.kinds import NominationKind as Kind
from domain.rules.ninebox_grid import nine_box_grid
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
        offset = decode_cursor(after, [32])[0] if after else 0
        if offset < 0:
            raise InvalidInput("that cursor points before the first candidate; pass an edge's cursor")
        async with read_session(info.context.sessions) as session:
            rules = await kind_rules(session, Kind(kind.value), post.level) if kind else None
            page = await rank_candidates(session, position_code, day, limit=size + 1, offset=offset, kind_rules=rules)
        employees = await _employees(info, [c.nip for c in page.items])
        items = [(offset + i + 1, c) for i, c in enumerate(page.items) if c.nip in employees]

        def node(item: tuple[int, Any]) -> Candidate:
            return Candidate.of(employees[item[1].nip], item[1])

        return build_connection(items, size, page.total, lambda item: (item[0],), node, after)

    @strawberry.field(description="The nine-box of a unit and its sub-units (the province when unitCode is null).")
    async def nine_box(
        self, info: Info, unit_code: str | None = None, as_of: date | None = None, members_first: int = 20
    ) -> NineBox:
        viewer = require_viewer(info)
        if not viewer.covers_unit(unit_code):  # staff covering the unit (the province: province readers)
            raise refuse(
                info, f"nine-box of {unit_code or 'the province'}", "The nine-box of that unit is outside your scope."
            )
        if not 0 <= members_first <= 100:
            raise InvalidInput(f"membersFirst={members_first}: ask for 0 to 100 members per cell")
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
                    reason=u.reason, count=u.count, members=[by_nip[m.nip] for m in u.members if m.nip in by_nip]
                )
                for u in grid.unmapped
            ],
        )
