"""Every nomination mutation of the contract. The transitions are built from the workflow's step
registry (``api.schema.transition_fields``), so their arguments are declared once, in the step;
creating a nomination and the ceremony fields are written out here. Each calls one workflow
function (which decides stage, role, unit and separation of duties through the action table)
and answers the updated object, or the typed error the workflow raised as the union's error member."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from api.schema import ceremony_fields
from api.schema.nomination_service import run
from api.schema.transition_fields import KEY, NominationResult, transition_mutation
from api.schema.types.nominations import Nomination, NominationKind
from workflow import service

__all__ = ["NominationMutations", "NominationResult"]


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
        row = await run(
            info, service.create_nomination, position_code, kind.name, planned_date=planned_date, key=idempotency_key
        )
        return Nomination.from_row(row)

    set_shortlist = transition_mutation("set_shortlist")
    start_assessment = transition_mutation("start_assessment")
    record_evaluation = transition_mutation("record_evaluation")
    select_nominee = transition_mutation("select_nominee")
    submit_for_approval = transition_mutation("submit_for_approval")
    approve = transition_mutation("approve")
    return_for_revision = transition_mutation("return_for_revision")
    reject = transition_mutation("reject")
    withdraw = transition_mutation("withdraw")

    create_ceremony = strawberry.mutation(
        resolver=ceremony_fields.create_ceremony,
        description="An inauguration ceremony; `officiant` names the inaugurating official and office.",
    )

    update_ceremony_documents = strawberry.mutation(
        resolver=ceremony_fields.update_ceremony_documents,
        description="The Berita Acara's number and the officiant's NIP (empty clears); refused once conducted.",
    )
    update_letterhead = strawberry.mutation(
        resolver=ceremony_fields.update_letterhead,
        description="The letterhead of the official documents (admin); the arms image: PUT /documents/arms.",
    )

    schedule_inauguration = transition_mutation("schedule_inauguration")
    record_inauguration = transition_mutation("record_inauguration")
    record_oath = transition_mutation("record_oath")

    conduct_ceremony = strawberry.mutation(
        resolver=ceremony_fields.conduct_ceremony,
        description="Inauguration and oath for every nomination scheduled in the ceremony, one result each "
        "(one failing does not undo the others). Someone without a role that may conduct ceremonies gets "
        "NotAllowed (code MISSING_ROLE) at once; an operator's unit scope is judged per nomination.",
    )
