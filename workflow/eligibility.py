"""The eligibility verdict the workflow relies on, plus the kind rules of a nomination.

``domain.rules.eligibility.check_eligibility`` (the talent rules) says whether a person meets
the post's requirements; this module adds the kind rules a nomination's workflow definition switches
on (a promotion goes to a higher level, a rotation stays at the same level) — defined once, in
``domain.rules.kinds``, which the ranking applies too. The 2-year lock of a JPT holder is one of
the talent rules, ``rotation_lock``. The result is one ``Eligibility`` so the API shows one list of checks.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.models import Employee, Position, WorkflowDefinition
from domain.reference import Level
from domain.rules.eligibility import check_eligibility
from domain.rules.facts import PostFacts, load_person
from domain.rules.held import level_on
from domain.rules.kinds import KIND_REASONS, NominationKind, default_kind_rules, kind_checks
from domain.rules.verdict import Check, Eligibility, Severity

__all__ = ["KIND_REASONS", "current_level", "failing_checks", "kind_rules", "nomination_checks", "to_json", "verdict"]


async def current_level(session: AsyncSession, employee: Employee, on: date | None = None) -> Level:
    """The level of the posts ``employee`` holds on ``on`` (default: today in the province), as the
    talent rules read it: ``domain.rules.held.level_held`` (job rows in force, Pelaksana when none)."""
    return await level_on(session, employee.nip, on or today())


async def nomination_checks(
    session: AsyncSession, rules: dict[str, Any], employee: Employee, post: Position, as_of: date
) -> list[Check]:
    """The kind rules of a definition (``rules`` in its body) for this nominee and post: the one
    definition in ``domain.rules.kinds``, which the ranking applies too."""
    person = await load_person(session, employee.nip)
    return kind_checks(person, PostFacts(post.code, post.level, post.eselon), as_of, rules)


async def kind_rules(session: AsyncSession, kind: NominationKind, level: str) -> dict[str, bool]:
    """The kind rules of the newest definition for ``kind`` × ``level`` (what a nomination started
    now would apply); the default definition's when none is stored yet. Read-only."""
    row = (
        await session.exec(
            select(WorkflowDefinition)
            .where(WorkflowDefinition.kind == str(kind), WorkflowDefinition.level == str(level))
            .order_by(col(WorkflowDefinition.version).desc())
            .limit(1)
        )
    ).first()
    rules = (row.body or {}).get("rules") if row is not None else None
    return dict(rules) if rules is not None else default_kind_rules(kind)


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
