"""The strawberry ASGI view: builds each request's context and authenticates it.

HTTP requests carry the session cookie or ``Authorization: Bearer``. A WebSocket is authenticated
at ``connection_init``: a ``token`` (or ``Authorization``) in its payload, else the cookie sent with
the handshake; with neither, the connection is refused (4403). The socket then lives only as long as
that session (``api.socket_sessions``): it is closed with 4401 once the session has ended.

A query the compiled read path already knows is answered before the routing and any of
strawberry's request handling (``api.fast_reads``, asked by ``api.fast_front`` in front of the app
with this view's ``fast``); every other request, and every refusal, goes through the view as before.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from api.compiled import CompiledReads
from api.events import LocalEventBus
from api.fast_reads import VIEWER, FastReads
from api.request_body import StrictJSONBody
from api.schema.auth import authenticate, bearer_or_cookie
from api.schema.build import build_schema
from api.schema.context import Context
from api.sessions import principal_for_token
from api.settings import Settings
from api.socket_sessions import SessionBoundWSHandler
from domain.access import Principal

log = logging.getLogger("meritflow.api.compiled")


class CompiledData(str):
    """The ``data`` of an answer as JSON text the database built (``api.compiled``)."""


class MeritflowGraphQL(StrictJSONBody, GraphQL[Context, None]):
    graphql_transport_ws_handler_class = SessionBoundWSHandler  # a socket dies with its session

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession], bus: LocalEventBus) -> None:
        super().__init__(
            build_schema(settings.dev),
            graphql_ide="graphiql" if settings.dev else None,
            allow_queries_via_get=True,  # GET queries are fine; GET mutations are refused by strawberry
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            multipart_uploads_enabled=False,
            allowed_origins=settings.allowed_origins,
            connection_init_wait_timeout=timedelta(seconds=10),  # an unauthenticated socket does not linger
        )
        self.settings = settings
        self.sessions = sessions
        self.bus = bus
        # MERITFLOW_COMPILED_READS=0 sends every query through the resolvers (benchmarks compare both)
        self.compiled = CompiledReads(sessions, enabled=os.environ.get("MERITFLOW_COMPILED_READS", "1") != "0")
        # Known compiled reads answered before the routing and strawberry's request handling
        # (api.fast_reads, asked by api.fast_front with this attribute on every request: None turns it off). Only
        # while the view offers no HTTP streaming transport: its Accept negotiation is not repeated there.
        # MERITFLOW_FAST_READS=0 leaves them to the view (benchmarks measure what the fast path saves).
        fast = os.environ.get("MERITFLOW_FAST_READS", "1") != "0" and not self._stream_transport_map
        self.fast = FastReads(self.compiled, self.viewer_for) if fast else None

    async def viewer_for(self, token: str) -> Principal | None:
        """The session's viewer (session, account, roles in one statement: api.sessions)."""
        return await principal_for_token(
            self.sessions,
            token,
            idle=timedelta(minutes=self.settings.session_idle_minutes),
            absolute=timedelta(hours=self.settings.session_absolute_hours),
        )

    async def execute_single(self, request, request_adapter, sub_response, context, root_value, request_data):  # type: ignore[no-untyped-def,override]
        """A whole query the compiled read path handles is answered by it; anything else, and the
        first time any document is seen, by the resolvers (``api.compiled.run``)."""
        if isinstance(request_data.query, str):
            try:
                text = await self.compiled.answer(
                    context.viewer, request_data.query, request_data.operation_name, request_data.variables
                )
            except Exception:  # a compiler bug must cost speed, never an answer: the resolvers answer
                log.exception("compiled read path failed; answered by the resolvers")
                text = None
            if text is not None:
                return ExecutionResult(data=CompiledData(text), errors=None)  # type: ignore[arg-type]
        result = await super().execute_single(request, request_adapter, sub_response, context, root_value, request_data)
        if isinstance(result, ExecutionResult) and not result.errors and isinstance(request_data.query, str):
            self.compiled.learn(request_data.query, request_data.operation_name)
        return result

    def encode_json(self, data: object) -> str | bytes:
        if isinstance(data, dict) and isinstance(data.get("data"), CompiledData) and len(data) == 1:
            return '{"data":' + data["data"] + "}"
        return json.dumps(data, separators=(",", ":"))

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:  # type: ignore[override]
        context = Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            sessions=self.sessions,
            bus=self.bus,
        )
        if isinstance(request, Request):
            context.token = bearer_or_cookie(request.headers, request.cookies)
            if VIEWER in request.scope:  # api.fast_reads looked the session up already (then declined)
                context.viewer = request.scope[VIEWER]
            elif context.token:
                context.viewer = await self.viewer_for(context.token)
        return context

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        params = context.connection_params or {}
        token = params.get("token")
        if not token and isinstance(params.get("Authorization"), str):
            token = bearer_or_cookie({"authorization": params["Authorization"]}, {})
        if not token:
            token = bearer_or_cookie(context.request.headers, context.request.cookies)
        viewer = await authenticate(context, token if isinstance(token, str) else None)
        if viewer is None:
            raise ConnectionRejectionError({"message": "Sign in first: send the session token in connection_init."})
        context.viewer = viewer
        context.token = token
        return {"username": viewer.username}
