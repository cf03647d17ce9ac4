"""Live updates over graphql-transport-ws against a real uvicorn: authentication at
connection_init, the origin check, only the modern protocol, per-viewer visibility, and — on
PostgreSQL — an event committed through one server process reaching a subscriber on another."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from testkit.province import HEAD_CANDIDATE, PASSWORD, small_province
from tests.api import flow
from tests.api.conftest import LOGIN
from tests.api.live import uvicorn_server

EVENTS = "subscription($id: Int) { nominationEvents(nominationId: $id) { seq action toState actor outcome } }"


@pytest.fixture
async def seeded(sessions) -> None:  # type: ignore[no-untyped-def]
    await small_province(sessions)


async def token_for(base: str, username: str) -> str:
    async with httpx.AsyncClient(base_url=base) as c:
        response = await c.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": PASSWORD}})
    return response.json()["data"]["login"]["token"]


async def gql(base: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        response = await c.post(
            "/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"}
        )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"


@contextlib.asynccontextmanager
async def subscribed(base: str, token: str | None, nomination_id: int | None) -> AsyncIterator[ClientConnection]:
    async with connect(ws_url(base), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token} if token else {}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": EVENTS, "variables": {"id": nomination_id}}}
            )
        )
        yield ws


async def next_event(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert message["type"] == "next", message
    return message["payload"]["data"]["nominationEvents"]


async def until_listening(ws: ClientConnection, poke) -> None:  # type: ignore[no-untyped-def]
    """The subscription registers asynchronously: poke (a refused attempt, which is audited too)
    until its event arrives, so the real step after it cannot be missed."""
    for _ in range(40):
        await poke()
        with contextlib.suppress(TimeoutError):
            await next_event(ws, timeout=0.5)
            return
    raise AssertionError("the subscription never received an event")


async def drain(ws: ClientConnection) -> None:
    with contextlib.suppress(TimeoutError):
        while True:
            await asyncio.wait_for(ws.recv(), 0.3)


async def _nomination(base: str, op: str) -> int:
    return (await gql(base, op, flow.CREATE, {"p": "KADINKES"}))["createNomination"]["id"]


async def _shortlist_event(base: str, listening: str) -> dict[str, Any]:
    """The event the auditor, subscribed on ``listening`` to a new nomination, receives when the
    operator sets its shortlist through ``base`` (the same server or another one)."""
    op, auditor, sekda = [await token_for(base, u) for u in ("op-dinkes", "auditor", "sekda")]
    nid = await _nomination(base, op)
    async with subscribed(listening, auditor, nid) as ws:
        await until_listening(ws, lambda: gql(base, sekda, flow.START, {"id": nid}))
        await drain(ws)
        await gql(base, op, flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE]})
        return await next_event(ws)


async def test_events_reach_a_subscriber_on_one_server(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        event = await _shortlist_event(base, listening=base)
        assert event["action"] == "set_shortlist" and event["actor"] == "op-dinkes" and event["outcome"] == "ok"


async def test_subscriber_sees_only_what_they_may(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        op, op_bkd, sekda = [await token_for(base, u) for u in ("op-dinkes", "op-bkd", "sekda")]
        nid = await _nomination(base, op)
        # An operator of another unit may not subscribe to this nomination …
        async with subscribed(base, op_bkd, nid) as ws:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert message["type"] == "error" or (message["type"] == "next" and message["payload"].get("errors"))
        # … and with no nomination named gets nothing of it, while the owner's operator does.
        async with subscribed(base, op_bkd, None) as other, subscribed(base, op, None) as own:
            await until_listening(own, lambda: gql(base, sekda, flow.START, {"id": nid}))
            await gql(base, op, flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE]})
            await drain(own)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(other.recv(), 1)


async def test_connection_init_without_a_valid_token_is_refused(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        for payload in ({}, {"token": "forged-token"}):
            async with connect(ws_url(base), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
                await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 10)
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_legacy_protocol_and_foreign_origin_are_refused(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        async with connect(ws_url(base), subprotocols=["graphql-ws"]) as ws:  # type: ignore[list-item]
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
        with pytest.raises(InvalidStatus) as refused:
            async with connect(ws_url(base), subprotocols=["graphql-transport-ws"], origin="https://evil.example"):  # type: ignore[list-item,arg-type]
                pass
        assert refused.value.response.status_code == 403


@pytest.mark.postgres_only
async def test_event_from_server_a_reaches_subscriber_on_server_b(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two uvicorn processes on one PostgreSQL: the step goes through A, the subscriber listens on B
    (LISTEN/NOTIFY); and a two-worker server delivers to subscribers on both of its workers."""
    with (
        uvicorn_server(database_url, log=tmp_path / "a.log") as server_a,
        uvicorn_server(database_url, log=tmp_path / "b.log") as server_b,
    ):
        event = await _shortlist_event(server_a, listening=server_b)
        assert event["action"] == "set_shortlist" and event["actor"] == "op-dinkes"


@pytest.mark.postgres_only
async def test_two_worker_server_delivers_to_every_subscriber(database_url, seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with uvicorn_server(database_url, workers=2, log=tmp_path / "uvicorn.log") as base:
        op, auditor, sekda = [await token_for(base, u) for u in ("op-dinkes", "auditor", "sekda")]
        nid = await _nomination(base, op)
        async with contextlib.AsyncExitStack() as stack:
            sockets = [await stack.enter_async_context(subscribed(base, auditor, nid)) for _ in range(6)]
            for ws in sockets:
                await until_listening(ws, lambda: gql(base, sekda, flow.START, {"id": nid}))
            for ws in sockets:
                await drain(ws)
            await gql(base, op, flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE]})
            for ws in sockets:
                assert (await next_event(ws))["action"] == "set_shortlist"
