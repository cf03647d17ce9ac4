"""An admin changes a talent-rule value: the change and the audit event that records it commit
together, so the audit log always says who moved a threshold, from what to what, on which source
(every later verdict cites the new value)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.errors import NotAllowed, Refusal
from domain.models.settings import RuleSetting
from domain.reference import Role
from domain.rulebook import apply_setting
from domain.rules.dated_settings import SETTING_CHANGE
from workflow import audit, events
from workflow.actions import OTHER_ACTIONS, ROLES_OF

ACTION = SETTING_CHANGE  # one spelling: domain.rules.dated_settings reads a setting's history by it


async def change_rule_setting(
    sessions: async_sessionmaker[AsyncSession],
    key: str,
    value: str,
    source: str | None,
    *,
    username: str,
    user_id: int | None = None,
    roles: frozenset[str] | None = None,
) -> tuple[RuleSetting, Any, Any, dict[str, tuple[Any, Any]]]:
    """Set ``key`` to ``value`` (JSON text) as ``username``; returns the stored row, the old and the
    new value, and the linked settings that moved with it (``{key: (old, new)}``). ``roles`` None
    means the operating-system user at the command line (no account); an account needs the role
    admin. A threshold stated in several settings moves in all of them,
    in the same transaction and the same audit event (``derived``). Raises NotAllowed
    (MISSING_ROLE) or InvalidInput (nothing changed)."""
    if roles is not None and not roles & ROLES_OF[OTHER_ACTIONS[ACTION].who]:  # the action table's role rule
        raise NotAllowed(
            "changing a rule setting needs the role admin",
            code=Refusal.MISSING_ROLE,
            params={"needed": "admin", "held": ", ".join(sorted(roles))},
        )
    async with write_transaction(sessions) as session:
        change = await apply_setting(session, key, value, source)
        old, new = change.old, change.new
        row = await session.get(RuleSetting, key)
        assert row is not None
        data = {"key": key, "old": old, "new": new, "source": row.source}
        if change.derived:  # the same threshold in other settings, moved with it
            data["derived"] = {k: {"old": o, "new": n} for k, (o, n) in change.derived.items()}
        event = await audit.append(
            session,
            audit.EventDraft(
                action=ACTION,
                actor_username=username,
                actor_user_id=user_id,
                role=Role.ADMIN if roles is not None else None,
                data=data,
            ),
        )
        saved = RuleSetting(key=row.key, value=row.value, source=row.source, description=row.description)
    await events.publish([event])
    return saved, old, new, change.derived
