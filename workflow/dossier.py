"""The dossier an approval is bound to, and its SHA-256.

Dossier = nominee, post, round, the eligibility verdict (recomputed on the planned date) and the
round's evaluations. Each approval stores the hash it saw; an approval counts only while the
hash still matches, so a changed dossier sends the chain back to the first step it invalidates.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Approval, Evaluation, Nomination
from workflow.audit import canonical_json


async def evaluations_of(session: AsyncSession, nomination: Nomination) -> list[Evaluation]:
    rows = await session.exec(
        select(Evaluation)
        .where(Evaluation.nomination_id == nomination.id, Evaluation.round == nomination.round)
        .order_by(col(Evaluation.id))
    )
    return list(rows.all())


async def build(session: AsyncSession, nomination: Nomination, eligibility: dict[str, Any] | None) -> dict[str, Any]:
    evaluations = await evaluations_of(session, nomination)
    return {
        "nomination_id": nomination.id,
        "round": nomination.round,
        "position_code": nomination.position_code,
        "nominee_nip": nomination.nominee_nip,
        "eligibility": {
            "eligible": (eligibility or {}).get("eligible"),
            "as_of": (eligibility or {}).get("as_of"),
            "checks": [[c["rule"], c["passed"], c["detail"]] for c in (eligibility or {}).get("checks", [])],
        },
        "evaluations": sorted([e.evaluator_user_id, e.nip, e.score, e.note or ""] for e in evaluations),
    }


def digest(dossier: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(dossier).encode("utf-8")).hexdigest()


async def valid_approvals(session: AsyncSession, nomination: Nomination, dossier_hash: str) -> list[Approval]:
    """This round's approvals that still count (not void, same dossier)."""
    rows = await session.exec(
        select(Approval)
        .where(Approval.nomination_id == nomination.id, Approval.round == nomination.round, Approval.void == False)  # noqa: E712
        .order_by(col(Approval.step_index))
    )
    return [a for a in rows.all() if a.dossier_hash == dossier_hash]


def current_step(steps: list[dict[str, Any]], approvals: list[Approval]) -> int:
    """The first step without a valid approval (``len(steps)`` when all are done)."""
    done = {a.step_index for a in approvals}
    for index in range(len(steps)):
        if index not in done:
            return index
    return len(steps)
