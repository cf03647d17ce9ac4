"""Fifty clients at once over real HTTP, racing for the same steps: the same approval step of a
nomination (fifty different panel chairs), the withdrawal of the same nomination (fifty
operators), the nominee selection of the same nomination. Against uvicorn started on a free
loopback port (1 worker; 2 workers on PostgreSQL, several processes sharing one database).

Every answer is a result or a typed error (NotAllowed, Conflict, InvalidInput, NotFound): no 5xx,
no GraphQL ``errors`` (masked or not), no lost connection; each confirmed transition is exactly
one "ok" audit event and one race has one winner where the step can be taken once; the stored
data keeps the invariants (legal paths, separation of duties, replay, hash chain).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.reference import Level
from testkit.drive import drive_to
from testkit.province import World
from tests.api.live import uvicorn_server
from tests.conftest import on_postgres
from tests.reliability.invariants import all_problems, event_counts
from tests.reliability.traffic import RACES, Tally, send, tokens, write_figures

CLIENTS = 50
ACTION_OF = {"approve": "approve", "withdraw": "withdraw", "select": "select_nominee"}


async def seed(w: World, round_: int, per_race: dict[str, int]) -> list[tuple[str, int, str | None]]:
    """New nominations for one round of races: (race, nomination id, extra argument)."""
    targets: list[tuple[str, int, str | None]] = []
    for i in range(per_race.get("approve", 0)):
        post = await w.add_post(f"LA{round_}-{i}", Level.PENGAWAS)
        targets.append(("approve", await drive_to(w, "approval", post), None))
    for i in range(per_race.get("withdraw", 0)):
        post = await w.add_post(f"LW{round_}-{i}", Level.PENGAWAS)
        targets.append(("withdraw", await drive_to(w, "mapping", post), None))
    for i in range(per_race.get("select", 0)):
        post = await w.add_post(f"LS{round_}-{i}", Level.PENGAWAS)
        a, b = await w.employee(Level.PELAKSANA), await w.employee(Level.PELAKSANA)
        nid = await drive_to(w, "assessment", post, shortlist=[a, b], nominee=a)
        targets.append(("select", nid, a if i % 2 else b))
    return targets


async def race(base: str, w: World, targets: list[tuple[str, int, str | None]], bearer: dict[str, list[str]]) -> Tally:
    """``CLIENTS`` clients, each with its own connection and account, send every target's request
    in their own random order, all at the same time."""
    tally = Tally()

    async def client(number: int) -> None:
        order = list(targets)
        random.Random(number).shuffle(order)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=1)) as c:
            for kind, nid, extra in order:
                field_name, document, variables = RACES[kind]
                token = bearer["chair" if kind in ("approve", "select") else "operator"][number]
                answer = await send(c, token, document, variables(nid, extra), field_name)
                answer.target = nid
                tally.add(answer)

    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return tally


async def racing_accounts(w: World) -> dict[str, list[str]]:
    """Fifty panel chairs and fifty province-wide operators, each with a bearer token."""
    chairs = [(await w.add_user(f"lchair{i:02d}", ["panel_chair"])).username for i in range(CLIENTS)]
    operators = [(await w.add_user(f"lop{i:02d}", ["operator"])).username for i in range(CLIENTS)]
    found = await tokens(w, chairs + operators)
    return {"chair": [found[c] for c in chairs], "operator": [found[o] for o in operators]}


async def run_load(
    w: World, database_url: str, workers: int, log: Path, *, rounds: int = 1, seconds: float = 0,
    per_race: dict[str, int] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Rounds of races (``rounds``, or as many as fit in ``seconds``); asserts each round, returns figures."""
    per_race = per_race or {"approve": 2, "withdraw": 2, "select": 2}
    bearer = await racing_accounts(w)
    total = Tally()
    started = time.monotonic()
    done = 0
    with uvicorn_server(database_url, workers=workers, log=log) as base:
        while done < rounds or time.monotonic() - started < seconds:
            targets = await seed(w, done, per_race)
            before = await event_counts(w.sessions)
            tally = await race(base, w, targets, bearer)
            after = await event_counts(w.sessions)
            total.answers += tally.answers
            done += 1
            bad = tally.bad()
            assert not bad, f"{len(bad)} answers neither a result nor a typed error, e.g. {bad[:5]}; {log}"
            for kind, nid, _ in targets:
                action = ACTION_OF[kind]
                confirmed = after.get(("ok", nid, action), 0) - before.get(("ok", nid, action), 0)
                answered = sum(1 for a in tally.answers if a.kind == "ok" and a.target == nid)
                assert answered == confirmed, f"{kind} of {nid}: {answered} confirmed answers, {confirmed} ok events"
                if kind in ("approve", "withdraw"):
                    assert confirmed == 1, f"{kind} of nomination {nid}: {confirmed} ok events, one winner expected"
            oks = tally.count("ok")
            new_ok = sum(v - before.get(k, 0) for k, v in after.items() if k[0] == "ok")
            assert oks == new_ok, f"{oks} confirmed answers but {new_ok} new ok audit events"
    problems = await all_problems(w.sessions)
    assert problems == [], problems
    return {
        "database": "postgresql" if on_postgres() else "sqlite",
        "workers": workers,
        "clients": CLIENTS,
        "rounds": done,
        "seconds": round(time.monotonic() - started, 1),
        "answers": dict(total.kinds()),
        "latency_s": total.latency(),
    }


def worker_counts() -> list[Any]:
    """The worker counts to run: ``MERITFLOW_LOAD_WORKERS`` (e.g. ``1,2``) when set — the write
    latency of SQLite with two processes is measured that way — else 1, and 2 on PostgreSQL."""
    chosen = os.environ.get("MERITFLOW_LOAD_WORKERS")
    if chosen:
        return [int(n) for n in chosen.split(",") if n.strip()]
    return [1, pytest.param(2, marks=pytest.mark.skipif(not on_postgres(), reason="2 workers: PostgreSQL only"))]


WORKERS = worker_counts()


@pytest.mark.slow
@pytest.mark.parametrize("workers", WORKERS)
async def test_fifty_clients_racing_for_the_same_steps(
    world: World, database_url: str, tmp_path: Path, workers: int
) -> None:
    figures = await run_load(world, database_url, workers, tmp_path / "uvicorn.log")
    print("load:", figures)
    write_figures(f"load-{figures['database']}-{workers}w", figures)
    assert figures["answers"].get("ok", 0) >= 6  # every race had its winner


@pytest.mark.soak
@pytest.mark.parametrize("workers", WORKERS)
async def test_soak_load(world: World, database_url: str, tmp_path: Path, workers: int) -> None:
    seconds = float(os.environ.get("MERITFLOW_SOAK_SECONDS", "600"))
    figures = await run_load(world, database_url, workers, tmp_path / "uvicorn.log", rounds=1, seconds=seconds)
    print("soak load:", figures)
    write_figures(f"load-{figures['database']}-{workers}w-soak", figures)
