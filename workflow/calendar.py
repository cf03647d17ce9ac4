"""Working days: Monday to Friday, minus Indonesia's national holidays and cuti bersama, minus the
days in the ``holiday`` table.

National holidays (libur nasional) and collective leave (cuti bersama, SKB 3 Menteri) come from the
``holidays`` package's Indonesia calendar (categories ``public`` and ``government``), which is kept
up to date every year — a table typed by hand ran out after 2027, and from 2028 every 30-working-
day deadline silently counted holidays as working days. The ``holiday`` table holds only what the
package cannot know: regional days of the province, or a day the SKB moved after the package's
release; ``ensure_holidays`` writes :data:`EXTRA_DAYS` there.

A year the package has no calendar for (and the table has no day of) is refused with a message
rather than counted as if it had no holidays: :class:`NoCalendar`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holiday_calendars
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput
from domain.models import Holiday

__all__ = [
    "EXTRA_DAYS",
    "NoCalendar",
    "add_working_days",
    "due_date",
    "ensure_holidays",
    "holidays_between",
    "is_working_day",
    "national_holidays",
    "previous_working_day",
    "working_days_between",
]

COUNTRY = "ID"
CATEGORIES = ("public", "government")  # libur nasional and cuti bersama
# Days the package cannot know (regional days, late SKB changes): (ISO date, name). Reference data.
EXTRA_DAYS: list[tuple[str, str]] = []


class NoCalendar(InvalidInput):
    """A deadline would run through a year for which no holiday calendar is known."""


@lru_cache(maxsize=1)
def _supported_years() -> tuple[int, int]:
    calendar = holiday_calendars.country_holidays(COUNTRY)
    return int(calendar.start_year), int(calendar.end_year)


@lru_cache(maxsize=256)
def _national_year(year: int) -> dict[date, str]:
    calendar = holiday_calendars.country_holidays(COUNTRY, years=year, categories=CATEGORIES, language="id")
    return dict(calendar.items())


def national_holidays(start: date, end: date, known_years: frozenset[int] = frozenset()) -> dict[date, str]:
    """National holidays and cuti bersama from ``start`` to ``end`` (inclusive). Raises
    :class:`NoCalendar` for a year outside the package's calendar unless ``known_years`` (years
    with days in the ``holiday`` table) covers it."""
    low, high = _supported_years()
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        if not low <= year <= high:
            if year in known_years:
                continue
            raise NoCalendar(
                f"no holiday calendar for {year}: the holidays package knows Indonesia's holidays for {low}-{high}; "
                f"add {year}'s holidays to the holiday table (or update the package) before counting working days in it"
            )
        found.update({d: n for d, n in _national_year(year).items() if start <= d <= end})
    return found


async def ensure_holidays(session: AsyncSession) -> int:
    """Insert the :data:`EXTRA_DAYS` that are missing (the caller commits). Returns how many."""
    present = set((await session.exec(select(Holiday.day))).all())
    rows = [Holiday(day=date.fromisoformat(d), name=n) for d, n in EXTRA_DAYS]
    missing = [r for r in rows if r.day not in present]
    session.add_all(missing)
    return len(missing)


async def holidays_between(session: AsyncSession, start: date, end: date) -> set[date]:
    """Every non-working weekday candidate from ``start`` to ``end``: national holidays, cuti
    bersama and the ``holiday`` table's days. Raises :class:`NoCalendar` (see above)."""
    rows = set((await session.exec(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end))).all())
    return rows | set(national_holidays(start, end, frozenset(d.year for d in rows)))


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: set[date]) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def previous_working_day(day: date, holidays: set[date]) -> date:
    """The last working day before ``day``."""
    current = day - timedelta(days=1)
    while not is_working_day(current, holidays):
        current -= timedelta(days=1)
    return current


def working_days_between(start: date, end: date, holidays: set[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count


async def due_date(session: AsyncSession, start: date, days: int) -> date:
    """``days`` working days after ``start``, skipping weekends and holidays."""
    holidays = await holidays_between(session, start, start + timedelta(days=days * 2 + 30))
    return add_working_days(start, days, holidays)
