"""The field tables: each GraphQL field the compiler knows, as the SQL value that answers it.

A field is answered in SQL exactly as its resolver answers it in Python, and every rule comes
from ``domain.access``'s SQL forms, adapted to the table alias of the row at hand:

- a reached employee (``nominee``, ``incumbent``) — ``reach_employee_filter`` (``reached()``);
- an employee's profile fields (``birthDate``, ``religion``) — ``profile_filter`` (``SeesProfile``);
- a status-only viewer (``access.status_only``) sees no approvals and a nominee only if themselves.

Any other field, or any argument on one, raises :class:`Unsupported` and the resolvers answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.util import ClauseAdapter

from api.compiled.selection import Field, Unsupported
from api.compiled.sqljson import Dialect
from domain import access, models
from domain.access import Principal

__all__ = ["NodeBuilder"]

PLAIN, BOOLEAN, ENUM, TIMESTAMP = "plain", "boolean", "enum", "timestamp"

# GraphQL field -> (column, how strawberry serialises it)
NOMINATION = {
    "id": ("id", PLAIN), "state": ("state", ENUM), "kind": ("kind", ENUM), "version": ("version", PLAIN),
    "round": ("round", PLAIN), "level": ("level", PLAIN), "createdAt": ("created_at", TIMESTAMP),
    "updatedAt": ("updated_at", TIMESTAMP), "plannedDate": ("planned_date", PLAIN),
    "stageDueOn": ("stage_due_on", PLAIN), "decreeNumber": ("decree_number", PLAIN),
    "decreeDate": ("decree_date", PLAIN), "effectiveDate": ("effective_date", PLAIN),
    "inauguratedOn": ("inaugurated_on", PLAIN), "closingReason": ("closing_reason", PLAIN),
}  # fmt: skip
POSITION = {
    "code": ("code", PLAIN), "title": ("title", PLAIN), "unitCode": ("unit_code", PLAIN),
    "level": ("level", PLAIN), "eselon": ("eselon", PLAIN), "isKey": ("is_key", BOOLEAN),
}  # fmt: skip
UNIT = {"code": ("code", PLAIN), "name": ("name", PLAIN), "parentCode": ("parent_code", PLAIN)}
EMPLOYEE = {
    "nip": ("nip", PLAIN), "name": ("name", PLAIN), "frontTitle": ("front_title", PLAIN),
    "backTitle": ("back_title", PLAIN), "gender": ("gender", PLAIN), "golongan": ("golongan", PLAIN),
    "education": ("education", PLAIN), "major": ("major", PLAIN), "unitCode": ("unit_code", PLAIN),
}  # fmt: skip
EMPLOYEE_PROFILE = {"birthDate": ("birth_date", PLAIN), "religion": ("religion", PLAIN)}
APPROVAL = {
    "round": ("round", PLAIN), "stepIndex": ("step_index", PLAIN), "stepName": ("step_name", PLAIN),
    "role": ("role", PLAIN), "actor": ("actor_username", PLAIN), "onBehalfOf": ("on_behalf_of_username", PLAIN),
    "comment": ("comment", PLAIN), "letterNumber": ("letter_number", PLAIN), "letterDate": ("letter_date", PLAIN),
    "approvedAt": ("approved_at", TIMESTAMP), "void": ("void", BOOLEAN),
}  # fmt: skip


def _leaf(field: Field) -> None:
    if field.arguments or field.children:
        raise Unsupported(f"{field.name} with arguments or a selection")


def _branch(field: Field) -> None:
    if field.arguments or not field.children:
        raise Unsupported(f"{field.name} with arguments or without a selection")


class NodeBuilder:
    """Builds the JSON of one node type for a table alias; ``viewer`` decides the compiled rules."""

    def __init__(self, dialect: Dialect, viewer: Principal) -> None:
        self.sql = dialect
        self.viewer = viewer
        self.aliases = 0

    def alias(self, model: Any) -> sa.TableClause:
        self.aliases += 1
        return model.__table__.alias(f"n{self.aliases}")

    @staticmethod
    def adapt(rule: sa.ColumnElement[bool], table: Any) -> sa.ColumnElement[bool]:
        """An access rule written over a model's table, applied to ``table`` (an alias of it)."""
        return ClauseAdapter(table).traverse(rule)

    def scalar(self, table: Any, column: str, kind: str) -> sa.ColumnElement[Any]:
        value = table.c[column]
        if kind == BOOLEAN:
            return self.sql.boolean(value)
        if kind == ENUM:
            return self.sql.enum_name(value)
        if kind == TIMESTAMP:
            return self.sql.timestamp(value)
        return value

    def _scalars(self, table: Any, fields: Sequence[Field], known: dict[str, tuple[str, str]], extra: Any) -> Any:
        pairs: list[tuple[str, Any]] = []
        for field in fields:
            if field.name in known:
                _leaf(field)
                pairs.append((field.key, self.scalar(table, *known[field.name])))
            else:
                pairs.append((field.key, extra(table, field)))
        return self.sql.obj(pairs)

    def _one(self, model: Any, build: Any, field: Field, match: Any, *where: Any) -> Any:
        """A nested object: the row of ``model`` for which ``match(alias)`` holds, or null."""
        _branch(field)
        table = self.alias(model)
        query = sa.select(build(table, field.children)).select_from(table).where(match(table), *where)
        return self.sql.nested(query.limit(1).scalar_subquery())

    # --- unit ------------------------------------------------------------------------------
    def unit(self, table: Any, fields: Sequence[Field]) -> Any:
        return self._scalars(table, fields, UNIT, self._unknown)

    # --- position --------------------------------------------------------------------------
    def position(self, table: Any, fields: Sequence[Field]) -> Any:
        return self._scalars(table, fields, POSITION, self._position_extra)

    def _position_extra(self, post: Any, field: Field) -> Any:
        if field.name == "unit":
            return self._one(models.Unit, self.unit, field, lambda u: u.c.code == post.c.unit_code)
        if field.name == "incumbent":
            return self._incumbent(post, field)
        if field.name == "vacant":
            _leaf(field)
            held = sa.select(sa.literal(1)).select_from(e := self.alias(models.Employee))
            return self.sql.boolean(~sa.exists(held.where(e.c.position_code == post.c.code)))
        return self._unknown(post, field)

    def _incumbent(self, post: Any, field: Field) -> Any:
        """``reached(incumbent)``: the holder of the post, null when the viewer may not reach them."""
        _branch(field)
        person = self.alias(models.Employee)
        reach = self.adapt(access.reach_employee_filter(self.viewer), person)
        node = sa.case((reach, self.employee(person, field.children)), else_=None)
        query = sa.select(node).select_from(person).where(person.c.position_code == post.c.code).limit(1)
        return self.sql.nested(query.scalar_subquery())

    # --- employee --------------------------------------------------------------------------
    def employee(self, table: Any, fields: Sequence[Field]) -> Any:
        return self._scalars(table, fields, EMPLOYEE, self._employee_extra)

    def _employee_extra(self, person: Any, field: Field) -> Any:
        if field.name in EMPLOYEE_PROFILE:
            _leaf(field)
            sees = self.adapt(access.profile_filter(self.viewer), person)
            return sa.case((sees, self.scalar(person, *EMPLOYEE_PROFILE[field.name])), else_=None)
        if field.name == "unit":
            return self._one(models.Unit, self.unit, field, lambda u: u.c.code == person.c.unit_code)
        if field.name == "position":
            return self._one(models.Position, self.position, field, lambda p: p.c.code == person.c.position_code)
        return self._unknown(person, field)

    # --- nomination ------------------------------------------------------------------------
    def nomination(self, table: Any, fields: Sequence[Field]) -> Any:
        return self._scalars(table, fields, NOMINATION, self._nomination_extra)

    def _nomination_extra(self, row: Any, field: Field) -> Any:
        if field.name == "position":
            return self._one(models.Position, self.position, field, lambda p: p.c.code == row.c.position_code)
        if field.name == "nominee":
            return self._nominee(row, field)
        if field.name == "approvals":
            return self._approvals(row, field)
        return self._unknown(row, field)

    def _nominee(self, row: Any, field: Field) -> Any:
        """``Nomination.nominee``: a status-only viewer sees only themselves; anyone else the
        nominee when ``reached()`` lets them."""
        rules: list[Any] = []
        if access.status_only(self.viewer):
            rules.append(sa.false() if self.viewer.nip is None else row.c.nominee_nip == self.viewer.nip)
        reach = access.reach_employee_filter(self.viewer)
        return self._one(
            models.Employee,
            self.employee,
            field,
            lambda e: sa.and_(e.c.nip == row.c.nominee_nip, self.adapt(reach, e), *rules),
        )

    def _approvals(self, row: Any, field: Field) -> Any:
        _branch(field)
        if access.status_only(self.viewer):
            return self.sql.empty_array()
        step = self.alias(models.Approval)
        node = self._scalars(step, field.children, APPROVAL, self._unknown)
        return self.sql.array(node, step, step.c.nomination_id == row.c.id, [step.c.id])

    @staticmethod
    def _unknown(_table: Any, field: Field) -> Any:
        raise Unsupported(f"field {field.name}")
