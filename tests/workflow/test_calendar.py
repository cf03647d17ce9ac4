"""Working days come from the holidays package (national holidays and cuti bersama) plus the
holiday table, for any year it knows; a year with no calendar is refused, not counted as holiday-free."""

from __future__ import annotations

from datetime import date

import pytest

from domain.models import Holiday
from workflow import calendar


async def test_a_deadline_in_2028_skips_2028s_national_holidays(session):
    # Thursday 17 August 2028 is Independence Day: five working days after Thursday 10 August.
    assert await calendar.due_date(session, date(2028, 8, 10), 5) == date(2028, 8, 18)
    holidays = await calendar.holidays_between(session, date(2028, 1, 1), date(2028, 12, 31))
    assert {date(2028, 1, 1), date(2028, 6, 1), date(2028, 8, 17), date(2028, 12, 25)} <= holidays


async def test_cuti_bersama_and_the_holiday_table_count_too(session):
    session.add(Holiday(day=date(2026, 10, 5), name="Hari Jadi Provinsi (regional)"))
    await session.flush()
    holidays = await calendar.holidays_between(session, date(2026, 1, 1), date(2026, 12, 31))
    assert date(2026, 12, 24) in holidays  # cuti bersama Natal (SKB 3 Menteri)
    assert date(2026, 10, 5) in holidays
    assert date(2026, 10, 6) not in holidays


async def test_a_year_without_a_calendar_is_refused_with_a_message(session):
    with pytest.raises(calendar.NoCalendar, match="no holiday calendar for 2101: the holidays package knows"):
        await calendar.due_date(session, date(2100, 12, 20), 30)
    # a year the holiday table covers is counted with the table's days
    session.add(Holiday(day=date(2101, 1, 1), name="Tahun Baru Masehi"))
    await session.flush()
    assert await calendar.due_date(session, date(2100, 12, 29), 2) == date(2100, 12, 31)
