"""Plt/Plh delegations (who acts for whom, when), recorded and ended by an administrator.

Both run in the workflow's frame (``runner.in_frame``): one transaction, the act audited, and a
refusal — a missing role, bad input — written to the audit log as a "refused" event. Who may do
it is the action table's role rule (``create_delegation`` and ``end_delegation`` in
``workflow.actions.OTHER_ACTIONS``, decided by ``decide_other``) and is checked before anything
is looked up, so a refused caller learns nothing about accounts or delegations.

A delegation is in force from ``start_date`` to ``end_date`` inclusive (``workflow.actor.resolve``).
Ending one moves ``end_date`` to yesterday in the province — it is no longer in force today — or,
for one that has not started yet, to the day before it starts (never in force); the row stays, as
the audit events and approvals taken under it name it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import Conflict, NotFound, Problem, invalid_input
from domain.models import Delegation, User
from workflow import audit
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.limits import check_sizes
from workflow.runner import in_frame, utcnow

__all__ = ["KINDS", "create_delegation", "end_delegation"]

KINDS = {"plt": "pelaksana tugas, filling a vacant post", "plh": "pelaksana harian, covering an absence"}
MAX_LETTER = int(Delegation.__table__.c.decree_number.type.length)  # type: ignore[attr-defined]
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)  # a period's plausible bounds
UserRef = int | str  # an account's id or its username


async def _user(session: AsyncSession, ref: UserRef, role: str) -> User | str:
    """The account ``ref`` names, or what is wrong with it."""
    if isinstance(ref, int):
        user = await session.get(User, ref)
    else:
        user = (await session.exec(select(User).where(User.username == ref))).first()
    if user is None:
        text = f'the {role} "{ref}" has no account; give an existing username'
        if role == "official":
            return Problem(text, key="input.delegation_principal_unknown", params={"username": str(ref)})
        return Problem(text, key="input.delegation_acting_unknown", params={"username": str(ref)})
    return user


def _problems(kind: str, start_date: date, end_date: date, decree_number: str | None) -> list[str]:
    problems: list[str] = []
    if kind not in KINDS:
        text = f'role "{kind}": use plt ({KINDS["plt"]}) or plh ({KINDS["plh"]})'
        problems.append(Problem(text, key="input.delegation_kind", params={"kind": kind}))
    if end_date < start_date:
        text = f"the period ends ({end_date}) before it starts ({start_date})"
        problems.append(Problem(text, key="input.period_order", params={"start": start_date, "end": end_date}))
    for label, day in (("starts", start_date), ("ends", end_date)):
        if not EARLIEST <= day <= LATEST:
            text = f"the period {label} on {day.isoformat()}; give a date from {EARLIEST} to {LATEST}"
            params = {"day": day, "earliest": EARLIEST, "latest": LATEST}
            if label == "starts":
                problems.append(Problem(text, key="input.period_start_range", params=params))
            else:
                problems.append(Problem(text, key="input.period_end_range", params=params))
    if decree_number is not None and not decree_number.strip():
        text = "the letter number is blank; give the number of the Plt/Plh order"
        problems.append(Problem(text, key="input.letter_number_blank"))
    if decree_number is not None and len(decree_number) > MAX_LETTER:
        text = f"the letter number has {len(decree_number)} characters; at most {MAX_LETTER}"
        params = {"length": len(decree_number), "max": MAX_LETTER}
        problems.append(Problem(text, key="input.letter_number_too_long", params=params))
    return problems


async def create_delegation(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    acting: UserRef,
    principal: UserRef,
    kind: str,
    start_date: date,
    end_date: date,
    decree_number: str | None = None,
) -> Delegation:
    """Record that the account ``acting`` acts (Plt/Plh: ``kind``) for the account ``principal``
    from ``start_date`` to ``end_date`` (inclusive), on the letter ``decree_number``. Accounts by
    id or username. Administrators only; audited, refusals too."""
    kind = kind.strip().lower()
    arguments: dict[str, Any] = {
        "acting": acting,
        "principal": principal,
        "kind": kind,
        "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat(),
        "decree_number": decree_number,
    }

    check_sizes(arguments)  # before the frame: an oversized input is refused, not copied into the audit log

    async def work(session: AsyncSession) -> tuple[Delegation, list[Any]]:
        role = decide_other("create_delegation", await resolve(session, actor, today())).raise_if_refused()
        problems = _problems(kind, start_date, end_date, decree_number)
        users = [await _user(session, acting, "acting official"), await _user(session, principal, "official")]
        problems += [u for u in users if isinstance(u, Problem)]
        ids = [u.id for u in users if isinstance(u, User)]
        if len(ids) == 2 and ids[0] == ids[1]:
            problems.append(Problem("a person cannot act for themselves", key="input.delegation_self"))
        if problems:
            raise invalid_input(problems)
        acting_user, principal_user = users
        assert isinstance(acting_user, User) and isinstance(principal_user, User)
        assert acting_user.id is not None and principal_user.id is not None
        row = Delegation(
            acting_user_id=acting_user.id,
            principal_user_id=principal_user.id,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            decree_number=decree_number,
            created_by_user_id=actor.user_id,
            created_at=utcnow(),
        )
        session.add(row)
        await session.flush()
        data = {
            "delegation_id": row.id,
            "acting_user_id": acting_user.id,
            "acting_username": acting_user.username,
            "principal_user_id": principal_user.id,
            "principal_username": principal_user.username,
            "kind": kind,
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
            "decree_number": decree_number,
        }
        return row, [await audit.append(session, _event(actor, "create_delegation", role, data))]

    return await in_frame(sessions, actor, "create_delegation", work, arguments=arguments)


async def end_delegation(sessions: async_sessionmaker[AsyncSession], actor: Actor, delegation_id: int) -> Delegation:
    """End a delegation now: from today nobody acts under it (see the module docstring).
    Administrators only; audited, refusals too. ``Conflict`` for one that has already ended."""

    async def work(session: AsyncSession) -> tuple[Delegation, list[Any]]:
        role = decide_other("end_delegation", await resolve(session, actor, today())).raise_if_refused()
        row = (
            await session.exec(
                select(Delegation)
                .where(Delegation.id == delegation_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).first()
        if row is None:
            raise NotFound(
                f"delegation {delegation_id} does not exist; check the number",
                key="not_found.delegation",
                params={"delegation": delegation_id},
            )
        day = today()
        if row.end_date < day:
            raise Conflict(
                f"delegation {delegation_id} already ended on {row.end_date}; there is nothing to end",
                key="conflict.delegation_ended",
                params={"delegation": delegation_id, "end": row.end_date},
            )
        previous = row.end_date
        row.end_date = max(day, row.start_date) - timedelta(days=1)
        session.add(row)
        await session.flush()
        data = {
            "delegation_id": row.id,
            "acting_user_id": row.acting_user_id,
            "principal_user_id": row.principal_user_id,
            "kind": row.kind,
            "start_date": row.start_date.isoformat(),
            "previous_end_date": previous.isoformat(),
            "end_date": row.end_date.isoformat(),
        }
        return row, [await audit.append(session, _event(actor, "end_delegation", role, data))]

    return await in_frame(sessions, actor, "end_delegation", work, arguments={"delegation_id": delegation_id})


def _event(actor: Actor, action: str, role: str | None, data: dict[str, Any]) -> audit.EventDraft:
    return audit.EventDraft(
        action=action, actor_username=actor.username, actor_user_id=actor.user_id, role=role, data=data
    )
