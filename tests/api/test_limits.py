"""Hardening: each limit refuses the request and changes nothing."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlmodel import func, select

from api.app import create_app
from api.settings import Settings
from domain.models import AuthSession, LoginAttempt
from testkit.province import PASSWORD
from tests.api.conftest import Api


async def _counts(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with app.state.sessions() as s:
        sessions = (await s.exec(select(func.count()).select_from(AuthSession))).one()
        attempts = (await s.exec(select(func.count()).select_from(LoginAttempt))).one()
    return sessions, attempts


LOGIN_MUTATION = f'mutation {{ login(username: "auditor", password: "{PASSWORD}") {{ __typename }} }}'


async def test_depth_11_refused(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    # Depth as the limiter counts it (the root field is depth 0, like graphql-depth-limit):
    # employees0 edges1 node2 position3 incumbent4 position5 incumbent6 position7 incumbent8 unit9 name10.
    ten = (
        "{ employees { edges { node { position { incumbent { position { incumbent { position { incumbent "
        "{ unit { name } } } } } } } } } } }"
    )
    assert "errors" not in await api(ten)
    eleven = ten.replace("unit { name }", "position { unit { name } }")
    body = await api(eleven)
    assert body.get("data") is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_sixteen_aliases_through_fragment_spreads_refused(app, client, province) -> None:  # type: ignore[no-untyped-def]
    before = await _counts(app)
    fragment = (
        "fragment F on Mutation { "
        + " ".join(f'a{i}: login(username: "auditor", password: "{PASSWORD}") {{ __typename }}' for i in range(8))
        + " }"
    )
    query = (
        "mutation { ...F ...G } " + fragment + " " + fragment.replace("fragment F", "fragment G").replace(" a", " b")
    )
    body = await Api(client)(query)
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"].lower()
    assert await _counts(app) == before


async def test_token_limit(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    query = "{ me { " + " ".join(["username"] * 6000) + " } }"
    body = await api(query)
    assert body.get("data") is None and "token" in body["errors"][0]["message"].lower()


async def test_one_megabyte_body_gets_413(app, client, province) -> None:  # type: ignore[no-untyped-def]
    before = await _counts(app)
    padding = "#" + "x" * (1024 * 1024) + "\n"
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": padding + LOGIN_MUTATION}),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert await _counts(app) == before


async def test_chunked_body_over_limit_gets_413(app, client, province) -> None:  # type: ignore[no-untyped-def]
    before = await _counts(app)

    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"query": "#'
        for _ in range(20):
            yield b"x" * 65536
        yield b"\\n" + LOGIN_MUTATION.replace('"', '\\"').encode() + b'"}'

    response = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert await _counts(app) == before


async def test_get_mutation_refused(app, client, province) -> None:  # type: ignore[no-untyped-def]
    before = await _counts(app)
    response = await client.get("/graphql", params={"query": LOGIN_MUTATION})
    assert response.status_code in (400, 405)
    assert await _counts(app) == before


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]
)
async def test_non_json_post_refused(app, client, province, content_type: str) -> None:  # type: ignore[no-untyped-def]
    before = await _counts(app)
    if content_type.startswith("application/x-www"):
        content = f"query={LOGIN_MUTATION}"
    else:
        content = json.dumps({"query": LOGIN_MUTATION})
    response = await client.post("/graphql", content=content, headers={"content-type": content_type})
    assert response.status_code in (400, 415)
    assert await _counts(app) == before


async def test_introspection_off_in_production(app, client) -> None:  # type: ignore[no-untyped-def]
    body = await Api(client)("{ __schema { types { name } } }")
    assert body.get("data") is None and "introspection" in body["errors"][0]["message"].lower()
    graphiql = await client.get("/graphql", headers={"accept": "text/html"})
    assert graphiql.status_code != 200 or "graphiql" not in graphiql.text.lower()


async def test_introspection_and_graphiql_in_dev(database_url, engine) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=database_url, migrate_on_start=False, dev=True))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        body = await Api(client)("{ __schema { queryType { name } } }")
        assert body["data"]["__schema"]["queryType"]["name"] == "Query"
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
    await app.state.engine.dispose()


async def test_unexpected_errors_are_masked(app, as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from api.schema import queries

    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "today", boom)
    api = await as_user("auditor")
    body = await api('{ eligibility(nip: "197501012000031001", positionCode: "KADINKES") { eligible } }')
    assert body["errors"][0]["message"] == "Unexpected error; it has been logged."
    assert "secret" not in json.dumps(body)


async def test_page_size_limit(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    body = await api("{ employees(first: 101) { totalCount } }")
    assert "1 to 100" in body["errors"][0]["message"]


async def test_health(client) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/health")).json() == {"status": "ok"}
