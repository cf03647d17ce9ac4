"""The audit chain: tamper detection (and the CLI), append-only on PostgreSQL, and replay of a
randomised run of over a thousand transitions back to the stored state of every nomination."""

from __future__ import annotations

import asyncio
import random

import pytest
import sqlalchemy as sa
from sqlmodel import select

from api import cli
from domain.db import write_transaction
from domain.errors import DomainError
from domain.models import AuditEvent, Nomination
from domain.reference import Level
from testkit.drive import a_ceremony
from testkit.province import TODAY, World
from tests.conftest import on_postgres
from workflow import service
from workflow.audit import verify_chain
from workflow.replay import matches, replay_all


async def _some_history(world: World) -> int:
    nip = await world.employee()
    n = await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "PROMOTION")
    await service.set_shortlist(world.sessions, world["operator"], n.id, [nip])
    await service.start_assessment(world.sessions, world["operator"], n.id)
    await service.withdraw(world.sessions, world["operator"], n.id, "posisi dihapus")
    return n.id  # type: ignore[return-value]


async def _tamper(world: World, sql: str) -> None:
    async with world.sessions() as session:
        if on_postgres():
            await session.exec(sa.text("SET LOCAL session_replication_role = replica"))  # type: ignore[call-overload]
        await session.exec(sa.text(sql))  # type: ignore[call-overload]
        await session.commit()


def _cli(database_url: str) -> int:
    return cli.main(["--database-url", database_url, "audit", "verify"])


async def test_tampering_is_named_by_verify_and_cli(world: World, database_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    await _some_history(world)
    report = await verify_chain(world.sessions)
    assert report.ok and report.events_checked >= 4
    assert await asyncio.to_thread(_cli, database_url) == 0
    assert f"{report.events_checked} events verified" in capsys.readouterr().out

    await _tamper(world, "UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 3")
    report = await verify_chain(world.sessions)
    assert not report.ok and report.first_broken_seq == 3 and report.events_checked == 2
    assert await asyncio.to_thread(_cli, database_url) == 1
    assert "event 3" in capsys.readouterr().err


async def test_removed_event_is_named(world: World) -> None:
    await _some_history(world)
    await _tamper(world, "DELETE FROM audit_event WHERE seq = 2")
    report = await verify_chain(world.sessions)
    assert not report.ok and report.first_broken_seq == 2
    assert "missing" in (report.problem or "")


@pytest.mark.postgres_only
async def test_postgres_rejects_update_delete_truncate(world: World) -> None:
    await _some_history(world)
    for sql in ("UPDATE audit_event SET reason = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            async with write_transaction(world.sessions) as session:
                await session.exec(sa.text(sql))  # type: ignore[call-overload]
    assert (await verify_chain(world.sessions)).ok


async def test_replay_of_a_randomised_run_equals_stored_state(world: World) -> None:
    """A seeded random walk over sixty posts: every action, by the right and sometimes the
    wrong person, until over 1 000 transitions succeeded; then replay every nomination."""
    rng = random.Random(20260126)
    posts = [await world.add_post(f"R{i:02d}", Level.PENGAWAS) for i in range(60)]
    pool = [await world.employee(Level.PELAKSANA) for _ in range(90)]
    ceremony_id = await a_ceremony(world)
    used: set[str] = set()
    open_by_post: dict[str, int] = {}
    ok = refused = 0
    who = {"operator": "operator", "panel": "panel1", "chair": "chair"}
    step_official = {"panel_chair": "chair", "secretary": "sekda", "ppk": "ppk"}

    rows: dict[int, Nomination] = {}  # the rows the service returned: no extra reads in the loop

    async def act(action: str, actor: str, nid: int, *args, **kw) -> None:  # type: ignore[no-untyped-def]
        nonlocal ok, refused
        if rng.random() < 0.05:  # the wrong person tries first
            try:
                rows[nid] = await getattr(service, action)(world.sessions, world["panel2"], nid, *args, **kw)
                ok += 1
                return
            except DomainError:
                refused += 1
        rows[nid] = await getattr(service, action)(world.sessions, world[actor], nid, *args, **kw)
        ok += 1

    while ok < 1000:
        post = rng.choice(posts)
        nid = open_by_post.get(post)
        if nid is None:
            kind = rng.choice(["PROMOTION", "TRANSFER"])
            n = await service.create_nomination(world.sessions, world["operator"], post, kind)
            assert n.id is not None
            open_by_post[post], rows[n.id] = n.id, n
            ok += 1
            continue
        row = rows[nid]
        if row.state in ("mapping", "assessment", "approval") and rng.random() < 0.03:
            await act("withdraw", who["operator"], nid, "acak")
        elif row.state == "mapping":
            if not row.shortlist or rng.random() < 0.2:
                free = [p for p in pool if p not in used]
                await act("set_shortlist", who["operator"], nid, rng.sample(free, min(3, len(free))))
            else:
                await act("start_assessment", who["operator"], nid)
        elif row.state == "assessment":
            r = rng.random()
            if r < 0.5 or not row.nominee_nip and r < 0.7:
                panel = rng.choice(["panel1", "panel2", "chair"])
                await act("record_evaluation", panel, nid, rng.choice(row.shortlist), rng.randint(40, 100))
            elif not row.nominee_nip or r < 0.75:
                free = [p for p in row.shortlist if p not in used]
                if not free:  # everyone shortlisted was appointed elsewhere
                    await act("withdraw", who["operator"], nid, "kandidat sudah diangkat")
                else:
                    choice = rng.choice(free)
                    await act("select_nominee", who["chair"], nid, choice)
                    used.add(choice)
            else:
                await act("submit_for_approval", who["operator"], nid)
        elif row.state == "approval" and row.step_index < len(row.steps):
            official = step_official[row.steps[row.step_index]["role"]]
            r = rng.random()
            if r < 0.05:
                await act("return_for_revision", official, nid, "lengkapi")
            elif r < 0.07:
                await act("reject", official, nid, "tidak layak")
            else:
                await act("approve", official, nid)
        elif row.state == "approval":
            await act("schedule_inauguration", who["operator"], nid, ceremony_id, f"SK/{nid}", TODAY, TODAY)
        elif row.state == "inauguration":
            await act("record_inauguration", who["operator"], nid)
        elif row.state == "oath":
            await act("record_oath", who["operator"], nid, world.witnesses, "Ustadz Hasan")
        row = rows[nid]
        if row.state in ("completed", "rejected", "withdrawn"):
            open_by_post.pop(post)
        if row.state == "completed":  # filled today; refilling it today would be a same-day reshuffle
            posts.remove(post)

    assert ok >= 1000
    replayed = await replay_all(world.sessions)
    assert len(replayed) > 20
    mismatched = [nid for nid, (r, stored) in replayed.items() if not matches(r, stored)]
    assert mismatched == []
    states = {stored.state for _, stored in replayed.values()}
    assert {"completed", "withdrawn"} <= states
    report = await verify_chain(world.sessions)
    assert report.ok, report
    async with world.sessions() as session:
        total = len((await session.exec(select(AuditEvent).where(AuditEvent.outcome == "ok"))).all())
    assert total >= 1000
