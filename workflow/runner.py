"""The frame every action runs in: one write transaction; a refusal logged in its own small
transaction; committed events to the event bus (:func:`in_frame`). For a nomination's transition
(:func:`run_step`) the frame also locks the row, checks the idempotency key and the expected
version, asks the action table (``workflow.actions.decide``) — so no step can forget a check —
runs the step, moves the state to the table's destination, bumps the version and appends the
audit event. Creating a nomination or a ceremony uses the same frame.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import can_see_nomination, with_unit_scope
from domain.clock import today
from domain.db import is_busy, write_transaction
from domain.errors import Conflict, DomainError, InvalidInput, NotFound, NotVisible
from domain.models import IdempotencyKey, Nomination, Position
from workflow import audit, events
from workflow.actions import Facts, decide
from workflow.actor import Acting, Actor, resolve
from workflow.facts import load_facts
from workflow.limits import refusal_may_be_logged
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
        raise NotFound(no_such_nomination(nomination_id))
    return row


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
        raise NotVisible(no_such_nomination(nomination.id or 0))


def stale(nomination: Nomination, expected_version: int) -> Conflict:
    return Conflict(
        f"nomination {nomination.id} changed since you loaded it (version {expected_version}); it is now "
        f"{nomination.state} at version {nomination.version} — reload and decide again",
        current_state=nomination.state,
        current_version=nomination.version,
    )


MAX_KEY = 200  # the column's width


def request_digest(arguments: dict[str, Any] | None) -> str:
    """The hash of a request's arguments an idempotency key is bound to."""
    return hashlib.sha256(audit.canonical_json(arguments or {}).encode("utf-8")).hexdigest()


async def find_idempotent(
    session: AsyncSession,
    actor: Actor,
    key: str,
    action: str,
    nomination_id: int | None = None,
    arguments: dict[str, Any] | None = None,
) -> IdempotencyKey | None:
    """The first answer to this request, when ``key`` was used before by the same person for the
    same operation on the same nomination with the same arguments; a key reused for anything else
    is refused (``InvalidInput``) — it is bound to (person, operation, nomination, arguments)."""
    if len(key) > MAX_KEY:
        raise InvalidInput(
            f"an idempotency key has at most {MAX_KEY} characters, this one {len(key)}; use a shorter one"
        )
    row = await session.get(IdempotencyKey, (actor.user_id, key))
    if row is None:
        return None
    if row.action != action:
        raise InvalidInput(f'idempotency key "{key}" was used for {row.action}, not {action}; use a new key')
    same_target = nomination_id is None or row.nomination_id == nomination_id
    if not same_target or row.result.get("request") != request_digest(arguments):
        raise InvalidInput(
            f'idempotency key "{key}" was used for another {action.replace("_", " ")} request '
            "(another nomination or other arguments); use a new key for a new request"
        )
    return row


def remember(
    session: AsyncSession,
    actor: Actor,
    key: str | None,
    action: str,
    nomination: Nomination,
    arguments: dict[str, Any] | None = None,
) -> None:
    if key:
        session.add(
            IdempotencyKey(
                actor_user_id=actor.user_id,
                key=key,
                action=action,
                nomination_id=nomination.id,
                result={
                    "nomination_id": nomination.id,
                    "state": nomination.state,
                    "version": nomination.version,
                    "request": request_digest(arguments),
                },
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
    """One "refused" event, in its own transaction (the refused step's transaction rolled back);
    not written past ``limits.REFUSALS_PER_MINUTE`` for one person (see ``workflow.limits``)."""
    if not refusal_may_be_logged(sessions, actor.user_id):
        return
    state = getattr(error, "current_state", None)
    data: dict[str, Any] = {"message": error.message, "arguments": arguments or {}}
    if actor.delegation_id is not None:
        data["delegation_id"] = actor.delegation_id
    checks = getattr(error, "checks", None)
    if checks:
        data["failing_checks"] = [getattr(c, "rule", str(c)) for c in checks]
    try:
        event = await _append_refusal(sessions, actor, action, nomination_id, error, state, data)
    except (sa_exc.OperationalError, sa_exc.DBAPIError) as exc:
        if not is_busy(exc):
            raise
        logging.getLogger(__name__).warning("refusal of %s by %s not logged: database busy", action, actor.username)
        return
    await events.publish([event])


async def _append_refusal(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    action: str,
    nomination_id: int | None,
    error: DomainError,
    state: str | None,
    data: dict[str, Any],
) -> Any:
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
    return event


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
    except (sa_exc.OperationalError, sa_exc.DBAPIError) as exc:
        if not is_busy(exc):
            raise
        # A lock wait that ran out or a deadlock victim: nothing was written. Typed and retryable;
        # not logged (the log would need the same busy lock).
        raise Conflict(
            f"the database is busy and {action.replace('_', ' ')} was not done; nothing changed — try again",
            current_state=None,
            current_version=None,
        ) from None
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
    except NotVisible as error:  # answered as NotFound, but an attempt on a hidden record is worth auditing
        await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise
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
        return await apply_step(
            session, actor, nomination_id, action, step, expected_version, idempotency_key, arguments
        )

    return await in_frame(sessions, actor, action, work, nomination_id=nomination_id, arguments=arguments)


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
    """The body of :func:`run_step` inside a caller's write transaction (ceremonies reuse it).
    Order: lock, who acts, visibility, idempotency key, expected version, the action table."""
    nomination = await lock_nomination(session, nomination_id)
    acting = await resolve(session, actor, today())
    await require_visible(session, acting, nomination)
    if idempotency_key and await find_idempotent(session, actor, idempotency_key, action, nomination.id, arguments):
        return nomination, []
    if expected_version is not None and expected_version != nomination.version:
        raise stale(nomination, expected_version)
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
    remember(session, actor, idempotency_key, action, nomination, arguments)
    await session.flush()
    return nomination, appended
