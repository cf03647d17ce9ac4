"""The transition service: one async function per mutation of contract/graphql.md.

Every function takes ``sessions`` (an ``async_sessionmaker``), the :class:`~workflow.actor.Actor`
and the mutation's arguments (plus optional ``expected_version`` and ``idempotency_key``), runs
the step as one database transaction (see ``workflow.runner``) and returns the updated
``Nomination`` row. Refusals raise ``domain.errors`` and are logged as "refused" audit events.

The inauguration and oath transitions live in ``workflow.inauguration`` and the helpers every
transition shares in ``workflow.transition``; both are re-exported here, so ``service.record_oath``
and ``service.chain_position`` keep working.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.errors import Conflict, DomainError, Ineligible, InvalidInput, NotAllowed, NotFound
from domain.models import Approval, Employee, Evaluation, Nomination
from domain.models.nomination import OPEN_STATES
from domain.nip import normalize_nip
from domain.reference import Level
from workflow import audit, events
from workflow.actor import Acting, Actor, resolve
from workflow.definitions import NOMINATED_LEVELS, current_definition, parse_kind, resolve_steps
from workflow.eligibility import failing_checks, to_json, verdict
from workflow.inauguration import deadline_problems, record_inauguration, record_oath, schedule_inauguration
from workflow.policy import role_decision, step_decision
from workflow.runner import (
    Outcome,
    draft_for,
    find_idempotent,
    log_refusal,
    remember,
    run_step,
    today,
    utcnow,
)
from workflow.transition import (
    chain_position,
    definition_of,
    fire,
    post_of,
    require_reason,
    require_stage,
    set_due,
    stage_role,
    stale_approvals,
)

# --------------------------------------------------------------------------- create


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
    arguments = {"position_code": position_code, "kind": kind}
    try:
        async with write_transaction(sessions) as session:
            if idempotency_key and (prior := await find_idempotent(session, actor, idempotency_key, "create")):
                row = await session.get(Nomination, prior.nomination_id)
                assert row is not None
                return row
            acting = await resolve(session, actor, today())
            nomination_kind = parse_kind(kind)
            post = await post_of(session, position_code)
            if post.level not in NOMINATED_LEVELS:
                raise InvalidInput(
                    f"post {post.code} is at level {Level(post.level).label}; nominations fill "
                    "JPT Pratama, Administrator and Pengawas posts only"
                )
            role = (await role_decision(session, acting, "create", post.unit_code)).raise_if_refused()
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
            session.add(nomination)
            try:
                await session.flush()
            except IntegrityError:  # uq_nomination_open_position; ``post`` is expired now
                raise Conflict(
                    f"post {position_code} already has an open nomination; finish or withdraw it first"
                ) from None
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
            event = await audit.append(session, draft_for(acting, nomination, "create", None, Outcome(role, created)))
            remember(session, actor, idempotency_key, "create", nomination)
    except NotFound:
        raise
    except DomainError as error:
        if isinstance(error, Conflict):
            async with sessions() as session:
                open_row = await _open_nomination(session, position_code)
            if open_row is not None:
                error = Conflict(
                    f"post {position_code} already has an open nomination ({open_row.id}, in {open_row.state}); "
                    "finish or withdraw it before starting another",
                    current_state=open_row.state,
                    current_version=open_row.version,
                )
        await log_refusal(sessions, actor, "create", None, error, arguments)
        raise error from None
    await events.publish([event])
    return nomination


async def _open_nomination(session: AsyncSession, position_code: str) -> Nomination | None:
    rows = await session.exec(
        select(Nomination).where(Nomination.position_code == position_code, col(Nomination.state).in_(OPEN_STATES))
    )
    return rows.first()


# --------------------------------------------------------------------------- mapping and assessment


async def set_shortlist(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    nips: list[str],
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "set_shortlist")
        parsed: list[str | ValueError] = []
        for raw in nips:
            try:
                parsed.append(normalize_nip(raw))
            except ValueError as exc:
                parsed.append(exc)
        wanted = [nip for nip in parsed if isinstance(nip, str)]
        known = set((await session.exec(select(Employee.nip).where(col(Employee.nip).in_(wanted)))).all())
        clean: list[str] = []
        problems: list[str] = []
        for nip in parsed:  # problems in the order the NIPs were given
            if isinstance(nip, ValueError):
                problems.append(str(nip))
            elif nip not in known:
                problems.append(f"NIP {nip} is not a known employee; import them first")
            elif nip not in clean:
                clean.append(nip)
        if not nips:
            problems.append("the shortlist is empty; give at least one NIP")
        if problems:
            raise InvalidInput("; ".join(problems))
        await fire(nomination, "set_shortlist")
        nomination.shortlist = clean
        return Outcome(role, {"shortlist": clean})

    return await run_step(
        sessions, actor, nomination_id, "set_shortlist", step,
        expected_version=expected_version, idempotency_key=idempotency_key, arguments={"nips": nips},
    )  # fmt: skip


async def start_assessment(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "start_assessment")
        await fire(
            nomination,
            "start_assessment",
            "the shortlist is empty; set a shortlist before starting the assessment",
            has_shortlist=bool(nomination.shortlist),
        )
        await set_due(session, nomination, (await definition_of(session, nomination)).body)
        return Outcome(role, {})

    return await run_step(
        sessions, actor, nomination_id, "start_assessment", step,
        expected_version=expected_version, idempotency_key=idempotency_key,
    )  # fmt: skip


def _shortlisted(nomination: Nomination, nip: str, verb: str) -> str:
    """The normalised NIP, which must be on the nomination's shortlist."""
    try:
        candidate = normalize_nip(nip)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if candidate not in nomination.shortlist:
        raise InvalidInput(f"NIP {candidate} is not on the shortlist; {verb} a shortlisted candidate")
    return candidate


async def record_evaluation(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    nip: str,
    score: int,
    note: str | None = None,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """A panel member's evaluation of a shortlisted candidate (re-recording replaces it)."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "record_evaluation")
        candidate = _shortlisted(nomination, nip, "evaluate")
        if not 0 <= score <= 100:
            raise InvalidInput(f"score {score} is outside 0-100")
        if candidate in acting.nips:
            raise NotAllowed(f"{acting.describe()} cannot evaluate themselves", code="SEPARATION_OF_DUTIES")
        existing = (
            await session.exec(
                select(Evaluation).where(
                    Evaluation.nomination_id == nomination.id,
                    Evaluation.round == nomination.round,
                    Evaluation.evaluator_user_id == acting.actor.user_id,
                    Evaluation.nip == candidate,
                )
            )
        ).first()
        row = existing or Evaluation(
            nomination_id=nomination.id or 0,
            round=nomination.round,
            evaluator_user_id=acting.actor.user_id,
            evaluator_username=acting.actor.username,
            nip=candidate,
            score=score,
            recorded_at=utcnow(),
        )
        row.score, row.note, row.recorded_at = score, note, utcnow()
        session.add(row)
        await fire(nomination, "record_evaluation")
        return Outcome(role, {"nip": candidate, "score": score, "note": note})

    return await run_step(
        sessions, actor, nomination_id, "record_evaluation", step,
        expected_version=expected_version, idempotency_key=idempotency_key,
        arguments={"nip": nip, "score": score},
    )  # fmt: skip


async def select_nominee(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    nip: str,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """The panel chair's choice; ``Ineligible`` with the failing checks unless the person is
    eligible on the planned appointment date (default today) and fits the nomination's kind."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "select_nominee")
        post = await post_of(session, nomination.position_code)
        candidate = _shortlisted(nomination, nip, "select")
        if candidate in acting.nips:
            raise NotAllowed(f"{acting.describe()} cannot select themselves", code="SEPARATION_OF_DUTIES")
        employee = await session.get(Employee, candidate)
        assert employee is not None
        as_of = nomination.planned_date or today()
        body = (await definition_of(session, nomination)).body
        result = await verdict(session, body.get("rules", {}), employee, post, as_of)
        if not result.eligible:
            raise Ineligible(
                f"{employee.name} ({candidate}) is not eligible for {post.title} on {as_of}: "
                + "; ".join(c.detail for c in result.failing),
                result.failing,
            )
        await fire(nomination, "select_nominee")
        nomination.nominee_nip = candidate
        nomination.planned_date = as_of
        nomination.eligibility = to_json(result)
        return Outcome(role, {"nominee_nip": candidate, "as_of": as_of.isoformat(), "eligible": True})

    return await run_step(
        sessions, actor, nomination_id, "select_nominee", step,
        expected_version=expected_version, idempotency_key=idempotency_key, arguments={"nip": nip},
    )  # fmt: skip


async def submit_for_approval(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """assessment → approval; resolves the approval chain (with the Mendagri step inside an
    election window on the planned date)."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "submit_for_approval")
        await fire(
            nomination,
            "submit_for_approval",
            "no nominee is selected; the panel chair selects one first",
            has_nominee=nomination.nominee_nip is not None,
        )
        body = (await definition_of(session, nomination)).body
        nomination.steps = resolve_steps(body, nomination.planned_date or today())
        nomination.step_index = 0
        await set_due(session, nomination, body)
        return Outcome(role, {"steps": [s["name"] for s in nomination.steps]})

    return await run_step(
        sessions, actor, nomination_id, "submit_for_approval", step,
        expected_version=expected_version, idempotency_key=idempotency_key,
    )  # fmt: skip


# --------------------------------------------------------------------------- approval chain


async def _step_official(session: AsyncSession, nomination: Nomination, acting: Acting, action: str):  # type: ignore[no-untyped-def]
    require_stage(nomination, action)
    index, approvals, digest, eligibility = await chain_position(session, nomination)
    stale_rows = await stale_approvals(session, nomination, digest) if index < nomination.step_index else []
    decision = step_decision(acting, nomination, nomination.steps, index, approvals, stale_rows)
    role = decision.raise_if_refused()
    return role, index, approvals, digest, eligibility


async def approve(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    comment: str | None = None,
    *,
    letter_number: str | None = None,
    letter_date: date | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """The current approval step, by the official whose step it is. Steps that record an outside
    letter (national review, Mendagri) need ``letter_number`` and ``letter_date``."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role, index, _approvals, digest, eligibility = await _step_official(session, nomination, acting, "approve")
        if eligibility and not eligibility.get("eligible"):
            raise Ineligible(
                f"the nominee {nomination.nominee_nip} is no longer eligible on {eligibility.get('as_of')}; "
                "return the nomination for revision",
                failing_checks(eligibility),
            )
        current = nomination.steps[index]
        if current.get("requires_letter") and not ((letter_number or "").strip() and letter_date):
            raise InvalidInput(f'"{current["label"]}" records a letter: give its letter number and letter date')
        principal = acting.principal
        session.add(
            Approval(
                nomination_id=nomination.id or 0,
                round=nomination.round,
                step_index=index,
                step_name=current["name"],
                role=current["role"],
                actor_user_id=acting.actor.user_id,
                actor_username=acting.actor.username,
                actor_nip=acting.actor.nip,
                on_behalf_of_user_id=principal.user_id if principal else None,
                on_behalf_of_username=principal.username if principal else None,
                on_behalf_of_nip=principal.nip if principal else None,
                dossier_hash=digest,
                comment=comment,
                letter_number=letter_number,
                letter_date=letter_date,
                approved_at=utcnow(),
            )
        )
        await fire(nomination, "approve", steps_remaining=True)
        nomination.eligibility = eligibility or nomination.eligibility
        nomination.step_index = index + 1
        await set_due(session, nomination, (await definition_of(session, nomination)).body)
        return Outcome(
            role,
            {
                "step": current["name"],
                "step_index": index,
                "dossier_hash": digest,
                "comment": comment,
                "letter_number": letter_number,
                "letter_date": letter_date.isoformat() if letter_date else None,
            },
        )

    return await run_step(
        sessions, actor, nomination_id, "approve", step,
        expected_version=expected_version, idempotency_key=idempotency_key,
    )  # fmt: skip


async def return_for_revision(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """Back to assessment by the current step's official: a new round, this round's approvals
    void, the nominee to be selected again. A reason is required."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role, index, *_ = await _step_official(session, nomination, acting, "return_for_revision")
        text = require_reason(reason, "return_for_revision", (await definition_of(session, nomination)).body)
        await session.exec(  # type: ignore[call-overload]
            update(Approval)
            .where(Approval.nomination_id == nomination.id, Approval.round == nomination.round)  # type: ignore[arg-type]
            .values(void=True)
        )
        await fire(nomination, "return_for_revision", steps_remaining=True)
        old_round = nomination.round
        nomination.round += 1
        nomination.step_index = 0
        nomination.steps = []
        nomination.nominee_nip = None
        nomination.eligibility = None
        await set_due(session, nomination, (await definition_of(session, nomination)).body)
        return Outcome(role, {"step": index, "old_round": old_round, "new_round": nomination.round}, text)

    return await run_step(
        sessions, actor, nomination_id, "return_for_revision", step,
        expected_version=expected_version, idempotency_key=idempotency_key, arguments={"reason": reason},
    )  # fmt: skip


async def reject(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """Ends the nomination (terminal) by the current step's official; a reason is required."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role, index, *_ = await _step_official(session, nomination, acting, "reject")
        text = require_reason(reason, "reject", (await definition_of(session, nomination)).body)
        await fire(nomination, "reject", steps_remaining=True)
        nomination.closing_reason = text
        nomination.stage_due_on = None
        return Outcome(role, {"step": index}, text)

    return await run_step(
        sessions, actor, nomination_id, "reject", step,
        expected_version=expected_version, idempotency_key=idempotency_key, arguments={"reason": reason},
    )  # fmt: skip


async def withdraw(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    nomination_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> Nomination:
    """Ends the nomination from any open stage (operator); a reason is required."""

    async def step(session: AsyncSession, nomination: Nomination, acting: Acting) -> Outcome:
        role = await stage_role(session, acting, nomination, "withdraw")
        text = require_reason(reason, "withdraw", (await definition_of(session, nomination)).body)
        await fire(nomination, "withdraw")
        nomination.closing_reason = text
        nomination.stage_due_on = None
        return Outcome(role, {}, text)

    return await run_step(
        sessions, actor, nomination_id, "withdraw", step,
        expected_version=expected_version, idempotency_key=idempotency_key, arguments={"reason": reason},
    )  # fmt: skip


__all__ = [
    "approve",
    "chain_position",
    "create_nomination",
    "deadline_problems",
    "record_evaluation",
    "record_inauguration",
    "record_oath",
    "reject",
    "return_for_revision",
    "schedule_inauguration",
    "select_nominee",
    "set_shortlist",
    "start_assessment",
    "submit_for_approval",
    "withdraw",
]
