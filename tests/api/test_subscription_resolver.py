"""The subscription resolver in-process: the app's event bus fans a committed event out to the
subscriber, redacted for a subject who sees only the status of their own nomination."""

from __future__ import annotations

import asyncio
import contextlib

from sqlmodel import select
from starlette.requests import Request

from api.schema.build import build_schema
from api.schema.context import Context
from api.viewer import load_viewer
from domain.accounts import user_roles
from domain.models import User
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE
from tests.api import flow

EVENTS = "subscription($id: Int) { nominationEvents(nominationId: $id) { action actor reason outcome } }"


async def _context(app, username: str) -> Context:  # type: ignore[no-untyped-def]
    async with app.state.sessions() as s:
        user = (await s.exec(select(User).where(User.username == username))).one()
        viewer = await load_viewer(s, user, await user_roles(s, user.id))
    request = Request({"type": "http", "headers": [], "client": ("192.0.2.1", 1)})
    return Context(request, None, app.state.settings, app.state.sessions, app.state.event_bus, viewer=viewer)


async def _first_event(app, username: str, nid: int, act) -> dict:  # type: ignore[no-untyped-def]
    stream = await build_schema(False).subscribe(
        EVENTS, variable_values={"id": nid}, context_value=await _context(app, username)
    )
    pending = asyncio.ensure_future(stream.__anext__())  # type: ignore[union-attr]
    bus = app.state.event_bus
    for _ in range(100):
        if bus.subscriber_count:
            break
        await asyncio.sleep(0.05)
    await act()
    result = await asyncio.wait_for(pending, 20)
    await stream.aclose()  # type: ignore[union-attr]
    assert not result.errors, result.errors
    return result.data["nominationEvents"]


async def test_operator_gets_the_full_event_and_the_subject_a_redacted_one(app, as_user) -> None:  # type: ignore[no-untyped-def]
    op = await as_user("op-dinkes")
    nid = (await op.data(flow.CREATE, {"p": "KADINKES"}))["createNomination"]["id"]
    await op.data(flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE]})

    async def shortlist_again() -> None:
        await op.data(flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE, OTHER_CANDIDATE]})

    full = await _first_event(app, "auditor", nid, shortlist_again)
    assert full == {"action": "set_shortlist", "actor": "op-dinkes", "reason": None, "outcome": "ok"}

    async def start() -> None:
        await op.data(flow.START, {"id": nid})

    redacted = await _first_event(app, "candidate", nid, start)
    assert redacted["action"] == "start_assessment" and redacted["actor"] is None


async def test_a_subscriber_who_loses_access_receives_nothing_more(app, as_user) -> None:  # type: ignore[no-untyped-def]
    """Issue 9 item 11: visibility is checked per event, so a candidate taken off the shortlist
    stops receiving the nomination's events at once (the socket stays open; nothing arrives)."""
    op = await as_user("op-dinkes")
    nid = (await op.data(flow.CREATE, {"p": "KADINKES"}))["createNomination"]["id"]
    await op.data(flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE]})
    stream = await build_schema(False).subscribe(
        EVENTS, variable_values={"id": nid}, context_value=await _context(app, "candidate")
    )
    pending = asyncio.ensure_future(stream.__anext__())  # type: ignore[union-attr]
    for _ in range(100):
        if app.state.event_bus.subscriber_count:
            break
        await asyncio.sleep(0.05)
    try:
        await op.data(flow.SHORTLIST, {"id": nid, "nips": [OTHER_CANDIDATE]})  # taken off the shortlist
        await op.data(flow.START, {"id": nid})
        done, _ = await asyncio.wait({pending}, timeout=2)
        assert not done, pending.result()
    finally:
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
            await pending
        await stream.aclose()  # type: ignore[union-attr]
