"""Rebuild a nomination's state from its audit events alone, through the same state machine.

Only successful events count. Each is checked by the action table's stage rule
(``workflow.actions.stage_decision``) on facts that come from the events before it (shortlist
set, nominee selected, steps resolved, steps approved); the result — state, round, step index,
nominee — must equal the stored row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import AuditEvent, Nomination
from workflow.actions import StageFacts, stage_decision
from workflow.chain import ChainPosition


@dataclass
class Replayed:
    nomination_id: int
    state: str = "mapping"
    round: int = 1
    step_index: int = 0
    steps: list[str] = field(default_factory=list)
    shortlist: list[str] = field(default_factory=list)
    nominee_nip: str | None = None
    version: int = 1


class ReplayError(Exception):
    pass


def _facts_of(state: Replayed) -> StageFacts:
    """The stage facts as the events so far tell them (the chain: steps and how many approved)."""
    chain = None
    if state.state == "approval":
        steps = [{"name": name, "label": name, "role": ""} for name in state.steps]
        chain = ChainPosition(steps, state.step_index, [], "", {})
    return StageFacts(state.state, bool(state.shortlist), state.nominee_nip is not None, chain)


async def replay_events(nomination_id: int, events: list[AuditEvent], definition_key: str) -> Replayed:
    state = Replayed(nomination_id)
    for event in events:
        if event.outcome != "ok":
            continue
        data = json.loads(event.data)
        if event.action == "create":
            state = Replayed(nomination_id)
            continue
        if event.from_state != state.state:
            raise ReplayError(f"event {event.seq}: from_state {event.from_state}, replay is in {state.state}")
        decision = stage_decision(event.action, _facts_of(state))
        if not decision.allowed:
            raise ReplayError(f"event {event.seq}: {event.action} not allowed in replay: {decision.message}")
        state.state = decision.dest or state.state
        if event.action == "set_shortlist":
            state.shortlist = data["shortlist"]
        elif event.action == "select_nominee":
            state.nominee_nip = data["nominee_nip"]
        elif event.action == "submit_for_approval":
            state.steps, state.step_index = data["steps"], 0
        elif event.action == "approve":
            state.step_index = data["step_index"] + 1
        elif event.action == "return_for_revision":
            state.round, state.step_index, state.steps, state.nominee_nip = data["new_round"], 0, [], None
        if state.state != event.to_state:
            raise ReplayError(f"event {event.seq}: replay reached {state.state}, the event says {event.to_state}")
        state.version = data.get("version", state.version)
    return state


async def replay_all(sessions: async_sessionmaker[AsyncSession]) -> dict[int, tuple[Replayed, Nomination]]:
    """Replay every nomination; returns id → (replayed, stored) for comparison."""
    async with sessions() as session:
        return await _replay_all(session)


async def _replay_all(session: AsyncSession) -> dict[int, tuple[Replayed, Nomination]]:
    nominations = {n.id: n for n in (await session.exec(select(Nomination))).all()}
    events = (
        await session.exec(
            select(AuditEvent).where(col(AuditEvent.nomination_id).is_not(None)).order_by(col(AuditEvent.seq))
        )
    ).all()
    grouped: dict[int, list[AuditEvent]] = {}
    for event in events:
        grouped.setdefault(event.nomination_id or 0, []).append(event)
    result = {}
    for nid, row in nominations.items():
        assert nid is not None
        replayed = await replay_events(nid, grouped.get(nid, []), str(row.definition_id))
        result[nid] = (replayed, row)
    return result


def matches(replayed: Replayed, stored: Nomination) -> bool:
    return (
        replayed.state == stored.state
        and replayed.round == stored.round
        and replayed.step_index == stored.step_index
        and replayed.nominee_nip == stored.nominee_nip
        and replayed.shortlist == stored.shortlist
        and replayed.steps == [s["name"] for s in stored.steps]
        and replayed.version == stored.version
    )
