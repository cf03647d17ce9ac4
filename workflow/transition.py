"""What every transition of ``workflow.service`` and ``workflow.inauguration`` shares: the
definition and post of a nomination, the stage and role checks, firing the state machine, the
stage's due date, and the truth about the approval chain (fresh eligibility, dossier hash)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.models import Approval, Employee, Nomination, Position, WorkflowDefinition
from domain.models.nomination import OPEN_STATES
from workflow import calendar, dossier, machine
from workflow.actor import Acting
from workflow.eligibility import to_json, verdict
from workflow.policy import role_decision
from workflow.runner import today


async def definition_of(session: AsyncSession, nomination: Nomination) -> WorkflowDefinition:
    row = await session.get(WorkflowDefinition, nomination.definition_id)
    assert row is not None
    return row


async def post_of(session: AsyncSession, code: str) -> Position:
    post = await session.get(Position, code)
    if post is None:
        raise NotFound(f'post "{code}" does not exist; use a code from positions.csv')
    return post


def require_stage(nomination: Nomination, action: str) -> None:
    sources = machine.sources_of(action)
    if nomination.state not in sources:
        raise NotAllowed(
            f"cannot {action.replace('_', ' ')} nomination {nomination.id}: it is in {nomination.state}, "
            f"and this is possible only in {', '.join(sources)}",
            code="WRONG_STAGE",
        )


def require_reason(reason: str | None, action: str, body: dict[str, Any]) -> str:
    """The reason, required when the definition lists ``action`` under ``reasons_required``."""
    text = (reason or "").strip()
    if not text and action in body.get("reasons_required", ()):
        raise InvalidInput(f"{action.replace('_', ' ')} needs a reason; say why in a sentence")
    return text


async def stage_role(session: AsyncSession, acting: Acting, nomination: Nomination, action: str) -> str | None:
    """The stage check, then the role and unit scope of an action that is not an approval step."""
    require_stage(nomination, action)
    post = await post_of(session, nomination.position_code)
    return (await role_decision(session, acting, action, post.unit_code)).raise_if_refused()


async def fire(nomination: Nomination, action: str, why_not: str = "", **facts: bool) -> None:
    flow = machine.Flow(state=nomination.state, **facts)
    nomination.state = await machine.fire(str(nomination.definition_id), flow, action, why_not)


async def set_due(session: AsyncSession, nomination: Nomination, body: dict[str, Any]) -> None:
    """The current stage's due date in working days from today (approval: the current step's)."""
    days: int | None
    if nomination.state == "approval" and nomination.step_index < len(nomination.steps):
        days = nomination.steps[nomination.step_index].get("due_working_days")
    else:
        days = body["stages"].get(nomination.state, {}).get("due_working_days")
    if nomination.state not in OPEN_STATES or not days:
        nomination.stage_due_on = None
    else:
        nomination.stage_due_on = await calendar.due_date(session, today(), int(days))


async def _fresh_dossier(session: AsyncSession, nomination: Nomination) -> tuple[dict[str, Any], str]:
    """Eligibility recomputed on the planned date, and the dossier hash an approval binds to."""
    eligibility = nomination.eligibility
    if nomination.nominee_nip:
        employee = await session.get(Employee, nomination.nominee_nip)
        post = await post_of(session, nomination.position_code)
        body = (await definition_of(session, nomination)).body
        assert employee is not None
        result = await verdict(session, body.get("rules", {}), employee, post, nomination.planned_date or today())
        eligibility = to_json(result)
    return eligibility or {}, dossier.digest(await dossier.build(session, nomination, eligibility))


async def chain_position(session: AsyncSession, nomination: Nomination) -> tuple[int, list[Approval], str, dict]:
    """(current step index, valid approvals, dossier hash, fresh eligibility) — the truth about the chain."""
    eligibility, digest = await _fresh_dossier(session, nomination)
    approvals = await dossier.valid_approvals(session, nomination, digest)
    return dossier.current_step(nomination.steps, approvals), approvals, digest, eligibility


async def stale_approvals(session: AsyncSession, nomination: Nomination, digest: str) -> list[Approval]:
    rows = await session.exec(
        select(Approval).where(
            Approval.nomination_id == nomination.id,
            Approval.round == nomination.round,
            Approval.void == False,  # noqa: E712
            Approval.dossier_hash != digest,
        )
    )
    return list(rows.all())
