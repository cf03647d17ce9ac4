"""``python -m bench.server_cpu``: the server's own CPU time per request under load, for A/B runs.

    python -m bench.server_cpu --pg-url postgres://postgres@127.0.0.1:5432/peer --scenario inbox \
        [--duration 5] [--repeat 3] [--port 18520] [--cache ~/.cache/meritflow-bench] [--env KEY=VALUE …]

Requests/s on this 2-core machine move by ±30 % between identical runs (PostgreSQL, autocannon and
the server share the cores with whatever else runs). The CPU seconds the ``meritflow serve`` process
itself spent (user + system, from ``/proc``), divided by the requests it answered, move far less:
compare two checkouts by running this in each, alternating, and read the medians. It counts the
server process only — a change that saves PostgreSQL's time (a plan kept, a smaller answer) shows in
``bench.peer``'s requests/s, not here.

The database must already hold ``bench.peer``'s seed (run ``python -m bench.peer`` once on it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.peer import ACCOUNT, SCENARIOS, autocannon, post, wait_ready
from bench.peer_seed import ROOT
from bench.peer_tools import DEFAULT_CACHE, install


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def one_run(args: argparse.Namespace, scenario: object, tools: object) -> tuple[float, float]:
    """(requests/s, server CPU µs per request) of one autocannon run against a fresh server."""
    url = f"http://127.0.0.1:{args.port}/graphql"
    env = {**os.environ, "MERITFLOW_NINEBOX_WARMUP": "0", **dict(e.split("=", 1) for e in args.env)}
    sa_url = args.pg_url.replace("postgres://", "postgresql+asyncpg://", 1)
    command = [sys.executable, "-m", "api.cli", "--database-url", sa_url, "serve", "--port", str(args.port)]
    log = Path(args.cache) / f"server_cpu-{args.port}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(url, server, "meritflow serve")
        login = 'mutation { login(username: "%s", password: "%s") { ... on User { token } } }' % ACCOUNT  # noqa: UP031
        token = post(url, login)["login"]["token"]
        for _ in range(30):  # the first answers teach the compiled path; warm the pools
            post(url, scenario.meritflow, token)  # type: ignore[attr-defined]
        before = cpu_seconds(server.pid)
        result = autocannon(tools, url, scenario.meritflow, token, 16, args.duration)  # type: ignore[arg-type,attr-defined]
        used = cpu_seconds(server.pid) - before
    finally:
        server.terminate()
        server.wait(timeout=15)
    return result["rps"], 1e6 * used / max(result["total"], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/peer")
    parser.add_argument("--scenario", default="inbox", help="a part of a bench.peer scenario's name")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=18520)
    parser.add_argument("--cache", default=str(DEFAULT_CACHE), help="where bench.peer installed autocannon")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server (repeatable)")
    args = parser.parse_args(argv)
    scenario = next(s for s in SCENARIOS if args.scenario in s.name)
    tools = install(Path(args.cache))
    runs = []
    for n in range(args.repeat):
        rps, cpu = one_run(args, scenario, tools)
        runs.append(cpu)
        print(f"run {n + 1}  {scenario.name:26s} {rps:8.1f} req/s  server CPU {cpu:6.0f} µs/request", flush=True)
    print(f"median server CPU per request: {statistics.median(runs):.0f} µs ({scenario.name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
