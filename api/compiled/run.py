"""The compiled read path's entry point: answer a whole query operation with one SQL statement
whose JSON the database builds, or return None so the resolvers answer it.

A document is compiled only after the resolver path has answered it once without errors: that
run parsed and validated it with every rule of the schema (types, variables, depth, alias and
token limits), which this module does not repeat. Compiled statements are cached per
(document, operation, arguments, the viewer's roles and scope) — the shape of the rules compiled in.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter
from sqlmodel.ext.asyncio.session import AsyncSession

from api.compiled.connection import ROOTS, Page, bind_after, compile_page, render_connection
from api.compiled.selection import Unsupported, argument_values, plan_document
from api.compiled.sqljson import Dialect
from api.driver_reads import fetch_rows
from api.remembered import session_check
from domain.access import Principal
from domain.clock import today
from workflow.inbox_rule import inbox_params

__all__ = ["CompiledReads", "SessionCheck", "SessionRefused"]

CACHED_STATEMENTS = 512


class SessionRefused(Exception):
    """A remembered viewer's session check said no: the caller forgets them and looks them up in full."""


@dataclass(frozen=True)
class SessionCheck:
    """A remembered viewer's session check: the values of ``api.remembered.session_check``'s
    parameters, and ``admit(created_at, last_seen_at)``, the session rule on the times it returns."""

    values: dict[str, Any]
    admit: Callable[[datetime, datetime], Awaitable[bool]]


class CompiledReads:
    """One per server process: the documents known valid and the compiled statements."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], enabled: bool = True) -> None:
        self.sessions = sessions
        self.enabled = enabled  # False: every request goes through the resolvers (tests compare both)
        self.validated: set[tuple[str, str | None]] = set()
        self.statements: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        # the same pages behind a remembered viewer's session check: (page, SQL text, positions, defaults)
        self.checked: OrderedDict[tuple[Any, ...], tuple[Page, str, tuple[str, ...], dict[str, Any]]] = OrderedDict()
        self.served = 0  # answers given here (tests check a query really took this path)
        self.engine = sessions.kw["bind"]
        self.dialect = Dialect(self.engine.dialect.name)

    def learn(self, query: str, operation_name: str | None) -> None:
        """The resolvers answered this document without errors: it passed every validation rule."""
        if len(self.validated) < 4096 and plan_document(query, operation_name) is not None:
            self.validated.add((query, operation_name))

    async def answer(
        self,
        viewer: Principal | None,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        check: SessionCheck | None = None,
    ) -> str | None:
        """The ``data`` JSON text of the operation, or None when the resolvers must answer.

        With ``check`` (a remembered viewer, ``api.fast_reads``) the page goes in one statement with
        the session check, on PostgreSQL only (else None before any statement); a check that finds
        no row, or times ``check.admit`` refuses, raise :class:`SessionRefused`."""
        if not self.enabled or viewer is None or (query, operation_name) not in self.validated:
            return None
        roots = plan_document(query, operation_name)
        if roots is None or len(roots) != 1 or roots[0].name not in ROOTS:
            return None
        field, root = roots[0], ROOTS[roots[0].name]
        try:
            args = argument_values(field, root.arguments, variables or {})
            if root.model.__tablename__ == "position" and not viewer.is_staff:
                return None  # refused with an error by the resolver
            inbox = bool(args.get("assignedToMe"))
            key = self._key((query, operation_name), args, viewer, inbox)
            page = self._page(key, field, root, args, viewer, inbox)
            params = bind_after(page, args.get("after"))
        except Unsupported:
            return None
        if inbox:  # the rule is in the statement; only a viewer under a Plt/Plh delegation binds values
            params.update(inbox_params(viewer, today()))
        if check is not None:
            if page.sql is None or not self.dialect.postgres or viewer.delegation_id is not None:
                return None  # no statement without the check: the caller takes the full lookup
            sql, positions, defaults = self._checked(key, page, scoped=viewer.unit_scope is not None)
            params.update(check.values)
            rows = await fetch_rows(self.engine, sql, [params.get(n, defaults[n]) for n in positions])
            if not rows or not await check.admit(rows[0][0], rows[0][1]):
                raise SessionRefused  # nothing of the page is rendered
            rows = [row[2:] for row in rows]
        elif page.sql is not None and self.dialect.postgres:  # the text straight to asyncpg (api.driver_reads)
            rows = await fetch_rows(self.engine, page.sql, [params.get(n, page.defaults[n]) for n in page.positions])
        else:
            async with self.engine.connect() as connection:
                if self.dialect.postgres:  # one round trip: no BEGIN/ROLLBACK around a single read
                    connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                if page.sql is None:
                    rows = (await connection.execute(page.statement, params)).all()
                else:  # the SQL text compiled once: no statement tree walked per request
                    values = tuple(params.get(name, page.defaults[name]) for name in page.positions)
                    rows = (await connection.exec_driver_sql(page.sql, values)).all()
        self.served += 1
        return "{" + f'"{field.key}":' + render_connection(page, rows, args.get("after")) + "}"

    @staticmethod
    def _key(document: Any, args: dict[str, Any], viewer: Principal, inbox: bool) -> tuple[Any, ...]:
        shape = (viewer.roles, viewer.unit_scope, viewer.unit_code, viewer.nip, viewer.delegation_id is not None)
        return (document, args.get("first"), args.get("after") is not None, args.get("vacant"), inbox, shape)

    def _checked(self, key: tuple[Any, ...], page: Page, scoped: bool) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        """The page behind the session check (``api.remembered.session_check``) as one statement, SQL
        text compiled once per page: the check drives, the page is LEFT JOINed on true, so no check
        row means no row at all; a passing check returns its times on every row of the page."""
        found = self.checked.get(key)
        if found is not None and found[0] is page:
            self.checked.move_to_end(key)
            return found[1:]
        check = session_check(scoped)  # the key holds the viewer's scope: scoped or not, per key
        inner = page.statement.subquery("answer")
        keys = [column for column in inner.c if column.name.startswith("k")]  # k0, k1, …: the page's keys
        statement = (
            sa.select(check.c.created_at, check.c.last_seen_at, *inner.c)
            .select_from(check.outerjoin(inner, sa.true()))
            # the page's own order, on the joined columns (an order inside a joined subquery is not kept)
            .order_by(*[k.desc() if page.descending else k for k in keys])
        )
        text = self._compile(statement)
        assert text.positiontup is not None
        found = self.checked[key] = (page, text.string, tuple(text.positiontup), dict(text.params))
        if len(self.checked) > CACHED_STATEMENTS:
            self.checked.popitem(last=False)
        return found[1:]

    def _compile(self, statement: Any) -> Any:
        """The statement as the driver's SQL text, once per cached page. On PostgreSQL every value
        fixed when the page was compiled (page sizes, ``LIMIT 1`` of a nested object, the inbox's
        states and roles — everything but the parameters bound per request, which carry no value
        here) is written into the text: PostgreSQL plans a prepared statement for its parameters'
        values five times, then keeps a generic plan only if that is estimated no dearer. With
        ``LIMIT $n`` and ``state IN ($a, $b)`` it never was: the inbox and employees pages were
        planned again on every execution (0.5-0.6 ms each); with the values in the text, a generic
        plan is kept (0.2-0.3 ms)."""
        if self.dialect.postgres:
            statement = visitors.replacement_traverse(statement, {}, _inline_constant)
        return statement.compile(dialect=self.engine.dialect, compile_kwargs={"render_postcompile": True})

    def _page(
        self, key: tuple[Any, ...], field: Any, root: Any, args: dict[str, Any], viewer: Principal, inbox: bool
    ) -> Page:
        page = self.statements.get(key)
        if page is not None:
            self.statements.move_to_end(key)
            return page
        page = compile_page(root, field, args, viewer, self.dialect, inbox)
        text = self._compile(page.statement)
        if text.positiontup is not None:
            page = replace(page, sql=text.string, positions=tuple(text.positiontup), defaults=dict(text.params))
        self.statements[key] = page
        if len(self.statements) > CACHED_STATEMENTS:
            self.statements.popitem(last=False)
        return page


def _inline_constant(element: Any, **_: Any) -> Any:
    """A parameter with a value fixed at compile time, rendered into the SQL text (SQLAlchemy's
    ``literal_execute``, rendered by ``render_postcompile``); None keeps the element as it is — the
    parameters bound per request (``after0``…, ``check_*``, ``inbox_*``) are declared without a value.
    Only integers, booleans and strings (or lists of them, an ``IN``) are written in: their SQL
    literals are exact; a date or a decimal stays a parameter."""
    if isinstance(element, BindParameter) and element.callable is None and _literal(element.value):
        inlined = element._clone()
        inlined.literal_execute = True
        return inlined
    return None


def _literal(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return bool(value) and all(_literal(item) for item in value)
    return type(value) in (int, bool, str)
