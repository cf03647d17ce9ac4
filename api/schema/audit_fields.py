"""The audit log as GraphQL root queries: the log itself and its hash-chain check."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.list_args import at_range, checked_text, resolve_sort, search_term
from api.schema.permissions import refuse, require_viewer
from api.schema.types.audit import AuditEvent, AuditIntegrity
from domain import access, models
from domain.errors import InvalidInput

__all__ = ["AuditQueries"]


AUDIT_SORTS = {"seq": ([col(models.AuditEvent.seq)], ("seq",))}


def _officials_named(term: str) -> sa.Select:  # type: ignore[type-arg]
    """Accounts whose username, display name, or employee's name or NIP contains ``term``: the
    auditor searches for "Dyah", not for ``panel_chair``."""
    digits = term.replace(" ", "")
    people = [func.lower(models.Employee.name).contains(term, autoescape=True)]
    if digits.isdigit():
        people.append(col(models.Employee.nip).contains(digits, autoescape=True))
    return sa.select(col(models.User.id)).where(
        sa.or_(
            func.lower(models.User.username).contains(term, autoescape=True),
            func.lower(func.coalesce(models.User.display_name, "")).contains(term, autoescape=True),
            col(models.User.nip).in_(sa.select(col(models.Employee.nip)).where(sa.or_(*people))),
        )
    )


def _search_clause(term: str) -> sa.ColumnElement[bool]:
    officials = _officials_named(term)
    matches = [
        func.lower(models.AuditEvent.action).contains(term, autoescape=True),
        func.lower(models.AuditEvent.actor_username).contains(term, autoescape=True),
        func.lower(func.coalesce(models.AuditEvent.reason, "")).contains(term, autoescape=True),
        col(models.AuditEvent.actor_user_id).in_(officials),
        col(models.AuditEvent.on_behalf_of_user_id).in_(officials),
    ]
    number = term.removeprefix("#")
    if number.isdigit() and len(number) < 10:  # the page's hint offers "#12" for nomination 12
        matches.append(col(models.AuditEvent.nomination_id) == int(number))
    return sa.or_(*matches)


def _person_clause(nip: str) -> sa.ColumnElement[bool]:
    """Events by the person (their account acted, or was acted for), or naming them in the event's
    data (a shortlist, a nominee, an evaluation), or of a nomination they were nominated in."""
    if not nip.isdigit():
        raise InvalidInput(
            f'nip "{nip[:30]}" is not a NIP; give its digits (18, or a part of them)',
            key="input.nip_digits",
            params={"nip": nip[:30]},
        )
    accounts = sa.select(col(models.User.id)).where(col(models.User.nip) == nip)
    nominated = sa.select(col(models.Nomination.id)).where(col(models.Nomination.nominee_nip) == nip)
    return sa.or_(
        col(models.AuditEvent.actor_user_id).in_(accounts),
        col(models.AuditEvent.on_behalf_of_user_id).in_(accounts),
        col(models.AuditEvent.data).contains(nip, autoescape=True),
        col(models.AuditEvent.nomination_id).in_(nominated),
    )


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="The audit log, newest first (auditors and admins); `search` matches the action, the reason, "
        "the official (username, name or NIP), or a nomination number (`12` or `#12`); `dateFrom`/`dateTo` are days "
        "of the province's zone, inclusive; `nominationId` one nomination; `nip` an event by, for or about that "
        "person; `sort` is seq, `-seq` (newest first, the default)."
    )
    async def audit_events(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        nomination_id: int | None = None,
        nip: str | None = None,
        sort: str | None = None,
    ) -> Connection[AuditEvent]:
        viewer = require_viewer(info)
        if not viewer.reads_audit_log:
            raise refuse(
                info, "audit log", "Only auditors and admins may read the whole audit log.", key="not_allowed.audit_log"
            )
        query = select(models.AuditEvent).where(access.audit_event_filter(viewer))
        if term := search_term(search):
            query = query.where(_search_clause(term))
        query = query.where(*at_range(col(models.AuditEvent.at), date_from, date_to))
        if nomination_id is not None:
            query = query.where(col(models.AuditEvent.nomination_id) == nomination_id)
        if person := checked_text(nip, "nip", 30):
            query = query.where(_person_clause(person.replace(" ", "")))
        order = resolve_sort(sort, AUDIT_SORTS, "-seq")
        rows, size, total = await fetch_page(
            info.context.sessions, query, order.columns, first, after, order.descending
        )
        return build_connection(rows, size, total, order.key, AuditEvent.from_row, after)

    @strawberry.field(description="Recompute the audit hash chain (auditors and admins).")
    async def audit_integrity(self, info: Info) -> AuditIntegrity:
        from workflow.audit import verify_chain

        viewer = require_viewer(info)
        if not viewer.reads_audit_log:
            raise refuse(
                info,
                "audit verification",
                "Only auditors and admins may verify the audit log.",
                key="not_allowed.audit_verify",
            )
        report = await verify_chain(info.context.sessions)
        return AuditIntegrity(
            ok=report.ok,
            events_checked=report.events_checked,
            first_broken_event_id=report.first_broken_seq,
            problem=report.problem,
        )
