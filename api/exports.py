"""``GET /export/<what>.xlsx?…``: a list as a spreadsheet, for the people who live in them.

An export runs the very GraphQL operation the page runs (``api.export_sheets``), with the viewer of
the request's session, page after page: the resolvers decide what it holds — the same access
rules, filters, validation and field masks — so a spreadsheet can never show more than the list.
There is no second query with a filter of its own. The query string carries the list's arguments
under their GraphQL names (``?search=…&state=APPROVAL``); an argument the list does not take is a
400 naming it."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.export_sheets import SHEETS, Sheet
from api.schema.context import Context

__all__ = ["MAX_ROWS", "XLSX", "export_endpoint"]

log = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000  # a spreadsheet of a whole province's audit year; more is a job for `meritflow audit`
PAGE = 100


class ExportError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _variables(sheet: Sheet, request: Request) -> dict[str, Any]:
    """The list's arguments from the query string, typed as the operation declares them."""
    variables: dict[str, Any] = dict(sheet.fixed)
    for name, raw in request.query_params.items():
        if name == "lang":
            continue
        kind = sheet.arguments.get(name)
        if kind is None:
            known = ", ".join(sorted(sheet.arguments)) or "none"
            raise ExportError(400, f'"{name}" is not an argument of this export; use {known} (and lang=id|en)')
        variables[name] = _typed(name, raw, kind)
    missing = [name for name in sheet.required if name not in variables]
    if missing:
        raise ExportError(400, f"give {', '.join(missing)} in the query string")
    return variables


def _typed(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        if raw not in ("true", "false"):
            raise ExportError(400, f'{name}="{raw[:40]}": give true or false')
        return raw == "true"
    if kind is int:
        if not raw.lstrip("-").isdigit() or len(raw) > 10:
            raise ExportError(400, f'{name}="{raw[:40]}": give a whole number')
        return int(raw)
    if kind is date:
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ExportError(400, f'{name}="{raw[:40]}": give a date as YYYY-MM-DD') from None
    return raw


def _status_of(errors: list[Any]) -> int:
    codes = {type(getattr(e, "original_error", None)).__name__ for e in errors}
    if "NotAllowed" in codes:
        return 403
    if "NotFound" in codes:
        return 404
    return 400


async def _execute(graphql: Any, context: Context, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    result = await graphql.schema.execute(document, variable_values=variables, context_value=context)
    if result.errors:
        raise ExportError(_status_of(result.errors), result.errors[0].message)
    return result.data


async def _every_node(graphql: Any, context: Context, document: str, field: str, variables: dict[str, Any]) -> list:
    """Every node of a connection, following ``pageInfo.endCursor`` (at most ``MAX_ROWS``)."""
    nodes: list[Any] = []
    after: str | None = None
    while True:
        answer = (await _execute(graphql, context, document, {**variables, "first": PAGE, "after": after}))[field]
        nodes.extend(edge["node"] for edge in answer["edges"])
        if not answer["pageInfo"]["hasNextPage"] or len(nodes) >= MAX_ROWS:
            return nodes[:MAX_ROWS]
        after = answer["pageInfo"]["endCursor"]


async def _run(graphql: Any, context: Context, sheet: Sheet, variables: dict[str, Any]) -> list[Any]:
    """The list's nodes, or the one answer of a query that is not a connection (the nine-box: each
    cell's members read page by page through ``sheet.members_document``, so none is left out)."""
    if sheet.paged:
        return await _every_node(graphql, context, sheet.document, sheet.field, variables)
    answer = (await _execute(graphql, context, sheet.document, variables))[sheet.field]
    if sheet.members_document:
        for cell in answer["cells"]:
            if cell["count"]:
                cell_variables = {**variables, "box": cell["box"]}
                cell["members"] = await _every_node(
                    graphql, context, sheet.members_document, "nineBoxMembers", cell_variables
                )
    return [answer]


def _workbook(sheet: Sheet, rows: list[list[Any]], language: str) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.title[language])
    bold = Font(bold=True)
    header = []
    for text in sheet.headers[language]:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_endpoint(graphql: Any) -> Callable[[Request], Any]:
    """The route handler; ``graphql`` is the app's GraphQL view (its schema and its context)."""

    async def export(request: Request) -> Response:
        sheet = SHEETS.get(request.path_params["what"])
        if sheet is None:
            return JSONResponse({"error": f"no export of that name; use one of {', '.join(SHEETS)}"}, status_code=404)
        response = Response()
        context = await graphql.get_context(request, response)
        if context.viewer is None:
            return JSONResponse({"error": "Sign in first: an export needs your session."}, status_code=401)
        language = "en" if request.query_params.get("lang") == "en" else "id"
        try:
            variables = _variables(sheet, request)
            answers = await _run(graphql, context, sheet, variables)
        except ExportError as error:
            return JSONResponse({"error": error.message}, status_code=error.status)
        rows = [row for answer in answers for row in sheet.rows(answer, language)]
        body = _workbook(sheet, rows, language)
        log.info("export %s by %s: %d rows", sheet.name, context.viewer.username, len(rows))
        filename = f"{sheet.name}-{date.today().isoformat()}.xlsx"
        return Response(
            body,
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
        )

    return export
