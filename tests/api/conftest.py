"""API test fixtures: an app over the test's database, an httpx client on it (ASGITransport skips
the lifespan, so the ``engine`` fixture has already built the schema), and the small province of
:func:`testkit.province.small_province`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.applications import Starlette

from api.app import create_app
from api.sessions import hash_token, now_utc, start_session
from api.settings import Settings
from domain.db import write_transaction
from domain.models import AuthSession, User
from testkit.province import PASSWORD, World, small_province


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, migrate_on_start=False, dev=False)


@pytest.fixture
async def app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    try:
        yield application
    finally:
        await application.state.event_bus.stop()
        await application.state.engine.dispose()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def province(app: Starlette) -> World:
    """testkit's small province (named posts and people, one account per role) in the app's database."""
    return await small_province(app.state.sessions)


class Api:
    """Posts GraphQL as one signed-in user (bearer token) or anonymously."""

    def __init__(self, client: httpx.AsyncClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    async def raw(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(kw.pop("headers", {}))
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers, **kw
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        response = await self.raw(query, variables, **kw)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]


LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  __typename ... on User { username roles token } ... on NotAllowed { message code }
  ... on InvalidInput { message } } }"""


async def sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> Api:
    body = await Api(client)(LOGIN, {"u": username, "p": password})
    result = body["data"]["login"]
    assert result["__typename"] == "User", result
    return Api(client, result["token"])


async def backdate_session(sessions: async_sessionmaker[AsyncSession], token: str, **ago: timedelta) -> None:
    """Moves the times of ``token``'s session back: ``last_seen_at=timedelta(minutes=31)`` is a
    session idle for 31 minutes, ``created_at=timedelta(hours=13)`` one opened 13 hours ago."""
    async with sessions() as s:
        row = await s.get(AuthSession, hash_token(token))
        assert row is not None
        for field, by in ago.items():
            setattr(row, field, now_utc() - by)
        s.add(row)
        await s.commit()


@pytest.fixture
def anon(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
def as_user(app: Starlette, client: httpx.AsyncClient, province: World):  # type: ignore[no-untyped-def]
    """``await as_user("auditor")`` → an :class:`Api` with a bearer session of that account.

    The session is opened directly in the database (login itself is covered by test_auth.py):
    argon2id is deliberately slow, and the matrix tests act as a dozen accounts each."""
    cache: dict[str, Api] = {}

    async def get(username: str) -> Api:
        if username not in cache:
            async with write_transaction(app.state.sessions) as session:
                user = (await session.exec(select(User).where(User.username == username))).one()
                assert user.id is not None
                token = await start_session(session, user.id, "test")
            cache[username] = Api(client, token)
        return cache[username]

    return get
