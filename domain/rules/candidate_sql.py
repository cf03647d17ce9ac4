"""The eligibility rules as SQL, so ranking a post over 100 000 employees stays one query.

Each bar rule of ``eligibility`` becomes a predicate. Three steps:

1. ``assessed`` (materialized): cheap tests on ``employee`` (education, rank, age, health, not the
   incumbent) and, for those, the latest assessment against the post's level — one index probe;
2. ``candidate_facts`` (materialized): for those with JPM ≥ the minimum and no barring penalty or
   rotation lock (NOT EXISTS), aggregates over the person's rows — experience days at the
   qualifying levels and in total, SKP years reaching the minimum, the latest SKP and JPM for the
   nine-box;
3. the outer query keeps those meeting the thresholds and computes the score parts.

Per-person facts are correlated subqueries over the (nip, …) indexes, each evaluated once per row
inside a MATERIALIZED CTE (see ``sql_parts``).

The thresholds come from ``requirements.resolve`` — the very values the Python verdict uses — and
every date is a bound parameter computed in Python, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from domain.models import Discipline, Employee, JobHistory, Skp
from domain.reference import SKP_SCORE
from domain.rulebook import Rulebook
from domain.rules.eligibility import higher_levels
from domain.rules.requirements import Requirements
from domain.rules.scoring import DAYS_AT_LEVEL_FULL
from domain.rules.sql_parts import (
    bound_date,
    box_sql,
    days_between,
    latest_assessment_column,
    latest_skp_column,
    materialized,
)


def _experience_days(dialect: str, req: Requirements, nip: sa.ColumnElement, levels_only: bool) -> sa.ScalarSelect:
    """Days of the person's job history, counted as ``counting.days_counted`` does:
    ``min(end + 1, as_of) − start`` for rows starting before ``as_of``."""
    jh, as_of = aliased(JobHistory), bound_date(req.as_of)
    days = sa.case(
        (sa.or_(jh.end_date.is_(None), jh.end_date >= as_of), days_between(dialect, as_of, jh.start_date)),
        else_=days_between(dialect, jh.end_date, jh.start_date) + 1,
    )
    query = sa.select(sa.func.coalesce(sa.func.sum(days), 0)).where(
        jh.nip == nip, jh.start_date < as_of, sa.or_(jh.end_date.is_(None), jh.end_date >= jh.start_date)
    )
    if levels_only:
        query = query.where(jh.level.in_(req.experience_levels or ("",)))
    return query.scalar_subquery()


def _skp_years(req: Requirements, nip: sa.ColumnElement, what: str) -> sa.ScalarSelect:
    """Of the rule's SKP years with at least the minimum predicate: how many (``count``) or the sum
    of their predicate scores (``points``)."""
    s = aliased(Skp)
    points = sa.case(*((s.predicate == p, SKP_SCORE[p]) for p in SKP_SCORE), else_=0)
    value = sa.func.count() if what == "count" else sa.func.coalesce(sa.func.sum(points), 0)
    return (
        sa.select(value)
        .where(s.nip == nip, s.year.in_(req.skp_years or (-1,)), s.predicate.in_(req.skp_allowed))
        .scalar_subquery()
    )


def _base(req: Requirements) -> sa.Select:
    """Step 1: column tests on ``employee`` and the competency rule's latest JPM (one index probe)
    — the most selective rule in practice, so every later probe runs for few people."""
    e = Employee
    return sa.select(
        e.nip.label("nip"),
        e.name.label("name"),
        latest_assessment_column(e.nip, req.as_of, "jpm", req.post.level).label("jpm"),
        latest_assessment_column(e.nip, req.as_of, "assessed_on", req.post.level).label("jpm_assessed_on"),
    ).where(
        e.education.in_(req.education_allowed),
        e.golongan.in_(req.rank_allowed),
        e.birth_date > bound_date(req.born_on_or_before_fails),
        sa.or_(e.health_ok.is_(None), e.health_ok.is_(True)),
        sa.or_(e.position_code.is_(None), e.position_code != req.post.code),
    )


def _not_barred(req: Requirements, nip: sa.ColumnElement) -> list[sa.ColumnElement[bool]]:
    """Step 2 predicates: no barring penalty in the lookback, not holding a higher post, not inside
    the rotation lock."""
    as_of = bound_date(req.as_of)
    d = aliased(Discipline)
    conditions = [
        ~sa.exists().where(
            d.nip == nip,
            d.severity.in_(req.barring_severities),
            d.decree_date <= as_of,
            sa.or_(d.end_date.is_(None), d.end_date >= bound_date(req.discipline_cutoff)),
        )
    ]
    higher = aliased(JobHistory)
    conditions.append(  # eligibility.check_current_level: nobody moves down
        ~sa.exists().where(
            higher.nip == nip,
            higher.level.in_(higher_levels(req.post.level) or ("",)),
            higher.start_date <= as_of,
            sa.or_(higher.end_date.is_(None), higher.end_date >= as_of),
        )
    )
    if req.rotation_lock_days is not None:
        j = aliased(JobHistory)
        conditions.append(
            ~sa.exists().where(
                j.nip == nip,
                j.level == req.post.level,
                j.start_date <= as_of,
                sa.or_(j.end_date.is_(None), j.end_date >= as_of),
                j.start_date > bound_date(req.as_of - timedelta(days=req.rotation_lock_days)),
            )
        )
    return conditions


def candidates_query(
    dialect: str, req: Requirements, rulebook: Rulebook, boxes: tuple[int, ...] | None = None
) -> sa.Select:
    """Eligible employees for ``req.post`` with their score parts and score (unordered, unpaged).

    Columns: nip, name, jpm, jpm_assessed_on, box, skp_mean, level_days, one ``<part>_scaled`` per
    score part, score. ``boxes`` keeps only people placed in those nine-box cells (the talent pool).
    """
    base = materialized(_base(req), "assessed")
    nip = base.c.nip
    facts = materialized(
        sa.select(
            base,
            _experience_days(dialect, req, nip, levels_only=True).label("level_days"),
            _experience_days(dialect, req, nip, levels_only=False).label("total_days"),
            _skp_years(req, nip, "count").label("skp_years_ok"),
            _skp_years(req, nip, "points").label("skp_points"),
            latest_assessment_column(nip, req.as_of, "jpm").label("any_jpm"),
            latest_skp_column(nip, req.as_of.year, "predicate").label("latest_predicate"),
        ).where(base.c.jpm >= req.jpm_min, *_not_barred(req, nip)),
        "candidate_facts",
    )
    f = facts.c
    conditions = [
        f.level_days >= req.experience_days,
        f.total_days >= req.total_days,
        f.skp_years_ok == len(req.skp_years),
    ]
    box = box_sql(f.latest_predicate, f.any_jpm, rulebook)
    if boxes is not None:
        conditions.append(box.in_(boxes))
    n_years = len(req.skp_years)
    skp_mean = (f.skp_points * 1.0 / n_years) if n_years else sa.null()
    parts = {
        "jpm": sa.case((f.jpm > 100.0, 100.0), else_=f.jpm * 1.0),
        "ninebox": sa.func.coalesce((box - 1) * 12.5, 0.0),
        "skp": (skp_mean - 1) * 25.0 if n_years else sa.literal(0.0),
        "years_at_level": sa.case(
            (f.level_days >= DAYS_AT_LEVEL_FULL, 100.0), else_=f.level_days * 100.0 / DAYS_AT_LEVEL_FULL
        ),
    }
    weights: dict[str, float] = rulebook["ranking_weights"]
    score = sum((float(weights.get(name, 0.0)) * expr for name, expr in parts.items()), sa.literal(0.0))
    return sa.select(
        f.nip,
        f.name,
        f.jpm,
        f.jpm_assessed_on,
        box.label("box"),
        skp_mean.label("skp_mean"),
        f.level_days,
        *(expr.label(f"{name}_scaled") for name, expr in parts.items()),
        score.label("score"),
    ).where(*conditions)
