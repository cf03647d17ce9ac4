"""The eligibility rules as SQL, so ranking a post over 100 000 employees stays one query.

Each bar rule of ``eligibility`` becomes a predicate: cheap column tests on ``employee`` first
(education, rank, age, health, not the incumbent), then aggregates grouped by NIP over only those
people (experience days, SKP years, the latest assessment against the post's level), then NOT EXISTS
for discipline and the rotation lock. The thresholds come from ``requirements.resolve`` — the very
values the Python verdict uses — and every date is a bound parameter computed in Python.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from domain.models import Discipline, Employee, JobHistory, Skp
from domain.reference import SKP_SCORE
from domain.rulebook import Rulebook
from domain.rules.requirements import Requirements
from domain.rules.scoring import DAYS_AT_LEVEL_FULL
from domain.rules.sql_parts import bound_date, box_sql, days_between, latest_assessment, latest_skp


def _experience(dialect: str, req: Requirements, nips: sa.Select) -> sa.Subquery:
    """Per NIP: days at the qualifying levels and in posts in total, counted as ``days_counted`` does."""
    jh, as_of = JobHistory, bound_date(req.as_of)
    days = sa.case(
        (sa.or_(jh.end_date.is_(None), jh.end_date >= as_of), days_between(dialect, as_of, jh.start_date)),
        else_=days_between(dialect, jh.end_date, jh.start_date) + 1,
    )
    at_level = sa.case((jh.level.in_(req.experience_levels), days), else_=0) if req.experience_levels else sa.literal(0)
    return (
        sa.select(jh.nip, sa.func.sum(at_level).label("level_days"), sa.func.sum(days).label("total_days"))
        .where(
            jh.nip.in_(nips),
            jh.start_date < as_of,
            sa.or_(jh.end_date.is_(None), jh.end_date >= jh.start_date),
        )
        .group_by(jh.nip)
        .subquery("experience")
    )


def _skp_years(req: Requirements, nips: sa.Select) -> sa.Subquery:
    """Per NIP: how many of the rule's SKP years reach the minimum predicate, and their score sum."""
    points = sa.case(*((Skp.predicate == p, SKP_SCORE[p]) for p in SKP_SCORE), else_=0)
    return (
        sa.select(Skp.nip, sa.func.count().label("years_ok"), sa.func.sum(points).label("points"))
        .where(Skp.nip.in_(nips), Skp.year.in_(req.skp_years), Skp.predicate.in_(req.skp_allowed))
        .group_by(Skp.nip)
        .subquery("skp_years")
    )


def candidates_query(
    dialect: str, req: Requirements, rulebook: Rulebook, boxes: tuple[int, ...] | None = None
) -> sa.Select:
    """Eligible employees for ``req.post`` with their score parts and score (unordered, unpaged).

    Columns: nip, name, jpm, box, skp_mean, level_days, score and one ``<part>_scaled`` per part.
    ``boxes`` keeps only people placed in those nine-box cells (the talent pool: 7, 8, 9).
    """
    as_of = bound_date(req.as_of)
    e = Employee
    base = (
        sa.select(e.nip, e.name)
        .where(
            e.education.in_(req.education_allowed),
            e.golongan.in_(req.rank_allowed),
            e.birth_date > bound_date(req.born_on_or_before_fails),
            sa.or_(e.health_ok.is_(None), e.health_ok.is_(True)),
            sa.or_(e.position_code.is_(None), e.position_code != req.post.code),
        )
        .cte("base")
    )
    nips = sa.select(base.c.nip)
    exp = _experience(dialect, req, nips)
    skp = _skp_years(req, nips)
    post_jpm = latest_assessment(req.as_of, req.post.level, nips, name="post")
    any_jpm = latest_assessment(req.as_of, None, nips, name="any")
    last_skp = latest_skp(req.as_of.year, nips)

    level_days = sa.func.coalesce(exp.c.level_days, 0)
    total_days = sa.func.coalesce(exp.c.total_days, 0)
    years_ok = sa.func.coalesce(skp.c.years_ok, 0)

    d = Discipline
    barred_by_discipline = sa.exists().where(
        d.nip == base.c.nip,
        d.severity.in_(req.barring_severities),
        d.decree_date <= as_of,
        sa.or_(d.end_date.is_(None), d.end_date >= bound_date(req.discipline_cutoff)),
    )
    conditions = [
        level_days >= req.experience_days,
        total_days >= req.total_days,
        years_ok == len(req.skp_years),
        post_jpm.c.jpm >= req.jpm_min,
        ~barred_by_discipline,
    ]
    if req.rotation_lock_days is not None:
        j = aliased(JobHistory)
        conditions.append(
            ~sa.exists().where(
                j.nip == base.c.nip,
                j.level == req.post.level,
                j.start_date <= as_of,
                sa.or_(j.end_date.is_(None), j.end_date >= as_of),
                j.start_date > bound_date(req.as_of - timedelta(days=req.rotation_lock_days)),
            )
        )

    box = box_sql(last_skp.c.predicate, any_jpm.c.jpm, rulebook)
    if boxes is not None:
        conditions.append(box.in_(boxes))
    n_years = len(req.skp_years)
    skp_mean = (skp.c.points * 1.0 / n_years) if n_years else sa.null()
    parts = {
        "jpm": sa.case((post_jpm.c.jpm > 100.0, 100.0), else_=post_jpm.c.jpm * 1.0),
        "ninebox": sa.func.coalesce((box - 1) * 12.5, 0.0),
        "skp": sa.func.coalesce((skp_mean - 1) * 25.0, 0.0) if n_years else sa.literal(0.0),
        "years_at_level": sa.case(
            (level_days >= DAYS_AT_LEVEL_FULL, 100.0), else_=level_days * 100.0 / DAYS_AT_LEVEL_FULL
        ),
    }
    weights: dict[str, float] = rulebook["ranking_weights"]
    score = sum((float(weights.get(name, 0.0)) * expr for name, expr in parts.items()), sa.literal(0.0))
    return (
        sa.select(
            base.c.nip,
            base.c.name,
            post_jpm.c.jpm.label("jpm"),
            post_jpm.c.assessed_on.label("jpm_assessed_on"),
            box.label("box"),
            skp_mean.label("skp_mean") if n_years else sa.null().label("skp_mean"),
            level_days.label("level_days"),
            *(expr.label(f"{name}_scaled") for name, expr in parts.items()),
            score.label("score"),
        )
        .select_from(base)
        .join(post_jpm, post_jpm.c.nip == base.c.nip)
        .outerjoin(exp, exp.c.nip == base.c.nip)
        .outerjoin(skp, skp.c.nip == base.c.nip)
        .outerjoin(any_jpm, any_jpm.c.nip == base.c.nip)
        .outerjoin(last_skp, last_skp.c.nip == base.c.nip)
        .where(*conditions)
    )
