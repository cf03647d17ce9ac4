"""Root queries over nominations: the list (filtered to what the viewer may see) and one by id."""

from __future__ import annotations

import logging

import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.permissions import log_refusal, require_viewer
from api.schema.types.nominations import Nomination, NominationKind, NominationState
from domain import access, models
from domain.clock import today
from domain.db import read_session
from domain.models.nomination import awaiting_inauguration_clause, overdue_clause

__all__ = ["NominationQueries"]


@strawberry.type
class NominationQueries:
    @strawberry.field(description="Nominations you may see, newest first.")
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
    ) -> Connection[Nomination]:
        from workflow.queries import inbox

        viewer = require_viewer(info)
        query = select(models.Nomination).where(access.nomination_filter(viewer))
        if state is not None:
            query = query.where(col(models.Nomination.state) == state.value)
        if kind is not None:
            query = query.where(col(models.Nomination.kind) == kind.value)
        if position_code:
            query = query.where(col(models.Nomination.position_code) == position_code)
        if overdue:
            query = query.where(overdue_clause(today()))
        if awaiting_inauguration:  # approved through: what a ceremony may schedule
            query = query.where(awaiting_inauguration_clause())
        if assigned_to_me:
            mine = await inbox(info.context.sessions, viewer)
            query = query.where(col(models.Nomination.id).in_([n.id for n in mine]))
        order = [col(models.Nomination.id)]
        rows, size, total = await fetch_page(info.context.sessions, query, order, first, after, descending=True)
        return build_connection(rows, size, total, lambda r: (r.id,), Nomination.from_row, after)

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
