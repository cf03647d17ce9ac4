"""Inauguration and oath: scheduling with the decree (SK) and a ceremony, the Perka BKN 7/2017
deadlines, recording the inauguration, and the oath that completes the nomination. The step
bodies (``inauguration_step``, ``oath_step``) are shared with ``workflow.ceremonies``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, NotFound
from domain.models import Ceremony, Employee, Nomination
from workflow import calendar, oath
from workflow.actor import Acting, Actor
from workflow.runner import Outcome, run_step, utcnow
from workflow.transition import chain_position, definition_of, fire, post_of, set_due, stage_role


async def _ceremony(session: AsyncSession, ceremony_id: int) -> Ceremony:
    row = await session.get(Ceremony, ceremony_id)
    if row is None:
        raise NotFound(f"ceremony {ceremony_id} does not exist; create it first")
    return row


async def deadline_problems(session: AsyncSession, decree_date: date, ceremony: Ceremony) -> list[str]:
    """Perka BKN 7/2017: inauguration within 30 working days of the decree date; a written
    invitation at least 1 working day before."""
    problems = []
    start = min(decree_date, ceremony.invitation_on or decree_date)
    holidays = await calendar.holidays_between(session, start - timedelta(days=14), max(ceremony.held_on, decree_date))
    if ceremony.held_on < decree_date:
        problems.append(f"the ceremony on {ceremony.held_on} is before the decree date {decree_date}")
    else:
        days = calendar.working_days_between(decree_date, ceremony.held_on, holidays)
        if days > 30:
            problems.append(
                f"the ceremony on {ceremony.held_on} is {days} working days after the decree of {decree_date}; "
                "inauguration must be within 30 working days — hold it earlier or issue a new decree"
            )
    if ceremony.invitation_on is not None:
        last_day = calendar.previous_working_day(ceremony.held_on, holidays)
        if ceremony.invitation_on > last_day:
            problems.append(
                f"the invitation of {ceremony.invitation_on} is not 1 working day before the ceremony on "
                f"{ceremony.held_on} (send it by {last_day}); move the ceremony or send the invitation earlier"
            )
    return problems


async def schedule_inauguration(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    ceremony_id: int,
    decree_number: str,
    decree_date: date,
    effective_date: date,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """Every approval step done → inauguration, with the decree (SK) and the ceremony."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "schedule_inauguration")
        index, *_ = await chain_position(session, nomination)
        open_step = nomination.steps[index]["label"] if index < len(nomination.steps) else ""
        ceremony = await _ceremony(session, ceremony_id)
        problems = [] if (decree_number or "").strip() else ["give the decree (SK) number"]
        problems += await deadline_problems(session, decree_date, ceremony)
        if effective_date < decree_date:
            problems.append(f"the effective date {effective_date} is before the decree date {decree_date}")
        await fire(
            nomination,
            "schedule_inauguration",
            f'approval step "{open_step}" is still open; every step must be approved first',
            steps_remaining=index < len(nomination.steps),
        )
        if problems:
            raise InvalidInput("; ".join(problems))
        nomination.ceremony_id = ceremony.id
        nomination.decree_number = decree_number.strip()
        nomination.decree_date = decree_date
        nomination.effective_date = effective_date
        await set_due(session, nomination, (await definition_of(session, nomination)).body)
        return Outcome(
            role,
            {
                "ceremony_id": ceremony.id,
                "decree_number": nomination.decree_number,
                "decree_date": decree_date.isoformat(),
                "effective_date": effective_date.isoformat(),
            },
        )

    return await run_step(
        sessions, actor, nomination_id, "schedule_inauguration", step,
        expected_version=expected_version, idempotency_key=idempotency_key,
        arguments={"ceremony_id": ceremony_id, "decree_number": decree_number},
    )  # fmt: skip


async def inauguration_step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
    role = await stage_role(session, acting, nomination, "record_inauguration")
    if nomination.ceremony_id is None or nomination.decree_date is None:
        raise InvalidInput("schedule the inauguration (decree and ceremony) first")
    ceremony = await _ceremony(session, nomination.ceremony_id)
    problems = await deadline_problems(session, nomination.decree_date, ceremony)
    if problems:
        raise InvalidInput("; ".join(problems))
    await fire(nomination, "record_inauguration")
    nomination.inaugurated_on = ceremony.held_on
    await set_due(session, nomination, (await definition_of(session, nomination)).body)
    return Outcome(role, {"ceremony_id": ceremony.id, "inaugurated_on": ceremony.held_on.isoformat()})


async def record_inauguration(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """The appointee was inaugurated at the scheduled ceremony → oath."""
    return await run_step(
        sessions, actor, nomination_id, "record_inauguration", inauguration_step,
        expected_version=expected_version, idempotency_key=idempotency_key,
    )  # fmt: skip


def oath_step(witness_nips: list[str], clergy_name: str | None, pledge: bool):  # type: ignore[no-untyped-def]
    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "record_oath")
        post = await post_of(session, nomination.position_code)
        appointee = await session.get(Employee, nomination.nominee_nip)
        assert appointee is not None
        witnesses, problems = await oath.check_participants(session, appointee, post, witness_nips, clergy_name, pledge)
        if problems:
            raise InvalidInput("; ".join(problems))
        await fire(nomination, "record_oath")
        text = oath.oath_text(appointee.religion, post.level, post.title, pledge)
        nomination.oath = oath.oath_record(
            text,
            await oath.witness_record(session, witnesses),
            clergy_name,
            pledge,
            appointee.religion,
            nomination.inaugurated_on,
            utcnow(),
        )
        changed = await oath.apply_effects(session, nomination, appointee, post)
        nomination.stage_due_on = None
        logged = ("witness_nips", "clergy_name", "pledge", "religion")  # the audit event keeps its earlier shape
        summary = {k: v for k, v in nomination.oath.items() if k in logged}
        return Outcome(role, {"oath": summary, "effects": changed})

    return step


async def record_oath(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    witness_nips: list[str],
    clergy_name: str | None = None,
    pledge: bool = False,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """The oath was taken → completed; in the same transaction the appointee takes the post,
    the job history gains a row (the previous one closed), the old post is vacant, and a SIASN
    export record is stored."""
    return await run_step(
        sessions, actor, nomination_id, "record_oath", oath_step(witness_nips, clergy_name, pledge),
        expected_version=expected_version, idempotency_key=idempotency_key,
        arguments={"witness_nips": witness_nips, "pledge": pledge},
    )  # fmt: skip
