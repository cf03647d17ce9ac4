"""Known compiled reads answered as a raw ASGI app in front of Starlette's routing (issue 12).

:class:`FastFront` sits right after Starlette's ``ServerErrorMiddleware`` (an unexpected exception
is still a 500) and ``api.middleware.TrustedProxyClient`` when that is configured, and before
``BodySizeLimit``, the router and the view. For ``GET``/``POST /graphql`` it asks the view's
``api.fast_reads.FastReads`` (``view.fast``, read on every request: ``None`` turns it off) and sends
its answer with one ``http.response.start`` and one ``http.response.body`` — the status, headers and
bytes the view sends for the same JSON answer, without a ``Request``, a ``Response``, the routing or
three ``send`` wrappers per request. Everything else goes to the inner app untouched.

The body size limit holds here: a body is read only when the request declares a ``Content-Length``
no larger than the limit, and reading stops past the limit. A chunked body, or a declared oversize
one, is not read: the inner app gets the request as it came (``BodySizeLimit`` refuses it there). A
request this path declines after reading its body reaches the inner app with the same
``http.request`` messages, replayed, and then the original ``receive`` (e.g. ``http.disconnect``).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware import declared_length

if TYPE_CHECKING:
    from api.graphql_view import MeritflowGraphQL

__all__ = ["FastFront"]

PATH = "/graphql"


class FastFront:
    def __init__(self, app: ASGIApp, view: MeritflowGraphQL, max_bytes: int) -> None:
        self.app = app
        self.view = view  # its ``fast`` (api.fast_reads.FastReads or None) is read per request
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast = self.view.fast
        if (
            fast is None
            or scope["type"] != "http"
            or scope["path"] != PATH
            or scope.get("root_path")  # mounted under a prefix: the router's matching decides
            or scope["method"] not in ("GET", "POST")
        ):
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:  # BodySizeLimit's 413, unread
            await self.app(scope, receive, send)
            return
        received: list[Message] = []

        async def body() -> bytes | None:
            """The whole body when it is declared and within the limit; every message read is kept."""
            if declared is None:  # chunked: left to BodySizeLimit, unread
                return None
            chunks, size = [], 0
            while True:
                message = await receive()
                received.append(message)
                if message["type"] != "http.request":  # a disconnect: the inner app meets it too
                    return None
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_bytes:  # more than declared: BodySizeLimit refuses the replay
                    return None
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)

        answer = await fast.answer(scope, body)
        if answer is not None:
            headers = [(b"content-length", str(len(answer)).encode()), (b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": answer})
            return
        await self.app(scope, _replay(received, receive) if received else receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` that gives ``messages`` again, in order, then asks ``receive``."""
    pending = deque(messages)

    async def replayed() -> Message:
        return pending.popleft() if pending else await receive()

    return replayed
