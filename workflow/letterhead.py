"""Changing the letterhead of the official documents (admin): its text, and the arms image.

Each change is one transaction with its audit event, like every other write; the image's bytes
are not put into the audit log, only their type, size and SHA-256.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.documents import arms_type, check_letterhead_text
from domain.errors import InvalidInput, invalid_input
from domain.models import Letterhead
from workflow import audit
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.runner import in_frame, utcnow

__all__ = ["read_letterhead", "store_arms", "update_letterhead"]


async def read_letterhead(session: AsyncSession) -> Letterhead | None:
    return await session.get(Letterhead, 1)


async def _write(sessions: async_sessionmaker[AsyncSession], actor: Actor, action_data: dict, change) -> Letterhead:  # type: ignore[no-untyped-def]
    async def work(session: AsyncSession) -> tuple[Letterhead, list]:
        acting = await resolve(session, actor, today())
        role = decide_other("update_letterhead", acting).raise_if_refused()
        row = await session.get(Letterhead, 1)
        if row is None:
            row = Letterhead(id=1, province_name="", address="", city="")
        change(row)
        if not row.province_name:
            raise InvalidInput(
                "set the letterhead's province name and city first (meritflow letterhead --province …)",
                key="input.letterhead_unset",
            )
        row.updated_at = utcnow()
        session.add(row)
        await session.flush()
        event = await audit.append(
            session,
            audit.EventDraft(
                action="update_letterhead",
                actor_username=actor.username,
                actor_user_id=actor.user_id or None,  # 0: the command line, no account
                role=role,
                data=action_data,
            ),
        )
        return row, [event]

    return await in_frame(
        sessions, actor, "update_letterhead", work, arguments={k: str(v)[:80] for k, v in action_data.items()}
    )


async def update_letterhead(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, province_name: str, address: str, city: str
) -> Letterhead:
    """The letterhead's text (admin); ``InvalidInput`` lists every problem, nothing is written."""
    problems = check_letterhead_text(province_name, address, city)
    if problems:
        raise invalid_input(problems)

    def change(row: Letterhead) -> None:
        row.province_name, row.address, row.city = province_name.strip(), address.strip(), city.strip()

    return await _write(
        sessions,
        actor,
        {"province_name": province_name.strip(), "address": address.strip(), "city": city.strip()},
        change,
    )


async def store_arms(sessions: async_sessionmaker[AsyncSession], actor: Actor, data: bytes) -> Letterhead:
    """The arms image (admin): PNG or JPEG by its bytes, within the size limit (domain.documents)."""
    mime = arms_type(data)

    def change(row: Letterhead) -> None:
        row.arms, row.arms_type = data, mime

    facts = {"arms_type": mime, "arms_bytes": len(data), "arms_sha256": hashlib.sha256(data).hexdigest()}
    return await _write(sessions, actor, facts, change)
