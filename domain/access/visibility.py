"""What a principal may see, decided once: for each kind of record the SQL filter and the Python
predicate side by side. ``tests/domain/test_access_parity`` runs both over the same rows for every
role, so a list (SQL) and a single read (Python) cannot drift apart.

===============  ==========================================================================
employee         province readers; an operator for people in their units; everyone themselves
nomination       province readers; an operator for posts in their units; an employee the
                 nominations they are shortlisted for or nominated in (status only)
ceremony         staff (province readers and operators)
audit event      auditors and admins all; else the events of nominations one may see (staff:
                 all outcomes, others: only steps taken), and events of no nomination for
                 province readers
===============  ==========================================================================

Field masks ride on the same principal: ``sees_profile`` (religion, birth date, talent profile,
nine-box), ``Principal.sees_sensitive_of`` (assessments, discipline, evaluations) and
``status_only`` (an employee sees a nomination's steps, not names or reasons).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import col

from domain.access.principal import Principal
from domain.models import AuditEvent, Ceremony, Employee, Evaluation, Nomination, Position
from domain.reference import Role

__all__ = [
    "JsonArrayHas",
    "audit_event_filter",
    "can_see_audit_event",
    "can_see_ceremony",
    "can_reach_employee",
    "can_see_employee",
    "can_see_evaluation",
    "can_see_nomination",
    "can_see_position",
    "ceremony_filter",
    "employee_filter",
    "nomination_filter",
    "position_filter",
    "profile_filter",
    "reach_employee_filter",
    "sees_every_evaluation",
    "sees_profile",
    "status_only",
]


class JsonArrayHas(sa.sql.expression.ColumnElement[bool]):
    """``value`` is an element of the JSON array in ``column``: ``json_each`` on SQLite, jsonb
    containment on PostgreSQL. An exact element match, unlike a LIKE on the JSON text."""

    inherit_cache = True
    type = sa.Boolean()
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("value", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, value: str) -> None:
        self.column = sa.sql.coercions.expect(sa.sql.roles.ExpressionElementRole, column)
        self.value = sa.bindparam(None, value, type_=sa.String)


@compiles(JsonArrayHas, "postgresql")
def _json_has_postgresql(element: JsonArrayHas, compiler: Any, **kw: Any) -> str:
    column, value = compiler.process(element.column, **kw), compiler.process(element.value, **kw)
    return f"(CAST({column} AS JSONB) @> jsonb_build_array(CAST({value} AS TEXT)))"


@compiles(JsonArrayHas)
def _json_has_sqlite(element: JsonArrayHas, compiler: Any, **kw: Any) -> str:
    column, value = compiler.process(element.column, **kw), compiler.process(element.value, **kw)
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"


def _everything() -> sa.ColumnElement[bool]:
    return sa.true()


def _nothing() -> sa.ColumnElement[bool]:
    return sa.false()


# --- employee ------------------------------------------------------------------------------


def employee_filter(p: Principal) -> sa.ColumnElement[bool]:
    if p.reads_province:
        return _everything()
    allowed: list[sa.ColumnElement[bool]] = []
    if p.is_operator and p.unit_scope:
        allowed.append(col(Employee.unit_code).in_(sorted(p.unit_scope)))
    if p.nip:
        allowed.append(col(Employee.nip) == p.nip)
    return sa.or_(*allowed) if allowed else _nothing()


def can_see_employee(p: Principal, nip: str, unit_code: str | None) -> bool:
    """The whole profile of a person: province readers, an operator covering the person's unit,
    and the person themselves."""
    return p.reads_province or p.covers_unit(unit_code) or (p.nip is not None and p.nip == nip)


def can_reach_employee(p: Principal | None, nip: str, unit_code: str | None) -> bool:
    """An employee reached through another record the viewer may see (a post's incumbent, a
    nomination's shortlist or nominee, an account): staff see who it is — its profile fields stay
    masked by :func:`sees_profile` — and anyone else only themselves."""
    return p is not None and (p.is_staff or can_see_employee(p, nip, unit_code))


def reach_employee_filter(p: Principal | None) -> sa.ColumnElement[bool]:
    """SQL form of :func:`can_reach_employee`, over the ``Employee`` row reached."""
    if p is None:
        return _nothing()
    return _everything() if p.is_staff else employee_filter(p)


def profile_filter(p: Principal | None) -> sa.ColumnElement[bool]:
    """SQL form of :func:`sees_profile` (the profile fields' mask), over the ``Employee`` row."""
    return _nothing() if p is None else employee_filter(p)


def sees_profile(p: Principal | None, nip: str, unit_code: str | None) -> bool:
    """The field mask for profile fields of an Employee reached by any path (birth date, religion,
    talent profile, nine-box): the same rule as seeing the employee at all."""
    return p is not None and can_see_employee(p, nip, unit_code)


# --- position (a post) ----------------------------------------------------------------------


def position_filter(p: Principal) -> sa.ColumnElement[bool]:
    if p.reads_province:
        return _everything()
    if p.is_operator:
        return col(Position.unit_code).in_(sorted(p.unit_scope or ()))
    return _nothing()


def can_see_position(p: Principal, unit_code: str | None) -> bool:
    """Staff: province readers every post, an operator the posts of their units."""
    return p.covers_unit(unit_code)


# --- nomination ----------------------------------------------------------------------------


def nomination_filter(p: Principal) -> sa.ColumnElement[bool]:
    if p.reads_province:
        return _everything()
    if p.is_operator:
        posts = sa.select(col(Position.code)).where(col(Position.unit_code).in_(sorted(p.unit_scope or ())))
        return col(Nomination.position_code).in_(posts)
    if not p.nip:
        return _nothing()
    return sa.or_(col(Nomination.nominee_nip) == p.nip, JsonArrayHas(Nomination.shortlist, p.nip))


def can_see_nomination(p: Principal, nomination: Nomination, post_unit: str | None) -> bool:
    """``post_unit``: the unit of the nomination's post (None when the post is unknown)."""
    if p.reads_province:
        return True
    if p.is_operator:
        return post_unit is not None and p.covers_unit(post_unit)
    return p.nip is not None and (nomination.nominee_nip == p.nip or p.nip in (nomination.shortlist or []))


def status_only(p: Principal | None) -> bool:
    """True for a viewer who sees nominations only because they are about them (the employee role)."""
    return p is None or not p.is_staff


# --- panel evaluation (blind scoring) -------------------------------------------------------


def sees_every_evaluation(p: Principal | None) -> bool:
    """Every score, the average and the spread: the panel chair, and the other readers of
    evaluations (approving officials, auditors) — not a plain panel member, who scores blind."""
    if p is None or not p.sees_sensitive_of(None):
        return False
    return Role.PANEL_CHAIR in p.roles or Role.PANEL not in p.roles


def can_see_evaluation(p: Principal | None, evaluation: Evaluation, scored: frozenset[tuple[int, str]]) -> bool:
    """Blind scoring: a panel member sees their own scores, and another member's score of a
    candidate only once they have recorded their own score of that candidate in that round.
    ``scored``: the (round, NIP) pairs the viewer has scored in this nomination."""
    if sees_every_evaluation(p):
        return True
    if p is None or not p.sees_sensitive_of(None):
        return False
    return evaluation.evaluator_user_id == p.user_id or (evaluation.round, evaluation.nip) in scored


# --- ceremony ------------------------------------------------------------------------------


def ceremony_filter(p: Principal) -> sa.ColumnElement[bool]:
    return _everything() if p.is_staff else _nothing()


def can_see_ceremony(p: Principal, ceremony: Ceremony | None = None) -> bool:
    return p.is_staff


# --- audit event ---------------------------------------------------------------------------


def audit_event_filter(p: Principal) -> sa.ColumnElement[bool]:
    if p.reads_audit_log:
        return _everything()
    of_visible = col(AuditEvent.nomination_id).in_(sa.select(col(Nomination.id)).where(nomination_filter(p)))
    if not p.is_staff:
        of_visible = sa.and_(of_visible, col(AuditEvent.outcome) == "ok")
    if p.reads_province:
        return sa.or_(col(AuditEvent.nomination_id).is_(None), of_visible)
    return of_visible


def can_see_audit_event(p: Principal, event: AuditEvent, nomination: Nomination | None, post_unit: str | None) -> bool:
    """``nomination`` and ``post_unit``: the event's nomination and its post's unit (None if none)."""
    if p.reads_audit_log:
        return True
    if event.nomination_id is None:
        return p.reads_province
    if nomination is None or not can_see_nomination(p, nomination, post_unit):
        return False
    return p.is_staff or event.outcome == "ok"
