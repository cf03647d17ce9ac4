"""The talent rules' configurable values: every official but a plain employee may read them (a
verdict cites them); only an admin may change one, which is audited (workflow.rule_settings)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.errors import InvalidInput, NotAllowed
from api.schema.permissions import refuse, require_viewer
from api.schema.types.rules import RuleSetting
from domain import models
from domain.db import read_session
from domain.reference import Role
from workflow.rule_settings import change_rule_setting

UpdateRuleSettingResult = Annotated[
    RuleSetting | NotAllowed | InvalidInput, strawberry.union("UpdateRuleSettingResult")
]


@strawberry.type
class RuleSettingQueries:
    @strawberry.field(description="Every configurable value of the talent rules (officials; not plain employees).")
    async def rule_settings(self, info: Info) -> list[RuleSetting]:
        viewer = require_viewer(info)
        if not viewer.roles - {Role.EMPLOYEE}:
            raise refuse(
                info,
                "rule settings are for officials",
                "The rule settings are for officials only.",
                key="not_allowed.rule_settings",
            )
        async with read_session(info.context.sessions) as session:
            rows = (await session.exec(select(models.RuleSetting).order_by(col(models.RuleSetting.key)))).all()
        return [RuleSetting.from_row(r) for r in rows]


@strawberry.type
class RuleSettingMutations:
    @strawberry.mutation(
        description="Change one rule setting (admin). `value` is JSON shaped like the default (same type, same "
        "keys); `source` names the regulation it now comes from (omit to keep it). Audited."
    )
    async def update_rule_setting(
        self, info: Info, key: str, value: str, source: str | None = None
    ) -> UpdateRuleSettingResult:
        viewer = require_viewer(info)
        row, _old, _new, _derived = await change_rule_setting(
            info.context.sessions,
            key,
            value,
            source,
            username=viewer.username,
            user_id=viewer.user_id,
            roles=viewer.roles,
        )
        return RuleSetting.from_row(row)
