"""The audit log as GraphQL root queries: the log itself and its hash-chain check."""

from __future__ import annotations

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.permissions import refuse, require_viewer
from api.schema.queries import search_term
from api.schema.types.audit import AuditEvent, AuditIntegrity
from domain import access, models

__all__ = ["AuditQueries"]


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="The audit log, newest first (auditors and admins); `search` matches action, actor or reason, "
        "or a nomination number (`12` or `#12`)."
    )
    async def audit_events(
        self, info: Info, search: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[AuditEvent]:
        viewer = require_viewer(info)
        if not viewer.reads_audit_log:
            raise refuse(info, "audit log", "Only auditors and admins may read the whole audit log.")
        query = select(models.AuditEvent).where(access.audit_event_filter(viewer))
        if term := search_term(search):
            matches = [
                func.lower(models.AuditEvent.action).contains(term, autoescape=True),
                func.lower(models.AuditEvent.actor_username).contains(term, autoescape=True),
                func.lower(func.coalesce(models.AuditEvent.reason, "")).contains(term, autoescape=True),
            ]
            number = term.removeprefix("#")
            if number.isdigit() and len(number) < 10:  # the page's hint offers "#12" for nomination 12
                matches.append(col(models.AuditEvent.nomination_id) == int(number))
            query = query.where(sa.or_(*matches))
        order = [col(models.AuditEvent.seq)]
        rows, size, total = await fetch_page(info.context.sessions, query, order, first, after, descending=True)
        return build_connection(rows, size, total, lambda r: (r.seq,), AuditEvent.from_row, after)

    @strawberry.field(description="Recompute the audit hash chain (auditors and admins).")
    async def audit_integrity(self, info: Info) -> AuditIntegrity:
        from workflow.audit import verify_chain

        viewer = require_viewer(info)
        if not viewer.reads_audit_log:
            raise refuse(info, "audit verification", "Only auditors and admins may verify the audit log.")
        report = await verify_chain(info.context.sessions)
        return AuditIntegrity(
            ok=report.ok,
            events_checked=report.events_checked,
            first_broken_event_id=report.first_broken_seq,
            problem=report.problem,
        )
