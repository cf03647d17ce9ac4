"""Who *may* be close to eligible for a post, in SQL: the pre-filter of the "Tidak memenuhi syarat"
list (``qualifies_on.near_candidates``), so Python loads the facts of a few people, not a province.

Python still decides. This query may only keep *more* people than the definition in
``qualifies_on`` lets through, never fewer. It keeps, among those who pass age and have served at a
level the post's experience rule counts (conditions 1 and 3 there, as ``near_candidates`` asked
them before), everyone who

- fails none of the rules time does not change (education, competency, health), or
- fails exactly one of them and passes every other bar rule: it is then their only failure.

Why that is permissive: a close person fails at least one bar rule and either exactly one, or only
time-bound ones (``qualifies_on`` finds a day only when every failure is time-bound). Someone failing
two untimed rules fails two rules, one of them untimed: never close. Someone failing one untimed
rule is close only when it is their single failure, i.e. every other bar rule passes. The placement
rules are left to Python in the first case (a few more rows, no second copy of them here).

Every predicate is ``candidate_sql``'s own — the ones the ranking already proves equal to the
Python verdict — over ``requirements.resolve``'s values: no threshold is restated here. They are
private there because the ranking is their one other user; importing them keeps one copy.

Cost: the three untimed rules are a column test and two index probes per person (the competency
probe behind the ranking's semi-join, so the never-assessed skip it); the time-bound predicates run
only for the people failing exactly one untimed rule. Competency fails for almost everyone, so most
rows are dropped by the time-bound predicates in SQL rather than by ``evaluate_eligibility``.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.models import Employee, JobHistory
from domain.reference import EDUCATION_ORDINAL, Education
from domain.rules.candidate_sql import (
    _education_on,
    _ever_assessed_high_enough,
    _experience_days,
    _not_barred,
    _rank_on,
    _skp_years,
)
from domain.rules.requirements import Requirements
from domain.rules.sql_parts import bound_date, latest_assessment_column, materialized

__all__ = ["near_pool_query"]


def _failed(passes: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    """1 when the rule fails, NULL counting as failing: each predicate is NULL exactly where the
    Python rule finds nothing to pass on (no golongan in effect, no assessment, no education)."""
    return sa.case((passes, 0), else_=1)


def near_pool_query(dialect: str, req: Requirements, visible: sa.ColumnElement[bool] | None = None) -> sa.Select:
    """nip, name, unit_code of everyone who may be close to eligible for ``req.post`` on
    ``req.as_of`` (module docstring), among those ``visible`` lets through (a filter on Employee)."""
    e = Employee
    served = sa.select(JobHistory.nip).where(JobHistory.level.in_(req.experience_levels or ("",)))
    education_ok = _education_on(req, e.nip, e.education) >= EDUCATION_ORDINAL[Education(req.education_min)]
    # The semi-join first: the latest-assessment probe runs only for people with some high enough JPM.
    competency_ok = sa.and_(
        e.nip.in_(_ever_assessed_high_enough(req)),
        latest_assessment_column(e.nip, req.as_of, "jpm", req.post.level) >= req.jpm_min,
    )
    health_ok = sa.or_(e.health_ok.is_(None), e.health_ok.is_(True))  # unknown health only warns
    query = sa.select(
        e.nip.label("nip"),
        e.name.label("name"),
        e.unit_code.label("unit_code"),
        e.position_code.label("position_code"),
        e.golongan.label("golongan"),
        e.golongan_tmt.label("golongan_tmt"),
        (_failed(education_ok) + _failed(competency_ok) + _failed(health_ok)).label("untimed_failed"),
    ).where(
        e.nip.in_(served),  # condition 3 of qualifies_on
        e.birth_date > bound_date(req.born_on_or_before_fails),  # age: only worsens, must pass today
    )
    if visible is not None:
        query = query.where(visible)
    pool = materialized(query, "near_pool")
    p = pool.c
    every_other_rule_passes = sa.and_(
        _experience_days(dialect, req, p.nip, levels_only=True) >= req.experience_days,
        _experience_days(dialect, req, p.nip, levels_only=False) >= req.total_days,
        _skp_years(req, p.nip, "count") == len(req.skp_years),
        _rank_on(req, p.nip, p.golongan, p.golongan_tmt).in_(req.rank_allowed),
        *_not_barred(dialect, req, p.nip, p.position_code),  # discipline, placement, rotation lock
    )
    return sa.select(p.nip, p.name, p.unit_code).where(
        sa.or_(p.untimed_failed == 0, sa.and_(p.untimed_failed == 1, every_other_rule_passes))
    )
