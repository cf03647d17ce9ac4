"""Refused attempts in the audit log, without a write-lock round of their own.

A refusal is an audit event like any other (the hash chain serialises appends, so writing one
takes the write lock: SQLite's file lock, the chain head's row lock on PostgreSQL). Taking that
lock once more for every refusal made a refused request cost two lock rounds, and fifty refused
racers queue behind each other twice. So:

- a refusal found while a write transaction is already open (the locked part of a step) is
  appended in that transaction (:func:`append_in`), after the refused work was rolled back to a
  savepoint — one lock round for the attempt, none extra for its log;
- a refusal found before any lock was taken (the read-only part: stage, role, separation of
  duties, eligibility, a stale version) goes through one writer per database and process
  (:func:`log`): whatever refusals are waiting are appended together in one transaction (group
  commit), and each caller returns once its event is committed.

Either way ``limits.REFUSALS_PER_MINUTE`` bounds what one person can add to the log, and a
refusal that cannot be logged because the database is busy is dropped with a warning — the
refusal itself is still the answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import DATABASE_ERRORS, is_busy, write_transaction
from domain.errors import DomainError
from domain.models import Nomination
from workflow import audit, events
from workflow.actor import Actor
from workflow.limits import refusal_may_be_logged

__all__ = ["append_in", "draft_of", "log"]

_log = logging.getLogger(__name__)


def draft_of(
    actor: Actor,
    action: str,
    nomination_id: int | None,
    error: DomainError,
    arguments: dict[str, Any] | None = None,
    state: str | None = None,
) -> audit.EventDraft:
    """The "refused" event of one attempt (``state``: the nomination's stage as the refusal saw it)."""
    state = getattr(error, "current_state", None) or state
    data: dict[str, Any] = {"message": error.message, "arguments": arguments or {}}
    if actor.delegation_id is not None:
        data["delegation_id"] = actor.delegation_id
    checks = getattr(error, "checks", None)
    if checks:
        data["failing_checks"] = [getattr(c, "rule", str(c)) for c in checks]
    return audit.EventDraft(
        action=action,
        actor_username=actor.username,
        actor_user_id=actor.user_id,
        nomination_id=nomination_id,
        from_state=state,
        to_state=state,
        outcome="refused",
        error_code=getattr(error, "code", None) or type(error).__name__.upper(),
        data=data,
    )


async def _with_state(session: AsyncSession, draft: audit.EventDraft) -> audit.EventDraft:
    if draft.nomination_id is None or draft.from_state is not None:
        return draft
    row = await session.get(Nomination, draft.nomination_id)
    state = row.state if row else None
    return replace(draft, from_state=state, to_state=state)


async def append_in(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], draft: audit.EventDraft
) -> audit.AuditEvent | None:
    """Append a refusal inside the caller's open write transaction (in a savepoint of its own, so a
    busy chain head cannot undo the caller's transaction); ``None`` when it is not written (over the
    rate limit, or busy)."""
    if not refusal_may_be_logged(sessions, draft.actor_user_id or 0):
        return None
    try:
        async with session.begin_nested():
            return await audit.append(session, await _with_state(session, draft))
    except DATABASE_ERRORS as exc:
        if not is_busy(exc):
            raise
        _log.warning("refusal of %s by %s not logged: database busy", draft.action, draft.actor_username)
        return None


@dataclass(eq=False)
class _Writer:
    """The refusals of one database waiting to be appended, and the task appending them (on the
    event loop they wait on)."""

    loop: asyncio.AbstractEventLoop
    pending: list[tuple[audit.EventDraft, asyncio.Future[Any]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


# One writer per database (its session factory, held weakly like the rate limit's window).
_writers: weakref.WeakKeyDictionary[Any, _Writer] = weakref.WeakKeyDictionary()


async def log(sessions: async_sessionmaker[AsyncSession], draft: audit.EventDraft) -> None:
    """Append a refusal found outside any write transaction, together with whatever other refusals
    are waiting (one transaction for all of them); returns once it is committed or dropped."""
    if not refusal_may_be_logged(sessions, draft.actor_user_id or 0):
        return
    loop = asyncio.get_running_loop()
    writer = _writers.get(sessions)
    if writer is None or writer.loop is not loop:  # a new loop (a test's): nothing of the old one is waited on
        writer = _writers[sessions] = _Writer(loop)
    done: asyncio.Future[Any] = loop.create_future()
    writer.pending.append((draft, done))
    if writer.task is None or writer.task.done():
        writer.task = loop.create_task(_drain(sessions, writer))
    await done


async def _drain(sessions: async_sessionmaker[AsyncSession], writer: _Writer) -> None:
    while writer.pending:
        batch, writer.pending = writer.pending, []
        try:
            async with write_transaction(sessions) as session:
                appended = [await audit.append(session, await _with_state(session, draft)) for draft, _ in batch]
        except DATABASE_ERRORS as exc:
            if is_busy(exc):
                _log.warning("%d refusals not logged: database busy", len(batch))
                appended = []
            else:
                _fail(batch, exc)
                continue
        except Exception as exc:  # noqa: BLE001 - handed to every waiting caller
            _fail(batch, exc)
            continue
        for _, done in batch:
            if not done.done():
                done.set_result(None)
        if appended:
            await events.publish(appended)


def _fail(batch: list[tuple[audit.EventDraft, asyncio.Future[Any]]], error: BaseException) -> None:
    for _, done in batch:
        if not done.done():
            done.set_exception(error)
