"""Who acted, as a record shows it: the official's name and the role they acted in
(``domain.accounts.official_label``), and the person an event is about — named only when the
viewer may reach them, otherwise marked hidden (the page reads "disembunyikan", never "—")."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.schema.types.people import reached
from domain import models
from domain.accounts import Official as OfficialValue
from domain.accounts import official_label

__all__ = ["Official", "Subject", "official_of", "subject_of"]


@strawberry.type(
    description="An official as a record names them: `name` is the person (the linked employee's name, else the "
    "account's display name), `role` the role code they acted in (the page words it: `panel_chair` → Ketua TPK). "
    "`actingFor` is the official an acting one (Plt/Plh) represented."
)
class Official:
    username: str
    name: str
    role: str | None
    acting_for: Official | None = None

    @classmethod
    def of(cls, value: OfficialValue) -> Official:
        acting = cls.of(value.acting_for) if value.acting_for is not None else None
        return cls(username=value.username, name=value.name, role=value.role, acting_for=acting)


@strawberry.type(
    description="The person a record is about (a candidate scored, a nominee selected). `hidden` when the viewer "
    "may not see them: then `nip` and `name` are null."
)
class Subject:
    nip: str | None
    name: str | None
    hidden: bool


async def official_of(
    info: Info,
    user_id: int | None,
    username: str,
    role: str | None,
    acting_for_user_id: int | None = None,
    acting_for_username: str | None = None,
) -> Official:
    """The official behind a record's actor, through the request's loaders (no query per row)."""
    users = info.context.loaders.by_key(models.User, models.User.id)

    async def value(uid: int | None, name: str, acting: OfficialValue | None) -> OfficialValue:
        user = await users.load(uid) if uid is not None else None
        employee = await info.context.loaders.employee.load(user.nip) if user is not None and user.nip else None
        return official_label(name, role, user, employee, acting)

    principal = None
    if acting_for_username is not None:
        principal = await value(acting_for_user_id, acting_for_username, None)
    return Official.of(await value(user_id, username, principal))


async def subject_of(info: Info, nip: str | None) -> Subject | None:
    """The person ``nip`` names, if the viewer may reach them (``domain.access`` through ``reached``)."""
    if not nip:
        return None
    employee = reached(info, await info.context.loaders.employee.load(nip))
    if employee is None:
        return Subject(nip=None, name=None, hidden=True)
    return Subject(nip=employee.nip, name=employee.name, hidden=False)
