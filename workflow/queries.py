"""Reads the API needs: what the viewer may do next, inboxes, overdue lists, history, diagrams."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import NotAllowed, NotFound
from domain.models import Approval, AuditEvent, Nomination, Position, WorkflowDefinition
from domain.models.nomination import overdue_clause
from workflow import machine
from workflow.actions import ACTIONS, decide, letter_required, reason_required
from workflow.actor import Acting, Actor, resolve
from workflow.audit import events_of
from workflow.facts import load_facts
from workflow.inbox_rule import WAITING_STATES, acting_for_inbox, operator_scope, waits_on
from workflow.runner import require_visible


@dataclass(frozen=True)
class AvailableAction:
    """One action as the viewer sees it: ``allowed``, else a machine ``reason_code`` and a message;
    ``mutation`` is the GraphQL field that takes it; ``requires_letter`` and ``reason_required``
    tell the page which arguments it must ask for."""

    action: str
    allowed: bool
    reason_code: str | None = None
    message: str | None = None
    mutation: str = ""
    requires_letter: bool = False
    reason_required: bool = False


async def get_nomination(session: AsyncSession, nomination_id: int) -> Nomination:
    row = await session.get(Nomination, nomination_id)
    if row is None:
        raise NotFound(
            f"nomination {nomination_id} does not exist; check the number",
            key="not_found.nomination",
            params={"nomination": nomination_id},
        )
    return row


async def available_actions(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, nomination_id: int
) -> list[AvailableAction]:
    """Every nomination action with whether ``actor`` may take it now and, if not, why — the same
    ``decide`` the mutations run, on the same facts. Argument checks (a reason, witnesses) come
    when the action is taken; ``reason_required``/``requires_letter`` announce the two that depend
    on the definition."""
    async with sessions() as session:
        nomination = await get_nomination(session, nomination_id)
        try:
            acting = await resolve(session, actor, today())
        except NotAllowed as error:
            await require_visible(session, Acting(actor), nomination)
            return [
                AvailableAction(name, False, error.code, error.message, spec.mutation) for name, spec in ACTIONS.items()
            ]
        await require_visible(session, acting, nomination)
        facts = await load_facts(session, nomination, acting)
        result = []
        for name, spec in ACTIONS.items():
            decision = decide(name, facts, acting, nomination.id)
            result.append(
                AvailableAction(
                    name,
                    decision.allowed,
                    decision.code,
                    decision.message,
                    spec.mutation,
                    letter_required(name, facts),
                    reason_required(name, facts),
                )
            )
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
            select(Nomination).where(overdue_clause(day)).order_by(col(Nomination.stage_due_on), col(Nomination.id))
        )
        return list(rows.all())


async def inbox(sessions: async_sessionmaker[AsyncSession], actor: Actor, on: date | None = None) -> list[Nomination]:
    """Open nominations waiting on something ``actor`` (or the official they act for on ``on``,
    default today) can do: an approval step of their role, an evaluation for panel members, an
    operator stage in their unit — ``workflow.inbox_rule.waits_on``, the Python twin of the SQL
    filter the compiled read path uses. Uses the stored step; a changed dossier is caught when
    they act. The post's unit comes with each row, the operator's scope is read once."""
    async with sessions() as session:
        acting = await acting_for_inbox(session, actor, on or today())
        scope = await operator_scope(session, acting)
        rows = await session.exec(
            select(Nomination, Position.unit_code)
            .join(Position, col(Position.code) == col(Nomination.position_code))
            .where(col(Nomination.state).in_(WAITING_STATES))
            .order_by(col(Nomination.id))
        )
        return [
            nomination
            for nomination, unit_code in rows.all()
            if waits_on(nomination.state, nomination.step_index, nomination.steps, unit_code, acting.roles, scope)
        ]


async def diagram(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> str:
    """Mermaid ``stateDiagram-v2`` of the nomination's definition, its current state highlighted."""
    async with sessions() as session:
        nomination = await get_nomination(session, nomination_id)
        definition = await session.get(WorkflowDefinition, nomination.definition_id)
        assert definition is not None
        steps = nomination.steps or definition.body["approval_steps"]
        return machine.mermaid(steps, nomination.state)


@dataclass(frozen=True)
class LastReturn:
    """The return for revision that opened the nomination's current round: the official's
    ``reason``, who returned it (and for whom), when, and the nominee it cleared."""

    reason: str | None
    actor: str
    on_behalf_of: str | None
    at: datetime
    cleared_nominee_nip: str | None
    from_step: int | None


def last_return_of(events: Sequence[AuditEvent], round_: int) -> LastReturn | None:
    """From a nomination's audit events in order: the last ``return_for_revision`` that started
    round ``round_`` (None when the round did not start with one), with the nominee selected
    before it (the one the return cleared)."""
    nominee: str | None = None
    found: LastReturn | None = None
    for event in events:
        if event.outcome != "ok":
            continue
        data = json.loads(event.data or "{}")
        if event.action == "select_nominee":
            nominee = data.get("nominee_nip")
        elif event.action == "return_for_revision" and data.get("new_round") == round_:
            found = LastReturn(
                event.reason, event.actor_username, event.on_behalf_of_username, event.at, nominee, data.get("step")
            )
            nominee = None
    return found


async def last_return(session: AsyncSession, nomination_id: int) -> LastReturn | None:
    """The return for revision of the nomination's current round, if it was returned."""
    nomination = await get_nomination(session, nomination_id)
    return last_return_of(await events_of(session, nomination_id, include_refused=False), nomination.round)
