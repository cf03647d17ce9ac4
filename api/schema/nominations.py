"""Nomination queries and every mutation of the contract. Mutations are thin: they call one
workflow function (which checks roles, units, separation of duties and stage) and return the
updated object, or the typed error the workflow raised as the union's error member."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.errors import Conflict, Ineligible, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import actor_of, run
from api.schema.permissions import can_see_nomination, refuse, require_viewer
from api.schema.types.nominations import (
    AuditEvent,
    AuditIntegrity,
    Ceremony,
    CeremonyConducted,
    CeremonyNominationResult,
    Nomination,
    NominationKind,
    NominationState,
)
from domain import models
from domain.db import read_session
from domain.models.nomination import OPEN_STATES
from domain.reference import Role
from workflow import ceremonies, service

NominationResult = Annotated[
    Nomination | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound, strawberry.union("NominationResult")
]
CeremonyResult = Annotated[
    Ceremony | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound, strawberry.union("CeremonyResult")
]
ConductCeremonyResult = Annotated[
    CeremonyConducted | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound,
    strawberry.union("ConductCeremonyResult"),
]

VERSION = "the version you last read; when someone changed the nomination since, the answer is Conflict"
KEY = "repeating a request with the same key returns the first answer instead of acting twice"


def _scoped(info: Info, query: sa.Select) -> sa.Select:  # type: ignore[type-arg]
    viewer = require_viewer(info)
    if viewer.reads_province:
        return query
    if viewer.is_operator:
        return query.join(models.Position, col(models.Position.code) == col(models.Nomination.position_code)).where(
            col(models.Position.unit_code).in_(sorted(viewer.unit_scope or ()))
        )
    nip = viewer.nip or "-"
    return query.where(
        sa.or_(
            col(models.Nomination.nominee_nip) == nip,
            sa.cast(models.Nomination.shortlist, sa.String).contains(f'"{nip}"', autoescape=True),
        )
    )


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
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Nomination]:
        from workflow.queries import inbox

        query = _scoped(info, select(models.Nomination))
        if state is not None:
            query = query.where(col(models.Nomination.state) == state.value)
        if kind is not None:
            query = query.where(col(models.Nomination.kind) == kind.value)
        if position_code:
            query = query.where(col(models.Nomination.position_code) == position_code)
        if overdue:
            query = query.where(
                col(models.Nomination.state).in_(OPEN_STATES), col(models.Nomination.stage_due_on) < date.today()
            )
        if assigned_to_me:
            mine = await inbox(info.context.sessions, actor_of(require_viewer(info)))
            query = query.where(col(models.Nomination.id).in_([n.id for n in mine]))
        order = [col(models.Nomination.id)]
        rows, size, total = await fetch_page(info.context.sessions, query, order, first, after, descending=True)
        return build_connection(rows, size, total, lambda r: (r.id,), Nomination.from_row, after)

    @strawberry.field(description="One nomination; null when it does not exist.")
    async def nomination(self, info: Info, id: int) -> Nomination | None:
        viewer = require_viewer(info)
        async with read_session(info.context.sessions) as session:
            row = await session.get(models.Nomination, id)
        if row is None:
            return None
        post = await info.context.loaders.position.load(row.position_code)
        if not can_see_nomination(viewer, row, post):
            raise refuse(info, f"nomination {id} outside scope", f"Nomination {id} is outside what you may see.")
        return Nomination.from_row(row)

    @strawberry.field(description="Inauguration ceremonies, latest date first.")
    async def ceremonies(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Ceremony]:
        viewer = require_viewer(info)
        if not (viewer.reads_province or viewer.is_operator):
            raise refuse(info, "ceremonies need a staff role", "Only staff roles may list ceremonies.")
        order = [col(models.Ceremony.id)]
        rows, size, total = await fetch_page(
            info.context.sessions, select(models.Ceremony), order, first, after, descending=True
        )
        return build_connection(rows, size, total, lambda r: (r.id,), Ceremony.from_row, after)

    @strawberry.field
    async def ceremony(self, info: Info, id: int) -> Ceremony | None:
        viewer = require_viewer(info)
        if not (viewer.reads_province or viewer.is_operator):
            raise refuse(info, "ceremony needs a staff role", "Only staff roles may see ceremonies.")
        row = await info.context.loaders.ceremony.load(id)
        return Ceremony.from_row(row) if row else None

    @strawberry.field(
        description="The audit log, newest first (auditors and admins); `search` matches action, actor or reason, "
        "or a nomination number (`12` or `#12`)."
    )
    async def audit_events(
        self, info: Info, search: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[AuditEvent]:
        viewer = require_viewer(info)
        if not viewer.has(Role.AUDITOR, Role.ADMIN):
            raise refuse(info, "audit log", "Only auditors and admins may read the whole audit log.")
        query = select(models.AuditEvent)
        if search and search.strip():
            term = search.strip().lower()
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
        if not viewer.has(Role.AUDITOR, Role.ADMIN):
            raise refuse(info, "audit verification", "Only auditors and admins may verify the audit log.")
        report = await verify_chain(info.context.sessions)
        return AuditIntegrity(
            ok=report.ok,
            events_checked=report.events_checked,
            first_broken_event_id=report.first_broken_seq,
            problem=report.problem,
        )


@strawberry.input(description="The rohaniwan (clergy) attending for one religion.")
class ClergyInput:
    religion: str
    name: str


def _clergy(items: list[ClergyInput] | None) -> dict[str, str] | None:
    return {c.religion.strip().lower(): c.name.strip() for c in items} if items else None


async def _act(
    info: Info, operation: Callable[..., Awaitable[models.Nomination]], *args: Any, **kwargs: Any
) -> Nomination:
    """Every nomination mutation: run one workflow operation as the viewer, answer the updated nomination."""
    return Nomination.from_row(await run(info, operation, *args, **kwargs))


@strawberry.type
class NominationMutations:
    @strawberry.mutation(description="Open a nomination for a post, in MAPPING (operators, for posts in their units).")
    async def create_nomination(
        self,
        info: Info,
        position_code: str,
        kind: NominationKind,
        planned_date: date | None = None,
        idempotency_key: Annotated[str | None, strawberry.argument(description=KEY)] = None,
    ) -> NominationResult:
        return await _act(
            info, service.create_nomination, position_code, kind.name, planned_date=planned_date, key=idempotency_key
        )

    @strawberry.mutation(description="Set the candidates under consideration.")
    async def set_shortlist(
        self,
        info: Info,
        nomination_id: int,
        nips: list[str],
        expected_version: Annotated[int | None, strawberry.argument(description=VERSION)] = None,
        idempotency_key: Annotated[str | None, strawberry.argument(description=KEY)] = None,
    ) -> NominationResult:
        return await _act(
            info, service.set_shortlist, nomination_id, nips, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(description="MAPPING → ASSESSMENT.")
    async def start_assessment(
        self,
        info: Info,
        nomination_id: int,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info, service.start_assessment, nomination_id, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(description="A panel member's evaluation (score 0-100) of a shortlisted candidate.")
    async def record_evaluation(
        self,
        info: Info,
        nomination_id: int,
        nip: str,
        score: int,
        note: str | None = None,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.record_evaluation,
            nomination_id,
            nip,
            score,
            note,
            expected_version=expected_version,
            key=idempotency_key,
        )

    @strawberry.mutation(description="The panel's choice; Ineligible with the failing checks if the person is not.")
    async def select_nominee(
        self,
        info: Info,
        nomination_id: int,
        nip: str,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info, service.select_nominee, nomination_id, nip, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(description="ASSESSMENT → APPROVAL.")
    async def submit_for_approval(
        self,
        info: Info,
        nomination_id: int,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info, service.submit_for_approval, nomination_id, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(
        description="Take the current approval step (the official whose turn it is). The national review and "
        "Mendagri steps need the letter's number and date."
    )
    async def approve(
        self,
        info: Info,
        nomination_id: int,
        comment: str | None = None,
        expected_version: int | None = None,
        letter_number: str | None = None,
        letter_date: date | None = None,
        delegation_id: Annotated[
            int | None, strawberry.argument(description="act as Plt/Plh under this delegation")
        ] = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.approve,
            nomination_id,
            comment,
            letter_number=letter_number,
            letter_date=letter_date,
            expected_version=expected_version,
            key=idempotency_key,
            delegation_id=delegation_id,
        )

    @strawberry.mutation(description="Back to ASSESSMENT for a new round; a reason is required.")
    async def return_for_revision(
        self,
        info: Info,
        nomination_id: int,
        reason: str,
        expected_version: int | None = None,
        delegation_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.return_for_revision,
            nomination_id,
            reason,
            expected_version=expected_version,
            key=idempotency_key,
            delegation_id=delegation_id,
        )

    @strawberry.mutation(description="End the nomination at an approval step; a reason is required.")
    async def reject(
        self,
        info: Info,
        nomination_id: int,
        reason: str,
        expected_version: int | None = None,
        delegation_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.reject,
            nomination_id,
            reason,
            expected_version=expected_version,
            key=idempotency_key,
            delegation_id=delegation_id,
        )

    @strawberry.mutation(description="End the nomination from any open stage; a reason is required.")
    async def withdraw(
        self,
        info: Info,
        nomination_id: int,
        reason: str,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info, service.withdraw, nomination_id, reason, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(
        description="An inauguration ceremony; `officiant` names the inaugurating official and office."
    )
    async def create_ceremony(
        self,
        info: Info,
        date_: Annotated[date, strawberry.argument(name="date")],
        place: str,
        officiant: str,
        invitation_on: date | None = None,
        clergy: list[ClergyInput] | None = None,
    ) -> CeremonyResult:
        row = await run(
            info,
            ceremonies.create_ceremony,
            date_,
            place,
            officiant,
            invitation_on=invitation_on,
            clergy=_clergy(clergy),
            idempotent=False,
        )
        return Ceremony.from_row(row)

    @strawberry.mutation(description="Every approval step done → INAUGURATION, with the decree (SK) and its ceremony.")
    async def schedule_inauguration(
        self,
        info: Info,
        nomination_id: int,
        ceremony_id: int,
        decree_number: str,
        decree_date: date,
        effective_date: date,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.schedule_inauguration,
            nomination_id,
            ceremony_id,
            decree_number,
            decree_date,
            effective_date,
            expected_version=expected_version,
            key=idempotency_key,
        )

    @strawberry.mutation(description="The appointee was inaugurated at the ceremony → OATH.")
    async def record_inauguration(
        self,
        info: Info,
        nomination_id: int,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info, service.record_inauguration, nomination_id, expected_version=expected_version, key=idempotency_key
        )

    @strawberry.mutation(
        description="The oath was taken → COMPLETED: the appointee holds the post, the old post is vacant."
    )
    async def record_oath(
        self,
        info: Info,
        nomination_id: int,
        witness_nips: list[str],
        clergy_name: str | None = None,
        pledge: bool = False,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
    ) -> NominationResult:
        return await _act(
            info,
            service.record_oath,
            nomination_id,
            witness_nips,
            clergy_name,
            pledge,
            expected_version=expected_version,
            key=idempotency_key,
        )

    @strawberry.mutation(
        description="Inauguration and oath for every nomination scheduled in the ceremony, one result each "
        "(one failing does not undo the others). Someone without a role that may conduct ceremonies gets "
        "NotAllowed (code MISSING_ROLE) at once; an operator's unit scope is judged per nomination."
    )
    async def conduct_ceremony(
        self,
        info: Info,
        ceremony_id: int,
        witness_nips: list[str],
        pledge_nips: list[str] | None = None,
        clergy: list[ClergyInput] | None = None,
        dry_run: bool = False,
    ) -> ConductCeremonyResult:
        results = await run(
            info,
            ceremonies.conduct_ceremony,
            ceremony_id,
            witness_nips,
            clergy=_clergy(clergy),
            pledge_nips=frozenset(pledge_nips or ()),
            dry_run=dry_run,
            idempotent=False,
        )
        async with read_session(info.context.sessions) as session:
            row = await session.get(models.Ceremony, ceremony_id)
        assert row is not None
        return CeremonyConducted(
            ceremony=Ceremony.from_row(row),
            results=[
                CeremonyNominationResult(
                    nomination_id=r.nomination_id,
                    ok=r.ok,
                    state=NominationState(r.state),
                    version=r.version,
                    code=r.code,
                    message=r.message,
                )
                for r in results
            ],
        )
