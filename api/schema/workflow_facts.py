"""The workflow's facts a page needs and must not copy: the stages of a nomination's path in order,
and the states in which a nomination is closed. Both come from the action table (``workflow.actions``)
and the domain's list of closed states, so the page's progress bar and filters follow the server.

Per action facts (its mutation, whether it needs a reason or a letter) come with
``Nomination.availableActions``; the drawn workflow is ``Nomination.diagram``.
"""

from __future__ import annotations

import strawberry

from api.schema.types.nominations import NominationState
from domain.models.nomination import CLOSED_STATES
from workflow.actions import STAGES

__all__ = ["WorkflowFacts", "WorkflowQueries"]


@strawberry.type(description="The nomination workflow as the page shows it: the path's stages and the closed states.")
class WorkflowFacts:
    stages: list[NominationState] = strawberry.field(
        description="The stages a nomination walks, in order: the open stages, then COMPLETED."
    )
    closed: list[NominationState] = strawberry.field(
        description="The states in which a nomination is finished (COMPLETED, REJECTED, WITHDRAWN): no action is open."
    )


@strawberry.type
class WorkflowQueries:
    @strawberry.field(description="The workflow's stages and closed states (the same for every nomination kind).")
    def workflow(self) -> WorkflowFacts:
        return WorkflowFacts(
            stages=[NominationState(s) for s in STAGES],
            closed=[NominationState(s) for s in CLOSED_STATES],
        )
