"""The compiled inbox (``nominations(assignedToMe: true)``) filters with ``workflow.inbox_rule``'s SQL
form — no list of ids from the Python rule — and still answers what the resolver (the Python form)
answers: page by page through its cursors, for every account; as SQL text compiled once, with no
value bound per request, for a viewer without a delegation; and, for a viewer acting under a
Plt/Plh delegation, with ``inbox_params`` bound per request, only on the delegation's days.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from starlette.applications import Starlette

from api.compiled.connection import ROOTS, compile_page, render_connection
from api.compiled.selection import plan_document
from domain import access
from domain.access import principal_for_user
from domain.db import write_transaction
from domain.models import Delegation, Nomination
from testkit.drive import drive_to
from testkit.province import HEAD_CANDIDATE, World
from tests.api.test_compiled_differential import ACCOUNTS, PAGE_INFO, Both, compiled_reads
from workflow import queries
from workflow.inbox_rule import INBOX_PARAMS, inbox_params

INBOX_PAGED = (
    "query($after: String) { nominations(assignedToMe: true, first: 1, after: $after) { totalCount "
    f"edges {{ cursor node {{ id state position {{ code unit {{ code }} }} }} }} {PAGE_INFO} }} }}"
)


@pytest.fixture
async def world(province: World) -> World:
    """Nominations waiting on the chair (a step and an assessment), the Sekda, and operators of two units."""
    await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE, approvals=1)  # the Sekda's step
    await drive_to(province, "approval", "KABIRO-HUKUM")  # the chair's step
    await drive_to(province, "mapping", "KABKD")  # BKD's operator stage
    await drive_to(province, "mapping", "KABID-YANKES")  # an operator stage below DINKES
    await drive_to(province, "assessment", "KASI-YANKES")  # the panel's assessment
    await drive_to(province, "approved", "SEKBKD")  # every step done: the operator's
    # Sees every nomination (auditor) but acts only in BKD (operator): visibility does not narrow this inbox.
    await province.add_user("op-bkd-auditor", ["operator", "auditor"], unit="BKD")
    return province


async def test_the_inbox_pages_are_the_same_on_both_paths(app: Starlette, as_user: Any, world: World) -> None:
    both = Both(app, as_user)
    totals = {}
    for username in [*ACCOUNTS, "op-bkd-auditor"]:
        after, pages = None, 0
        while pages < 10:
            connection = (await both.answers(username, INBOX_PAGED, {"after": after}))["data"]["nominations"]
            totals[username] = connection["totalCount"]
            after, pages = connection["pageInfo"]["endCursor"], pages + 1
            if not connection["pageInfo"]["hasNextPage"]:
                break
    # Not vacuous: operators, officials and the panel each have work waiting; the others none.
    assert totals["op-all"] == 3 and totals["op-bkd"] == totals["op-bkd-auditor"] == 2 and totals["op-dinkes"] == 1
    assert totals["sekda"] == 1 and totals["chair"] == 2 and totals["panel"] == 1
    assert totals["employee"] == totals["auditor"] == totals["admin"] == 0


async def _ids(reads: Any, page: Any, params: dict[str, Any]) -> tuple[list[int], list[int]]:
    """The page's nomination ids run as a statement with ``params``, and as the SQL text compiled
    once (as ``CompiledReads`` runs a cached page), each parameter from ``params`` or compiled in."""
    text = page.statement.compile(dialect=reads.engine.dialect, compile_kwargs={"render_postcompile": True})
    values = tuple(params.get(name, text.params[name]) for name in text.positiontup)
    async with reads.engine.connect() as connection:
        statement = (await connection.execute(page.statement, params)).all()
        compiled = (await connection.exec_driver_sql(text.string, values)).all()
    return _rendered_ids(page, statement), _rendered_ids(page, compiled)


def _rendered_ids(page: Any, rows: list[Any]) -> list[int]:
    """The ids as the answer shows them (a page's rows, or on PostgreSQL its one aggregated row)."""
    return [edge["node"]["id"] for edge in json.loads(render_connection(page, rows, None))["edges"]]


async def _visible(world: World, viewer: access.Principal, mine: list[Nomination]) -> list[int]:
    """The Python inbox as the resolver lists it: visible to the viewer, newest first."""
    async with world.sessions() as session:
        query = select(Nomination.id).where(access.nomination_filter(viewer))
        visible = set((await session.exec(query.where(col(Nomination.id).in_([n.id for n in mine])))).all())
    return sorted(visible, reverse=True)


async def test_compiled_inbox_is_sql_text_and_binds_a_delegation_per_request(app: Starlette, world: World) -> None:
    reads = compiled_reads(app)
    field = plan_document("{ nominations(assignedToMe: true) { edges { node { id } } } }", None)[0]  # type: ignore[index]
    root = ROOTS["nominations"]
    async with world.sessions() as session:
        sekda = await principal_for_user(session, world["sekda"].user_id)
        auditor = await principal_for_user(session, world["auditor"].user_id)
    page = compile_page(root, field, {"assignedToMe": True}, sekda, reads.dialect, True)
    assert not set(INBOX_PARAMS) & set(page.statement.compile().params)  # nothing per request without a delegation
    expected = await _visible(world, sekda, await queries.inbox(world.sessions, sekda))
    assert await _ids(reads, page, {}) == (expected, expected) and expected

    # The auditor (who sees every nomination) acting as the Sekda's Plh from `start` for 3 days.
    start = date(2026, 7, 1)
    async with write_transaction(world.sessions) as session:
        delegation = Delegation(
            acting_user_id=auditor.user_id,
            principal_user_id=sekda.user_id,
            kind="plh",
            start_date=start,
            end_date=start + timedelta(days=3),
            created_at=datetime.now(UTC),
        )
        session.add(delegation)
        await session.flush()
        plh = replace(auditor, delegation_id=delegation.id)
    page = compile_page(root, field, {"assignedToMe": True}, plh, reads.dialect, True)
    for on in (start - timedelta(days=1), start, start + timedelta(days=3), start + timedelta(days=4)):
        python = await _visible(world, plh, await queries.inbox(world.sessions, plh, on))
        assert await _ids(reads, page, inbox_params(plh, on)) == (python, python), on
        assert bool(python) == (start <= on <= start + timedelta(days=3)), on
    assert await _ids(reads, page, {}) == ([], [])  # left unbound: no delegation in force, own roles only
