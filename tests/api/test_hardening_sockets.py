"""A GraphQL WebSocket dies with its session (issue 9, item 2): logout closes the session's open
sockets at once; a session ended elsewhere (logout on another process, idle or absolute expiry, a
disabled account) closes them within ``session_recheck_seconds``; always with 4401. Against a real
uvicorn, over graphql-transport-ws."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from api.sessions import hash_token
from domain.models import AuthSession, User
from testkit.province import small_province
from tests.api.conftest import LOGIN, PASSWORD, backdate_session
from tests.api.live import uvicorn_server

ME = "{ me { username } }"


@pytest.fixture
async def seeded(sessions: async_sessionmaker[AsyncSession]) -> None:
    await small_province(sessions)


async def token_for(base: str, username: str) -> str:
    async with httpx.AsyncClient(base_url=base) as c:  # a fresh client: a fresh session each time
        response = await c.post("/graphql", json={"query": LOGIN, "variables": {"u": username, "p": PASSWORD}})
    return response.json()["data"]["login"]["token"]


@contextlib.asynccontextmanager
async def socket(base: str, token: str) -> AsyncIterator[ClientConnection]:
    url = base.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        yield ws


async def ask_me(ws: ClientConnection, op_id: str) -> dict:  # type: ignore[type-arg]
    await ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": {"query": ME}}))
    return json.loads(await asyncio.wait_for(ws.recv(), 10))


async def closed_code(ws: ClientConnection, within: float) -> int:
    """The close code the server sends within ``within`` seconds (fails if the socket stays open)."""
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(ws.recv(), within)
    assert closed.value.rcvd is not None, "the server did not close the socket"
    return closed.value.rcvd.code


async def still_open(ws: ClientConnection) -> bool:
    await ws.send(json.dumps({"type": "ping"}))
    return json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "pong"


async def test_logout_closes_the_sessions_open_sockets(database_url: str, seeded: None, tmp_path: Path) -> None:
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        first, second = await token_for(base, "auditor"), await token_for(base, "auditor")
        async with socket(base, first) as ws, socket(base, first) as ws_too, socket(base, second) as other:
            assert (await ask_me(ws, "1"))["payload"]["data"]["me"]["username"] == "auditor"
            async with httpx.AsyncClient(base_url=base) as c:
                response = await c.post(
                    "/graphql", json={"query": "mutation { logout }"}, headers={"Authorization": f"Bearer {first}"}
                )
            assert response.json()["data"]["logout"] is True
            # At once (the re-check interval is 10 s): the logout closed them.
            assert await closed_code(ws, within=3) == 4401
            assert await closed_code(ws_too, within=3) == 4401
            # The same user's other session is not touched.
            assert await still_open(other)
            assert (await ask_me(other, "2"))["payload"]["data"]["me"]["username"] == "auditor"


async def _logged_out_elsewhere(sessions: async_sessionmaker[AsyncSession], token: str) -> None:
    """As a logout through another server process would: the row is gone, no message reaches us."""
    async with sessions() as s:
        await s.exec(delete(AuthSession).where(col(AuthSession.token_hash) == hash_token(token)))  # type: ignore[call-overload]
        await s.commit()


async def _idle(sessions: async_sessionmaker[AsyncSession], token: str) -> None:
    await backdate_session(sessions, token, last_seen_at=timedelta(minutes=31))


async def _too_old(sessions: async_sessionmaker[AsyncSession], token: str) -> None:
    await backdate_session(sessions, token, created_at=timedelta(hours=13))


async def _disabled(sessions: async_sessionmaker[AsyncSession], token: str) -> None:
    async with sessions() as s:
        user = (await s.exec(select(User).where(User.username == "auditor"))).one()
        user.active = False
        s.add(user)
        await s.commit()


ENDINGS = {
    "logout on another process": _logged_out_elsewhere,
    "idle expiry": _idle,
    "absolute expiry": _too_old,
    "account disabled": _disabled,
}


@pytest.mark.parametrize("end", ENDINGS.values(), ids=ENDINGS.keys())
async def test_socket_closes_4401_when_its_session_ends_elsewhere(
    database_url: str,
    seeded: None,
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    end,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MERITFLOW_SESSION_RECHECK_SECONDS", "1")
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        token = await token_for(base, "auditor")
        async with socket(base, token) as ws:
            assert (await ask_me(ws, "1"))["payload"]["data"]["me"]["username"] == "auditor"
            await end(sessions, token)
            assert await closed_code(ws, within=5) == 4401
        # A new socket with the dead token is refused outright.
        url = base.replace("http://", "ws://") + "/graphql"
        async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            assert await closed_code(ws, within=5) == 4403


async def test_operation_after_the_cached_check_expires_is_checked(
    database_url: str,
    seeded: None,
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each operation checks the session once the cached answer is older than the interval: a
    query sent after that is not run but ends the socket (whichever of the watcher and the
    operation sees it first, the socket closes with 4401 and no answer as the user comes back)."""
    monkeypatch.setenv("MERITFLOW_SESSION_RECHECK_SECONDS", "2")
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        token = await token_for(base, "auditor")
        async with socket(base, token) as ws:
            await _logged_out_elsewhere(sessions, token)
            await asyncio.sleep(2.2)
            with contextlib.suppress(ConnectionClosed):
                await ws.send(json.dumps({"id": "9", "type": "subscribe", "payload": {"query": ME}}))
            assert await closed_code(ws, within=5) == 4401
