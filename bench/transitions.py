"""``python -m bench.transitions [--database-url URL] [--nominations N] [--clients 1,8] [--workers 1,2]``:
nomination transitions per second over real HTTP.

A real ``meritflow serve`` process (``--workers`` 1 and 2) on a seeded database; Pengawas
nominations driven along their whole path (create → shortlist → assessment → evaluation →
nominee → submit → three approvals → schedule → inauguration → oath: 12 transitions) with the
contract's GraphQL mutations, each sent by the account whose role takes it (operator, panel,
panel chair, secretary, PPK), bearer sessions opened in the database beforehand (argon2 on every
login would be measured instead). First one client alone, then ``--clients`` at once, each
driving its own nominations. Prints transitions/s and p50/p99 latency per transition.

Then a correctness check, not a timing one: the audit events with outcome "ok" written during the
run must equal the transitions the server confirmed. Both are printed; a mismatch is printed
loudly and the command exits 1. Timings are never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import col, func, select

from api.sessions import start_session
from bench.harness import database_name, emptied, fresh_sqlite_url, load, meritflow_serve
from domain.db import write_transaction
from domain.models import AuditEvent
from domain.reference import Level
from testkit.drive import a_ceremony
from testkit.province import TODAY, World, workflow_world

ANSWER = (
    "__typename ... on Nomination { id state steps { role done } } "
    "... on NotAllowed { message code } ... on Conflict { message } ... on Ineligible { message } "
    "... on InvalidInput { message } ... on NotFound { message }"
)
MUTATIONS = {
    "createNomination": "mutation($p: String!) { createNomination(positionCode: $p, kind: PROMOTION) { A } }",
    "setShortlist": "mutation($id: Int!, $nips: [String!]!) { setShortlist(nominationId: $id, nips: $nips) { A } }",
    "startAssessment": "mutation($id: Int!) { startAssessment(nominationId: $id) { A } }",
    "recordEvaluation": "mutation($id: Int!, $nip: String!) { recordEvaluation(nominationId: $id, nip: $nip, "
    'score: 85, note: "kuat") { A } }',
    "selectNominee": "mutation($id: Int!, $nip: String!) { selectNominee(nominationId: $id, nip: $nip) { A } }",
    "submitForApproval": "mutation($id: Int!) { submitForApproval(nominationId: $id) { A } }",
    "approve": 'mutation($id: Int!, $ln: String, $ld: Date) { approve(nominationId: $id, comment: "setuju", '
    "letterNumber: $ln, letterDate: $ld) { A } }",
    "scheduleInauguration": "mutation($id: Int!, $c: Int!, $n: String!, $dd: Date!, $ed: Date!) { "
    "scheduleInauguration(nominationId: $id, ceremonyId: $c, decreeNumber: $n, decreeDate: $dd, "
    "effectiveDate: $ed) { A } }",
    "recordInauguration": "mutation($id: Int!) { recordInauguration(nominationId: $id) { A } }",
    "recordOath": "mutation($id: Int!, $w: [String!]!) { recordOath(nominationId: $id, witnessNips: $w, clergyName: "
    '"K.H. Ahmad") { A } }',
}
MUTATIONS = {name: doc.replace("{ A }", "{ " + ANSWER + " }") for name, doc in MUTATIONS.items()}
PATH_LENGTH = 12  # transitions of one Pengawas nomination from creation to oath
ROLES = ("operator", "panel", "panel_chair", "secretary", "ppk")


@dataclass(frozen=True)
class Job:
    """One nomination to drive: its post, its nominee, the ceremony it will be inaugurated at."""

    post: str
    nominee: str
    ceremony: int


@dataclass
class Tally:
    seconds: list[float] = field(default_factory=list)  # latency of each confirmed transition
    refused: list[str] = field(default_factory=list)  # anything but the nomination: one line each
    completed: int = 0


class Client:
    """One client: its own HTTP connection and a bearer session per role."""

    def __init__(self, base: str, tokens: dict[str, str], witnesses: list[str]) -> None:
        self.http = httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=1))
        self.tokens = tokens
        self.witnesses = witnesses

    async def step(self, tally: Tally, role: str, name: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        started = time.perf_counter()
        response = await self.http.post(
            "/graphql",
            json={"query": MUTATIONS[name], "variables": variables},
            headers={"Authorization": f"Bearer {self.tokens[role]}"},
        )
        seconds = time.perf_counter() - started
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else None
        result = ((body or {}).get("data") or {}).get(name) or {}
        if response.status_code == 200 and result.get("__typename") == "Nomination":
            tally.seconds.append(seconds)
            return result
        tally.refused.append(f"{name} by {role}: HTTP {response.status_code} {str(body or response.text)[:300]}")
        return None

    async def drive(self, tally: Tally, job: Job) -> None:
        """``job``'s nomination from creation to oath; stops at the first refusal (recorded)."""
        n = await self.step(tally, "operator", "createNomination", {"p": job.post})
        if n is None:
            return
        nid = n["id"]
        path: list[tuple[str, str, dict[str, Any]]] = [
            ("operator", "setShortlist", {"id": nid, "nips": [job.nominee]}),
            ("operator", "startAssessment", {"id": nid}),
            ("panel", "recordEvaluation", {"id": nid, "nip": job.nominee}),
            ("panel_chair", "selectNominee", {"id": nid, "nip": job.nominee}),
            ("operator", "submitForApproval", {"id": nid}),
        ]
        for role, name, variables in path:
            n = await self.step(tally, role, name, variables)
            if n is None:
                return
        for step in n["steps"]:  # the chain the submission fixed, each step by its role
            # ApprovalStep does not say which steps record a letter; the reviewer's do (workflow.definitions).
            letter = {"ln": "B/123/M.SM.01.00/2026", "ld": str(TODAY)} if step["role"] == "reviewer" else {}
            if await self.step(tally, step["role"], "approve", {"id": nid, **letter}) is None:
                return
        decree = {"c": job.ceremony, "n": f"821.2/{nid}/BKD/2026", "dd": str(TODAY), "ed": str(TODAY)}
        path = [
            ("operator", "scheduleInauguration", {"id": nid, **decree}),
            ("operator", "recordInauguration", {"id": nid}),
            ("operator", "recordOath", {"id": nid, "w": self.witnesses}),
        ]
        for role, name, variables in path:
            if await self.step(tally, role, name, variables) is None:
                return
        tally.completed += 1


async def seed_jobs(w: World, count: int, prefix: str) -> list[Job]:
    """``count`` vacant Pengawas posts, an eligible Pelaksana for each, one ceremony today."""
    ceremony = await a_ceremony(w)
    jobs = []
    for i in range(count):
        post = await w.add_post(f"{prefix}{i:04d}", Level.PENGAWAS)
        jobs.append(Job(post, await w.employee(Level.PELAKSANA), ceremony))
    return jobs


async def open_tokens(w: World, clients: int) -> list[dict[str, str]]:
    """A bearer session per role for each client (opened directly, as a login would)."""
    found = []
    async with write_transaction(w.sessions) as session:
        for number in range(clients):
            client = f"bench-{number}"
            found.append({role: await start_session(session, w.holder(role).user_id, client) for role in ROLES})
    return found


async def ok_events(w: World) -> int:
    async with w.sessions() as session:
        return (await session.exec(select(func.count()).where(col(AuditEvent.outcome) == "ok"))).one()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def one_run(w: World, base: str, jobs: list[Job], clients: int, tokens: list[dict[str, str]]) -> bool:
    """Drive ``jobs`` with ``clients`` clients (job i goes to client i mod clients); print the
    figures and the audit check; False when the check fails."""
    before = await ok_events(w)
    tallies = [Tally() for _ in range(clients)]
    workers = [Client(base, tokens[c], w.witnesses) for c in range(clients)]

    async def run_client(c: int) -> None:
        for job in jobs[c::clients]:
            await workers[c].drive(tallies[c], job)

    started = time.perf_counter()
    try:
        await asyncio.gather(*(run_client(c) for c in range(clients)))
    finally:
        for client in workers:
            await client.http.aclose()
    elapsed = time.perf_counter() - started
    after = await ok_events(w)
    seconds = [s for t in tallies for s in t.seconds]
    refused = [r for t in tallies for r in t.refused]
    completed = sum(t.completed for t in tallies)
    print(
        f"  {clients} client(s): {len(jobs)} nominations ({completed} completed), {len(seconds)} transitions in "
        f"{elapsed:.2f} s = {len(seconds) / elapsed:.1f} transitions/s; latency per transition "
        f"p50 {percentile(seconds, 0.5) * 1000:.0f} ms, p90 {percentile(seconds, 0.9) * 1000:.0f} ms, "
        f"p99 {percentile(seconds, 0.99) * 1000:.0f} ms, max {max(seconds, default=0) * 1000:.0f} ms; "
        f"{len(refused)} refused [{load()}]",
        flush=True,
    )
    for line in refused[:5]:
        print(f"    refused: {line}")
    new_ok = after - before
    agree = new_ok == len(seconds)
    print(f"  audit check: {new_ok} new 'ok' audit events, {len(seconds)} confirmed transitions", flush=True)
    if not agree:
        print(f"  !!! AUDIT MISMATCH: {new_ok} ok events != {len(seconds)} confirmed transitions !!!", flush=True)
    return agree


async def run(url: str, nominations: int, clients: list[int], workers: list[int]) -> int:
    engine, sessions = await emptied(url)
    print(f"== transitions over HTTP, {database_name(url)}: seeding {nominations} nominations per run …", flush=True)
    w = await workflow_world(sessions)
    runs = [(wk, c) for wk in workers for c in clients]
    jobs = {(wk, c): await seed_jobs(w, nominations, f"H{wk}{c:02d}-") for wk, c in runs}
    tokens = await open_tokens(w, max(clients))
    agreed = True
    for wk in workers:
        log = Path(tempfile.mkdtemp(prefix="mf-bench-")) / "serve.log"
        print(f"meritflow serve --workers {wk} ({database_name(url)}); log {log}", flush=True)
        with meritflow_serve(url, wk, log) as base:
            for c in clients:
                agreed &= await one_run(w, base, jobs[(wk, c)], c, tokens)
    await engine.dispose()
    return 0 if agreed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.transitions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file; PostgreSQL is emptied!")
    parser.add_argument("--nominations", type=int, default=16, help="nominations per run (default 16)")
    parser.add_argument("--clients", default="1,8", help="client counts, comma-separated (default 1,8)")
    parser.add_argument("--workers", default="1,2", help="server worker counts, comma-separated (default 1,2)")
    args = parser.parse_args(argv)
    url = args.database_url or fresh_sqlite_url("transitions")
    clients = [int(n) for n in args.clients.split(",")]
    workers = [int(n) for n in args.workers.split(",")]
    return asyncio.run(run(url, args.nominations, clients, workers))


if __name__ == "__main__":
    raise SystemExit(main())
