"""``available_actions_many`` answers for each nomination exactly what ``available_actions`` answers
for it alone — every stage, every role, a unit-scoped operator in and out of their units, an
account acting under a delegation, a delegation that is not theirs, a nomination that does not
exist — and reads the nominations, posts and definitions of a batch once, not once per row."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.db import write_transaction
from domain.errors import DomainError
from domain.models import Delegation
from domain.reference import Level
from testkit.drive import drive_to
from testkit.province import TODAY, World
from tests.workflow.conftest import ROLES, STOPS
from workflow.actor import Actor
from workflow.available import available_actions_many
from workflow.queries import available_actions

MISSING = 999_999


async def _one(world: World, actor: Actor, nid: int) -> object:
    try:
        return await available_actions(world.sessions, actor, nid)
    except DomainError as error:
        return (type(error).__name__, str(error))


def _as_compared(answer: object) -> object:
    return (type(answer).__name__, str(answer)) if isinstance(answer, DomainError) else answer


async def _delegated(world: World) -> Actor:
    """``panel1`` acting (Plh) for the PPK today."""
    async with write_transaction(world.sessions) as session:
        delegation = Delegation(
            acting_user_id=world["panel1"].user_id,
            principal_user_id=world["ppk"].user_id,
            kind="plh",
            start_date=TODAY - timedelta(days=1),
            end_date=TODAY + timedelta(days=1),
            created_at=datetime.now(UTC),
        )
        session.add(delegation)
        await session.flush()
        delegation_id = delegation.id
    return replace(world["panel1"], delegation_id=delegation_id)


async def test_many_answers_what_one_answers_for_every_nomination_and_actor(world: World) -> None:
    ids = [await drive_to(world, "mapping", "T-RS")]  # in DINKES-RS: op_dinkes covers it, op_bkd does not
    for i, (stop, approvals) in enumerate(STOPS):
        post = await world.add_post(f"AM-{i}", Level.JPT_PRATAMA if i % 2 else Level.PENGAWAS, unit="BKD")
        ids.append(await drive_to(world, stop, post, approvals=approvals))
    ids.append(await drive_to(world, "assessment", await world.add_post("AM-W", Level.PENGAWAS)))
    actors = {role: world[role] for role in ROLES}
    actors["delegated"] = await _delegated(world)
    actors["bad delegation"] = replace(world["chair"], delegation_id=12345)
    compared = 0
    for name, actor in actors.items():
        many = await available_actions_many(world.sessions, actor, [*ids, MISSING, ids[0]])
        assert set(many) == {*ids, MISSING}
        for nid in [*ids, MISSING]:
            assert _as_compared(many[nid]) == await _one(world, actor, nid), f"{name}, nomination {nid}"
            compared += 1
    assert compared == len(actors) * (len(ids) + 1)


async def test_a_batch_reads_its_rows_once_not_once_per_nomination(world: World, engine: AsyncEngine) -> None:
    ids = [await drive_to(world, "mapping", await world.add_post(f"AQ-{i}", Level.PENGAWAS)) for i in range(8)]
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await available_actions_many(world.sessions, world["op_dinkes"], ids[:2])
        two = statements
        statements = 0
        await available_actions_many(world.sessions, world["op_dinkes"], ids)
        eight = statements
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert eight == two <= 6
