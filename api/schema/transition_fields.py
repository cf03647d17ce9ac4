"""The nomination transition mutations, built from the workflow's step registry.

An action's arguments are the parameters of its step (``workflow.steps.STEPS``), declared once
there: this module turns them into the GraphQL field's arguments (same names, camelCased by
strawberry, same types and defaults), adds what every transition takes (``nominationId``,
``expectedVersion``, ``idempotencyKey``, and ``delegationId`` for approval-step actions), and
passes them back by name. Only the description is the API's own.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, get_type_hints

import strawberry
from strawberry.types import Info

from api.schema.errors import Conflict, Ineligible, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import run
from api.schema.types.nominations import Nomination
from workflow import service
from workflow.actions import ACTIONS, Who
from workflow.steps import STEPS, arguments_of

__all__ = ["DESCRIPTIONS", "KEY", "VERSION", "NominationResult", "transition_mutation"]

NominationResult = Annotated[
    Nomination | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound, strawberry.union("NominationResult")
]

VERSION = "the version you last read; when someone changed the nomination since, the answer is Conflict"
KEY = "repeating a request with the same key returns the first answer instead of acting twice"
DELEGATION = "act as Plt/Plh under this delegation"

DESCRIPTIONS = {
    "set_shortlist": "Set the candidates under consideration.",
    "start_assessment": "MAPPING → ASSESSMENT.",
    "record_evaluation": "A panel member's evaluation (score 0-100) of a shortlisted candidate.",
    "select_nominee": "The panel's choice; Ineligible with the failing checks if the person is not.",
    "submit_for_approval": "ASSESSMENT → APPROVAL.",
    "approve": "Take the current approval step (the official whose turn it is). The national review and "
    "Mendagri steps need the letter's number and date.",
    "return_for_revision": "Back to ASSESSMENT for a new round; a reason is required.",
    "reject": "End the nomination at an approval step; a reason is required.",
    "withdraw": "End the nomination from any open stage; a reason is required.",
    "schedule_inauguration": "Every approval step done → INAUGURATION, with the decree (SK) and its ceremony.",
    "record_inauguration": "The appointee was inaugurated at the ceremony → OATH.",
    "record_oath": "The oath was taken → COMPLETED: the appointee holds the post, the old post is vacant.",
}
assert DESCRIPTIONS.keys() == ACTIONS.keys(), "every action of the table is a mutation"

_KW = inspect.Parameter.KEYWORD_ONLY


def _parameters(action: str) -> list[inspect.Parameter]:
    step = STEPS[action]
    hints = get_type_hints(step)
    declared = inspect.signature(step).parameters
    params = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", _KW, annotation=Info),
        inspect.Parameter("nomination_id", _KW, annotation=int),
    ]
    params += [
        inspect.Parameter(name, _KW, annotation=hints[name], default=declared[name].default)
        for name in arguments_of(action)
    ]
    params.append(
        inspect.Parameter(
            "expected_version",
            _KW,
            annotation=Annotated[int | None, strawberry.argument(description=VERSION)],
            default=None,
        )
    )
    if ACTIONS[action].who == Who.STEP_OFFICIAL:
        params.append(
            inspect.Parameter(
                "delegation_id",
                _KW,
                annotation=Annotated[int | None, strawberry.argument(description=DELEGATION)],
                default=None,
            )
        )
    params.append(
        inspect.Parameter(
            "idempotency_key", _KW, annotation=Annotated[str | None, strawberry.argument(description=KEY)], default=None
        )
    )
    return params


def transition_mutation(action: str) -> Any:
    """The strawberry mutation field of one action of the table."""
    operation = getattr(service, action)

    async def resolver(
        self: Any,
        info: Info,
        nomination_id: int,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        delegation_id: int | None = None,
        **arguments: Any,
    ) -> NominationResult:
        row = await run(
            info,
            operation,
            nomination_id,
            expected_version=expected_version,
            key=idempotency_key,
            delegation_id=delegation_id,
            **arguments,
        )
        return Nomination.from_row(row)

    resolver.__name__ = action
    resolver.__signature__ = inspect.Signature(_parameters(action), return_annotation=NominationResult)  # type: ignore[attr-defined]
    return strawberry.mutation(resolver=resolver, description=DESCRIPTIONS[action])
