"""The workflow's facts a page needs and must not copy: the stages of a nomination's path in order,
the states in which a nomination is closed, and the province's time zone (times read "10.30 WIB").
The first two come from the action table (``workflow.actions``)
and the domain's list of closed states, so the page's progress bar and filters follow the server.

Per action facts (its mutation, whether it needs a reason or a letter) come with
``Nomination.availableActions``; the drawn workflow is ``Nomination.diagram``.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.schema.types.nominations import NominationState
from domain.clock import now, zone_name
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
    time_zone: str = strawberry.field(
        description="The province's time zone (IANA name, the setting MERITFLOW_TIMEZONE): show times in it."
    )
    time_zone_abbreviation: str = strawberry.field(
        description="How a time in that zone is marked: WIB, WITA or WIT in Indonesia (the zone's own abbreviation)."
    )


@strawberry.type
class WorkflowQueries:
    @strawberry.field(description="The workflow's stages and closed states (the same for every nomination kind).")
    def workflow(self) -> WorkflowFacts:
        return WorkflowFacts(
            stages=[NominationState(s) for s in STAGES],
            closed=[NominationState(s) for s in CLOSED_STATES],
            time_zone=zone_name(),
            time_zone_abbreviation=zone_abbreviation(),
        )


def zone_abbreviation(at: datetime | None = None) -> str:
    """The province's zone as a time is marked with it now: ``WIB`` for Asia/Jakarta (from the zone
    data; the UTC offset such as ``+07`` where the data has no letters for the zone)."""
    return now(at).tzname() or zone_name()
