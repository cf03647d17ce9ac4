"""The action table decides once: for every action × stage × role, ``available_actions`` says
*allowed* exactly when the transition succeeds, and a refusal carries the code it listed. The
shared machine holds no per-request state, so concurrent transitions of different nominations
cannot mix each other up."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.db import write_transaction
from domain.errors import DomainError, Ineligible, NotAllowed, NotFound, Refusal
from domain.models import Nomination
from domain.reference import Level
from testkit.drive import a_ceremony, drive_to
from testkit.province import LETTER, TODAY, World
from tests.workflow.conftest import ROLES, STOPS
from workflow import service
from workflow.actions import ACTIONS, MACHINE, StageFacts, stage_decision
from workflow.chain import ChainPosition
from workflow.queries import available_actions
from workflow.runner import apply_step
from workflow.steps import bind


class _RolledBack(Exception):
    """Ends an attempt's transaction after the step succeeded, so the next attempt starts alike."""


def _arguments(action: str, nomination: Nomination, w: World, ceremony: int) -> dict[str, Any]:
    """Valid arguments for each action, so that only the table's rules can refuse."""
    candidate = nomination.shortlist[0] if nomination.shortlist else w.witnesses[0]
    return {
        "set_shortlist": {"nips": [w.witnesses[0]]},
        "record_evaluation": {"nip": candidate, "score": 70},
        "select_nominee": {"nip": candidate},
        "approve": {"comment": "setuju", **LETTER},
        "return_for_revision": {"reason": "berkas kurang"},
        "reject": {"reason": "tidak memenuhi"},
        "withdraw": {"reason": "jabatan dihapus"},
        "schedule_inauguration": {
            "ceremony_id": ceremony,
            "decree_number": f"821.2/{nomination.id}/BKD/2026",
            "decree_date": TODAY,
            "effective_date": TODAY,
        },
        "record_oath": {"witness_nips": w.witnesses, "clergy_name": "K.H. Ahmad"},
    }.get(action, {})


async def _attempt(w: World, actor: Any, nomination: Nomination, action: str, ceremony: int) -> DomainError | None:
    """The transition run for real — the mutation's own frame body — then rolled back."""
    step, _ = bind(action, **_arguments(action, nomination, w, ceremony))
    assert nomination.id is not None
    try:
        async with write_transaction(w.sessions) as session:
            await apply_step(session, actor, nomination.id, action, step, None, None)
            raise _RolledBack
    except _RolledBack:
        return None
    except DomainError as error:
        return error


async def test_available_actions_agree_with_the_transitions(world: World) -> None:
    ceremony = await a_ceremony(world)
    checked = allowed_seen = hidden = 0
    for i, (stop, approvals) in enumerate(STOPS):
        post = await world.add_post(f"AT-{i}", Level.JPT_PRATAMA, title=f"Kepala {i}")
        nid = await drive_to(world, stop, post, approvals=approvals)
        async with world.sessions() as session:
            nomination = await session.get(Nomination, nid)
        assert nomination is not None
        for role in ROLES:
            actor = world[role]
            try:
                listed = {a.action: a for a in await available_actions(world.sessions, actor, nid)}
            except NotFound:  # a nomination outside what they may see: every attempt is NotFound too
                for action in ACTIONS:
                    error = await _attempt(world, actor, nomination, action, ceremony)
                    assert isinstance(error, NotFound), f"{stop} as {role}: {action} gave {error!r}"
                    checked += 1
                hidden += 1
                continue
            assert listed.keys() == ACTIONS.keys()
            for action in ACTIONS:
                error = await _attempt(world, actor, nomination, action, ceremony)
                shown = listed[action]
                where = f"{stop}+{approvals} as {role}: {action} listed {shown}, attempt gave {error!r}"
                assert shown.allowed == (error is None), where
                if isinstance(error, NotAllowed):
                    assert shown.reason_code == error.code, where
                if isinstance(error, Ineligible):
                    assert shown.reason_code == Refusal.NOMINEE_INELIGIBLE, where
                checked += 1
                allowed_seen += shown.allowed
    assert checked == len(STOPS) * len(ROLES) * len(ACTIONS)
    assert hidden == len(STOPS)  # op_bkd: the posts are in Dinas Kesehatan, outside the BKD
    assert allowed_seen >= len(STOPS)  # each stop has something someone may do (the table is not all-no)


async def test_listed_facts_for_the_page(world: World) -> None:
    nid = await drive_to(world, "approval", "T-jpt_pratama", approvals=2)  # the national review step
    listed = {a.action: a for a in await available_actions(world.sessions, world["reviewer"], nid)}
    assert listed["approve"].allowed and listed["approve"].requires_letter
    assert listed["return_for_revision"].mutation == "returnForRevision"
    assert listed["return_for_revision"].reason_required and listed["withdraw"].reason_required
    assert not listed["approve"].reason_required
    first = await drive_to(world, "approval", "T-administrator")
    chair = {a.action: a for a in await available_actions(world.sessions, world["chair"], first)}
    assert chair["approve"].allowed and not chair["approve"].requires_letter


async def test_withdraw_from_oath_is_in_the_table_and_the_diagram(world: World) -> None:
    nid = await drive_to(world, "oath", "T-pengawas")
    listed = {a.action: a for a in await available_actions(world.sessions, world["operator"], nid)}
    assert listed["withdraw"].allowed
    row = await service.withdraw(world.sessions, world["operator"], nid, "dibatalkan")
    assert row.state == "withdrawn"
    from workflow.machine import mermaid

    assert "oath --> withdrawn: withdraw" in mermaid()


def test_the_shared_machine_holds_no_models() -> None:
    """``transitions`` finds models by ``==``; equal per-request models on one shared machine got
    mixed up. The table's machine never has a model attached: deciding is a look-up."""
    chain = ChainPosition([{"name": "a", "label": "A", "role": "ppk"}], 0, [], "", {})
    equal = [StageFacts("approval", True, True, chain) for _ in range(40)]
    decisions = [stage_decision("approve", facts) for facts in equal]
    assert all(d.allowed for d in decisions)
    assert MACHINE.models == []
    assert stage_decision("record_oath", StageFacts("mapping")).code == Refusal.WRONG_STAGE


async def test_forty_concurrent_approvals_of_different_nominations(world: World) -> None:
    """On PostgreSQL the shared machine mixed up equal flows (14 of 40 failed); all 40 must pass."""
    nids = []
    for i in range(40):
        post = await world.add_post(f"CC-{i}", Level.ADMINISTRATOR, title=f"Kepala Bidang {i}")
        nids.append(await drive_to(world, "approval", post))

    async def approve(nid: int) -> object:
        try:
            return await service.approve(world.sessions, world["chair"], nid, "setuju")
        except Exception as error:  # noqa: BLE001 - the test reports every failure, whatever it is
            return error

    results = await asyncio.gather(*(approve(n) for n in nids))
    failures = [r for r in results if not isinstance(r, Nomination)]
    assert failures == []
    assert all(r.step_index == 1 for r in results)  # type: ignore[union-attr]


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_names_a_camel_case_mutation(action: str) -> None:
    mutation = ACTIONS[action].mutation
    assert "_" not in mutation and mutation[0].islower()
    assert mutation.lower() == action.replace("_", "")
