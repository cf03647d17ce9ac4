"""Each employee's nine-box placement on a day, computed live in SQL from their SKPs and
assessments (the SQL twin of ``ninebox.place``): the latest SKP of a year before the day's year,
the latest assessment on or before the day, the box by the bands in force on the day.

``ninebox_store`` keeps the result per person for the span of days it is exact for; the grid and
the talent pool (``ninebox_grid``) read stored rows and use this query only for the people who have
none valid on the day asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from domain.models import CompetencyAssessment, Employee, Skp
from domain.reference import SkpPredicate
from domain.rulebook import Rulebook
from domain.rules.ninebox import NO_ASSESSMENT, NO_SKP, NO_SKP_NO_ASSESSMENT
from domain.rules.sql_parts import (
    bound_date,
    box_sql,
    latest_assessment_column,
    latest_skp_column,
    materialized,
    unit_subtree,
)


def reason_code_sql(predicate: sa.ColumnElement, jpm: sa.ColumnElement) -> sa.ColumnElement[str]:
    """The message key of why a person is not mapped (``ninebox.not_mapped_key``), NULL when mapped."""
    return sa.case(
        (sa.and_(predicate.is_(None), jpm.is_(None)), NO_SKP_NO_ASSESSMENT),
        (predicate.is_(None), NO_SKP),
        (jpm.is_(None), NO_ASSESSMENT),
        else_=sa.null(),
    )


def _next_assessment(nip: sa.ColumnElement, as_of: date) -> sa.ScalarSelect:
    """The day of the person's first assessment after ``as_of`` (NULL: none): where a placement
    computed on ``as_of`` stops being exact."""
    a = aliased(CompetencyAssessment)
    return (
        sa.select(sa.func.min(a.assessed_on)).where(a.nip == nip, a.assessed_on > bound_date(as_of)).scalar_subquery()
    )


NipRange = tuple[str, str | None]  # [low, high): high None for no upper bound


def _within(nip: sa.ColumnElement, nips: NipRange | None) -> sa.ColumnElement[bool]:
    if nips is None:
        return sa.true()
    low, high = nips
    return sa.and_(nip >= low, nip < high) if high is not None else nip >= low


def _facts_by_probes(
    conditions: list[tuple[str, object]], as_of: date, spans: bool, nip_range: NipRange | None
) -> sa.Select:
    """SQLite: one index probe per person and fact (correlated subqueries)."""
    nip = Employee.nip
    span = (
        [
            latest_assessment_column(nip, as_of, "assessed_on").label("jpm_on"),
            _next_assessment(nip, as_of).label("next_on"),
        ]
        if spans
        else []
    )
    return sa.select(
        nip.label("nip"),
        latest_skp_column(nip, as_of.year, "year").label("skp_year"),
        latest_skp_column(nip, as_of.year, "predicate").label("skp_predicate"),
        latest_assessment_column(nip, as_of, "jpm").label("jpm"),
        *span,
    ).where(*(_on(Employee, c) for c in conditions), _within(nip, nip_range))


def _facts_by_joins(
    conditions: list[tuple[str, object]], as_of: date, spans: bool, nip_range: NipRange | None
) -> sa.Select:
    """PostgreSQL: each person's latest SKP and assessment by hash aggregates (the assessment joined
    back through the unique (nip, assessed_on) key). PostgreSQL runs a correlated
    subquery per row several times slower than SQLite, and DISTINCT ON sorted 250 000 rows on disk."""
    person = aliased(Employee)
    people = sa.select(person.nip).where(*(_on(person, c) for c in conditions)) if conditions else None

    def latest(model: type, key: str, bound: sa.ColumnElement[bool], value: str, name: str) -> sa.Subquery:
        grouped, row = aliased(model), aliased(model)
        last = sa.select(grouped.nip, sa.func.max(getattr(grouped, key)).label(key)).where(
            bound(grouped), _within(grouped.nip, nip_range)
        )
        if people is not None:
            last = last.where(grouped.nip.in_(people))
        last = last.group_by(grouped.nip).subquery(f"{name}_key")
        return (
            sa.select(row.nip, getattr(row, key), getattr(row, value))
            .join(last, sa.and_(row.nip == last.c.nip, getattr(row, key) == last.c[key]))
            .subquery(name)
        )

    # The latest SKP in one aggregate, no join back: max(year × 10 + predicate code) keeps the
    # latest year (codes are 0-5) and carries its predicate along.
    s = aliased(Skp)
    code = sa.case(*((s.predicate == p.value, p.score) for p in SkpPredicate), else_=0)
    skp_key = sa.select(s.nip, sa.func.max(s.year * 10 + code).label("key")).where(
        s.year < as_of.year, _within(s.nip, nip_range)
    )
    if people is not None:
        skp_key = skp_key.where(s.nip.in_(people))
    skp = skp_key.group_by(s.nip).subquery("latest_skp")
    predicate = sa.case(*((skp.c.key % 10 == p.score, p.value) for p in SkpPredicate), else_=sa.literal("unknown"))
    jpm = latest(CompetencyAssessment, "assessed_on", lambda t: t.assessed_on <= bound_date(as_of), "jpm", "latest_jpm")
    query = (
        sa.select(
            Employee.nip.label("nip"),
            (skp.c.key // 10).label("skp_year"),
            sa.case((skp.c.key.is_(None), sa.null()), else_=predicate).label("skp_predicate"),
            jpm.c.jpm.label("jpm"),
        )
        .outerjoin(skp, skp.c.nip == Employee.nip)
        .outerjoin(jpm, jpm.c.nip == Employee.nip)
        .where(*(_on(Employee, c) for c in conditions), _within(Employee.nip, nip_range))
    )
    if not spans:
        return query
    a = aliased(CompetencyAssessment)
    upcoming = sa.select(a.nip, sa.func.min(a.assessed_on).label("next_on")).where(
        a.assessed_on > bound_date(as_of), _within(a.nip, nip_range)
    )
    if people is not None:
        upcoming = upcoming.where(a.nip.in_(people))
    after = upcoming.group_by(a.nip).subquery("next_assessment")
    return query.add_columns(jpm.c.assessed_on.label("jpm_on"), after.c.next_on).outerjoin(
        after, after.c.nip == Employee.nip
    )


def _on(alias: type[Employee], condition: tuple[str, object]) -> sa.ColumnElement[bool]:
    column, values = condition
    return getattr(alias, column).in_(values)


def placements_query(
    unit_code: str | None,
    as_of: date,
    rulebook: Rulebook,
    nips: Sequence[str] | sa.Select | None = None,
    dialect: str = "sqlite",
    spans: bool = False,
    nip_range: NipRange | None = None,
) -> sa.Select:
    """Every employee of the unit tree (or only ``nips``, a list or a SELECT of NIPs) with their
    latest SKP, latest JPM, box (NULL if not mapped) and the reason when not mapped. Columns: nip,
    name, unit_code, skp_year, skp_predicate, jpm, box, reason, reason_code (its message key); with
    ``spans`` also jpm_on (the day of the JPM used) and next_on (the person's next assessment after
    ``as_of``), which bound the days the placement is exact for (``ninebox_store``); ``nip_range``
    [low, high) narrows every table read to those NIPs (a range scan, for the store's chunks). The latest facts
    are computed once per person in a materialized CTE: pass ``nips`` rather than filtering
    afterwards, or the whole tree is computed; pass the session's ``dialect`` so PostgreSQL gets its
    faster plan (both give the same rows)."""
    conditions: list[tuple[str, object]] = []
    if unit_code is not None:
        conditions.append(("unit_code", sa.select(unit_subtree(unit_code).c.code)))
    if nips is not None:
        conditions.append(("nip", nips if isinstance(nips, sa.Select) else list(nips)))
    build = _facts_by_joins if dialect == "postgresql" else _facts_by_probes
    facts = materialized(build(conditions, as_of, spans, nip_range), "nine_box_facts")
    predicate, jpm = facts.c.skp_predicate, facts.c.jpm
    reason = sa.case(
        (
            sa.and_(predicate.is_(None), jpm.is_(None)),
            f"no SKP for a year before {as_of.year}; no competency assessment on or before {as_of}",
        ),
        (predicate.is_(None), f"no SKP for a year before {as_of.year}"),
        (jpm.is_(None), f"no competency assessment on or before {as_of}"),
        else_=sa.null(),
    )
    return sa.select(
        Employee.nip,
        Employee.name,
        Employee.unit_code,
        facts.c.skp_year,
        predicate.label("skp_predicate"),
        jpm.label("jpm"),
        box_sql(predicate, jpm, rulebook, as_of).label("box"),
        reason.label("reason"),
        reason_code_sql(predicate, jpm).label("reason_code"),
        *((facts.c.jpm_on, facts.c.next_on) if spans else ()),
    ).join(facts, facts.c.nip == Employee.nip)
