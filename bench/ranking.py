"""Benchmark of the talent rules at province scale: ranking, nine-box grid, one eligibility.

    python -m bench.ranking --employees 100000 --db sqlite --db postgres
    python -m bench --employees 100000 1000000          # sizes in a row, then the ratios

For each database and size: seed the demo province (``domain.demo.seed_demo``) unless the database
already holds exactly that many employees, ANALYZE, then measure in a *fresh process* (so peak RSS
is the queries', not the seeding's): ``rank_candidates`` for one vacant JPT Pratama post,
``nine_box_grid`` for the whole province, ``check_eligibility`` for the top candidate. Each is run
``--repeat`` times; the best and the median are printed with rows/s (employees considered per second).

PostgreSQL uses ``--pg-url`` (default: the mf_rules database); its schema is dropped and rebuilt
before seeding. SQLite files live in ``--dir`` and are kept for re-runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import domain.models
from domain.db import create_engine, session_factory
from domain.models import Employee, Position, Unit

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/mf_rules"
AS_OF = date(2026, 11, 29)


PG_SCHEMA = "bench"  # the test suite empties the public schema of the same database


def bench_engine(url: str) -> AsyncEngine:
    """An engine on ``url``; on PostgreSQL its tables live in the ``bench`` schema."""
    if url.startswith("postgres"):
        return create_engine(url, connect_args={"server_settings": {"search_path": PG_SCHEMA}})
    return create_engine(url)


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB. VmHWM rather than getrusage's ru_maxrss, which
    Linux carries over an exec from the parent (the seeding process) and would hide the queries'."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _url(db: str, employees: int, directory: Path, pg_url: str) -> str:
    return pg_url if db == "postgres" else f"sqlite:///{directory / f'bench-{employees}.db'}"


async def _employee_count(url: str) -> int | None:
    engine = bench_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(sa.select(sa.func.count()).select_from(Employee))).scalar_one()
    except Exception:  # no schema yet
        return None
    finally:
        await engine.dispose()


async def _reset(url: str) -> None:
    engine = bench_engine(url)
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            await conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
        await conn.run_sync(SQLModel.metadata.create_all)
        if engine.dialect.name == "postgresql":
            for statement in domain.models.POSTGRES_DDL:
                await conn.execute(sa.text(statement))
    await engine.dispose()


async def seed(url: str, employees: int) -> dict[str, float]:
    """Seed the demo province; returns seconds and rows per second."""
    from domain.demo import seed_demo

    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    await _reset(url)
    engine = bench_engine(url)
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 15:
            last[0] = now
            print(f"    seeded {done}/{total} employees in {now - started:.0f} s", flush=True)

    await seed_demo(session_factory(engine), employees=employees, seed=1, reference_date=AS_OF, progress=progress)
    seconds = time.perf_counter() - started
    await analyze(engine)
    await engine.dispose()
    return {"seed_s": seconds, "seed_employees_per_s": employees / seconds}


async def analyze(engine: AsyncEngine) -> None:
    """Planner statistics (and on PostgreSQL the visibility map, as autovacuum would set it)."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


async def _timed(repeat: int, call) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = await call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


async def measure(url: str, repeat: int) -> dict[str, object]:
    """The three measurements, in this (fresh) process."""
    from domain.rulebook import load_rulebook
    from domain.rules.candidate_sql import candidates_query
    from domain.rules.eligibility import check_eligibility
    from domain.rules.facts import load_post
    from domain.rules.ninebox_grid import nine_box_grid
    from domain.rules.ranking import rank_candidates
    from domain.rules.requirements import resolve

    engine = bench_engine(url)
    sessions = session_factory(engine)
    out: dict[str, object] = {"rss_start_mb": peak_rss_mb()}
    async with sessions() as session:
        employees = (await session.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one()
        holders = sa.select(Employee.position_code).where(Employee.position_code.is_not(None))
        post = (
            await session.exec(
                sa.select(Position.code)
                .where(Position.level == "jpt_pratama", Position.code.not_in(holders))
                .order_by(Position.code)
                .limit(1)
            )
        ).scalar_one()
        root = (
            (await session.exec(sa.select(Unit.code).where(Unit.parent_code.is_(None)).order_by(Unit.code)))
            .scalars()
            .first()
        )
        book = await load_rulebook(session)

        req = resolve(await load_post(session, post), AS_OF, book)
        ranked = candidates_query(engine.dialect.name, req, book).subquery()
        count = sa.select(sa.func.count()).select_from(ranked)
        # The ranking's one SQL statement alone (no page loaded into Python), to see the query's own cost.
        sql_ms, _ = await _timed(repeat, lambda: session.exec(count))
        rank_ms, page = await _timed(repeat, lambda: rank_candidates(session, post, AS_OF, limit=20, rulebook=book))
        out["rss_after_rank_mb"] = peak_rss_mb()
        grid_ms, grid = await _timed(
            repeat, lambda: nine_box_grid(session, root, AS_OF, members_limit=20, rulebook=book)
        )
        out["rss_after_grid_mb"] = peak_rss_mb()
        top = page.items[0].nip if page.items else (await session.exec(sa.select(Employee.nip).limit(1))).scalar_one()
        elig_ms, _ = await _timed(repeat, lambda: check_eligibility(session, top, post, AS_OF, rulebook=book))
    await engine.dispose()
    out.update(
        employees=employees,
        post=post,
        unit=root,
        candidates=page.total,
        grid_total=grid.total,
        grid_counts=[c.count for c in grid.cells],
        unmapped=sum(u.count for u in grid.unmapped),
        rank_ms=rank_ms,
        rank_sql_ms=sql_ms,
        grid_ms=grid_ms,
        eligibility_ms=elig_ms,
        peak_rss_mb=peak_rss_mb(),
    )
    return out


def _measure_in_child(url: str, repeat: int) -> dict[str, object]:
    """Run :func:`measure` in a new interpreter so its peak RSS is the queries' alone."""
    code = (
        "import asyncio, json, sys; from bench.ranking import measure; "
        "print(json.dumps(asyncio.run(measure(sys.argv[1], int(sys.argv[2])))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, url, str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(name: str, times: list[float], rows: int) -> str:
    best, median = min(times), statistics.median(times)
    return f"  {name:<22} best {best:9.1f} ms  median {median:9.1f} ms  {rows / (best / 1000):>12,.0f} rows/s"


def report(db: str, size: int, seeded: dict[str, float] | None, m: dict[str, object]) -> None:
    n = int(m["employees"])  # type: ignore[arg-type]
    print(f"\n== {db}, {n:,} employees (post {m['post']}, unit {m['unit']}, as of {AS_OF})")
    if seeded and "seed_s" in seeded:
        print(f"  seeding               {seeded['seed_s']:9.1f} s    {seeded['seed_employees_per_s']:,.0f} employees/s")
    if seeded and "clone_s" in seeded:
        print(f"  cloning in SQL        {seeded['clone_s']:9.1f} s")
    print(_line("rank_candidates(20)", m["rank_ms"], n) + f"  ({m['candidates']} eligible)")  # type: ignore[arg-type]
    if "rank_sql_ms" in m:
        print(_line("  its SQL (count)", m["rank_sql_ms"], n))  # type: ignore[arg-type]
    print(_line("nine_box_grid(root)", m["grid_ms"], n) + f"  (cells {m['grid_counts']}, unmapped {m['unmapped']})")  # type: ignore[arg-type]
    print(_line("check_eligibility(1)", m["eligibility_ms"], 1))  # type: ignore[arg-type]
    print(
        f"  peak RSS              {m['peak_rss_mb']:.0f} MB (start {m['rss_start_mb']:.0f}, after ranking "
        f"{m['rss_after_rank_mb']:.0f}, after grid {m['rss_after_grid_mb']:.0f})"
    )


async def _clone(url: str, factor: int) -> float:
    from bench.scale import scale_up

    engine = bench_engine(url)
    started = time.perf_counter()
    await scale_up(engine, factor)
    await analyze(engine)
    await engine.dispose()
    return time.perf_counter() - started


def prepare(db: str, size: int, args: argparse.Namespace) -> dict[str, float] | None:
    """Make the database for ``db``/``size`` hold exactly ``size`` employees: seed the demo up to
    ``--seed-max``; above it seed ``--seed-max`` and clone (``bench.scale``). None if already there."""
    url = _url(db, size, args.dir, args.pg_url)
    count = asyncio.run(_employee_count(url))
    if count == size and not args.reseed:
        return None
    base = min(size, args.seed_max)
    factor, rest = divmod(size, base)
    if rest or factor > 10:
        raise SystemExit(f"--employees {size}: use a multiple (up to 10×) of --seed-max {args.seed_max}")
    figures: dict[str, float] = {}
    if factor == 1:
        print(f"seeding {size:,} employees into {db} …", flush=True)
        return asyncio.run(seed(url, size))
    if db == "sqlite":
        base_url = _url(db, base, args.dir, args.pg_url)
        if asyncio.run(_employee_count(base_url)) != base:
            figures = prepare(db, base, args) or {}
        shutil.copyfile(base_url.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
    elif count != base:
        print(f"seeding {base:,} employees into {db} …", flush=True)
        figures = asyncio.run(seed(url, base))
    print(f"cloning {base:,} employees ×{factor} in {db} …", flush=True)
    figures["clone_s"] = asyncio.run(_clone(url, factor))
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[100_000], help="sizes to run (default 100000)")
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"], help="default: both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/meritflow-bench"))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_URL))
    parser.add_argument("--seed-max", type=int, default=100_000, help="larger sizes are clones of this many")
    parser.add_argument("--reseed", action="store_true", help="seed even if the database already has the size")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, int], dict[str, object]] = {}
    for db in args.db or ["sqlite", "postgres"]:
        for size in sorted(args.employees):
            seeded = prepare(db, size, args)
            m = _measure_in_child(_url(db, size, args.dir, args.pg_url), args.repeat)
            results[(db, size)] = m
            report(db, size, seeded, m)
    sizes = sorted(args.employees)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\n== ratios {large:,} / {small:,} (best times)")
        for db in args.db or ["sqlite", "postgres"]:
            a, b = results.get((db, small)), results.get((db, large))
            if a and b:
                ratios = ", ".join(
                    f"{key.removesuffix('_ms')} ×{min(b[key]) / min(a[key]):.1f}"  # type: ignore[arg-type]
                    for key in ("rank_ms", "grid_ms", "eligibility_ms")
                )
                print(f"  {db}: {ratios}; peak RSS ×{b['peak_rss_mb'] / a['peak_rss_mb']:.1f}")  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
