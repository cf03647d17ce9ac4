"""Root queries over nominations: the list (filtered to what the viewer may see) and one by id."""

from __future__ import annotations

import logging

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.list_args import checked_text, resolve_sort, search_term, unit_codes
from api.schema.permissions import log_refusal, require_viewer
from api.schema.types.nominations import Nomination, NominationKind, NominationState
from domain import access, models
from domain.clock import today
from domain.db import read_session
from domain.models.nomination import awaiting_inauguration_clause, overdue_clause

__all__ = ["NOMINATION_SORTS", "NominationQueries"]

NOMINATION_SORTS = {
    "id": ([col(models.Nomination.id)], ("id",)),
    "position": ([col(models.Nomination.position_code), col(models.Nomination.id)], ("position_code", "id")),
    "state": ([col(models.Nomination.state), col(models.Nomination.id)], ("state", "id")),
}


def _search_clause(term: str, staff: bool) -> sa.ColumnElement[bool]:
    """A nomination number ("12", "#12"), the post's title or code and, for staff, the nominee's
    name or NIP. An employee sees only the status of a nomination about them, not who else is in
    it, so a name search must not tell them either."""
    posts = sa.select(col(models.Position.code)).where(
        sa.or_(
            func.lower(models.Position.title).contains(term, autoescape=True),
            func.lower(models.Position.code).contains(term, autoescape=True),
        )
    )
    matches: list[sa.ColumnElement[bool]] = [col(models.Nomination.position_code).in_(posts)]
    number = term.removeprefix("#")
    if number.isdigit() and len(number) < 10:
        matches.append(col(models.Nomination.id) == int(number))
    if staff:
        digits = term.replace(" ", "")
        people = [func.lower(models.Employee.name).contains(term, autoescape=True)]
        if digits.isdigit():
            people.append(col(models.Employee.nip).contains(digits, autoescape=True))
        named = sa.select(col(models.Employee.nip)).where(sa.or_(*people))
        matches.append(col(models.Nomination.nominee_nip).in_(named))
    return sa.or_(*matches)


@strawberry.type
class NominationQueries:
    @strawberry.field(
        description="Nominations you may see, newest first; `search` matches the number, the post and (for staff) "
        "the nominee; `unitCode` the post's unit (with `subunits`, and every unit below it); `sort` is id "
        "(`-id`, newest first, is the default), position or state."
    )
    async def nominations(
        self,
        info: Info,
        state: NominationState | None = None,
        kind: NominationKind | None = None,
        position_code: str | None = None,
        assigned_to_me: bool = False,
        overdue: bool = False,
        awaiting_inauguration: bool = False,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        unit_code: str | None = None,
        subunits: bool = False,
        sort: str | None = None,
    ) -> Connection[Nomination]:
        from workflow.queries import inbox

        viewer = require_viewer(info)
        query = select(models.Nomination).where(access.nomination_filter(viewer))
        if state is not None:
            query = query.where(col(models.Nomination.state) == state.value)
        if kind is not None:
            query = query.where(col(models.Nomination.kind) == kind.value)
        if position := checked_text(position_code, "positionCode"):
            query = query.where(col(models.Nomination.position_code) == position)
        if unit := checked_text(unit_code, "unitCode"):
            posts = sa.select(col(models.Position.code)).where(
                col(models.Position.unit_code).in_(unit_codes(unit, subunits))
            )
            query = query.where(col(models.Nomination.position_code).in_(posts))
        if term := search_term(search):
            query = query.where(_search_clause(term, viewer.is_staff))
        if overdue:
            query = query.where(overdue_clause(today()))
        if awaiting_inauguration:  # approved through: what a ceremony may schedule
            query = query.where(awaiting_inauguration_clause())
        if assigned_to_me:
            mine = await inbox(info.context.sessions, viewer)
            query = query.where(col(models.Nomination.id).in_([n.id for n in mine]))
        order = resolve_sort(sort, NOMINATION_SORTS, "-id")
        rows, size, total = await fetch_page(
            info.context.sessions, query, order.columns, first, after, order.descending
        )
        return build_connection(rows, size, total, order.key, Nomination.from_row, after)

    @strawberry.field(description="One nomination; null when it does not exist.")
    async def nomination(self, info: Info, id: int) -> Nomination | None:
        """Null both when it does not exist and when the viewer may not see it: the two answers
        are the same, so the query reveals nothing about a hidden nomination (as its mutations)."""
        viewer = require_viewer(info)
        async with read_session(info.context.sessions) as session:
            row = await session.get(models.Nomination, id)
        if row is None:
            return None
        post = await info.context.loaders.position.load(row.position_code)
        if not access.can_see_nomination(viewer, row, post.unit_code if post else None):
            log_refusal(info, f"nomination {id} outside scope", logging.INFO)  # expected: no traceback
            return None
        return Nomination.from_row(row)
