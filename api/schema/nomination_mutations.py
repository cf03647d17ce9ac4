"""Every nomination mutation of the contract. Mutations are thin: they call one workflow function
(which checks roles, units, separation of duties and stage) and return the updated object, or the
typed error the workflow raised as the union's error member."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.schema import ceremony_fields
from api.schema.errors import Conflict, Ineligible, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import run
from api.schema.types.nominations import Nomination, NominationKind
from domain import models
from workflow import service

__all__ = ["NominationMutations", "NominationResult"]

NominationResult = Annotated[
    Nomination | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound, strawberry.union("NominationResult")
]

VERSION = "the version you last read; when someone changed the nomination since, the answer is Conflict"
KEY = "repeating a request with the same key returns the first answer instead of acting twice"


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

    create_ceremony = strawberry.mutation(
        resolver=ceremony_fields.create_ceremony,
        description="An inauguration ceremony; `officiant` names the inaugurating official and office.",
    )

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

    conduct_ceremony = strawberry.mutation(
        resolver=ceremony_fields.conduct_ceremony,
        description="Inauguration and oath for every nomination scheduled in the ceremony, one result each "
        "(one failing does not undo the others). Someone without a role that may conduct ceremonies gets "
        "NotAllowed (code MISSING_ROLE) at once; an operator's unit scope is judged per nomination.",
    )
