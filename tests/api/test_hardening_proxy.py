"""The sign-in limit behind a reverse proxy (issue 9, "Login limit behind a reverse proxy"):
``X-Forwarded-For`` is believed only from the addresses named in ``trusted_proxies``; off by default."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlmodel import select
from starlette.applications import Starlette

from api.app import create_app
from api.middleware import TrustedProxyClient, parse_networks
from api.settings import Settings
from domain.models import LoginAttempt
from tests.api.conftest import LOGIN, PASSWORD, Api

PROXY = "10.0.0.5"


async def _clients(app: Starlette) -> list[str]:
    async with app.state.sessions() as s:
        return list((await s.exec(select(LoginAttempt.client).order_by(LoginAttempt.id))).all())


async def _wrong_login(client: httpx.AsyncClient, forwarded_for: str, username: str = "panel") -> str:
    body = await Api(client)(LOGIN, {"u": username, "p": "wrong-password!"}, headers={"X-Forwarded-For": forwarded_for})
    return body["data"]["login"]["code"]


@pytest.fixture
async def via_proxy(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """The default app (no trusted proxies), reached from the proxy's address."""
    transport = httpx.ASGITransport(app=app, client=(PROXY, 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def proxied_app(settings: Settings, app: Starlette, province: None) -> AsyncIterator[Starlette]:
    """A second app on the same database that trusts the proxy network."""
    trusting = create_app(dataclasses.replace(settings, trusted_proxies=("10.0.0.0/8",)))
    try:
        yield trusting
    finally:
        await trusting.state.event_bus.stop()
        await trusting.state.engine.dispose()


@pytest.fixture
async def trusting(proxied_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=proxied_app, client=(PROXY, 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_forwarded_for_ignored_by_default(app: Starlette, via_proxy: httpx.AsyncClient, province: None) -> None:
    assert Settings().trusted_proxies == ()
    await _wrong_login(via_proxy, "198.51.100.1")
    await _wrong_login(via_proxy, "198.51.100.2")
    assert await _clients(app) == [PROXY, PROXY]
    # A spoofed header cannot spread guesses over made-up addresses: 20 per address still holds.
    for i in range(18):
        await _wrong_login(via_proxy, f"198.51.100.{10 + i}", username=f"spray-{i}")
    result = await Api(via_proxy)(LOGIN, {"u": "auditor", "p": PASSWORD}, headers={"X-Forwarded-For": "192.0.2.1"})
    assert result["data"]["login"]["code"] == "TOO_MANY_ATTEMPTS"


async def test_trusted_proxy_forwarded_for_names_the_client(
    proxied_app: Starlette, trusting: httpx.AsyncClient
) -> None:
    await _wrong_login(trusting, "198.51.100.1")
    # A client-written (forged) left part is skipped: the rightmost address that is not a proxy counts.
    await _wrong_login(trusting, "192.0.2.99, 198.51.100.2, 10.0.0.7")
    assert await _clients(proxied_app) == ["198.51.100.1", "198.51.100.2"]
    for i in range(19):
        await _wrong_login(trusting, "198.51.100.1", username=f"spray-{i}")
    # The guessing address is throttled; a user behind the same proxy is not.
    blocked = await Api(trusting)(LOGIN, {"u": "auditor", "p": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert blocked["data"]["login"]["code"] == "TOO_MANY_ATTEMPTS"
    other = await Api(trusting)(LOGIN, {"u": "auditor", "p": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.3"})
    assert other["data"]["login"]["__typename"] == "User"


async def test_untrusted_peer_forwarded_for_ignored_even_when_proxies_are_set(
    proxied_app: Starlette,
) -> None:
    transport = httpx.ASGITransport(app=proxied_app, client=("203.0.113.50", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as direct:
        await _wrong_login(direct, "10.0.0.9")
    assert await _clients(proxied_app) == ["203.0.113.50"]


def test_client_for_reads_right_to_left() -> None:
    middleware = TrustedProxyClient(app=None, trusted=parse_networks(["10.0.0.0/8", "fd00::/8"]))  # type: ignore[arg-type]
    assert middleware.client_for("10.0.0.5", ["1.1.1.1, 2.2.2.2"]) == "2.2.2.2"
    assert middleware.client_for("10.0.0.5", ["1.1.1.1", "10.0.0.6"]) == "1.1.1.1"  # two header lines
    assert middleware.client_for("10.0.0.5", ["10.0.0.8, 10.0.0.6"]) == "10.0.0.8"  # only proxies: leftmost
    assert middleware.client_for("10.0.0.5", ["unknown"]) == "10.0.0.5"  # garbage: the proxy is all we know
    assert middleware.client_for("fd00::1", ["2001:db8::1"]) == "2001:db8::1"


def test_bad_trusted_proxy_stops_the_start() -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        create_app(Settings(database_url="sqlite://", trusted_proxies=("proxy.example",)))
