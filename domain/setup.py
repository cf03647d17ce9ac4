"""Reference data every database needs, written once after the schema is migrated."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.models.settings import RuleSetting
from domain.rulebook import default_setting_rows


async def ensure_reference_data(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Insert the default rule settings that are missing; edited ones are left alone.
    Returns how many were added."""
    async with write_transaction(sessions) as session:
        present = set((await session.exec(select(RuleSetting.key))).all())
        missing = [RuleSetting(**row) for row in default_setting_rows() if row["key"] not in present]
        session.add_all(missing)
    return len(missing)
