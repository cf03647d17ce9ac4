"""Per-request overhead (issue 12): what every request pays before its own fields, kept small
without changing who may do what.

- A query text seen before is neither parsed nor validated again, and a refused one is refused
  again with the same errors.
- The session, its account and the roles come in one SQL statement (a second only for an
  operator's unit scope); a read writes nothing until ``last_seen_at`` is a minute old.
- Logout, expiry and a disabled account still end the session at once (no cache to outlive them).
- argon2 runs in a worker thread, not on the event loop.
- The ``availableActions`` loader answers for a page what ``available_actions`` answers per row.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import httpx
import sqlalchemy as sa
from sqlmodel import select
from starlette.applications import Starlette
from strawberry.extensions import ParserCache, ValidationCache

import api.sessions
from api.schema.build import DOCUMENTS_CACHED
from api.schema.loaders import Loaders
from domain.db import write_transaction
from domain.errors import DomainError
from domain.models import AuthSession, User
from testkit.province import World
from workflow import service
from workflow.queries import available_actions

from .conftest import Api, sign_in

ME = "{ me { username roles } }"


class Statements:
    """The SQL statements an engine runs inside a ``with`` block."""

    def __init__(self, app: Starlette) -> None:
        self.engine = app.state.engine.sync_engine
        self.seen: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.strip().upper() not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"):
            self.seen.append(statement)  # SQLite's explicit BEGIN (domain.db) is no statement of ours

    def __enter__(self) -> Statements:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def writes(self) -> list[str]:
        return [s for s in self.seen if s.lstrip().split()[0].upper() in ("UPDATE", "DELETE", "INSERT")]


async def test_a_query_text_is_parsed_and_validated_once(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    parse = ParserCache(maxsize=DOCUMENTS_CACHED).cached_parse_document
    validate = ValidationCache(maxsize=DOCUMENTS_CACHED).cached_validate_document
    query = "{ me { username } __typename }  # test_overhead"
    await api.data(query)
    parsed, validated = parse.cache_info(), validate.cache_info()
    await api.data(query)
    assert parse.cache_info().hits == parsed.hits + 1
    assert validate.cache_info().hits == validated.hits + 1


async def test_a_refused_document_is_refused_again_the_same_way(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    nested = "code"
    for _ in range(12):
        nested = f"parent {{ {nested} }}"
    deep = "{ employees { edges { node { unit { " + nested + " } } } } }"
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(20)) + " }"
    for query in (deep, aliases, "{ me { nosuchfield } }"):
        first = await api(query)
        second = await api(query)
        assert first["errors"] and first == second, query


async def test_a_read_is_one_statement_and_writes_nothing(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    await api.data(ME)
    with Statements(app) as sql:
        assert (await api.data(ME))["me"]["username"] == "auditor"
    assert len(sql.seen) == 1, sql.seen
    assert sql.writes == []


async def test_an_operators_unit_scope_is_the_one_more_statement(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-dinkes")
    with Statements(app) as sql:
        assert (await api.data(ME))["me"]["username"] == "op-dinkes"
    assert len(sql.seen) == 2, sql.seen


async def test_last_seen_is_refreshed_once_a_minute_at_most(app, as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    async with write_transaction(app.state.sessions) as session:
        row = (await session.exec(select(AuthSession))).one()
        row.last_seen_at = api_now() - timedelta(minutes=2)
    with Statements(app) as sql:
        await api.data(ME)
        await api.data(ME)
        await api.data(ME)
    assert len(sql.writes) == 1 and sql.writes[0].lstrip().upper().startswith("UPDATE"), sql.writes
    async with app.state.sessions() as session:
        row = (await session.exec(select(AuthSession))).one()
    assert api_now() - row.last_seen_at < timedelta(minutes=1)


def api_now():  # type: ignore[no-untyped-def]
    return api.sessions.now_utc()


async def test_logout_expiry_and_a_disabled_account_end_the_session_at_once(  # type: ignore[no-untyped-def]
    app, client: httpx.AsyncClient, province: World
) -> None:
    first = await sign_in(client, "auditor")
    assert (await first.data(ME))["me"] is not None
    assert (await first.data("mutation { logout }"))["logout"] is True
    assert (await first.data(ME))["me"] is None

    second = await sign_in(client, "auditor")
    assert (await second.data(ME))["me"] is not None
    async with write_transaction(app.state.sessions) as session:
        for row in (await session.exec(select(AuthSession))).all():
            row.last_seen_at = api_now() - timedelta(minutes=31)
    assert (await second.data(ME))["me"] is None

    third = await sign_in(client, "auditor")
    assert (await third.data(ME))["me"] is not None
    async with write_transaction(app.state.sessions) as session:
        user = (await session.exec(select(User).where(User.username == "auditor"))).one()
        user.active = False
    assert (await third.data(ME))["me"] is None
    client.cookies.clear()
    assert (await Api(client, third.token).data(ME))["me"] is None


async def test_argon2_runs_off_the_event_loop(client: httpx.AsyncClient, province: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    verify = api.sessions.verify_password

    def recording(hashed: str, password: str) -> bool:
        threads.append(threading.current_thread())
        return verify(hashed, password)

    monkeypatch.setattr(api.sessions, "verify_password", recording)
    await sign_in(client, "auditor")
    assert threads and all(t is not threading.main_thread() for t in threads)


async def test_available_actions_loader_answers_what_each_row_would(app, province: World) -> None:  # type: ignore[no-untyped-def]
    operator = province["op-all"]
    ids = []
    for post in ("KADINKES", "KABIRO-HUKUM", "KABIRO-ORG"):
        nomination = await service.create_nomination(app.state.sessions, operator, post, "PROMOTION")
        ids.append(nomination.id)
    ids.append(999_999)
    for username in ("op-all", "op-dinkes", "op-bkd", "chair", "auditor", "gubernur", "employee"):
        actor = province[username]
        loader = Loaders(app.state.sessions).available_actions(actor)
        batch = await asyncio.gather(*(loader.load(nid) for nid in ids), return_exceptions=True)
        for nid, listed in zip(ids, batch, strict=True):
            try:
                expected: object = await available_actions(app.state.sessions, actor, nid)
            except DomainError as error:
                expected = error
            if isinstance(expected, DomainError):
                assert (type(listed), str(listed)) == (type(expected), str(expected)), (username, nid)
            else:
                assert listed == expected, (username, nid)
