"""Who *may* be close to eligible for a post, in SQL: the pre-filter of the "Tidak memenuhi syarat"
list (``qualifies_on.near_candidates``), so Python loads the facts of a few people, not a province.

Python still decides. This query may only keep *more* people than the definition in
``qualifies_on`` lets through, never fewer. It keeps, among those who pass age and have served at a
level the post's experience rule counts (conditions 1 and 3 there, as ``near_candidates`` asked
them before), everyone who

- passes the competency rule (few do: an assessment against the post's level reaching the JPM
  minimum) — Python judges all of them, or
- fails it and passes every other bar rule: competency is then their only failure.

Why that is permissive: a close person fails at least one bar rule and either exactly one, or only
time-bound ones (``qualifies_on`` finds a day only when every failure is time-bound). Competency is
not time-bound (only a new assessment turns it), so whoever fails it is close only when it is
their single failure, i.e. every other bar rule passes. The placement rules and the other untimed
rules are left to Python in the first case (a few more rows, no second copy of them here).

Every predicate is ``candidate_sql``'s own — the ones the ranking already proves equal to the
Python verdict — over ``requirements.resolve``'s values: no threshold is restated here. They are
private there because the ranking is their one other user; importing them keeps one copy.

Cost: the competency probe runs behind the ranking's semi-join (the never-assessed skip it); for
the others the predicates run in the order written, the health column first and the education
probes last, and most people fail the experience rule before those. What is left is the answer
itself (plus a few): for a JPT post a hundred people at 20 000 employees, but for an administrator
or pengawas post thousands, most of them never assessed against the level (bench/RESULTS.md).
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
    # The semi-join first: the latest-assessment probe runs only for people with some high enough JPM.
    competency_ok = sa.and_(
        e.nip.in_(_ever_assessed_high_enough(req)),
        latest_assessment_column(e.nip, req.as_of, "jpm", req.post.level) >= req.jpm_min,
    )
    query = sa.select(
        e.nip.label("nip"),
        e.name.label("name"),
        e.unit_code.label("unit_code"),
        e.position_code.label("position_code"),
        e.golongan.label("golongan"),
        e.golongan_tmt.label("golongan_tmt"),
        e.education.label("education"),
        e.health_ok.label("health_ok"),
        _failed(competency_ok).label("competency_failed"),
    ).where(
        e.nip.in_(served),  # condition 3 of qualifies_on
        e.birth_date > bound_date(req.born_on_or_before_fails),  # age: only worsens, must pass today
    )
    if visible is not None:
        query = query.where(visible)
    pool = materialized(query, "near_pool")
    p = pool.c
    # Competency failing (almost everyone): close only as the single failure, so every other rule
    # must pass — the column test first, the education probes last (most people fail earlier).
    only_competency_fails = sa.and_(
        sa.or_(p.health_ok.is_(None), p.health_ok.is_(True)),  # unknown health only warns
        _experience_days(dialect, req, p.nip, levels_only=True) >= req.experience_days,
        _experience_days(dialect, req, p.nip, levels_only=False) >= req.total_days,
        _skp_years(req, p.nip, "count") == len(req.skp_years),
        _rank_on(req, p.nip, p.golongan, p.golongan_tmt).in_(req.rank_allowed),
        *_not_barred(dialect, req, p.nip, p.position_code),  # discipline, placement, rotation lock
        _education_on(req, p.nip, p.education) >= EDUCATION_ORDINAL[Education(req.education_min)],
    )
    return sa.select(p.nip, p.name, p.unit_code).where(sa.or_(p.competency_failed == 0, only_competency_fails))
