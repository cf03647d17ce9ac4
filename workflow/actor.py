"""Who is acting: the signed-in user, and the official they represent under a Plt/Plh delegation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import NotAllowed, NotFound
from domain.models import Delegation, User, UserRole


@dataclass(frozen=True)
class Actor:
    """The person making a request, as the API knows them. ``delegation_id`` names the Plt/Plh
    delegation they act under, if any (the service checks it is theirs and in its dated period)."""

    user_id: int
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    nip: str | None = None
    unit_code: str | None = None  # operators: their unit and its sub-units; None = the whole province
    delegation_id: int | None = None


@dataclass(frozen=True)
class Principal:
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
    principal: Principal | None = None

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
    """Build an :class:`Actor` from the stored account (roles, NIP, unit). For the API and tests."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    roles = (await session.exec(select(UserRole.role).where(UserRole.user_id == user_id))).all()
    assert user.id is not None
    return Actor(user.id, user.username, frozenset(roles), user.nip, user.unit_code, delegation_id)


async def resolve(session: AsyncSession, actor: Actor, on: date) -> Acting:
    """Resolve the actor's delegation, if any, as of ``on``; refuse one that is not theirs or not in force."""
    if actor.delegation_id is None:
        return Acting(actor)
    delegation = await session.get(Delegation, actor.delegation_id)
    if delegation is None or delegation.acting_user_id != actor.user_id:
        raise NotAllowed(
            f"delegation {actor.delegation_id} does not name {actor.username} as the acting official; "
            "act without it or ask for a delegation decree",
            code="NO_DELEGATION",
        )
    if not (delegation.start_date <= on <= delegation.end_date):
        raise NotAllowed(
            f"delegation {delegation.id} runs {delegation.start_date} to {delegation.end_date}, "
            f"not on {on}; act without it or have it extended",
            code="NO_DELEGATION",
        )
    user = await session.get(User, delegation.principal_user_id)
    assert user is not None and user.id is not None
    roles = (await session.exec(select(UserRole.role).where(UserRole.user_id == user.id))).all()
    principal = Principal(
        user.id, user.username, frozenset(roles), user.nip, user.unit_code, delegation.id or 0, delegation.kind
    )
    return Acting(actor, principal)
