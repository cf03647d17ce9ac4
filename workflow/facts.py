"""Load, once per request, everything the action table decides on (``workflow.actions.Facts``):
the nomination's stage facts, its post's unit and whether the acting operator covers it, who
created it, and — in the approval stage — the truth about its chain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import unit_in_scope
from domain.models import Nomination, Position, WorkflowDefinition
from workflow.actions import Facts, StageFacts
from workflow.actor import Acting
from workflow.chain import ChainPosition, chain_position


def stage_facts_of(nomination: Nomination, chain=None) -> StageFacts:  # type: ignore[no-untyped-def]
    return StageFacts(
        state=nomination.state,
        has_shortlist=bool(nomination.shortlist),
        has_nominee=nomination.nominee_nip is not None,
        chain=chain,
    )


async def load_facts(
    session: AsyncSession,
    nomination: Nomination,
    acting: Acting,
    chain_of: Callable[[AsyncSession, Nomination], Awaitable[ChainPosition]] = chain_position,
) -> Facts:
    """``chain_of``: how the approval chain is computed (the runner shares one computation among
    concurrent plans of the same nomination and version)."""
    post = await session.get(Position, nomination.position_code)
    definition = await session.get(WorkflowDefinition, nomination.definition_id)
    assert post is not None and definition is not None
    chain = await chain_of(session, nomination) if nomination.state == "approval" else None
    return Facts(
        stage=stage_facts_of(nomination, chain),
        post_unit=post.unit_code,
        in_unit=await unit_in_scope(session, acting.unit_code, post.unit_code),
        created_by_user_id=nomination.created_by_user_id,
        created_by_nip=nomination.created_by_nip,
        nominee_nip=nomination.nominee_nip,
        shortlist=tuple(nomination.shortlist or ()),
        reasons_required=frozenset(definition.body.get("reasons_required", ())),
    )
