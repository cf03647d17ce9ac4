"""The compiled read path's entry point: answer a whole query operation with one SQL statement
whose JSON the database builds, or return None so the resolvers answer it.

A document is compiled only after the resolver path has answered it once without errors: that
run parsed and validated it with every rule of the schema (types, variables, depth, alias and
token limits), which this module does not repeat. Compiled statements are cached per
(document, operation, arguments, the viewer's roles and scope) — the shape of the rules compiled in.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from api.compiled.connection import ROOTS, Page, bind_after, compile_page, render_connection
from api.compiled.selection import Unsupported, argument_values, plan_document
from api.compiled.sqljson import Dialect
from api.driver_reads import fetch_rows
from domain.access import Principal
from domain.clock import today
from workflow.inbox_rule import inbox_params

__all__ = ["CompiledReads"]

CACHED_STATEMENTS = 512


class CompiledReads:
    """One per server process: the documents known valid and the compiled statements."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], enabled: bool = True) -> None:
        self.sessions = sessions
        self.enabled = enabled  # False: every request goes through the resolvers (tests compare both)
        self.validated: set[tuple[str, str | None]] = set()
        self.statements: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        self.served = 0  # answers given here (tests check a query really took this path)
        self.engine = sessions.kw["bind"]
        self.dialect = Dialect(self.engine.dialect.name)

    def learn(self, query: str, operation_name: str | None) -> None:
        """The resolvers answered this document without errors: it passed every validation rule."""
        if len(self.validated) < 4096 and plan_document(query, operation_name) is not None:
            self.validated.add((query, operation_name))

    async def answer(
        self, viewer: Principal | None, query: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> str | None:
        """The ``data`` JSON text of the operation, or None when the resolvers must answer."""
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
            page = self._page((query, operation_name), field, root, args, viewer, inbox)
            params = bind_after(page, args.get("after"))
        except Unsupported:
            return None
        if inbox:  # the rule is in the statement; only a viewer under a Plt/Plh delegation binds values
            params.update(inbox_params(viewer, today()))
        if page.sql is not None and self.dialect.postgres:  # the text straight to asyncpg (api.driver_reads)
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

    def _page(self, document: Any, field: Any, root: Any, args: dict[str, Any], viewer: Principal, inbox: bool) -> Page:
        shape = (viewer.roles, viewer.unit_scope, viewer.unit_code, viewer.nip, viewer.delegation_id is not None)
        key = (document, args.get("first"), args.get("after") is not None, args.get("vacant"), inbox, shape)
        page = self.statements.get(key)
        if page is not None:
            self.statements.move_to_end(key)
            return page
        page = compile_page(root, field, args, viewer, self.dialect, inbox)
        text = page.statement.compile(dialect=self.engine.dialect, compile_kwargs={"render_postcompile": True})
        if text.positiontup is not None:
            page = replace(page, sql=text.string, positions=tuple(text.positiontup), defaults=dict(text.params))
        self.statements[key] = page
        if len(self.statements) > CACHED_STATEMENTS:
            self.statements.popitem(last=False)
        return page
