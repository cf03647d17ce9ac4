"""Sign-in: cookie and bearer sessions, wrong passwords, the same answer for unknown accounts,
the failed-login limit (one login per request) and server-side logout."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlmodel import func, select

from api.sessions import COOKIE_NAME, hash_token
from domain.models import AuthSession, LoginAttempt
from testkit.province import PASSWORD
from tests.api.conftest import LOGIN, Api, backdate_session, sign_in

ME = "{ me { username roles unitCode employee { nip } } }"


async def test_login_returns_token_and_sets_httponly_cookie(client: httpx.AsyncClient, province: None) -> None:
    response = await Api(client).raw(LOGIN, {"u": "op-dinkes", "p": PASSWORD})
    user = response.json()["data"]["login"]
    assert user["__typename"] == "User" and user["roles"] == ["operator"] and len(user["token"]) > 30
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    # The browser path: the cookie alone authenticates.
    me = await client.post("/graphql", json={"query": ME})
    assert me.json()["data"]["me"]["username"] == "op-dinkes"


async def test_bearer_token_authenticates_without_cookie(client: httpx.AsyncClient, province: None) -> None:
    api = await sign_in(client, "candidate")
    client.cookies.clear()
    data = await api.data(ME)
    assert data["me"] == {
        "username": "candidate",
        "roles": ["employee"],
        "unitCode": None,
        "employee": {"nip": "197501012000031001"},
    }


async def test_token_stored_only_hashed(app, client: httpx.AsyncClient, province: None) -> None:  # type: ignore[no-untyped-def]
    api = await sign_in(client, "auditor")
    async with app.state.sessions() as s:
        hashes = (await s.exec(select(AuthSession.token_hash))).all()
    assert api.token not in hashes and hash_token(api.token) in hashes


async def test_wrong_password_and_unknown_user_get_the_same_answer(client: httpx.AsyncClient, province: None) -> None:
    wrong = (await Api(client)(LOGIN, {"u": "auditor", "p": "not-the-password"}))["data"]["login"]
    unknown = (await Api(client)(LOGIN, {"u": "nobody-here", "p": "not-the-password"}))["data"]["login"]
    assert wrong == unknown == {"__typename": "NotAllowed", "message": wrong["message"], "code": "BAD_CREDENTIALS"}
    anon_me = await Api(client)(ME)
    assert anon_me["data"]["me"] is None


async def test_account_locked_after_five_failures_even_with_right_password(
    client: httpx.AsyncClient, province: None
) -> None:
    for _ in range(5):
        assert (await Api(client)(LOGIN, {"u": "panel", "p": "wrong-password!"}))["data"]["login"][
            "code"
        ] == "BAD_CREDENTIALS"
    locked = (await Api(client)(LOGIN, {"u": "panel", "p": PASSWORD}))["data"]["login"]
    assert locked["code"] == "TOO_MANY_ATTEMPTS"
    ghost = None
    for _ in range(6):
        ghost = (await Api(client)(LOGIN, {"u": "ghost-account", "p": "wrong-password!"}))["data"]["login"]
    assert ghost == locked  # an unknown account locks the same way: nothing tells which names exist
    # Another account is unaffected.
    await sign_in(client, "auditor")


async def test_aliased_logins_in_one_request_refused(app, client: httpx.AsyncClient, province: None) -> None:  # type: ignore[no-untyped-def]
    aliases = " ".join(
        f'a{i}: login(username: "chair", password: "guess-{i}-xxxxx") {{ __typename ... on NotAllowed {{ code }} }}'
        for i in range(7)
    )
    body = await Api(client)("mutation { " + aliases + " }")
    assert body.get("data") is None and "once per request" in body["errors"][0]["message"]
    async with app.state.sessions() as s:  # nothing checked, nothing recorded
        assert (await s.exec(select(func.count()).select_from(LoginAttempt))).one() == 0


async def test_client_address_limit_spans_accounts(client: httpx.AsyncClient, province: None) -> None:
    for i in range(20):
        await Api(client)(LOGIN, {"u": f"spray-{i}", "p": "wrong-password!"})
    result = (await Api(client)(LOGIN, {"u": "auditor", "p": PASSWORD}))["data"]["login"]
    assert result["code"] == "TOO_MANY_ATTEMPTS"


async def test_logout_ends_session_server_side(client: httpx.AsyncClient, province: None) -> None:
    api = await sign_in(client, "sekda")
    assert (await api.data("mutation { logout }"))["logout"] is True
    assert (await api.data(ME))["me"] is None  # the bearer token is dead too
    client.cookies.clear()
    assert (await Api(client).data("mutation { logout }"))["logout"] is False


async def test_login_issues_a_new_session_id(app, client: httpx.AsyncClient, province: None) -> None:  # type: ignore[no-untyped-def]
    first = await sign_in(client, "auditor")
    second = await sign_in(client, "auditor")  # sent with the first cookie: that session is replaced
    assert first.token != second.token
    assert (await first.data(ME))["me"] is None
    assert (await second.data(ME))["me"]["username"] == "auditor"


async def test_idle_timeout_expires_session(app, client: httpx.AsyncClient, province: None) -> None:  # type: ignore[no-untyped-def]
    api = await sign_in(client, "auditor")
    assert api.token is not None
    await backdate_session(app.state.sessions, api.token, last_seen_at=timedelta(minutes=31))
    assert (await api.data(ME))["me"] is None


async def test_absolute_timeout_expires_session(app, client: httpx.AsyncClient, province: None) -> None:  # type: ignore[no-untyped-def]
    api = await sign_in(client, "auditor")
    assert api.token is not None
    await backdate_session(app.state.sessions, api.token, created_at=timedelta(hours=13))
    assert (await api.data(ME))["me"] is None
