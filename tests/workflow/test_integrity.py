"""One person, one appointment at a time; conflicts of interest in the panel and the approval
chain; a ceremony's dry run is its real run rolled back, and its results are honest (issue 10)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import func, select

from domain.clock import today
from domain.db import write_transaction
from domain.errors import NotAllowed, Refusal
from domain.models import AuditEvent, Ceremony, Nomination
from domain.reference import Level
from testkit.drive import a_ceremony, approve_all, drive_to
from testkit.province import TODAY, World
from workflow import ceremonies, queries, service
from workflow.ceremonies import CeremonyStatus, ceremony_status


async def _posts(world: World, prefix: str, n: int) -> list[str]:
    return [
        await world.add_post(f"{prefix}-{i:02d}", Level.ADMINISTRATOR, title=f"Kepala Bidang {prefix} {i}")
        for i in range(n)
    ]


async def test_a_second_selection_of_the_same_person_is_refused_until_the_first_is_withdrawn(world: World) -> None:
    eko = await world.employee(Level.PENGAWAS)
    first_post, second_post = await _posts(world, "TWO", 2)
    first = await drive_to(world, "nominee", first_post, nominee=eko)
    second = await drive_to(world, "evaluated", second_post, nominee=eko)
    with pytest.raises(NotAllowed) as refused:
        await service.select_nominee(world.sessions, world["chair"], second, eko)
    assert refused.value.code == Refusal.NOMINEE_ELSEWHERE
    assert f"#{first}" in refused.value.message and "Kepala Bidang TWO 0" in refused.value.message
    async with world.sessions() as session:
        assert (await session.get(Nomination, second)).nominee_nip is None  # type: ignore[union-attr]

    await service.withdraw(world.sessions, world["operator"], first, "dipindah ke jabatan lain")
    chosen = await service.select_nominee(world.sessions, world["chair"], second, eko)
    assert chosen.nominee_nip == eko


async def test_twenty_concurrent_selections_of_one_person_one_wins(world: World) -> None:
    """The check in Python and the partial unique index: however the selections interleave, the
    person is the nominee of exactly one open nomination."""
    eko = await world.employee(Level.PENGAWAS)
    ids = [await drive_to(world, "evaluated", post, nominee=eko) for post in await _posts(world, "RACE", 20)]
    chairs = [await world.add_user(f"ketua{i:02d}", ["panel_chair"]) for i in range(20)]

    async def choose(nid: int, chair) -> object:  # type: ignore[no-untyped-def]
        try:
            return await service.select_nominee(world.sessions, chair, nid, eko)
        except NotAllowed as error:
            return error

    results = await asyncio.gather(*(choose(n, c) for n, c in zip(ids, chairs, strict=True)))
    wins = [r for r in results if isinstance(r, Nomination)]
    refusals = [r for r in results if isinstance(r, NotAllowed)]
    assert len(wins) == 1 and len(refusals) == 19, results
    assert {r.code for r in refusals} == {Refusal.NOMINEE_ELSEWHERE}
    async with world.sessions() as session:
        count = (
            await session.exec(select(func.count()).select_from(Nomination).where(Nomination.nominee_nip == eko))
        ).one()
    assert count == 1


async def test_a_panel_member_is_not_a_candidate(world: World) -> None:
    member_nip = await world.employee(Level.PENGAWAS)
    await world.add_user("anggota_tpk", ["panel"], nip=member_nip)
    post = (await _posts(world, "TPK", 1))[0]
    nid = await drive_to(world, "mapping", post)
    with pytest.raises(NotAllowed) as refused:
        await service.set_shortlist(world.sessions, world["operator"], nid, [member_nip])
    assert refused.value.code == Refusal.CONFLICT_OF_INTEREST and member_nip in refused.value.message


async def test_an_official_on_the_shortlist_cannot_approve(world: World) -> None:
    candidate = await world.employee(Level.PENGAWAS)
    nominee = await world.employee(Level.PENGAWAS)
    secretary = await world.add_user("sekda_kandidat", ["secretary"], nip=candidate)
    post = (await _posts(world, "SOD", 1))[0]
    # The TPK chair's step is taken; the Sekda's step is next, and the acting Sekda is a candidate.
    nid = await drive_to(world, "approval", post, nominee=nominee, shortlist=[nominee, candidate], approvals=1)
    listed = {a.action: a for a in await queries.available_actions(world.sessions, secretary, nid)}
    assert not listed["approve"].allowed and listed["approve"].reason_code == Refusal.SEPARATION_OF_DUTIES
    with pytest.raises(NotAllowed) as refused:
        await service.approve(world.sessions, secretary, nid, "setuju")
    assert refused.value.code == Refusal.SEPARATION_OF_DUTIES and "shortlist" in refused.value.message


async def _scheduled(world: World, ceremony_id: int, prefix: str, religions: list[str]) -> list[int]:
    ids = []
    for i, religion in enumerate(religions):
        post = await world.add_post(f"{prefix}{i:02d}", Level.JPT_PRATAMA)
        nip = await world.employee(Level.ADMINISTRATOR, religion=religion, target=Level.JPT_PRATAMA)
        nid = await drive_to(world, "approved", post, nominee=nip)
        await service.schedule_inauguration(
            world.sessions, world["operator"], nid, ceremony_id, f"SK/{prefix}{i}", TODAY, TODAY
        )
        ids.append(nid)
    return ids


async def _audit_count(world: World) -> int:
    async with world.sessions() as session:
        return int((await session.exec(select(func.count()).select_from(AuditEvent))).one())


async def test_the_dry_run_is_the_real_run_rolled_back(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    ids = await _scheduled(world, ceremony_id, "DR", ["islam", "hindu", "islam"])
    clergy = {"islam": "K.H. Ahmad"}  # no pedanda: the Hindu appointee fails
    before = await _audit_count(world)
    preview = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy=clergy, dry_run=True
    )
    assert await _audit_count(world) == before  # nothing written
    async with world.sessions() as session:
        assert {(await session.get(Nomination, i)).state for i in ids} == {"inauguration"}  # type: ignore[union-attr]
    real = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy=clergy
    )
    assert [(r.nomination_id, r.ok, r.code) for r in preview] == [(r.nomination_id, r.ok, r.code) for r in real]
    assert [r.ok for r in real] == [True, False, True]
    assert real[1].params["nomination_id"] == ids[1]


async def test_results_are_honest_and_the_ceremony_can_be_run_again(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    ids = await _scheduled(world, ceremony_id, "HN", ["islam", "hindu", "islam"])
    withdrawn = (await _scheduled(world, ceremony_id, "WD", ["islam"]))[0]
    await service.withdraw(world.sessions, world["operator"], withdrawn, "SK dibatalkan")
    async with world.sessions() as session:
        assert [n.id for n in await ceremonies.scheduled_nominations(session, ceremony_id)] == ids  # withdrawn left

    await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy={"islam": "K.H. Ahmad"}
    )
    async with world.sessions() as session:
        ceremony = await session.get(Ceremony, ceremony_id)
        assert ceremony is not None and ceremony.conducted_at is None
        assert ceremony_status(ceremony, still_open=1) == CeremonyStatus.PARTIAL
        assert [(r["nomination_id"], r["ok"]) for r in ceremony.last_run or []] == [
            (ids[0], True),
            (ids[1], False),
            (ids[2], True),
        ]

    again = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy={"hindu": "Ida Pedanda Gde"}
    )
    assert [(r.nomination_id, r.ok) for r in again] == [(ids[1], True)]
    async with world.sessions() as session:
        ceremony = await session.get(Ceremony, ceremony_id)
        assert ceremony is not None and ceremony.conducted_at is not None
        assert ceremony_status(ceremony, still_open=0) == CeremonyStatus.CONDUCTED


async def test_a_partial_ceremony_whose_last_appointee_is_withdrawn_is_conducted(world: World) -> None:
    ceremony_id = await a_ceremony(world)
    ids = await _scheduled(world, ceremony_id, "PW", ["islam", "hindu"])
    await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy={"islam": "K.H. Ahmad"}
    )
    await service.withdraw(world.sessions, world["operator"], ids[1], "SK dibatalkan")
    async with world.sessions() as session:
        ceremony = await session.get(Ceremony, ceremony_id)
        assert ceremony is not None
        assert ceremony_status(ceremony, still_open=0) == CeremonyStatus.CONDUCTED


async def test_a_ceremony_is_not_conducted_before_its_date(world: World) -> None:
    later = today() + timedelta(days=3)
    ceremony_id = await a_ceremony(world, held_on=later)
    await _scheduled(world, ceremony_id, "NY", ["islam"])
    with pytest.raises(NotAllowed) as refused:
        await ceremonies.conduct_ceremony(world.sessions, world["operator"], ceremony_id, world.witnesses)
    assert refused.value.code == Refusal.CEREMONY_NOT_YET and str(later) in refused.value.message
    preview = await ceremonies.conduct_ceremony(
        world.sessions, world["operator"], ceremony_id, world.witnesses, clergy={"islam": "K.H. Ahmad"}, dry_run=True
    )
    assert [r.ok for r in preview] == [True]  # readiness can be checked before the day
    async with write_transaction(world.sessions) as session:
        assert (await session.get(Ceremony, ceremony_id)).last_run is None  # type: ignore[union-attr]


async def test_approve_all_still_works_with_the_new_rules(world: World) -> None:
    """drive_to's nominees are never panel members or on two nominations: the builders stay valid."""
    nid = await drive_to(world, "approval", (await _posts(world, "OK", 1))[0])
    await approve_all(world, nid)
