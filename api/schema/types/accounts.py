"""The signed-in user as the API shows them."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.schema.types.people import Employee


@strawberry.type(description="A sign-in account. `token` is filled only in the answer to `login`.")
class User:
    id: int
    username: str
    display_name: str | None
    roles: list[str]
    unit_code: str | None
    nip: strawberry.Private[str | None]
    token: str | None = None

    @strawberry.field(description="The employee record of this account, if it belongs to a civil servant.")
    async def employee(self, info: Info) -> Employee | None:
        if self.nip is None:
            return None
        row = await info.context.loaders.employee.load(self.nip)
        return Employee.from_row(row) if row else None
