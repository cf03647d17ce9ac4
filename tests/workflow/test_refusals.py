"""Every refusal path: wrong role, unit, stage and step; separation of duties; ineligible
nominee; missing reason; stale version; a second open nomination — each logged as "refused"."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from domain.db import write_transaction
from domain.errors import Conflict, Ineligible, InvalidInput, NotAllowed, NotFound
from domain.models import AuditEvent, Discipline, Nomination
from domain.reference import Level
from testkit.drive import drive_to
from testkit.province import LETTER, TODAY, World
from workflow import queries, service
from workflow.actor import Actor


async def refused_events(w: World, action: str) -> list[AuditEvent]:
    async with w.sessions() as session:
        rows = await session.exec(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "refused")
        )
        return list(rows.all())


async def test_missing_role_and_no_admin_bypass(world: World) -> None:
    with pytest.raises(NotAllowed) as err:
        await service.create_nomination(world.sessions, world["panel1"], "T-pengawas", "PROMOTION")
    assert err.value.code == "MISSING_ROLE"
    pure_admin = await world.add_user("root", ["admin"])
    with pytest.raises(NotAllowed) as err:
        await service.create_nomination(world.sessions, pure_admin, "T-pengawas", "PROMOTION")
    assert err.value.code == "MISSING_ROLE"
    assert len(await refused_events(world, "create")) == 2


async def test_operator_unit_scope(world: World) -> None:
    with pytest.raises(NotAllowed) as err:
        await service.create_nomination(world.sessions, world["op_bkd"], "T-pengawas", "PROMOTION")
    assert err.value.code == "OUT_OF_UNIT"
    # DINKES-RS is below DINKES: in scope.
    n = await service.create_nomination(world.sessions, world["op_dinkes"], "T-RS", "PROMOTION")
    assert n.state == "mapping"


async def test_wrong_stage_and_wrong_step(world: World) -> None:
    n = await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "PROMOTION")
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, world["chair"], n.id)
    assert err.value.code == "WRONG_STAGE"
    with pytest.raises(NotAllowed) as err:
        await service.start_assessment(world.sessions, world["operator"], n.id)
    assert err.value.code == "WRONG_STAGE" and "shortlist" in err.value.message
    nid = await drive_to(world, "approval", "T-administrator")
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, world["ppk"], nid)
    assert err.value.code == "NOT_YOUR_STEP"
    assert "Ketua TPK" in err.value.message
    with pytest.raises(NotAllowed) as err:
        await service.record_evaluation(world.sessions, world["sekda"], nid, "198001012005031001", 50)
    assert err.value.code == "WRONG_STAGE"


async def test_separation_of_duties_creator_nominee_and_repeat(world: World) -> None:
    both = await world.add_user("opchair", ["operator", "panel_chair", "secretary"])
    nip = await world.employee(Level.PENGAWAS)
    n = await service.create_nomination(world.sessions, both, "T-administrator", "PROMOTION")
    await service.set_shortlist(world.sessions, both, n.id, [nip])
    await service.start_assessment(world.sessions, both, n.id)
    await service.select_nominee(world.sessions, world["chair"], n.id, nip)
    await service.submit_for_approval(world.sessions, both, n.id)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, both, n.id)
    assert err.value.code == "SEPARATION_OF_DUTIES" and "created" in err.value.message

    # The nominee cannot approve their own nomination, even holding the step's role. (A panel chair
    # cannot be the nominee at all: panel members are refused at the shortlist, see test_integrity.)
    nip2 = await world.employee(Level.PENGAWAS, target=Level.PENGAWAS)
    self_sekda = await world.add_user("selfsekda", ["secretary"], nip=nip2)
    n2 = await service.create_nomination(world.sessions, world["operator"], "T-RS", "TRANSFER")
    await service.set_shortlist(world.sessions, world["operator"], n2.id, [nip2])
    await service.start_assessment(world.sessions, world["operator"], n2.id)
    await service.select_nominee(world.sessions, world["chair"], n2.id, nip2)
    await service.submit_for_approval(world.sessions, world["operator"], n2.id)

    # Someone who already acted in the chain cannot take a later step.
    chair_sekda = await world.add_user("chairsekda", ["panel_chair", "secretary"])
    await service.approve(world.sessions, chair_sekda, n2.id)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, self_sekda, n2.id)
    assert err.value.code == "SEPARATION_OF_DUTIES" and "nominee" in err.value.message
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, chair_sekda, n2.id)
    assert err.value.code == "SEPARATION_OF_DUTIES" and "already acted" in err.value.message
    assert len(await refused_events(world, "approve")) == 3


async def _selection_refused(world: World, post: str, kind: str, nip: str) -> Ineligible:
    """The operator shortlists ``nip`` alone for ``post`` and starts the assessment; the chair then
    selects them, which must be refused as Ineligible. Returns that refusal."""
    n = await service.create_nomination(world.sessions, world["operator"], post, kind)
    await service.set_shortlist(world.sessions, world["operator"], n.id, [nip])
    await service.start_assessment(world.sessions, world["operator"], n.id)
    with pytest.raises(Ineligible) as err:
        await service.select_nominee(world.sessions, world["chair"], n.id, nip)
    return err.value


async def test_ineligible_nominee_lists_failing_checks(world: World) -> None:
    nip = await world.employee(Level.PENGAWAS)
    async with write_transaction(world.sessions) as session:
        session.add(
            Discipline(
                nip=nip, decree_date=date(2026, 1, 10), severity="sedang", start_date=date(2026, 2, 1),
                end_date=date(2026, 12, 31),
            )
        )  # fmt: skip
    refused = await _selection_refused(world, "T-administrator", "PROMOTION", nip)
    assert [c.rule for c in refused.checks] == ["discipline"]
    assert "sedang" in refused.message
    assert len(await refused_events(world, "select_nominee")) == 1


async def test_promotion_needs_higher_level_and_rotation_same_level(world: World) -> None:
    same = await world.employee(Level.ADMINISTRATOR, target=Level.ADMINISTRATOR)
    refused = await _selection_refused(world, "T-administrator", "PROMOTION", same)
    assert [c.rule for c in refused.checks] == ["promotion_to_higher_level"]

    lower = await world.employee(Level.PENGAWAS)
    refused = await _selection_refused(world, "T-jpt_pratama", "ROTATION", lower)
    assert "rotation_same_level" in [c.rule for c in refused.checks]


async def test_rotation_lock_of_jpt_holder(world: World) -> None:
    recent = await world.employee(Level.JPT_PRATAMA, held_since=date(TODAY.year - 1, 1, 2))
    refused = await _selection_refused(world, "T-jpt_pratama", "ROTATION", recent)
    assert [c.rule for c in refused.checks] == ["rotation_lock"]


@pytest.mark.parametrize("action", ["reject", "return_for_revision", "withdraw"])
async def test_reason_required(world: World, action: str) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    actor = world["operator"] if action == "withdraw" else world["chair"]
    with pytest.raises(InvalidInput) as err:
        await getattr(service, action)(world.sessions, actor, nid, "   ")
    assert "needs a reason" in err.value.message
    n = await getattr(service, action)(world.sessions, actor, nid, "dokumen tidak lengkap")
    assert n.state == {"reject": "rejected", "return_for_revision": "assessment", "withdraw": "withdrawn"}[action]


async def test_stale_version_is_a_conflict_naming_the_state(world: World) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    async with world.sessions() as session:
        version = (await session.get(Nomination, nid)).version  # type: ignore[union-attr]
    await service.approve(world.sessions, world["chair"], nid, expected_version=version)
    with pytest.raises(Conflict) as err:
        await service.approve(world.sessions, world["sekda"], nid, expected_version=version)
    assert err.value.current_state == "approval" and err.value.current_version == version + 1
    assert "version" in err.value.message


async def test_second_open_nomination_is_refused_by_the_database(world: World) -> None:
    first = await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "PROMOTION")
    with pytest.raises(Conflict) as err:
        await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "ROTATION")
    assert err.value.current_state == "mapping"
    # The constraint holds below the service too.
    with pytest.raises(IntegrityError):
        async with write_transaction(world.sessions) as session:
            await session.exec(  # type: ignore[call-overload]
                sa.text(
                    "INSERT INTO nomination (kind, position_code, level, definition_id, state, round, step_index, "
                    "steps, shortlist, created_at, updated_at, version) SELECT kind, position_code, level, "
                    "definition_id, 'assessment', 1, 0, steps, shortlist, created_at, updated_at, 1 "
                    "FROM nomination WHERE id = :id"
                ).bindparams(id=first.id)
            )
    await service.withdraw(world.sessions, world["operator"], first.id, "salah jabatan")
    again = await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "PROMOTION")
    assert again.id != first.id


async def test_letter_required_for_national_review(world: World) -> None:
    nid = await drive_to(world, "approval", "T-jpt_pratama")
    await service.approve(world.sessions, world["chair"], nid)
    await service.approve(world.sessions, world["sekda"], nid)
    with pytest.raises(InvalidInput) as err:
        await service.approve(world.sessions, world["reviewer"], nid)
    assert "letter number" in err.value.message
    n = await service.approve(world.sessions, world["reviewer"], nid, **LETTER)
    assert n.step_index == 3


async def test_available_actions_explain_refusals(world: World) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    by_action = {a.action: a for a in await queries.available_actions(world.sessions, world["ppk"], nid)}
    assert by_action["approve"].reason_code == "NOT_YOUR_STEP"
    assert by_action["set_shortlist"].reason_code == "WRONG_STAGE"
    assert by_action["withdraw"].reason_code == "MISSING_ROLE"
    chair = {a.action: a for a in await queries.available_actions(world.sessions, world["chair"], nid)}
    assert chair["approve"].allowed and chair["reject"].allowed
    # An operator of another unit may not see the nomination at all: NotFound, not OUT_OF_UNIT
    # (which would tell them the post's unit).
    with pytest.raises(NotFound):
        await queries.available_actions(world.sessions, world["op_bkd"], nid)


async def test_refusal_of_unknown_actor_delegation(world: World) -> None:
    nid = await drive_to(world, "approval", "T-pengawas")
    fake = Actor(world["chair"].user_id, "chair", frozenset({"panel_chair"}), delegation_id=999)
    with pytest.raises(NotAllowed) as err:
        await service.approve(world.sessions, fake, nid)
    assert err.value.code == "NO_DELEGATION"


async def test_shortlist_lists_every_bad_nip_in_order_and_drops_repeats(world: World) -> None:
    n = await service.create_nomination(world.sessions, world["operator"], "T-pengawas", "PROMOTION")
    known = await world.employee(Level.PELAKSANA)
    with pytest.raises(InvalidInput) as err:
        await service.set_shortlist(world.sessions, world["operator"], n.id, ["197001011990031001", "123", known])
    assert err.value.message == (
        'NIP 197001011990031001 is not a known employee; import them first; NIP "123" has 3 digits; a NIP has 18'
    )
    spaced = f"{known[:8]} {known[8:14]} {known[14]} {known[15:]}"
    n = await service.set_shortlist(world.sessions, world["operator"], n.id, [known, spaced])
    assert n.shortlist == [known]
