"""Recording Plt/Plh delegations (who acts for whom, when)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.errors import InvalidInput, NotAllowed
from domain.models import Delegation, User
from workflow import audit, events
from workflow.actor import Actor
from workflow.runner import utcnow


async def create_delegation(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    acting_user_id: int,
    principal_user_id: int,
    kind: str,
    start_date: date,
    end_date: date,
    decree_number: str | None = None,
) -> Delegation:
    """Record that ``acting_user_id`` acts (Plt/Plh) for ``principal_user_id`` in a dated period.
    Only ``admin`` or ``operator`` (BKD) record delegations; the act is audited."""
    if not ({"admin", "operator"} & actor.roles):
        raise NotAllowed("recording a delegation needs the role admin or operator", code="MISSING_ROLE")
    problems = []
    if kind not in ("plt", "plh"):
        problems.append(f'kind "{kind}": use plt (pelaksana tugas) or plh (pelaksana harian)')
    if end_date < start_date:
        problems.append(f"the period ends ({end_date}) before it starts ({start_date})")
    if acting_user_id == principal_user_id:
        problems.append("a person cannot act for themselves")
    async with write_transaction(sessions) as session:
        for uid in (acting_user_id, principal_user_id):
            if await session.get(User, uid) is None:
                problems.append(f"user {uid} does not exist")
        if problems:
            raise InvalidInput("; ".join(problems))
        row = Delegation(
            acting_user_id=acting_user_id,
            principal_user_id=principal_user_id,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            decree_number=decree_number,
            created_by_user_id=actor.user_id,
            created_at=utcnow(),
        )
        session.add(row)
        await session.flush()
        event = await audit.append(
            session,
            audit.EventDraft(
                action="create_delegation",
                actor_username=actor.username,
                actor_user_id=actor.user_id,
                data={
                    "delegation_id": row.id,
                    "acting_user_id": acting_user_id,
                    "principal_user_id": principal_user_id,
                    "kind": kind,
                    "start_date": start_date.isoformat(),
                    "end_date": end_date.isoformat(),
                    "decree_number": decree_number,
                },
            ),
        )
    await events.publish([event])
    return row
