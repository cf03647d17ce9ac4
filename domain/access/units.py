""" "This unit and every unit below it": the recursive CTE and its Python twin, one definition each.

The SQL form expands a scope inside the database (and runs inside larger queries, e.g. the nine-box
grid); the Python form walks unit rows already in memory. ``tests/domain/test_access_parity`` checks
that both give the same set for every unit of a tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access.principal import Principal
from domain.errors import NotFound
from domain.models import Unit, User, UserRole

__all__ = [
    "load_unit_scope",
    "principal_for_user",
    "subtree_of",
    "unit_in_scope",
    "unit_subtree",
    "with_unit_scope",
]


def unit_subtree(unit_code: str | sa.ColumnElement[str], name: str = "unit_tree") -> sa.CTE:
    """The codes of ``unit_code`` (a value, or a parameter bound later) and every unit below it
    (recursive CTE over ``Unit.parent_code``, named ``name``)."""
    tree = sa.select(Unit.code).where(Unit.code == unit_code).cte(name, recursive=True)
    child = aliased(Unit)
    return tree.union_all(sa.select(child.code).where(child.parent_code == tree.c.code))


def subtree_of(units: Iterable[Unit], root: str) -> frozenset[str]:
    """The Python twin of :func:`unit_subtree`: ``root`` and every unit below it among ``units``.
    Like the CTE, a root that is not among the units gives only itself if it exists, else nothing."""
    children: dict[str | None, list[str]] = {}
    known: set[str] = set()
    for unit in units:
        known.add(unit.code)
        children.setdefault(unit.parent_code, []).append(unit.code)
    if root not in known:
        return frozenset()
    found: set[str] = set()
    stack = [root]
    while stack:
        code = stack.pop()
        if code in found:
            continue
        found.add(code)
        stack.extend(children.get(code, []))
    return frozenset(found)


async def load_unit_scope(session: AsyncSession, unit_code: str) -> frozenset[str]:
    """The expanded scope of ``unit_code`` (the unit and every sub-unit), read with the CTE."""
    tree = unit_subtree(unit_code)
    return frozenset((await session.exec(sa.select(tree.c.code))).scalars().all())  # type: ignore[call-overload]


async def unit_in_scope(session: AsyncSession, scope: str | None, unit_code: str | None) -> bool:
    """Whether ``unit_code`` is ``scope`` or below it in the unit tree (``scope`` None = the whole
    province). For a principal whose scope is expanded, ``principal.covers_unit`` answers the same
    without a query."""
    if scope is None:
        return True
    if unit_code is None:
        return False
    tree = unit_subtree(scope)
    query = sa.select(sa.literal(1)).select_from(tree).where(tree.c.code == unit_code).limit(1)
    return (await session.exec(query)).first() is not None  # type: ignore[call-overload]


async def with_unit_scope(session: AsyncSession, principal: Principal) -> Principal:
    """``principal`` with ``unit_scope`` expanded from its unit (unchanged without a unit)."""
    if principal.unit_code is None:
        return principal
    return replace(principal, unit_scope=await load_unit_scope(session, principal.unit_code))


async def principal_for_user(
    session: AsyncSession, user: User | int, roles: Iterable[str] | None = None, delegation_id: int | None = None
) -> Principal:
    """The principal of a stored account: its roles (read when not given), NIP, unit and expanded
    unit scope."""
    row = await session.get(User, user) if isinstance(user, int) else user
    if row is None:
        raise NotFound(f"user {user} does not exist")
    assert row.id is not None
    if roles is None:
        roles = (await session.exec(select(UserRole.role).where(UserRole.user_id == row.id))).all()
    scope = await load_unit_scope(session, row.unit_code) if row.unit_code is not None else None
    return Principal(
        user_id=row.id,
        username=row.username,
        roles=frozenset(roles),
        nip=row.nip,
        unit_code=row.unit_code,
        unit_scope=scope,
        display_name=row.display_name,
        delegation_id=delegation_id,
    )
