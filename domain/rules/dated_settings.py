"""A rule setting's value on a past day, read from its changes in the audit chain.

The ``rule_setting`` table holds the value in force now; every admin change is an audit event
(``workflow.rule_settings``: the key, its old and new value, and the linked settings that moved
with it, in ``derived``), so the chain is the setting's history. A fact dated in the past — an
assessment's blank ``standard``, filled from ``competency_standard`` of its target level — takes
the value in force on *its* date, not the one of the day it is imported (issue 14, item 2).

A change takes effect on the province's day it was made (``domain.clock``): on day D the value is
the newest change's ``new`` made on or before D; before the first change, that change's ``old``
(the value in force until then); with no change at all, the current value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.models import AuditEvent
from domain.rulebook import load_rulebook

__all__ = ["SETTING_CHANGE", "SettingChangeOn", "setting_changes", "setting_on", "value_on"]

SETTING_CHANGE = "update_rule_setting"  # the audit action of an admin's change (workflow.rule_settings.ACTION)


@dataclass(frozen=True)
class SettingChangeOn:
    day: date  # the province's day of the change
    old: Any
    new: Any


async def setting_changes(session: AsyncSession, key: str) -> list[SettingChangeOn]:
    """Every change of ``key`` (as the changed key or a linked one), oldest first."""
    events = (
        await session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action) == SETTING_CHANGE, col(AuditEvent.outcome) == "ok")
            .order_by(col(AuditEvent.seq))
        )
    ).all()
    changes = []
    for event in events:
        data = json.loads(event.data or "{}")
        moved = {data.get("key"): {"old": data.get("old"), "new": data.get("new")}, **data.get("derived", {})}
        if key in moved:
            changes.append(SettingChangeOn(today(event.at), moved[key]["old"], moved[key]["new"]))
    return changes


def value_on(changes: list[SettingChangeOn], current: Any, day: date) -> Any:
    """The value in force on ``day`` given the changes (oldest first) and the value now."""
    made = [c for c in changes if c.day <= day]
    if made:
        return made[-1].new
    return changes[0].old if changes else current


async def setting_on(session: AsyncSession, key: str) -> Callable[[date], Any]:
    """``key``'s value as a function of the day (one read of the history, for many dates)."""
    current = (await load_rulebook(session))[key]
    changes = await setting_changes(session, key)
    return lambda day: value_on(changes, current, day)
