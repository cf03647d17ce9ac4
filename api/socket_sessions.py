"""A GraphQL WebSocket lives only as long as the session it was opened with.

A ``graphql-transport-ws`` connection is authenticated once, at ``connection_init``; without more,
it would go on running queries, mutations and subscriptions as that user after logout, after the
session expired (idle or absolute) and after the account was disabled. So:

- every ``subscribe`` message (a query, mutation or subscription over the socket) first checks the
  session; the answer is cached for ``Settings.session_recheck_seconds``, so a busy socket costs at
  most one session look-up per interval;
- a watcher re-checks the session every interval, without counting as use (an idle session must
  still expire), and ends subscriptions that only receive;
- ``logout`` (and a sign-in that replaces the session) closes the session's sockets in this
  process at once; sockets on other processes sharing the database close within one interval.

A socket whose session has ended is closed with 4401, the protocol's "Unauthorized".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, SubscribeMessage

from api.sessions import hash_token, user_for_token

__all__ = [
    "SESSION_ENDED",
    "OpenSockets",
    "SessionBoundWSHandler",
    "close_session_sockets",
    "close_sockets_of_sessions",
]

log = logging.getLogger("meritflow.api.sockets")
UNAUTHORIZED = 4401
SESSION_ENDED = "Session ended (signed out, expired or account disabled): sign in again."


class OpenSockets:
    """The open, authenticated GraphQL WebSockets of one app, by session (token hash)."""

    def __init__(self) -> None:
        self._by_session: dict[str, set[SessionBoundWSHandler]] = {}

    def add(self, key: str, handler: SessionBoundWSHandler) -> None:
        self._by_session.setdefault(key, set()).add(handler)

    def discard(self, key: str, handler: SessionBoundWSHandler) -> None:
        handlers = self._by_session.get(key)
        if handlers is not None:
            handlers.discard(handler)
            if not handlers:
                del self._by_session[key]

    def count(self, key: str) -> int:
        return len(self._by_session.get(key, ()))

    async def close_session(self, key: str) -> int:
        """Close every socket of the session; returns how many were open."""
        handlers = list(self._by_session.pop(key, ()))
        for handler in handlers:
            await handler.end_session()
        return len(handlers)


def _registry(scope_holder: Any) -> OpenSockets | None:
    """The app's registry (``app.state.open_sockets``) seen from a request or WebSocket."""
    app = scope_holder.scope.get("app")
    return getattr(getattr(app, "state", None), "open_sockets", None)


async def close_session_sockets(request: Any, token: str) -> int:
    """Called by logout: close the sockets opened with ``token`` in this process."""
    registry = _registry(request)
    return await registry.close_session(hash_token(token)) if registry is not None else 0


async def close_sockets_of_sessions(request: Any, keys: list[str]) -> int:
    """Close the sockets of sessions ended by key (token hash) — an account disabled or its
    password reset by an administrator — in this process; returns how many were open."""
    registry = _registry(request)
    if registry is None:
        return 0
    return sum([await registry.close_session(key) for key in keys])


class SessionBoundWSHandler(BaseGraphQLTransportWSHandler):  # type: ignore[type-arg]
    """strawberry's graphql-transport-ws handler, bound to the session of its connection_init."""

    _key: str | None = None
    _checked_at: float = 0.0
    _watcher: asyncio.Task[None] | None = None
    _ended: bool = False

    @property
    def _interval(self) -> float:
        # Never below half a second: 0 would re-check in a busy loop.
        return max(0.5, float(self.view.settings.session_recheck_seconds))  # type: ignore[attr-defined]

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        token = getattr(self.context, "token", None)
        if not self.connection_acknowledged or not token or self._key is not None:
            return
        self._key = hash_token(token)
        self._checked_at = time.monotonic()
        registry = _registry(self.context.request)  # type: ignore[attr-defined]
        if registry is not None:
            registry.add(self._key, self)
        self._watcher = asyncio.create_task(self._watch())

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not await self._session_alive(touch=True):
            await self.end_session()
            return
        await super().handle_subscribe(message)

    async def _session_alive(self, touch: bool, cached: bool = True) -> bool:
        if self._ended:
            return False
        if cached and time.monotonic() - self._checked_at < self._interval:
            return True
        settings = self.view.settings  # type: ignore[attr-defined]
        found = await user_for_token(
            self.view.sessions,  # type: ignore[attr-defined]
            self.context.token,  # type: ignore[attr-defined]
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
            touch=touch,
        )
        if found is None:
            return False
        self._checked_at = time.monotonic()
        return True

    async def _watch(self) -> None:
        while not self._ended:
            await asyncio.sleep(self._interval)
            try:
                alive = await self._session_alive(touch=False, cached=False)
            except Exception:  # the database may be away for a moment: keep the socket, try again
                log.warning("could not re-check a WebSocket's session", exc_info=True)
                continue
            if not alive:
                await self.end_session()

    async def end_session(self) -> None:
        """Stop every operation of this socket and close it with 4401."""
        if self._ended:
            return
        self._ended = True
        with contextlib.suppress(Exception):  # already closed by the client
            await self.websocket.close(code=UNAUTHORIZED, reason=SESSION_ENDED)
        # Closed first: when a logout runs over this very socket, cancelling its own operation
        # must not be what stops the close from being sent.
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)

    async def shutdown(self) -> None:
        self._ended = True
        if self._watcher is not None and self._watcher is not asyncio.current_task():
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        registry = _registry(self.context.request)  # type: ignore[attr-defined]
        if registry is not None and self._key is not None:
            registry.discard(self._key, self)
        await super().shutdown()
