"""The hash-chained audit log: append, verify, and the canonical form that is hashed.

Each event's ``hash`` = SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of its
fields including ``prev_hash``, the previous event's hash (64 zeros for the first). Altering,
inserting or removing any event breaks the chain at that point; ``audit_chain_head`` records the
last sequence and hash so removing events at the tail is caught too.

Appends are serialised: the chain head row is read ``FOR UPDATE`` on PostgreSQL (the write
transaction's ``BEGIN IMMEDIATE`` does it on SQLite), so two transactions can never chain to the
same predecessor. Nothing here updates or deletes an event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Row
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq",
    "at",
    "nomination_id",
    "actor_user_id",
    "actor_username",
    "on_behalf_of_user_id",
    "on_behalf_of_username",
    "role",
    "action",
    "from_state",
    "to_state",
    "reason",
    "data",
    "outcome",
    "error_code",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(event: AuditEvent | Row[Any]) -> str:
    """The hash of ``event``: a stored or new ``AuditEvent``, or a row of the audit table (what
    :func:`iter_events` reads); anything with the ``HASHED_FIELDS`` as attributes hashes the same."""
    fields: dict[str, Any] = {name: getattr(event, name) for name in HASHED_FIELDS}
    fields["at"] = event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields["data"] = json.loads(event.data)
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EventDraft:
    """What a caller knows about an event; sequence, time and hashes are filled in by :func:`append`."""

    action: str
    actor_username: str
    outcome: str = "ok"
    nomination_id: int | None = None
    actor_user_id: int | None = None
    on_behalf_of_user_id: int | None = None
    on_behalf_of_username: str | None = None
    role: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    data: dict[str, Any] | None = None
    error_code: str | None = None


async def _lock_head(session: AsyncSession) -> AuditChainHead:
    """The chain head, locked FOR UPDATE (created on first use; ON CONFLICT makes that race-free)."""
    query = select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
    head = (await session.exec(query.execution_options(populate_existing=True))).first()
    if head is not None:
        return head
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.exec(  # type: ignore[call-overload]
        insert(AuditChainHead).values(id=1, last_seq=0, last_hash=GENESIS).on_conflict_do_nothing(index_elements=["id"])
    )
    return (await session.exec(query.execution_options(populate_existing=True))).one()


async def append(session: AsyncSession, draft: EventDraft) -> AuditEvent:
    """Append one event inside the caller's write transaction (committed with it or not at all)."""
    head = await _lock_head(session)
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=datetime.now(UTC),
        nomination_id=draft.nomination_id,
        actor_user_id=draft.actor_user_id,
        actor_username=draft.actor_username,
        on_behalf_of_user_id=draft.on_behalf_of_user_id,
        on_behalf_of_username=draft.on_behalf_of_username,
        role=draft.role,
        action=draft.action,
        from_state=draft.from_state,
        to_state=draft.to_state,
        reason=draft.reason,
        data=canonical_json(draft.data or {}),
        outcome=draft.outcome,
        error_code=draft.error_code,
        prev_hash=head.last_hash,
        hash="",
    )
    event.hash = event_hash(event)
    head.last_seq = event.seq
    head.last_hash = event.hash
    session.add(event)
    session.add(head)
    await session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    problem: str | None = None


async def iter_events(session: AsyncSession, batch: int = 5000) -> AsyncIterator[Row[Any]]:
    """Every event in sequence order, ``batch`` rows per query (memory stays flat at any length).
    Plain rows of the audit table, not ``AuditEvent`` objects: building a million ORM objects was
    half of ``audit verify``'s time (bench/audit_chain.py); a row has the same attributes."""
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    last = 0
    while True:
        query = sa.select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
        rows = (await session.exec(query)).all()  # type: ignore[call-overload]
        if not rows:
            return
        for row in rows:
            yield row
        last = rows[-1].seq


async def verify_chain(
    sessions: async_sessionmaker[AsyncSession], progress: Callable[[int], None] | None = None
) -> ChainReport:
    """Recompute every hash in order; report the first event that does not verify.
    ``progress`` is called with the count so far every 10 000 events (for a terminal)."""
    async with sessions() as session:
        expected_prev = GENESIS
        expected_seq = 1
        count = 0
        async for event in iter_events(session):
            if event.seq != expected_seq:
                return ChainReport(
                    False, count, expected_seq, f"event {expected_seq} is missing (next stored is {event.seq})"
                )
            if event.prev_hash != expected_prev:
                return ChainReport(
                    False, count, event.seq, f"event {event.seq}: prev_hash does not match event {event.seq - 1}"
                )
            if event_hash(event) != event.hash:
                return ChainReport(False, count, event.seq, f"event {event.seq}: content does not match its hash")
            expected_prev = event.hash
            expected_seq += 1
            count += 1
            if progress is not None and count % 10_000 == 0:
                progress(count)
        head = await session.get(AuditChainHead, 1)
        if head is not None and (head.last_seq != count or head.last_hash != expected_prev):
            return ChainReport(
                False,
                count,
                count + 1,
                f"the chain head names event {head.last_seq}, but the log ends at event {count}",
            )
        return ChainReport(True, count)


async def events_of(session: AsyncSession, nomination_id: int, include_refused: bool = True) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.nomination_id == nomination_id)
    if not include_refused:
        query = query.where(AuditEvent.outcome == "ok")
    return list((await session.exec(query.order_by(col(AuditEvent.seq)))).all())
