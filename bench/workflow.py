"""``python -m bench.workflow [--nominations N] [--database-url URL]``: speed of the nomination
workflow — milliseconds per transition along full Pengawas paths, and audit-chain verification
in events per second. Prints figures; asserts nothing (tests assert behaviour)."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time

from sqlmodel import SQLModel

import domain.models  # noqa: F401
from domain.db import create_engine, session_factory
from domain.reference import Level
from testkit.drive import a_ceremony, drive_to
from testkit.province import workflow_world
from workflow.audit import verify_chain


async def run(nominations: int, url: str | None) -> None:
    url = url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.drop_all)
        await conn.run_sync(SQLModel.metadata.create_all)
    sessions = session_factory(engine)
    w = await workflow_world(sessions)
    posts = [await w.add_post(f"B{i:04d}", Level.PENGAWAS) for i in range(nominations)]
    ceremony = await a_ceremony(w)
    transitions = 0
    started = time.perf_counter()
    for post in posts:
        await drive_to(w, "completed", post, ceremony=ceremony)
        transitions += 12
    elapsed = time.perf_counter() - started
    print(f"{engine.dialect.name}: {nominations} full Pengawas paths, {transitions} transitions in {elapsed:.2f} s "
          f"= {elapsed / transitions * 1000:.1f} ms per transition (incl. creating each nominee)")  # fmt: skip
    started = time.perf_counter()
    report = await verify_chain(sessions)
    elapsed = time.perf_counter() - started
    print(f"verify_chain: {report.events_checked} events in {elapsed:.3f} s = {report.events_checked / elapsed:.0f}/s")
    await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workflow")
    parser.add_argument("--nominations", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file (PostgreSQL is emptied!)")
    args = parser.parse_args(argv)
    asyncio.run(run(args.nominations, args.database_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
