"""``nominationEvents``: each new audit event of a nomination (or of every nomination the viewer
may see), delivered live. Visibility is checked per event with the same rule as queries."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from api.schema.permissions import can_see_nomination, refuse, require_viewer
from api.schema.types.nominations import AuditEvent
from domain import models
from domain.db import read_session


@strawberry.type
class Subscription:
    @strawberry.subscription(description="New audit events of one nomination, or of all you may see when omitted.")
    async def nomination_events(self, info: Info, nomination_id: int | None = None) -> AsyncGenerator[AuditEvent, None]:
        viewer = require_viewer(info)
        sessions = info.context.sessions
        visible: dict[int, bool] = {}

        async def may_see(nid: int) -> bool:
            if nid not in visible:
                async with read_session(sessions) as session:
                    row = await session.get(models.Nomination, nid)
                    post = await session.get(models.Position, row.position_code) if row else None
                visible[nid] = row is not None and can_see_nomination(viewer, row, post)
            return visible[nid]

        if nomination_id is not None and not await may_see(nomination_id):
            raise refuse(
                info,
                f"events of nomination {nomination_id}",
                f"Nomination {nomination_id} is outside what you may see.",
            )
        status_only = not (viewer.reads_province or viewer.is_operator)
        async with info.context.bus.subscribe() as queue:
            while True:
                event = await queue.get()
                if event.nomination_id is None:
                    if nomination_id is None and viewer.reads_province:
                        yield AuditEvent.from_row(event)
                    continue
                if nomination_id is not None and event.nomination_id != nomination_id:
                    continue
                if nomination_id is None:
                    visible.pop(event.nomination_id, None)  # the shortlist or nominee may have changed
                if not await may_see(event.nomination_id):
                    continue
                if status_only and event.outcome != "ok":
                    continue
                yield AuditEvent.from_row(event, redact=status_only)
