"""Full paths through the workflow for each kind and level, with the oath's domain effects."""

from __future__ import annotations

import pytest
from sqlmodel import select

from domain.models import AuditEvent, Employee, JobHistory, Nomination, SiasnExport
from domain.reference import Level
from domain.rules.eligibility import check_eligibility
from testkit.drive import a_ceremony, approve_all, drive_to
from testkit.province import TODAY, World
from workflow import queries, service
from workflow.audit import verify_chain


async def test_factory_builds_eligible_people(world: World) -> None:
    for held, post in [
        (Level.ADMINISTRATOR, "T-jpt_pratama"),
        (Level.PENGAWAS, "T-administrator"),
        (Level.PELAKSANA, "T-pengawas"),
    ]:
        nip = await world.employee(held)
        async with world.sessions() as session:
            verdict = await check_eligibility(session, nip, post, TODAY)
        assert verdict.eligible, [c.detail for c in verdict.failing]


CASES = [
    ("PROMOTION", "T-jpt_pratama", ["panel_chair", "secretary", "national_review", "ppk"]),
    ("PROMOTION", "T-administrator", ["panel_chair", "secretary", "ppk"]),
    ("PROMOTION", "T-pengawas", ["panel_chair", "secretary", "ppk"]),
    ("ROTATION", "T-jpt_pratama", ["panel_chair", "secretary", "national_review", "ppk"]),
    ("ROTATION", "T-administrator", ["panel_chair", "secretary", "ppk"]),
    ("ROTATION", "T-pengawas", ["panel_chair", "secretary", "ppk"]),
    ("TRANSFER", "T-jpt_pratama", ["panel_chair", "secretary", "national_review", "ppk"]),
    ("TRANSFER", "T-administrator", ["panel_chair", "secretary", "ppk"]),
    ("TRANSFER", "T-pengawas", ["panel_chair", "secretary", "ppk"]),
]


@pytest.mark.parametrize(("kind", "post", "steps"), CASES)
async def test_full_path(world: World, kind: str, post: str, steps: list[str]) -> None:
    level = Level(post.removeprefix("T-"))
    below = {
        Level.JPT_PRATAMA: Level.ADMINISTRATOR,
        Level.ADMINISTRATOR: Level.PENGAWAS,
        Level.PENGAWAS: Level.PELAKSANA,
    }
    held = below[level] if kind in ("PROMOTION", "TRANSFER") else level
    nip = await world.employee(held, target=level)
    async with world.sessions() as session:
        before = await session.get(Employee, nip)
        assert before is not None
        old_post = before.position_code
    nid = await drive_to(world, "approval", post, kind, nominee=nip)
    async with world.sessions() as session:
        row = await session.get(Nomination, nid)
        assert row is not None and [s["name"] for s in row.steps] == steps
    await approve_all(world, nid)
    ceremony_id = await a_ceremony(world)
    n = await service.schedule_inauguration(
        world.sessions, world["operator"], nid, ceremony_id, "821.2/001/BKD/2026", TODAY, TODAY
    )
    assert n.state == "inauguration"
    n = await service.record_inauguration(world.sessions, world["operator"], nid, expected_version=n.version)
    assert n.state == "oath"
    n = await service.record_oath(world.sessions, world["operator"], nid, world.witnesses, "K.H. Ahmad", False)
    assert n.state == "completed"
    assert n.oath is not None and n.oath["text"].startswith("Demi Allah, saya bersumpah")

    async with world.sessions() as session:
        employee = await session.get(Employee, nip)
        assert employee is not None
        assert employee.position_code == post
        assert employee.unit_code == "DINKES"
        jobs = (await session.exec(select(JobHistory).where(JobHistory.nip == nip))).all()
        open_rows = [j for j in jobs if j.end_date is None]
        assert len(open_rows) == 1 and open_rows[0].position_code == post
        assert open_rows[0].decree_number == "821.2/001/BKD/2026"
        if old_post:
            assert (await session.exec(select(Employee).where(Employee.position_code == old_post))).first() is None
        export = (await session.exec(select(SiasnExport).where(SiasnExport.nomination_id == nid))).one()
        assert export.payload["nomor_sk"] == "821.2/001/BKD/2026"
        assert export.payload["tmt_jabatan"] == TODAY.isoformat()
        assert export.payload["tmt_pelantikan"] == TODAY.isoformat()
        assert export.payload["eselon"] == {"jpt_pratama": "II.a", "administrator": "III.a", "pengawas": "IV.a"}[level]
        events = (await session.exec(select(AuditEvent).where(AuditEvent.nomination_id == nid))).all()
        assert all(e.outcome == "ok" for e in events)
    report = await verify_chain(world.sessions)
    assert report.ok, report
    assert "stateDiagram-v2" in await queries.diagram(world.sessions, nid)
