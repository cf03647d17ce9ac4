"""Who is asking: the signed-in user as the API's permission checks see them.

Built once per request (or once per WebSocket connection) from the session, with the operator's
unit scope already expanded to the unit and all its sub-units, so permission checks are plain set
look-ups and never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Unit, User
from domain.reference import Role

# Roles that may read every employee's profile and every nomination (province-wide readers).
PROVINCE_READERS = frozenset(
    {Role.ADMIN, Role.PANEL, Role.PANEL_CHAIR, Role.SECRETARY, Role.PPK, Role.REVIEWER, Role.AUDITOR}
)
# Roles that may read sensitive fields (assessment scores, discipline, evaluation notes) of anyone.
SENSITIVE_READERS = frozenset({Role.PANEL, Role.PANEL_CHAIR, Role.SECRETARY, Role.PPK, Role.REVIEWER, Role.AUDITOR})


@dataclass(frozen=True)
class Viewer:
    user_id: int
    username: str
    roles: frozenset[str]
    nip: str | None
    unit_code: str | None
    # Units an operator covers (their unit and every sub-unit); None = the whole province.
    unit_scope: frozenset[str] | None
    display_name: str | None = None

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def reads_province(self) -> bool:
        """Reads every employee and nomination: a staff role other than a unit-bound operator."""
        return bool(self.roles & PROVINCE_READERS) or (Role.OPERATOR in self.roles and self.unit_scope is None)

    @property
    def is_operator(self) -> bool:
        return Role.OPERATOR in self.roles

    def covers_unit(self, unit_code: str | None) -> bool:
        """Whether the unit lies in this viewer's operator scope (province readers cover all)."""
        if self.reads_province:
            return True
        if self.is_operator and self.unit_scope is not None:
            return unit_code in self.unit_scope
        return False

    def sees_sensitive_of(self, nip: str | None) -> bool:
        """Assessment scores, discipline and evaluation notes: the panel, the approving officials and
        auditors for anyone; every person for themselves; nobody else (operators included)."""
        return bool(self.roles & SENSITIVE_READERS) or (nip is not None and nip == self.nip)


def unit_subtree(units: list[Unit], root: str) -> frozenset[str]:
    """``root`` and every unit below it in the unit tree."""
    children: dict[str | None, list[str]] = {}
    for unit in units:
        children.setdefault(unit.parent_code, []).append(unit.code)
    found: set[str] = set()
    stack = [root]
    while stack:
        code = stack.pop()
        if code in found:
            continue
        found.add(code)
        stack.extend(children.get(code, []))
    return frozenset(found)


async def load_viewer(session: AsyncSession, user: User, roles: list[str]) -> Viewer:
    scope: frozenset[str] | None = None
    if user.unit_code is not None:
        units = list((await session.exec(select(Unit))).all())
        scope = unit_subtree(units, user.unit_code)
    assert user.id is not None
    return Viewer(
        user_id=user.id,
        username=user.username,
        roles=frozenset(roles),
        nip=user.nip,
        unit_code=user.unit_code,
        unit_scope=scope,
        display_name=user.display_name,
    )
