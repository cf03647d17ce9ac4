"""Assessment (penilaian): the panel (TPK) evaluates the shortlisted candidates, the chair selects
the nominee, and the operator submits the nomination for approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from domain.clock import today
from domain.errors import Ineligible, InvalidInput, NotAllowed, Refusal
from domain.models import Employee, Evaluation, Nomination
from domain.nip import normalize_nip
from domain.rules.verdict import Eligibility
from workflow.conflicts import require_no_other_appointment, require_not_on_panel
from workflow.definitions import resolve_steps
from workflow.eligibility import to_json
from workflow.runner import Outcome, Turn, utcnow
from workflow.shared_work import shared_verdict
from workflow.transition import definition_of, post_of


def _shortlisted(nomination: Nomination, nip: str, verb: str) -> str:
    """The normalised NIP, which must be on the nomination's shortlist."""
    try:
        candidate = normalize_nip(nip)
    except ValueError as exc:
        raise InvalidInput(str(exc), key="input.nip_invalid", params={"nip": nip}) from None
    if candidate not in nomination.shortlist:
        raise InvalidInput(
            f"NIP {candidate} is not on the shortlist; {verb} a shortlisted candidate",
            key="input.not_shortlisted",
            params={"nip": candidate},
        )
    return candidate


async def record_evaluation(turn: Turn, nip: str, score: int, note: str | None = None) -> Outcome:
    """A panel member's evaluation of a shortlisted candidate, score 0–100 (re-recording replaces it)."""
    nomination, acting = turn.nomination, turn.acting
    candidate = _shortlisted(nomination, nip, "evaluate")
    if not 0 <= score <= 100:
        raise InvalidInput(f"score {score} is outside 0-100", key="input.score_range", params={"score": score})
    if candidate in acting.nips:
        raise NotAllowed(
            f"{acting.describe()} cannot evaluate themselves",
            code=Refusal.SEPARATION_OF_DUTIES,
            params={"who": acting.describe(), "reason": "self_evaluate"},
        )
    existing = (
        await turn.session.exec(
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
    turn.session.add(row)
    return Outcome({"nip": candidate, "score": score, "note": note})


@dataclass(frozen=True)
class Selection:
    """The chair's choice checked before the write lock: the candidate's eligibility verdict."""

    candidate: str
    name: str
    as_of: date
    result: Eligibility


async def prepare_selection(turn: Turn, nip: str) -> Selection:
    """The read-only part of :func:`select_nominee` (run without the write lock): the candidate
    on the shortlist, not the chair, and eligible on the planned appointment date (default
    today) for the post and the nomination's kind — else ``Ineligible`` with the failing checks."""
    session, nomination, acting = turn.session, turn.nomination, turn.acting
    post = await post_of(session, nomination.position_code)
    candidate = _shortlisted(nomination, nip, "select")
    if candidate in acting.nips:
        raise NotAllowed(
            f"{acting.describe()} cannot select themselves",
            code=Refusal.SEPARATION_OF_DUTIES,
            params={"who": acting.describe(), "reason": "self_select"},
        )
    employee = await session.get(Employee, candidate)
    assert employee is not None
    as_of = nomination.planned_date or today()
    body = (await definition_of(session, nomination)).body
    result = await shared_verdict(session, nomination, body.get("rules", {}), employee, post, as_of)
    if not result.eligible:
        raise Ineligible(
            f"{employee.name} ({candidate}) is not eligible for {post.title} on {as_of}: "
            + "; ".join(c.detail for c in result.failing),
            result.failing,
            key="ineligible.summary",  # the failing checks carry their own keys
            params={"name": employee.name, "nip": candidate, "post": post.title, "as_of": as_of},
        )
    return Selection(candidate, employee.name, as_of, result)


async def select_nominee(turn: Turn, nip: str) -> Outcome:
    """The panel chair's choice; ``Ineligible`` with the failing checks unless the person is
    eligible on the planned appointment date (default today) and fits the nomination's kind
    (checked by :func:`prepare_selection`, before the write lock when the frame planned it)."""
    session, nomination = turn.session, turn.nomination
    chosen: Selection = turn.prepared or await prepare_selection(turn, nip)
    candidate, as_of, result = chosen.candidate, chosen.as_of, chosen.result
    await require_no_other_appointment(session, nomination, candidate)
    await require_not_on_panel(session, [candidate], "selected")
    try:
        # uq_nomination_open_nominee: a concurrent selection of the same person loses here. The change
        # is made inside the savepoint (begin_nested flushes what is pending before it starts).
        async with session.begin_nested():
            nomination.nominee_nip = candidate
            nomination.planned_date = as_of
            nomination.eligibility = to_json(result)
            session.add(nomination)
            await session.flush()
    except IntegrityError:
        raise NotAllowed(
            f"{chosen.name} ({candidate}) was just selected for another open nomination; reload the shortlist",
            code=Refusal.NOMINEE_ELSEWHERE,
            params={"nip": candidate, "name": chosen.name},
        ) from None
    return Outcome({"nominee_nip": candidate, "as_of": as_of.isoformat(), "eligible": True})


async def submit_for_approval(turn: Turn) -> Outcome:
    """assessment → approval; resolves the approval chain (with the Mendagri step inside an
    election window on the planned date)."""
    nomination = turn.nomination
    body = (await definition_of(turn.session, nomination)).body
    nomination.steps = resolve_steps(body, nomination.planned_date or today())
    nomination.step_index = 0
    return Outcome({"steps": [s["name"] for s in nomination.steps]})
