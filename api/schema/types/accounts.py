"""The signed-in user as the API shows them."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.types.people import Employee, reached
from domain.clock import today


@strawberry.type(description="A sign-in account. `token` is filled only in the answer to `login`.")
class User:
    id: int
    username: str
    display_name: str | None
    roles: list[str]
    unit_code: str | None
    nip: strawberry.Private[str | None]
    token: str | None = None

    @strawberry.field(description="Plt/Plh delegations under which this user may act today for another official.")
    async def acting_for(self, info: Info) -> list[ActingDelegation]:
        return await acting_for(info, self.id)

    @strawberry.field(description="The employee record of this account, if it belongs to a civil servant.")
    async def employee(self, info: Info) -> Employee | None:
        if self.nip is None:
            return None
        return reached(info, await info.context.loaders.employee.load(self.nip))


@strawberry.type(description="The official an acting official (Plt/Plh) represents.")
class Principal:
    id: int
    username: str
    display_name: str | None


@strawberry.type(description="A Plt/Plh delegation in force today: pass its `id` as `delegationId` on a step action.")
class ActingDelegation:
    id: int
    kind: str
    start_date: date
    end_date: date
    decree_number: str | None
    principal: Principal


async def acting_for(info: Info, user_id: int) -> list[ActingDelegation]:
    """Delegations naming ``user_id`` as the acting official, in force today."""
    from sqlmodel import col, select

    from domain.db import read_session
    from domain.models import Delegation
    from domain.models import User as UserRow

    day = today()  # the province's day, not the server's
    async with read_session(info.context.sessions) as session:
        rows = (
            await session.exec(
                select(Delegation, UserRow)
                .join(UserRow, col(UserRow.id) == col(Delegation.principal_user_id))
                .where(
                    col(Delegation.acting_user_id) == user_id,
                    col(Delegation.start_date) <= day,
                    col(Delegation.end_date) >= day,
                )
                .order_by(col(Delegation.id))
            )
        ).all()
    return [
        ActingDelegation(
            id=d.id,  # type: ignore[arg-type]
            kind=d.kind,
            start_date=d.start_date,
            end_date=d.end_date,
            decree_number=d.decree_number,
            principal=Principal(id=u.id, username=u.username, display_name=u.display_name),  # type: ignore[arg-type]
        )
        for d, u in rows
    ]
