"""Benchmark of the "Tidak memenuhi syarat" list (``qualifies_on.near_candidates``): with the SQL
pre-filter (``near_sql``) and without it (every served person of the right age judged in Python).

    python -m bench.near --employees 2000 20000 --db sqlite --db postgres

Databases are prepared as ``bench.ranking`` does (the same files and PostgreSQL schema, seeded or
cloned to the size). For one vacant JPT Pratama post, one administrator and one pengawas post, as
of ``bench.ranking.AS_OF``: each way is run ``--repeat`` times (best and median ms), the lists are
checked equal, and the pool the SQL keeps is counted against those Python judges without it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from bench.ranking import AS_OF, PG_URL, _url, bench_engine, prepare
from domain.db import session_factory
from domain.models import Employee, JobHistory, Position


async def _posts(session) -> list[str]:  # type: ignore[no-untyped-def]
    """A vacant JPT Pratama post, then the first administrator and pengawas posts by code."""
    holders = sa.select(Employee.position_code).where(Employee.position_code.is_not(None))
    posts = []
    for level, vacant in (("jpt_pratama", True), ("administrator", False), ("pengawas", False)):
        query = sa.select(Position.code).where(Position.level == level).order_by(Position.code).limit(1)
        if vacant:
            query = query.where(Position.code.not_in(holders))
        posts.append((await session.exec(query)).scalar_one())
    return posts


async def measure(url: str, repeat: int, unfiltered: bool) -> list[dict[str, object]]:
    from domain.rulebook import load_rulebook
    from domain.rules.facts import load_post
    from domain.rules.near_sql import near_pool_query
    from domain.rules.qualifies_on import near_candidates
    from domain.rules.requirements import resolve

    engine = bench_engine(url)
    out = []
    async with session_factory(engine)() as session:
        employees = (await session.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one()
        book = await load_rulebook(session)
        for post in await _posts(session):
            req = resolve(await load_post(session, post), AS_OF, book)
            pool = len((await session.exec(near_pool_query(engine.dialect.name, req))).all())
            served = sa.select(JobHistory.nip).where(JobHistory.level.in_(req.experience_levels or ("",)))
            judged = (
                await session.exec(
                    sa.select(sa.func.count()).where(
                        Employee.nip.in_(served), Employee.birth_date > req.born_on_or_before_fails
                    )
                )
            ).scalar_one()
            row: dict[str, object] = {"employees": employees, "post": post, "pool": pool, "judged_before": judged}
            for way, prefilter in (("after", True), ("before", False)):
                if way == "before" and not unfiltered:
                    continue
                times, near = [], None
                for _ in range(repeat):
                    started = time.perf_counter()
                    near = await near_candidates(session, post, AS_OF, book, prefilter=prefilter)
                    times.append((time.perf_counter() - started) * 1000)
                row[f"{way}_ms"] = times
                row[f"{way}_list"] = near
            if unfiltered:
                assert row["after_list"] == row["before_list"], f"{post}: the pre-filter changed the list"
            row["near"] = len(row["after_list"])  # type: ignore[arg-type]
            out.append(row)
    await engine.dispose()
    return out


def _ms(times: list[float]) -> str:
    return f"best {min(times):8.0f} ms  median {statistics.median(times):8.0f} ms"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.near", description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"], help="default: both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before-repeat", type=int, default=1, help="runs without the pre-filter (slow); 0: skip")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/meritflow-bench"))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_URL))
    parser.add_argument("--seed-max", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    for db in args.db or ["sqlite", "postgres"]:
        for size in sorted(args.employees):
            prepare(db, size, args)
            url = _url(db, size, args.dir, args.pg_url)
            rows = asyncio.run(measure(url, args.repeat, unfiltered=False))
            if args.before_repeat:
                slow = asyncio.run(measure(url, args.before_repeat, unfiltered=True))
                for row, other in zip(rows, slow, strict=True):
                    row["before_ms"] = other["before_ms"]
            print(f"\n== near_candidates, {db}, {size:,} employees (as of {AS_OF})")
            for row in rows:
                print(
                    f"  {row['post']:<14} after  {_ms(row['after_ms'])}  ({row['near']} close, SQL pool "  # type: ignore[arg-type]
                    f"{row['pool']} of {row['judged_before']} judged before)"
                )
                if "before_ms" in row:
                    print(f"  {'':<14} before {_ms(row['before_ms'])}  (lists equal)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
