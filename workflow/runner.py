"""The frame every transition runs in: one write transaction that locks the nomination, checks
the expected version and idempotency key, runs the step, bumps the version and appends the audit
event; a refusal is logged in its own small transaction; committed events go to the event bus.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.models import IdempotencyKey, Nomination
from workflow import audit, events
from workflow.actor import Acting, Actor, resolve


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()


@dataclass
class Outcome:
    """What a step reports for its audit event."""

    role: str | None
    data: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None


Step = Callable[[AsyncSession, Nomination, Acting], Awaitable[Outcome]]


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
    try:
        async with write_transaction(sessions) as session:
            nomination, event_list = await apply_step(
                session, actor, nomination_id, action, step, expected_version, idempotency_key
            )
    except StaleDataError:
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
    await events.publish(event_list)
    return nomination


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
    from_state = nomination.state
    nomination.version += 1  # one transition, one version (compare-and-set against the read value)
    outcome = await step(session, nomination, acting)
    nomination.updated_at = utcnow()
    session.add(nomination)
    await session.flush()  # bumps the version; a concurrent write raises StaleDataError here
    appended = [await audit.append(session, draft_for(acting, nomination, action, from_state, outcome))]
    remember(session, actor, idempotency_key, action, nomination)
    await session.flush()
    return nomination, appended
