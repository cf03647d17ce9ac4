"""Known compiled reads answered before Starlette's routing and strawberry's view run (issue 12).

A request whose ``(query, operationName)`` the compiled read path already knows (``api.compiled``:
the resolvers answered it once without errors, so it passed every validation rule) and whose viewer
is signed in is answered here: one session lookup, one SQL statement, the database's JSON spliced
into the body — no strawberry request handling, no ``Context`` or DataLoaders per request. The
raw ASGI middleware ``api.fast_front`` asks :meth:`FastReads.answer` first and sends its answer. On
PostgreSQL a viewer a full lookup remembered (``api.remembered.REMEMBERED``) costs ONE statement: the
session check and the page together (``CompiledReads.answer`` with a ``SessionCheck``).

Anything else returns ``None`` and the view answers it exactly as before, so every refusal keeps
its one place there: this module only *accepts* a request when each check the view would make is
certainly passed, and never words a refusal itself. Accepted:

- ``POST`` with the content type ``application/json`` (charset UTF-8 or none) — the type a page on
  another site cannot send with the user's cookie without a CORS preflight, which nothing here
  allows — or ``GET`` with a ``query`` parameter (queries only, as the view allows; the compiled
  path compiles nothing but a query operation);
- a body that is a JSON object in UTF-8 with ``query`` a string, ``variables`` an object (or
  absent/null), ``operationName`` a string (or absent/null), no ``extensions`` and no NUL anywhere;
- a session token (bearer or cookie) of a live session (``api.sessions.principal_for_token``);
- variables of exactly the Python type each argument takes (else the resolvers judge them).

The body is read here only within the body size limit (``api.fast_front``: a declared
``Content-Length`` no larger than the limit; anything else is left to ``api.middleware.BodySizeLimit``
in front of the view), and a declined request reaches the view with the same body. The viewer looked
up here is handed to the view when it answers instead (``VIEWER`` in the scope), so a fallback does
not look the session up twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import cookie_parser
from starlette.types import Scope
from strawberry.http.parse_content_type import parse_content_type

from api.compiled import CompiledReads
from api.compiled.run import SessionCheck, SessionRefused
from api.remembered import REMEMBERED
from api.request_body import UTF8, nul_at
from api.schema.auth import bearer_or_cookie
from api.sessions import hash_token, now_utc, settle_times
from domain.access import Principal

__all__ = ["BodyReader", "FastReads", "VIEWER", "read_headers"]

log = logging.getLogger("meritflow.api.compiled")

VIEWER = "meritflow.viewer"  # ASGI scope key: the viewer this module looked up (None: nobody)
BodyReader = Callable[[], Awaitable[bytes | None]]  # a POST's body, None when it is not to be read here


class FastReads:
    """One per view. ``served`` counts the answers given here (tests check the path taken)."""

    def __init__(self, compiled: CompiledReads, lookup: Any) -> None:
        self.compiled = compiled
        self.lookup = lookup  # token → Principal | None (the view's session rules)
        self.served = 0

    async def answer(self, scope: Scope, body: BodyReader) -> bytes | None:
        """The JSON body of the answer to a known compiled read (sent with status 200 and the view's
        headers by ``api.fast_front``), or None: the view answers the request. ``scope`` is the
        request's ASGI scope (the looked-up viewer is left in it, ``VIEWER``); ``body`` reads a POST's
        body once, None when it cannot be read within the size limit."""
        if not self.compiled.enabled or not self.compiled.validated:
            return None
        headers, cookies = read_headers(scope["headers"])
        operation = await self._operation(scope, headers, body)
        if operation is None:
            return None
        query, operation_name, variables = operation
        if (query, operation_name) not in self.compiled.validated:
            return None
        token = bearer_or_cookie(headers, cookies)
        if not token:
            return None
        try:
            text = await self._remembered(token, query, operation_name, variables)
        except Exception:  # a compiler bug must cost speed, never an answer: the view answers
            log.exception("compiled read path failed; answered by the resolvers")
            return None  # no VIEWER: the view looks the session up itself
        if text is None:  # not remembered, or not answerable in one statement: as before
            viewer: Principal | None = await self.lookup(token)
            scope[VIEWER] = viewer  # the view uses this lookup if it answers after all
            if viewer is None:
                return None
            try:
                text = await self.compiled.answer(viewer, query, operation_name, variables)
            except Exception:  # a compiler bug must cost speed, never an answer: the view answers
                log.exception("compiled read path failed; answered by the resolvers")
                return None
        if text is None:
            return None
        self.served += 1
        return ('{"data":' + text + "}").encode()  # the view's JSON answer, byte for byte

    async def _remembered(
        self, token: str, query: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> str | None:
        """The answer for a viewer a full lookup remembered (``api.remembered.REMEMBERED``) in ONE
        statement: the session check and the page together, the check's times settled by the
        session rule's one function. None when the token is not remembered, the check said no (then
        it is forgotten: the full lookup answers, deleting an expired session as always) or the
        read needs more than one statement."""
        if not self.compiled.dialect.postgres:  # one statement only on PostgreSQL: skip the plan
            return None  # here, or the page would be planned twice per SQLite request
        key = hash_token(token)
        remembered = REMEMBERED.get(key)
        if remembered is None:
            return None

        async def admit(created_at: datetime, last_seen_at: datetime) -> bool:
            # the session rule's one place: an expired session is deleted there (the full lookup
            # then finds none and the view refuses, as it refuses any ended session)
            idle, absolute = remembered.idle, remembered.absolute
            return await settle_times(
                self.compiled.sessions, key, created_at, last_seen_at, idle, absolute, True, now_utc()
            )

        check = SessionCheck(remembered.check_values(key), admit)
        try:
            return await self.compiled.answer(remembered.principal, query, operation_name, variables, check)
        except SessionRefused:
            REMEMBERED.forget(key)
            return None

    async def _operation(
        self, scope: Scope, headers: dict[str, str], body: BodyReader
    ) -> tuple[str, str | None, dict[str, Any] | None] | None:
        """(query, operationName, variables) of a request the view would certainly execute, else None."""
        if scope["method"] == "POST":
            header = headers.get("content-type", "")
            if header != "application/json":  # the usual header as it is; any other spelling parsed
                content_type, params = parse_content_type(header)
                if content_type != "application/json" or params.get("charset", "utf-8").lower() not in UTF8:
                    return None  # the body is not read: the view reads it
            raw = await body()
            if raw is None:  # no Content-Length, or more than the limit: the view refuses it (413)
                return None
            try:
                data = json.loads(raw.decode("utf-8"))
            except Exception:  # not UTF-8, not JSON, nested too deep, a number too long: the view says which
                return None
        elif scope["method"] == "GET":
            data = dict(QueryParams(scope["query_string"]))  # as strawberry reads them: the last of a repeated name
            if "variables" in data:  # "" is refused by the view (not an object): it answers that
                try:
                    data["variables"] = json.loads(data["variables"]) if data["variables"] else ""
                except Exception:
                    return None
        else:
            return None
        if not isinstance(data, dict) or data.get("extensions") is not None or nul_at(data):
            return None  # extensions, even empty ones: the view's to read
        query, name, variables = data.get("query"), data.get("operationName"), data.get("variables")
        if not isinstance(query, str) or not isinstance(name, str | None) or not isinstance(variables, dict | None):
            return None
        return query, name, variables


def read_headers(raw: list[tuple[bytes, bytes]]) -> tuple[dict[str, str], dict[str, str]]:
    """The headers and cookies as the view's ``Request`` reads them: the first value of each name
    (Starlette's ``Headers.get``), and the cookies of every ``Cookie`` header, a later one winning
    (``Request.cookies``, its ``cookie_parser``)."""
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1"), value.decode("latin-1")
        if key == "cookie":
            cookies.update(cookie_parser(text))
        if key not in headers:
            headers[key] = text
    return headers, cookies
