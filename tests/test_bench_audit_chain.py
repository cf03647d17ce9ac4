"""The bulk chain of ``bench/audit_chain.py`` is a real chain: ``verify_chain`` accepts it (across
more than one of its read batches), the workflow's own ``append`` continues it, and an event the
benchmark tampers with is named. Otherwise the million-event figure would measure nothing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.audit_chain import build_chain, tamper
from domain.db import write_transaction
from workflow.audit import EventDraft, append, verify_chain

EVENTS = 6_000  # more than one batch of iter_events (5 000)


async def test_the_bulk_chain_verifies_continues_and_names_a_tampered_event(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await build_chain(engine, EVENTS, batch=2_500)
    report = await verify_chain(sessions)
    assert report.ok and report.events_checked == EVENTS, report

    async with write_transaction(sessions) as session:
        event = await append(session, EventDraft(action="create", actor_username="operator", to_state="MAPPING"))
    assert event.seq == EVENTS + 1
    assert (await verify_chain(sessions)).ok

    await tamper(engine, 5_500)
    report = await verify_chain(sessions)
    assert not report.ok and report.first_broken_seq == 5_500 and report.events_checked == 5_499, report
