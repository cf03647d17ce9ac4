"""Ceremonies: one date, place and inaugurating official for many appointees.

Conducting a ceremony records inauguration and oath for every nomination scheduled in it, each
nomination in its own transaction (both of its steps commit together), so one failure does not
undo the others. A dry run performs the same checks and rolls each transaction back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.db import write_transaction
from domain.errors import DomainError, NotAllowed, NotFound, Problem, Refusal, invalid_input
from domain.models import Ceremony, Employee, Nomination
from domain.nip import normalize_nip
from workflow import audit, events
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.limits import check_sizes
from workflow.runner import apply_step, in_frame, is_visible, log_refusal, utcnow
from workflow.steps import bind


@dataclass(frozen=True)
class CeremonyResult:
    """One nomination's outcome in a ceremony. ``ok`` with ``dry_run`` means "would succeed";
    a failure carries the refusal ``code``, its ``message`` and ``params`` (for the page's own
    wording)."""

    nomination_id: int
    ok: bool
    state: str
    version: int
    code: str | None = None
    message: str | None = None
    dry_run: bool = False
    params: dict[str, Any] = field(default_factory=dict)


# The states of a scheduled nomination still waiting for its ceremony (inauguration and/or oath due).
AWAITING_CEREMONY = ("inauguration", "oath")


class CeremonyStatus(StrEnum):
    PLANNED = "planned"  # not run yet
    PARTIAL = "partial"  # run, but some appointees are still waiting (their last attempt failed)
    CONDUCTED = "conducted"  # every appointee inaugurated and sworn in


def ceremony_status(ceremony: Ceremony, still_open: int) -> CeremonyStatus:
    """``still_open``: nominations of the ceremony still in inauguration or oath. Conducted once it
    ran and nobody is left waiting (the last ones may have been sworn in alone or withdrawn)."""
    ran = ceremony.conducted_at is not None or bool(ceremony.last_run)
    if ran and still_open == 0:
        return CeremonyStatus.CONDUCTED
    if ran:
        return CeremonyStatus.PARTIAL
    return CeremonyStatus.PLANNED


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
    document_number: str | None = None,
    officiant_nip: str | None = None,
) -> Ceremony:
    """A ceremony (operator). ``clergy`` maps a religion to the rohaniwan attending for it;
    ``document_number`` (the Berita Acara's Nomor) and ``officiant_nip`` may follow later
    (:func:`update_ceremony_documents`)."""
    check_sizes({"place": place, "officiant": officiant, "clergy": dict(clergy or {})})
    number, nip = _document_facts(document_number, officiant_nip)

    async def work(session: AsyncSession) -> tuple[Ceremony, list]:
        acting = await resolve(session, actor, today())
        role = decide_other("create_ceremony", acting).raise_if_refused()
        problems: list[str] = []
        if not place.strip():
            problems.append(Problem("give the ceremony's place", key="input.ceremony_place_missing"))
        if not officiant.strip():
            problems.append(
                Problem(
                    "name the inaugurating official and office (e.g. 'Gubernur Banten')",
                    key="input.ceremony_officiant_missing",
                )
            )
        if invitation_on is not None and invitation_on >= held_on:
            problems.append(
                Problem(
                    f"the invitation date {invitation_on} must be before the ceremony on {held_on}",
                    key="input.invitation_after_ceremony",
                    params={"invitation_on": invitation_on, "held_on": held_on},
                )
            )
        if problems:
            raise invalid_input(problems)
        ceremony = Ceremony(
            held_on=held_on,
            place=place.strip(),
            officiant=officiant.strip(),
            invitation_on=invitation_on,
            clergy=dict(clergy or {}),
            document_number=number,
            officiant_nip=nip,
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


def _document_facts(document_number: str | None, officiant_nip: str | None) -> tuple[str | None, str | None]:
    """The Berita Acara's number and the officiant's NIP as stored (empty → None), or
    ``InvalidInput`` naming every problem."""
    check_sizes({"document_number": document_number or "", "officiant_nip": officiant_nip or ""})
    problems: list[str] = []
    number = (document_number or "").strip() or None
    if number is not None and len(number) > 100:
        problems.append(
            Problem(
                f"the document number has {len(number)} characters; at most 100",
                key="input.document_number_too_long",
                params={"length": len(number), "max": 100},
            )
        )
    nip = None
    if (officiant_nip or "").strip():
        try:
            nip = normalize_nip(officiant_nip or "")
        except ValueError as exc:
            problems.append(
                Problem(
                    f"officiant NIP {officiant_nip}: {exc}; leave it empty for the Gubernur (no NIP)",
                    key="input.officiant_nip_invalid",
                    params={"nip": officiant_nip},
                )
            )
    if problems:
        raise invalid_input(problems)
    return number, nip


async def update_ceremony_documents(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    ceremony_id: int,
    document_number: str | None,
    officiant_nip: str | None,
) -> Ceremony:
    """The Berita Acara's number and the officiant's NIP (operator of the whole province, like
    creating a ceremony). Empty text clears a value; the NIP must be a valid one, or none (the
    Gubernur, an elected official, has none). Settled once the ceremony is conducted."""
    number, nip = _document_facts(document_number, officiant_nip)

    async def work(session: AsyncSession) -> tuple[Ceremony, list]:
        acting = await resolve(session, actor, today())
        role = decide_other("update_ceremony_documents", acting).raise_if_refused()
        ceremony = await session.get(Ceremony, ceremony_id)
        if ceremony is None:
            raise NotFound(
                f"ceremony {ceremony_id} does not exist", key="not_found.ceremony", params={"ceremony": ceremony_id}
            )
        if ceremony.conducted_at is not None:
            raise NotAllowed(
                f"ceremony {ceremony_id} was conducted on {ceremony.conducted_at:%Y-%m-%d}; its Berita Acara are "
                "signed records — correct them with a new, numbered correction, not here",
                key="not_allowed.ceremony_conducted",
                params={"ceremony": ceremony_id, "conducted_on": ceremony.conducted_at.date()},
            )
        ceremony.document_number, ceremony.officiant_nip = number, nip
        session.add(ceremony)
        await session.flush()
        event = await audit.append(
            session,
            audit.EventDraft(
                action="update_ceremony_documents",
                actor_username=actor.username,
                actor_user_id=actor.user_id,
                role=role,
                data={"ceremony_id": ceremony_id, "document_number": number, "officiant_nip": nip},
            ),
        )
        return ceremony, [event]

    return await in_frame(sessions, actor, "update_ceremony_documents", work, arguments={"ceremony_id": ceremony_id})


async def scheduled_nominations(session: AsyncSession, ceremony_id: int) -> list[Nomination]:
    """The nominations scheduled in the ceremony (a withdrawn one leaves it)."""
    rows = await session.exec(
        select(Nomination)
        .where(Nomination.ceremony_id == ceremony_id, Nomination.state != "withdrawn")
        .order_by(col(Nomination.id))
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
                raise NotFound(
                    f"ceremony {ceremony_id} does not exist", key="not_found.ceremony", params={"ceremony": ceremony_id}
                )
            if not dry_run and today() < ceremony.held_on:
                raise NotAllowed(
                    f"ceremony {ceremony_id} is held on {ceremony.held_on}; it can be conducted from that day on "
                    f"(today is {today()}) — a dry run checks readiness before then",
                    code=Refusal.CEREMONY_NOT_YET,
                    params={"ceremony": ceremony_id, "held_on": ceremony.held_on, "today": today()},
                )
            # What the person may not see is not theirs to conduct, and not named in the results.
            nominations = [
                n for n in await scheduled_nominations(session, ceremony_id) if await is_visible(session, acting, n)
            ]
    except NotAllowed as error:  # logged even for a dry run: an attempt without the role is worth auditing
        await log_refusal(sessions, actor, "conduct_ceremony", None, error, {"ceremony_id": ceremony_id})
        raise
    run = _Run(actor, witness_nips, {**(ceremony.clergy or {}), **(clergy or {})}, pledge_nips)
    due = [n for n in nominations if n.state in AWAITING_CEREMONY]
    if dry_run:
        return await _rehearse(sessions, run, due)
    results = [await _conduct_one(sessions, run, nomination) for nomination in due]
    await _remember_run(sessions, ceremony_id, results)
    return results


@dataclass(frozen=True)
class _Run:
    actor: Actor
    witness_nips: list[str]
    clergy: Mapping[str, str]
    pledge_nips: frozenset[str]


async def _perform(session: AsyncSession, run: _Run, nomination: Nomination) -> tuple[Nomination, list]:
    """Inauguration (if still due) and oath of one appointee: the one code both the real run and
    the dry run execute."""
    assert nomination.id is not None
    appointee = await session.get(Employee, nomination.nominee_nip)
    religion = appointee.religion if appointee else None
    pledge = nomination.nominee_nip in run.pledge_nips
    clergy_name = None if pledge else run.clergy.get(religion or "")
    appended: list = []
    if nomination.state == "inauguration":
        inaugurate, _ = bind("record_inauguration")
        _, events_a = await apply_step(session, run.actor, nomination.id, "record_inauguration", inaugurate, None, None)
        appended += events_a
    swear, _ = bind("record_oath", run.witness_nips, clergy_name, pledge)
    row, events_b = await apply_step(session, run.actor, nomination.id, "record_oath", swear, None, None)
    return row, appended + events_b


def _failed(nomination: Nomination, error: BaseException, dry_run: bool) -> CeremonyResult:
    assert nomination.id is not None
    if isinstance(error, DomainError):
        code = str(getattr(error, "code", None) or type(error).__name__.upper())
        message = error.message
    else:  # one nomination's unexpected failure must not stop the others
        logging.getLogger(__name__).error("ceremony: nomination %s failed", nomination.id, exc_info=error)
        code, message = "INTERNAL", "an unexpected error stopped this nomination; nothing was recorded for it"
    params = {"nomination_id": nomination.id, **getattr(error, "params", {})}
    return CeremonyResult(nomination.id, False, nomination.state, nomination.version, code, message, dry_run, params)


async def _rehearse(
    sessions: async_sessionmaker[AsyncSession], run: _Run, due: list[Nomination]
) -> list[CeremonyResult]:
    """The dry run is the real run, rolled back: every appointee in turn in ONE transaction (each
    in a savepoint, so a failure undoes only its own steps), so the second appointment of a
    person sees the first, exactly as the real run would; then everything is rolled back."""
    results: list[CeremonyResult] = []
    try:
        async with write_transaction(sessions) as session:
            for nomination in due:
                try:
                    async with session.begin_nested():
                        row, _ = await _perform(session, run, nomination)
                    assert nomination.id is not None
                    results.append(CeremonyResult(nomination.id, True, row.state, row.version, dry_run=True))
                except Exception as error:  # noqa: BLE001 - reported as this nomination's result
                    results.append(_failed(nomination, error, dry_run=True))
            raise _DryRun
    except _DryRun:
        pass
    return results


async def _conduct_one(sessions: async_sessionmaker[AsyncSession], run: _Run, nomination: Nomination) -> CeremonyResult:
    """One appointee in a transaction of their own: one failure does not undo the others."""
    assert nomination.id is not None
    try:
        async with write_transaction(sessions) as session:
            row, appended = await _perform(session, run, nomination)
    except Exception as error:  # noqa: BLE001 - reported as this nomination's result
        if isinstance(error, DomainError):
            await log_refusal(sessions, run.actor, "conduct_ceremony", nomination.id, error)
        return _failed(nomination, error, dry_run=False)
    await events.publish(appended)
    return CeremonyResult(nomination.id, True, row.state, row.version)


async def _remember_run(
    sessions: async_sessionmaker[AsyncSession], ceremony_id: int, results: list[CeremonyResult]
) -> None:
    """The ceremony keeps its last run's results; it is conducted once nobody is left waiting."""
    async with write_transaction(sessions) as session:
        row = await session.get(Ceremony, ceremony_id)
        assert row is not None
        still_open = [n for n in await scheduled_nominations(session, ceremony_id) if n.state in AWAITING_CEREMONY]
        row.last_run = [asdict(r) for r in results] if results else row.last_run
        if not still_open and (results or row.last_run) and row.conducted_at is None:
            row.conducted_at = utcnow()
        session.add(row)
