"""The province's clock, and "overdue" decided by one Python predicate and its SQL twin."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from domain import clock
from domain.models import Nomination
from domain.models.nomination import CLOSED_STATES, OPEN_STATES, is_overdue, overdue_clause
from tests.domain.nomination_rows import one_per_post

LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


def test_the_province_day_starts_before_the_utc_day(monkeypatch):
    monkeypatch.delenv(clock.ZONE_ENV, raising=False)
    assert clock.zone_name() == "Asia/Jakarta"
    assert clock.today(LATE_EVENING_UTC) == date(2026, 12, 1)  # 06:30 WIB on 1 December
    assert clock.now(LATE_EVENING_UTC).isoformat() == "2026-12-01T06:30:00+07:00"
    assert clock.today(datetime(2026, 11, 30, 16, 59, tzinfo=UTC)) == date(2026, 11, 30)  # 23:59 WIB
    assert clock.today(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == date(2026, 12, 1)  # midnight WIB


@pytest.mark.parametrize(
    ("setting", "zone", "day_at_1630_utc"),
    [
        ("WITA", "Asia/Makassar", date(2026, 12, 1)),  # 00:30 WITA
        ("wit", "Asia/Jayapura", date(2026, 12, 1)),  # 01:30 WIT
        ("Asia/Jakarta", "Asia/Jakarta", date(2026, 11, 30)),  # 23:30 WIB
        ("UTC", "UTC", date(2026, 11, 30)),
    ],
)
def test_the_zone_is_a_setting(monkeypatch, setting, zone, day_at_1630_utc):
    monkeypatch.setenv(clock.ZONE_ENV, setting)
    assert clock.zone_name() == zone
    assert clock.today(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == day_at_1630_utc


def test_a_bad_zone_names_the_setting(monkeypatch):
    monkeypatch.setenv(clock.ZONE_ENV, "Asia/Bandung")
    with pytest.raises(ValueError, match="MERITFLOW_TIMEZONE='Asia/Bandung' is not a time zone"):
        clock.today()


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="has no time zone"):
        clock.today(datetime(2026, 11, 30, 23, 30))


def test_now_defaults_to_the_current_instant():
    before = datetime.now(UTC)
    current = clock.now()
    assert current.tzinfo is not None and before <= current <= datetime.now(UTC)
    assert clock.today() in {before.astimezone(clock.zone()).date(), clock.now().date()}


async def test_overdue_predicate_and_sql_agree(session):
    on = date(2026, 12, 1)
    cases: list[tuple[str, date | None, bool]] = [
        *((state, on - timedelta(days=1), True) for state in OPEN_STATES),  # due yesterday: late
        ("approval", on, False),  # due today: not late yet
        ("approval", on + timedelta(days=3), False),
        ("assessment", None, False),  # no deadline
        *((state, on - timedelta(days=30), False) for state in CLOSED_STATES),  # closed: never late
    ]
    rows = await one_per_post(
        session, LATE_EVENING_UTC, [{"state": state, "stage_due_on": due} for state, due, _ in cases]
    )
    assert [is_overdue(r, on) for r in rows] == [late for _, _, late in cases]
    in_sql = {r.id for r in (await session.exec(select(Nomination).where(overdue_clause(on)))).all()}
    assert in_sql == {r.id for r in rows if is_overdue(r, on)}
    assert len(in_sql) == len(OPEN_STATES)
