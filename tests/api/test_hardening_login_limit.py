"""The failed sign-in limit holds however attempts arrive (issue 9, items 6 and 8).

- item 6: parallel wrong passwords are counted and checked in one locked step, so the 6th attempt
  in the window is refused even when all of them arrive at once (SQLite and PostgreSQL);
- item 8: no argon2 work once throttled, argon2 off the event loop, and a throttled account says
  when it may try again and is not locked beyond that (one ``login`` per request:
  test_hardening_one_login.py).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
from sqlmodel import func, select
from starlette.applications import Starlette

import api.sessions
from domain.models import LoginAttempt
from tests.api.conftest import LOGIN, PASSWORD, Api

WRONG = "wrong-password!"


def _code(body: dict) -> str:  # type: ignore[type-arg]
    result = body["data"]["login"]
    return result.get("code") or result["__typename"]


async def _attempts(app: Starlette) -> int:
    async with app.state.sessions() as s:
        return (await s.exec(select(func.count()).select_from(LoginAttempt))).one()


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Counts password checks; each entry says whether it ran on the event loop's thread."""
    calls: list[bool] = []
    verify = api.sessions.verify_password
    loop_thread = threading.get_ident()

    def counting(password_hash: str, password: str) -> bool:
        calls.append(threading.get_ident() == loop_thread)
        return verify(password_hash, password)

    monkeypatch.setattr(api.sessions, "verify_password", counting)
    return calls


@pytest.fixture
async def client_at(app: Starlette) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Clients of the same app from other addresses."""
    opened: list[httpx.AsyncClient] = []

    def make(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 5000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://testserver"))
        return opened[-1]

    yield make
    for c in opened:
        await c.aclose()


# -- item 6 ------------------------------------------------------------------------------------


async def test_thirty_parallel_wrong_logins_then_the_right_one_refused(
    app: Starlette, client: httpx.AsyncClient, province: None, argon2_calls: list[bool]
) -> None:
    api = Api(client)
    answers = await asyncio.gather(*(api(LOGIN, {"u": "panel", "p": f"{WRONG}{i}"}) for i in range(30)))
    codes = sorted(_code(body) for body in answers)
    assert codes == ["BAD_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 25
    assert len(argon2_calls) == 5  # the other 25 were refused before any hashing
    right = await api(LOGIN, {"u": "panel", "p": PASSWORD})
    assert _code(right) == "TOO_MANY_ATTEMPTS"
    assert await _attempts(app) == 5  # refused attempts are not recorded (they cannot extend the lock)


# -- item 8 ------------------------------------------------------------------------------------


async def test_argon2_runs_in_a_worker_thread(client: httpx.AsyncClient, province: None, argon2_calls) -> None:  # type: ignore[no-untyped-def]
    await Api(client)(LOGIN, {"u": "chair", "p": PASSWORD})
    await Api(client)(LOGIN, {"u": "nobody-here", "p": WRONG})
    assert argon2_calls == [False, False]


async def test_throttled_answer_says_when_and_sets_retry_after(client: httpx.AsyncClient, province: None) -> None:
    for _ in range(5):
        await Api(client)(LOGIN, {"u": "panel", "p": WRONG})
    response = await Api(client).raw(LOGIN, {"u": "panel", "p": PASSWORD})
    result = response.json()["data"]["login"]
    assert result["code"] == "TOO_MANY_ATTEMPTS"
    assert "try again in 15 minutes" in result["message"]
    assert 14 * 60 < int(response.headers["retry-after"]) <= 15 * 60


async def test_throttled_account_signs_in_from_a_fresh_address_once_the_window_passes(
    app: Starlette,
    client: httpx.AsyncClient,
    province: None,
    client_at,
    argon2_calls: list[bool],  # type: ignore[no-untyped-def]
) -> None:
    attacker = Api(client)
    for _ in range(5):
        await attacker(LOGIN, {"u": "panel", "p": WRONG})
    # The attacker keeps hammering: every attempt is refused unchecked and extends nothing.
    for _ in range(10):
        assert _code(await attacker(LOGIN, {"u": "panel", "p": WRONG})) == "TOO_MANY_ATTEMPTS"
    assert len(argon2_calls) == 5 and await _attempts(app) == 5
    owner = Api(client_at("198.51.100.20"))
    refused = (await owner(LOGIN, {"u": "panel", "p": PASSWORD}))["data"]["login"]
    assert refused["code"] == "TOO_MANY_ATTEMPTS" and "try again in" in refused["message"]
    # The window passes over the five counted failures (moved back in time instead of waiting).
    async with app.state.sessions() as s:
        for attempt in (await s.exec(select(LoginAttempt))).all():
            attempt.at -= timedelta(minutes=15)
            s.add(attempt)
        await s.commit()
    signed_in = (await owner(LOGIN, {"u": "panel", "p": PASSWORD}))["data"]["login"]
    assert signed_in["__typename"] == "User"
