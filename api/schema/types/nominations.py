"""Nominations, their approvals and audit history, and inauguration ceremonies (the audit event
and the oath record have their own modules).

What a viewer sees of a nomination they may see at all (``domain.access.can_see_nomination``):
the panel, officials, auditors and operators in scope see everything except that evaluation
notes and scores are for the panel, approving officials and auditors only; an employee who is the
subject sees the status — state, post, their own place on the shortlist — and the history reduced
to the steps taken, without names or reasons.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from api.schema.permissions import SeesEvaluations, guard, viewer_of
from api.schema.types import assessment
from api.schema.types.assessment import Evaluation, EvaluationSummary, LastReturn, ShortlistEntry
from api.schema.types.audit import AuditEvent
from api.schema.types.ceremonies import DUE, CeremonyNominationResult, CeremonyStatus, result_of
from api.schema.types.oath import OathRecord, oath_record
from api.schema.types.officials import Official, official_of
from api.schema.types.people import Employee, Position, reached
from api.schema.types.states import NominationKind, NominationState
from domain import access, models
from domain.clock import today
from domain.models.nomination import is_awaiting_inauguration, is_overdue
from workflow.ceremonies import ceremony_status


def status_only(info: Info) -> bool:
    """True for a viewer who sees nominations only because they are about them (the employee role)."""
    return access.status_only(viewer_of(info))


@strawberry.type(description="One approval step taken. `void` ones belong to an earlier round.")
class Approval:
    actor_user_id: strawberry.Private[int]
    on_behalf_of_user_id: strawberry.Private[int | None]
    round: int
    step_index: int
    step_name: str
    role: str
    actor: str
    on_behalf_of: str | None
    comment: str | None
    letter_number: str | None
    letter_date: date | None
    approved_at: datetime
    void: bool

    @strawberry.field(description="Who approved, by name and the role they acted in (with the official represented).")
    async def official(self, info: Info) -> Official:
        return await official_of(
            info, self.actor_user_id, self.actor, self.role, self.on_behalf_of_user_id, self.on_behalf_of
        )


@strawberry.type(description="A step of the approval chain resolved for this nomination.")
class ApprovalStep:
    index: int
    name: str
    role: str
    label: str | None
    done: bool
    current: bool


@strawberry.type(
    description="An action as the viewer sees it; when not allowed, `reason` (= `code`) and `message`. The "
    "workflow's facts about it come with it, so a page keeps no copy of the workflow."
)
class AvailableAction:
    action: str = strawberry.field(description="The workflow's name of the action (`return_for_revision`).")
    mutation: str = strawberry.field(description="The GraphQL mutation that takes it (`returnForRevision`).")
    allowed: bool
    reason: str | None
    code: str | None
    message: str | None
    requires_letter: bool = strawberry.field(
        description="Approving the current step records an outside letter: give its number and date."
    )
    reason_required: bool = strawberry.field(
        description="The nomination's workflow definition requires a reason for this action."
    )


@strawberry.type(description="One nomination to fill one post.")
class Nomination:
    row: strawberry.Private[models.Nomination]
    id: int
    state: NominationState
    kind: NominationKind
    version: int
    round: int
    level: str
    created_at: datetime
    updated_at: datetime
    planned_date: date | None
    stage_due_on: date | None
    decree_number: str | None
    decree_date: date | None
    effective_date: date | None
    inaugurated_on: date | None
    closing_reason: str | None

    @classmethod
    def from_row(cls, row: models.Nomination) -> Nomination:
        assert row.id is not None
        return cls(
            row=row,
            id=row.id,
            state=NominationState(row.state),
            kind=NominationKind(row.kind),
            version=row.version,
            round=row.round,
            level=row.level,
            created_at=row.created_at,
            updated_at=row.updated_at,
            planned_date=row.planned_date,
            stage_due_on=row.stage_due_on,
            decree_number=row.decree_number,
            decree_date=row.decree_date,
            effective_date=row.effective_date,
            inaugurated_on=row.inaugurated_on,
            closing_reason=row.closing_reason,
        )

    @strawberry.field
    def overdue(self) -> bool:
        return is_overdue(self.row, today())

    @strawberry.field(description="In approval with every step approved: to be scheduled into a ceremony.")
    def awaiting_inauguration(self) -> bool:
        return is_awaiting_inauguration(self.row)

    @strawberry.field(
        description="Whether its Berita Acara is final: only once the inauguration or the oath is recorded; "
        "before that, every printed page is a DRAFT."
    )
    def document_final(self) -> bool:
        return self.row.inaugurated_on is not None or bool(self.row.oath)

    @strawberry.field
    async def position(self, info: Info) -> Position | None:
        row = await info.context.loaders.position.load(self.row.position_code)
        return Position.from_row(row) if row else None

    @strawberry.field(description="The candidates under consideration (an employee viewer sees only themselves).")
    async def shortlist(self, info: Info) -> list[Employee]:
        nips = list(self.row.shortlist or [])
        if status_only(info):  # only themselves: no need to load the others
            viewer = viewer_of(info)
            nips = [n for n in nips if viewer is not None and n == viewer.nip]
        rows = await info.context.loaders.employee.load_many(nips)
        return [e for e in (reached(info, r) for r in rows) if e is not None]

    @strawberry.field(
        description="The shortlist, or the candidates `nips` (at most 200), each with what stands in the way of "
        "selecting them; an employee viewer gets only themselves, without notes."
    )
    async def shortlist_entries(self, info: Info, nips: list[str] | None = None) -> list[ShortlistEntry]:
        return await assessment.shortlist_entries(info, self.row, nips)

    @strawberry.field(description="The return for revision that opened the current round; null if none (or not staff).")
    async def last_return(self, info: Info) -> LastReturn | None:
        return await assessment.last_return(info, self.row)

    @strawberry.field
    async def nominee(self, info: Info) -> Employee | None:
        if self.row.nominee_nip is None or self._hides_nominee(info):
            return None
        return reached(info, await info.context.loaders.employee.load(self.row.nominee_nip))

    def _hides_nominee(self, info: Info) -> bool:
        """An employee viewer sees the nominee only when it is themselves (nominee, oath, oath draft)."""
        viewer = viewer_of(info)
        return status_only(info) and (viewer is None or viewer.nip != self.row.nominee_nip)

    @strawberry.field(description="The oath as recorded when it was taken; null before (see `oathDraft`).")
    async def oath(self, info: Info) -> OathRecord | None:
        if not self.row.oath or self._hides_nominee(info):
            return None
        return await oath_record(info, self.row.oath)

    @strawberry.field(
        description="The oath's wording the server would record if it were taken now, for printing before the "
        "ceremony: by the nominee's recorded religion, or `religion` when given (e.g. none is recorded), or the "
        "pledge when `pledge` is true or the religion has no oath form. Once taken, read `oath.text`."
    )
    async def oath_draft(self, info: Info, religion: str | None = None, pledge: bool = False) -> str | None:
        from workflow.oath import oath_text

        if self.row.nominee_nip is None or self._hides_nominee(info):
            return None
        post = await info.context.loaders.position.load(self.row.position_code)
        if post is None:
            return None
        if religion is None:
            nominee = await info.context.loaders.employee.load(self.row.nominee_nip)
            if nominee is not None and not access.sees_profile(viewer_of(info), nominee.nip, nominee.unit_code):
                return None  # the wording would tell the nominee's religion to someone who may not read it
            religion = nominee.religion if nominee else None
        return oath_text(religion.strip().lower() if religion else None, post.level, post.title, pledge)

    @strawberry.field
    def steps(self) -> list[ApprovalStep]:
        steps = self.row.steps or []
        index = self.row.step_index
        return [
            ApprovalStep(
                index=i,
                name=s.get("name", ""),
                role=s.get("role", ""),
                label=s.get("label"),
                done=i < index,
                current=self.row.state == "approval" and i == index,
            )
            for i, s in enumerate(steps)
        ]

    @strawberry.field(description="Approval steps taken, in order (void ones from earlier rounds included).")
    async def approvals(self, info: Info) -> list[Approval]:
        if status_only(info):
            return []
        rows = await info.context.loaders.approvals.load(self.id)
        return [
            Approval(
                actor_user_id=r.actor_user_id,
                on_behalf_of_user_id=r.on_behalf_of_user_id,
                round=r.round,
                step_index=r.step_index,
                step_name=r.step_name,
                role=r.role,
                actor=r.actor_username,
                on_behalf_of=r.on_behalf_of_username,
                comment=r.comment,
                letter_number=r.letter_number,
                letter_date=r.letter_date,
                approved_at=r.approved_at,
                void=r.void,
            )
            for r in rows
        ]

    @strawberry.field(
        description="Panel evaluations; null unless you are on the panel, an approving official or an auditor. "
        "Blind scoring: a panel member sees another member's score of a candidate only after recording their own.",
        extensions=guard(SeesEvaluations),
    )
    async def evaluations(self, info: Info) -> list[Evaluation] | None:
        return await assessment.evaluations(info, self.row)

    @strawberry.field(
        description="Per shortlisted candidate, the current round's score count, average and spread; null unless "
        "you see every score (the panel chair, approving officials, auditors)."
    )
    async def evaluation_summary(self, info: Info) -> list[EvaluationSummary] | None:
        return await assessment.evaluation_summary(info, self.row)

    @strawberry.field(description="Audit events of this nomination in order; `last` keeps only the latest N.")
    async def history(self, info: Info, last: int | None = None) -> list[AuditEvent]:
        viewer = viewer_of(info)
        if viewer is None:
            return []
        rows = await info.context.loaders.events.load(self.id)
        post = await info.context.loaders.position.load(self.row.position_code)
        unit = post.unit_code if post else None
        rows = [r for r in rows if access.can_see_audit_event(viewer, r, self.row, unit)]
        redact = status_only(info)
        if last is not None:
            rows = rows[-last:] if last > 0 else []
        return [AuditEvent.from_row(r, redact=redact) for r in rows]

    @strawberry.field(description="Every action with whether you may take it now and, if not, why.")
    async def available_actions(self, info: Info) -> list[AvailableAction]:
        from workflow.queries import available_actions

        viewer = viewer_of(info)
        if viewer is None:
            return []
        actions = await available_actions(info.context.sessions, viewer, self.id)
        return [
            AvailableAction(
                action=a.action,
                mutation=a.mutation,
                allowed=a.allowed,
                reason=a.reason_code,
                code=a.reason_code,
                message=a.message,
                requires_letter=a.requires_letter,
                reason_required=a.reason_required,
            )
            for a in actions
        ]

    @strawberry.field(description="The nomination's workflow as a Mermaid stateDiagram-v2, its current state marked.")
    async def diagram(self, info: Info) -> str:
        from workflow.queries import diagram

        return await diagram(info.context.sessions, self.id)

    @strawberry.field
    async def ceremony(self, info: Info) -> Ceremony | None:
        if self.row.ceremony_id is None:
            return None
        row = await info.context.loaders.ceremony.load(self.row.ceremony_id)
        return Ceremony.from_row(row) if row else None


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
