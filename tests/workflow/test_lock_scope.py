"""The write lock covers the write only (issue 13, item 2): a step's eligibility and dossier work
runs before the lock is taken, the locked part is a short, fixed list of statements, and a refused
attempt takes one lock round, not a second one to log itself.

Measured structurally, not by time: every SQL statement is recorded with whether its connection
was inside a write transaction (``domain.db.write_transaction``: SQLite's ``BEGIN IMMEDIATE``, the
transaction that takes the nomination's row lock on PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

import domain.db
from domain.errors import InvalidInput, NotAllowed
from domain.models import AuditEvent, Nomination
from domain.reference import Level
from testkit.drive import drive_to
from testkit.province import World
from workflow import runner, service

# The talent data the eligibility rules read (and the panel's scores the dossier hashes).
TALENT_TABLES = {
    "competency_assessment", "competency_score", "discipline", "education_history", "job_history",
    "rank_history", "skp", "training", "nomination_evaluation",
}  # fmt: skip


@dataclass
class Recorder:
    """The statements run inside write transactions, one list per write transaction."""

    writes: list[list[str]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    _open: dict[int, list[str]] = field(default_factory=dict)

    def tables_read_under_lock(self) -> set[str]:
        return {t for tx in self.writes for sql in tx for t in TALENT_TABLES if re.search(rf"\b{t}\b", sql)}

    def tables_read_outside(self) -> set[str]:
        return {t for sql in self.outside for t in TALENT_TABLES if re.search(rf"\b{t}\b", sql)}


@contextmanager
def recording(engine: AsyncEngine) -> Iterator[Recorder]:
    recorder = Recorder()
    sync = engine.sync_engine

    def on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(domain.db._WRITE):
            recorder._open[id(conn)] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements = recorder._open.get(id(conn))
        if statements is not None:
            statements.append(statement)
        elif not statement.startswith(("BEGIN", "PRAGMA")):
            recorder.outside.append(statement)

    def on_end(conn) -> None:  # type: ignore[no-untyped-def]
        statements = recorder._open.pop(id(conn), None)
        if statements is not None:
            recorder.writes.append(statements)

    hooks = [("begin", on_begin), ("before_cursor_execute", on_execute), ("commit", on_end), ("rollback", on_end)]
    for name, hook in hooks:
        event.listen(sync, name, hook)
    try:
        yield recorder
    finally:
        for name, hook in hooks:
            event.remove(sync, name, hook)


async def test_approving_recomputes_eligibility_and_the_dossier_before_the_lock(
    world: World, engine: AsyncEngine
) -> None:
    nid = await drive_to(world, "approval", "T-administrator")
    with recording(engine) as seen:
        await service.approve(world.sessions, world["chair"], nid, "setuju")
    assert len(seen.writes) == 1  # one lock round
    assert {"skp", "job_history", "nomination_evaluation"} <= seen.tables_read_outside()  # the work was done…
    assert seen.tables_read_under_lock() == set()  # …but not under the lock
    # The locked part is a short, fixed list: lock the row, re-check what the plan read, write.
    assert len(seen.writes[0]) <= 16, seen.writes[0]  # 36 when eligibility ran under the lock


async def test_selecting_the_nominee_checks_eligibility_before_the_lock(world: World, engine: AsyncEngine) -> None:
    eko = await world.employee(Level.PENGAWAS)
    nid = await drive_to(world, "evaluated", "T-administrator", nominee=eko)
    with recording(engine) as seen:
        chosen = await service.select_nominee(world.sessions, world["chair"], nid, eko)
    assert chosen.nominee_nip == eko
    assert len(seen.writes) == 1
    assert {"skp", "job_history"} <= seen.tables_read_outside()
    assert seen.tables_read_under_lock() == set()


async def _refusals(world: World, nid: int) -> list[AuditEvent]:
    async with world.sessions() as session:
        query = select(AuditEvent).where(AuditEvent.nomination_id == nid, AuditEvent.outcome == "refused")
        return list((await session.exec(query)).all())


async def test_a_refusal_before_the_lock_takes_one_write_transaction_to_log_itself(
    world: World, engine: AsyncEngine
) -> None:
    nid = await drive_to(world, "mapping", "T-pengawas")
    with recording(engine) as seen, pytest.raises(NotAllowed, match="mapping"):
        await service.approve(world.sessions, world["chair"], nid)  # wrong stage: decided while planning
    assert len(seen.writes) == 1  # the refusal log's, no transaction of the refused step
    assert [e.error_code for e in await _refusals(world, nid)] == ["WRONG_STAGE"]


async def test_a_refusal_under_the_lock_is_logged_in_the_same_transaction(world: World, engine: AsyncEngine) -> None:
    nid = await drive_to(world, "mapping", "T-pengawas")
    with recording(engine) as seen, pytest.raises(InvalidInput, match="not a known employee"):
        await service.set_shortlist(world.sessions, world["operator"], nid, ["198001012006041001"])
    assert len(seen.writes) == 1  # the step's own transaction, which also logged the refusal
    assert [e.error_code for e in await _refusals(world, nid)] == ["INVALIDINPUT"]
    async with world.sessions() as session:  # the refused step changed nothing
        assert not (await session.get(Nomination, nid)).shortlist  # type: ignore[union-attr]


async def test_a_change_between_the_plan_and_the_lock_is_seen(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator withdraws the nomination after the chair's approval was planned and before
    its lock was taken: the approval is planned again and refused with the reason that now holds,
    and the withdrawal alone is in the log as a success."""
    nid = await drive_to(world, "approval", "T-pengawas")
    plan_unlocked = runner._plan_unlocked
    overtaken = []

    async def plan_then_overtake(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = await plan_unlocked(*args, **kwargs)
        if args[3] == "approve" and not overtaken:
            overtaken.append(await service.withdraw(world.sessions, world["operator"], nid, "jabatan dihapus"))
        return plan

    monkeypatch.setattr(runner, "_plan_unlocked", plan_then_overtake)
    with pytest.raises(NotAllowed) as refused:
        await service.approve(world.sessions, world["chair"], nid, "setuju")
    assert refused.value.code == "WRONG_STAGE" and "withdrawn" in refused.value.message
    async with world.sessions() as session:
        row = await session.get(Nomination, nid)
        events = (await session.exec(select(AuditEvent).where(AuditEvent.nomination_id == nid))).all()
    assert row is not None and row.state == "withdrawn" and row.version == overtaken[0].version
    assert [(e.action, e.outcome) for e in events][-2:] == [("withdraw", "ok"), ("approve", "refused")]
