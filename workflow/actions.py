"""The action table: every nomination action declared once, and the one ``decide`` that both
enforces an action and lists it in ``availableActions`` (the django-fsm ``can_proceed`` idea).

For each action the table says: the stages it may start from and where it leads (fed to a
``transitions`` machine, which answers "is there a transition from here?"), the guards on the
nomination's facts with their refusal codes and messages, who may take it (:class:`Who`), and
whether a reason or an outside letter may be required. ``decide`` is a pure function of
:class:`Facts` (loaded once by ``workflow.facts``) and the acting person: no database, and no
model attached to the shared machine, so concurrent requests share nothing mutable.

Order of the checks, the same everywhere: stage → who (role and unit, or the current approval
step's official and separation of duties) → the remaining guards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from transitions import Machine

from domain.errors import Refusal
from domain.models.nomination import CLOSED_STATES, OPEN_STATES
from workflow.actor import Acting
from workflow.chain import ChainPosition
from workflow.decision import Decision, refused
from workflow.eligibility import failing_checks
from workflow.policy import role_decision, separation_problem

OPEN = list(OPEN_STATES)
STATES = [*OPEN_STATES, *CLOSED_STATES]
STAGES = [*OPEN_STATES, "completed"]  # the path a nomination walks, in order (the page's progress bar)


class Who(StrEnum):
    """Who may take an action."""

    OPERATOR = "operator"  # BKD operator whose unit covers the post's unit (no unit = the province)
    PANEL = "panel"  # a TPK member or its chair
    PANEL_CHAIR = "panel_chair"  # the TPK chair
    STEP_OFFICIAL = "step_official"  # the official of the current approval step, separation of duties applied
    ADMIN = "admin"  # the application's administrator (accounts and Plt/Plh delegations, not nominations)


ROLES_OF: dict[Who, frozenset[str]] = {
    Who.OPERATOR: frozenset({"operator"}),
    Who.PANEL: frozenset({"panel", "panel_chair"}),
    Who.PANEL_CHAIR: frozenset({"panel_chair"}),
    Who.ADMIN: frozenset({"admin"}),
}


@dataclass(frozen=True)
class StageFacts:
    """The nomination's own facts that guards look at (no person involved)."""

    state: str
    has_shortlist: bool = False
    has_nominee: bool = False
    chain: ChainPosition | None = None  # the approval chain's truth; loaded in the approval stage only


@dataclass(frozen=True)
class Facts:
    """Everything ``decide`` needs for one nomination and one acting person, loaded once."""

    stage: StageFacts
    post_unit: str
    in_unit: bool  # whether the acting operator's unit covers the post's unit
    created_by_user_id: int | None = None
    created_by_nip: str | None = None
    nominee_nip: str | None = None
    shortlist: tuple[str, ...] = ()
    reasons_required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Guard:
    holds: Callable[[StageFacts], bool]
    code: Refusal
    message: Callable[[StageFacts], str]


def _open_step_label(stage: StageFacts) -> str:
    step = stage.chain.open_step if stage.chain else None
    return step["label"] if step else ""


GUARDS: dict[str, Guard] = {
    "has_shortlist": Guard(
        lambda s: s.has_shortlist,
        Refusal.WRONG_STAGE,
        lambda s: "the shortlist is empty; set a shortlist before starting the assessment",
    ),
    "has_nominee": Guard(
        lambda s: s.has_nominee,
        Refusal.WRONG_STAGE,
        lambda s: "no nominee is selected; the panel chair selects one first",
    ),
    "steps_open": Guard(
        lambda s: s.chain is not None and not s.chain.done,
        Refusal.WRONG_STAGE,
        lambda s: "every approval step is done; schedule the inauguration instead",
    ),
    "steps_done": Guard(
        lambda s: s.chain is not None and s.chain.done,
        Refusal.WRONG_STAGE,
        lambda s: f'approval step "{_open_step_label(s)}" is still open; every step must be approved first',
    ),
    "nominee_eligible": Guard(
        lambda s: s.chain is None or s.chain.nominee_eligible,
        Refusal.NOMINEE_INELIGIBLE,
        lambda s: (
            f"the nominee is no longer eligible on {s.chain.eligibility.get('as_of') if s.chain else ''}; "
            "return the nomination for revision"
        ),
    ),
}


@dataclass(frozen=True)
class Action:
    """One row of the table."""

    name: str
    sources: tuple[str, ...]
    dest: str | None  # None: the stage does not change
    who: Who
    guards: tuple[str, ...] = ()
    takes_reason: bool = False  # the definition's ``reasons_required`` decides whether it must be given
    takes_letter: bool = False  # an approval step may record an outside letter (number and date)
    province_wide: bool = False  # serves the whole province: an operator bound to a unit may not
    awaited: bool = False  # the stage waits for it: the nomination is in the inbox of ``who`` (see AWAITED)

    @property
    def mutation(self) -> str:
        """The GraphQL mutation's name (camelCase)."""
        head, *rest = self.name.split("_")
        return head + "".join(word.title() for word in rest)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("set_shortlist", ("mapping",), None, Who.OPERATOR, awaited=True),
        Action("start_assessment", ("mapping",), "assessment", Who.OPERATOR, ("has_shortlist",), awaited=True),
        Action("record_evaluation", ("assessment",), None, Who.PANEL, awaited=True),
        Action("select_nominee", ("assessment",), None, Who.PANEL_CHAIR, awaited=True),
        Action("submit_for_approval", ("assessment",), "approval", Who.OPERATOR, ("has_nominee",)),
        Action(
            "approve",
            ("approval",),
            None,
            Who.STEP_OFFICIAL,
            ("steps_open", "nominee_eligible"),
            takes_letter=True,
            awaited=True,
        ),
        Action("return_for_revision", ("approval",), "assessment", Who.STEP_OFFICIAL, ("steps_open",), True),
        Action("reject", ("approval",), "rejected", Who.STEP_OFFICIAL, ("steps_open",), True),
        Action("withdraw", tuple(OPEN), "withdrawn", Who.OPERATOR, (), True),
        Action("schedule_inauguration", ("approval",), "inauguration", Who.OPERATOR, ("steps_done",), awaited=True),
        Action("record_inauguration", ("inauguration",), "oath", Who.OPERATOR, awaited=True),
        Action("record_oath", ("oath",), "completed", Who.OPERATOR, awaited=True),
    ]
}
# Actions that are not transitions of one nomination but follow the same role rule.
OTHER_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("create", (), "mapping", Who.OPERATOR),
        Action("create_ceremony", (), None, Who.OPERATOR, province_wide=True),
        Action("conduct_ceremony", (), None, Who.OPERATOR),
        # The Berita Acara's number and the officiant's NIP (workflow.ceremonies), the letterhead (workflow.letterhead).
        Action("update_ceremony_documents", (), None, Who.OPERATOR, province_wide=True),
        Action("update_letterhead", (), None, Who.ADMIN),
        Action("create_delegation", (), None, Who.ADMIN),
        Action("end_delegation", (), None, Who.ADMIN),
        # Account administration (workflow.accounts): the same role rule, one decision each.
        Action("create_account", (), None, Who.ADMIN),
        Action("change_account", (), None, Who.ADMIN),  # roles, unit scope, name, NIP
        Action("disable_account", (), None, Who.ADMIN),
        Action("enable_account", (), None, Who.ADMIN),
        Action("reset_password", (), None, Who.ADMIN),
        Action("update_rule_setting", (), None, Who.ADMIN),
    ]
}


# Who a stage waits on — the inbox — read off the rows marked ``awaited``: withdrawing, returning
# and rejecting may happen in a stage but nobody's work waits for them, and the assessment stays
# with the panel until the operator submits it (``submit_for_approval`` is not marked). Of the
# guards only the two about the approval chain split a stage, and the inbox reads them on the
# stored step (``step_index`` against ``steps``); the others are checked when one acts.
# ``workflow.inbox_rule`` turns this table into the inbox's Python predicate and its SQL filter.
CHAIN_GUARDS = ("steps_open", "steps_done")


@dataclass(frozen=True)
class Awaited:
    """In ``state`` (while the stored step meets ``chain``, when given) the nomination waits on ``who``."""

    state: str
    chain: str | None
    who: Who


def awaited_table() -> tuple[Awaited, ...]:
    rows: dict[Awaited, None] = {}
    for action in ACTIONS.values():
        if action.awaited:
            chain = next((g for g in action.guards if g in CHAIN_GUARDS), None)
            rows.update({Awaited(state, chain, action.who): None for state in action.sources})
    return tuple(rows)


AWAITED = awaited_table()


def transition_table() -> list[dict[str, Any]]:
    """The table in ``transitions``' own form (guards as conditions, by name)."""
    return [
        {"trigger": a.name, "source": list(a.sources), "dest": a.dest, "conditions": list(a.guards)}
        for a in ACTIONS.values()
    ]


# Read-only after construction: nothing is ever attached to it (``model=None``), so it holds no
# per-request state; ``get_transitions`` is a look-up in its declared graph.
MACHINE = Machine(model=None, states=STATES, transitions=transition_table(), initial="mapping", auto_transitions=False)


def stage_decision(action: str, stage: StageFacts, nomination_id: int | None = None) -> Decision:
    """Stage and guards only (no person): is there a transition from here whose guards hold?
    Replay uses this alone; ``decide`` adds who may act."""
    spec = ACTIONS[action]
    transitions = MACHINE.get_transitions(trigger=action, source=stage.state)
    if not transitions:
        subject = f"nomination {nomination_id}" if nomination_id is not None else "a nomination"
        return refused(
            Refusal.WRONG_STAGE,
            f"cannot {action.replace('_', ' ')} {subject}: it is in {stage.state}, "
            f"and this is possible only in {', '.join(spec.sources)}",
            params={"state": stage.state, "allowed": ", ".join(spec.sources)},
        )
    for condition in transitions[0].conditions:
        guard = GUARDS[condition.func]
        if guard.holds(stage) != condition.target:
            return _guard_refusal(guard, stage)
    dest = transitions[0].dest
    return Decision(True, dest=dest)


def _guard_refusal(guard: Guard, stage: StageFacts) -> Decision:
    detail: dict[str, Any] = {}
    if guard.code == Refusal.NOMINEE_INELIGIBLE and stage.chain is not None:
        detail["failing"] = failing_checks(stage.chain.eligibility)
        detail["as_of"] = stage.chain.eligibility.get("as_of")  # for the message's key and params
    return Decision(False, guard.code, guard.message(stage), detail=detail)


def who_decision(spec: Action, facts: Facts, acting: Acting) -> Decision:
    """Whether ``acting`` is someone who may take ``spec`` on this nomination."""
    if spec.who == Who.STEP_OFFICIAL:
        return _step_official(facts, acting)
    return role_decision(acting, spec.name, ROLES_OF[spec.who], facts.post_unit, facts.in_unit)


def _step_official(facts: Facts, acting: Acting) -> Decision:
    chain = facts.stage.chain
    if chain is None or chain.done:  # the steps_open guard says why; keep the order stage → steps → who
        return _guard_refusal(GUARDS["steps_open"], facts.stage)
    step = chain.open_step
    assert step is not None
    if step["role"] not in acting.roles:
        note = ""
        if chain.changed_since:
            names = ", ".join(a.step_name for a in chain.changed_since)
            note = f" (the dossier changed after {names} approved it, so the chain restarts at that step)"
        return refused(
            Refusal.NOT_YOUR_STEP,
            f'the current step is "{step["label"]}" (role {step["role"]}){note}; '
            f"{acting.describe()} does not hold that role",
            params={"step": step["label"], "role": step["role"]},
        )
    problem = separation_problem(
        acting,
        facts.created_by_user_id,
        facts.created_by_nip,
        facts.nominee_nip,
        chain.approvals,
        chain.index,
        facts.shortlist,
    )
    if problem:
        return problem
    return Decision(True, role=step["role"])


def decide(action: str, facts: Facts, acting: Acting, nomination_id: int | None = None) -> Decision:
    """The one answer to "may ``acting`` take ``action`` now?": stage, who, then guards."""
    spec = ACTIONS[action]
    stage = stage_decision(action, facts.stage, nomination_id)
    if not MACHINE.get_transitions(action, facts.stage.state):
        return stage  # no transition from this stage at all: say so before who
    who = who_decision(spec, facts, acting)
    if not who.allowed:
        return who
    if not stage.allowed:
        return stage
    return Decision(True, role=who.role, dest=stage.dest)


def decide_other(action: str, acting: Acting, post_unit: str | None = None, in_unit: bool = True) -> Decision:
    """Role (and unit) for an action outside one nomination's transitions: creating a nomination
    (``post_unit`` given) or a ceremony, conducting a ceremony (role only; each nomination's own
    steps are decided again)."""
    spec = OTHER_ACTIONS[action]
    decision = role_decision(acting, action, ROLES_OF[spec.who], post_unit, in_unit)
    if decision.allowed and spec.province_wide and acting.unit_code is not None:
        return refused(
            Refusal.OUT_OF_UNIT,
            f"{action.replace('_', ' ')} serves the whole province; {acting.actor.username} is an operator of "
            f"unit {acting.unit_code} only — ask a province-wide operator (BKD)",
            params={"own_unit": acting.unit_code},
        )
    return decision


def reason_required(action: str, facts: Facts) -> bool:
    return ACTIONS[action].takes_reason and action in facts.reasons_required


def letter_required(action: str, facts: Facts) -> bool:
    """Approving the current step records an outside letter (national review, Mendagri)."""
    chain = facts.stage.chain
    step = chain.open_step if chain else None
    return ACTIONS[action].takes_letter and bool(step and step.get("requires_letter"))
