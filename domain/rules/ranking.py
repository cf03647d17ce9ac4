"""Ranking the eligible candidates for a post, and the succession group of a key post.

The whole population is filtered, scored and ordered in SQL (``candidate_sql``); only the returned
page is loaded into Python, where each candidate gets the full list of checks from the same
``evaluate_eligibility`` that answers a single question — so the page explains itself.
Order: score descending, then NIP ascending, so equal scores always come out the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput
from domain.models import Position
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.candidate_sql import candidates_query
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import PersonFacts, PostFacts, load_people, load_post
from domain.rules.kinds import kind_checks
from domain.rules.ninebox import TALENT_POOL_BOXES, box_label
from domain.rules.requirements import resolve
from domain.rules.scoring import PART_NAMES, ScorePart, score_parts
from domain.rules.sql_parts import dialect_of
from domain.rules.verdict import Eligibility

MAX_PAGE = 500


@dataclass(frozen=True)
class RankedCandidate:
    rank: int  # 1-based position in the whole ranking
    nip: str
    name: str
    score: float
    parts: list[ScorePart]
    box: int | None
    box_label: str | None
    eligibility: Eligibility


@dataclass(frozen=True)
class RankedPage:
    total: int  # eligible candidates in all
    items: list[RankedCandidate]


def _check_paging(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(
            f"limit {limit} is out of range; ask for 1 to {MAX_PAGE} candidates per page",
            key="input.limit_range",
            params={"limit": limit, "max": MAX_PAGE},
        )
    if offset < 0:
        raise InvalidInput(
            f"offset {offset} is negative; start at 0", key="input.offset_negative", params={"offset": offset}
        )


async def _ranked(
    session: AsyncSession,
    position_code: str,
    as_of: date,
    limit: int,
    offset: int,
    rulebook: Rulebook | None,
    boxes: tuple[int, ...] | None,
    kind_rules: Mapping[str, bool] | None = None,
) -> RankedPage:
    _check_paging(limit, offset)
    post = await load_post(session, position_code)
    book = rulebook or await load_rulebook(session)
    req = resolve(post, as_of, book)
    dialect = await dialect_of(session)
    ranked = candidates_query(dialect, req, book, boxes, kind_rules).subquery("ranked")
    page = (
        sa.select(ranked, sa.func.count().over().label("total"))
        .order_by(ranked.c.score.desc(), ranked.c.nip.asc())
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.exec(page)).mappings().all()
    if rows:
        total = int(rows[0]["total"])
    else:
        total = int((await session.exec(sa.select(sa.func.count()).select_from(ranked))).scalar_one())
    people = await load_people(session, [r["nip"] for r in rows])
    weights: dict[str, float] = book["ranking_weights"]
    items = []
    for i, row in enumerate(rows):
        parts = score_parts(weights, row["jpm"], row["box"], row["skp_mean"], row["level_days"])
        items.append(
            RankedCandidate(
                rank=offset + i + 1,
                nip=row["nip"],
                name=row["name"],
                score=float(row["score"]),
                parts=parts,
                box=row["box"],
                box_label=box_label(row["box"]) if row["box"] else None,
                eligibility=_with_kind(
                    evaluate_eligibility(people[row["nip"]], post, as_of, book), kind_rules, people[row["nip"]], post
                ),
            )
        )
    return RankedPage(total=total, items=items)


def _with_kind(
    result: Eligibility, kind_rules: Mapping[str, bool] | None, person: PersonFacts, post: PostFacts
) -> Eligibility:
    """The verdict with the kind rules' checks added, as the select-nominee guard words them."""
    if not kind_rules:
        return result
    return replace(result, checks=[*result.checks, *kind_checks(person, post, result.as_of, kind_rules)])


async def rank_candidates(
    session: AsyncSession,
    position_code: str,
    as_of: date,
    limit: int = 20,
    offset: int = 0,
    rulebook: Rulebook | None = None,
    kind_rules: Mapping[str, bool] | None = None,
) -> RankedPage:
    """The eligible employees for ``position_code`` on ``as_of`` (the incumbent excluded), best
    first, with each score's parts and every check. ``kind_rules`` are the nomination kind's level
    rules (a workflow definition's ``rules``, ``kinds.default_kind_rules``): given, only those a
    nomination of that kind may select are listed, with the kind's checks; None applies the talent
    rules alone (anyone eligible for some kind of nomination)."""
    return await _ranked(session, position_code, as_of, limit, offset, rulebook, None, kind_rules)


async def succession_candidates(
    session: AsyncSession,
    position_code: str,
    as_of: date,
    limit: int = 10,
    offset: int = 0,
    rulebook: Rulebook | None = None,
) -> RankedPage:
    """The succession group of a key post: its ranked eligible candidates who sit in the talent
    pool (nine-box 7, 8 or 9) on ``as_of``. InvalidInput if the post is not a key post."""
    post = await session.get(Position, position_code)
    if post is not None and not post.is_key:
        raise InvalidInput(
            f'post "{position_code}" is not a key post; succession groups are kept for key posts only '
            "(mark it as key first)",
            key="input.not_key_post",
            params={"post": position_code},
        )
    return await _ranked(session, position_code, as_of, limit, offset, rulebook, TALENT_POOL_BOXES)


__all__ = ["PART_NAMES", "RankedCandidate", "RankedPage", "rank_candidates", "succession_candidates"]
