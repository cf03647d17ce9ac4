"""One ``login`` per request (issue 9, item 8): aliases, repeated fields, fragments or a second
operation would each run an argon2 check, turning one request into a CPU lever and a burst of
guesses. Refused at validation, before any password is checked or any attempt recorded."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import func, select
from starlette.applications import Starlette

import api.sessions
from domain.models import LoginAttempt
from tests.api.conftest import LOGIN, PASSWORD, Api

TWO_LOGINS = {
    "aliases": 'mutation { a: login(username: "chair", password: "x1-xxxxxxx") { __typename } '
    'b: login(username: "chair", password: "x2-xxxxxxx") { __typename } }',
    "same field twice": 'mutation { login(username: "chair", password: "x1-xxxxxxx") { __typename } '
    'login(username: "chair", password: "x1-xxxxxxx") { __typename } }',
    "fragment spread twice": "mutation { ...F ...F } "
    'fragment F on Mutation { login(username: "chair", password: "x1-xxxxxxx") { __typename } }',
    "inline fragment": 'mutation { login(username: "chair", password: "x1-xxxxxxx") { __typename } '
    '... on Mutation { b: login(username: "chair", password: "x2-xxxxxxx") { __typename } } }',
    "second operation": 'mutation A { login(username: "chair", password: "x1-xxxxxxx") { __typename } } '
    'mutation B { login(username: "chair", password: "x2-xxxxxxx") { __typename } }',
}


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    verify = api.sessions.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(api.sessions, "verify_password", counting)
    return calls


async def _attempts(app: Starlette) -> int:
    async with app.state.sessions() as s:
        return (await s.exec(select(func.count()).select_from(LoginAttempt))).one()


@pytest.mark.parametrize("query", TWO_LOGINS.values(), ids=TWO_LOGINS.keys())
async def test_two_logins_in_one_body_refused_before_any_check(
    app: Starlette, client: httpx.AsyncClient, province: None, argon2_calls: list[str], query: str
) -> None:
    operation = "A" if "mutation A" in query else None
    body = (await client.post("/graphql", json={"query": query, "operationName": operation})).json()
    assert body.get("data") is None
    assert "once per request" in body["errors"][0]["message"]
    assert argon2_calls == [] and await _attempts(app) == 0


async def test_one_login_in_a_body_still_works(client: httpx.AsyncClient, province: None) -> None:
    body = await Api(client)(LOGIN, {"u": "chair", "p": PASSWORD})
    assert body["data"]["login"]["__typename"] == "User"
