"""Return for revision and a new round, delegation (Plt/Plh), approvals bound to the dossier,
the Mendagri step inside an election window with definition versions, deadlines and inboxes."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from domain.db import write_transaction
from domain.errors import NotAllowed, NotFound
from domain.models import AuditEvent, CompetencyAssessment, Nomination, WorkflowDefinition
from domain.reference import Level
from testkit.drive import approve_all, drive_to
from testkit.province import LETTER, TODAY, World
from workflow import queries, service
from workflow.definitions import Kind, current_definition, publish_definition
from workflow.delegations import create_delegation


async def test_return_for_revision_starts_a_new_round(world: World) -> None:
    nid = await drive_to(world, "approval", "T-administrator")
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    n = await service.return_for_revision(world.sessions, world["ppk"], nid, "lengkapi rekam jejak")
    assert (n.state, n.round, n.step_index, n.nominee_nip) == ("assessment", 2, 0, None)
    approvals = await queries.approvals(world.sessions, nid)
    assert len(approvals) == 2 and all(a.void for a in approvals)
    # The panel evaluates again, the chair selects, and the same officials approve again.
    nip = n.shortlist[0]
    await service.record_evaluation(world.sessions, world["panel2"], nid, nip, 90, "lebih lengkap")
    await service.select_nominee(world.sessions, world["chair"], nid, nip)
    await service.submit_for_approval(world.sessions, world["operator"], nid)
    await approve_all(world, nid)
    approvals = await queries.approvals(world.sessions, nid)
    assert [(a.round, a.step_name, a.void) for a in approvals][2:] == [
        (2, "panel_chair", False),
        (2, "secretary", False),
        (2, "ppk", False),
    ]
    history = await queries.history(world.sessions, nid)
    ret = next(e for e in history if e.action == "return_for_revision")
    assert ret.reason == "lengkapi rekam jejak" and ret.from_state == "approval" and ret.to_state == "assessment"


async def test_delegation_records_both_people_and_applies_separation_to_both(world: World) -> None:
    plh = await world.add_user("plh_gubernur", ["employee"])
    d = await create_delegation(
        world.sessions, world["admin"], plh.user_id, world["ppk"].user_id, "plh", TODAY - timedelta(days=1),
        TODAY + timedelta(days=5), "800/12/2026",
    )  # fmt: skip
    acting = type(plh)(plh.user_id, plh.username, plh.roles, delegation_id=d.id)
    nid = await drive_to(world, "approval", "T-pengawas")
    await service.approve(world.sessions, world["chair"], nid)
    # Without the delegation the Plh is an ordinary employee, who may not even see the nomination.
    with pytest.raises(NotFound):
        await service.approve(world.sessions, plh, nid)
    await service.approve(world.sessions, world["sekda"], nid)
    n = await service.approve(world.sessions, acting, nid, "a.n. Gubernur")
    assert n.step_index == 3
    approvals = await queries.approvals(world.sessions, nid)
    assert (approvals[-1].actor_username, approvals[-1].on_behalf_of_username) == ("plh_gubernur", "ppk")
    event = [e for e in await queries.history(world.sessions, nid) if e.action == "approve"][-1]
    assert (event.actor_username, event.on_behalf_of_username, event.role) == ("plh_gubernur", "ppk", "ppk")

    # The Sekda acting for the Gubernur cannot approve a chain the Sekda already approved.
    d2 = await create_delegation(
        world.sessions, world["admin"], world["sekda"].user_id, world["ppk"].user_id, "plh", TODAY, TODAY
    )
    sekda_for_ppk = type(plh)(world["sekda"].user_id, "sekda", frozenset({"secretary"}), delegation_id=d2.id)
    nid2 = await drive_to(world, "approval", "T-administrator")
    await service.approve(world.sessions, world["chair"], nid2)
    await service.approve(world.sessions, world["sekda"], nid2)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, sekda_for_ppk, nid2)
    assert err.value.code == "SEPARATION_OF_DUTIES"

    # A delegation outside its period is refused.
    old = await create_delegation(
        world.sessions, world["admin"], plh.user_id, world["ppk"].user_id, "plt", date(2025, 1, 1), date(2025, 2, 1)
    )
    expired = type(plh)(plh.user_id, plh.username, plh.roles, delegation_id=old.id)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, expired, nid2)
    assert err.value.code == "NO_DELEGATION"


async def test_principal_who_is_the_nominee_taints_the_acting_official(world: World) -> None:
    nip = await world.employee(Level.PENGAWAS)
    governor = await world.add_user("gub_nominee", ["ppk"], nip=nip)
    plh = await world.add_user("plh2", ["employee"])
    d = await create_delegation(world.sessions, world["admin"], plh.user_id, governor.user_id, "plh", TODAY, TODAY)
    acting = type(plh)(plh.user_id, plh.username, plh.roles, delegation_id=d.id)
    nid = await drive_to(world, "approval", "T-administrator", nominee=nip)
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, acting, nid)
    assert err.value.code == "SEPARATION_OF_DUTIES" and "nominee" in err.value.message


async def test_changed_dossier_voids_later_approvals(world: World) -> None:
    nid = await drive_to(world, "approval", "T-jpt_pratama")
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    async with world.sessions() as session:
        n = await session.get(Nomination, nid)
        assert n is not None and n.nominee_nip is not None
        nip = n.nominee_nip
    # New personnel data arrives: a fresh assessment changes the eligibility verdict's reasons.
    async with write_transaction(world.sessions) as session:
        session.add(
            CompetencyAssessment(nip=nip, assessed_on=TODAY - timedelta(days=3), target_level="jpt_pratama", jpm=74.0)
        )
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, world["reviewer"], nid, **LETTER)
    assert err.value.code == "NOT_YOUR_STEP" and "dossier changed" in err.value.message
    # The chain restarts; the earlier approvers may approve the new dossier.
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    await service.approve(world.sessions, world["reviewer"], nid, **LETTER)
    n2 = await service.approve(world.sessions, world["ppk"], nid)
    assert n2.step_index == 4
    approvals = await queries.approvals(world.sessions, nid)
    assert len({a.dossier_hash for a in approvals}) == 2


async def test_mendagri_step_in_election_window_and_versions(world: World) -> None:
    before = await drive_to(world, "approval", "T-pengawas")
    async with write_transaction(world.sessions) as session:
        current = await current_definition(session, Kind.PROMOTION, Level.ADMINISTRATOR)
        body = copy.deepcopy(current.body)
        body["election_windows"] = [{"start": (TODAY - timedelta(days=10)).isoformat(), "end": "2030-12-31"}]
        new = await publish_definition(session, Kind.PROMOTION, Level.ADMINISTRATOR, body)
        assert new.version == current.version + 1
    nid = await drive_to(world, "approval", "T-administrator")
    async with world.sessions() as session:
        row = await session.get(Nomination, nid)
        assert row is not None
        assert [s["name"] for s in row.steps] == ["panel_chair", "secretary", "mendagri", "ppk"]
        definition = await session.get(WorkflowDefinition, row.definition_id)
        assert definition is not None and definition.version == new.version
        old = await session.get(Nomination, before)
        assert old is not None and [s["name"] for s in old.steps] == ["panel_chair", "secretary", "ppk"]
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    with pytest.raises(NotAllowed):
        await service.approve(world.sessions, world["ppk"], nid)
    await service.approve(world.sessions, world["reviewer"], nid, **LETTER)
    n = await service.approve(world.sessions, world["ppk"], nid)
    assert n.step_index == 4
    assert "Mendagri" in await queries.diagram(world.sessions, nid)


async def test_deadlines_overdue_and_inbox(world: World) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    async with world.sessions() as session:
        row = await session.get(Nomination, nid)
        assert row is not None and row.stage_due_on is not None and row.stage_due_on > TODAY
    assert await queries.overdue(world.sessions) == []
    later = await queries.overdue(world.sessions, on=TODAY + timedelta(days=30))
    assert [n.id for n in later] == [nid]
    assert [n.id for n in await queries.inbox(world.sessions, world["chair"])] == [nid]
    assert await queries.inbox(world.sessions, world["sekda"]) == []
    await service.approve(world.sessions, world["chair"], nid)
    assert [n.id for n in await queries.inbox(world.sessions, world["sekda"])] == [nid]


async def test_operator_inbox_holds_posts_of_their_unit_tree_only(world: World) -> None:
    n = await service.create_nomination(world.sessions, world["operator"], "T-RS", "PROMOTION")
    assert [x.id for x in await queries.inbox(world.sessions, world["op_dinkes"])] == [n.id]  # DINKES-RS is below
    assert [x.id for x in await queries.inbox(world.sessions, world["operator"])] == [n.id]  # no unit: everything
    assert await queries.inbox(world.sessions, world["op_bkd"]) == []
    assert await queries.inbox(world.sessions, world["chair"]) == []  # mapping is the operator's stage


async def test_create_event_records_the_post_kind_and_definition(world: World) -> None:
    planned = TODAY + timedelta(days=20)
    n = await service.create_nomination(world.sessions, world["op_dinkes"], "T-RS", "ROTATION", planned_date=planned)
    async with world.sessions() as session:
        event = (await session.exec(select(AuditEvent).where(AuditEvent.nomination_id == n.id))).one()
        definition = await session.get(WorkflowDefinition, n.definition_id)
    assert definition is not None
    assert (event.action, event.from_state, event.to_state, event.role) == ("create", None, "mapping", "operator")
    assert (event.actor_username, event.on_behalf_of_username, event.outcome) == ("op_dinkes", None, "ok")
    assert json.loads(event.data) == {
        "position_code": "T-RS",
        "kind": "rotation",
        "level": "pengawas",
        "definition_id": definition.id,
        "definition_version": definition.version,
        "planned_date": planned.isoformat(),
        "version": n.version,
        "round": 1,
    }


async def test_every_event_has_actor_role_and_states(world: World) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    async with world.sessions() as session:
        events = (await session.exec(select(AuditEvent).where(AuditEvent.nomination_id == nid))).all()
    assert [e.action for e in events] == [
        "create", "set_shortlist", "start_assessment", "record_evaluation", "select_nominee", "submit_for_approval"
    ]  # fmt: skip
    assert all(e.role and e.actor_username and e.to_state and len(e.hash) == 64 for e in events)
    assert [e.seq for e in events] == sorted(e.seq for e in events)
