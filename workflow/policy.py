"""Who may do what: the role rule, an operator's unit scope, separation of duties.

Which action needs which roles is declared in the action table (``workflow.actions``); this
module holds the rules those declarations point to. No admin bypass — ``admin`` manages accounts,
not nominations. An operator without a unit covers the whole province; whether a unit is in an operator's scope is
``domain.access.unit_in_scope`` (the one unit-subtree rule).

Separation of duties for approval-chain actions, applied to the acting person *and* the person
they act for (Plt/Plh): not the nomination's creator, not its nominee, not anyone holding a
valid approval at another step of the current chain, not a candidate on its shortlist. Panel
members do not evaluate themselves (conflicts at the shortlist: ``workflow.conflicts``).
"""

from __future__ import annotations

from domain.errors import Refusal
from domain.models import Approval
from workflow.actor import Acting
from workflow.decision import Decision, refused


def role_decision(
    acting: Acting, action: str, needed: frozenset[str], post_unit: str | None, in_unit: bool
) -> Decision:
    """Whether ``acting`` holds one of the ``needed`` roles and, as an operator, covers the post's
    unit (``post_unit`` None: no post yet, e.g. a ceremony covering many posts — role only)."""
    held = needed & acting.roles
    if not held:
        return refused(
            Refusal.MISSING_ROLE,
            f"{action.replace('_', ' ')} needs the role {' or '.join(sorted(needed))}; "
            f"{acting.describe()} has {', '.join(sorted(acting.roles)) or 'no roles'}",
            params={"needed": ", ".join(sorted(needed)), "held": ", ".join(sorted(acting.roles))},
        )
    role = sorted(held)[0]
    if role == "operator" and post_unit is not None and not in_unit:
        return refused(
            Refusal.OUT_OF_UNIT,
            f"the post belongs to unit {post_unit}, outside {acting.actor.username}'s unit {acting.unit_code}; "
            "ask an operator of that unit",
            params={"unit": post_unit, "own_unit": acting.unit_code},
        )
    return Decision(True, role=role)


def separation_problem(
    acting: Acting,
    created_by_user_id: int | None,
    created_by_nip: str | None,
    nominee_nip: str | None,
    approvals: list[Approval],
    step_index: int,
    shortlist: tuple[str, ...] = (),
) -> Decision | None:
    """The SEPARATION_OF_DUTIES refusal, or None; ``reason`` names which rule (creator, nominee,
    shortlisted, acted) so a page words it from ``refusal.SEPARATION_OF_DUTIES``."""
    who = acting.describe()
    if created_by_user_id in acting.user_ids or (created_by_nip and created_by_nip in acting.nips):
        text = f"{who} created this nomination and so cannot act in its approval chain; another official must"
        return refused(Refusal.SEPARATION_OF_DUTIES, text, params={"who": who, "reason": "creator"})
    if nominee_nip and nominee_nip in acting.nips:
        text = f"{who} is the nominee and cannot act on their own nomination"
        return refused(Refusal.SEPARATION_OF_DUTIES, text, params={"who": who, "reason": "nominee"})
    if acting.nips & set(shortlist):
        text = f"{who} is a candidate on this nomination's shortlist and cannot take a step of its approval chain"
        return refused(Refusal.SEPARATION_OF_DUTIES, text, params={"who": who, "reason": "shortlisted"})
    for approval in approvals:
        if approval.step_index == step_index:
            continue
        people_ids = {approval.actor_user_id, approval.on_behalf_of_user_id} - {None}
        people_nips = {approval.actor_nip, approval.on_behalf_of_nip} - {None}
        if people_ids & acting.user_ids or people_nips & acting.nips:
            text = (
                f'{who} already acted in this chain at step "{approval.step_name}"; '
                "each step must be taken by a different person"
            )
            return refused(
                Refusal.SEPARATION_OF_DUTIES, text, params={"who": who, "reason": "acted", "step": approval.step_name}
            )
    return None
