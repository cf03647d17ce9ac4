"""Strict reading of GraphQL request bodies: every malformed body is a 400 with a JSON error.

strawberry answers a body it cannot use with 500 in several cases (a JSON ``null``, string or
number at the top level; bytes that are not UTF-8; a body nested deeper than the JSON decoder
recurses, e.g. 100 000 ``[`` in ``variables``) and with ``text/plain`` in the others. A client
that sent a bad request should be told so in the format it asked for, and a server error should
mean the server is at fault. :class:`StrictJSONBody` is mixed into the view before strawberry's
``GraphQL`` so its checks run first.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.http.parse_content_type import parse_content_type

__all__ = ["StrictJSONBody", "error_response", "nul_at"]

UTF8 = frozenset({"utf-8", "utf8"})


def error_response(message: str, status_code: int = 400) -> JSONResponse:
    """A GraphQL-over-HTTP style error body: ``{"errors": [{"message": …}]}``."""
    return JSONResponse({"errors": [{"message": message}]}, status_code=status_code)


# A NUL in a variable, or written in the query as the GraphQL escape \u0000: PostgreSQL cannot store
# or compare it, so every argument would fail deep inside with a masked error. Refused at the edge.
_NUL_ESCAPE = re.compile(r"\\u0000", re.IGNORECASE)


def nul_at(value: object, path: str = "") -> str | None:
    """Where the first NUL is ("variables.search", "query"), so the refusal names the argument; None
    when there is none."""
    if isinstance(value, str):
        return path or "the request" if "\x00" in value or _NUL_ESCAPE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = nul_at(key, path or "the request") or nul_at(item, f"{path}.{key}" if path else str(key))
            if where:
                return where
    if isinstance(value, list):
        for index, item in enumerate(value):
            if where := nul_at(item, f"{path}[{index}]"):
                return where
    return None


class StrictJSONBody:
    """Mixin for strawberry's ASGI ``GraphQL`` view (put it first in the bases)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # type: ignore[misc]
            return
        response = await self.answer_http(Request(scope=scope, receive=receive))
        await response(scope, receive, send)

    async def answer_http(self, request: Request) -> Response:
        """strawberry's answer to an HTTP request, its refusals as JSON (a subclass may answer first)."""
        try:
            return await self.run(request)  # type: ignore[attr-defined,no-any-return]
        except HTTPException as error:
            return error_response(error.reason, error.status_code)

    def decode_json(self, data: str | bytes) -> object:
        """JSON only as UTF-8 text; a nesting too deep to decode or a number too long to convert is
        a decoding error too (the WebSocket transport turns that into its 4400 close, the HTTP view
        into a 400)."""
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise json.JSONDecodeError(
                    "the body is not valid UTF-8; send JSON as UTF-8", "", error.start
                ) from error
        try:
            return json.loads(data)
        except json.JSONDecodeError:
            raise
        except RecursionError as error:
            raise json.JSONDecodeError("the JSON is nested too deeply", "", 0) from error
        except ValueError as error:  # e.g. an integer literal beyond Python's 4300-digit conversion limit
            raise json.JSONDecodeError(f"a value cannot be read ({error})", "", 0) from error

    def parse_json(self, data: str | bytes) -> Any:
        """strawberry hands this a request body as bytes and a query parameter as str: a body must
        be an object (or a list, which strawberry refuses as batching, also with a 400)."""
        try:
            value = self.decode_json(data)
        except json.JSONDecodeError as error:
            raise HTTPException(400, f"Unable to parse the JSON of this request: {error.msg}.") from error
        if isinstance(data, bytes) and not isinstance(value, dict | list):
            raise HTTPException(400, 'The request body must be a JSON object such as {"query": "{ me { username } }"}.')
        if where := nul_at(value):
            raise HTTPException(
                400, f"The request holds a NUL character (\\u0000) in {where}, which no field accepts; remove it."
            )
        return value

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> Any:
        if request.method != "GET":
            content_type, params = parse_content_type(request.content_type or "")
            charset = params.get("charset", "utf-8").lower()
            if "json" in content_type and charset not in UTF8:
                raise HTTPException(400, f'Send the JSON body as UTF-8 (charset "{charset}" is not accepted).')
        return await super().parse_http_body(request)  # type: ignore[misc]
