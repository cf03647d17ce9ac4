""" "Approved — awaiting inauguration" decided by one Python predicate and its SQL twin."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from domain.models import Nomination
from domain.models.nomination import awaiting_inauguration_clause, is_awaiting_inauguration
from tests.domain.nomination_rows import one_per_post

AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
TWO_STEPS = [{"name": "tpk", "role": "panel_chair"}, {"name": "ppk", "role": "ppk"}]


async def test_awaiting_inauguration_predicate_and_sql_agree(session):
    cases: list[tuple[str, list, int, bool]] = [
        ("approval", TWO_STEPS, 2, True),  # every step approved
        ("approval", TWO_STEPS, 1, False),  # the second step still open
        ("approval", TWO_STEPS, 0, False),
        ("approval", [], 0, False),  # no chain resolved: nothing was approved
        ("assessment", [], 0, False),
        ("inauguration", TWO_STEPS, 2, False),  # already scheduled
        ("withdrawn", TWO_STEPS, 2, False),
        ("rejected", TWO_STEPS, 2, False),
    ]
    rows = await one_per_post(
        session, AT, [{"state": state, "steps": steps, "step_index": index} for state, steps, index, _ in cases]
    )
    assert [is_awaiting_inauguration(r) for r in rows] == [expected for *_, expected in cases]
    in_sql = {r.id for r in (await session.exec(select(Nomination).where(awaiting_inauguration_clause()))).all()}
    assert in_sql == {r.id for r in rows if is_awaiting_inauguration(r)}
    assert len(in_sql) == 1
