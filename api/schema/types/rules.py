"""The configurable values of the talent rules as the API shows them."""

from __future__ import annotations

import strawberry

from domain import models


@strawberry.type(description="One configurable value of the talent rules, with the regulation it comes from.")
class RuleSetting:
    key: str
    value: str = strawberry.field(description='The value as JSON text, e.g. 68.0 or {"memenuhi": 80.0, …}.')
    source: str = strawberry.field(description="The regulation or policy the value comes from.")
    description: str

    @classmethod
    def from_row(cls, row: models.RuleSetting) -> RuleSetting:
        return cls(key=row.key, value=row.value, source=row.source, description=row.description)
