"""The eligibility rules as SQL, so ranking a post over 100 000 employees stays one query.

Each bar rule of ``eligibility`` becomes a predicate. Three steps:

1. ``assessed`` (materialized): cheap tests on ``employee`` (age, health), a semi-join keeping
   only people with *some* assessment against the post's level reaching the JPM minimum (a
   necessary condition, so no verdict changes; it spares the probes below for most people) and,
   for those, the latest assessment against the post's level — one index probe;
2. ``candidate_facts`` (materialized): for those with JPM ≥ the minimum, the rank and education of
   the appointment date from their histories meeting the minimum, not holding the post or a
   higher one, and no barring penalty or rotation lock (NOT EXISTS), aggregates over the person's
   rows — experience days at the qualifying levels and in total, SKP years reaching the minimum,
   the latest SKP and JPM for the nine-box;
3. the outer query keeps those meeting the thresholds and computes the score parts.

Per-person facts are correlated subqueries over the (nip, …) indexes, each evaluated once per row
inside a MATERIALIZED CTE (see ``sql_parts``).

The thresholds come from ``requirements.resolve`` — the very values the Python verdict uses — and
every date is a bound parameter computed in Python, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from domain.models import (
    CompetencyAssessment,
    Discipline,
    EducationHistory,
    Employee,
    JobHistory,
    Position,
    RankHistory,
    Skp,
)
from domain.reference import EDUCATION_ORDINAL, SKP_SCORE, Education, Level
from domain.rulebook import Rulebook
from domain.rules.eligibility import higher_levels
from domain.rules.kinds import allowed_held_levels
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
    if levels_only:  # requirements.counts_as_experience
        query = query.where(jh.level.in_(req.experience_levels or ("",)))
        if req.experience_jf_grades:
            query = query.where(sa.or_(jh.level != "fungsional", jh.jf_grade.in_(req.experience_jf_grades)))
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


def _rank_on(
    req: Requirements, nip: sa.ColumnElement, golongan: sa.ColumnElement, golongan_tmt: sa.ColumnElement
) -> sa.ColumnElement[str]:
    """``held.rank_on`` as SQL: the golongan in effect on the appointment date (NULL: none yet).
    The common case first, in one probe: the dated snapshot is in effect and no history row in
    effect is as late (or as late with another golongan)."""
    as_of = bound_date(req.as_of)
    r, later, any_rank = aliased(RankHistory), aliased(RankHistory), aliased(RankHistory)
    snapshot_latest = sa.and_(
        golongan_tmt <= as_of,
        ~sa.exists().where(
            later.nip == nip,
            later.tmt >= golongan_tmt,
            later.tmt <= as_of,
            sa.or_(later.tmt > golongan_tmt, later.golongan != golongan),
        ),
    )
    in_effect = sa.and_(r.nip == nip, r.tmt <= as_of)
    latest_golongan = sa.select(r.golongan).where(in_effect).order_by(r.tmt.desc()).limit(1).scalar_subquery()
    latest_tmt = sa.select(sa.func.max(r.tmt)).where(in_effect).scalar_subquery()
    return sa.case(
        (snapshot_latest, golongan),
        (sa.and_(golongan_tmt <= as_of, sa.or_(latest_tmt.is_(None), golongan_tmt > latest_tmt)), golongan),
        (latest_tmt.is_not(None), latest_golongan),
        (sa.and_(golongan_tmt.is_(None), ~sa.exists().where(any_rank.nip == nip)), golongan),
        else_=sa.null(),
    )


def _education_ordinal(level: sa.ColumnElement[str]) -> sa.ColumnElement[int]:
    return sa.case(*((level == edu.value, n) for edu, n in EDUCATION_ORDINAL.items()), else_=0)


def _education_on(req: Requirements, nip: sa.ColumnElement, education: sa.ColumnElement) -> sa.ColumnElement[int]:
    """``held.education_on`` as SQL, as its ordinal: the highest level completed by the date."""
    as_of = bound_date(req.as_of)
    h, any_row = aliased(EducationHistory), aliased(EducationHistory)
    done = (
        sa.select(sa.func.max(_education_ordinal(h.level)))
        .where(h.nip == nip, sa.or_(h.graduated_on.is_(None), h.graduated_on <= as_of))
        .scalar_subquery()
    )
    return sa.case((sa.exists().where(any_row.nip == nip), done), else_=_education_ordinal(education))


def _base(req: Requirements) -> sa.Select:
    """Step 1: column tests on ``employee`` and the competency rule's latest JPM (one index probe)
    — the most selective rule in practice, so every later probe (rank and education of the
    appointment date among them) runs for few people."""
    e = Employee
    return sa.select(
        e.nip.label("nip"),
        e.name.label("name"),
        e.position_code.label("position_code"),
        e.golongan.label("golongan"),
        e.golongan_tmt.label("golongan_tmt"),
        e.education.label("education"),
        latest_assessment_column(e.nip, req.as_of, "jpm", req.post.level).label("jpm"),
        latest_assessment_column(e.nip, req.as_of, "assessed_on", req.post.level).label("jpm_assessed_on"),
    ).where(
        e.birth_date > bound_date(req.born_on_or_before_fails),
        sa.or_(e.health_ok.is_(None), e.health_ok.is_(True)),
        e.nip.in_(_ever_assessed_high_enough(req)),
    )


def _ever_assessed_high_enough(req: Requirements) -> sa.Select:
    """A pre-filter more permissive than the competency rule, so it changes no verdict: whoever's
    latest assessment against the level reaches the JPM minimum has *some* such assessment. One
    scan of the assessments (a hashed semi-join) spares the two correlated probes of the latest
    assessment for everyone never assessed high enough — most of a province."""
    a = aliased(CompetencyAssessment)
    return sa.select(a.nip).where(
        a.target_level == req.post.level, a.assessed_on <= bound_date(req.as_of), a.jpm >= req.jpm_min
    )


def _in_force(row: type[JobHistory], day: sa.ColumnElement[date]) -> sa.ColumnElement[bool]:
    """``held.rows_in_force``: the row covers ``day``."""
    return sa.and_(row.start_date <= day, sa.or_(row.end_date.is_(None), row.end_date >= day))


def _holds(
    nip: sa.ColumnElement,
    recorded: sa.ColumnElement,
    day: sa.ColumnElement[date],
    row_test: Callable[[type[JobHistory]], sa.ColumnElement[bool]],
    recorded_test: sa.ColumnElement[bool],
) -> sa.ColumnElement[bool]:
    """``held.posts_held`` as SQL: a job row in force on ``day`` passing ``row_test``, or the
    recorded post (passing ``recorded_test``) when the history has no row for it. Never NULL:
    the recorded test is guarded by IS NOT NULL, so NOT of it keeps people without a post."""
    row, same = aliased(JobHistory), aliased(JobHistory)
    return sa.or_(
        sa.exists().where(row.nip == nip, _in_force(row, day), row_test(row)),
        sa.and_(
            recorded.is_not(None),
            recorded_test,
            ~sa.exists().where(same.nip == nip, same.position_code == recorded),
        ),
    )


def _rotation_locked(dialect: str, req: Requirements, nip: sa.ColumnElement) -> sa.ColumnElement[bool]:
    """``eligibility.check_rotation_lock`` as SQL: a post at the level held on the eve whose rows
    (those of the same post, ``held.in_post_since``) cover fewer than the lock's days of the window
    [as_of − lock, as_of − 1] — with rows that do not overlap, the window is fully covered exactly
    when the joined stint began on or before its first day. (A recorded post without a job row
    only warns in Python: nothing to test here.)"""
    lock = req.rotation_lock_days or 0
    as_of, eve = bound_date(req.as_of), bound_date(req.held_on)
    window = bound_date(req.as_of - timedelta(days=lock))
    row, part = aliased(JobHistory), aliased(JobHistory)
    begin = sa.case((part.start_date > window, part.start_date), else_=window)
    overlap = sa.case(
        (sa.or_(part.start_date >= as_of, sa.and_(part.end_date.is_not(None), part.end_date < window)), 0),
        (sa.or_(part.end_date.is_(None), part.end_date >= as_of), days_between(dialect, as_of, begin)),
        else_=days_between(dialect, part.end_date, begin) + 1,
    )
    covered = (
        sa.select(sa.func.coalesce(sa.func.sum(overlap), 0))
        .where(
            part.nip == row.nip,  # row's, not the CTE's nip: a subquery correlates to its direct parent only
            sa.or_(part.id == row.id, sa.and_(row.position_code.is_not(None), part.position_code == row.position_code)),
        )
        .scalar_subquery()
    )
    return sa.exists().where(row.nip == nip, row.level == req.post.level, _in_force(row, eve), covered < lock)


def _not_barred(
    dialect: str,
    req: Requirements,
    nip: sa.ColumnElement,
    recorded: sa.ColumnElement,
    kind_rules: Mapping[str, bool] | None = None,
) -> list[sa.ColumnElement[bool]]:
    """Step 2 predicates: no barring penalty in the lookback, not holding a higher post, not the
    incumbent, not inside the rotation lock (posts held on the eve of the appointment, ``held``),
    and the level held allowed by the nomination kind's rules (``kinds``), when given."""
    as_of, eve = bound_date(req.as_of), bound_date(req.held_on)
    d = aliased(Discipline)
    conditions = [
        ~sa.exists().where(
            d.nip == nip,
            d.severity.in_(req.barring_severities),
            d.decree_date <= as_of,
            sa.or_(d.end_date.is_(None), d.end_date >= bound_date(req.discipline_cutoff)),
        )
    ]
    higher = higher_levels(req.post.level) or ("",)
    higher_posts = sa.select(Position.code).where(Position.level.in_(higher))
    code = req.post.code
    conditions += [
        # eligibility.check_current_level: nobody moves down
        ~_holds(nip, recorded, eve, lambda row: row.level.in_(higher), recorded.in_(higher_posts)),
        # eligibility.check_incumbent: the incumbent is not a candidate for their own post
        ~_holds(nip, recorded, eve, lambda row: row.position_code == code, recorded == code),
    ]
    if req.rotation_lock_days is not None:
        conditions.append(~_rotation_locked(dialect, req, nip))
    if kind_rules:
        conditions += _kind_allows(req, nip, recorded, kind_rules)
    return conditions


def _kind_allows(
    req: Requirements, nip: sa.ColumnElement, recorded: sa.ColumnElement, kind_rules: Mapping[str, bool]
) -> list[sa.ColumnElement[bool]]:
    """``kinds.kind_checks`` as SQL: the level held on the eve (the highest order among the posts
    held, Pelaksana's when none) lies in the orders the kind rules accept — an interval [low, high],
    so "no post above high" and, when low is above Pelaksana's, "some post at low or above"."""
    allowed = allowed_held_levels(req.post.level, kind_rules)
    if allowed is None:
        return []
    if not allowed:
        return [sa.false()]
    low, high = min(allowed), max(allowed)
    assert allowed == set(range(low, high + 1)), allowed  # promotion: below the target; rotation: the target's
    eve = bound_date(req.held_on)

    def holding(levels: list[str]) -> sa.ColumnElement[bool]:
        posts = sa.select(Position.code).where(Position.level.in_(levels or ("",)))
        return _holds(nip, recorded, eve, lambda row: row.level.in_(levels or ("",)), recorded.in_(posts))

    conditions = [~holding([lv.value for lv in Level if lv.order > high])]
    if low > Level.PELAKSANA.order:
        conditions.append(holding([lv.value for lv in Level if lv.order >= low]))
    return conditions


def candidates_query(
    dialect: str,
    req: Requirements,
    rulebook: Rulebook,
    boxes: tuple[int, ...] | None = None,
    kind_rules: Mapping[str, bool] | None = None,
) -> sa.Select:
    """Eligible employees for ``req.post`` with their score parts and score (unordered, unpaged).

    Columns: nip, name, jpm, jpm_assessed_on, box, skp_mean, level_days, one ``<part>_scaled`` per
    score part, score. ``boxes`` keeps only people placed in those nine-box cells (the talent pool);
    ``kind_rules`` (a workflow definition's ``rules``) keeps only those the nomination kind allows.
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
        ).where(
            base.c.jpm >= req.jpm_min,
            _rank_on(req, nip, base.c.golongan, base.c.golongan_tmt).in_(req.rank_allowed),
            _education_on(req, nip, base.c.education) >= EDUCATION_ORDINAL[Education(req.education_min)],
            *_not_barred(dialect, req, nip, base.c.position_code, kind_rules),
        ),
        "candidate_facts",
    )
    f = facts.c
    conditions = [
        f.level_days >= req.experience_days,
        f.total_days >= req.total_days,
        f.skp_years_ok == len(req.skp_years),
    ]
    box = box_sql(f.latest_predicate, f.any_jpm, rulebook, req.as_of)
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
