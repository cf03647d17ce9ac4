"""The two SQL dialects' ways of building JSON, so the field tables can stay dialect-free.

PostgreSQL: ``json_build_object`` / ``json_agg``; SQLite: ``json_object`` / ``json_group_array``.
Each value is formatted in SQL exactly as strawberry would serialise the Python value the
resolvers read: ``datetime.isoformat()`` (microseconds only when not zero, no zone for the naive
timestamps both databases return), enums by name, booleans as JSON booleans.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

__all__ = ["Dialect"]


class Dialect:
    def __init__(self, name: str) -> None:
        self.postgres = name == "postgresql"

    def obj(self, pairs: Sequence[tuple[str, Any]]) -> sa.ColumnElement[Any]:
        """A JSON object of ``(key, SQL value)`` pairs, keys in selection order (keys are GraphQL
        names — ``[_A-Za-z][_0-9A-Za-z]*`` — so inlining them is safe)."""
        args: list[Any] = []
        for key, value in pairs:
            args += [sa.literal_column(f"'{key}'"), value]
        return (sa.func.json_build_object if self.postgres else sa.func.json_object)(*args)

    def nested(self, scalar: sa.ScalarSelect[Any]) -> sa.ColumnElement[Any]:
        """An object built by a subquery, embedded as JSON (SQLite loses JSON-ness across a
        subquery: ``json()`` gives it back; NULL stays NULL)."""
        return scalar if self.postgres else sa.func.json(scalar)

    def array(self, node: sa.ColumnElement[Any], source: Any, where: Any, order: Sequence[Any]) -> Any:
        """A JSON array of ``node`` over the rows of ``source`` matching ``where`` in ``order``;
        ``[]`` when none."""
        if self.postgres:
            agg = sa.func.json_agg(aggregate_order_by(node, *order))
            query = sa.select(sa.func.coalesce(agg, sa.literal_column("'[]'::json"))).select_from(source).where(where)
            return query.scalar_subquery()
        # SQLite 3.40 has no ORDER BY inside an aggregate: a window over all rows gives each row the
        # whole array in order; any one row (LIMIT 1) is the answer, none means [].
        whole = sa.func.json_group_array(sa.func.json(node)).over(order_by=list(order), rows=(None, None))
        rows = sa.select(whole).select_from(source).where(where).limit(1).scalar_subquery()
        return sa.func.json(sa.func.coalesce(rows, "[]"))

    def as_text(self, value: Any) -> sa.ColumnElement[Any]:
        """The JSON as text: the driver then hands over the database's own JSON text (asyncpg would
        decode a ``json`` column into Python objects, to be encoded again)."""
        return sa.cast(value, sa.Text) if self.postgres else value

    def empty_array(self) -> sa.ColumnElement[Any]:
        return sa.literal_column("'[]'::json") if self.postgres else sa.func.json("[]")

    def boolean(self, value: Any) -> sa.ColumnElement[Any]:
        if self.postgres:
            return sa.cast(value, sa.Boolean)
        return sa.case((value.is_(None), None), (value, sa.func.json("true")), else_=sa.func.json("false"))

    def enum_name(self, value: Any) -> sa.ColumnElement[Any]:
        """A stored enum value (``approval``) as strawberry names it (``APPROVAL``)."""
        return sa.func.upper(value)

    def timestamp(self, value: Any) -> sa.ColumnElement[Any]:
        """``datetime.isoformat()`` of SQLModel's UTC datetimes (aware, so ``+00:00``; microseconds
        only when not zero)."""
        if self.postgres:
            utc = sa.func.timezone("UTC", value)
            whole = sa.func.to_char(utc, sa.literal_column("'YYYY-MM-DD\"T\"HH24:MI:SS'"))
            micro = sa.func.to_char(utc, sa.literal_column("'US'"))
        else:  # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff" (UTC) on SQLite
            whole = sa.func.replace(sa.func.substr(value, 1, 19), " ", "T")
            micro = sa.func.coalesce(sa.func.substr(value, 21, 6), "")
        fraction = whole.op("||")(".").op("||")(micro)
        exact = sa.case((micro.in_(["", "000000"]), whole), else_=fraction)
        return sa.case((value.is_(None), None), else_=exact.op("||")("+00:00"))
