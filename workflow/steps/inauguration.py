"""Inauguration (pelantikan): scheduling with the decree (SK) and a ceremony, the Perka BKN 7/2017
deadlines, and recording the inauguration."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, NotFound, Problem, invalid_input
from domain.models import Ceremony
from workflow import calendar
from workflow.runner import Outcome, Turn


async def ceremony_of(session: AsyncSession, ceremony_id: int) -> Ceremony:
    row = await session.get(Ceremony, ceremony_id)
    if row is None:
        raise NotFound(
            f"ceremony {ceremony_id} does not exist; create it first",
            key="not_found.ceremony",
            params={"ceremony": ceremony_id},
        )
    return row


async def deadline_problems(session: AsyncSession, decree_date: date, ceremony: Ceremony) -> list[str]:
    """Perka BKN 7/2017: inauguration within 30 working days of the decree date; a written
    invitation at least 1 working day before."""
    problems = []
    start = min(decree_date, ceremony.invitation_on or decree_date)
    holidays = await calendar.holidays_between(session, start - timedelta(days=14), max(ceremony.held_on, decree_date))
    if ceremony.held_on < decree_date:
        problems.append(
            Problem(
                f"the ceremony on {ceremony.held_on} is before the decree date {decree_date}",
                key="input.ceremony_before_decree",
                params={"held_on": ceremony.held_on, "decree_date": decree_date},
            )
        )
    else:
        days = calendar.working_days_between(decree_date, ceremony.held_on, holidays)
        if days > 30:
            problems.append(
                Problem(
                    f"the ceremony on {ceremony.held_on} is {days} working days after the decree of {decree_date}; "
                    "inauguration must be within 30 working days — hold it earlier or issue a new decree",
                    key="input.ceremony_too_late",
                    params={"held_on": ceremony.held_on, "days": days, "decree_date": decree_date},
                )
            )
    if ceremony.invitation_on is not None:
        last_day = calendar.previous_working_day(ceremony.held_on, holidays)
        if ceremony.invitation_on > last_day:
            problems.append(
                Problem(
                    f"the invitation of {ceremony.invitation_on} is not 1 working day before the ceremony on "
                    f"{ceremony.held_on} (send it by {last_day}); move the ceremony or send the invitation earlier",
                    key="input.invitation_late",
                    params={"invitation_on": ceremony.invitation_on, "held_on": ceremony.held_on, "last_day": last_day},
                )
            )
    return problems


async def schedule_inauguration(
    turn: Turn, ceremony_id: int, decree_number: str, decree_date: date, effective_date: date
) -> Outcome:
    """Every approval step done → inauguration, with the decree (SK) and the ceremony."""
    nomination = turn.nomination
    ceremony = await ceremony_of(turn.session, ceremony_id)
    problems: list[str] = []
    if not (decree_number or "").strip():
        problems.append(Problem("give the decree (SK) number", key="input.decree_number_missing"))
    problems += await deadline_problems(turn.session, decree_date, ceremony)
    if effective_date < decree_date:
        problems.append(
            Problem(
                f"the effective date {effective_date} is before the decree date {decree_date}",
                key="input.effective_before_decree",
                params={"effective_date": effective_date, "decree_date": decree_date},
            )
        )
    if problems:
        raise invalid_input(problems)
    nomination.ceremony_id = ceremony.id
    nomination.decree_number = decree_number.strip()
    nomination.decree_date = decree_date
    nomination.effective_date = effective_date
    return Outcome(
        {
            "ceremony_id": ceremony.id,
            "decree_number": nomination.decree_number,
            "decree_date": decree_date.isoformat(),
            "effective_date": effective_date.isoformat(),
        }
    )


async def record_inauguration(turn: Turn) -> Outcome:
    """The appointee was inaugurated at the scheduled ceremony → oath."""
    nomination = turn.nomination
    if nomination.ceremony_id is None or nomination.decree_date is None:
        raise InvalidInput(
            "schedule the inauguration (decree and ceremony) first", key="input.inauguration_not_scheduled"
        )
    ceremony = await ceremony_of(turn.session, nomination.ceremony_id)
    problems = await deadline_problems(turn.session, nomination.decree_date, ceremony)
    if problems:
        raise invalid_input(problems)
    nomination.inaugurated_on = ceremony.held_on
    return Outcome({"ceremony_id": ceremony.id, "inaugurated_on": ceremony.held_on.isoformat()})
