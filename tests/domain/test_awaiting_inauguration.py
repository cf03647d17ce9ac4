""" "Approved — awaiting inauguration" decided by one Python predicate and its SQL twin."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from domain.models import Nomination, Position, Unit, WorkflowDefinition
from domain.models.nomination import awaiting_inauguration_clause, is_awaiting_inauguration

AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
TWO_STEPS = [{"name": "tpk", "role": "panel_chair"}, {"name": "ppk", "role": "ppk"}]


async def test_awaiting_inauguration_predicate_and_sql_agree(session):
    session.add(Unit(code="U", name="Unit"))
    definition = WorkflowDefinition(kind="promotion", level="administrator", version=1, body={}, created_at=AT)
    session.add(definition)
    await session.flush()
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
    session.add_all(
        Position(code=f"P{i}", title=f"Post {i}", unit_code="U", level="administrator") for i in range(len(cases))
    )
    await session.flush()
    for i, (state, steps, index, _) in enumerate(cases):
        session.add(
            Nomination(
                kind="promotion",
                position_code=f"P{i}",
                level="administrator",
                definition_id=definition.id or 0,
                state=state,
                steps=steps,
                step_index=index,
                created_at=AT,
                updated_at=AT,
            )
        )
    await session.flush()
    rows = (await session.exec(select(Nomination).order_by(Nomination.id))).all()  # type: ignore[arg-type]
    assert [is_awaiting_inauguration(r) for r in rows] == [expected for *_, expected in cases]
    in_sql = {r.id for r in (await session.exec(select(Nomination).where(awaiting_inauguration_clause()))).all()}
    assert in_sql == {r.id for r in rows if is_awaiting_inauguration(r)}
    assert len(in_sql) == 1
