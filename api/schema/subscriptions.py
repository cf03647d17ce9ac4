"""``nominationEvents``: each new audit event of a nomination (or of every nomination the viewer
may see), delivered live. Visibility is checked per event, with the nomination read afresh, by the
same rule as the queries (``domain.access.can_see_audit_event``): a viewer who lost access (taken
off the shortlist, say) stops receiving at once."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from api.schema.permissions import refuse, require_viewer
from api.schema.types.audit import AuditEvent
from domain import access, models
from domain.db import read_session


@strawberry.type
class Subscription:
    @strawberry.subscription(description="New audit events of one nomination, or of all you may see when omitted.")
    async def nomination_events(self, info: Info, nomination_id: int | None = None) -> AsyncGenerator[AuditEvent, None]:
        viewer = require_viewer(info)
        sessions = info.context.sessions

        async def nomination_of(nid: int) -> tuple[models.Nomination | None, str | None]:
            async with read_session(sessions) as session:
                row = await session.get(models.Nomination, nid)
                post = await session.get(models.Position, row.position_code) if row else None
            return row, post.unit_code if post else None

        if nomination_id is not None:
            row, unit = await nomination_of(nomination_id)
            if row is None or not access.can_see_nomination(viewer, row, unit):
                raise refuse(
                    info,
                    f"events of nomination {nomination_id}",
                    f"Nomination {nomination_id} is outside what you may see.",
                    key="not_allowed.nomination",
                    params={"nomination": nomination_id},
                )
        redact = access.status_only(viewer)
        async with info.context.bus.subscribe() as queue:
            while True:
                event = await queue.get()
                if nomination_id is not None and event.nomination_id != nomination_id:
                    continue
                row, unit = (None, None) if event.nomination_id is None else await nomination_of(event.nomination_id)
                if access.can_see_audit_event(viewer, event, row, unit):
                    yield AuditEvent.from_row(event, redact=redact)
