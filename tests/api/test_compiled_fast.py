"""Known compiled reads answered before strawberry's view (``api.fast_reads``): the same answers,
and nothing the view would refuse gets through.

Each hostile request is sent with the fast path on (it must *not* answer: its counter stays put)
and then with it off (the view alone, as before the fast path existed); the two responses must be
identical — status, headers and JSON body. Every case first shows the fast path answering the same
document for a good request, so "not answered" means the check held, not that nothing was known.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import delete, select
from starlette.applications import Starlette

from api.app import create_app
from api.remembered import REMEMBERED
from api.sessions import hash_token
from api.settings import Settings
from domain.access import Principal, load_unit_scope
from domain.db import write_transaction
from domain.models import User, UserRole
from testkit.province import HEAD_CANDIDATE, World

from .conftest import Api, backdate_session, sign_in
from .test_compiled_differential import ACCOUNTS, CORPUS, PAGED, VACANT

EMPLOYEES = "{ employees(first: 5) { totalCount edges { cursor node { nip name unit { code } } } } }"
TWO_OPERATIONS = "query A { employees(first: 3) { edges { node { nip } } } } query B { me { username } }"


class Paths:
    """Sends a request with the fast path on, then off, and says what each answered."""

    def __init__(self, app: Starlette) -> None:
        self.view = next(route.app for route in app.routes if getattr(route, "path", None) == "/graphql")
        self.fast = self.view.fast

    async def fast_on(self, send: Callable[[], Awaitable[httpx.Response]]) -> tuple[httpx.Response, bool]:
        served = self.fast.served
        response = await send()
        return response, self.fast.served == served + 1

    async def view_only(self, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        self.view.fast = None
        try:
            return await send()
        finally:
            self.view.fast = self.fast

    async def refused_alike(self, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """The fast path does not answer, and the answer is the view's, byte for byte."""
        fast, served = await self.fast_on(send)
        assert not served, f"the fast path answered: {fast.status_code} {fast.text[:200]}"
        plain = await self.view_only(send)
        assert (fast.status_code, _body(fast)) == (plain.status_code, _body(plain))
        assert _headers(fast) == _headers(plain)
        return fast


def _body(response: httpx.Response) -> Any:
    """The JSON answer (PostgreSQL's JSON text and Python's differ in spaces; an unknown document
    the first request made known is compiled the second time), else the text."""
    try:
        return response.json()
    except ValueError:
        return response.text


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in response.headers.items() if name != "content-length")


async def learned(api: Api, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """The first answer (the resolvers: the document becomes known), then a second one that must
    come from the fast path."""
    paths_before = await api(query, variables, **kw)
    assert not paths_before.get("errors"), paths_before
    return paths_before


def remembered(api: Api) -> Principal | None:
    """The viewer a full lookup remembered for ``api``'s token (``api.remembered.REMEMBERED``): on
    PostgreSQL its next known read is one statement, the session check and the page together."""
    entry = REMEMBERED.get(hash_token(api.token))  # type: ignore[arg-type]
    return entry.principal if entry is not None else None


async def served_fast(
    paths: Paths, api: Api, query: str, variables: dict[str, Any] | None = None, **kw: Any
) -> httpx.Response:
    response, served = await paths.fast_on(lambda: api.raw(query, variables, **kw))
    assert served and response.status_code == 200, response.text
    return response


async def test_every_account_gets_the_views_answer_and_headers_from_the_fast_path(
    app, as_user, world_small: World
) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)
    for username in ACCOUNTS:
        api = await as_user(username)
        for query in CORPUS:
            plain = await paths.view_only(lambda: api.raw(query))  # noqa: B023
            if plain.json().get("errors"):
                fast, served = await paths.fast_on(lambda: api.raw(query))  # noqa: B023
                assert not served and fast.json() == plain.json()
                continue
            compiled = await paths.view_only(lambda: api.raw(query))  # noqa: B023 - the view's compiled answer
            fast = await served_fast(paths, api, query)
            assert fast.json() == plain.json() == compiled.json(), (username, query[:60])
            assert fast.text == compiled.text
            assert sorted(fast.headers.items()) == sorted(compiled.headers.items())


@pytest.fixture
async def world_small(province: World) -> World:
    from testkit.drive import drive_to
    from testkit.province import HEAD_CANDIDATE

    await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE, approvals=1)
    await drive_to(province, "nominee", "KABIRO-HUKUM")
    return province


async def test_pages_by_variables_by_cookie_and_by_get(
    app, client: httpx.AsyncClient, as_user, province: World
) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)
    api = await as_user("op-all")
    query, after = PAGED["employees"], None
    await learned(api, query, {"first": 2, "after": None})
    for _ in range(3):  # page by page through endCursor
        fast = await served_fast(paths, api, query, {"first": 2, "after": after})
        plain = await paths.view_only(lambda: api.raw(query, {"first": 2, "after": after}))  # noqa: B023
        assert fast.text == plain.text
        after = fast.json()["data"]["employees"]["pageInfo"]["endCursor"]
    # the session cookie instead of a bearer token
    cookie_user = await sign_in(client, "auditor")
    await learned(Api(client), EMPLOYEES)
    response, served = await paths.fast_on(lambda: client.post("/graphql", json={"query": EMPLOYEES}))
    assert served and response.json()["data"]["employees"]["totalCount"] > 0, response.text
    client.cookies.clear()
    # GET with the query in the URL, as the view allows for queries
    headers = {"authorization": f"Bearer {cookie_user.token}"}
    response, served = await paths.fast_on(lambda: client.get("/graphql", params={"query": EMPLOYEES}, headers=headers))
    plain_get = await paths.view_only(lambda: client.get("/graphql", params={"query": EMPLOYEES}, headers=headers))
    assert served and response.text == plain_get.text


async def test_a_logout_stops_the_fast_path_at_once_on_every_worker(
    app, settings: Settings, client, province: World
) -> None:  # type: ignore[no-untyped-def]
    second = create_app(settings)  # a second worker process: its own app, pool and caches, one database
    try:
        transport = httpx.ASGITransport(app=second, client=("203.0.113.8", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other_client:
            api = await sign_in(client, "auditor")
            client.cookies.clear()
            on_b = Api(other_client, api.token)
            paths_a, paths_b = Paths(app), Paths(second)
            await learned(api, EMPLOYEES)
            await learned(on_b, EMPLOYEES)
            await served_fast(paths_a, api, EMPLOYEES)
            await served_fast(paths_b, on_b, EMPLOYEES)
            assert remembered(api) is not None  # the hostile requests below meet the remembered viewer
            assert (await api.data("mutation { logout }"))["logout"] is True  # answered by worker A
            client.cookies.clear()
            for paths, who in ((paths_b, on_b), (paths_a, api)):
                refused = await paths.refused_alike(lambda: who.raw(EMPLOYEES))  # noqa: B023
                assert refused.json()["errors"], refused.text
    finally:
        await second.state.event_bus.stop()
        await second.state.engine.dispose()


async def test_an_expired_session_a_disabled_account_and_removed_roles_get_nothing(
    app, client, province: World
) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)

    async def known(username: str, query: str = EMPLOYEES) -> Api:
        api = await sign_in(client, username)
        client.cookies.clear()
        await learned(api, query)
        await served_fast(paths, api, query)
        assert remembered(api) is not None, username  # the next read checks the session in its one statement
        return api

    idle = await known("auditor")
    await backdate_session(app.state.sessions, idle.token, last_seen_at=timedelta(minutes=31))
    assert (await paths.refused_alike(lambda: idle.raw(EMPLOYEES))).json()["errors"]

    old = await known("auditor")
    await backdate_session(app.state.sessions, old.token, created_at=timedelta(hours=13))
    assert (await paths.refused_alike(lambda: old.raw(EMPLOYEES))).json()["errors"]

    disabled = await known("auditor")
    async with write_transaction(app.state.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "auditor"))).one()
        user.active = False
    assert (await paths.refused_alike(lambda: disabled.raw(EMPLOYEES))).json()["errors"]

    operator = await known("op-all", VACANT)
    async with write_transaction(app.state.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "op-all"))).one()
        await session.exec(delete(UserRole).where(UserRole.user_id == user.id))  # type: ignore[arg-type]
    refused = await paths.refused_alike(lambda: operator.raw(VACANT))
    assert refused.json()["errors"][0]["message"].startswith("Only staff roles"), refused.text


HOSTILE: dict[str, Callable[[httpx.AsyncClient, str], Awaitable[httpx.Response]]] = {
    "an unknown document": lambda c, t: c.post(
        "/graphql", json={"query": EMPLOYEES.replace("first: 5", "first: 4")}, headers={"authorization": f"Bearer {t}"}
    ),
    "no session token": lambda c, t: c.post("/graphql", json={"query": EMPLOYEES}),
    "an unknown token": lambda c, t: c.post(
        "/graphql", json={"query": EMPLOYEES}, headers={"authorization": "Bearer not-a-session"}
    ),
    "operationName picking the other query": lambda c, t: c.post(
        "/graphql", json={"query": TWO_OPERATIONS, "operationName": "B"}, headers={"authorization": f"Bearer {t}"}
    ),
    "no operationName for two operations": lambda c, t: c.post(
        "/graphql", json={"query": TWO_OPERATIONS}, headers={"authorization": f"Bearer {t}"}
    ),
    "a mutation by GET": lambda c, t: c.get(
        "/graphql",
        params={"query": EMPLOYEES_AND_LOGOUT, "operationName": "Logout"},
        headers={"authorization": f"Bearer {t}"},
    ),
    "text/plain": lambda c, t: c.post(
        "/graphql",
        content=json.dumps({"query": EMPLOYEES}),
        headers={"authorization": f"Bearer {t}", "content-type": "text/plain"},
    ),
    "form encoded": lambda c, t: c.post(
        "/graphql", data={"query": EMPLOYEES}, headers={"authorization": f"Bearer {t}"}
    ),
    "a latin-1 charset": lambda c, t: c.post(
        "/graphql",
        content=json.dumps({"query": EMPLOYEES}),
        headers={"authorization": f"Bearer {t}", "content-type": "application/json; charset=latin-1"},
    ),
    "an oversize body": lambda c, t: c.post(
        "/graphql",
        json={"query": EMPLOYEES, "variables": {"pad": "x" * 300_000}},
        headers={"authorization": f"Bearer {t}"},
    ),
    "an oversize body, chunked": lambda c, t: c.post(
        "/graphql",
        content=_chunks(json.dumps({"query": EMPLOYEES, "variables": {"pad": "x" * 300_000}}).encode()),
        headers={"authorization": f"Bearer {t}", "content-type": "application/json"},
    ),
    "bad json": lambda c, t: c.post(
        "/graphql",
        content=b'{"query": "' + EMPLOYEES.encode() + b'"',
        headers={"authorization": f"Bearer {t}", "content-type": "application/json"},
    ),
    "a NUL in variables": lambda c, t: c.post(
        "/graphql",
        json={"query": EMPLOYEES, "variables": {"x": "a\x00b"}},
        headers={"authorization": f"Bearer {t}"},
    ),
    "extensions": lambda c, t: c.post(
        "/graphql", json={"query": EMPLOYEES, "extensions": []}, headers={"authorization": f"Bearer {t}"}
    ),
    "a batch": lambda c, t: c.post("/graphql", json=[{"query": EMPLOYEES}], headers={"authorization": f"Bearer {t}"}),
    "variables not an object": lambda c, t: c.post(
        "/graphql", json={"query": EMPLOYEES, "variables": ["x"]}, headers={"authorization": f"Bearer {t}"}
    ),
    "a variable of the wrong type": lambda c, t: c.post(
        "/graphql",
        json={"query": PAGED["employees"], "variables": {"first": "2", "after": None}},
        headers={"authorization": f"Bearer {t}"},
    ),
    "a float for an Int": lambda c, t: c.post(
        "/graphql",
        json={"query": PAGED["employees"], "variables": {"first": 2.5, "after": None}},
        headers={"authorization": f"Bearer {t}"},
    ),
    "a page size the resolver refuses": lambda c, t: c.post(
        "/graphql",
        json={"query": PAGED["employees"], "variables": {"first": 5000, "after": None}},
        headers={"authorization": f"Bearer {t}"},
    ),
    "a GET with empty variables": lambda c, t: c.get(
        "/graphql", params={"query": EMPLOYEES, "variables": ""}, headers={"authorization": f"Bearer {t}"}
    ),
    "a HEAD": lambda c, t: c.head("/graphql", params={"query": EMPLOYEES}, headers={"authorization": f"Bearer {t}"}),
    "a PUT": lambda c, t: c.put("/graphql", json={"query": EMPLOYEES}, headers={"authorization": f"Bearer {t}"}),
}
EMPLOYEES_AND_LOGOUT = f"query Employees {EMPLOYEES} mutation Logout {{ logout }}"


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 65536):
        yield body[start : start + 65536]


@pytest.mark.parametrize("case", HOSTILE, ids=HOSTILE)
async def test_a_request_the_view_would_not_answer_as_known_goes_to_the_view(app, client, as_user, case: str) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)
    api = await as_user("auditor")
    bearer = {"authorization": f"Bearer {api.token}"}
    known = [
        {"query": EMPLOYEES},
        {"query": PAGED["employees"], "variables": {"first": 2, "after": None}},
        {"query": TWO_OPERATIONS, "operationName": "A"},
        {"query": EMPLOYEES_AND_LOGOUT, "operationName": "Employees"},
    ]
    for body in known:  # the resolvers answer first: each document becomes known ...
        answer = (await client.post("/graphql", json=body, headers=bearer)).json()
        assert answer.get("data") and not answer.get("errors"), answer
    for body in known:  # ... and a good request of each is then answered by the fast path
        response, served = await paths.fast_on(lambda: client.post("/graphql", json=body, headers=bearer))  # noqa: B023
        assert served, (body, response.text)
    assert remembered(api) is not None
    await paths.refused_alike(lambda: HOSTILE[case](client, api.token))  # type: ignore[arg-type]
    assert (await api.data("{ me { username } }"))["me"]["username"] == "auditor"  # the session was not harmed


async def test_a_cross_site_origin_changes_nothing_the_view_does_not_change(app, client, as_user) -> None:  # type: ignore[no-untyped-def]
    """The HTTP view checks no Origin (a page elsewhere cannot send application/json with the cookie
    without a CORS preflight, which nothing answers): the fast path answers it as the view does, and
    a cross-site form post (text/plain, the cookie) is refused by the view as before."""
    paths = Paths(app)
    api = await as_user("auditor")
    await learned(api, EMPLOYEES)
    evil = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
    fast = await served_fast(paths, api, EMPLOYEES, headers=evil)
    plain = await paths.view_only(lambda: api.raw(EMPLOYEES, headers=evil))
    assert fast.text == plain.text
    preflight = await paths.refused_alike(
        lambda: client.options("/graphql", headers={**evil, "access-control-request-method": "POST"})
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_a_mutation_picked_from_a_known_document_is_run_by_the_view(app, client, as_user) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)
    api = await as_user("auditor")
    bearer = {"authorization": f"Bearer {api.token}"}
    known = {"query": EMPLOYEES_AND_LOGOUT, "operationName": "Employees"}
    assert not (await client.post("/graphql", json=known, headers=bearer)).json().get("errors")
    response, served = await paths.fast_on(lambda: client.post("/graphql", json=known, headers=bearer))
    assert served, response.text
    logout = {"query": EMPLOYEES_AND_LOGOUT, "operationName": "Logout"}
    response, served = await paths.fast_on(lambda: client.post("/graphql", json=logout, headers=bearer))
    assert not served and response.json() == {"data": {"logout": True}}  # the view ran it
    refused = await paths.refused_alike(lambda: client.post("/graphql", json=known, headers=bearer))
    assert refused.json()["errors"], refused.text


async def _set_account(app: Starlette, account: str, **values: Any) -> None:
    async with write_transaction(app.state.sessions) as session:
        user = (await session.exec(select(User).where(User.username == account))).one()
        for name, value in values.items():
            setattr(user, name, value)


async def _set_roles(app: Starlette, username: str, roles: list[str]) -> None:
    async with write_transaction(app.state.sessions) as session:
        user = (await session.exec(select(User).where(User.username == username))).one()
        await session.exec(delete(UserRole).where(UserRole.user_id == user.id))  # type: ignore[arg-type]
        session.add_all([UserRole(user_id=user.id, role=role) for role in roles])  # type: ignore[arg-type]


CHANGES: dict[str, tuple[str, str, Callable[[Starlette], Awaitable[None]]]] = {
    # case: (account, a query it reads, the change made after its viewer was remembered)
    "roles changed to another set of the same size": (
        "op-all",
        VACANT,
        lambda a: _set_roles(a, "op-all", ["employee"]),
    ),
    "the username changed": ("auditor", EMPLOYEES, lambda a: _set_account(a, "auditor", username="auditor-2")),
    "the display name changed": ("auditor", EMPLOYEES, lambda a: _set_account(a, "auditor", display_name="Someone")),
    "the unit changed": ("op-all", VACANT, lambda a: _set_account(a, "op-all", unit_code="DINKES")),
    "the nip changed": ("employee", EMPLOYEES, lambda a: _set_account(a, "employee", nip=HEAD_CANDIDATE)),
    "a role added": ("auditor", EMPLOYEES, lambda a: _set_roles(a, "auditor", ["auditor", "panel"])),
}


@pytest.mark.parametrize("case", CHANGES, ids=CHANGES)
async def test_an_account_changed_after_its_viewer_was_remembered_is_answered_as_the_view_answers(
    app, client, province: World, case: str
) -> None:  # type: ignore[no-untyped-def]
    """The remembered viewer only chooses the statement: the statement's session check compares the
    account as it is now, so after any change the answer is the view's, by the viewer the database
    holds now (remembered afresh; a unit-scoped one with the scope the tree gives now)."""
    paths = Paths(app)
    username, query, change = CHANGES[case]
    api = await sign_in(client, username)
    client.cookies.clear()
    await learned(api, query)
    await served_fast(paths, api, query)
    before = remembered(api)
    assert before is not None and before.username == username
    await change(app)
    fast, _ = await paths.fast_on(lambda: api.raw(query))
    now = remembered(api)  # before the view's own lookup below remembers again
    plain = await paths.view_only(lambda: api.raw(query))
    assert (fast.status_code, _body(fast)) == (plain.status_code, _body(plain))
    assert _headers(fast) == _headers(plain)
    async with app.state.sessions() as session:
        user = (await session.exec(select(User).where(User.id == before.user_id))).one()
        roles = (await session.exec(select(UserRole.role).where(UserRole.user_id == user.id))).all()
    assert now is not None
    if user.unit_code is not None:  # a unit-scoped viewer now: remembered with the tree's scope of today
        async with app.state.sessions() as session:
            assert now.unit_scope == await load_unit_scope(session, user.unit_code) and "DINKES" in now.unit_scope
    held = (now.username, now.display_name, now.nip, now.unit_code, now.roles)
    assert held == (user.username, user.display_name, user.nip, user.unit_code, frozenset(roles))
    if case.startswith("roles changed"):
        assert plain.json()["errors"][0]["message"].startswith("Only staff roles"), plain.text
