"""Nomination rows written straight into the database, for tests of the predicates and SQL filters
that read them (no workflow runs: each row is in whatever state the test gives it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Nomination, Position, Unit, WorkflowDefinition


def promotion(position_code: str, definition_id: int | None, at: datetime, **fields: Any) -> Nomination:
    """A promotion to the administrator post ``position_code``, created and last changed ``at``."""
    return Nomination(
        kind="promotion",
        position_code=position_code,
        level="administrator",
        definition_id=definition_id or 0,
        created_at=at,
        updated_at=at,
        **fields,
    )


async def one_per_post(session: AsyncSession, at: datetime, rows: list[dict[str, Any]]) -> list[Nomination]:
    """Unit ``U`` with an administrator post ``P<i>`` for each of ``rows``, and a promotion to each post
    with that row's fields; the nominations back in the order of ``rows``."""
    session.add(Unit(code="U", name="Unit"))
    definition = WorkflowDefinition(kind="promotion", level="administrator", version=1, body={}, created_at=at)
    session.add(definition)
    await session.flush()
    session.add_all(
        Position(code=f"P{i}", title=f"Post {i}", unit_code="U", level="administrator") for i in range(len(rows))
    )
    await session.flush()
    session.add_all(promotion(f"P{i}", definition.id, at, **fields) for i, fields in enumerate(rows))
    await session.flush()
    return list((await session.exec(select(Nomination).order_by(Nomination.id))).all())  # type: ignore[arg-type]
