"""``python -m bench.profile_request``: where one request's time goes, without HTTP or load.

    python -m bench.profile_request [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/peer]
                                    [--scenario nominations] [--requests 200] [--profile]

Builds the app in this process (``api.app.create_app``), signs in as the demo ``operator`` and
sends the scenarios of ``bench.peer`` one after another through httpx's ASGI transport: prints
milliseconds per request and the SQL statements per request; ``--profile`` adds cProfile's top
functions by cumulative and own time. One request at a time on an idle loop: the floor of the
per-request cost, which ``bench.peer``'s 16 connections then share one core for.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time

import httpx
import sqlalchemy as sa

from api.app import create_app
from api.settings import Settings
from bench.peer import ACCOUNT, SCENARIOS

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/peer"


async def run(url: str, names: list[str] | None, requests: int, profile: bool) -> None:
    app = create_app(Settings(database_url=url, migrate_on_start=False))
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
    view = next(route.app for route in app.routes if getattr(route, "path", None) == "/graphql")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        login = 'mutation { login(username: "%s", password: "%s") { ... on User { token } } }' % ACCOUNT  # noqa: UP031
        token = (await client.post("/graphql", json={"query": login})).json()["data"]["login"]["token"]
        headers = {"authorization": f"Bearer {token}"}
        for s in SCENARIOS:
            if names and not any(n in s.name for n in names):
                continue
            for _ in range(5):  # warm up: caches, pool, JIT of nothing
                answer = (await client.post("/graphql", json={"query": s.meritflow}, headers=headers)).json()
                assert "errors" not in answer, answer
            statements = 0
            fast_before = view.fast.served if view.fast is not None else 0
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            for _ in range(requests):
                await client.post("/graphql", json={"query": s.meritflow}, headers=headers)
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - started
            fast = view.fast.served - fast_before if view.fast is not None else 0
            print(f"{s.name:26s} {elapsed / requests * 1000:6.2f} ms/request  "
                  f"{statements / requests:4.1f} SQL statements/request  "
                  f"{fast / requests:4.0%} answered before strawberry (api.fast_reads)", flush=True)  # fmt: skip
            if profiler:
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats(30)
                stats.sort_stats("tottime").print_stats(25)
    await app.state.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_request")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a database bench.peer has seeded")
    parser.add_argument("--scenario", action="append", help="scenario names containing this (repeatable)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    asyncio.run(run(args.database_url, args.scenario, args.requests, args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
