"""The compiled connections: each root list's row filter, order and cursor key, the page statement
and the answer assembled around the database's JSON text.

The same decisions as ``api.schema.connections.fetch_page``/``build_connection`` and the root
resolvers: the viewer's filter from ``domain.access``, keyset order, ``LIMIT first+1`` for
``hasNextPage``, ``totalCount`` of the unpaged list, cursors from ``encode_cursor``. One statement
reads the total and the page: ``SELECT total, key…, node_json FROM (SELECT count(*) …) LEFT JOIN page``.

On PostgreSQL a page that asks for no cursor and no ``pageInfo`` (the usual list) is *aggregated*: the
database also joins the edges into the ``edges`` array's text (``string_agg`` in the page's order) and
returns ONE row ``(total, edges)`` — the driver decodes one row instead of ``first + 1``, and Python
splices one string (at 50 rows this was about a quarter of the server's time per request).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by

from api.compiled.fields import NodeBuilder
from api.compiled.selection import Field, Unsupported
from api.schema.connections import decode_cursor, encode_cursor, page_size
from domain import access, models
from domain.access import Principal
from domain.errors import DomainError
from workflow.inbox_rule import inbox_clause

__all__ = ["ROOTS", "Page", "Root", "compile_page", "render_connection"]


@dataclass(frozen=True)
class Root:
    model: Any
    build: str  # NodeBuilder method for a node
    arguments: dict[str, type]
    keys: tuple[str, ...]
    descending: bool = False

    def where(self, viewer: Principal, args: dict[str, Any], table: Any, inbox: bool = False) -> list[Any]:
        """The row filter: ``domain.access``'s SQL form for the viewer, then the arguments; the inbox
        (``assignedToMe``) is ``workflow.inbox_rule``'s SQL form of the rule the resolver runs in Python."""
        rules = [NodeBuilder.adapt(FILTERS[self.model](viewer), table)]
        if self.model is models.Position and args.get("vacant") is not None:
            person = models.Employee.__table__.alias("holder")
            held = sa.exists(sa.select(sa.literal(1)).select_from(person).where(person.c.position_code == table.c.code))
            rules.append(~held if args["vacant"] else held)
        if inbox:
            rules.append(inbox_clause(viewer, table))
        return rules


FILTERS = {
    models.Employee: access.employee_filter,
    models.Position: access.position_filter,
    models.Nomination: access.nomination_filter,
}
PAGING = {"first": int, "after": str}
ROOTS = {
    "employees": Root(models.Employee, "employee", dict(PAGING), ("name", "nip")),
    "positions": Root(models.Position, "position", {**PAGING, "vacant": bool}, ("code",)),
    "nominations": Root(models.Nomination, "nomination", {**PAGING, "assignedToMe": bool}, ("id",), descending=True),
}
PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}


@dataclass(frozen=True)
class Page:
    """A compiled page statement and how to render its rows."""

    statement: sa.Select[Any]
    size: int
    field: Field
    cursor_kinds: tuple[Any, ...]
    sql: str | None = None  # the statement compiled to the driver's SQL text, with its positional
    positions: tuple[str, ...] = ()  # parameter names in order, and their compiled-in values
    defaults: dict[str, Any] = field(default_factory=dict)
    descending: bool = False  # the keys' order (k0, k1, … in the statement's columns)
    aggregated: bool = False  # one row (total, edges text): no cursor asked, PostgreSQL (module doc)


def _node_field(field: Field) -> Field | None:
    """The ``edges { node }`` selection (None when no node is asked), checking the connection's shape."""
    node = None
    for child in field.children:
        if child.arguments:
            raise Unsupported(f"{child.name} with arguments")
        if child.name == "totalCount" and not child.children:
            continue
        if child.name == "pageInfo" and child.children and all(g.name in PAGE_INFO for g in child.children):
            if any(g.children or g.arguments for g in child.children):
                raise Unsupported("pageInfo selection")
            continue
        if child.name != "edges" or not child.children:
            raise Unsupported(f"connection field {child.name}")
        for edge in child.children:
            if edge.arguments or edge.name not in ("node", "cursor") or (edge.name == "cursor") == bool(edge.children):
                raise Unsupported(f"edge field {edge.name}")
            if edge.name == "node":
                if node is not None and node != edge:
                    raise Unsupported("two different node selections")
                node = edge
    return node


def compile_page(root: Root, field: Field, args: dict[str, Any], viewer: Principal, dialect: Any, inbox: bool) -> Page:
    """The page statement for ``viewer`` (``after`` values are bound at run time, and for a viewer
    acting under a delegation the inbox's ``inbox_params``)."""
    try:
        size = page_size(args.get("first"))
    except DomainError as error:
        raise Unsupported("page size refused: the resolver says why") from error
    builder = NodeBuilder(dialect, viewer)
    table = root.model.__table__.alias("root")
    counted = root.model.__table__.alias("counted")
    node = _node_field(field)
    rules = root.where(viewer, args, table, inbox)
    keys = [table.c[k] for k in root.keys]
    total = sa.select(sa.func.count().label("total")).select_from(counted)
    total = total.where(*root.where(viewer, args, counted, inbox))
    if not any(c.name == "totalCount" for c in field.children):
        total = sa.select(sa.literal(0).label("total"))
    total = total.subquery("total")
    node_json = dialect.as_text(getattr(builder, root.build)(table, node.children)) if node is not None else sa.null()
    page = sa.select(*[k.label(f"k{i}") for i, k in enumerate(keys)], node_json.label("node"))
    page = page.select_from(table).where(*rules)
    if args.get("after") is not None:
        bound = sa.tuple_(*[sa.bindparam(f"after{i}", None, type_=k.type, required=False) for i, k in enumerate(keys)])
        page = page.where(sa.tuple_(*keys) < bound if root.descending else sa.tuple_(*keys) > bound)
    aggregated = dialect.postgres and node is not None and _one_edge_shape(field) and not cursors_asked(field)
    # LIMIT first+1 tells hasNextPage; an aggregated page asks no pageInfo, so it reads first rows only
    page = page.order_by(*[k.desc() if root.descending else k for k in keys]).limit(size + (not aggregated))
    page = page.subquery("page")
    order = [page.c[f"k{i}"].desc() if root.descending else page.c[f"k{i}"] for i in range(len(keys))]
    if aggregated:
        statement = sa.select(total.c.total, _edges_text(field, page, order).label("edges")).select_from(total)
    else:
        statement = (
            sa.select(total.c.total, *[page.c[f"k{i}"] for i in range(len(keys))], page.c.node)
            .select_from(total.outerjoin(page, sa.true()))
            .order_by(*order)
        )
    kinds = tuple(_kind(k) for k in keys)
    return Page(statement, size, field, kinds, descending=root.descending, aggregated=aggregated)


def cursors_asked(field: Field) -> bool:
    """Whether the connection asks for any cursor (an edge's, or ``pageInfo``'s)."""
    asked = any(e.name == "cursor" for c in field.children if c.name == "edges" for e in c.children)
    return asked or any(c.name == "pageInfo" for c in field.children)


def _one_edge_shape(field: Field) -> bool:
    """Every ``edges`` selection (aliases included) asks the same keys: one aggregated text serves all."""
    return len({tuple(e.key for e in c.children) for c in field.children if c.name == "edges"}) == 1


def _edges_text(field: Field, page: Any, order: list[Any]) -> sa.ScalarSelect[Any]:
    """The ``edges`` array as JSON text, built by the database: each edge ``{"<key>":<node>,…}`` (its
    keys are GraphQL names — ``[_A-Za-z][_0-9A-Za-z]*`` — so inlining them is safe), joined in the
    page's order; ``[]`` for an empty page."""
    edge = next(c for c in field.children if c.name == "edges")
    text: Any = None
    for i, child in enumerate(edge.children):
        piece = sa.literal_column(("'{" if i == 0 else "',") + f'"{child.key}":' + "'").op("||")(page.c.node)
        text = piece if text is None else text.op("||")(piece)
    text = text.op("||")(sa.literal_column("'}'"))
    joined = sa.func.string_agg(text, aggregate_order_by(sa.literal_column("','"), *order))
    edges = (
        sa.literal_column("'['")
        .op("||")(sa.func.coalesce(joined, sa.literal_column("''")))
        .op("||")(sa.literal_column("']'"))
    )
    return sa.select(edges).select_from(page).scalar_subquery()


def _kind(column: Any) -> Any:
    return 32 if isinstance(column.type, sa.Integer) else str


def bind_after(page: Page, after: str | None) -> dict[str, Any]:
    if after is None:
        return {}
    try:
        values = decode_cursor(after, page.cursor_kinds)
    except DomainError as error:
        raise Unsupported("cursor refused: the resolver says why") from error
    return {f"after{i}": value for i, value in enumerate(values)}


def render_connection(page: Page, rows: Sequence[Any], after: str | None) -> str:
    """The connection's JSON text: the database's node JSON spliced in as it came."""
    if page.aggregated:  # one row: (total, the edges array's text)
        total, edges = rows[0][0], rows[0][1]
        return (
            "{"
            + ",".join(
                f'"{c.key}":{int(total)}' if c.name == "totalCount" else f'"{c.key}":{edges}'
                for c in page.field.children
            )
            + "}"
        )
    total = rows[0][0] if rows else 0
    present = [row for row in rows if row[1] is not None]  # the LEFT JOIN gives one empty row for no page
    shown = present[: page.size]
    cursors = [_cursor(row[1:-1]) for row in shown] if cursors_asked(page.field) else [None] * len(shown)
    parts = []
    for child in page.field.children:
        if child.name == "totalCount":
            parts.append(f'"{child.key}":{int(total)}')
        elif child.name == "pageInfo":
            info = {
                "hasNextPage": len(present) > page.size,
                "hasPreviousPage": after is not None,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            }
            parts.append(f'"{child.key}":' + json.dumps({g.key: info[g.name] for g in child.children}))
        else:
            edges = []
            for row, cursor in zip(shown, cursors, strict=True):
                bits = []
                for edge in child.children:
                    text = f'"{cursor}"' if edge.name == "cursor" else _text(row[-1])  # base64url: no escaping
                    bits.append(f'"{edge.key}":{text}')
                edges.append("{" + ",".join(bits) + "}")
            parts.append(f'"{child.key}":[' + ",".join(edges) + "]")
    return "{" + ",".join(parts) + "}"


def _cursor(keys: Sequence[Any]) -> str:
    """``encode_cursor``; a single integer key (a nomination's id) without json.dumps — the same text."""
    if len(keys) == 1 and type(keys[0]) is int:
        return base64.urlsafe_b64encode(f"[{keys[0]}]".encode()).decode()
    return encode_cursor(keys)


def _text(value: Any) -> str:
    """asyncpg hands json as text already; a driver that decoded it gets it re-encoded."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
