"""SIGKILL the server again and again while clients stream transitions at it; after each kill a
new server starts and every client resends what was not answered, with the same idempotency key.

Afterwards: nothing lost (every planned transition is stored and each confirmed answer has its
"ok" event), nothing duplicated (exactly one "ok" event per request, whatever the number of
resends), no illegal state (every nomination reached its planned state; the invariants of
:mod:`tests.reliability.invariants` hold), and ``meritflow audit verify`` passes.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.models import Nomination
from domain.reference import Level
from testkit.drive import drive_to
from testkit.province import World
from tests.api import flow
from tests.api.live import ROOT, free_port, wait_for_health
from tests.conftest import on_postgres
from tests.reliability.invariants import all_problems, event_counts
from tests.reliability.traffic import send, tokens, write_figures

KILLS = int(os.environ.get("MERITFLOW_CRASH_KILLS", "10"))
STREAMS = 5


class Server:
    """uvicorn in its own process group, killed with SIGKILL (no shutdown of any kind)."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url, self.log = database_url, log
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> None:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": self.database_url, "MERITFLOW_SKIP_MIGRATE": "1"}
        env.pop("MERITFLOW_DEV", None)
        command = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*command, "--log-level", "warning"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        wait_for_health(self.base, self.process)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@dataclass
class Request:
    token: str
    document: str
    variables: dict[str, Any]
    field: str
    nomination: int
    action: str


def plan_for(nid: int, nip: str, bearer: dict[str, str]) -> list[Request]:
    """One nomination from mapping to every approval step done, each request with its own key."""
    steps = [
        ("operator", flow.SHORTLIST, {"nips": [nip]}, "setShortlist", "set_shortlist"),
        ("operator", flow.START, {}, "startAssessment", "start_assessment"),
        ("chair", flow.SELECT, {"nip": nip}, "selectNominee", "select_nominee"),
        ("operator", flow.SUBMIT, {}, "submitForApproval", "submit_for_approval"),
        ("chair", flow.APPROVE, {}, "approve", "approve"),
        ("sekda", flow.APPROVE, {}, "approve", "approve"),
        ("ppk", flow.APPROVE, {}, "approve", "approve"),
    ]
    requests = []
    for who, document, variables, field, action in steps:
        with_key = document.replace("(nominationId: $id", "(nominationId: $id, idempotencyKey: $key").replace(
            "($id: Int!", "($key: String, $id: Int!"
        )
        key = f"crash-{nid}-{len(requests)}"
        requests.append(Request(bearer[who], with_key, {"id": nid, "key": key, **variables}, field, nid, action))
    return requests


async def run_crashes(w: World, database_url: str, log: Path, kills: int, nominations: int) -> dict[str, Any]:
    bearer = await tokens(w, ["operator", "chair", "sekda", "ppk"])
    plans = []
    for i in range(nominations):
        post = await w.add_post(f"CR-{i}", Level.PENGAWAS)
        nip = await w.employee(Level.PELAKSANA)
        plans.append(plan_for(await drive_to(w, "mapping", post), nip, bearer))
    before = await event_counts(w.sessions)
    server = Server(database_url, log)
    server.start()
    up = asyncio.Event()
    up.set()
    answered = Counter[str]()
    resends = 0
    in_flight_at_kill: list[int] = []
    in_flight = 0
    lost_answers = 0

    generation = 0  # one more per restart

    async def deliver(request: Request) -> None:
        """Send until answered (a kill under it: resend, same key); the answer must be the result."""
        nonlocal resends, in_flight
        while True:
            await up.wait()
            async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:
                in_flight += 1
                answer = await send(client, request.token, request.document, request.variables, request.field)
                in_flight -= 1
            if answer.kind in ("no answer", "5xx") or (answer.kind == "http" and not up.is_set()):
                resends += 1  # the server died under it: resend the same request, same key
                await asyncio.sleep(0.05)
                continue
            assert answer.kind == "ok", (request.action, request.variables, answer)
            return

    async def stream(mine: list[list[Request]]) -> None:
        nonlocal lost_answers
        last: Request | None = None
        seen_generation = generation
        for plan in mine:
            for request in plan:
                if last is not None and seen_generation != generation:
                    # As if the answer to the last request had been lost with the server: send it
                    # again with its key; the first answer comes back and nothing is written twice.
                    seen_generation = generation
                    lost_answers += 1
                    await deliver(last)
                await deliver(request)
                answered[request.action] += 1
                last = request

    streams = [asyncio.create_task(stream(plans[s::STREAMS])) for s in range(STREAMS)]
    done_kills = 0
    rng = random.Random(13)
    try:
        while done_kills < kills and not all(t.done() for t in streams):
            await asyncio.sleep(rng.uniform(0.3, 1.0))
            if all(t.done() for t in streams):
                break
            up.clear()
            in_flight_at_kill.append(in_flight)
            await asyncio.to_thread(server.kill)
            done_kills += 1
            await asyncio.to_thread(server.start)
            generation += 1
            up.set()
        await asyncio.wait_for(asyncio.gather(*streams), timeout=600)
    finally:
        for t in streams:
            t.cancel()
        if server.process and server.process.poll() is None:
            server.kill()
    assert done_kills >= kills, f"the streams ended after {done_kills} kills; plan more nominations"

    after = await event_counts(w.sessions)
    planned = Counter((r.nomination, r.action) for plan in plans for r in plan)
    for (nid, action), times in planned.items():
        stored = after.get(("ok", nid, action), 0) - before.get(("ok", nid, action), 0)
        assert stored == times, f"nomination {nid} {action}: {stored} ok events for {times} requests (lost/duplicated)"
    async with w.sessions() as session:
        for plan in plans:
            row = await session.get(Nomination, plan[0].nomination)
            assert row is not None and (row.state, row.step_index) == ("approval", 3), (row.id, row.state)
    problems = await all_problems(w.sessions)
    assert problems == [], problems
    verify = subprocess.run(
        [sys.executable, "-m", "api.cli", "audit", "verify"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return {
        "database": "postgresql" if on_postgres() else "sqlite",
        "kills": done_kills,
        "requests": sum(planned.values()),
        "resends": resends,
        "answered_requests_sent_again": lost_answers,
        "requests_in_flight_at_kills": in_flight_at_kill,
        "audit_verify": verify.stdout.strip(),
    }


@pytest.mark.slow
async def test_sigkill_mid_stream_loses_and_duplicates_nothing(world: World, database_url: str, tmp_path: Path) -> None:
    figures = await run_crashes(world, database_url, tmp_path / "uvicorn.log", KILLS, nominations=24)
    print("crash:", figures)
    assert figures["answered_requests_sent_again"] >= KILLS // 2  # idempotent resends were exercised
    write_figures(f"crash-{figures['database']}", figures)
    assert sum(1 for n in figures["requests_in_flight_at_kills"] if n) >= KILLS // 2  # killed mid-request


@pytest.mark.soak
async def test_soak_crashes(world: World, database_url: str, tmp_path: Path) -> None:
    kills = int(os.environ.get("MERITFLOW_SOAK_KILLS", "40"))
    figures = await run_crashes(world, database_url, tmp_path / "uvicorn.log", kills, nominations=kills * 3)
    write_figures(f"crash-{figures['database']}-soak", figures)
