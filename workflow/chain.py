"""The truth about a nomination's approval chain when its dossier may have changed: which step is
current, which approvals still count, the dossier hash an approval binds to, and the nominee's
eligibility recomputed on the planned date."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.models import Approval, Employee, Nomination, Position, WorkflowDefinition
from workflow import dossier
from workflow.eligibility import to_json, verdict


@dataclass(frozen=True)
class ChainPosition:
    """Where the approval chain stands. ``index`` is the first step without a valid approval
    (``len(steps)`` when all are done); ``changed_since`` are approvals of earlier steps that no
    longer count because the dossier changed after them."""

    steps: list[dict[str, Any]]
    index: int
    approvals: list[Approval]
    digest: str
    eligibility: dict[str, Any]
    changed_since: list[Approval] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def open_step(self) -> dict[str, Any] | None:
        return None if self.done else self.steps[self.index]

    @property
    def nominee_eligible(self) -> bool:
        return not self.eligibility or bool(self.eligibility.get("eligible"))


async def _fresh_dossier(session: AsyncSession, nomination: Nomination) -> tuple[dict[str, Any], str]:
    """Eligibility recomputed on the planned date, and the dossier hash an approval binds to."""
    eligibility = nomination.eligibility
    if nomination.nominee_nip:
        employee = await session.get(Employee, nomination.nominee_nip)
        post = await session.get(Position, nomination.position_code)
        definition = await session.get(WorkflowDefinition, nomination.definition_id)
        assert employee is not None and post is not None and definition is not None
        rules = definition.body.get("rules", {})
        result = await verdict(session, rules, employee, post, nomination.planned_date or today())
        eligibility = to_json(result)
    return eligibility or {}, dossier.digest(await dossier.build(session, nomination, eligibility))


async def chain_position(session: AsyncSession, nomination: Nomination) -> ChainPosition:
    eligibility, digest = await _fresh_dossier(session, nomination)
    approvals = await dossier.valid_approvals(session, nomination, digest)
    index = dossier.current_step(nomination.steps, approvals)
    changed = await _changed_since(session, nomination, digest) if index < nomination.step_index else []
    return ChainPosition(nomination.steps, index, approvals, digest, eligibility, changed)


async def _changed_since(session: AsyncSession, nomination: Nomination, digest: str) -> list[Approval]:
    rows = await session.exec(
        select(Approval).where(
            Approval.nomination_id == nomination.id,
            Approval.round == nomination.round,
            Approval.void == False,  # noqa: E712
            Approval.dossier_hash != digest,
        )
    )
    return list(rows.all())
