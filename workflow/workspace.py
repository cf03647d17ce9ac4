"""Which sections of the application a person may use, and where they land after signing in.

Derived, never listed by hand: each section is open exactly when the API would answer its main
query or mutation for this person — visibility from the access module (``domain.access``), acting
from the action table (``workflow.actions``). The page reads the answer (``workspace``) and shows
only those menu items, so a menu item can no longer end in a refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.access import Principal, can_see_ceremony
from workflow.actions import ACTIONS, ROLES_OF, Who, decide_other
from workflow.actor import Acting
from workflow.definitions import MENDAGRI_STEP, NOMINATED_LEVELS, Kind, default_body

__all__ = ["HOME_ORDER", "SECTIONS", "home", "sections"]


def _step_roles() -> frozenset[str]:
    """The roles that take an approval step in any default definition (the TPK chair, the Sekda,
    the national review, the PPK, the Mendagri letter)."""
    steps = [MENDAGRI_STEP]
    for kind in Kind:
        for level in NOMINATED_LEVELS:
            steps += default_body(kind, level)["approval_steps"]
    return frozenset(step["role"] for step in steps)


# Roles that take some action on a nomination: its inbox is their work list.
ACTING_ROLES = _step_roles() | frozenset().union(
    *(ROLES_OF[a.who] for a in ACTIONS.values() if a.who in ROLES_OF and a.who is not Who.ADMIN)
)


def _may(action: str) -> Callable[[Principal], bool]:
    """The action table's role rule for an action outside one nomination (no unit: role only)."""
    return lambda p: decide_other(action, Acting(p)).allowed


# Section → who may use it. Order is the menu's order.
SECTIONS: dict[str, Callable[[Principal], bool]] = {
    "dashboard": _may("create"),  # the operator's overview: they create and move nominations
    "inbox": lambda p: bool(p.roles & ACTING_ROLES),
    "profile": lambda p: p.nip is not None,  # everyone may read their own profile (access.can_see_employee)
    "posts": lambda p: p.is_staff,  # access.position_filter: province readers and operators
    "talent": lambda p: p.is_staff,  # the nine-box of a unit they cover (Principal.covers_unit)
    "employees": lambda p: p.is_staff,  # beyond themselves: access.employee_filter
    "nominations": lambda p: p.is_staff or p.nip is not None,  # access.nomination_filter (status only for others)
    "ceremonies": lambda p: can_see_ceremony(p),
    "audit": lambda p: p.reads_audit_log,  # access.audit_event_filter: the whole log
    "accounts": _may("create_account"),
    "delegations": _may("create_delegation"),
    "settings": _may("update_rule_setting"),
}

# Where a person lands: the first of these they may use (an operator on the dashboard, an
# approving official or the panel on the inbox, an admin on the accounts, an auditor on the audit,
# an employee on their own profile).
HOME_ORDER = ("dashboard", "inbox", "accounts", "audit", "profile", "nominations")


def sections(p: Principal) -> list[str]:
    """The sections ``p`` may use, in menu order."""
    return [name for name, may in SECTIONS.items() if may(p)]


def home(p: Principal) -> str:
    """The section ``p`` lands on after signing in (``"profile"`` when they may use nothing else)."""
    open_ = set(sections(p))
    return next((name for name in HOME_ORDER if name in open_), "profile")
