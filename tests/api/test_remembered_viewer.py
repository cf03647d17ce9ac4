"""The remembered viewer's one-statement read (``api.fast_reads`` with ``api.remembered.REMEMBERED``):
the same answers as the full lookup, and on PostgreSQL one statement per known compiled read.

The session rule lives in Python (``api.sessions.settle_times``: idle, absolute, touch) and its
account half also in SQL (``api.remembered.session_check``); tests/api/test_compiled_fast.py runs the
hostile cases (logout elsewhere, expiry, disabled, changed accounts) against a remembered viewer,
and this module runs every account of the differential corpus through both paths.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import aggregate_order_by

from api.remembered import REMEMBERED, in_order, joined_in_order
from api.sessions import hash_token
from domain.db import write_transaction
from domain.models import AuthSession, Unit
from testkit.province import World

from .conftest import backdate_session, sign_in
from .test_compiled_differential import ACCOUNTS, CORPUS
from .test_compiled_fast import EMPLOYEES, Paths, learned, remembered, served_fast, world_small  # noqa: F401


class Statements:
    """Counts the statements the engine's ``before_cursor_execute`` listeners hear (``fetch_rows`` too)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine.sync_engine
        self.count = 0

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._heard)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._heard)

    def _heard(self, *args: Any) -> None:
        self.count += 1


async def test_the_remembered_path_answers_as_the_full_lookup_in_one_statement_on_postgresql(
    app,
    as_user,
    world_small: World,  # noqa: F811 - the fixture imported above
) -> None:  # type: ignore[no-untyped-def]
    paths = Paths(app)
    postgres = app.state.engine.dialect.name == "postgresql"
    one_statement = scoped = 0
    for username in ACCOUNTS:
        api = await as_user(username)
        for query in CORPUS:
            if (await paths.view_only(lambda: api.raw(query))).json().get("errors"):  # noqa: B023 - learned
                continue
            REMEMBERED.forget(hash_token(api.token))
            full, served = await paths.fast_on(lambda: api.raw(query))  # noqa: B023 - the full lookup
            assert served, (username, full.text)
            viewer = remembered(api)
            with Statements(app.state.engine) as statements:
                again, served = await paths.fast_on(lambda: api.raw(query))  # noqa: B023
            assert served and again.text == full.text, (username, query[:60])
            assert viewer is not None, username  # unit-scoped operators too: their scope is checked
            if postgres:
                assert statements.count == 1, (username, query[:60], statements.count)
                one_statement += 1
                scoped += viewer.unit_scope is not None
    assert not postgres or (one_statement > 30 and scoped >= 2 * len(CORPUS) - 4)


async def test_the_remembered_path_refreshes_last_seen_as_the_full_lookup_does(app, client, province: World) -> None:  # type: ignore[no-untyped-def]
    """``last_seen_at`` a minute old is refreshed by the remembered read too (the one rule of
    ``api.sessions.settle_times``): on PostgreSQL the read and then that one write."""
    paths = Paths(app)
    api = await sign_in(client, "auditor")
    client.cookies.clear()
    await learned(api, EMPLOYEES)
    await served_fast(paths, api, EMPLOYEES)
    assert remembered(api) is not None
    await backdate_session(app.state.sessions, api.token, last_seen_at=timedelta(minutes=5))
    with Statements(app.state.engine) as statements:
        await served_fast(paths, api, EMPLOYEES)
    async with app.state.sessions() as session:
        row = await session.get(AuthSession, hash_token(api.token))
    seen = row.last_seen_at if row.last_seen_at.tzinfo else row.last_seen_at.replace(tzinfo=UTC)
    assert datetime.now(UTC) - seen < timedelta(minutes=1)
    assert remembered(api) is not None
    if app.state.engine.dialect.name == "postgresql":
        assert statements.count == 2, statements.count  # the check with the page, then the touch


async def test_a_unit_scoped_viewer_reads_the_tree_as_it_stands_at_each_read(app, as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    """A unit-scoped operator is remembered with the scope the full lookup read; every one-statement
    read checks it against the unit tree as it stands then. A unit moved out from under the
    operator's unit (or a new one added) makes the check fail: the full lookup answers with the new
    scope, never the remembered one."""
    paths = Paths(app)
    operator = await as_user("op-dinkes")
    await learned(operator, EMPLOYEES)
    await served_fast(paths, operator, EMPLOYEES)
    viewer = remembered(operator)
    assert viewer is not None and viewer.unit_scope is not None and "DINKES-YANKES" in viewer.unit_scope

    def units(response: Any) -> set[str]:
        return {e["node"]["unit"]["code"] for e in response.json()["data"]["employees"]["edges"]}

    assert "DINKES-YANKES" in units(await served_fast(paths, operator, EMPLOYEES))  # JUNIOR works there
    async with write_transaction(app.state.sessions) as session:  # the sub-unit moves to BKD
        await session.exec(sa.update(Unit).where(Unit.code == "DINKES-YANKES").values(parent_code="BKD"))
    with Statements(app.state.engine) as statements:
        moved = await served_fast(paths, operator, EMPLOYEES)
    assert "DINKES-YANKES" not in units(moved)  # not the remembered scope's answer
    assert moved.text == (await paths.view_only(lambda: operator.raw(EMPLOYEES))).text
    assert "DINKES-YANKES" not in (remembered(operator).unit_scope or ())  # remembered again, as it is now
    if app.state.engine.dialect.name == "postgresql":
        assert statements.count > 1  # the check said no: the full lookup, its scope, then the page

    async with write_transaction(app.state.sessions) as session:  # and back under DINKES
        await session.exec(sa.update(Unit).where(Unit.code == "DINKES-YANKES").values(parent_code="DINKES"))
    assert "DINKES-YANKES" in units(await served_fast(paths, operator, EMPLOYEES))


@pytest.mark.postgres_only
async def test_the_checked_sets_are_ordered_as_python_orders_them_under_any_collation(engine) -> None:  # type: ignore[no-untyped-def]
    """The role set and the unit scope are compared as one text each: SQL must order them as Python's
    ``sorted`` does, also in a database whose collation orders otherwise (else every check of such a
    viewer fails and each of its reads pays the full lookup on top)."""
    codes = ["BIRO-2", "BIRO-B", "DINKES", "DINKES-YANKES", "DINKES1", "panel", "panel_chair"]
    values = ", ".join(f"('{code}')" for code in reversed(codes))
    column = sa.literal_column("code COLLATE letters_first")  # ICU's root locale, digits after letters
    table = sa.text(f"(VALUES {values}) AS v(code)")
    async with engine.begin() as connection:
        await connection.exec_driver_sql(
            "CREATE COLLATION IF NOT EXISTS letters_first (provider = icu, locale = 'und-u-kr-latn-digit')"
        )
        plain = sa.func.string_agg(column, aggregate_order_by(sa.literal_column("','"), column))
        local = (await connection.execute(sa.select(plain).select_from(table))).scalar_one()
        joined = (await connection.execute(sa.select(joined_in_order(column)).select_from(table))).scalar_one()
    assert local != in_order(codes)  # that collation does order otherwise
    assert joined == in_order(codes)
