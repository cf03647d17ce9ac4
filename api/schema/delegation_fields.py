"""Plt/Plh delegations over the API: ``createDelegation`` and ``endDelegation`` for administrators.

Each calls one function of ``workflow.delegations``, which decides who may (the action table's
role rule), writes the delegation and its audit event in one transaction and audits refusals;
this module only names the arguments and presents the row.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.errors import Conflict, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import run
from domain import models
from domain.clock import today
from domain.db import read_session
from workflow import delegations

__all__ = ["Delegation", "DelegationMutations", "DelegationResult", "DelegationRole"]


@strawberry.enum(description="How an official stands in for another.")
class DelegationRole(Enum):
    PLT = strawberry.enum_value("plt", description="Pelaksana tugas: fills a vacant post.")
    PLH = strawberry.enum_value("plh", description="Pelaksana harian: covers an absence of the holder.")


@strawberry.type(
    description="A Plt/Plh delegation: `actingUsername` acts for `principalUsername` from `startsOn` to `endsOn` "
    "(both inclusive), holding that official's roles, on the letter `letterNumber`."
)
class Delegation:
    id: int
    acting_username: str
    principal_username: str
    role: DelegationRole
    starts_on: date
    ends_on: date
    letter_number: str | None
    in_force: bool = strawberry.field(description="Whether it may be acted under today (the province's day).")

    @classmethod
    async def of(cls, info: Info, row: models.Delegation) -> Delegation:
        ids = [row.acting_user_id, row.principal_user_id]
        async with read_session(info.context.sessions) as session:
            users = await session.exec(select(models.User).where(col(models.User.id).in_(ids)))
            names = {u.id: u.username for u in users.all()}
        return cls.from_row(row, names, today())

    @classmethod
    def from_row(cls, row: models.Delegation, usernames: dict[int | None, str], day: date) -> Delegation:
        """The delegation of ``row``, its two accounts named from ``usernames``, in force on ``day``."""
        assert row.id is not None
        return cls(
            id=row.id,
            acting_username=usernames[row.acting_user_id],
            principal_username=usernames[row.principal_user_id],
            role=DelegationRole(row.kind),
            starts_on=row.start_date,
            ends_on=row.end_date,
            letter_number=row.decree_number,
            in_force=row.start_date <= day <= row.end_date,
        )


DelegationResult = Annotated[
    Delegation | NotAllowed | Conflict | InvalidInput | NotFound, strawberry.union("DelegationResult")
]


@strawberry.type
class DelegationMutations:
    @strawberry.mutation(
        description="Record a Plt/Plh delegation (administrators): `actingUsername` acts for `principalUsername` "
        "from `startsOn` to `endsOn`, both inclusive, on the letter `letterNumber`. Audited; so is a refusal."
    )
    async def create_delegation(
        self,
        info: Info,
        acting_username: str,
        principal_username: str,
        role: DelegationRole,
        starts_on: date,
        ends_on: date,
        letter_number: str,
    ) -> DelegationResult:
        row = await run(
            info,
            delegations.create_delegation,
            acting_username,
            principal_username,
            role.value,
            starts_on,
            ends_on,
            letter_number,
            idempotent=False,
        )
        return await Delegation.of(info, row)

    @strawberry.mutation(
        description="End a delegation now (administrators): from today nobody acts under it (it ends yesterday); "
        "one that has not started never comes into force. Audited; so is a refusal."
    )
    async def end_delegation(self, info: Info, id: int) -> DelegationResult:
        row = await run(info, delegations.end_delegation, id, idempotent=False)
        return await Delegation.of(info, row)
