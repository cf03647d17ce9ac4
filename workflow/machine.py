"""The action table drawn: Mermaid ``stateDiagram-v2`` text of the nomination workflow, by
``transitions``' GraphMachine (mermaid engine, no graphviz), from the same table that decides."""

from __future__ import annotations

from typing import Any

from transitions.extensions import GraphMachine

from workflow.actions import STATES, transition_table


class _Drawn:
    """The one model the diagram machine draws; a fresh one per call, never shared."""


def mermaid(steps: list[dict[str, Any]] | None = None, state: str | None = None) -> str:
    """The workflow with the current ``state`` marked and the approval chain listed as a note on
    the approval state."""
    model = _Drawn()
    GraphMachine(
        model=model,
        states=STATES,
        transitions=transition_table(),
        initial=state or "mapping",
        auto_transitions=False,
        graph_engine="mermaid",
        title="Nomination",
        show_conditions=True,
    )
    text = model.get_graph().draw(None)  # type: ignore[attr-defined]
    if steps:
        chain = " → ".join(f"{s['label']} ({s['role']})" for s in steps)
        text = text.rstrip("\n") + f"\n  note right of approval\n    {chain}\n  end note\n"
    return text
