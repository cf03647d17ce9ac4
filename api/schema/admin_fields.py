"""What the admin pages read besides accounts: the Plt/Plh delegations, and the history of the
rule settings (from the audit chain, where every change is written with its old and new value).

Recording and ending a delegation and changing a setting are ``delegation_fields`` and
``rule_settings``; this module only lists.
"""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.delegation_fields import Delegation
from api.schema.permissions import refuse, require_viewer
from domain import access, models
from domain.clock import today
from domain.db import read_session
from domain.reference import Role
from workflow.rule_settings import ACTION as RULE_SETTING_CHANGE
from workflow.workspace import SECTIONS

__all__ = ["AdminQueries", "RuleSettingChange"]


@strawberry.type(description="One change of a rule setting, as the audit chain recorded it.")
class RuleSettingChange:
    seq: int = strawberry.field(description="The audit event's number.")
    at: datetime
    actor: str = strawberry.field(description="Who changed it (username; `meritflow rules set` at the command line).")
    key: str
    old_value: str = strawberry.field(description="The value before, as JSON text.")
    new_value: str = strawberry.field(description="The value after, as JSON text.")
    source: str | None = strawberry.field(description="The regulation the value came from after the change.")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@strawberry.type
class AdminQueries:
    @strawberry.field(
        description="Plt/Plh delegations, newest first (administrators). `current`: only those in force today "
        "or still to come."
    )
    async def delegations(
        self, info: Info, current: bool = False, first: int | None = None, after: str | None = None
    ) -> Connection[Delegation]:
        viewer = require_viewer(info)
        if not SECTIONS["delegations"](viewer):
            raise refuse(
                info,
                "delegations are for administrators",
                "Only an administrator may manage delegations.",
                key="not_allowed.admin_only",
            )
        query = select(models.Delegation)
        if current:
            query = query.where(col(models.Delegation.end_date) >= today())
        rows, size, total = await fetch_page(
            info.context.sessions, query, [col(models.Delegation.id)], first, after, descending=True
        )
        ids = {r.acting_user_id for r in rows} | {r.principal_user_id for r in rows}
        async with read_session(info.context.sessions) as session:
            users = await session.exec(select(models.User).where(col(models.User.id).in_(ids)))
            names = {u.id: u.username for u in users.all()}
        day = today()
        return build_connection(
            rows, size, total, lambda r: (r.id,), lambda r: Delegation.from_row(r, names, day), after
        )

    @strawberry.field(
        description="Every change of the rule settings (of `key` when given), newest first, from the audit chain "
        "(officials who read the whole chain's province-wide events)."
    )
    async def rule_setting_history(self, info: Info, key: str | None = None) -> list[RuleSettingChange]:
        viewer = require_viewer(info)
        if not viewer.roles - {Role.EMPLOYEE}:
            raise refuse(
                info,
                "rule settings are for officials",
                "The rule settings are for officials only.",
                key="not_allowed.rule_settings",
            )
        query = (
            select(models.AuditEvent)
            .where(col(models.AuditEvent.action) == RULE_SETTING_CHANGE, col(models.AuditEvent.outcome) == "ok")
            .where(access.audit_event_filter(viewer))
            .order_by(col(models.AuditEvent.seq).desc())
        )
        async with read_session(info.context.sessions) as session:
            events = (await session.exec(query)).all()
        changes = []
        for event in events:
            data = json.loads(event.data or "{}")
            moved = {data.get("key"): {"old": data.get("old"), "new": data.get("new")}, **data.get("derived", {})}
            for setting, values in moved.items():
                if setting is None or (key is not None and setting != key):
                    continue
                changes.append(
                    RuleSettingChange(
                        seq=event.seq,
                        at=event.at,
                        actor=event.actor_username,
                        key=setting,
                        old_value=_json(values.get("old")),
                        new_value=_json(values.get("new")),
                        source=data.get("source"),
                    )
                )
        return changes
