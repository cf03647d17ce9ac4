"""ASGI middleware: the request body size limit (413) before anything parses the body, and the
client address behind trusted reverse proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Refuse a request whose body is larger than ``max_bytes`` with 413, whether the client
    declares it in ``Content-Length`` or streams it chunked."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(
            f"Request body is larger than {self.max_bytes} bytes; send a smaller request.", status_code=413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def declared_length(scope: Scope) -> int | None:
    """The body length a request declares in ``Content-Length`` (the last one), or None when it
    declares none, or no number (``api.fast_front`` reads a body only when it is declared)."""
    declared = dict(scope["headers"]).get(b"content-length")
    return int(declared) if declared is not None and declared.isdigit() else None


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``10.0.0.1``, ``10.0.0.0/8``, ``::1`` … as networks; a bad entry raises ValueError naming it."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ValueError(
                f'trusted proxy "{entry}" is not an IP address or network; write e.g. 10.0.0.5 or 10.0.0.0/8'
            ) from error
    return tuple(networks)


class TrustedProxyClient:
    """Take the client address from ``X-Forwarded-For`` when, and only when, the request comes
    from a trusted proxy.

    Anyone can send the header, so it is believed only from ``trusted`` addresses. The list is read
    from the right (the hop nearest us) and the first address not itself a trusted proxy is the
    client: addresses further left were written by the client and may be forged. The sign-in limit
    counts failures per this address, so behind a proxy without this every user would share one.
    """

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...]) -> None:
        self.app = app
        self.trusted = trusted

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def client_for(self, peer: str, forwarded_for: list[str]) -> str:
        client = peer
        for hop in reversed([part.strip() for value in forwarded_for for part in value.split(",")]):
            if not self._is_trusted(client):
                break
            try:
                client = str(ipaddress.ip_address(hop))
            except ValueError:
                break  # a proxy writes addresses: garbage here means the nearest trusted hop is all we know
        return client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope.get("client"):
            peer = scope["client"][0]
            forwarded = [value.decode("latin-1") for name, value in scope["headers"] if name == b"x-forwarded-for"]
            if forwarded and self._is_trusted(peer):
                scope = {**scope, "client": (self.client_for(peer, forwarded), 0)}
        await self.app(scope, receive, send)
