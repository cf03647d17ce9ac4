"""Mapping (pemetaan): a nomination is created for a post, and the operator sets its shortlist."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import unit_in_scope
from domain.clock import today
from domain.errors import Conflict, InvalidInput, Problem, invalid_input
from domain.models import Employee, Nomination
from domain.models.nomination import OPEN_STATES
from domain.nip import normalize_nip
from domain.reference import Level
from workflow import audit
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.conflicts import require_not_on_panel
from workflow.definitions import NOMINATED_LEVELS, current_definition, parse_kind
from workflow.limits import check_sizes
from workflow.runner import Outcome, Turn, draft_for, find_idempotent, in_frame, remember, utcnow
from workflow.transition import post_of, set_due


async def create_nomination(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    position_code: str,
    kind: str,
    *,
    planned_date: date | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """A nomination in ``mapping`` for a post, on the newest definition for its kind and level.
    A second open nomination for the same post is refused by the database (``Conflict``)."""

    arguments = {"position_code": position_code, "kind": kind, "planned_date": planned_date}
    arguments = {k: v.isoformat() if isinstance(v, date) else v for k, v in arguments.items()}
    check_sizes(arguments)

    async def work(session: AsyncSession) -> tuple[Nomination, list[Any]]:
        prior = idempotency_key and await find_idempotent(session, actor, idempotency_key, "create", None, arguments)
        if prior:
            row = await session.get(Nomination, prior.nomination_id)
            assert row is not None
            return row, []
        acting = await resolve(session, actor, today())
        nomination_kind = parse_kind(kind)
        post = await post_of(session, position_code)
        if post.level not in NOMINATED_LEVELS:
            raise InvalidInput(
                f"post {post.code} is at level {Level(post.level).label}; nominations fill "
                "JPT Pratama, Administrator and Pengawas posts only",
                key="input.post_level",
                params={"post": post.code, "level": Level(post.level).label},
            )
        in_unit = await unit_in_scope(session, acting.unit_code, post.unit_code)
        role = decide_other("create", acting, post.unit_code, in_unit).raise_if_refused()
        definition = await current_definition(session, nomination_kind, Level(post.level))
        now = utcnow()
        nomination = Nomination(
            kind=str(nomination_kind),
            position_code=post.code,
            level=post.level,
            definition_id=definition.id or 0,
            state="mapping",
            planned_date=planned_date,
            created_by_user_id=actor.user_id,
            created_by_nip=actor.nip,
            created_at=now,
            updated_at=now,
        )
        try:
            async with session.begin_nested():  # a savepoint, so the open one can be named below
                session.add(nomination)
                await session.flush()
        except IntegrityError:  # uq_nomination_open_position
            raise await _already_open(session, position_code) from None
        await set_due(session, nomination, definition.body)
        await session.flush()
        created = {
            "position_code": post.code,
            "kind": str(nomination_kind),
            "level": post.level,
            "definition_id": definition.id,
            "definition_version": definition.version,
            "planned_date": planned_date.isoformat() if planned_date else None,
        }
        event = await audit.append(session, draft_for(acting, nomination, "create", None, Outcome(created, role=role)))
        remember(session, actor, idempotency_key, "create", nomination, arguments)
        return nomination, [event]

    return await in_frame(sessions, actor, "create", work, arguments=arguments)


async def _already_open(session: AsyncSession, position_code: str) -> Conflict:
    rows = await session.exec(
        select(Nomination).where(Nomination.position_code == position_code, col(Nomination.state).in_(OPEN_STATES))
    )
    open_row = rows.first()
    if open_row is None:
        return Conflict(
            f"post {position_code} already has an open nomination; finish or withdraw it first",
            key="conflict.post_open",
            params={"post": position_code},
        )
    return Conflict(
        f"post {position_code} already has an open nomination ({open_row.id}, in {open_row.state}); "
        "finish or withdraw it before starting another",
        current_state=open_row.state,
        current_version=open_row.version,
        key="conflict.post_open_nomination",
        params={"post": position_code, "nomination": open_row.id, "state": open_row.state},
    )


async def set_shortlist(turn: Turn, nips: list[str]) -> Outcome:
    """The candidates the panel will assess, by NIP; every bad NIP is listed in the order given."""
    parsed: list[str] = []  # a normalised NIP, or the Problem of a bad one
    for raw in nips:
        try:
            parsed.append(normalize_nip(raw))
        except ValueError as exc:
            parsed.append(Problem(str(exc), key="input.nip_invalid", params={"nip": raw}))
    wanted = [nip for nip in parsed if not isinstance(nip, Problem)]
    known = set((await turn.session.exec(select(Employee.nip).where(col(Employee.nip).in_(wanted)))).all())
    clean: list[str] = []
    problems: list[str] = []
    for nip in parsed:  # problems in the order the NIPs were given
        if isinstance(nip, Problem):
            problems.append(nip)
        elif nip not in known:
            problems.append(
                Problem(
                    f"NIP {nip} is not a known employee; import them first",
                    key="input.nip_unknown",
                    params={"nip": nip},
                )
            )
        elif nip not in clean:
            clean.append(nip)
    if not nips:
        problems.append(Problem("the shortlist is empty; give at least one NIP", key="input.shortlist_empty"))
    if problems:
        raise invalid_input(problems)
    await require_not_on_panel(turn.session, clean, "shortlisted")
    turn.nomination.shortlist = clean
    return Outcome({"shortlist": clean})


async def start_assessment(turn: Turn) -> Outcome:
    """mapping → assessment (the action table's guard: a shortlist is set)."""
    return Outcome({})
