"""Approval: the ordered chain of officials. Each step is approved, returned for revision or
rejected by the official whose step it is (the action table checks who, and separation of
duties); an approval binds to the dossier hash it saw."""

from __future__ import annotations

from datetime import date

from sqlmodel import update

from domain.errors import InvalidInput
from domain.models import Approval
from workflow.actions import letter_required
from workflow.chain import ChainPosition
from workflow.runner import Outcome, Turn, utcnow
from workflow.transition import require_reason


def _chain(turn: Turn) -> ChainPosition:
    chain = turn.facts.stage.chain
    assert chain is not None  # the action table loaded it: these actions start in approval
    return chain


async def approve(
    turn: Turn, comment: str | None = None, letter_number: str | None = None, letter_date: date | None = None
) -> Outcome:
    """The current approval step, by the official whose step it is. Steps that record an outside
    letter (national review, Mendagri) need ``letter_number`` and ``letter_date``."""
    nomination, acting, chain = turn.nomination, turn.acting, _chain(turn)
    current = chain.steps[chain.index]
    if letter_required("approve", turn.facts) and not ((letter_number or "").strip() and letter_date):
        raise InvalidInput(
            f'"{current["label"]}" records a letter: give its letter number and letter date',
            key="input.letter_missing",
            params={"step": current["label"]},
        )
    principal = acting.principal
    turn.session.add(
        Approval(
            nomination_id=nomination.id or 0,
            round=nomination.round,
            step_index=chain.index,
            step_name=current["name"],
            role=current["role"],
            actor_user_id=acting.actor.user_id,
            actor_username=acting.actor.username,
            actor_nip=acting.actor.nip,
            on_behalf_of_user_id=principal.user_id if principal else None,
            on_behalf_of_username=principal.username if principal else None,
            on_behalf_of_nip=principal.nip if principal else None,
            dossier_hash=chain.digest,
            comment=comment,
            letter_number=letter_number,
            letter_date=letter_date,
            approved_at=utcnow(),
        )
    )
    nomination.eligibility = chain.eligibility or nomination.eligibility
    nomination.step_index = chain.index + 1
    return Outcome(
        {
            "step": current["name"],
            "step_index": chain.index,
            "dossier_hash": chain.digest,
            "comment": comment,
            "letter_number": letter_number,
            "letter_date": letter_date.isoformat() if letter_date else None,
        }
    )


async def return_for_revision(turn: Turn, reason: str) -> Outcome:
    """Back to assessment by the current step's official: a new round, this round's approvals
    void, the nominee to be selected again. A reason is required."""
    nomination, chain = turn.nomination, _chain(turn)
    text = require_reason(reason, "return_for_revision", turn.facts.reasons_required)
    await turn.session.exec(  # type: ignore[call-overload]
        update(Approval)
        .where(Approval.nomination_id == nomination.id, Approval.round == nomination.round)  # type: ignore[arg-type]
        .values(void=True)
    )
    old_round = nomination.round
    nomination.round += 1
    nomination.step_index = 0
    nomination.steps = []
    nomination.nominee_nip = None
    nomination.eligibility = None
    return Outcome({"step": chain.index, "old_round": old_round, "new_round": nomination.round}, text)


async def reject(turn: Turn, reason: str) -> Outcome:
    """Ends the nomination (terminal) by the current step's official; a reason is required."""
    text = require_reason(reason, "reject", turn.facts.reasons_required)
    turn.nomination.closing_reason = text
    return Outcome({"step": _chain(turn).index}, text)
