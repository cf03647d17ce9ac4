"""A nomination's transition, in two parts. (Every action's write runs in the frame of
``workflow.frame``: one write transaction, a refusal logged in it, the events published.)

A nomination's transition (:func:`run_step`) is split so that the write lock is held only for the
write. The write lock is SQLite's one file lock (``BEGIN IMMEDIATE``) — while it is held no other
action anywhere can write — and the nomination's row lock on PostgreSQL.

1. **Plan, without the lock** (:func:`plan_step`), in a read transaction (one snapshot): who acts,
   visibility, the idempotency key, the expected version, the facts the action table decides on —
   in the approval stage the nominee's eligibility recomputed and the dossier hash — the action
   table's decision (``workflow.actions.decide``), and a step's own read-only work (``prepare``,
   e.g. the nominee's eligibility verdict). A refusal here is logged by the refusal writer.
2. **Re-check and write, under the lock** (:func:`recheck`, :func:`carry_out`): the row locked,
   the idempotency key again (a resend may have won meanwhile), then what the decision read that
   can change: the nomination's version (every transition bumps it, and the shortlist, nominee,
   evaluations and approvals change only with a transition), the delegation, the post's unit,
   the operator's unit scope and visibility — a few primary-key reads. Unchanged → the step runs,
   the stage moves to the table's destination, the version is bumped, the audit event appended.
   Changed → planned again from the new state (a racer that lost is then refused with the reason
   that now holds, or ``Conflict`` when it named the version it expected); after
   ``OPTIMISTIC_ATTEMPTS`` the step is planned under the lock, so a hot nomination still progresses.

The eligibility a plan computed may be overtaken by an import of the nominee's data while the lock
is awaited: an approval binds to the dossier hash it saw, and counts only while the hash still
matches (``workflow.chain``), so a changed dossier sends the chain back to that step — the same
guarantee as when the data changes just after the approval.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import can_see_nomination, unit_in_scope, with_unit_scope
from domain.clock import today
from domain.db import DATABASE_ERRORS, is_busy, read_snapshot
from domain.errors import Conflict, DomainError, NotFound, NotVisible
from domain.models import Nomination, Position
from workflow import audit
from workflow.actions import Facts, decide
from workflow.actor import Acting, Actor, resolve
from workflow.chain import chain_position
from workflow.facts import load_facts
from workflow.frame import busy, in_frame, log_refusal
from workflow.idempotency import MAX_KEY, find_idempotent, remember, request_digest
from workflow.shared_work import shared_chain
from workflow.transition import set_due

__all__ = [
    "MAX_KEY", "OPTIMISTIC_ATTEMPTS", "Outcome", "Plan", "Step", "Turn", "TwoPhaseStep", "apply_step", "carry_out",
    "draft_for", "find_idempotent", "in_frame", "is_visible", "log_refusal", "plan_step", "recheck", "remember",
    "request_digest", "require_visible", "run_step", "utcnow",
]  # fmt: skip

# Plans made without the lock before one is made under it (a nomination changing under every one).
OPTIMISTIC_ATTEMPTS = 2


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Outcome:
    """What a step reports for its audit event (the role comes from the action table's decision,
    unless the step set one)."""

    data: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    role: str | None = None


@dataclass
class Turn:
    """One step's view of its transition: the row, who acts, the facts decided on, the role the
    action table granted, and what the step's ``prepare`` computed before the lock (if it has one)."""

    session: AsyncSession
    nomination: Nomination
    acting: Acting
    facts: Facts
    role: str | None
    prepared: Any = None


Step = Callable[[Turn], Awaitable[Outcome]]
T = TypeVar("T")


@dataclass(frozen=True)
class TwoPhaseStep:
    """A step with read-only work of its own (``prepare``, run while planning, without the write
    lock; its result is ``turn.prepared``) and the write (``apply``, under the lock)."""

    prepare: Callable[[Turn], Awaitable[Any]]
    apply: Step

    async def __call__(self, turn: Turn) -> Outcome:
        return await self.apply(turn)


class _Changed(Exception):
    """What a plan read changed before the lock was taken: plan again (never reaches a caller)."""


async def _nomination(session: AsyncSession, nomination_id: int, *, lock: bool) -> Nomination:
    """The nomination row; ``lock``: ``FOR UPDATE`` on PostgreSQL (SQLite's BEGIN IMMEDIATE already
    holds the write lock), so two officials cannot both pass the checks made under it."""
    query = select(Nomination).where(Nomination.id == nomination_id)
    if lock:
        query = query.with_for_update()
    row = (await session.exec(query.execution_options(populate_existing=True))).first()
    if row is None:
        raise NotFound(
            no_such_nomination(nomination_id), key="not_found.nomination", params={"nomination": nomination_id}
        )
    return row


async def lock_nomination(session: AsyncSession, nomination_id: int) -> Nomination:
    return await _nomination(session, nomination_id, lock=True)


def no_such_nomination(nomination_id: int) -> str:
    return f"nomination {nomination_id} does not exist; check the number"


async def is_visible(session: AsyncSession, acting: Acting, nomination: Nomination) -> bool:
    """Whether the acting person may see the nomination (``domain.access``); under a Plt/Plh
    delegation the roles of the official represented count too."""
    post = await session.get(Position, nomination.position_code)
    viewer = replace(await with_unit_scope(session, acting.actor), roles=acting.roles)
    return can_see_nomination(viewer, nomination, post.unit_code if post else None)


async def require_visible(session: AsyncSession, acting: Acting, nomination: Nomination) -> None:
    """Visibility before anything else (idempotency key, version, stage, role): a nomination the
    acting person may not see is answered as if it did not exist, so no refusal message reveals
    its state, version, unit or approver."""
    if not await is_visible(session, acting, nomination):
        raise NotVisible(
            no_such_nomination(nomination.id or 0),
            key="not_found.nomination",
            params={"nomination": nomination.id or 0},
        )


def stale(nomination: Nomination, expected_version: int) -> Conflict:
    return Conflict(
        f"nomination {nomination.id} changed since you loaded it (version {expected_version}); it is now "
        f"{nomination.state} at version {nomination.version} — reload and decide again",
        current_state=nomination.state,
        current_version=nomination.version,
        key="conflict.stale",
        params={"nomination": nomination.id, "expected": expected_version, "state": nomination.state},
    )


def draft_for(
    acting: Acting, nomination: Nomination, action: str, from_state: str | None, outcome: Outcome
) -> audit.EventDraft:
    principal = acting.principal
    return audit.EventDraft(
        action=action,
        actor_username=acting.actor.username,
        actor_user_id=acting.actor.user_id,
        on_behalf_of_user_id=principal.user_id if principal else None,
        on_behalf_of_username=principal.username if principal else None,
        role=outcome.role,
        nomination_id=nomination.id,
        from_state=from_state,
        to_state=nomination.state,
        reason=outcome.reason,
        data={**outcome.data, "version": nomination.version, "round": nomination.round},
    )


@dataclass
class Plan:
    """What the read-only part of a transition decided, for the locked part to re-check and carry out."""

    nomination: Nomination
    acting: Acting
    facts: Facts
    role: str | None
    dest: str | None
    prepared: Any = None


async def plan_step(
    session: AsyncSession,
    actor: Actor,
    nomination_id: int,
    action: str,
    step: Step,
    expected_version: int | None,
    idempotency_key: str | None,
    arguments: dict[str, Any] | None = None,
    *,
    lock: bool = False,
) -> Plan | Nomination:
    """The read-only part of a transition: the plan, or the nomination itself when the idempotency
    key says the request was done before. Order: who acts, visibility, idempotency key, expected
    version, the action table, the step's own ``prepare``. ``lock``: lock the row first (planning
    inside a caller's write transaction)."""
    nomination = await _nomination(session, nomination_id, lock=lock)
    acting = await resolve(session, actor, today())
    await require_visible(session, acting, nomination)
    if idempotency_key and await find_idempotent(session, actor, idempotency_key, action, nomination.id, arguments):
        return nomination
    if expected_version is not None and expected_version != nomination.version:
        raise stale(nomination, expected_version)
    # Planning without the lock, concurrent plans of this version share one chain computation.
    facts = await load_facts(session, nomination, acting, chain_position if lock else shared_chain)
    decision = decide(action, facts, acting, nomination.id)
    role = decision.raise_if_refused()
    prepare = step.prepare if isinstance(step, TwoPhaseStep) else None
    prepared = await prepare(Turn(session, nomination, acting, facts, role)) if prepare else None
    return Plan(nomination, acting, facts, role, decision.dest, prepared)


async def recheck(
    session: AsyncSession,
    actor: Actor,
    plan: Plan,
    action: str,
    idempotency_key: str | None,
    arguments: dict[str, Any] | None = None,
) -> Plan | Nomination:
    """Under the write lock: the plan with the locked row, or the nomination when a resend with the
    same idempotency key won meanwhile; raises ``_Changed`` when anything the plan read changed."""
    planned = plan.nomination
    assert planned.id is not None
    nomination = await lock_nomination(session, planned.id)
    if idempotency_key and await find_idempotent(session, actor, idempotency_key, action, nomination.id, arguments):
        return nomination
    if nomination.version != planned.version:
        raise _Changed
    acting = await resolve(session, actor, today())
    post = await session.get(Position, nomination.position_code)
    unit = post.unit_code if post else None
    if (
        acting != plan.acting
        or unit != plan.facts.post_unit
        or await unit_in_scope(session, acting.unit_code, unit) != plan.facts.in_unit
        or not await is_visible(session, acting, nomination)
    ):
        raise _Changed
    return replace(plan, nomination=nomination)


async def carry_out(
    session: AsyncSession,
    actor: Actor,
    plan: Plan,
    action: str,
    step: Step,
    idempotency_key: str | None,
    arguments: dict[str, Any] | None = None,
) -> tuple[Nomination, list[Any]]:
    """The write of a planned transition, under the lock: the step, the stage, the version, the
    due date, the audit event and the idempotency key."""
    nomination, acting = plan.nomination, plan.acting
    from_state, from_step = nomination.state, nomination.step_index
    nomination.version += 1  # one transition, one version (compare-and-set against the read value)
    nomination.updated_at = utcnow()
    if plan.dest is not None:
        nomination.state = plan.dest  # before the step, whose effects may depend on the new stage
    outcome = await step(Turn(session, nomination, acting, plan.facts, plan.role, plan.prepared))
    outcome.role = outcome.role or plan.role
    if (nomination.state, nomination.step_index) != (from_state, from_step):
        await set_due(session, nomination)
    session.add(nomination)
    await session.flush()  # bumps the version; a concurrent write raises StaleDataError here
    appended = [await audit.append(session, draft_for(acting, nomination, action, from_state, outcome))]
    remember(session, actor, idempotency_key, action, nomination, arguments)
    await session.flush()
    return nomination, appended


async def apply_step(
    session: AsyncSession,
    actor: Actor,
    nomination_id: int,
    action: str,
    step: Step,
    expected_version: int | None,
    idempotency_key: str | None,
    arguments: dict[str, Any] | None = None,
) -> tuple[Nomination, list[Any]]:
    """A whole transition inside a caller's write transaction (ceremonies; and :func:`run_step` when
    its plans keep going stale): planned under the lock, then carried out."""
    plan = await plan_step(
        session, actor, nomination_id, action, step, expected_version, idempotency_key, arguments, lock=True
    )
    if isinstance(plan, Nomination):
        return plan, []
    return await carry_out(session, actor, plan, action, step, idempotency_key, arguments)


async def _plan_unlocked(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    action: str,
    step: Step,
    expected_version: int | None,
    idempotency_key: str | None,
    arguments: dict[str, Any] | None,
) -> Plan | Nomination:
    try:
        async with read_snapshot(sessions) as session:  # one snapshot, no write lock
            return await plan_step(
                session, actor, nomination_id, action, step, expected_version, idempotency_key, arguments
            )
    except DATABASE_ERRORS as exc:
        if not is_busy(exc):
            raise
        raise busy(action) from None
    except NotFound as error:
        if isinstance(error, NotVisible):  # answered as NotFound, but an attempt on a hidden record is audited
            await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise
    except DomainError as error:
        await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise


async def run_step(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    action: str,
    step: Step,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    arguments: dict[str, Any] | None = None,
) -> Nomination:
    """Run one transition: planned without the write lock, re-checked and written under it, in one
    transaction; see the module docstring."""

    async def locked(plan: Plan, session: AsyncSession) -> tuple[Nomination, list[Any]]:
        checked = await recheck(session, actor, plan, action, idempotency_key, arguments)
        if isinstance(checked, Nomination):
            return checked, []
        return await carry_out(session, actor, checked, action, step, idempotency_key, arguments)

    frame = partial(in_frame, sessions, actor, action, nomination_id=nomination_id, arguments=arguments)
    for _ in range(OPTIMISTIC_ATTEMPTS):
        plan = await _plan_unlocked(
            sessions, actor, nomination_id, action, step, expected_version, idempotency_key, arguments
        )
        if isinstance(plan, Nomination):
            return plan
        try:
            return await frame(partial(locked, plan))
        except _Changed:
            logging.getLogger(__name__).debug("%s of nomination %s: changed while planning", action, nomination_id)
    # The nomination changed under every plan (many racing for it): plan under the lock this once.
    return await frame(
        lambda session: apply_step(
            session, actor, nomination_id, action, step, expected_version, idempotency_key, arguments
        )
    )
