"""The frame every action runs in: one write transaction; a refusal found in it rolled back to a
savepoint and logged in the same transaction (``workflow.refusals``: no second lock round); a lock
wait that ran out answered as a typed, retryable ``Conflict``; the committed events handed to the
event bus. Creating a nomination, a ceremony or a delegation runs in it, and so does the locked
part of a nomination's transition (``workflow.runner``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import DATABASE_ERRORS, is_busy, write_transaction
from domain.errors import Conflict, DomainError, NotFound, NotVisible
from domain.models import Nomination
from workflow import events, refusals
from workflow.actor import Actor

__all__ = ["busy", "in_frame", "log_refusal"]

T = TypeVar("T")


async def log_refusal(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    action: str,
    nomination_id: int | None,
    error: DomainError,
    arguments: dict[str, Any] | None = None,
) -> None:
    """One "refused" event for a refusal found outside a write transaction, through the refusal
    writer (batched with others; not past ``limits.REFUSALS_PER_MINUTE`` for one person)."""
    await refusals.log(sessions, refusals.draft_of(actor, action, nomination_id, error, arguments))


async def current_of(sessions: async_sessionmaker[AsyncSession], nomination_id: int) -> Nomination | None:
    async with sessions() as session:
        return await session.get(Nomination, nomination_id)


def busy(action: str) -> Conflict:
    # A lock wait that ran out or a deadlock victim: nothing was written. Typed and retryable.
    return Conflict(
        f"the database is busy and {action.replace('_', ' ')} was not done; nothing changed — try again",
        current_state=None,
        current_version=None,
        key="conflict.busy",
    )


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
    ``DomainError`` but ``NotFound``; ``NotVisible`` is one) rolls ``work`` back to a savepoint
    and is logged as a "refused" event in the same transaction — no second lock round; a
    concurrent change of the nomination is a ``Conflict``; the committed events go to the event bus."""
    refusal: DomainError | None = None
    try:
        async with write_transaction(sessions) as session:
            try:
                async with session.begin_nested():
                    result, appended = await work(session)
            except NotVisible as error:  # answered as NotFound, but an attempt on a hidden record is audited
                refusal = error
            except NotFound:
                raise
            except DomainError as error:
                refusal = error
            if refusal is not None:
                draft = refusals.draft_of(actor, action, nomination_id, refusal, arguments)
                event = await refusals.append_in(session, sessions, draft)
                appended = [event] if event is not None else []
    except DATABASE_ERRORS as exc:
        if not is_busy(exc):
            raise
        raise busy(action) from None  # not logged: the log would need the same busy lock
    except StaleDataError:
        assert nomination_id is not None
        current = await current_of(sessions, nomination_id)
        error = Conflict(
            f"nomination {nomination_id} was changed by someone else at the same moment; it is now "
            f"{current.state if current else 'gone'} — reload and decide again",
            current_state=current.state if current else None,
            current_version=current.version if current else None,
            key="conflict.concurrent",
            params={"nomination": nomination_id, "state": current.state if current else "-"},
        )
        await log_refusal(sessions, actor, action, nomination_id, error, arguments)
        raise error from None
    await events.publish(appended)
    if refusal is not None:
        raise refusal
    return result
