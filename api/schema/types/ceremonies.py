"""Inauguration ceremonies (pelantikan): a ceremony's status after a run, and the outcome of each
scheduled nomination in a run (the last real run is kept on the ceremony). The ``Ceremony`` type
itself sits beside ``Nomination`` in ``types/nominations.py`` (each refers to the other)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry

from api.schema.types.states import NominationState
from workflow.ceremonies import AWAITING_CEREMONY

__all__ = ["DUE", "CeremonyNominationResult", "CeremonyStatus", "ResultParam", "result_of"]

DUE = AWAITING_CEREMONY  # states of a scheduled nomination still waiting for the ceremony (workflow decides)


@strawberry.enum(description="Where a ceremony stands.")
class CeremonyStatus(Enum):
    PLANNED = strawberry.enum_value("planned", description="Not run yet.")
    PARTIAL = strawberry.enum_value(
        "partial",
        description="Run, but some appointees are still waiting (their last attempt failed: see `lastRun`); "
        "fix what the failures say, or withdraw those nominations, and conduct it again.",
    )
    CONDUCTED = strawberry.enum_value("conducted", description="Every appointee inaugurated and sworn in.")


@strawberry.type(description="One value named in a result's message (`nominationId`, a date …), as text.")
class ResultParam:
    name: str
    value: str


def _params(params: Mapping[str, Any] | None) -> list[ResultParam]:
    def text(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, default=str)

    return [ResultParam(name=str(k), value=text(v)) for k, v in (params or {}).items() if v is not None]


@strawberry.type(description="One nomination's outcome in a ceremony run; a failure carries its `code` and `message`.")
class CeremonyNominationResult:
    nomination_id: int
    ok: bool
    state: NominationState
    version: int
    code: str | None
    message: str | None
    dry_run: bool
    params: list[ResultParam] = strawberry.field(description="The values the message names, for a page's own wording.")


def result_of(result: Any) -> CeremonyNominationResult:
    """From a ``workflow.ceremonies.CeremonyResult`` or the dict of one stored in ``last_run``."""
    get = result.get if isinstance(result, Mapping) else lambda name, default=None: getattr(result, name, default)
    return CeremonyNominationResult(
        nomination_id=int(get("nomination_id")),
        ok=bool(get("ok")),
        state=NominationState(get("state")),
        version=int(get("version") or 0),
        code=get("code"),
        message=get("message"),
        dry_run=bool(get("dry_run", False)),
        params=_params(get("params")),
    )
