"""Ceremonies: ten appointees at once with one failing, dry run, the 30-working-day and
invitation rules against the holiday calendar, witnesses, clergy and the oath's wording."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from domain.errors import InvalidInput, NotAllowed
from domain.models import AuditEvent, Employee, Nomination, Position
from domain.reference import Level
from testkit.drive import a_ceremony, approve_all, drive_to
from testkit.province import TODAY, World
from workflow import calendar, ceremonies, service
from workflow.oath import PLEDGE, oath_text


async def _states(world: World, ids: list[int]) -> dict[int, str]:
    async with world.sessions() as session:
        rows = (await session.exec(select(Nomination).where(Nomination.id.in_(ids)))).all()  # type: ignore[union-attr]
        return {r.id: r.state for r in rows}  # type: ignore[misc]


async def test_ceremony_of_ten_with_one_failing(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    ids = []
    for i in range(10):
        post = await world.add_post(f"J{i:02d}", Level.JPT_PRATAMA)
        kind = "ROTATION" if i % 3 == 0 else "PROMOTION"
        held = Level.JPT_PRATAMA if kind == "ROTATION" else Level.ADMINISTRATOR
        religion = "hindu" if i == 4 else ("katolik" if i == 7 else "islam")
        nip = await world.employee(held, religion=religion, target=Level.JPT_PRATAMA)
        nid = await drive_to(world, "approval", post, kind, nominee=nip)
        await approve_all(world, nid)
        await service.schedule_inauguration(
            world.sessions, world["operator"], nid, ceremony_id, f"SK/{i}", TODAY, TODAY
        )
        ids.append(nid)
    clergy = {"islam": "K.H. Ahmad", "katolik": "Romo Yohanes"}  # no pedanda for the Hindu appointee

    async with world.sessions() as session:
        events_before = len((await session.exec(select(AuditEvent))).all())
    preview = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy=clergy, dry_run=True
    )
    assert len(preview) == 10 and all(r.dry_run for r in preview)
    assert [r.nomination_id for r in preview if not r.ok] == [ids[4]]
    assert set((await _states(world, ids)).values()) == {"inauguration"}
    async with world.sessions() as session:
        assert len((await session.exec(select(AuditEvent))).all()) == events_before

    results = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy=clergy
    )
    assert len(results) == 10
    failed = [r for r in results if not r.ok]
    assert [r.nomination_id for r in failed] == [ids[4]]
    assert failed[0].code == "INVALIDINPUT" and "rohaniwan" in (failed[0].message or "")
    states = await _states(world, ids)
    assert states[ids[4]] == "inauguration"  # both of its steps rolled back together
    assert [states[i] for i in ids if i != ids[4]] == ["completed"] * 9
    async with world.sessions() as session:
        katolik = await session.get(Nomination, ids[7])
        assert katolik is not None and katolik.oath is not None
        assert katolik.oath["text"].endswith("Semoga Tuhan menolong saya.")
        holders = (await session.exec(select(Employee).where(Employee.position_code.like("J%")))).all()  # type: ignore[union-attr]
        assert len(holders) == 9

    # Later, with the pedanda named, the remaining one completes; a pledge needs no clergy.
    again = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy={"hindu": "Ida Pedanda Gde"}
    )
    assert [(r.nomination_id, r.ok) for r in again] == [(ids[4], True)]


async def test_pledge_and_witness_rules(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    nid = await drive_to(world, "inauguration", "T-administrator", ceremony=ceremony_id)
    await service.record_inauguration(world.sessions, world["operator"], nid)
    low = await world.employee(Level.PENGAWAS)
    with pytest.raises(InvalidInput) as err:
        await service.record_oath(world.sessions, world["operator"], nid, [world.witnesses[0], low], "K.H. Ahmad")
    assert "witnesses must hold at least Administrator" in err.value.message
    with pytest.raises(InvalidInput) as err:
        await service.record_oath(world.sessions, world["operator"], nid, world.witnesses[:1], "K.H. Ahmad")
    assert "exactly 2" in err.value.message
    with pytest.raises(InvalidInput) as err:
        await service.record_oath(world.sessions, world["operator"], nid, world.witnesses, None)
    assert "rohaniwan" in err.value.message
    n = await service.record_oath(world.sessions, world["operator"], nid, world.witnesses, None, pledge=True)
    assert n.state == "completed" and n.oath is not None and n.oath["text"].startswith(PLEDGE)


def test_oath_openings_by_religion() -> None:
    title = "Kepala Dinas Kesehatan"
    assert oath_text("islam", "jpt_pratama", title, False).startswith("Demi Allah, saya bersumpah")
    assert oath_text("kristen", "jpt_pratama", title, False).endswith("Semoga Tuhan menolong saya.")
    assert oath_text("hindu", "administrator", title, False).startswith("Om Atah Paramawisesa")
    assert oath_text("buddha", "pengawas", title, False).startswith("Demi Sang Hyang Adi Budha")
    assert oath_text("khonghucu", "pengawas", title, False).startswith("Kehadirat Tian")
    assert oath_text("islam", "pengawas", title, True).startswith(PLEDGE)
    assert oath_text("kepercayaan", "pengawas", title, False).startswith(PLEDGE)
    # The regulation's words ("jabatan ini"), not the post's level: the Berita Acara names the post.
    text = oath_text("islam", "jpt_pratama", title, False)
    assert "JPT Pratama" not in text and "untuk diangkat dalam jabatan ini" in text


async def test_thirty_working_days_after_the_decree(world: World) -> None:
    decree = date(2026, 12, 1)
    async with world.sessions() as session:
        holidays = await calendar.holidays_between(session, decree, date(2027, 3, 1))
    last = calendar.add_working_days(decree, 30, holidays)
    # 24 Dec (cuti bersama), 25 Dec, 1 Jan and 5 Jan 2027 (Isra Mikraj, missing from the old hand table)
    assert last == date(2027, 1, 18)
    ok_ceremony = await a_ceremony(world, last)
    late_ceremony = await a_ceremony(world, calendar.add_working_days(decree, 31, holidays))
    nid = await drive_to(world, "approval", "T-pengawas")
    await approve_all(world, nid)
    with pytest.raises(InvalidInput) as err:
        await service.schedule_inauguration(
            world.sessions, world["operator"], nid, late_ceremony, "SK/1", decree, decree
        )
    assert "31 working days" in err.value.message
    n = await service.schedule_inauguration(world.sessions, world["operator"], nid, ok_ceremony, "SK/1", decree, decree)
    assert n.state == "inauguration"


async def test_invitation_one_working_day_before(world: World) -> None:
    # Monday 17 August 2026 is a holiday: for a ceremony on Tuesday 18 August the invitation
    # must go out by Friday 14 August.
    late = await ceremonies.create_ceremony(
        world.sessions, world["operator"], date(2026, 8, 18), "Pendopo", "Gubernur", invitation_on=date(2026, 8, 17)
    )
    fine = await ceremonies.create_ceremony(
        world.sessions, world["operator"], date(2026, 8, 18), "Pendopo", "Gubernur", invitation_on=date(2026, 8, 14)
    )
    nid = await drive_to(world, "approval", "T-pengawas")
    await approve_all(world, nid)
    with pytest.raises(InvalidInput) as err:
        await service.schedule_inauguration(
            world.sessions, world["operator"], nid, late.id, "SK/2", date(2026, 8, 3), date(2026, 8, 18)
        )
    assert "send it by 2026-08-14" in err.value.message
    n = await service.schedule_inauguration(
        world.sessions, world["operator"], nid, fine.id, "SK/2", date(2026, 8, 3), date(2026, 8, 18)
    )
    assert n.state == "inauguration"


async def test_schedule_needs_every_step(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    nid = await drive_to(world, "approval", "T-pengawas")
    await service.approve(world.sessions, world["chair"], nid)
    with pytest.raises(NotAllowed) as err:
        await service.schedule_inauguration(world.sessions, world["operator"], nid, ceremony_id, "SK/3", TODAY, TODAY)
    assert err.value.code == "WRONG_STAGE" and "still open" in err.value.message
    async with world.sessions() as session:
        row = await session.get(Nomination, nid)
        assert row is not None and row.state == "approval" and row.ceremony_id is None


async def test_oath_record_holds_what_the_berita_acara_prints(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    nid = await drive_to(world, "inauguration", "T-administrator", ceremony=ceremony_id)
    await service.record_inauguration(world.sessions, world["operator"], nid)
    n = await service.record_oath(world.sessions, world["operator"], nid, world.witnesses, "K.H. Ahmad")
    assert n.oath is not None
    async with world.sessions() as session:
        appointee = await session.get(Employee, n.nominee_nip)
        names = [(await session.get(Employee, nip)).full_name for nip in world.witnesses]  # type: ignore[union-attr]
        post = await session.get(Position, n.position_code)
    assert appointee is not None and post is not None
    assert n.oath["witnesses"] == [{"nip": nip, "name": name} for nip, name in zip(world.witnesses, names, strict=True)]
    assert n.oath["witness_nips"] == world.witnesses
    assert n.oath["clergy_name"] == "K.H. Ahmad" and n.oath["pledge"] is False
    assert n.oath["religion"] == appointee.religion
    assert n.oath["text"] == oath_text(appointee.religion, post.level, post.title, False)
    assert n.oath["taken_on"] == TODAY.isoformat()  # the ceremony's day
    assert n.oath["recorded_at"]
    async with world.sessions() as session:
        event = (
            await session.exec(select(AuditEvent).where(AuditEvent.action == "record_oath", AuditEvent.outcome == "ok"))
        ).one()
    logged = json.loads(event.data)["oath"]
    assert "text" not in logged and logged["witness_nips"] == world.witnesses


async def test_conduct_without_the_role_is_refused_up_front(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    nid = await drive_to(world, "inauguration", "T-administrator", ceremony=ceremony_id)
    for name in ("panel1", "sekda", "ppk"):
        for dry_run in (True, False):
            with pytest.raises(NotAllowed) as err:
                await ceremonies.conduct_ceremony(
                    world.sessions, world[name], ceremony_id, world.witnesses, dry_run=dry_run
                )
            assert err.value.code == "MISSING_ROLE" and "operator" in err.value.message
    # Even for a ceremony that does not exist: the role is judged first, so nothing is revealed.
    with pytest.raises(NotAllowed):
        await ceremonies.conduct_ceremony(world.sessions, world["panel1"], 999_999, world.witnesses)
    async with world.sessions() as session:
        refused = (
            await session.exec(
                select(AuditEvent).where(AuditEvent.action == "conduct_ceremony", AuditEvent.outcome == "refused")
            )
        ).all()
        assert len(refused) == 7 and all(e.nomination_id is None for e in refused)
        assert (await session.get(Nomination, nid)).state == "inauguration"  # type: ignore[union-attr]
    # An operator outside the post's unit holds the role, but conducts only what they may see:
    # the Dinas Kesehatan's nomination is neither touched nor named.
    results = await ceremonies.conduct_ceremony(
        world.sessions, world["op_bkd"], ceremony_id, world.witnesses, clergy={"islam": "K.H. Ahmad"}
    )
    assert results == []
