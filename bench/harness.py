"""What the HTTP, audit and import benchmarks share: an emptied database with every migration
applied, a ``meritflow serve`` process on a free port, a command run as a child process with its
time and peak RSS, and the machine's load (``uptime``) printed next to each figure.

The benchmark databases are emptied: a fresh SQLite file in /tmp by default, or the PostgreSQL
database of ``--database-url`` (its ``public`` schema is dropped; CI's ``test`` is refused)."""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import async_url, create_engine, session_factory
from domain.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
MERITFLOW = str(Path(sys.executable).parent / "meritflow")


def load() -> str:
    """The machine's load averages, as ``uptime`` prints them (other sessions share its cores)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def fresh_sqlite_url(name: str) -> str:
    return f"sqlite:///{tempfile.mkdtemp(prefix='mf-bench-')}/{name}.db"


def database_name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


async def emptied(url: str) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """An engine on ``url`` emptied and migrated to head (what ``meritflow migrate`` makes)."""
    if not url.startswith("sqlite"):
        if make_url(async_url(url)).database in ("test", "postgres", None):
            raise SystemExit(f"refusing to empty {url}: give a benchmark database of its own (e.g. mf_bench)")
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    else:
        path = Path(make_url(url).database or "")
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        engine = create_engine(url)
    await upgrade(engine)
    return engine, session_factory(engine)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def meritflow_serve(url: str, workers: int, log: Path) -> Iterator[str]:
    """``meritflow --database-url URL serve --workers N`` on a free port: the base URL once
    /health answers; the server is stopped afterwards."""
    port = free_port()
    command = [MERITFLOW, "--database-url", url, "serve", "--port", str(port), "--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if k != "MERITFLOW_DEV"}
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"meritflow serve exited with {process.returncode}; see {log}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise SystemExit(f"meritflow serve did not answer /health in 120 s; see {log}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def meritflow_command(checkout: str | None = None) -> tuple[list[str], dict[str, str] | None]:
    """The ``meritflow`` command, or the same CLI from ``checkout`` (another clone or worktree of
    the repository, e.g. ``git worktree add --detach /tmp/mf-bench-before <commit>``: the before
    of a before/after); with the environment to run it in."""
    if not checkout:
        return [MERITFLOW], None
    command = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())"]
    return command, {**os.environ, "PYTHONPATH": checkout}


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str


def run_child(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> ChildRun:
    """Run ``command`` to its end; its wall time and peak RSS (``ru_maxrss`` of this one child,
    read with ``wait4`` so earlier children do not count)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # communicate() would reap the child itself and lose its rusage: read the pipes in threads.
    import threading

    chunks: dict[str, str] = {}

    def drain(name: str, stream) -> None:  # type: ignore[no-untyped-def]
        chunks[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=("out", process.stdout)),
        threading.Thread(target=drain, args=("err", process.stderr)),
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    for r in readers:
        r.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return ChildRun(process.returncode, seconds, usage.ru_maxrss / 1024, chunks["out"], chunks["err"])


def own_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
