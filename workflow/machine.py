"""The nomination state machine, on ``transitions``: one shared ``AsyncMachine`` per definition.

The machine decides *whether* a step may happen from the stage and a few plain facts; the
service (``workflow.service``) checks roles and separation of duties and makes the step durable.
Rows are never attached to the machine: each operation wraps the facts in a :class:`Flow`,
adds it with ``initial=row.state`` and removes it in ``finally`` (the machine would otherwise
keep every model it ever saw).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from transitions.core import MachineError
from transitions.extensions import GraphMachine
from transitions.extensions.asyncio import AsyncMachine

from domain.errors import NotAllowed
from domain.models.nomination import CLOSED_STATES, OPEN_STATES

OPEN = list(OPEN_STATES)  # the stages, as the model names them
STATES = [*OPEN_STATES, *CLOSED_STATES]

# (trigger, source(s), dest, conditions on the Flow). Internal steps keep the state.
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "set_shortlist", "source": "mapping", "dest": None},
    {"trigger": "start_assessment", "source": "mapping", "dest": "assessment", "conditions": "has_shortlist"},
    {"trigger": "record_evaluation", "source": "assessment", "dest": None},
    {"trigger": "select_nominee", "source": "assessment", "dest": None},
    {"trigger": "submit_for_approval", "source": "assessment", "dest": "approval", "conditions": "has_nominee"},
    {"trigger": "approve", "source": "approval", "dest": None, "conditions": "steps_remaining"},
    {"trigger": "return_for_revision", "source": "approval", "dest": "assessment", "conditions": "steps_remaining"},
    {"trigger": "reject", "source": "approval", "dest": "rejected", "conditions": "steps_remaining"},
    {"trigger": "withdraw", "source": OPEN, "dest": "withdrawn"},
    {"trigger": "schedule_inauguration", "source": "approval", "dest": "inauguration", "unless": "steps_remaining"},
    {"trigger": "record_inauguration", "source": "inauguration", "dest": "oath"},
    {"trigger": "record_oath", "source": "oath", "dest": "completed"},
]


@dataclass
class Flow:
    """The facts a transition's guards look at, copied from the nomination row (plain object:
    ``transitions`` cannot attach to SQLModel instances)."""

    state: str
    has_shortlist: bool = False
    has_nominee: bool = False
    steps_remaining: bool = False


_machines: dict[str, AsyncMachine] = {}


def machine_for(definition_key: str) -> AsyncMachine:
    """The shared machine of one definition version (all definitions share the stage graph today;
    keying by definition keeps the door open for per-definition stages)."""
    machine = _machines.get(definition_key)
    if machine is None:
        machine = AsyncMachine(
            model=None,
            states=STATES,
            transitions=TRANSITIONS,
            initial="mapping",
            auto_transitions=False,
            send_event=False,
        )
        _machines[definition_key] = machine
    return machine


@contextmanager
def attached(machine: AsyncMachine, flow: Flow) -> Iterator[Flow]:
    machine.add_model(flow, initial=flow.state)
    try:
        yield flow
    finally:
        machine.remove_model(flow)


def sources_of(action: str) -> list[str]:
    for t in TRANSITIONS:
        if t["trigger"] == action:
            src = t["source"]
            return list(src) if isinstance(src, list) else [src]
    raise KeyError(action)


async def fire(definition_key: str, flow: Flow, action: str, why_not: str) -> str:
    """Run ``action`` on ``flow``; returns the new state. Raises ``NotAllowed(WRONG_STAGE)`` when
    the stage does not allow it and ``NotAllowed(code)`` with ``why_not`` when a guard says no."""
    machine = machine_for(definition_key)
    with attached(machine, flow):
        try:
            ok = await flow.trigger(action)  # type: ignore[attr-defined]
        except MachineError:
            raise NotAllowed(
                f"cannot {action.replace('_', ' ')} a nomination in {flow.state}; "
                f"it is possible only in {', '.join(sources_of(action))}",
                code="WRONG_STAGE",
            ) from None
        if not ok:
            raise NotAllowed(why_not, code="WRONG_STAGE")
        return flow.state


def mermaid(steps: list[dict[str, Any]] | None = None, state: str | None = None) -> str:
    """The machine as Mermaid ``stateDiagram-v2`` text (GraphMachine's mermaid engine, no graphviz),
    with the approval chain listed as a note on the approval state."""
    graph = GraphMachine(
        model=None,
        states=STATES,
        transitions=TRANSITIONS,
        initial="mapping",
        auto_transitions=False,
        graph_engine="mermaid",
        title="Nomination",
        show_conditions=True,
    )
    flow = Flow(state=state or "mapping")
    graph.add_model(flow, initial=flow.state)
    try:
        text = flow.get_graph().draw(None)  # type: ignore[attr-defined]
    finally:
        graph.remove_model(flow)
    if steps:
        chain = " → ".join(f"{s['label']} ({s['role']})" for s in steps)
        text = text.rstrip("\n") + f"\n  note right of approval\n    {chain}\n  end note\n"
    return text
