"""Who a nomination waits on — the inbox — as a Python predicate and an SQL filter, side by side.

Both are read off one table, ``workflow.actions.AWAITED`` (the action table's rows marked
``awaited``): in each open state, on what condition of the stored approval step, and whom the
stage waits on. Each kind of person is decided here once per form:

==============  ====================================================================================
step_official   the role of the stored step (``steps[step_index].role``) is one of the acting roles
panel, chair    the acting roles hold a role of ``ROLES_OF[who]``
operator        the acting roles hold ``operator`` and the post's unit lies in the actor's unit scope
                (no unit = the whole province), the workflow's unit rule
==============  ====================================================================================

The acting roles are the actor's own plus, under a Plt/Plh delegation that names them and is in
force on the day, the roles of the official they act for (``workflow.actor.resolve``). The inbox is
a read: a delegation that is not theirs or not in force adds nothing (acting under it is refused
when they try), so both forms give the actor's own work then.

The SQL form is compiled from the actor's *shape* — own roles, unit, whether a delegation is
named — so a compiled statement can be cached per shape (the unit's subtree is read in the
statement, like the Python form reads it once per inbox); the per-request values (the acting user,
the delegation, the day) are the bind parameters of :func:`inbox_params`, present only when a
delegation is named. ``tests/workflow/test_inbox_rule.py`` runs both forms over every state, step
role, kind of actor and delegation date and asserts the same nominations, on SQLite and PostgreSQL.

``steps`` is a JSON column: ``json`` on PostgreSQL (``sa.JSON``; cast, so ``jsonb`` or text would do
too), text on SQLite — hence the two spellings of "the role of step ``step_index``".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import Principal, load_unit_scope, unit_subtree
from domain.errors import NotAllowed
from domain.models import Delegation, Nomination, Position, UserRole
from workflow.actions import AWAITED, ROLES_OF, Awaited, Who
from workflow.actor import Acting, resolve

__all__ = [
    "INBOX_PARAMS",
    "WAITING_STATES",
    "acting_for_inbox",
    "inbox_clause",
    "inbox_params",
    "operator_scope",
    "waits_on",
]

BY_STATE: dict[str, tuple[Awaited, ...]] = {}
for _row in AWAITED:
    BY_STATE[_row.state] = (*BY_STATE.get(_row.state, ()), _row)
WAITING_STATES = tuple(BY_STATE)  # the states in which a nomination waits on anyone
INBOX_PARAMS = ("inbox_user", "inbox_delegation", "inbox_today")  # bound per request, with a delegation only


# --- the acting person ------------------------------------------------------------------------


async def acting_for_inbox(session: AsyncSession, actor: Principal, on: date) -> Acting:
    """``actor`` with their delegation resolved as of ``on``; one not theirs or not in force adds nothing."""
    try:
        return await resolve(session, actor, on)
    except NotAllowed:
        return Acting(actor)


async def operator_scope(session: AsyncSession, acting: Acting) -> frozenset[str] | None:
    """The units the acting operator covers, read once from the unit tree (``domain.access``'s
    subtree, as ``unit_in_scope`` reads it per unit); None for the whole province."""
    return None if acting.unit_code is None else await load_unit_scope(session, acting.unit_code)


# --- Python --------------------------------------------------------------------------------------


def waits_on(
    state: str,
    step_index: int,
    steps: Sequence[dict[str, Any]],
    post_unit: str | None,
    roles: frozenset[str],
    scope: frozenset[str] | None,
) -> bool:
    """Whether a nomination in ``state`` with the stored ``steps``/``step_index``, for a post of
    ``post_unit``, waits on someone holding ``roles`` with the operator ``scope`` (None: province)."""
    return any(
        _chain_holds(row.chain, step_index, steps) and _who_holds(row.who, step_index, steps, post_unit, roles, scope)
        for row in BY_STATE.get(state, ())
    )


def _chain_holds(chain: str | None, step_index: int, steps: Sequence[dict[str, Any]]) -> bool:
    if chain is None:
        return True
    steps_open = step_index < len(steps)
    return steps_open if chain == "steps_open" else not steps_open


def _who_holds(
    who: Who,
    step_index: int,
    steps: Sequence[dict[str, Any]],
    post_unit: str | None,
    roles: frozenset[str],
    scope: frozenset[str] | None,
) -> bool:
    if who == Who.STEP_OFFICIAL:
        return 0 <= step_index < len(steps) and steps[step_index].get("role") in roles
    if who == Who.OPERATOR:
        return "operator" in roles and (scope is None or post_unit in scope)
    return bool(ROLES_OF[who] & roles)


# --- SQL -----------------------------------------------------------------------------------------


def inbox_clause(actor: Principal, nomination: Any = None) -> sa.ColumnElement[bool]:
    """The SQL twin of :func:`waits_on` over ``nomination`` (the table, or an alias of it) for
    ``actor``: own roles and unit compiled in (the unit's subtree is read in the statement, as
    ``operator_scope`` reads it); with ``actor.delegation_id`` the represented official's roles
    come from the database, on the day bound as ``inbox_today`` (see :func:`inbox_params`).
    Grouped by whom the stage waits on, so each person test (a unit subtree, a delegation look-up)
    appears once: ``(state = s AND stored step …) AND who OR …``."""
    table = Nomination.__table__ if nomination is None else nomination  # type: ignore[attr-defined]
    delegated = actor.delegation_id is not None
    by_who: dict[Who, list[Awaited]] = {}
    for row in AWAITED:
        by_who.setdefault(row.who, []).append(row)
    waiting = []
    for who, rows in by_who.items():
        anywhere = sorted(row.state for row in rows if row.chain is None)
        stages = [table.c.state.in_(anywhere)] if anywhere else []
        stages += [_all(table.c.state == row.state, _chain_sql(row.chain, table)) for row in rows if row.chain]
        waiting.append(_all(_any(stages), _who_sql(who, table, actor, delegated)))  # the cheap test first
    return _any(waiting)


def inbox_params(actor: Principal, on: date) -> dict[str, Any]:
    """The per-request values of :func:`inbox_clause`'s statement (none without a delegation)."""
    if actor.delegation_id is None:
        return {}
    return {"inbox_user": actor.user_id, "inbox_delegation": actor.delegation_id, "inbox_today": on}


def _chain_sql(chain: str | None, table: Any) -> sa.ColumnElement[bool]:
    if chain is None:
        return sa.true()
    count = StepCount(table.c.steps)
    return table.c.step_index < count if chain == "steps_open" else table.c.step_index >= count


def _who_sql(who: Who, table: Any, actor: Principal, delegated: bool) -> sa.ColumnElement[bool]:
    if who == Who.STEP_OFFICIAL:
        role = StepRole(table.c.steps, table.c.step_index)
        held = [role.in_(sorted(actor.roles))] if actor.roles else []
        if delegated:
            held.append(role.in_(_delegated_roles()))
        return _any(held)
    if who == Who.OPERATOR:
        return _all(_holds(frozenset({"operator"}), actor, delegated), _in_scope(table, actor.unit_code))
    return _holds(ROLES_OF[who], actor, delegated)


def _holds(needed: frozenset[str], actor: Principal, delegated: bool) -> sa.ColumnElement[bool]:
    """The acting roles hold one of ``needed``: known when the actor's own roles do, else asked
    of the delegation (when one is named)."""
    if needed & actor.roles:
        return sa.true()
    if not delegated:
        return sa.false()
    return sa.exists(_delegated_roles().where(UserRole.__table__.c.role.in_(sorted(needed))))  # type: ignore[attr-defined]


def _delegated_roles() -> sa.Select[Any]:
    """The roles of the official the actor acts for, under the named delegation on the day — the
    SQL form of ``workflow.actor.resolve`` (no rows when it is not theirs or not in force). The
    values default to NULL, so the statement compiles to SQL text once; left unbound, no delegation
    is in force and the actor has their own roles only — never more."""
    delegation, role = Delegation.__table__, UserRole.__table__  # type: ignore[attr-defined]
    day = _per_request("inbox_today", sa.Date)
    return (
        sa.select(role.c.role)
        .select_from(delegation.join(role, role.c.user_id == delegation.c.principal_user_id))
        .where(
            delegation.c.id == _per_request("inbox_delegation", sa.Integer),
            delegation.c.acting_user_id == _per_request("inbox_user", sa.Integer),
            delegation.c.start_date <= day,
            delegation.c.end_date >= day,
        )
    )


def _per_request(name: str, kind: Any) -> sa.BindParameter[Any]:
    return sa.bindparam(name, None, type_=kind, required=False)


def _in_scope(table: Any, unit_code: str | None) -> sa.ColumnElement[bool]:
    """The post's unit is ``unit_code`` or below it (None: the whole province) — ``domain.access``'s
    ``unit_subtree``, nested in this subquery so the filter can appear twice in one statement (the
    page and its count) without two CTEs of one name."""
    if unit_code is None:
        return sa.true()
    tree = unit_subtree(unit_code)
    position = Position.__table__  # type: ignore[attr-defined]
    units = sa.select(tree.c.code).add_cte(tree, nest_here=True)
    return table.c.position_code.in_(sa.select(position.c.code).where(position.c.unit_code.in_(units)))


def _all(*parts: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """AND with the constants folded: the statement keeps only the tests that depend on the row."""
    if any(isinstance(p, sa.sql.elements.False_) for p in parts):
        return sa.false()
    kept = [p for p in parts if not isinstance(p, sa.sql.elements.True_)]
    return sa.and_(*kept) if len(kept) > 1 else kept[0] if kept else sa.true()


def _any(parts: Iterable[sa.ColumnElement[bool]]) -> sa.ColumnElement[bool]:
    """OR with the constants folded (nothing left: false)."""
    kept = [p for p in parts if not isinstance(p, sa.sql.elements.False_)]
    if any(isinstance(p, sa.sql.elements.True_) for p in kept):
        return sa.true()
    return sa.or_(*kept) if len(kept) > 1 else kept[0] if kept else sa.false()


class StepRole(sa.sql.expression.ColumnElement[str]):
    """``steps[step_index].role`` of a JSON array column (NULL past its end)."""

    inherit_cache = True
    type = sa.String()
    _traverse_internals = [
        ("steps", InternalTraversal.dp_clauseelement),
        ("index", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, steps: Any, index: Any) -> None:
        self.steps = sa.sql.coercions.expect(sa.sql.roles.ExpressionElementRole, steps)
        self.index = sa.sql.coercions.expect(sa.sql.roles.ExpressionElementRole, index)


@compiles(StepRole, "postgresql")
def _step_role_postgresql(element: StepRole, compiler: Any, **kw: Any) -> str:
    steps, index = compiler.process(element.steps, **kw), compiler.process(element.index, **kw)
    return f"((CAST({steps} AS JSON) -> {index}) ->> 'role')"


@compiles(StepRole)
def _step_role_sqlite(element: StepRole, compiler: Any, **kw: Any) -> str:
    steps, index = compiler.process(element.steps, **kw), compiler.process(element.index, **kw)
    return f"json_extract({steps}, '$[' || {index} || '].role')"


class StepCount(sa.sql.expression.ColumnElement[int]):
    """The length of a JSON array column."""

    inherit_cache = True
    type = sa.Integer()
    _traverse_internals = [("steps", InternalTraversal.dp_clauseelement)]

    def __init__(self, steps: Any) -> None:
        self.steps = sa.sql.coercions.expect(sa.sql.roles.ExpressionElementRole, steps)


@compiles(StepCount, "postgresql")
def _step_count_postgresql(element: StepCount, compiler: Any, **kw: Any) -> str:
    return f"json_array_length(CAST({compiler.process(element.steps, **kw)} AS JSON))"


@compiles(StepCount)
def _step_count_sqlite(element: StepCount, compiler: Any, **kw: Any) -> str:
    return f"json_array_length({compiler.process(element.steps, **kw)})"
