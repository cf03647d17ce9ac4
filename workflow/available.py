"""``available_actions`` for many nominations at once, in a few queries.

:func:`workflow.queries.available_actions` answers for one nomination; a list of fifty that asks
each row for its ``availableActions`` would run it fifty times — each time the delegation, the
nomination, its post, the viewer's unit scope (twice), the definition and the unit check. Here
they are read once for the whole batch (the nominations, their posts and definitions in one query
each; the viewer's scope and the acting person's delegation once) and the same
:func:`workflow.actions.decide` runs on the same :class:`~workflow.actions.Facts` for each. Only a
nomination in the approval stage still costs queries of its own: its chain (fresh eligibility and
dossier hash, ``workflow.chain.chain_position``) is its own.

The answer for each id is what ``available_actions`` gives for it — the list, or the error it
would raise (``NotFound``, ``NotVisible``) as a value; ``tests/workflow/test_available_many.py``
compares the two for every nomination and several actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.access import can_see_nomination, unit_subtree, with_unit_scope
from domain.clock import today
from domain.errors import DomainError, NotAllowed, NotFound, NotVisible
from domain.models import Nomination, Position, WorkflowDefinition
from workflow.actions import ACTIONS, Facts, decide, letter_required, reason_required
from workflow.actor import Acting, Actor, resolve
from workflow.chain import chain_position
from workflow.facts import stage_facts_of
from workflow.queries import AvailableAction
from workflow.runner import no_such_nomination

__all__ = ["available_actions_many"]

Answer = list[AvailableAction] | DomainError


async def available_actions_many(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, ids: Sequence[int]
) -> dict[int, Answer]:
    """For each of ``ids``: what ``available_actions(sessions, actor, id)`` returns, or the
    ``DomainError`` it raises, as a value."""
    wanted = list(dict.fromkeys(ids))
    async with sessions() as session:
        rows = (await session.exec(select(Nomination).where(col(Nomination.id).in_(wanted)))).all()
        nominations = {row.id: row for row in rows}
        codes = sorted({row.position_code for row in rows})
        posts = {p.code: p for p in (await session.exec(select(Position).where(col(Position.code).in_(codes)))).all()}
        try:
            acting = await resolve(session, actor, today())
            refusal: NotAllowed | None = None
        except NotAllowed as error:
            acting, refusal = Acting(actor), error
        # What runner.is_visible computes per nomination: the viewer's own scope, the acting roles.
        viewer = replace(await with_unit_scope(session, acting.actor), roles=acting.roles)
        answers: dict[int, Answer] = {}
        for nid in wanted:
            nomination = nominations.get(nid)
            if nomination is None:
                answers[nid] = NotFound(no_such_nomination(nid), key="not_found.nomination", params={"nomination": nid})
                continue
            post = posts.get(nomination.position_code)
            if not can_see_nomination(viewer, nomination, post.unit_code if post else None):
                answers[nid] = NotVisible(
                    no_such_nomination(nid), key="not_found.nomination", params={"nomination": nid}
                )
        if refusal is not None:
            for nid in wanted:
                if nid not in answers:
                    answers[nid] = [
                        AvailableAction(name, False, refusal.code, refusal.message, spec.mutation)
                        for name, spec in ACTIONS.items()
                    ]
            return answers
        visible = [nominations[nid] for nid in wanted if nid not in answers]
        definitions = await _definitions(session, {n.definition_id for n in visible})
        in_scope = await _units_in_scope(session, acting.unit_code)
        for nomination in visible:
            post = posts[nomination.position_code]
            definition = definitions[nomination.definition_id]
            chain = await chain_position(session, nomination) if nomination.state == "approval" else None
            facts = Facts(
                stage=stage_facts_of(nomination, chain),
                post_unit=post.unit_code,
                in_unit=in_scope is None or (post.unit_code is not None and post.unit_code in in_scope),
                created_by_user_id=nomination.created_by_user_id,
                created_by_nip=nomination.created_by_nip,
                nominee_nip=nomination.nominee_nip,
                shortlist=tuple(nomination.shortlist or ()),
                reasons_required=frozenset(definition.body.get("reasons_required", ())),
            )
            answers[nomination.id] = [  # type: ignore[index]
                _action(name, facts, acting, nomination.id) for name in ACTIONS
            ]
    return answers


def _action(name: str, facts: Facts, acting: Acting, nomination_id: int | None) -> AvailableAction:
    decision = decide(name, facts, acting, nomination_id)
    return AvailableAction(
        name,
        decision.allowed,
        decision.code,
        decision.message,
        ACTIONS[name].mutation,
        letter_required(name, facts),
        reason_required(name, facts),
    )


async def _definitions(session: AsyncSession, ids: set[int]) -> dict[int, WorkflowDefinition]:
    query = select(WorkflowDefinition).where(col(WorkflowDefinition.id).in_(sorted(ids)))
    return {d.id: d for d in (await session.exec(query)).all()}  # type: ignore[misc]


async def _units_in_scope(session: AsyncSession, scope: str | None) -> frozenset[str] | None:
    """The units ``domain.access.unit_in_scope(session, scope, unit)`` says yes to, read once:
    None for no scope (the whole province), else the scope's unit and every unit below it."""
    if scope is None:
        return None
    tree = unit_subtree(scope)
    return frozenset((await session.exec(select(tree.c.code))).all())  # type: ignore[call-overload]
