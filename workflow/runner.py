"""The frame every action runs in: one write transaction; a refusal logged in its own small
transaction; committed events to the event bus (:func:`in_frame`). For a nomination's transition
(:func:`run_step`) the frame also locks the row, checks the idempotency key and the expected
version, asks the action table (``workflow.actions.decide``) — so no step can forget a check —
runs the step, moves the state to the table's destination, bumps the version and appends the
audit event. Creating a nomination or a ceremony uses the same frame.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.db import write_transaction
from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.models import IdempotencyKey, Nomination
from workflow import audit, events
from workflow.actions import Facts, decide
from workflow.actor import Acting, Actor, resolve
from workflow.facts import load_facts
from workflow.transition import set_due


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
    """One step's view of its transition: the locked row, who acts, the facts decided on, and the
    role the action table granted."""

    session: AsyncSession
    nomination: Nomination
    acting: Acting
    facts: Facts
    role: str | None


Step = Callable[[Turn], Awaitable[Outcome]]
T = TypeVar("T")


async def lock_nomination(session: AsyncSession, nomination_id: int) -> Nomination:
    """The nomination row, locked ``FOR UPDATE`` on PostgreSQL (SQLite's BEGIN IMMEDIATE already
    holds the write lock) — taken before any check so two officials cannot both pass them."""
    row = (
        await session.exec(
            select(Nomination)
            .where(Nomination.id == nomination_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise NotFound(f"nomination {nomination_id} does not exist; check the number")
    return row


def stale(nomination: Nomination, expected_version: int) -> Conflict:
    return Conflict(
        f"nomination {nomination.id} changed since you loaded it (version {expected_version}); it is now "
        f"{nomination.state} at version {nomination.version} — reload and decide again",
        current_state=nomination.state,
        current_version=nomination.version,
    )


async def find_idempotent(session: AsyncSession, actor: Actor, key: str, action: str) -> IdempotencyKey | None:
    row = await session.get(IdempotencyKey, (actor.user_id, key))
    if row is not None and row.action != action:
        raise InvalidInput(f'idempotency key "{key}" was used for {row.action}, not {action}; use a new key')
    return row


def remember(session: AsyncSession, actor: Actor, key: str | None, action: str, nomination: Nomination) -> None:
    if key:
        session.add(
            IdempotencyKey(
                actor_user_id=actor.user_id,
                key=key,
                action=action,
                nomination_id=nomination.id,
                result={"nomination_id": nomination.id, "state": nomination.state, "version": nomination.version},
                created_at=utcnow(),
            )
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


async def log_refusal(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    action: str,
    nomination_id: int | None,
    error: DomainError,
    arguments: dict[str, Any] | None = None,
) -> None:
    """One "refused" event, in its own transaction (the refused step's transaction rolled back)."""
    state = getattr(error, "current_state", None)
    data: dict[str, Any] = {"message": error.message, "arguments": arguments or {}}
    if actor.delegation_id is not None:
        data["delegation_id"] = actor.delegation_id
    checks = getattr(error, "checks", None)
    if checks:
        data["failing_checks"] = [getattr(c, "rule", str(c)) for c in checks]
    async with write_transaction(sessions) as session:
        if nomination_id is not None and state is None:
            row = await session.get(Nomination, nomination_id)
            state = row.state if row else None
        event = await audit.append(
            session,
            audit.EventDraft(
                action=action,
                actor_username=actor.username,
                actor_user_id=actor.user_id,
                nomination_id=nomination_id,
                from_state=state,
                to_state=state,
                outcome="refused",
                error_code=getattr(error, "code", None) or type(error).__name__.upper(),
                data=data,
            ),
        )
    await events.publish([event])


async def current_of(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> Nomination | None:
    async with sessions() as session:
        return await session.get(Nomination, nomination_id)


async def in_frame(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    action: str,
    work: Callable[[AsyncSession], Awaitable[tuple[T, list[Any]]]],
    *,
    nomination_id: int | None = None,
    arguments: dict[str, Any] | None = None,
) -> T:
    """Run ``work`` (→ result, audit events) in one write transaction. A refusal (any
    ``DomainError`` but ``NotFound``) is logged as a "refused" event; a concurrent change of the
    nomination is a ``Conflict``; the committed events go to the event bus."""
    try:
        async with write_transaction(sessions) as session:
            result, appended = await work(session)
    except StaleDataError:
        assert nomination_id is not None
        current = await current_of(sessions, nomination_id)
        error = Conflict(
            f"nomination {nomination_id} was changed by someone else at the same moment; it is now "
            f"{current.state if current else 'gone'} — reload and decide again",
            current_state=current.state if current else None,
            current_version=current.version if current else None,
        )
        await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise error from None
    except NotFound:
        raise
    except DomainError as error:
        await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise
    await events.publish(appended)
    return result


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
    """Run one transition as one transaction; see the module docstring."""

    async def work(session: AsyncSession) -> tuple[Nomination, list[Any]]:
        return await apply_step(session, actor, nomination_id, action, step, expected_version, idempotency_key)

    return await in_frame(sessions, actor, action, work, nomination_id=nomination_id, arguments=arguments)


async def apply_step(
    session: AsyncSession,
    actor: Actor,
    nomination_id: int,
    action: str,
    step: Step,
    expected_version: int | None,
    idempotency_key: str | None,
) -> tuple[Nomination, list[Any]]:
    """The body of :func:`run_step` inside a caller's write transaction (ceremonies reuse it)."""
    nomination = await lock_nomination(session, nomination_id)
    if idempotency_key and await find_idempotent(session, actor, idempotency_key, action):
        return nomination, []
    if expected_version is not None and expected_version != nomination.version:
        raise stale(nomination, expected_version)
    acting = await resolve(session, actor, today())
    facts = await load_facts(session, nomination, acting)
    decision = decide(action, facts, acting, nomination.id)
    role = decision.raise_if_refused()
    from_state, from_step = nomination.state, nomination.step_index
    nomination.version += 1  # one transition, one version (compare-and-set against the read value)
    if decision.dest is not None:
        nomination.state = decision.dest  # before the step, whose effects may depend on the new stage
    outcome = await step(Turn(session, nomination, acting, facts, role))
    outcome.role = outcome.role or role
    if (nomination.state, nomination.step_index) != (from_state, from_step):
        await set_due(session, nomination)
    nomination.updated_at = utcnow()
    session.add(nomination)
    await session.flush()  # bumps the version; a concurrent write raises StaleDataError here
    appended = [await audit.append(session, draft_for(acting, nomination, action, from_state, outcome))]
    remember(session, actor, idempotency_key, action, nomination)
    await session.flush()
    return nomination, appended
