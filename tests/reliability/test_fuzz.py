"""GraphQL fuzz (hypothesis-graphql) against the app in-process, signed in as several accounts
and anonymously, on a province with nominations at several stages; plus malformed raw bodies.

For input a client could send: no 5xx and no masked error ("Unexpected error"); a valid document
(positive mode) is answered 200; an invalid one (negative mode) gets a GraphQL error, not a
crash; and a mutation that was refused (every field answered a typed error or null) changed
nothing: the nominations (state, version, step), the ceremonies and the "ok" audit events are as
before. ``__typename`` is added to every mutation field so that a refusal is recognisable
whatever the generated selection.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import AuditEvent, Ceremony, Nomination
from testkit.drive import drive_to
from testkit.province import World
from tests.conftest import on_postgres
from tests.reliability.traffic import TYPED, write_figures

SDL = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text(encoding="utf-8")
SCHEMA = graphql.build_schema(SDL)
# Documents per root field (one strategy per field: hypothesis-graphql draws from a whole schema
# ten times slower than from one field's part of it).
PER_QUERY = int(os.environ.get("MERITFLOW_FUZZ_PER_QUERY", "30"))
PER_MUTATION = int(os.environ.get("MERITFLOW_FUZZ_PER_MUTATION", "30"))
NEGATIVE = int(os.environ.get("MERITFLOW_FUZZ_NEGATIVE", "100"))
# login hashes with argon2 on purpose (and counts failures per account): covered by the auth tests.
MUTATION_FIELDS = [name for name in SCHEMA.mutation_type.fields if name != "login"]  # type: ignore[union-attr]
QUERY_FIELDS = list(SCHEMA.query_type.fields)  # type: ignore[union-attr]
USERS = ["op-all", "chair", "sekda", "gubernur", "auditor", "admin", "employee", None]
SCALARS = {
    "Date": st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), st.text(max_size=12).map(nodes.String)),
    "DateTime": st.one_of(
        st.datetimes().map(lambda d: nodes.String(d.isoformat() + "Z")), st.text(max_size=12).map(nodes.String)
    ),
}


def with_typename(document: graphql.DocumentNode) -> str:
    """The printed document with ``__typename`` selected on every top-level field that has a
    selection (``print_ast`` indents those fields by two spaces and ends their line with "{")."""
    lines = []
    for line in graphql.print_ast(document).splitlines():
        lines.append(line)
        if line.startswith("  ") and not line.startswith("   ") and line.endswith("{"):
            lines.append("    __typename")
    return "\n".join(lines)


def generate(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` examples of ``strategy`` (generation only: the requests are sent afterwards, on
    the test's event loop)."""
    found: list[Any] = []

    @settings(
        max_examples=count, database=None, deadline=None, phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


async def snapshot(sessions: async_sessionmaker[AsyncSession]) -> tuple[Any, ...]:
    async with sessions() as session:
        rows = (await session.exec(select(Nomination).order_by(col(Nomination.id)))).all()
        ceremonies = (await session.exec(select(func.count()).select_from(Ceremony))).one()
        ok_events = (await session.exec(select(func.count()).where(AuditEvent.outcome == "ok"))).one()
    return tuple((n.id, n.state, n.version, n.step_index) for n in rows), ceremonies, ok_events


@pytest.fixture
async def fuzz_world(province: World) -> World:
    """The small province with nominations at several stages (low ids, which fuzzed ints hit)."""
    for stop, post in [("mapping", "KABIRO-HUKUM"), ("assessment", "KASI-YANKES"), ("approval", "SEKBKD")]:
        await drive_to(province, stop, post)
    return province


# Bugs the fuzz found in files this suite does not own: while present the case is an xfail naming
# the bug (and only a failure matching it); once fixed it passes. Both NUL bugs below are fixed
# (api/request_body refuses a NUL with a 400; a long search is InvalidInput): the checks stay as guards.
NUL_BUG = (
    "api/schema/queries.py: a NUL character in a string argument of a query (employees(search), "
    "employees(unitCode), units(parentCode), position(code)) reaches PostgreSQL, which refuses it, and the "
    "answer is a masked 'Unexpected error' instead of InvalidInput (issue 13 item 3)"
)


def known_bug(document: str, is_mutation: bool, text: str) -> bool:
    """The NUL bug above: PostgreSQL, a query (not a mutation) carrying a NUL, answered masked."""
    return on_postgres() and not is_mutation and "\\u0000" in document and masked(text)


def masked(text: str) -> bool:
    return "Unexpected error" in text


async def post(client: httpx.AsyncClient, token: str | None, document: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post("/graphql", json={"query": document}, headers=headers)


def refused(body: dict[str, Any]) -> bool:
    """Every top-level field answered a typed error or nothing."""
    data = body.get("data") or {}
    return all(
        value is None or (isinstance(value, dict) and value.get("__typename") in TYPED) for value in data.values()
    )


async def bearer(as_user: Any) -> list[str | None]:
    return [(await as_user(u)).token if u else None for u in USERS]


@pytest.mark.slow
async def test_fuzzed_queries_and_mutations(client: httpx.AsyncClient, as_user: Any, fuzz_world: World) -> None:
    tokens = await bearer(as_user)
    queries = [
        document
        for name in QUERY_FIELDS
        for document in generate(from_schema(SDL, fields=[name], custom_scalars=SCALARS), PER_QUERY)
    ]
    mutations = [
        document
        for name in MUTATION_FIELDS
        for document in generate(
            from_schema(SDL, fields=[name], custom_scalars=SCALARS, print_ast=with_typename), PER_MUTATION
        )
    ]
    problems: list[str] = []
    known: list[str] = []
    seen: Counter[str] = Counter()
    for i, document in enumerate(queries + mutations):
        is_mutation = document.lstrip().startswith("mutation")
        before = await snapshot(fuzz_world.sessions) if is_mutation else None
        response = await post(client, tokens[i % len(tokens)], document)
        seen["requests"] += 1
        where = f"as {USERS[i % len(USERS)]}: {document[:400]!r} → {response.status_code} {response.text[:400]}"
        if known_bug(document, is_mutation, response.text):
            known.append(where)
            continue
        if response.status_code >= 500 or masked(response.text):
            problems.append(where)
            continue
        if response.status_code == 400 and "\\u0000" in document and "NUL" in response.text:
            seen["NUL refused at the edge"] += 1  # api/request_body: no field accepts NUL; typed 400
            continue
        if response.status_code != 200:  # a valid document is served
            problems.append(f"not 200 for a valid document {where}")
            continue
        body = response.json()
        seen["with errors" if body.get("errors") else "answered"] += 1
        if is_mutation and refused(body):
            seen["refused mutations"] += 1
            after = await snapshot(fuzz_world.sessions)
            if after != before:
                problems.append(f"a refused mutation changed the data ({before} → {after}) {where}")
    print("fuzz:", dict(seen))
    write_figures(f"fuzz-{'postgresql' if on_postgres() else 'sqlite'}", dict(seen))
    assert seen["requests"] >= 1000 or PER_QUERY + PER_MUTATION < 60
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:20])
    if known:
        pytest.xfail(f"{NUL_BUG}; {len(known)} documents, e.g. {known[0]}")


@pytest.mark.slow
async def test_fuzzed_invalid_documents(client: httpx.AsyncClient, as_user: Any, fuzz_world: World) -> None:
    tokens = await bearer(as_user)
    documents = generate(from_schema(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE), NEGATIVE)
    problems = []
    for i, document in enumerate(documents):
        text = document if isinstance(document, str) else document.decode("utf-8", "replace")
        response = await post(client, tokens[i % len(tokens)], text)
        if response.status_code >= 500 or masked(response.text):
            problems.append(f"{text[:300]!r} → {response.status_code} {response.text[:300]}")
    assert problems == [], "\n".join(problems[:20])


NESTED_QUERY = "{ me " + "{ __typename " * 300 + "}" * 300 + " }"
RAW: dict[str, tuple[bytes, str, str]] = {  # name: (body, content type, method)
    "empty body": (b"", "application/json", "POST"),
    "not json": (b"query { me { username } }", "application/json", "POST"),
    "graphql content type": (b"{ __typename }", "application/graphql", "POST"),
    "form body": (b"query=%7B__typename%7D", "application/x-www-form-urlencoded", "POST"),
    "text/plain": (b'{"query": "{ __typename }"}', "text/plain", "POST"),
    "multipart": (b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x", "POST"),
    "batch array": (b'[{"query": "{ __typename }"}, {"query": "{ me { username } }"}]', "application/json", "POST"),
    "query is a number": (b'{"query": 5}', "application/json", "POST"),
    "query is null": (b'{"query": null}', "application/json", "POST"),
    "query is an object": (b'{"query": {"a": 1}}', "application/json", "POST"),
    "no query": (b'{"variables": {}}', "application/json", "POST"),
    "unterminated string": (b'{"query": "{ employees(search: \\"abc) { totalCount } }"}', "application/json", "POST"),
    "NUL in query": (b'{"query": "{ employees(search: \\"a\\u0000b\\") { totalCount } }"}', "application/json", "POST"),
    "NUL in variable": (
        b'{"query": "query($s: String) { employees(search: $s) { totalCount } }", "variables": {"s": "a\\u0000"}}',
        "application/json", "POST",
    ),
    "variables null": (b'{"query": "{ __typename }", "variables": null}', "application/json", "POST"),
    "variable of the wrong type": (
        b'{"query": "query($id: Int!) { nomination(id: $id) { id } }", "variables": {"id": "abc"}}',
        "application/json", "POST",
    ),
    "int beyond 32 bits": (
        b'{"query": "query($id: Int!) { nomination(id: $id) { id } }", "variables": {"id": 99999999999999}}',
        "application/json", "POST",
    ),
    "unknown operationName": (b'{"query": "query A { __typename }", "operationName": "B"}', "application/json", "POST"),
    "two operations, no name": (b'{"query": "query A { __typename } query B { __typename }"}', "application/json",
                                "POST"),
    "operationName a number": (b'{"query": "{ __typename }", "operationName": 3}', "application/json", "POST"),
    "extensions garbage": (b'{"query": "{ __typename }", "extensions": "x"}', "application/json", "POST"),
    "persisted query hash": (
        b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', "application/json", "POST"
    ),
    "deep selection": (json.dumps({"query": NESTED_QUERY}).encode(), "application/json", "POST"),
    "many aliases": (
        json.dumps({"query": "{" + " ".join(f"a{i}: me {{ username }}" for i in range(2000)) + "}"}).encode(),
        "application/json", "POST",
    ),
    "200 000-character search": (
        json.dumps({"query": "query($s: String) { employees(search: $s) { totalCount } }",
                    "variables": {"s": "%_" * 100_000}}).encode(),
        "application/json", "POST",
    ),
    "GET mutation": (b"", "application/json", "GET"),
    "subscription over POST": (b'{"query": "subscription { __typename }"}', "application/json", "POST"),
    "introspection": (b'{"query": "{ __schema { types { name } } }"}', "application/json", "POST"),
}  # fmt: skip


KNOWN_BUGS = {
    "200 000-character search": "api/schema/queries.py employees(search): no length limit; on SQLite a long "
    "pattern fails with 'LIKE or GLOB pattern too complex' and is answered masked (issue 13 item 4)",
    "NUL in query": NUL_BUG,
    "NUL in variable": NUL_BUG,
}


@pytest.mark.slow
async def test_malformed_raw_bodies(client: httpx.AsyncClient, as_user: Any, province: World) -> None:
    """Every case of ``RAW`` (one test: the province is built once): no 5xx, no masked error."""
    token = (await as_user("op-all")).token
    problems, known = [], []
    for name, (body, content_type, method) in RAW.items():
        headers = {"content-type": content_type, "Authorization": f"Bearer {token}"}
        if method == "GET":
            mutation = 'mutation { withdraw(nominationId: 1, reason: "x") { __typename } }'
            response = await client.get("/graphql", params={"query": mutation}, headers=headers)
        else:
            response = await client.post("/graphql", content=body, headers=headers)
        if response.status_code < 500 and not masked(response.text):
            continue
        where = f"{name}: {response.status_code} {response.text[:300]}"
        (known if name in KNOWN_BUGS else problems).append(where)
    assert problems == [], "\n".join(problems)
    if known:
        pytest.xfail("; ".join(KNOWN_BUGS[k.split(":")[0]] for k in known) + f" — seen: {known}")


@pytest.mark.slow
async def test_random_bytes_as_bodies(client: httpx.AsyncClient, as_user: Any, province: World) -> None:
    token = (await as_user("op-all")).token
    bodies = generate(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)), 150)
    problems = []
    for body in bodies:
        for content_type in ("application/json", "application/graphql+json"):
            response = await client.post(
                "/graphql", content=body, headers={"content-type": content_type, "Authorization": f"Bearer {token}"}
            )
            if response.status_code >= 500 or masked(response.text):
                problems.append(f"{body[:100]!r} ({content_type}) → {response.status_code} {response.text[:200]}")
    assert problems == [], "\n".join(problems[:20])
