"""A hypothesis state machine over (actor, action) pairs on three nominations and a dozen officials,
through the workflow's own service functions (no HTTP). After every step:

- the answer equals what ``available_actions`` listed for that person just before (decide once):
  listed allowed ⇔ the transition succeeded; listed refused ⇒ refused with the listed code;
- one audit event with outcome "ok" per successful transition and none for a refusal; a refusal
  is logged once as "refused" (while the person is under 30 refusals in the minute); an
  idempotent resend adds nothing;
- the invariants of :mod:`tests.reliability.invariants`: legal state path, separation of duties,
  replay equals the stored rows, the hash chain verifies.

One province is built per test (on SQLite, or the PostgreSQL of ``DATABASE_URL``); each example
adds its own posts, candidates and nominations to it, so the invariants also keep holding over
everything earlier examples left. The async calls run on one ``asyncio.Runner``: hypothesis'
stateful runner is synchronous, so the test is a plain function.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import SQLModel

from domain.db import create_engine, session_factory
from domain.errors import DomainError, Ineligible, NotAllowed, NotFound, Refusal
from domain.models import Nomination
from domain.reference import Level
from testkit.drive import a_ceremony, drive_to
from testkit.province import BELOW, LETTER, TODAY, World, workflow_world
from tests.conftest import _reset_postgres, on_postgres
from tests.reliability.invariants import all_problems, event_counts
from tests.reliability.traffic import write_figures
from workflow import service
from workflow.actions import ACTIONS
from workflow.limits import REFUSALS_PER_MINUTE
from workflow.queries import available_actions

LEVELS = [Level.PENGAWAS, Level.ADMINISTRATOR, Level.JPT_PRATAMA]
# workflow_world's accounts, and three that make separation of duties reachable: the creator of
# nomination 0 also holds the ppk role; a secretary who is a candidate of nomination 1; one person
# holding two steps' roles (panel chair and secretary).
ACTORS = ["operator", "op_dinkes", "op_bkd", "panel1", "panel2", "chair", "sekda", "reviewer", "ppk", "admin",
          "op_ppk", "sekda_cand", "chair_sekda"]  # fmt: skip
# Every action, the ones that do not change the stage first (hypothesis draws the first entries most).
ATTEMPTED = sorted(ACTIONS, key=lambda a: (ACTIONS[a].dest is not None, a != "approve"))
# Whom each stage waits for (in approval: every account holding the open step's role).
WAITED_ON = {
    "mapping": ["operator", "op_dinkes", "op_ppk"],
    "assessment": ["chair", "chair_sekda", "operator", "panel1"],
    "inauguration": ["operator", "op_dinkes"],
    "oath": ["operator", "op_ppk"],
}
# Allowed actions that do not move a nomination on (or end it): taken only now and then.
SIDE = {"withdraw", "reject", "return_for_revision", "record_evaluation"}
EXAMPLES = int(os.environ.get("MERITFLOW_PROPERTY_EXAMPLES", "8"))
STEPS = int(os.environ.get("MERITFLOW_PROPERTY_STEPS", "30"))


@dataclass
class Sent:
    actor: str
    action: str
    index: int
    arguments: dict[str, Any]
    key: str


class WorkflowMachine(RuleBasedStateMachine):
    """One example: three new posts in the shared province, two new candidates for each, three
    nominations (in approval, assessment and mapping), and a fresh session factory (so the
    per-person refusal log limit starts afresh)."""

    runner: asyncio.Runner
    base: World
    ceremony: int
    examples = itertools.count()
    seen: Counter[str] = Counter()  # over the whole run: outcomes and states reached (asserted at the end)

    def __init__(self) -> None:
        super().__init__()
        self.w: World | None = None
        self.nids: list[int] = []
        self.posts: list[str] = []
        self.candidates: list[list[str]] = []
        self.refusals: dict[str, int] = {}
        self.last_ok: Sent | None = None
        self.example = next(self.examples)
        self.keys = itertools.count(1)

    def run(self, coroutine: Any) -> Any:
        return self.runner.run(coroutine)

    # ------------------------------------------------------------------ setup

    @initialize()
    def build(self) -> None:
        self.run(self._build())

    async def _build(self) -> None:
        base = self.base
        w = self.w = World(session_factory(base.sessions.kw["bind"]), dict(base.actors), witnesses=base.witnesses)
        w._seq = base._seq
        # Where each nomination starts (so that a short run reaches the approval chain): nomination
        # 0 in approval with its first step taken, created by op_ppk (who holds the ppk step's role);
        # 1 in assessment; 2 in mapping.
        by_op_ppk = World(w.sessions, {"op_ppk": w["op_ppk"], **w.actors}, w._seq, w.witnesses)
        starts = [(by_op_ppk, "approval", 1), (w, "assessment", 0), (w, "mapping", 0)]
        for i, (level, (driver, stop, approvals)) in enumerate(zip(LEVELS, starts, strict=True)):
            post = await w.add_post(f"X{self.example}-{i}", level, title=f"Target {self.example}-{i}")
            self.posts.append(post)
            mine = [await w.employee(BELOW[level]), await w.employee(BELOW[level])]
            self.candidates.append(mine)
            self.nids.append(await drive_to(driver, stop, post, nominee=mine[0], shortlist=mine, approvals=approvals))
        w.actors["sekda_cand"] = await w.add_user(f"sekda_cand{self.example}", ["secretary"], nip=self.candidates[1][1])

    # ------------------------------------------------------------------ rules

    @rule(data=st.data(), index=st.integers(0, len(LEVELS) - 1), kind=st.integers(0, 9))
    def step(self, data: st.DataObject, index: int, kind: int) -> None:
        """Mostly a move along the path (by whoever the stage waits for), else anyone trying
        anything, now and then an idempotent resend of the last success."""
        if kind < 6:
            self.run(self._progress(data, index))
        elif kind < 9:
            actor = data.draw(st.sampled_from(ACTORS), label="actor")
            action = data.draw(st.sampled_from(ATTEMPTED), label="action")
            self.run(self._attempt(data, index, actor, action))
        elif self.last_ok is not None:
            self.run(self._resend(self.last_ok))

    async def _progress(self, data: st.DataObject, index: int) -> None:
        """Someone the stage waits for takes an action listed as allowed for them; actions that
        move the nomination on are preferred, a closing one is rare."""
        w = self.w
        assert w is not None
        async with w.sessions() as session:
            n = await session.get(Nomination, self.nids[index])
        assert n is not None
        if n.state == "approval" and n.step_index < len(n.steps):
            role = n.steps[n.step_index]["role"]
            who = [name for name in ACTORS if role in w[name].roles]
        else:
            who = WAITED_ON.get(n.state, [])
        if not who:
            return
        actor = data.draw(st.sampled_from(who), label="mover")
        listed = await available_actions(w.sessions, w[actor], n.id or 0)
        allowed = [a.action for a in listed if a.allowed]
        done = {"set_shortlist"} if n.shortlist else set()
        done |= {"select_nominee"} if n.nominee_nip else set()
        moving = [a for a in allowed if a not in SIDE | done]
        pool = allowed if data.draw(st.integers(0, 9), label="side step?") == 0 else moving
        if not pool:  # in approval: a holder of the step's role who may not take it (separation of duties)
            pool = ["approve"] if n.state == "approval" else []
        if not pool:
            return
        await self._attempt(data, index, actor, data.draw(st.sampled_from(pool), label="action"))

    # ------------------------------------------------------------------ checks

    @invariant()
    def stored_data_holds(self) -> None:
        if self.w is None:
            return
        # This example's nominations only: a replay of a failing example must not see the data an
        # earlier (failing) example left, or hypothesis cannot shrink it (the chain is checked whole).
        problems = self.run(all_problems(self.w.sessions, set(self.nids)))
        assert problems == [], problems

    # ------------------------------------------------------------------ helpers

    async def _arguments(self, data: st.DataObject, index: int, action: str) -> dict[str, Any]:
        assert self.w is not None
        async with self.w.sessions() as session:
            n = await session.get(Nomination, self.nids[index])
        assert n is not None
        mine = self.candidates[index]
        on_list = n.shortlist or mine
        if action == "set_shortlist":
            return {"nips": data.draw(st.sampled_from([mine, mine[:1], mine[1:]]), label="shortlist")}
        if action == "record_evaluation":
            return {"nip": data.draw(st.sampled_from(on_list)), "score": data.draw(st.integers(0, 100))}
        if action == "select_nominee":
            return {"nip": data.draw(st.sampled_from(on_list), label="nominee")}
        if action == "approve":
            return {"comment": "setuju", **LETTER}
        if action in ("return_for_revision", "reject", "withdraw"):
            return {"reason": f"{action} by the property test"}
        if action == "schedule_inauguration":
            decree = f"821.2/{n.id}/{n.round}/BKD/2026"
            return {"ceremony_id": self.ceremony, "decree_number": decree, "decree_date": TODAY,
                    "effective_date": TODAY}  # fmt: skip
        if action == "record_oath":
            return {"witness_nips": self.w.witnesses, "clergy_name": "K.H. Ahmad"}
        return {}

    async def _attempt(self, data: st.DataObject, index: int, actor: str, action: str) -> None:
        w = self.w
        assert w is not None
        nid = self.nids[index]
        arguments = await self._arguments(data, index, action)
        try:
            listed = {a.action: a for a in await available_actions(w.sessions, w[actor], nid)}
            shown = listed[action]
        except NotFound:
            shown = None  # a nomination this person may not see: the action is NotFound too
        before = await event_counts(w.sessions)
        key = f"prop-{self.example}-{next(self.keys)}"
        operation = getattr(service, action)
        error: DomainError | None = None
        try:
            row = await operation(w.sessions, w[actor], nid, idempotency_key=key, **arguments)
        except DomainError as caught:
            error = caught
        after = await event_counts(w.sessions)
        where = f"{actor} {action} on nomination {index} ({self.posts[index]}): listed {shown}, answer {error!r}"

        if shown is None:
            assert isinstance(error, NotFound), where
        elif shown.allowed:
            assert error is None, where
        else:
            assert error is not None, where
            if isinstance(error, Ineligible):
                assert shown.reason_code == Refusal.NOMINEE_INELIGIBLE, where
            else:
                assert isinstance(error, NotAllowed) and error.code == shown.reason_code, where

        delta = {k: after.get(k, 0) - before.get(k, 0) for k in after.keys() | before.keys()}
        changed = {k: v for k, v in delta.items() if v}
        if error is None:
            assert changed == {("ok", nid, action): 1}, (where, changed)
            assert row.state == (ACTIONS[action].dest or row.state)
            self.last_ok = Sent(actor, action, index, arguments, key)
            self.seen[f"ok {action}"] += 1
            self.seen[f"state {row.state}"] += 1
        else:
            logged = self.refusals.get(actor, 0) < REFUSALS_PER_MINUTE  # the runs last well under a minute
            assert changed == ({("refused", nid, action): 1} if logged else {}), (where, changed)
            self.refusals[actor] = self.refusals.get(actor, 0) + 1
            self.seen[f"refused {getattr(error, 'code', type(error).__name__)}"] += 1

    async def _resend(self, sent: Sent) -> None:
        w = self.w
        assert w is not None
        nid = self.nids[sent.index]
        before = await event_counts(w.sessions)
        async with w.sessions() as session:
            stored = await session.get(Nomination, nid)
        assert stored is not None
        operation = getattr(service, sent.action)
        row = await operation(w.sessions, w[sent.actor], nid, idempotency_key=sent.key, **sent.arguments)
        assert (row.state, row.version) == (stored.state, stored.version)
        assert await event_counts(w.sessions) == before, f"resending {sent} wrote an event"
        self.seen["idempotent resend"] += 1


async def _province(database_url: str) -> tuple[Any, World]:
    engine = create_engine(database_url)
    if on_postgres():
        await _reset_postgres(engine)
    else:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
    w = await workflow_world(session_factory(engine))
    await w.add_user("op_ppk", ["operator", "ppk"])
    await w.add_user("chair_sekda", ["panel_chair", "secretary"])
    return engine, w


@pytest.mark.slow
def test_the_workflow_keeps_its_invariants_whatever_is_tried(database_url: str) -> None:
    with asyncio.Runner() as runner:
        engine, base = runner.run(_province(database_url))
        try:
            WorkflowMachine.runner, WorkflowMachine.base = runner, base
            WorkflowMachine.ceremony = runner.run(a_ceremony(base))
            run_state_machine_as_test(
                WorkflowMachine,
                settings=settings(
                    max_examples=EXAMPLES,
                    stateful_step_count=STEPS,
                    deadline=None,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                ),
            )
        finally:
            runner.run(engine.dispose())
    seen = WorkflowMachine.seen
    print("property test coverage:", dict(sorted(seen.items())))
    write_figures(
        f"properties-{'postgresql' if on_postgres() else 'sqlite'}",
        {"examples": EXAMPLES, "max_steps": STEPS, **{k: v for k, v in sorted(seen.items()) if v}},
    )
    # The run explored the workflow, not only refusals: approvals, separation of duties, resends.
    assert seen["state approval"] and seen["ok approve"] and seen["idempotent resend"], seen
    assert seen[f"refused {Refusal.SEPARATION_OF_DUTIES}"] or EXAMPLES < 8, seen
