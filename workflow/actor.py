"""Who is acting: the signed-in user, and the official they represent under a Plt/Plh delegation.

``Actor`` is :class:`domain.access.Principal`, the same object the API knows as the viewer: an
operator's ``unit_scope`` is expanded once, so ``actor.covers_unit(code)`` needs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import Principal, principal_for_user
from domain.errors import NotAllowed, Refusal
from domain.models import Delegation, User, UserRole

__all__ = ["Acting", "Actor", "Represented", "actor_for_user", "resolve"]

# One principal type for the API and the workflow; ``Actor`` is kept as the workflow's name for it.
Actor = Principal


@dataclass(frozen=True)
class Represented:
    """The official an acting official (Plt/Plh) represents."""

    user_id: int
    username: str
    roles: frozenset[str]
    nip: str | None
    unit_code: str | None
    delegation_id: int
    delegation_kind: str


@dataclass(frozen=True)
class Acting:
    """An actor with their delegation resolved. Separation of duties looks at ``people``:
    the acting person and the person they act for."""

    actor: Actor
    principal: Represented | None = None

    @property
    def roles(self) -> frozenset[str]:
        """The actor's own roles plus, under a delegation, the roles of the official represented."""
        return self.actor.roles | (self.principal.roles if self.principal else frozenset())

    @property
    def unit_code(self) -> str | None:
        return self.actor.unit_code

    @property
    def user_ids(self) -> set[int]:
        ids = {self.actor.user_id}
        if self.principal:
            ids.add(self.principal.user_id)
        return ids

    @property
    def nips(self) -> set[str]:
        nips = {self.actor.nip} if self.actor.nip else set()
        if self.principal and self.principal.nip:
            nips.add(self.principal.nip)
        return nips

    def describe(self) -> str:
        if self.principal:
            return f"{self.actor.username}, acting ({self.principal.delegation_kind}) for {self.principal.username}"
        return self.actor.username


async def actor_for_user(session: AsyncSession, user_id: int, delegation_id: int | None = None) -> Actor:
    """Build an :class:`Actor` from the stored account (roles, NIP, unit and its expanded scope)."""
    return await principal_for_user(session, user_id, delegation_id=delegation_id)


async def resolve(session: AsyncSession, actor: Actor, on: date) -> Acting:
    """Resolve the actor's delegation, if any, as of ``on``; refuse one that is not theirs or not in force."""
    if actor.delegation_id is None:
        return Acting(actor)
    delegation = await session.get(Delegation, actor.delegation_id)
    if delegation is None or delegation.acting_user_id != actor.user_id:
        raise NotAllowed(
            f"delegation {actor.delegation_id} does not name {actor.username} as the acting official; "
            "act without it or ask for a delegation decree",
            code=Refusal.NO_DELEGATION,
            params={"delegation": actor.delegation_id, "username": actor.username},
        )
    if not (delegation.start_date <= on <= delegation.end_date):
        raise NotAllowed(
            f"delegation {delegation.id} runs {delegation.start_date} to {delegation.end_date}, "
            f"not on {on}; act without it or have it extended",
            code=Refusal.NO_DELEGATION,
            params={"delegation": delegation.id, "start": delegation.start_date, "end": delegation.end_date, "on": on},
        )
    user = await session.get(User, delegation.principal_user_id)
    assert user is not None and user.id is not None
    roles = (await session.exec(select(UserRole.role).where(UserRole.user_id == user.id))).all()
    principal = Represented(
        user.id, user.username, frozenset(roles), user.nip, user.unit_code, delegation.id or 0, delegation.kind
    )
    return Acting(actor, principal)
