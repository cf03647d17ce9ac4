"""Twenty officials approve the same step at the same moment: exactly one wins."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from domain.errors import Conflict
from domain.models import Approval, AuditEvent, Nomination
from testkit.drive import drive_to
from testkit.province import World
from workflow import service
from workflow.audit import verify_chain


async def test_twenty_concurrent_approvals_of_one_step(world: World) -> None:
    nid = await drive_to(world, "approval", "T-administrator")
    chairs = [await world.add_user(f"chair{i:02d}", ["panel_chair"]) for i in range(20)]
    async with world.sessions() as session:
        version = (await session.get(Nomination, nid)).version  # type: ignore[union-attr]

    async def attempt(actor):  # type: ignore[no-untyped-def]
        try:
            return await service.approve(world.sessions, actor, nid, "setuju", expected_version=version)
        except Conflict as error:
            return error

    results = await asyncio.gather(*(attempt(a) for a in chairs))
    wins = [r for r in results if isinstance(r, Nomination)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1 and len(conflicts) == 19
    assert all(c.current_state == "approval" and c.current_version == version + 1 for c in conflicts)

    async with world.sessions() as session:
        approvals = (await session.exec(select(Approval).where(Approval.nomination_id == nid))).all()
        assert len(approvals) == 1
        events = (
            await session.exec(
                select(AuditEvent).where(AuditEvent.nomination_id == nid, AuditEvent.action == "approve")
            )
        ).all()
    # One event for the success; each refused attempt is logged separately as "refused".
    assert [e.outcome for e in events].count("ok") == 1
    assert [e.outcome for e in events].count("refused") == 19
    assert all(e.error_code == "CONFLICT" for e in events if e.outcome == "refused")
    report = await verify_chain(world.sessions)
    assert report.ok, report


async def test_idempotency_key_returns_first_result(world: World) -> None:
    first = await service.create_nomination(
        world.sessions, world["operator"], "T-pengawas", "PROMOTION", idempotency_key="req-1"
    )
    again = await service.create_nomination(
        world.sessions, world["operator"], "T-pengawas", "PROMOTION", idempotency_key="req-1"
    )
    assert again.id == first.id
    nip = await world.employee()
    a = await service.set_shortlist(world.sessions, world["operator"], first.id, [nip], idempotency_key="req-2")
    b = await service.set_shortlist(world.sessions, world["operator"], first.id, [nip], idempotency_key="req-2")
    assert a.version == b.version == 2
    async with world.sessions() as session:
        events = (await session.exec(select(AuditEvent).where(AuditEvent.nomination_id == first.id))).all()
    assert [e.action for e in events] == ["create", "set_shortlist"]


async def test_one_person_cannot_take_two_steps_by_racing(world: World) -> None:
    """Without expected_version, two simultaneous approvals by one person holding two step roles:
    the row lock makes the second see the first, so separation of duties refuses it (no write skew)."""
    both = await world.add_user("chair_and_sekda", ["panel_chair", "secretary"])
    nid = await drive_to(world, "approval", "T-pengawas")

    async def attempt():  # type: ignore[no-untyped-def]
        try:
            return await service.approve(world.sessions, both, nid)
        except Exception as error:  # noqa: BLE001 - collected and checked below
            return error

    results = await asyncio.gather(attempt(), attempt(), attempt())
    wins = [r for r in results if isinstance(r, Nomination)]
    assert len(wins) == 1
    assert all(getattr(r, "code", None) == "SEPARATION_OF_DUTIES" for r in results if r not in wins)
    async with world.sessions() as session:
        approvals = (await session.exec(select(Approval).where(Approval.nomination_id == nid))).all()
    assert [a.step_name for a in approvals] == ["panel_chair"]
