"""How the talent rules count, to the day (domain.md, "How the rules count").

Pure date arithmetic shared by the Python verdicts and the SQL that ranks many people at once, so
both give the same answer on every boundary.
"""

from __future__ import annotations

import math
from calendar import monthrange
from datetime import date, timedelta
from fractions import Fraction

DAYS_PER_YEAR = 365  # "N years are met at N × 365 days"


def days_counted(start: date, end: date | None, as_of: date) -> int:
    """Days a job-history row counts towards experience on ``as_of``.

    ``end`` is the last day held; an open row, or one ending later, counts up to the day before
    ``as_of``: ``min(end + 1 day, as_of) − start``, never below zero (a row starting on or after
    ``as_of`` counts nothing).
    """
    stop = as_of if end is None else min(end + timedelta(days=1), as_of)
    return max(0, (stop - start).days)


def years_to_days(years: float) -> int:
    """The days that meet ``years`` ("N years are met at N × 365 days"): the smallest whole number
    of days not below years × 365, in exact arithmetic — 2.5 years need 913 days (912.5 rounded
    up), never 912 as round-half-to-even would give."""
    return math.ceil(Fraction(str(years)) * DAYS_PER_YEAR)


def shift_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, monthrange(year, day.month)[1]))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's last day
    (31 March − 1 month = 28/29 February)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def birthday(birth: date, age: int) -> date:
    """The day someone born on ``birth`` turns ``age``. Born on 29 February: 1 March in a common
    year (the full year is complete only once 28 February has passed)."""
    year = birth.year + age
    if birth.month == 2 and birth.day == 29 and monthrange(year, 2)[1] == 28:
        return date(year, 3, 1)
    return birth.replace(year=year)


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on``."""
    age = on.year - birth.year
    return age if birthday(birth, age) <= on else age - 1


def latest_birth_date_reaching(age: int, on: date) -> date:
    """The latest birth date of someone whose ``age``-th birthday has come on ``on``: a person
    passes "the (max+1)-th birthday has not come" exactly when born *after* this date.
    Used by SQL as a bound parameter; agrees with :func:`birthday` (tested on every day of
    a leap cycle)."""
    return shift_years(on, -age)


def skp_years(as_of: date, count: int) -> list[int]:
    """The ``count`` calendar years before ``as_of``'s year, oldest first (2027 → [2025, 2026])."""
    return list(range(as_of.year - count, as_of.year))
