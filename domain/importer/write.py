"""Writing the plans: bulk Core INSERTs and executemany UPDATEs in batches, inside the caller's
transaction, in the order the plans come (parents before children)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from domain.importer.plan import TablePlan

BATCH = 2000
Progress = Callable[[str, int, int], None]


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


async def _insert(
    conn: AsyncConnection, table: sa.Table, rows: list[dict[str, Any]], tick: Callable[[int], None]
) -> None:
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        await conn.execute(sa.insert(table), batch)
        tick(len(batch))


async def _update(conn: AsyncConnection, table: sa.Table, pk: str, rows: list[dict[str, Any]], tick) -> None:  # type: ignore[no-untyped-def]
    # Rows of one file carry the same columns, but group by column set to be safe.
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "_pk")), []).append(row)
    for columns, group in groups.items():
        statement = (
            sa.update(table)
            .where(table.c[pk] == sa.bindparam("b__pk"))
            .values({column: sa.bindparam(f"b_{column}") for column in columns})
        )
        for start in range(0, len(group), BATCH):
            batch = group[start : start + BATCH]
            await conn.execute(statement, [{f"b_{k}": v for k, v in row.items()} for row in batch])
            tick(len(batch))


async def write_plans(conn: AsyncConnection, plans: list[TablePlan], progress: Progress | None = None) -> None:
    total = sum(len(p.inserts) + len(p.updates) for p in plans)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("writing", done, total)

    for plan in plans:
        table = _table(plan.table)
        if plan.table == "employee":
            await _release_moving_posts(conn, plan)
        if plan.table == "competency_score":
            await _resolve_assessment_ids(conn, plan)
        await _insert(conn, table, plan.inserts, tick)
        await _update(conn, table, plan.pk, plan.updates, tick)


async def _release_moving_posts(conn: AsyncConnection, plan: TablePlan) -> None:
    """Clear the post of everyone whose post changes before setting the new ones, so a swap of two
    people's posts never trips the one-holder-per-post constraint halfway."""
    moving = [{"b__pk": row["_pk"]} for row in plan.updates if "position_code" in row]
    if not moving:
        return
    table = _table("employee")
    statement = sa.update(table).where(table.c.nip == sa.bindparam("b__pk")).values(position_code=None)
    for start in range(0, len(moving), BATCH):
        await conn.execute(statement, moving[start : start + BATCH])


async def _resolve_assessment_ids(conn: AsyncConnection, plan: TablePlan) -> None:
    """New scores need the id of their assessment, which may have been inserted a moment ago: one query."""
    table = _table("competency_assessment")
    result = await conn.execute(sa.select(table.c.id, table.c.nip, table.c.assessed_on))
    ids = {(nip, assessed_on): id_ for id_, nip, assessed_on in result}
    for row in plan.inserts:
        row["assessment_id"] = ids[row.pop("assessment_key")]
    for row in plan.updates:
        row.pop("assessment_key", None)
