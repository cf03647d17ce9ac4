"""Who may do what: the role each action needs, an operator's unit scope, separation of duties.

Roles per action (no admin bypass — ``admin`` manages accounts, not nominations):

==========================================  ==============================================
create, set_shortlist, start_assessment,     ``operator`` (BKD), only for posts in their unit
submit_for_approval, withdraw,               and its sub-units; an operator without a unit
schedule_inauguration, record_inauguration,  covers the whole province
record_oath, create_ceremony,
conduct_ceremony
record_evaluation                            ``panel`` or ``panel_chair`` (TPK)
select_nominee                               ``panel_chair``
approve, return_for_revision, reject         the role of the current approval step
==========================================  ==============================================

Separation of duties for approval-chain actions, applied to the acting person *and* the person
they act for (Plt/Plh): not the nomination's creator, not its nominee, not anyone holding a
valid approval at another step of the current chain. Panel members do not evaluate themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import NotAllowed
from domain.models import Approval, Nomination, Unit
from workflow.actor import Acting

OPERATOR_ACTIONS = frozenset(
    {
        "create",
        "set_shortlist",
        "start_assessment",
        "submit_for_approval",
        "withdraw",
        "schedule_inauguration",
        "record_inauguration",
        "record_oath",
        "create_ceremony",
        "conduct_ceremony",
    }
)
ROLES_FOR_ACTION: dict[str, frozenset[str]] = {
    **{a: frozenset({"operator"}) for a in OPERATOR_ACTIONS},
    "record_evaluation": frozenset({"panel", "panel_chair"}),
    "select_nominee": frozenset({"panel_chair"}),
}
STEP_ACTIONS = frozenset({"approve", "return_for_revision", "reject"})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str | None = None
    message: str | None = None
    role: str | None = None  # the role the action is taken in

    def raise_if_refused(self) -> str | None:
        if not self.allowed:
            raise NotAllowed(self.message or "not allowed", code=self.code or "NOT_ALLOWED")
        return self.role


async def unit_in_scope(session: AsyncSession, scope: str | None, unit_code: str) -> bool:
    """Whether ``unit_code`` is ``scope`` or below it in the unit tree (``None`` = everything)."""
    if scope is None:
        return True
    code: str | None = unit_code
    seen: set[str] = set()
    while code is not None and code not in seen:
        if code == scope:
            return True
        seen.add(code)
        unit = await session.get(Unit, code)
        code = unit.parent_code if unit else None
    return False


def role_only_decision(acting: Acting, action: str) -> Decision:
    """Whether ``acting`` holds a role the action needs, before any post (and so any unit scope)
    is known -- e.g. a ceremony covering many posts is refused at once to someone without the role."""
    needed = ROLES_FOR_ACTION[action]
    held = needed & acting.roles
    if not held:
        return Decision(
            False,
            "MISSING_ROLE",
            f"{action.replace('_', ' ')} needs the role {' or '.join(sorted(needed))}; "
            f"{acting.describe()} has {', '.join(sorted(acting.roles)) or 'no roles'}",
        )
    return Decision(True, role=sorted(held)[0])


async def role_decision(session: AsyncSession, acting: Acting, action: str, post_unit: str) -> Decision:
    """Role and scope for actions that are not approval steps."""
    decision = role_only_decision(acting, action)
    if not decision.allowed:
        return decision
    role = decision.role
    if role == "operator" and not await unit_in_scope(session, acting.unit_code, post_unit):
        return Decision(
            False,
            "OUT_OF_UNIT",
            f"the post belongs to unit {post_unit}, outside {acting.actor.username}'s unit {acting.unit_code}; "
            "ask an operator of that unit",
        )
    return Decision(True, role=role)


def step_decision(
    acting: Acting,
    nomination: Nomination,
    steps: list[dict[str, Any]],
    step_index: int,
    approvals: list[Approval],
    changed_since: list[Approval] | None = None,
) -> Decision:
    """Whether ``acting`` may take the current approval step (approve, return or reject)."""
    if step_index >= len(steps):
        return Decision(False, "WRONG_STAGE", "every approval step is done; schedule the inauguration instead")
    step = steps[step_index]
    if step["role"] not in acting.roles:
        note = ""
        if changed_since:
            names = ", ".join(a.step_name for a in changed_since)
            note = f" (the dossier changed after {names} approved it, so the chain restarts at that step)"
        return Decision(
            False,
            "NOT_YOUR_STEP",
            f'the current step is "{step["label"]}" (role {step["role"]}){note}; '
            f"{acting.describe()} does not hold that role",
        )
    sod = separation_problem(acting, nomination, approvals, step_index)
    if sod:
        return Decision(False, "SEPARATION_OF_DUTIES", sod)
    return Decision(True, role=step["role"])


def separation_problem(
    acting: Acting, nomination: Nomination, approvals: list[Approval], step_index: int
) -> str | None:
    who = acting.describe()
    if nomination.created_by_user_id in acting.user_ids or (
        nomination.created_by_nip and nomination.created_by_nip in acting.nips
    ):
        return f"{who} created this nomination and so cannot act in its approval chain; another official must"
    if nomination.nominee_nip and nomination.nominee_nip in acting.nips:
        return f"{who} is the nominee and cannot act on their own nomination"
    for approval in approvals:
        if approval.step_index == step_index:
            continue
        people_ids = {approval.actor_user_id, approval.on_behalf_of_user_id} - {None}
        people_nips = {approval.actor_nip, approval.on_behalf_of_nip} - {None}
        if people_ids & acting.user_ids or people_nips & acting.nips:
            return (
                f'{who} already acted in this chain at step "{approval.step_name}"; '
                "each step must be taken by a different person"
            )
    return None
