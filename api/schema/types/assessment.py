"""What a nomination's page shows around its assessment: the panel's evaluations under blind
scoring (``domain.access.visibility.can_see_evaluation``) with the chair's summary, notes on each
candidate of a shortlist (already the nominee of another open nomination, a panel member), and
the return for revision that opened the current round."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from statistics import fmean

import strawberry
from sqlmodel import col, select
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from api.schema.permissions import viewer_of
from api.schema.types.officials import Official, Subject, official_of, subject_of
from api.schema.types.people import Employee, reached
from domain import access, models
from domain.access.visibility import can_see_evaluation, sees_every_evaluation
from domain.db import read_session
from domain.errors import InvalidInput
from domain.models.nomination import OPEN_STATES

__all__ = [
    "Evaluation",
    "EvaluationSummary",
    "LastReturn",
    "NominatedElsewhere",
    "ShortlistEntry",
    "evaluation_summary",
    "evaluations",
    "last_return",
    "shortlist_entries",
]

MAX_NOTES = 200  # NIPs asked about at once (a shortlist editor shows at most a page of candidates)


@strawberry.type(description="A panel member's evaluation of a shortlisted candidate (sensitive).")
class Evaluation:
    evaluator_user_id: strawberry.Private[int]
    round: int
    evaluator: str
    nip: str
    score: int
    note: str | None
    recorded_at: datetime

    @strawberry.field(description="The panel member who scored, by name (role `panel`: a member of the TPK).")
    async def official(self, info: Info) -> Official:
        return await official_of(info, self.evaluator_user_id, self.evaluator, "panel")

    @strawberry.field(description="The candidate scored; `hidden` when you may not see them.")
    async def subject(self, info: Info) -> Subject | None:
        return await subject_of(info, self.nip)


@strawberry.type(description="The current round's scores of one candidate: how many, their average and spread.")
class EvaluationSummary:
    nip: str
    count: int
    average: float
    spread: int = strawberry.field(description="Highest minus lowest score (0 for a single score).")
    lowest: int
    highest: int


@strawberry.type(description="The other open nomination whose selected nominee a candidate already is.")
class NominatedElsewhere:
    nomination_id: int | None = strawberry.field(description="Null when that nomination is outside what you may see.")
    position_title: str | None
    state: str | None


@strawberry.type(description="A candidate as the shortlist shows them, with what stands in the way of selecting them.")
class ShortlistEntry:
    nip: str
    employee: Employee | None
    nominated_elsewhere: NominatedElsewhere | None = strawberry.field(
        description="Already the selected nominee of another open nomination (one appointment at a time)."
    )
    panel_member: bool = strawberry.field(
        description="A member of the panel (TPK): cannot be shortlisted or selected (conflict of interest)."
    )


@strawberry.type(description="The return for revision that opened the current round.")
class LastReturn:
    event: strawberry.Private[models.AuditEvent | None]
    reason: str | None
    actor: str
    on_behalf_of: str | None
    at: datetime
    cleared_nominee_nip: str | None = strawberry.field(description="The nominee the return cleared.")
    cleared_nominee: Employee | None

    @strawberry.field(description="Who returned it, by name and the role they acted in (and for whom).")
    async def official(self, info: Info) -> Official:
        e = self.event
        if e is None:  # not found again among the events: the username it was recorded with
            return await official_of(info, None, self.actor, None)
        return await official_of(
            info, e.actor_user_id, e.actor_username, e.role, e.on_behalf_of_user_id, e.on_behalf_of_username
        )


async def evaluations(info: Info, row: models.Nomination) -> list[Evaluation]:
    """Blind scoring: what the viewer may see of the nomination's evaluations, every round."""
    viewer = viewer_of(info)
    if viewer is None:
        return []
    rows = await info.context.loaders.evaluations.load(row.id)
    scored = frozenset((r.round, r.nip) for r in rows if r.evaluator_user_id == viewer.user_id)
    return [
        Evaluation(
            evaluator_user_id=r.evaluator_user_id,
            round=r.round,
            evaluator=r.evaluator_username,
            nip=r.nip,
            score=r.score,
            note=r.note,
            recorded_at=r.recorded_at,
        )
        for r in rows
        if can_see_evaluation(viewer, r, scored)
    ]


async def evaluation_summary(info: Info, row: models.Nomination) -> list[EvaluationSummary] | None:
    """Per shortlisted candidate, the current round's scores summed up; for those who see every score."""
    if not sees_every_evaluation(viewer_of(info)):
        return None
    rows = [r for r in await info.context.loaders.evaluations.load(row.id) if r.round == row.round]
    result = []
    for nip in row.shortlist or []:
        scores = [r.score for r in rows if r.nip == nip]
        if scores:
            low, high = min(scores), max(scores)
            result.append(
                EvaluationSummary(
                    nip=nip,
                    count=len(scores),
                    average=round(fmean(scores), 2),
                    spread=high - low,
                    lowest=low,
                    highest=high,
                )
            )
    return result


def _open_nominee_loader(info: Info) -> DataLoader[str, list[models.Nomination]]:
    async def load(nips: Sequence[str]) -> list[list[models.Nomination]]:
        async with read_session(info.context.sessions) as session:
            rows = (
                await session.exec(
                    select(models.Nomination).where(
                        col(models.Nomination.nominee_nip).in_(list(nips)),
                        col(models.Nomination.state).in_(OPEN_STATES),
                    )
                )
            ).all()
        return [[r for r in rows if r.nominee_nip == nip] for nip in nips]

    return info.context.loaders.get("open_nomination_of_nominee", lambda: DataLoader(load_fn=load))


def _panel_member_loader(info: Info) -> DataLoader[str, bool]:
    async def load(nips: Sequence[str]) -> list[bool]:
        from workflow.conflicts import panel_members

        async with read_session(info.context.sessions) as session:
            members = set(await panel_members(session, list(nips)))
        return [nip in members for nip in nips]

    return info.context.loaders.get("panel_member", lambda: DataLoader(load_fn=load))


async def shortlist_entries(info: Info, row: models.Nomination, nips: list[str] | None) -> list[ShortlistEntry]:
    """The shortlist (or the candidates ``nips``) with the notes a staff viewer needs before
    shortlisting or selecting; an employee viewer gets only themselves, without notes."""
    viewer = viewer_of(info)
    if viewer is None:
        return []
    asked = list(dict.fromkeys(nips if nips is not None else row.shortlist or []))
    if len(asked) > MAX_NOTES:
        raise InvalidInput(
            f"{len(asked)} NIPs asked about; at most {MAX_NOTES} at once",
            key="input.too_many_nips",
            params={"count": len(asked), "max": MAX_NOTES},
        )
    if access.status_only(viewer):
        asked = [n for n in asked if n == viewer.nip]
        employees = await info.context.loaders.employee.load_many(asked)
        return [
            ShortlistEntry(nip=n, employee=reached(info, e), nominated_elsewhere=None, panel_member=False)
            for n, e in zip(asked, employees, strict=True)
        ]
    employees = await info.context.loaders.employee.load_many(asked)
    elsewhere = await _open_nominee_loader(info).load_many(asked)
    panel = await _panel_member_loader(info).load_many(asked)
    others = [next((o for o in found if o.id != row.id), None) for found in elsewhere]
    posts = await info.context.loaders.position.load_many([o.position_code if o else "" for o in others])
    entries = []
    for nip, employee, other, post, member in zip(asked, employees, others, posts, panel, strict=True):
        note = None
        if other is not None:
            seen = access.can_see_nomination(viewer, other, post.unit_code if post else None)
            note = NominatedElsewhere(
                nomination_id=other.id if seen else None,
                position_title=(post.title if post else other.position_code) if seen else None,
                state=other.state.upper() if seen else None,
            )
        entries.append(
            ShortlistEntry(nip=nip, employee=reached(info, employee), nominated_elsewhere=note, panel_member=member)
        )
    return entries


async def last_return(info: Info, row: models.Nomination) -> LastReturn | None:
    """Read from the audit events (``workflow.queries.last_return_of``); staff only."""
    from workflow.queries import last_return_of

    if access.status_only(viewer_of(info)) or row.round <= 1:
        return None
    events = await info.context.loaders.events.load(row.id)
    found = last_return_of(events, row.round)
    if found is None:
        return None
    event = next((e for e in reversed(events) if e.action == "return_for_revision" and e.at == found.at), None)
    cleared = None
    if found.cleared_nominee_nip:
        cleared = reached(info, await info.context.loaders.employee.load(found.cleared_nominee_nip))
    return LastReturn(
        event=event,
        reason=found.reason,
        actor=found.actor,
        on_behalf_of=found.on_behalf_of,
        at=found.at,
        cleared_nominee_nip=found.cleared_nominee_nip,
        cleared_nominee=cleared,
    )
