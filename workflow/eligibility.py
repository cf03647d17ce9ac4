"""The eligibility verdict the workflow relies on, plus the kind rules of a nomination.

``domain.rules.eligibility.check_eligibility`` (the talent rules) says whether a person meets
the post's requirements; this module adds what depends on the *kind* of nomination:
a promotion must be to a higher level than the nominee holds, and a rotation stays at the same
level (the 2-year lock of a JPT holder is one of the talent rules, ``rotation_lock``). The result is one
``Eligibility`` so the API shows one list of checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.models import Employee, Position
from domain.reference import Level
from domain.rules.eligibility import check_eligibility
from domain.rules.held import eve_of, level_on
from domain.rules.verdict import Check, Eligibility, Severity


async def current_level(session: AsyncSession, employee: Employee, on: date | None = None) -> Level:
    """The level of the posts ``employee`` holds on ``on`` (default: today in the province), as the
    talent rules read it: ``domain.rules.held.level_held`` (job rows in force, Pelaksana when none)."""
    return await level_on(session, employee.nip, on or today())


# The message keys of the kind rules below (domain.rules.reasons has the rules' own), with their params.
KIND_REASONS: dict[str, tuple[str, ...]] = {
    "kind.promotion": ("held", "target"),
    "kind.not_promotion": ("held", "target"),
    "kind.rotation": ("held", "target"),
    "kind.not_rotation": ("held", "target"),
}


# (definition setting, check rule, whether it holds for (held, target), its keys when it does / does not).
_KIND_RULES: list[tuple[str, str, Callable[[Level, Level], bool], tuple[str, str]]] = [
    (
        "promotion_requires_higher_level",
        "promotion_to_higher_level",
        lambda held, target: target.order > held.order,
        ("kind.promotion", "kind.not_promotion"),
    ),
    (
        "rotation_requires_same_level",
        "rotation_same_level",
        lambda held, target: target.order == held.order,
        ("kind.rotation", "kind.not_rotation"),
    ),
]
_KIND_DETAILS = {
    "kind.promotion": "{held} → {target} is a promotion",
    "kind.not_promotion": "holds a {held} post; a promotion to {target} needs a lower level now",
    "kind.rotation": "{held} to {target} is a rotation at the same level",
    "kind.not_rotation": "holds a {held} post; a rotation stays at {target}",
}


async def nomination_checks(
    session: AsyncSession, rules: dict[str, Any], employee: Employee, post: Position, as_of: date
) -> list[Check]:
    """The kind rules of a definition (``rules`` in its body) for this nominee and post."""
    checks: list[Check] = []
    held = await current_level(session, employee, eve_of(as_of))  # as check_current_level reads it
    target = Level(post.level)
    params = {"held": held.label, "target": target.label}
    for setting, rule, holds, (yes, no) in _KIND_RULES:
        if not rules.get(setting):
            continue
        ok = holds(held, target)
        key = yes if ok else no
        detail = _KIND_DETAILS[key].format(held=held.label, target=target.label)
        checks.append(Check(rule, ok, Severity.BAR, detail, f"definition: {setting}", key, params))
    return checks


async def verdict(
    session: AsyncSession, rules: dict[str, Any], employee: Employee, post: Position, as_of: date
) -> Eligibility:
    base = await check_eligibility(session, employee.nip, post.code, as_of)
    extra = await nomination_checks(session, rules, employee, post, as_of)
    return replace(base, checks=[*base.checks, *extra])


def to_json(result: Eligibility) -> dict[str, Any]:
    return {
        "nip": result.nip,
        "position_code": result.position_code,
        "as_of": result.as_of.isoformat(),
        "eligible": result.eligible,
        "checks": [{**asdict(c), "severity": str(c.severity)} for c in result.checks],
    }


def failing_checks(payload: dict[str, Any]) -> list[Check]:
    """The barring checks that failed, from a stored verdict (keys and params kept, for the page)."""
    return [
        Check(
            c["rule"],
            c["passed"],
            Severity(c["severity"]),
            c["detail"],
            c.get("source", ""),
            c.get("key", ""),
            c.get("params") or {},
        )  # fmt: skip
        for c in payload["checks"]
        if not c["passed"] and c["severity"] == Severity.BAR
    ]
