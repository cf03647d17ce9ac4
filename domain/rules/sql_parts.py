"""Small SQL building blocks shared by ranking, the nine-box grid and the talent pool.

Everything here is SQLAlchemy Core that runs unchanged on SQLite and PostgreSQL. Dates are computed
in Python and bound as parameters; the one place the dialects differ — subtracting two dates — is
:func:`days_between`.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access.units import unit_subtree as unit_subtree  # the one unit-subtree CTE, re-exported
from domain.models import CompetencyAssessment, Skp
from domain.rulebook import Rulebook
from domain.rules.ninebox import BOX
from domain.rules.ninebox_periods import bands_on

# A day count per dialect: julianday() on SQLite (dates are stored as ISO text), integer date
# subtraction on PostgreSQL.


def days_between(dialect: str, later: sa.ColumnElement, earlier: sa.ColumnElement) -> sa.ColumnElement[int]:
    if dialect == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def bound_date(value: date) -> sa.ColumnElement[date]:
    """A date as an anonymous bound parameter (typed, so SQLite receives ISO text)."""
    return sa.literal(value, sa.Date)


# "Latest" facts are correlated scalar subqueries (ORDER BY … DESC LIMIT 1 over the (nip, year) and
# (nip, assessed_on) unique indexes): one index probe per person on both databases. Joining grouped
# derived tables instead made SQLite rescan the derived table for every employee (quadratic).
# Callers evaluate them once per person inside a MATERIALIZED CTE and compute bands and boxes outside.


def latest_skp_column(nip: sa.ColumnElement, before_year: int, column: str) -> sa.ScalarSelect:
    """``column`` (``year`` or ``predicate``) of the person's latest SKP of a year before ``before_year``."""
    s = aliased(Skp)
    return (
        sa.select(getattr(s, column))
        .where(s.nip == nip, s.year < before_year)
        .order_by(s.year.desc())
        .limit(1)
        .scalar_subquery()
    )


def latest_assessment_column(
    nip: sa.ColumnElement, as_of: date, column: str, level: str | None = None
) -> sa.ScalarSelect:
    """``column`` (``jpm`` or ``assessed_on``) of the person's latest assessment on or before
    ``as_of``, against ``level`` (any level when None); ``(nip, assessed_on)`` is unique."""
    a = aliased(CompetencyAssessment)
    query = sa.select(getattr(a, column)).where(a.nip == nip, a.assessed_on <= bound_date(as_of))
    if level is not None:
        query = query.where(a.target_level == level)
    return query.order_by(a.assessed_on.desc()).limit(1).scalar_subquery()


def materialized(query: sa.Select, name: str) -> sa.CTE:
    """A CTE computed once (``AS MATERIALIZED`` on PostgreSQL ≥ 12 and SQLite ≥ 3.35), so the
    correlated subqueries inside run once per row however often the outer query reads a column."""
    return query.cte(name).prefix_with("MATERIALIZED")


def box_sql(predicate: sa.ColumnElement, jpm: sa.ColumnElement, rulebook: Rulebook, day: date) -> sa.ColumnElement[int]:
    """The box number (NULL when the SKP or the JPM is missing), the same mapping as ``ninebox.BOX``
    with the bands in force on ``day`` (``ninebox_periods``): potential picks the row, then the
    predicate picks the column (one comparison chain per row)."""
    bands = bands_on(rulebook["ninebox"], day)
    thresholds = bands["potential"]
    mapping: dict[str, str] = bands["performance"]

    def row(potential: str) -> sa.ColumnElement[int]:
        return sa.case(
            *((predicate == p, sa.literal(BOX[(potential, band)])) for p, band in mapping.items()),
            else_=sa.literal(BOX[(potential, "below")]),
        )

    return sa.case(
        (sa.or_(predicate.is_(None), jpm.is_(None)), sa.null()),
        (jpm >= float(thresholds["high"]), row("high")),
        (jpm >= float(thresholds["middle"]), row("middle")),
        else_=row("low"),
    )


async def dialect_of(session: AsyncSession) -> str:
    """``sqlite`` or ``postgresql``: the database this session's connection talks to."""
    return (await session.connection()).dialect.name
