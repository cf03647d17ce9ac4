"""Benchmark of the nine-box at province scale: the grid (province and one unit), a members page and
the talent pool, from stored placements (cold: the first call stores them; warm) and computed live.

    python -m bench.ranking --employees 1000000 --db postgres      # seeds and clones first (see there)
    python -m bench.ninebox --db postgres --db sqlite               # then this, on the same databases

It runs on the databases ``bench.ranking`` made (``--dir``/``bench-<N>.db``, ``--pg-url`` schema
``bench``); one made before the store existed gets its table and triggers first. The day is today
(only today's placements are stored); "live" is the same grid for a day in an earlier year, which no
stored row covers — what every grid cost before the store. Each call gets a session of its own, as
an API request does. Figures are printed, nothing is asserted. Run against a checkout without the
store (``domain.models`` without ``StoredPlacement``), it measures the live calls only.

With ``domain.rules.ninebox_warm`` it then measures the warm-up (``api.background``'s work) on an
empty store: its duration, the latency of an SKP write every 200 ms meanwhile (the other writers it
must let through), a second pass (nothing or little missing) and the first province grid after it —
the request that paid the cold figure before.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

import domain.models
from bench.ranking import PG_URL, bench_engine
from domain.clock import today
from domain.db import session_factory
from domain.models import Employee, Skp, Unit

STORE = hasattr(domain.models, "StoredPlacement")
try:
    from domain.rules.ninebox_warm import warm
except ImportError:  # a checkout without the warm-up
    warm = None  # type: ignore[assignment]


async def ensure_store(engine) -> None:  # type: ignore[no-untyped-def]
    """The placements table and its triggers, in a database made before they existed."""
    from domain.models.ninebox import StoredPlacement, triggers_for

    async with engine.begin() as conn:
        exists = await conn.run_sync(lambda c: sa.inspect(c).has_table(StoredPlacement.__tablename__))
        if not exists:
            await conn.run_sync(lambda c: StoredPlacement.__table__.create(c))
            for statement in triggers_for(engine.dialect.name):
                await conn.exec_driver_sql(statement)


async def clear_store(engine) -> None:  # type: ignore[no-untyped-def]
    """No stored row, as on first use (TRUNCATE on PostgreSQL: a DELETE leaves a million dead
    tuples that every scan wades through until autovacuum runs, which first use does not have)."""
    postgres = engine.dialect.name == "postgresql"
    async with engine.begin() as conn:
        await conn.exec_driver_sql("TRUNCATE ninebox_placement" if postgres else "DELETE FROM ninebox_placement")


async def _timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000


async def run(url: str, repeat: int) -> None:
    from domain.rules.ninebox_grid import nine_box_grid, talent_pool

    engine = bench_engine(url)
    sessions = session_factory(engine)
    if STORE:
        await ensure_store(engine)
    async with sessions() as s:
        employees = (await s.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one()
        root = (await s.exec(sa.select(Unit.code).where(Unit.parent_code.is_(None)).order_by(Unit.code))).first()[0]
        children = sa.select(Unit.code).where(Unit.parent_code == root)
        biggest = sa.select(Employee.unit_code, sa.func.count().label("n")).where(Employee.unit_code.in_(children))
        unit, unit_n = (await s.exec(biggest.group_by(Employee.unit_code).order_by(sa.text("n DESC")).limit(1))).one()
    day = today()
    old_day = date(day.year - 1, 6, 1)
    print(f"\n== {engine.dialect.name}, {employees:,} employees, today {day}, unit {unit} ({unit_n:,} directly)")
    print(f"   store: {'yes' if STORE else 'no (live only)'}; load: {os.getloadavg()[0]:.1f}")

    async def grid(u: str | None, on: date, **kw: object) -> None:
        async with sessions() as s:
            g = await nine_box_grid(s, u, on, members_limit=kw.pop("limit", 20), **kw)  # type: ignore[arg-type]
            assert g.total > 0

    async def members(on: date) -> None:  # nineBoxMembers: 50 members of box 5 after the first 100
        extra = {"boxes": (5,)} if STORE else {}
        await grid(None, on, limit=51, members_offset=100, **extra)

    async def pool(u: str | None, on: date) -> None:
        async with sessions() as s:
            await talent_pool(s, u, on, limit=50)

    calls = [
        ("grid(province)", lambda on: grid(None, on)),
        (f"grid({unit})", lambda on: grid(unit, on)),
        ("members page (box 5)", members),
        ("talent pool(province)", lambda on: pool(None, on)),
    ]

    def line(name: str, kind: str, times: list[float]) -> None:
        best, median = min(times), statistics.median(times)
        print(f"  {name:<24} {kind:<6} best {best:9.1f} ms  median {median:9.1f} ms  ({len(times)} runs)")

    if STORE:
        await clear_store(engine)
        line(f"grid({unit})", "cold", [await _timed(lambda: grid(unit, day))])
        await clear_store(engine)
        line("grid(province)", "cold", [await _timed(lambda: grid(None, day))])
        if engine.dialect.name == "postgresql":
            async with engine.connect() as conn:
                await (await conn.execution_options(isolation_level="AUTOCOMMIT")).exec_driver_sql(
                    "VACUUM ANALYZE ninebox_placement"
                )
        for name, call in calls:
            line(name, "warm", [await _timed(lambda c=call: c(day)) for _ in range(repeat)])
        # One SKP written: its trigger deletes one row; the next grid stores that one person again.
        async with engine.begin() as conn:
            nip = (await conn.execute(sa.select(Skp.nip).order_by(Skp.id).limit(1))).scalar_one()
            await conn.execute(sa.update(Skp).where(Skp.nip == nip).values(behaviour=Skp.behaviour))
        line("grid(province)", "1 SKP", [await _timed(lambda: grid(None, day))])
        if warm is not None:
            await warm_up(engine, sessions, lambda: grid(None, day), line)
    live_day = old_day if STORE else day  # without the store every day is computed live
    for name, call in calls:
        line(name, "live", [await _timed(lambda c=call: c(live_day)) for _ in range(max(1, repeat // 2))])
    await engine.dispose()


async def warm_up(engine, sessions, province_grid, line) -> None:  # type: ignore[no-untyped-def]
    """The warm-up on an empty store with an SKP written every 200 ms beside it, then a second pass
    and the first province grid."""
    from domain.db import write_transaction

    await clear_store(engine)
    async with sessions() as s:
        skp_id = (await s.exec(sa.select(Skp.id).order_by(Skp.id).limit(1))).scalar_one()
    writes: list[float] = []
    done = asyncio.Event()

    async def writer() -> None:
        while not done.is_set():
            started = time.perf_counter()
            async with write_transaction(sessions) as w:
                await w.exec(sa.update(Skp).where(Skp.id == skp_id).values(behaviour=Skp.behaviour))
            writes.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.2)

    writing = asyncio.create_task(writer())
    report = await warm(sessions)
    done.set()
    await writing
    print(
        f"  warm-up (empty store)    {report.seconds * 1000:9.1f} ms  {report.stored:,} stored, "
        f"{report.batches_written} batches; an SKP write meanwhile: median {statistics.median(writes):.1f} ms, "
        f"max {max(writes):.1f} ms ({len(writes)} writes); load {os.getloadavg()[0]:.1f}"
    )
    again = await warm(sessions)  # the SKP writes deleted one row: this pass stores it
    print(f"  warm-up again            {again.seconds * 1000:9.1f} ms  {again.stored:,} stored")
    line("grid(province)", "warmed", [await _timed(province_grid)])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ninebox", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"], help="default: both")
    parser.add_argument("--employees", type=int, default=1_000_000, help="which bench.ranking database (default 1M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/meritflow-bench"))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_URL))
    args = parser.parse_args(argv)
    for db in args.db or ["sqlite", "postgres"]:
        url = args.pg_url if db == "postgres" else f"sqlite:///{args.dir / f'bench-{args.employees}.db'}"
        asyncio.run(run(url, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
