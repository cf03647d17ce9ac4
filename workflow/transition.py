"""Helpers the steps share: the definition and post of a nomination, the required reason, and the
current stage's due date."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import InvalidInput, NotFound
from domain.models import Nomination, Position, WorkflowDefinition
from domain.models.nomination import OPEN_STATES
from workflow import calendar


async def definition_of(session: AsyncSession, nomination: Nomination) -> WorkflowDefinition:
    row = await session.get(WorkflowDefinition, nomination.definition_id)
    assert row is not None
    return row


async def post_of(session: AsyncSession, code: str) -> Position:
    post = await session.get(Position, code)
    if post is None:
        raise NotFound(
            f'post "{code}" does not exist; use a code from positions.csv', key="not_found.post", params={"post": code}
        )
    return post


def require_reason(reason: str | None, action: str, required: frozenset[str]) -> str:
    """The reason, required when the definition lists ``action`` under ``reasons_required``."""
    text = (reason or "").strip()
    if not text and action in required:
        raise InvalidInput(
            f"{action.replace('_', ' ')} needs a reason; say why in a sentence",
            key="input.reason_required",
            params={"action": action},
        )
    return text


async def set_due(session: AsyncSession, nomination: Nomination, body: dict[str, Any] | None = None) -> None:
    """The current stage's due date in working days from today (approval: the current step's)."""
    if body is None:
        body = (await definition_of(session, nomination)).body
    days: int | None
    if nomination.state == "approval" and nomination.step_index < len(nomination.steps):
        days = nomination.steps[nomination.step_index].get("due_working_days")
    else:
        days = body["stages"].get(nomination.state, {}).get("due_working_days")
    if nomination.state not in OPEN_STATES or not days:
        nomination.stage_due_on = None
    else:
        nomination.stage_due_on = await calendar.due_date(session, today(), int(days))
