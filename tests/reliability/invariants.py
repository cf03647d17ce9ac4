"""The invariants every reliability test checks on the stored data, whatever drove it there.

- every nomination is in a state of the action table, and its ok events walk a legal path
  (each event's action may start from its ``from_state`` and leads to its ``to_state``);
- separation of duties: within one round nobody approved two steps, and neither the creator nor
  the nominee (nor a shortlisted candidate) ever approved;
- replaying the audit events gives the stored rows (``workflow.replay``);
- the hash chain verifies (``workflow.audit.verify_chain``).

Each returns a list of problems (empty: the invariant holds), so a failing test says all of them;
``only`` limits the nomination checks to some nominations (the hash chain is always checked whole).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Approval, AuditEvent, Nomination
from workflow.actions import ACTIONS, STATES
from workflow.audit import verify_chain
from workflow.replay import ReplayError, matches, replay_all


async def event_counts(sessions: async_sessionmaker[AsyncSession]) -> dict[tuple[str, int | None, str], int]:
    """(outcome, nomination id, action) → number of audit events."""
    async with sessions() as session:
        rows = await session.exec(
            select(AuditEvent.outcome, AuditEvent.nomination_id, AuditEvent.action, func.count()).group_by(
                col(AuditEvent.outcome), col(AuditEvent.nomination_id), col(AuditEvent.action)
            )
        )
        return {(o, n, a): c for o, n, a, c in rows.all()}


async def legal_paths(sessions: async_sessionmaker[AsyncSession], only: set[int] | None = None) -> list[str]:
    problems = []
    async with sessions() as session:
        for n in (await session.exec(select(Nomination))).all():
            if only is not None and n.id not in only:
                continue
            if n.state not in STATES:
                problems.append(f"nomination {n.id} is in {n.state!r}, not a state of the action table")
        events = (
            await session.exec(
                select(AuditEvent)
                .where(AuditEvent.outcome == "ok", col(AuditEvent.nomination_id).is_not(None))
                .order_by(col(AuditEvent.seq))
            )
        ).all()
    last: dict[int, str] = {}
    for e in events:
        nid = e.nomination_id or 0
        if only is not None and nid not in only:
            continue
        if e.action == "create":
            last[nid] = e.to_state or ""
            continue
        spec = ACTIONS.get(e.action)
        if spec is None:
            continue  # ceremony bookkeeping and the like: not a transition of the table
        where = f"event {e.seq} ({e.action} on nomination {nid})"
        if e.from_state != last.get(nid):
            problems.append(f"{where} starts from {e.from_state}, the nomination was in {last.get(nid)}")
        if e.from_state not in spec.sources:
            problems.append(f"{where}: {e.action} may start only from {spec.sources}, not {e.from_state}")
        if e.to_state != (spec.dest or e.from_state):
            problems.append(f"{where}: leads to {e.to_state}, the table says {spec.dest or e.from_state}")
        last[nid] = e.to_state or ""
    return problems


async def separation_of_duties(sessions: async_sessionmaker[AsyncSession], only: set[int] | None = None) -> list[str]:
    problems = []
    async with sessions() as session:
        nominations = {n.id: n for n in (await session.exec(select(Nomination))).all()}
        approvals = (await session.exec(select(Approval).where(col(Approval.void).is_(False)))).all()
    steps_of: dict[tuple[int, int, object], set[int]] = defaultdict(set)
    for a in approvals:
        if only is not None and a.nomination_id not in only:
            continue
        n = nominations[a.nomination_id]
        people_ids = {a.actor_user_id, a.on_behalf_of_user_id} - {None}
        people_nips = {a.actor_nip, a.on_behalf_of_nip} - {None}
        for person in people_ids:
            steps_of[(a.nomination_id, a.round, person)].add(a.step_index)
        if n.created_by_user_id in people_ids or (n.created_by_nip and n.created_by_nip in people_nips):
            problems.append(f"nomination {n.id}: its creator approved step {a.step_name} (round {a.round})")
        if n.nominee_nip and n.nominee_nip in people_nips:
            problems.append(f"nomination {n.id}: its nominee approved step {a.step_name}")
        if people_nips & set(n.shortlist):
            problems.append(f"nomination {n.id}: a shortlisted candidate approved step {a.step_name}")
    for (nid, round_, person), steps in steps_of.items():
        if len(steps) > 1:
            problems.append(f"nomination {nid} round {round_}: user {person} approved steps {sorted(steps)}")
    return problems


async def replay_problems(sessions: async_sessionmaker[AsyncSession], only: set[int] | None = None) -> list[str]:
    try:
        replayed = await replay_all(sessions)
    except ReplayError as error:
        return [f"replay failed: {error}"]
    return [
        f"nomination {nid}: replay gives {r.state}/round {r.round}/step {r.step_index}/v{r.version}, "
        f"stored {s.state}/round {s.round}/step {s.step_index}/v{s.version}"
        for nid, (r, s) in replayed.items()
        if (only is None or nid in only) and not matches(r, s)
    ]


async def chain_problems(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    report = await verify_chain(sessions)
    return [] if report.ok else [f"audit chain: {report.problem}"]


async def all_problems(sessions: async_sessionmaker[AsyncSession], only: set[int] | None = None) -> list[str]:
    return [
        *await legal_paths(sessions, only),
        *await separation_of_duties(sessions, only),
        *await replay_problems(sessions, only),
        *await chain_problems(sessions),
    ]
