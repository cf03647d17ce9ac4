"""The inbox decided once: ``workflow.queries.inbox`` (the Python predicate ``inbox_rule.waits_on``)
and the SQL filter ``inbox_rule.inbox_clause`` give the same nominations, for every case below, on
SQLite and PostgreSQL.

Nominations are written directly (no transitions: the rule reads only state, stored step and post)
— every state, every step of a four-step chain, the chain done, an empty chain — for posts in a
unit, a unit below it and two other units. The actors: every role, operators without a unit, of a
unit with a sub-unit, of a unit without; a person with two roles; an employee; Plh/Plt acting for
an official (a step official, an operator) on the days before, on, inside, at the end of and after
their delegation, and under a delegation that names someone else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from domain.access import Principal
from domain.db import write_transaction
from domain.models import Delegation, Nomination, Position, WorkflowDefinition
from domain.models.nomination import CLOSED_STATES
from testkit.province import World
from workflow import queries
from workflow.inbox_rule import inbox_clause, inbox_params

CHAIN = [{"name": r, "role": r, "label": r} for r in ("panel_chair", "secretary", "reviewer", "ppk")]
# (state, step_index, steps): every stage and every stored step of the approval stage.
STAGES: list[tuple[str, int, list[dict[str, Any]]]] = [
    ("mapping", 0, []),
    ("assessment", 0, []),
    *[("approval", i, CHAIN) for i in range(len(CHAIN) + 1)],  # each step open, then every step done
    ("approval", 0, []),  # a chain with no steps: nothing open, the operator's
    ("inauguration", len(CHAIN), CHAIN),
    ("oath", len(CHAIN), CHAIN),
    *[(state, 1, CHAIN) for state in CLOSED_STATES],
]
UNITS = ["DINKES", "DINKES-RS", "BKD", "SETDA"]  # DINKES-RS lies below DINKES (testkit's workflow world)
DAY = date(2026, 6, 15)  # the delegations run from DAY to DAY + 10


async def _nominations(w: World) -> dict[int, tuple[str, str, int]]:
    """One nomination per (unit, stage), each on a post of its own; id -> (unit, state, step)."""
    made: dict[int, tuple[str, str, int]] = {}
    now = datetime.now(UTC)
    async with write_transaction(w.sessions) as session:
        definition = (await session.exec(select(WorkflowDefinition))).first()
        assert definition is not None and definition.id is not None
        for unit in UNITS:
            for n, (state, step_index, steps) in enumerate(STAGES):
                post = Position(code=f"IN-{unit}-{n}", title=f"Jabatan {n}", unit_code=unit, level="pengawas")
                session.add(post)
                await session.flush()
                row = Nomination(
                    kind="promotion",
                    position_code=post.code,
                    level="pengawas",
                    definition_id=definition.id,
                    state=state,
                    step_index=step_index,
                    steps=steps,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                await session.flush()
                assert row.id is not None
                made[row.id] = (unit, state, step_index)
    return made


async def _delegated(w: World, acting: Principal, principal: Principal) -> Principal:
    """``acting`` under a Plh delegation for ``principal`` from DAY to DAY + 10."""
    async with write_transaction(w.sessions) as session:
        row = Delegation(
            acting_user_id=acting.user_id,
            principal_user_id=principal.user_id,
            kind="plh",
            start_date=DAY,
            end_date=DAY + timedelta(days=10),
            created_at=datetime.now(UTC),
        )
        session.add(row)
        await session.flush()
        return replace(acting, delegation_id=row.id)


async def _actors(w: World) -> dict[str, Principal]:
    both = await w.add_user("op_sekda", ["operator", "secretary"], unit="SETDA")
    employee = await w.add_user("pegawai", ["employee"], nip=await w.employee())
    plh = await w.add_user("plh_sekda", ["employee"])
    plt = await w.add_user("plt_ppk", ["operator"], unit="BKD")  # an operator of BKD acting for the PPK
    plh_op = await w.add_user("plh_op", ["employee"], unit="DINKES")  # acting for the province-wide operator
    other = await w.add_user("other", ["employee"])
    actors = {name: w[name] for name in ("operator", "op_dinkes", "op_bkd", "panel1", "chair", "sekda")}
    actors |= {name: w[name] for name in ("reviewer", "ppk", "admin")}
    actors |= {"op_sekda": both, "pegawai": employee, "plh_sekda": plh, "plt_ppk": plt, "plh_op": plh_op}
    actors["plh_sekda+d"] = await _delegated(w, plh, w["sekda"])
    actors["plt_ppk+d"] = await _delegated(w, plt, w["ppk"])
    actors["plh_op+d"] = await _delegated(w, plh_op, w["operator"])
    not_theirs = await _delegated(w, other, w["chair"])  # names "other", used by the Plh of the Sekda
    actors["plh_sekda+not-theirs"] = replace(plh, delegation_id=not_theirs.delegation_id)
    return actors


async def sql_inbox(w: World, actor: Principal, on: date) -> list[int]:
    """The SQL form, as the compiled read path runs it: the clause and its per-request values."""
    query = sa.select(Nomination.id).where(inbox_clause(actor)).order_by(Nomination.id)  # type: ignore[arg-type]
    async with w.sessions() as session:
        return list((await session.exec(query, params=inbox_params(actor, on))).scalars())  # type: ignore[call-overload]


async def test_python_and_sql_inbox_are_the_same_for_every_case(world: World) -> None:
    made = await _nominations(world)
    actors = await _actors(world)
    days = [DAY - timedelta(days=1), DAY, DAY + timedelta(days=5), DAY + timedelta(days=10), DAY + timedelta(days=11)]
    found: dict[tuple[str, date], list[int]] = {}
    for name, actor in actors.items():
        for on in days if actor.delegation_id else [DAY]:
            python = [n.id for n in await queries.inbox(world.sessions, actor, on)]
            sql = await sql_inbox(world, actor, on)
            assert python == sql, f"{name} on {on}: Python {_show(python, made)} != SQL {_show(sql, made)}"
            found[name, on] = sql

    def kinds(name: str, on: date = DAY) -> set[tuple[str, str, int]]:
        return {made[i] for i in found[name, on]}

    # Not vacuous: every open nomination waits on someone, no closed one on anybody.
    waiting = {i for ids in found.values() for i in ids}
    assert waiting == {i for i, (_, state, _) in made.items() if state not in CLOSED_STATES}
    assert found["pegawai", DAY] == [] and found["admin", DAY] == found["operator", DAY]
    # The operator's stages as the inbox always had them (the table's ``awaited`` rows say so).
    operator = {(state, step) for _, state, step in kinds("operator")}
    assert operator == {("mapping", 0), ("approval", 4), ("approval", 0), ("inauguration", 4), ("oath", 4)}
    # The scoped operator: its unit and the unit below, nothing else.
    assert {unit for unit, _, _ in kinds("op_dinkes")} == {"DINKES", "DINKES-RS"}
    assert ("BKD", "mapping", 0) in kinds("op_bkd") and ("DINKES", "mapping", 0) not in kinds("op_bkd")
    # Steps: the chair's first, the Sekda's second; the panel has the assessment.
    assert {(state, step) for _, state, step in kinds("sekda")} == {("approval", 1)}
    assert (
        {(state, step) for _, state, step in kinds("panel1")}
        == {("assessment", 0)}
        == {(state, step) for _, state, step in kinds("chair") if state == "assessment"}
    )
    # The Plh of the Sekda has the Sekda's step only on the days of the delegation.
    for on in days:
        expected = found["sekda", DAY] if DAY <= on <= DAY + timedelta(days=10) else []
        assert found["plh_sekda+d", on] == expected, on
    assert found["plh_sekda+not-theirs", DAY] == []
    # The Plt of the PPK keeps their own BKD operator stages and gains the PPK's step while in force.
    assert kinds("plt_ppk+d", DAY) == kinds("plt_ppk") | kinds("ppk")
    assert kinds("plt_ppk+d", DAY - timedelta(days=1)) == kinds("plt_ppk")
    # Acting for the province-wide operator, within their own unit's scope (the workflow's unit rule).
    assert kinds("plh_op+d", DAY) == kinds("op_dinkes") and found["plh_op+d", DAY + timedelta(days=11)] == []


def _show(ids: list[int], made: dict[int, tuple[str, str, int]]) -> str:
    return str([made[i] for i in ids])
