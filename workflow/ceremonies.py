"""Ceremonies: one date, place and inaugurating official for many appointees.

Conducting a ceremony records inauguration and oath for every nomination scheduled in it, each
nomination in its own transaction (both of its steps commit together), so one failure does not
undo the others. A dry run performs the same checks and rolls each transaction back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.db import write_transaction
from domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from domain.models import Ceremony, Employee, Nomination
from workflow import audit, events
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.limits import check_sizes
from workflow.runner import apply_step, in_frame, is_visible, log_refusal, utcnow
from workflow.steps import bind


@dataclass(frozen=True)
class CeremonyResult:
    """One nomination's outcome in a ceremony. ``ok`` with ``dry_run`` means "would succeed"."""

    nomination_id: int
    ok: bool
    state: str
    version: int
    code: str | None = None
    message: str | None = None
    dry_run: bool = False


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction after its checks passed."""


async def create_ceremony(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    held_on: date,
    place: str,
    officiant: str,
    *,
    invitation_on: date | None = None,
    clergy: Mapping[str, str] | None = None,
) -> Ceremony:
    """A ceremony (operator). ``clergy`` maps a religion to the rohaniwan attending for it."""
    check_sizes({"place": place, "officiant": officiant, "clergy": dict(clergy or {})})

    async def work(session: AsyncSession) -> tuple[Ceremony, list]:
        acting = await resolve(session, actor, today())
        role = decide_other("create_ceremony", acting).raise_if_refused()
        problems = []
        if not place.strip():
            problems.append("give the ceremony's place")
        if not officiant.strip():
            problems.append("name the inaugurating official and office (e.g. 'Gubernur Banten')")
        if invitation_on is not None and invitation_on >= held_on:
            problems.append(f"the invitation date {invitation_on} must be before the ceremony on {held_on}")
        if problems:
            raise InvalidInput("; ".join(problems))
        ceremony = Ceremony(
            held_on=held_on,
            place=place.strip(),
            officiant=officiant.strip(),
            invitation_on=invitation_on,
            clergy=dict(clergy or {}),
            created_by_user_id=actor.user_id,
            created_at=utcnow(),
        )
        session.add(ceremony)
        await session.flush()
        event = await audit.append(
            session,
            audit.EventDraft(
                action="create_ceremony",
                actor_username=actor.username,
                actor_user_id=actor.user_id,
                role=role,
                data={"ceremony_id": ceremony.id, "held_on": held_on.isoformat(), "place": ceremony.place},
            ),
        )
        return ceremony, [event]

    return await in_frame(sessions, actor, "create_ceremony", work, arguments={"place": place})


async def scheduled_nominations(session: AsyncSession, ceremony_id: int) -> list[Nomination]:
    rows = await session.exec(
        select(Nomination).where(Nomination.ceremony_id == ceremony_id).order_by(col(Nomination.id))
    )
    return list(rows.all())


async def conduct_ceremony(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    ceremony_id: int,
    witness_nips: list[str],
    *,
    clergy: Mapping[str, str] | None = None,
    pledge_nips: frozenset[str] = frozenset(),
    dry_run: bool = False,
) -> list[CeremonyResult]:
    """Inauguration and oath for every nomination scheduled in the ceremony that is still in
    inauguration or oath; one result per nomination. ``clergy`` (religion → name) adds to the
    ceremony's own list; appointees in ``pledge_nips`` take the pledge.

    Someone without a role that may conduct ceremonies is refused up front (``NotAllowed``,
    MISSING_ROLE), not with one failing result per nomination. One ceremony can inaugurate
    appointees of many units: an operator conducts only the nominations they may see (their unit's);
    the others are neither touched nor named."""
    check_sizes({"witness_nips": witness_nips, "clergy": dict(clergy or {}), "pledge_nips": list(pledge_nips)})
    try:
        async with sessions() as session:
            acting = await resolve(session, actor, today())
            decide_other("conduct_ceremony", acting).raise_if_refused()
            ceremony = await session.get(Ceremony, ceremony_id)
            if ceremony is None:
                raise NotFound(f"ceremony {ceremony_id} does not exist")
            # What the person may not see is not theirs to conduct, and not named in the results.
            nominations = [
                n for n in await scheduled_nominations(session, ceremony_id) if await is_visible(session, acting, n)
            ]
    except NotAllowed as error:  # logged even for a dry run: an attempt without the role is worth auditing
        await log_refusal(sessions, actor, "conduct_ceremony", None, error, {"ceremony_id": ceremony_id})
        raise
    names = {**(ceremony.clergy or {}), **(clergy or {})}
    results: list[CeremonyResult] = []
    for nomination in nominations:
        if nomination.state not in ("inauguration", "oath"):
            continue
        results.append(await _conduct_one(sessions, actor, nomination, witness_nips, names, pledge_nips, dry_run))
    if not dry_run and all(r.ok for r in results) and results:
        async with write_transaction(sessions) as session:
            row = await session.get(Ceremony, ceremony_id)
            assert row is not None
            row.conducted_at = utcnow()
            session.add(row)
    return results


async def _conduct_one(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination: Nomination,
    witness_nips: list[str],
    clergy: Mapping[str, str],
    pledge_nips: frozenset[str],
    dry_run: bool,
) -> CeremonyResult:
    assert nomination.id is not None
    appended: list = []
    state, version = nomination.state, nomination.version
    try:
        async with write_transaction(sessions) as session:
            appointee = await session.get(Employee, nomination.nominee_nip)
            religion = appointee.religion if appointee else None
            pledge = nomination.nominee_nip in pledge_nips
            clergy_name = None if pledge else clergy.get(religion or "")
            if nomination.state == "inauguration":
                inaugurate, _ = bind("record_inauguration")
                _, events_a = await apply_step(
                    session, actor, nomination.id, "record_inauguration", inaugurate, None, None
                )
                appended += events_a
            swear, _ = bind("record_oath", witness_nips, clergy_name, pledge)
            row, events_b = await apply_step(session, actor, nomination.id, "record_oath", swear, None, None)
            appended += events_b
            state, version = row.state, row.version
            if dry_run:
                raise _DryRun
    except _DryRun:
        return CeremonyResult(nomination.id, True, state, version, dry_run=True)
    except DomainError as error:
        code = getattr(error, "code", None) or type(error).__name__.upper()
        if not dry_run:
            await log_refusal(sessions, actor, "conduct_ceremony", nomination.id, error)
        return CeremonyResult(nomination.id, False, nomination.state, nomination.version, code, error.message, dry_run)
    except Exception:  # one nomination's unexpected failure must not stop the others
        logging.getLogger(__name__).exception("ceremony: nomination %s failed", nomination.id)
        message = "an unexpected error stopped this nomination; nothing was recorded for it — try it alone"
        return CeremonyResult(nomination.id, False, nomination.state, nomination.version, "INTERNAL", message, dry_run)
    await events.publish(appended)
    return CeremonyResult(nomination.id, True, state, version)
