"""Known compiled reads answered as a raw ASGI app in front of the routing (``api.fast_front``): the
body size limit, the body of a declined request, other paths and methods, a trusted proxy, the
WebSocket, an unexpected error and the answer's headers and bytes are as they were without it.

As in test_compiled_fast.py, a request declined by the front is sent with the front on and then off
(``view.fast = None``), and both answers must be identical. :class:`Bodies` records what the front
handed ``FastReads`` as the body of each request it asked about, so "declined after reading the body"
and "not read at all" are facts the tests check, not guesses.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from websockets.asyncio.client import connect

from api.app import create_app
from api.settings import Settings
from testkit.province import World, small_province
from tests.api.conftest import LOGIN, PASSWORD, Api
from tests.api.live import uvicorn_server

from .test_compiled_fast import EMPLOYEES, PAGED, Paths, learned, served_fast

UNREAD = "unread"  # FastReads did not ask for the body
LIMIT = Settings().max_body_bytes


class Bodies:
    """Wraps ``view.fast.answer``: per request the front asked about, the body its reader gave
    (bytes, None when it refused to read, ``UNREAD``) and the client address in the scope."""

    def __init__(self, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[bytes | str | None] = []
        self.clients: list[str] = []
        original = paths.fast.answer

        async def answer(scope: dict[str, Any], body: Any) -> bytes | None:
            got: bytes | str | None = UNREAD

            async def reader() -> bytes | None:
                nonlocal got
                got = await body()
                return got  # type: ignore[return-value]

            try:
                return await original(scope, reader)
            finally:
                self.seen.append(got)
                self.clients.append(scope["client"][0])

        monkeypatch.setattr(paths.fast, "answer", answer)


async def _pieces(body: bytes, size: int = 16) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def in_pieces(payload: object, token: str | None, declared: bool = True) -> dict[str, Any]:
    """client.post keywords: the JSON in 16-byte ``http.request`` messages, with or without Content-Length."""
    body = json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if declared:
        headers["content-length"] = str(len(body))
    return {"content": _pieces(body), "headers": headers}


@pytest.fixture
async def known(app: Starlette, as_user: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Paths, Api, Bodies]:
    """EMPLOYEES and the paged employees document known, the front answering them; then the spy."""
    paths = Paths(app)
    api = await as_user("auditor")
    async with asyncio.timeout(10):  # the second is read by the front and declined (not known yet)
        for query, variables in ((EMPLOYEES, None), (PAGED["employees"], {"first": 2, "after": None})):
            await learned(api, query, variables)
            await served_fast(paths, api, query, variables)
    return paths, api, Bodies(paths, monkeypatch)


DECLINED_AFTER_READING = {
    "an unknown document": lambda t: {"query": EMPLOYEES.replace("first: 5", "first: 4")},
    "a known document with other variables": lambda t: {"query": PAGED["employees"], "variables": {"first": "2"}},
    "a mutation": lambda t: {"query": "mutation { logout }"},
}


@pytest.mark.parametrize("case", DECLINED_AFTER_READING, ids=DECLINED_AFTER_READING)
async def test_a_body_read_and_declined_reaches_the_view_intact(client, known, case: str) -> None:  # type: ignore[no-untyped-def]
    paths, api, bodies = known
    payload = DECLINED_AFTER_READING[case](api.token)
    token = "not-a-session" if case == "a mutation" else api.token  # logout must not end the test's session
    async with asyncio.timeout(10):  # a view waiting for a body nobody replays waits for ever
        response = await paths.refused_alike(lambda: client.post("/graphql", **in_pieces(payload, token)))
    assert bodies.seen == [json.dumps(payload).encode()]  # the front read it all, then declined
    assert response.status_code == 200 and "Unable to parse" not in response.text, response.text
    # a known read sent in many pieces is answered by the front
    fast, served = await paths.fast_on(lambda: client.post("/graphql", **in_pieces({"query": EMPLOYEES}, api.token)))
    assert served and fast.json()["data"]["employees"]["totalCount"] > 0, fast.text


async def test_a_body_without_content_length_is_not_read_by_the_front(client, known) -> None:  # type: ignore[no-untyped-def]
    paths, api, bodies = known
    good = {"query": EMPLOYEES}
    answered = await paths.refused_alike(lambda: client.post("/graphql", **in_pieces(good, api.token, declared=False)))
    assert answered.status_code == 200 and answered.json()["data"]["employees"]["totalCount"] > 0
    oversize = {"query": EMPLOYEES, "variables": {"pad": "x" * LIMIT}}
    too_large = await paths.refused_alike(
        lambda: client.post("/graphql", **in_pieces(oversize, api.token, declared=False))
    )
    assert too_large.status_code == 413, too_large.text
    assert bodies.seen == [None, None]  # asked for, never read


async def test_a_declared_oversize_body_is_refused_with_413_unread(client, known) -> None:  # type: ignore[no-untyped-def]
    paths, api, bodies = known
    bearer = {"authorization": f"Bearer {api.token}", "content-type": "application/json"}
    oversize = json.dumps({"query": EMPLOYEES, "variables": {"pad": "x" * LIMIT}}).encode()
    for method in ("POST", "GET"):
        response = await paths.refused_alike(
            lambda: client.request(method, "/graphql", params={"query": EMPLOYEES}, content=oversize, headers=bearer)  # noqa: B023
        )
        assert response.status_code == 413, (method, response.text)
    assert bodies.seen == []  # the front did not ask: refused before anything was read
    # a body longer than its Content-Length says (a server that does not hold it to that): read up to
    # the limit, then the view's limit refuses what is replayed
    lying = {**bearer, "content-length": "100"}
    response = await paths.refused_alike(
        lambda: client.post("/graphql", content=_pieces(oversize, 65536), headers=lying)
    )
    assert response.status_code == 413 and bodies.seen == [None], response.text


async def test_other_paths_and_methods_go_past_the_front(client, known) -> None:  # type: ignore[no-untyped-def]
    paths, api, bodies = known
    bearer = {"authorization": f"Bearer {api.token}"}
    for method, path in (("POST", "/graphql/"), ("POST", "/health"), ("GET", "/health"), ("GET", "/")):
        await paths.refused_alike(lambda: client.request(method, path, json={"query": EMPLOYEES}, headers=bearer))  # noqa: B023
    for method in ("HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"):
        response = await paths.refused_alike(
            lambda: client.request(method, "/graphql", params={"query": EMPLOYEES}, headers=bearer)  # noqa: B023
        )
        assert response.status_code != 200 or method == "HEAD", (method, response.status_code)
    assert bodies.seen == []


async def test_the_answer_is_the_views_in_headers_and_bytes(client, known) -> None:  # type: ignore[no-untyped-def]
    paths, api, _ = known
    get = {"params": {"query": EMPLOYEES}, "headers": {"authorization": f"Bearer {api.token}"}}
    for send in (lambda: api.raw(EMPLOYEES), lambda: client.get("/graphql", **get)):
        fast, served = await paths.fast_on(send)
        view = await paths.view_only(send)  # the view's compiled answer of the same read
        assert served and fast.status_code == view.status_code == 200
        assert fast.headers.raw == view.headers.raw  # the same headers in the same order
        assert fast.content == view.content


async def test_behind_a_trusted_proxy_the_front_sees_the_client_and_the_view_the_proxy_rule(
    settings: Settings, app: Starlette, province: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    trusting = create_app(dataclasses.replace(settings, trusted_proxies=("10.0.0.0/8",)))
    try:
        transport = httpx.ASGITransport(app=trusting, client=("10.0.0.5", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            forwarded = {"x-forwarded-for": "198.51.100.9"}
            login = await Api(client)(LOGIN, {"u": "auditor", "p": PASSWORD}, headers=forwarded)
            api = Api(client, login["data"]["login"]["token"])
            client.cookies.clear()
            paths = Paths(trusting)
            await learned(api, EMPLOYEES)
            bodies = Bodies(paths, monkeypatch)
            await served_fast(paths, api, EMPLOYEES, headers=forwarded)
            wrong = await Api(client)(LOGIN, {"u": "auditor", "p": "wrong!"}, headers=forwarded)
            assert wrong["data"]["login"]["__typename"] == "NotAllowed"
            assert bodies.clients == ["198.51.100.9", "198.51.100.9"]  # TrustedProxyClient ran first
        async with trusting.state.sessions() as session:
            from domain.models import LoginAttempt  # the view's sign-in limit counts the client, as before

            attempts = (await session.exec(LoginAttempt.__table__.select())).all()  # type: ignore[attr-defined]
        assert [row.client for row in attempts] == ["198.51.100.9"]
    finally:
        await trusting.state.event_bus.stop()
        await trusting.state.engine.dispose()


async def test_an_unexpected_error_in_the_front_is_a_500(app: Starlette, known: Any) -> None:
    paths, api, _ = known

    async def broken(token: str) -> None:
        raise RuntimeError("the database went away")

    paths.fast.lookup = broken
    api.token = "a-token-not-remembered"  # the full lookup runs
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await Api(client, api.token).raw(EMPLOYEES)
    assert (response.status_code, response.text) == (500, "Internal Server Error")


async def test_fast_reads_off_by_environment(settings: Settings, engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERITFLOW_FAST_READS", "0")
    off = create_app(settings)
    try:
        assert Paths(off).fast is None
        await small_province(off.state.sessions)
        transport = httpx.ASGITransport(app=off, client=("203.0.113.7", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            api = Api(client)
            api.token = (await api(LOGIN, {"u": "auditor", "p": PASSWORD}))["data"]["login"]["token"]
            for _ in range(2):  # learned, then the view's compiled answer
                assert (await api.data(EMPLOYEES))["employees"]["totalCount"] > 0
    finally:
        await off.state.event_bus.stop()
        await off.state.engine.dispose()


async def test_under_uvicorn_a_known_read_is_answered_and_a_websocket_connects(
    database_url: str, sessions: Any, tmp_path: Path
) -> None:
    await small_province(sessions)
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        async with httpx.AsyncClient(base_url=base) as client:
            token = (await Api(client)(LOGIN, {"u": "auditor", "p": PASSWORD}))["data"]["login"]["token"]
            client.cookies.clear()
            api = Api(client, token)
            answers = [await api.raw(EMPLOYEES) for _ in range(3)]  # learned, then the front's
            assert answers[1].content == answers[2].content and answers[2].headers["content-type"] == "application/json"
            chunked = await client.post("/graphql", **in_pieces({"query": EMPLOYEES}, token, declared=False))
            assert chunked.content == answers[2].content
        url = base.replace("http://", "ws://") + "/graphql"
        async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "{ me { username } }"}}))
            answer = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert answer["payload"]["data"]["me"]["username"] == "auditor", answer
