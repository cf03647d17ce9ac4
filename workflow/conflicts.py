"""Conflicts of interest and double appointments, checked where a person becomes a candidate or
the nominee (the approval chain's own rule — an official on the shortlist may not approve — is
in ``workflow.policy.separation_problem``).

- One open appointment per person: the nominee of at most one open nomination (enforced again
  by the partial unique index ``uq_nomination_open_nominee``, so a race cannot beat it).
- The panel (TPK) assesses every nomination: a panel member is not a candidate — refused when the
  shortlist is built, not after a score is saved.
"""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import NotAllowed, Refusal
from domain.models import Nomination, Position, User, UserRole
from domain.models.nomination import OPEN_STATES

PANEL_ROLES = ("panel", "panel_chair")


async def other_open_nomination(session: AsyncSession, nip: str, nomination_id: int | None) -> Nomination | None:
    """The open nomination (other than ``nomination_id``) whose selected nominee is ``nip``."""
    rows = await session.exec(
        select(Nomination).where(
            Nomination.nominee_nip == nip,
            col(Nomination.state).in_(OPEN_STATES),
            Nomination.id != nomination_id,
        )
    )
    return rows.first()


async def require_no_other_appointment(session: AsyncSession, nomination: Nomination, nip: str) -> None:
    other = await other_open_nomination(session, nip, nomination.id)
    if other is None:
        return
    post = await session.get(Position, other.position_code)
    title = post.title if post else other.position_code
    raise NotAllowed(
        f"NIP {nip} is already the selected nominee of nomination #{other.id} ({title}, in {other.state}); "
        "one person is nominated to one post at a time — withdraw that nomination first or select another candidate",
        code=Refusal.NOMINEE_ELSEWHERE,
        params={"nip": nip, "nomination": other.id, "post": title, "state": other.state},
    )


async def panel_members(session: AsyncSession, nips: list[str]) -> list[str]:
    """Which of ``nips`` hold a panel (TPK) role, in the order given."""
    if not nips:
        return []
    rows = await session.exec(
        select(User.nip)
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .where(col(User.nip).in_(nips), col(UserRole.role).in_(PANEL_ROLES))
    )
    found = set(rows.all())
    return [nip for nip in nips if nip in found]


async def require_not_on_panel(session: AsyncSession, nips: list[str], verb: str) -> None:
    members = await panel_members(session, nips)
    if members:
        raise NotAllowed(
            f"NIP {', '.join(members)} {'is a member' if len(members) == 1 else 'are members'} of the panel (TPK) "
            f"that assesses this nomination and cannot be {verb}; leave them off, or replace them on the panel first",
            code=Refusal.CONFLICT_OF_INTEREST,
            params={"nips": ", ".join(members), "verb": verb},
        )
