"""Verdicts of the talent rules: eligibility with every check, ranked candidates, the nine-box.

The rules live in ``domain.rules`` (one plain function each, returning their reasons); these
types only present them. Every value derived from a person's facts carries the field guard
``SeesDerived``, so it is hidden exactly where the fact is: an outcome or score part from the
JPM, discipline or health needs the sensitive rule, the rest the profile rule (``Employee.nineBox``
and the nine-box score part are null together).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from api.schema.errors import reason_params
from api.schema.permissions import SeesDerived, guard
from api.schema.types.ceremonies import ResultParam
from api.schema.types.people import Employee

# Rules whose outcome quotes a sensitive fact (assessment, discipline, health): the panel,
# approving officials, auditors and the person see them; every other rule needs the profile.
SENSITIVE_RULES = frozenset({"competency", "discipline", "health"})
# Score parts computed from a sensitive fact (the JPM); the others come from the profile.
SENSITIVE_PARTS = frozenset({"jpm"})
HIDDEN = "Null for a viewer who may not see the facts it is derived from."
REASON_KEY = (
    "The reason's message key (domain.rules.reasons.REASONS), for a page that words it in its reader's "
    "language with `params`; null when the reason has no key yet (show `detail`). "
)


@strawberry.type(description="One eligibility rule applied to one person: whether it passed and why. " + HIDDEN)
class EligibilityCheck:
    nip: strawberry.Private[str]
    unit_code: strawberry.Private[str | None]
    sensitive: strawberry.Private[bool]
    rule: str
    passed: bool | None = strawberry.field(extensions=guard(SeesDerived))
    severity: str | None = strawberry.field(extensions=guard(SeesDerived))
    detail: str | None = strawberry.field(extensions=guard(SeesDerived))
    source: str = strawberry.field(default="", description="The regulation the rule comes from.")
    key: str | None = strawberry.field(default=None, extensions=guard(SeesDerived), description=REASON_KEY + HIDDEN)
    params: list[ResultParam] | None = strawberry.field(
        default=None,
        extensions=guard(SeesDerived),
        description="The values the reason names, by name (`days`, `needed`, `as_of` …), as text. " + HIDDEN,
    )

    @classmethod
    def of(cls, person: Employee, check: Any) -> EligibilityCheck:
        return cls(
            nip=person.nip,
            unit_code=person.unit_code,
            sensitive=check.rule in SENSITIVE_RULES,
            rule=check.rule,
            passed=check.passed,
            severity=str(getattr(check.severity, "value", check.severity)),
            detail=check.detail,
            source=check.source,
            key=getattr(check, "key", "") or None,
            params=reason_params(getattr(check, "params", None)),
        )


QUALIFIES_ON = (
    "When not eligible: the first day on which the rules (domain.rules.qualifies_on) find the person "
    "eligible if time alone passes — years at a level, a rank's TMT, a penalty's end, the next SKP year "
    "(assumed to repeat the latest predicate); null when time alone does not do it. "
)


@strawberry.type(description="May this person be appointed to this post on `asOf`? Every rule with its reason.")
class EligibilityResult:
    nip: str
    position_code: str
    as_of: date
    eligible: bool
    checks: list[EligibilityCheck]
    unit_code: strawberry.Private[str | None] = None
    sensitive: strawberry.Private[bool] = True  # the qualifying day rests on the JPM and discipline too
    qualifies_on: date | None = strawberry.field(
        default=None,
        extensions=guard(SeesDerived),
        description=QUALIFIES_ON + "It rests on every fact, the JPM and discipline included. " + HIDDEN,
    )

    @classmethod
    def from_verdict(cls, person: Employee, verdict: Any, qualifies_on: date | None = None) -> EligibilityResult:
        """``person``: the employee judged (whose visibility and field guards decide what shows)."""
        return cls(
            nip=verdict.nip,
            unit_code=person.unit_code,
            position_code=verdict.position_code,
            as_of=verdict.as_of,
            eligible=verdict.eligible,
            checks=[EligibilityCheck.of(person, c) for c in verdict.checks],
            qualifies_on=qualifies_on,
        )


@strawberry.type(
    description="Someone close to eligible for a post (domain.rules.qualifies_on: not eligible, not excluded by "
    "placement or age, failing one rule or eligible by time alone within three years), with the rules failed."
)
class NearCandidate:
    nip: strawberry.Private[str]
    unit_code: strawberry.Private[str | None]
    sensitive: strawberry.Private[bool]
    employee: Employee
    failing: list[EligibilityCheck] = strawberry.field(description="The bar rules failed on `asOf`.")
    qualifies_on: date | None = strawberry.field(extensions=guard(SeesDerived), description=QUALIFIES_ON + HIDDEN)
    assumed_skp_years: list[int] | None = strawberry.field(
        extensions=guard(SeesDerived),
        description="SKP years not recorded yet that `qualifiesOn` assumes repeat the latest predicate. " + HIDDEN,
    )

    @classmethod
    def of(cls, person: Employee, near: Any, assumed: list[int]) -> NearCandidate:
        failing = [EligibilityCheck.of(person, c) for c in near.failing]
        return cls(
            nip=person.nip,
            unit_code=person.unit_code,
            sensitive=any(c.sensitive for c in failing),
            employee=person,
            failing=failing,
            qualifies_on=near.qualifies_on,
            assumed_skp_years=assumed,
        )


@strawberry.type(description="A profile's eligibility summary for one level (no particular post).")
class LevelOutlook:
    nip: strawberry.Private[str]
    unit_code: strawberry.Private[str | None]
    sensitive: strawberry.Private[bool]
    level: str
    eligible: bool | None = strawberry.field(
        extensions=guard(SeesDerived), description="Rests on every fact, the JPM and discipline included. " + HIDDEN
    )
    checks: list[EligibilityCheck]
    qualifies_on: date | None = strawberry.field(extensions=guard(SeesDerived), description=QUALIFIES_ON + HIDDEN)

    @classmethod
    def of(cls, person: Employee, outlook: Any) -> LevelOutlook:
        return cls(
            nip=person.nip,
            unit_code=person.unit_code,
            sensitive=True,
            level=outlook.level,
            eligible=outlook.eligibility.eligible,
            checks=[EligibilityCheck.of(person, c) for c in outlook.eligibility.checks],
            qualifies_on=outlook.qualifies_on,
        )


@strawberry.type(description="One part of a candidate's ranking score. " + HIDDEN)
class ScorePart:
    nip: strawberry.Private[str]
    unit_code: strawberry.Private[str | None]
    sensitive: strawberry.Private[bool]
    name: str
    value: float | None = strawberry.field(extensions=guard(SeesDerived))
    scaled: float | None = strawberry.field(extensions=guard(SeesDerived))
    weight: float
    points: float | None = strawberry.field(extensions=guard(SeesDerived))
    detail: str | None = strawberry.field(default=None, extensions=guard(SeesDerived))
    key: str | None = strawberry.field(
        default=None,
        extensions=guard(SeesDerived),  # "no JPM" / "not mapped" tell as much as the detail
        description="The detail's message key (domain.rules.reasons.SCORE_REASONS) with `params`.",
    )
    params: list[ResultParam] | None = strawberry.field(default=None, extensions=guard(SeesDerived))

    @classmethod
    def of(cls, person: Employee, part: Any) -> ScorePart:
        return cls(
            nip=person.nip,
            unit_code=person.unit_code,
            sensitive=part.name in SENSITIVE_PARTS,
            name=part.name,
            weight=part.weight,
            value=part.value,
            scaled=part.scaled,
            points=part.points,
            detail=part.detail,
            key=getattr(part, "key", "") or None,
            params=reason_params(getattr(part, "params", None)),
        )


@strawberry.type(description="An eligible employee ranked for a post.")
class Candidate:
    nip: strawberry.Private[str]
    unit_code: strawberry.Private[str | None]
    sensitive: strawberry.Private[bool]
    rank: int
    score: float | None = strawberry.field(
        extensions=guard(SeesDerived), description="The sum of the parts' points (it adds the JPM in). " + HIDDEN
    )
    employee: Employee
    eligibility: EligibilityResult
    score_parts: list[ScorePart]

    @classmethod
    def of(cls, person: Employee, ranked: Any) -> Candidate:
        return cls(
            nip=person.nip,
            unit_code=person.unit_code,
            sensitive=True,
            rank=ranked.rank,
            score=ranked.score,
            employee=person,
            eligibility=EligibilityResult.from_verdict(person, ranked.eligibility),
            score_parts=[ScorePart.of(person, p) for p in ranked.parts],
        )


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
    key: str | None = strawberry.field(
        default=None, description="The reason's message key (domain.rules.reasons.NOT_MAPPED_REASONS) with `params`."
    )
    params: list[ResultParam] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The nine cells of a unit's talent matrix (sub-units included), and who could not be mapped."
)
class NineBox:
    unit_code: str | None
    as_of: date
    cells: list[NineBoxCell]
    unmapped: list[UnmappedGroup]
