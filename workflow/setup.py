"""Reference data of the workflow: default definitions and the holiday calendar."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from workflow.calendar import ensure_holidays
from workflow.definitions import ensure_definitions


async def ensure_workflow_reference_data(session: AsyncSession) -> dict[str, int]:
    """Insert what is missing (the caller commits); returns how many of each were added."""
    return {"definitions": await ensure_definitions(session), "holidays": await ensure_holidays(session)}
