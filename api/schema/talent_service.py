"""Batch access to the talent rules for nested fields: one SQL placement query for a whole page of
employees instead of one rules call per person (the placement logic stays in domain.rules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from strawberry.dataloader import DataLoader

from api.schema.types.talent import NineBoxPlacement
from domain.db import read_session
from domain.rulebook import load_rulebook
from domain.rules.ninebox import BANDS_OF_BOX, RECOMMENDATIONS, box_label
from domain.rules.ninebox_grid import placements_query
from domain.rules.sql_parts import dialect_of


def placement_from_row(row: Any) -> NineBoxPlacement:
    box = row["box"]
    if box is None:
        return NineBoxPlacement(box=None, label=None, reason=row["reason"])
    potential, performance = BANDS_OF_BOX[box]
    return NineBoxPlacement(
        box=box,
        label=box_label(box),
        reason=None,
        performance=performance,
        potential=potential,
        recommendation=RECOMMENDATIONS[box],
    )


def nine_box_loader(context: Any) -> DataLoader[str, NineBoxPlacement | None]:
    sessions = context.sessions

    async def load(nips: Sequence[str]) -> list[NineBoxPlacement | None]:
        async with read_session(sessions) as session:
            book = await load_rulebook(session)
            query = placements_query(None, date.today(), book, nips=list(nips), dialect=await dialect_of(session))
            rows = {r["nip"]: r for r in (await session.exec(query)).mappings()}  # type: ignore[call-overload]
        return [placement_from_row(rows[nip]) if nip in rows else None for nip in nips]

    return context.loaders.get("nine_box", lambda: DataLoader(load_fn=load))
