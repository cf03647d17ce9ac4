"""How a nomination ends: the oath that completes it (and changes the domain in the same
transaction), or a withdrawal from any open stage."""

from __future__ import annotations

from domain.errors import invalid_input
from domain.models import Employee
from workflow import oath
from workflow.runner import Outcome, Turn, utcnow
from workflow.transition import post_of, require_reason


async def record_oath(
    turn: Turn, witness_nips: list[str], clergy_name: str | None = None, pledge: bool = False
) -> Outcome:
    """The oath was taken → completed; in the same transaction the appointee takes the post,
    the job history gains a row (the previous one closed), the old post is vacant, and a SIASN
    export record is stored."""
    session, nomination = turn.session, turn.nomination
    post = await post_of(session, nomination.position_code)
    appointee = await session.get(Employee, nomination.nominee_nip)
    assert appointee is not None
    witnesses, problems = await oath.check_participants(session, appointee, post, witness_nips, clergy_name, pledge)
    if problems:
        raise invalid_input(problems)
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
    logged = ("witness_nips", "clergy_name", "pledge", "religion")  # the audit event keeps its earlier shape
    summary = {k: v for k, v in nomination.oath.items() if k in logged}
    return Outcome({"oath": summary, "effects": changed})


async def withdraw(turn: Turn, reason: str) -> Outcome:
    """Ends the nomination from any open stage (operator); a reason is required. A nomination
    scheduled in a ceremony leaves it (the event keeps which one)."""
    text = require_reason(reason, "withdraw", turn.facts.reasons_required)
    nomination = turn.nomination
    nomination.closing_reason = text
    data = {"left_ceremony_id": nomination.ceremony_id} if nomination.ceremony_id is not None else {}
    nomination.ceremony_id = None
    return Outcome(data, text)
