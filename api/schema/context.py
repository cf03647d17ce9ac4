"""Per-request context: who asks, where the database is, and the request's DataLoaders.

Strawberry builds it per HTTP request but only **once per WebSocket connection** (stack-notes), so
for a WebSocket the loaders are made fresh on every access: a cache shared for the life of a
subscription would serve stale rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.events import EventBus
from api.schema.loaders import Loaders
from api.settings import Settings
from domain.access import Principal


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    bus: EventBus
    viewer: Principal | None = None  # who asks (api.viewer.load_viewer), None when not signed in
    token: str | None = None  # the session token this request came with (logout ends it)
    connection_params: dict[str, Any] | None = None  # graphql-transport-ws connection_init payload
    _loaders: Loaders | None = field(default=None, repr=False)

    @property
    def loaders(self) -> Loaders:
        if isinstance(self.request, WebSocket):
            return Loaders(self.sessions)
        if self._loaders is None:
            self._loaders = Loaders(self.sessions)
        return self._loaders

    @property
    def client_address(self) -> str:
        client = self.request.client
        return client.host if client is not None else "unknown"

    @property
    def idempotency_key(self) -> str | None:
        if isinstance(self.request, WebSocket):
            return None
        return self.request.headers.get("idempotency-key")
