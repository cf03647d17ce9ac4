"""The remembered viewer: one statement per known compiled read (issue 12, PostgreSQL).

A viewer that ``api.sessions.principal_for_token`` built in full is remembered per process, only to
*choose* a compiled statement (``api.compiled.run``); that statement carries :func:`session_check`,
so the database agrees on the session and the account at the moment of every read, and the times it
returns are settled by ``api.sessions.settle_times`` — the session rule's one place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlmodel import col

from domain.access import Principal, unit_subtree
from domain.models import AuthSession, User, UserRole

__all__ = ["REMEMBERED", "Remembered", "RememberedViewers", "in_order", "joined_in_order", "session_check"]


@dataclass(frozen=True)
class Remembered:
    """A viewer a full lookup built, and the session limits it was settled with. Used only to
    *choose* a compiled statement: that statement checks the session and the account again
    (:func:`session_check`), so nothing here is ever trusted without the database agreeing."""

    principal: Principal
    idle: timedelta
    absolute: timedelta

    def check_values(self, key: str) -> dict[str, Any]:
        """The values :func:`session_check`'s parameters take for this viewer."""
        return {"check_key": key, **self._account_values}

    @cached_property
    def _account_values(self) -> dict[str, Any]:
        """The account's values, once per remembered viewer (not sorted again on every read)."""
        viewer = self.principal
        return {
            "check_user_id": viewer.user_id,
            "check_username": viewer.username,
            "check_nip": viewer.nip,
            "check_unit_code": viewer.unit_code,
            "check_display_name": viewer.display_name,
            "check_roles": in_order(viewer.roles),
            "check_scope": None if viewer.unit_scope is None else in_order(viewer.unit_scope),
        }


def in_order(values: Iterable[str]) -> str:
    """A set of texts as one text, the Python twin of :func:`joined_in_order`: sorted by code
    point and joined with commas."""
    return ",".join(sorted(values))


def joined_in_order(column: Any) -> Any:
    """``column``'s values as one text, sorted byte by byte (``COLLATE "C"``: in UTF-8 the order of
    code points, which :func:`in_order` sorts by — whatever collation the database was created
    with; under en_US, say, ``DINKES-YANKES`` sorts after ``DINKESB``) and joined with commas;
    ``''`` for none."""
    ordered = column.collate("C")
    joined = sa.func.string_agg(ordered, aggregate_order_by(sa.literal_column("','"), ordered))
    return sa.func.coalesce(joined, sa.literal_column("''"))


class RememberedViewers:
    """Per process, bounded: token hash → :class:`Remembered`, filled only by a full lookup that
    succeeded (``api.sessions.principal_for_token``). Every field of a remembered viewer is checked
    by :func:`session_check`: the account row, its roles and, for a unit-scoped operator, the unit
    subtree as the tree stands at that moment. Never one acting under a delegation (never built by
    the lookup)."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self.viewers: OrderedDict[str, Remembered] = OrderedDict()

    def remember(self, key: str, remembered: Remembered) -> None:
        viewer = remembered.principal
        if viewer.delegation_id is not None or (viewer.unit_code is None) != (viewer.unit_scope is None):
            return  # a delegation's roles, or a unit without its expanded scope: not what a lookup builds
        self.viewers[key] = remembered
        self.viewers.move_to_end(key)
        if len(self.viewers) > self.size:
            self.viewers.popitem(last=False)

    def get(self, key: str) -> Remembered | None:
        return self.viewers.get(key)

    def forget(self, key: str) -> None:
        self.viewers.pop(key, None)


REMEMBERED = RememberedViewers()


def session_check(scoped: bool = False) -> sa.Subquery:
    """The session rule's account half in SQL, for a remembered viewer: one row (the session's
    ``created_at`` and ``last_seen_at``) only when, at this moment, the session with the token hash
    exists, its account exists and is active, and the account's id, username, nip, unit, display
    name and exact set of roles are the remembered ones — and, ``scoped`` (a unit-scoped operator),
    the unit and every unit below it are exactly the remembered scope (``domain.access.unit_subtree``,
    the CTE the full lookup's ``load_unit_scope`` reads: a unit moved in or out of the subtree makes
    the check fail and the full lookup answer); else no row. The times are then settled by
    ``api.sessions.settle_times``, as the full lookup settles them (tests/api/test_remembered_viewer.py runs
    both paths on the same cases)."""
    role_set = (  # the exact role set as one text
        sa.select(joined_in_order(col(UserRole.role))).where(col(UserRole.user_id) == col(User.id)).scalar_subquery()
    )
    scope = []
    if scoped:  # the subtree's codes as one text, in order, against the remembered one
        tree = unit_subtree(sa.bindparam("check_unit_code", None, required=False, type_=sa.String), "check_tree")
        subtree = sa.select(joined_in_order(tree.c.code)).scalar_subquery()
        scope = [subtree == sa.bindparam("check_scope", None, required=False, type_=sa.String)]
    return (
        sa.select(col(AuthSession.created_at).label("created_at"), col(AuthSession.last_seen_at).label("last_seen_at"))
        .join(User, col(User.id) == col(AuthSession.user_id))
        .where(
            col(AuthSession.token_hash) == sa.bindparam("check_key", None, required=False, type_=sa.String),
            col(User.id) == sa.bindparam("check_user_id", None, required=False, type_=sa.Integer),
            col(User.active).is_(True),
            col(User.username) == sa.bindparam("check_username", None, required=False, type_=sa.String),
            col(User.nip).is_not_distinct_from(sa.bindparam("check_nip", None, required=False, type_=sa.String)),
            col(User.unit_code).is_not_distinct_from(
                sa.bindparam("check_unit_code", None, required=False, type_=sa.String)
            ),
            col(User.display_name).is_not_distinct_from(
                sa.bindparam("check_display_name", None, required=False, type_=sa.String)
            ),
            role_set == sa.bindparam("check_roles", None, required=False, type_=sa.String),
            *scope,
        )
        .subquery("session_check")
    )
