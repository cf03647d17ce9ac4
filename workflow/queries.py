"""Reads the API needs: what the viewer may do next, inboxes, overdue lists, history, diagrams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import DomainError, NotFound
from domain.models import Approval, AuditEvent, Nomination, Position, WorkflowDefinition
from domain.models.nomination import OPEN_STATES
from workflow import machine
from workflow.actor import Actor, resolve
from workflow.audit import events_of
from workflow.policy import ROLES_FOR_ACTION, STEP_ACTIONS, Decision, role_decision, step_decision, unit_in_scope
from workflow.runner import today
from workflow.transition import chain_position

NOMINATION_ACTIONS = [
    "set_shortlist",
    "start_assessment",
    "record_evaluation",
    "select_nominee",
    "submit_for_approval",
    "approve",
    "return_for_revision",
    "reject",
    "withdraw",
    "schedule_inauguration",
    "record_inauguration",
    "record_oath",
]


@dataclass(frozen=True)
class AvailableAction:
    """One action as the viewer sees it: ``allowed``, else a machine ``reason_code`` and a message."""

    action: str
    allowed: bool
    reason_code: str | None = None
    message: str | None = None


async def get_nomination(session: AsyncSession, nomination_id: int) -> Nomination:
    row = await session.get(Nomination, nomination_id)
    if row is None:
        raise NotFound(f"nomination {nomination_id} does not exist; check the number")
    return row


async def available_actions(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, nomination_id: int
) -> list[AvailableAction]:
    """Every nomination action with whether ``actor`` may take it now and, if not, why
    (WRONG_STAGE, MISSING_ROLE, OUT_OF_UNIT, NOT_YOUR_STEP, SEPARATION_OF_DUTIES,
    NOMINEE_INELIGIBLE, NO_DELEGATION). Argument-level checks (a reason, witnesses) come later."""
    async with sessions() as session:
        nomination = await get_nomination(session, nomination_id)
        post = await session.get(Position, nomination.position_code)
        assert post is not None
        try:
            acting = await resolve(session, actor, today())
        except DomainError as error:
            code = getattr(error, "code", "NO_DELEGATION")
            return [AvailableAction(a, False, code, error.message) for a in NOMINATION_ACTIONS]
        chain = None
        result = []
        for action in NOMINATION_ACTIONS:
            sources = machine.sources_of(action)
            if nomination.state not in sources:
                result.append(
                    AvailableAction(
                        action, False, "WRONG_STAGE", f"possible in {', '.join(sources)}, not in {nomination.state}"
                    )
                )
                continue
            if action in STEP_ACTIONS:
                if chain is None:
                    chain = await chain_position(session, nomination)
                index, approvals, _digest, eligibility = chain
                decision = step_decision(acting, nomination, nomination.steps, index, approvals)
                if decision.allowed and action == "approve" and eligibility and not eligibility.get("eligible"):
                    result.append(
                        AvailableAction(
                            action, False, "NOMINEE_INELIGIBLE", "the nominee is no longer eligible; return it"
                        )
                    )
                    continue
            else:
                decision = await role_decision(session, acting, action, post.unit_code)
            if decision.allowed and action == "schedule_inauguration":
                if chain is None:
                    chain = await chain_position(session, nomination)
                if chain[0] < len(nomination.steps):
                    decision = Decision(False, "WRONG_STAGE", "approval steps are still open")
            if decision.allowed and action == "start_assessment" and not nomination.shortlist:
                decision = Decision(False, "WRONG_STAGE", "set a shortlist first")
            if decision.allowed and action == "submit_for_approval" and not nomination.nominee_nip:
                decision = Decision(False, "WRONG_STAGE", "the panel chair selects a nominee first")
            result.append(AvailableAction(action, decision.allowed, decision.code, decision.message))
        return result


async def history(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> list[AuditEvent]:
    """The nomination's audit events in order (transitions and refused attempts)."""
    async with sessions() as session:
        return await events_of(session, nomination_id)


async def approvals(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> list[Approval]:
    """Every approval ever recorded (void ones from earlier rounds included; see ``void``)."""
    async with sessions() as session:
        rows = await session.exec(
            select(Approval).where(Approval.nomination_id == nomination_id).order_by(col(Approval.id))
        )
        return list(rows.all())


async def overdue(sessions: async_sessionmaker[AsyncSession], on: date | None = None) -> list[Nomination]:
    """Open nominations whose current stage was due before ``on`` (default today)."""
    day = on or today()
    async with sessions() as session:
        rows = await session.exec(
            select(Nomination)
            .where(col(Nomination.state).in_(OPEN_STATES), col(Nomination.stage_due_on) < day)
            .order_by(col(Nomination.stage_due_on), col(Nomination.id))
        )
        return list(rows.all())


async def inbox(sessions: async_sessionmaker[AsyncSession], actor: Actor) -> list[Nomination]:
    """Open nominations waiting on something ``actor`` (or the official they act for) can do:
    an approval step of their role, an evaluation for panel members, an operator stage in their unit.
    Uses the stored step; a changed dossier is caught when they act. The post's unit comes with
    each row (one query, not one per nomination)."""
    async with sessions() as session:
        acting = await resolve(session, actor, today())
        rows = await session.exec(
            select(Nomination, Position.unit_code)
            .join(Position, col(Position.code) == col(Nomination.position_code))
            .where(col(Nomination.state).in_(OPEN_STATES))
            .order_by(col(Nomination.id))
        )
        mine = []
        for nomination, unit_code in rows.all():
            if nomination.state == "approval" and nomination.step_index < len(nomination.steps):
                waiting = nomination.steps[nomination.step_index]["role"] in acting.roles
            elif nomination.state == "assessment":
                waiting = bool(acting.roles & ROLES_FOR_ACTION["record_evaluation"])
            else:  # mapping, approval with every step done, inauguration, oath: the operator's stages
                waiting = "operator" in acting.roles and await unit_in_scope(session, acting.unit_code, unit_code)
            if waiting:
                mine.append(nomination)
        return mine


async def diagram(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> str:
    """Mermaid ``stateDiagram-v2`` of the nomination's definition, its current state highlighted."""
    async with sessions() as session:
        nomination = await get_nomination(session, nomination_id)
        definition = await session.get(WorkflowDefinition, nomination.definition_id)
        assert definition is not None
        steps = nomination.steps or definition.body["approval_steps"]
        return machine.mermaid(steps, nomination.state)
