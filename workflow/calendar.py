"""Working days: Monday to Friday, minus the public holidays in the ``holiday`` table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Holiday

# Reference data: national holidays and collective leave (SKB 3 Menteri). Extend per year.
NATIONAL_HOLIDAYS: list[tuple[str, str]] = [
    ("2026-01-01", "Tahun Baru Masehi"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),
    ("2026-02-17", "Tahun Baru Imlek"),
    ("2026-03-19", "Hari Suci Nyepi"),
    ("2026-03-20", "Idul Fitri 1447 H"),
    ("2026-03-21", "Idul Fitri 1447 H"),
    ("2026-04-03", "Wafat Yesus Kristus"),
    ("2026-05-01", "Hari Buruh Internasional"),
    ("2026-05-14", "Kenaikan Yesus Kristus"),
    ("2026-05-27", "Idul Adha 1447 H"),
    ("2026-05-31", "Hari Raya Waisak"),
    ("2026-06-01", "Hari Lahir Pancasila"),
    ("2026-06-16", "Tahun Baru Islam 1448 H"),
    ("2026-08-17", "Hari Kemerdekaan RI"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW"),
    ("2026-12-25", "Hari Raya Natal"),
    ("2027-01-01", "Tahun Baru Masehi"),
    ("2027-02-06", "Tahun Baru Imlek"),
    ("2027-03-10", "Idul Fitri 1448 H"),
    ("2027-03-11", "Idul Fitri 1448 H"),
    ("2027-03-26", "Wafat Yesus Kristus"),
    ("2027-05-01", "Hari Buruh Internasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus"),
    ("2027-05-17", "Idul Adha 1448 H"),
    ("2027-06-01", "Hari Lahir Pancasila"),
    ("2027-08-17", "Hari Kemerdekaan RI"),
    ("2027-12-25", "Hari Raya Natal"),
]


async def ensure_holidays(session: AsyncSession) -> int:
    """Insert the reference holidays that are missing (the caller commits). Returns how many."""
    present = set((await session.exec(select(Holiday.day))).all())
    rows = [Holiday(day=date.fromisoformat(d), name=n) for d, n in NATIONAL_HOLIDAYS]
    missing = [r for r in rows if r.day not in present]
    session.add_all(missing)
    return len(missing)


async def holidays_between(session: AsyncSession, start: date, end: date) -> set[date]:
    rows = await session.exec(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end))
    return set(rows.all())


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
    """``days`` working days after ``start``, skipping weekends and stored holidays."""
    holidays = await holidays_between(session, start, start + timedelta(days=days * 2 + 30))
    return add_working_days(start, days, holidays)
