"""Verdicts of the talent rules: eligibility with every check, ranked candidates, the nine-box.

The rules live in ``domain.rules`` (one plain function each, returning their reasons); these
types only present them, hiding the sensitive parts (JPM, penalties, health) from viewers who may
not see them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.schema.errors import Check, check_from
from api.schema.permissions import log_refusal
from api.schema.types.people import Employee

# Checks whose detail quotes a sensitive fact: the detail is hidden from viewers who may not see it.
SENSITIVE_RULES = frozenset({"competency", "discipline", "health"})
HIDDEN = "hidden: only the panel, approving officials, auditors and the person may see this detail"


def present_checks(info: Info, nip: str, checks: list[Any]) -> list[Check]:
    viewer = info.context.viewer
    open_ = viewer is not None and viewer.sees_sensitive_of(nip)
    out = []
    for c in checks:
        check = check_from(c)
        if not open_ and check.rule in SENSITIVE_RULES:
            check.detail = HIDDEN
            check.source = ""
        out.append(check)
    if not open_ and any(c.rule in SENSITIVE_RULES for c in out):
        log_refusal(info, f"sensitive check details of {nip} hidden")
    return out


@strawberry.type(description="May this person be appointed to this post on `asOf`? Every rule with its reason.")
class EligibilityResult:
    nip: str
    position_code: str
    as_of: date
    eligible: bool
    checks: list[Check]

    @classmethod
    def from_verdict(cls, info: Info, verdict: Any) -> EligibilityResult:
        return cls(
            nip=verdict.nip,
            position_code=verdict.position_code,
            as_of=verdict.as_of,
            eligible=verdict.eligible,
            checks=present_checks(info, verdict.nip, verdict.checks),
        )


@strawberry.type(description="One part of a candidate's ranking score (`value` and `detail` of `jpm` are sensitive).")
class ScorePart:
    name: str
    value: float | None
    scaled: float
    weight: float
    points: float
    detail: str | None = None


@strawberry.type(description="An eligible employee ranked for a post.")
class Candidate:
    rank: int
    score: float
    employee: Employee
    eligibility: EligibilityResult
    score_parts: list[ScorePart]


@strawberry.type
class NineBoxCell:
    box: int
    label: str
    count: int
    members: list[Employee]
    recommendation: str | None = None


@strawberry.type(description="People who could not be placed, grouped by the reason.")
class UnmappedGroup:
    reason: str
    count: int
    members: list[Employee]


@strawberry.type(
    description="The nine cells of a unit's talent matrix (sub-units included), and who could not be mapped."
)
class NineBox:
    unit_code: str | None
    as_of: date
    cells: list[NineBoxCell]
    unmapped: list[UnmappedGroup]
