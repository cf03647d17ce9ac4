"""Inauguration ceremonies (pelantikan): the ceremony, its status after a run, and the outcome of
each scheduled nomination in a run (the last real run is kept on the ceremony)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from api.schema.permissions import viewer_of
from api.schema.types.nominations import Nomination, NominationState
from domain import access, models
from workflow.ceremonies import ceremony_status

__all__ = ["Ceremony", "CeremonyConducted", "CeremonyNominationResult", "CeremonyStatus", "ResultParam", "result_of"]

DUE = ("inauguration", "oath")  # states of a scheduled nomination still waiting for the ceremony


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


@strawberry.type(description="An inauguration ceremony (pelantikan) for many appointees at once.")
class Ceremony:
    row: strawberry.Private[models.Ceremony]
    id: int
    date: date
    place: str
    officiant: str
    invitation_on: date | None
    conducted_at: datetime | None

    @classmethod
    def from_row(cls, row: models.Ceremony) -> Ceremony:
        assert row.id is not None
        return cls(
            row=row,
            id=row.id,
            date=row.held_on,
            place=row.place,
            officiant=row.officiant,
            invitation_on=row.invitation_on,
            conducted_at=row.conducted_at,
        )

    async def _visible(self, info: Info, rows: list[models.Nomination]) -> list[models.Nomination]:
        viewer = viewer_of(info)
        if viewer is None:
            return []
        # One batch for every post: awaiting each load in turn would send one query per nomination.
        posts = await info.context.loaders.position.load_many([row.position_code for row in rows])
        return [
            row
            for row, post in zip(rows, posts, strict=True)
            if access.can_see_nomination(viewer, row, post.unit_code if post else None)
        ]

    @strawberry.field(
        description="The nominations scheduled in this ceremony that you may see (withdrawn ones leave it)."
    )
    async def nominations(self, info: Info) -> list[Nomination]:
        rows = await info.context.loaders.ceremony_nominations.load(self.id)
        return [Nomination.from_row(row) for row in await self._visible(info, rows)]

    @strawberry.field(
        description="PLANNED until run; PARTIAL while an appointee of a run is still waiting (see `lastRun`); "
        "CONDUCTED once every appointee is inaugurated and sworn in."
    )
    async def status(self, info: Info) -> CeremonyStatus:
        rows = await info.context.loaders.ceremony_nominations.load(self.id)
        still_open = sum(1 for row in rows if row.state in DUE)
        return CeremonyStatus(ceremony_status(self.row, still_open).value)

    @strawberry.field(
        description="The results of the last real run, for the nominations you may see; null before any run."
    )
    async def last_run(self, info: Info) -> list[CeremonyNominationResult] | None:
        if not self.row.last_run:
            return None
        ids = [int(r["nomination_id"]) for r in self.row.last_run]
        loader = info.context.loaders.by_key(models.Nomination, models.Nomination.id)
        rows = [row for row in await loader.load_many(ids) if row is not None]
        visible = {row.id for row in await self._visible(info, rows)}
        return [result_of(r) for r in self.row.last_run if int(r["nomination_id"]) in visible]


@strawberry.type(description="The result of conducting a ceremony: one entry per scheduled nomination.")
class CeremonyConducted:
    ceremony: Ceremony
    results: list[CeremonyNominationResult]
