"""``python -m bench.audit_chain [--events N] [--database-url URL]``: ``meritflow audit verify``
on a chain of N audit events (default 100 000; the issue's figure is ``--events 1000000``).

The chain is built in bulk but not faked: each event's hash is ``workflow.audit.event_hash`` of
its fields and its predecessor's hash, exactly what ``append`` computes, and the chain head names
the last event. Rows go in with PostgreSQL's COPY or SQLite's executemany instead of one write
transaction per event (a million of those would take hours).

Then ``meritflow audit verify`` runs as a child process: its time and peak RSS are printed, and it
must say the chain is intact. An event three quarters of the way along is then altered (the way
tests/workflow/test_audit.py tampers: replica mode past PostgreSQL's append-only trigger) and
verify must name it. A wrong verdict exits 1; timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.harness import database_name, emptied, fresh_sqlite_url, load, meritflow_command, run_child
from domain.models import AuditChainHead, AuditEvent
from workflow.audit import GENESIS, canonical_json, event_hash

COLUMNS = [c.name for c in AuditEvent.__table__.columns]  # type: ignore[attr-defined]

# A nomination's ok path, as the workflow writes it (action, from, to, role, actor), repeated.
_PATH = [
    ("create", None, "MAPPING", "operator", "operator"),
    ("set_shortlist", "MAPPING", "MAPPING", "operator", "operator"),
    ("start_assessment", "MAPPING", "ASSESSMENT", "operator", "operator"),
    ("record_evaluation", "ASSESSMENT", "ASSESSMENT", "panel", "panel1"),
    ("select_nominee", "ASSESSMENT", "ASSESSMENT", "panel_chair", "chair"),
    ("submit_for_approval", "ASSESSMENT", "APPROVAL", "operator", "operator"),
    ("approve", "APPROVAL", "APPROVAL", "panel_chair", "chair"),
    ("approve", "APPROVAL", "APPROVAL", "secretary", "sekda"),
    ("approve", "APPROVAL", "APPROVAL", "ppk", "ppk"),
    ("schedule_inauguration", "APPROVAL", "INAUGURATION", "operator", "operator"),
    ("record_inauguration", "INAUGURATION", "OATH", "operator", "operator"),
    ("record_oath", "OATH", "COMPLETED", "operator", "operator"),
]


def events(count: int, start: datetime | None = None) -> Iterator[dict[str, Any]]:
    """``count`` chained events as column dicts, hashed by ``workflow.audit.event_hash``."""
    at = start or datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    prev = GENESIS
    for seq in range(1, count + 1):
        action, source, dest, role, actor = _PATH[(seq - 1) % len(_PATH)]
        refused = seq % 50 == 0  # now and then a refusal, as in a real log
        row = {
            "seq": seq,
            "at": at + timedelta(milliseconds=250 * seq),
            "nomination_id": (seq - 1) // len(_PATH) + 1,
            "actor_user_id": 1 + len(actor),
            "actor_username": actor,
            "on_behalf_of_user_id": None,
            "on_behalf_of_username": None,
            "role": role,
            "action": action,
            "from_state": source,
            "to_state": None if refused else dest,
            "reason": "ditolak: bukan gilirannya" if refused else None,
            "data": canonical_json({"comment": "setuju", "seq": seq} if action == "approve" else {}),
            "outcome": "refused" if refused else "ok",
            "error_code": "NOT_YOUR_STEP" if refused else None,
            "prev_hash": prev,
            "hash": "",
        }
        row["hash"] = prev = event_hash(SimpleNamespace(**row))  # type: ignore[arg-type]
        yield row


async def build_chain(engine: AsyncEngine, count: int, batch: int = 20_000) -> str:
    """Write a chain of ``count`` events and its head into the (migrated, empty) audit tables;
    returns the last hash."""
    last = GENESIS
    chunk: list[dict[str, Any]] = []

    async def flush(conn: Any) -> None:
        if engine.dialect.name == "postgresql":
            raw = (await conn.get_raw_connection()).driver_connection
            records = [tuple(row[c] for c in COLUMNS) for row in chunk]
            await raw.copy_records_to_table("audit_event", records=records, columns=COLUMNS)
        else:
            await conn.execute(insert(AuditEvent.__table__), chunk)  # type: ignore[attr-defined]
        chunk.clear()

    async with engine.begin() as conn:
        for row in events(count):
            chunk.append(row)
            last = row["hash"]
            if len(chunk) >= batch:
                await flush(conn)
        if chunk:
            await flush(conn)
        await conn.execute(text("DELETE FROM audit_chain_head"))
        await conn.execute(insert(AuditChainHead.__table__).values(id=1, last_seq=count, last_hash=last))  # type: ignore[attr-defined]
    return last


async def tamper(engine: AsyncEngine, seq: int) -> None:
    """Alter one stored event's reason (its hash no longer matches), past the append-only guard."""
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
        await conn.execute(text("UPDATE audit_event SET reason = 'nothing happened' WHERE seq = :s"), {"s": seq})


def verify(url: str, checkout: str | None = None) -> tuple[int, str]:
    """``meritflow audit verify`` as a child (from ``checkout``, another clone of the repository,
    when given: the before of a before/after); prints its time and peak RSS, returns (exit code, output)."""
    command, env = meritflow_command(checkout)
    result = run_child([*command, "--database-url", url, "audit", "verify"], env=env, cwd=checkout)
    said = (result.stdout + result.stderr).strip().splitlines()
    print(
        f"  audit verify{' (' + checkout + ')' if checkout else ''}: exit {result.returncode} in "
        f"{result.seconds:.1f} s, peak RSS {result.peak_rss_mib:.0f} MiB "
        f"[{load()}]\n    {said[-1] if said else ''}",
        flush=True,
    )
    return result.returncode, result.stdout + result.stderr


async def run(url: str, count: int, baseline: str | None) -> int:
    engine, _ = await emptied(url)
    started = time.perf_counter()
    await build_chain(engine, count)
    print(f"== audit verify, {database_name(url)}: {count} events built in {time.perf_counter() - started:.1f} s")
    wrong = []
    if baseline:
        verify(url, baseline)
    code, said = verify(url)
    if code != 0 or f"{count} events verified" not in said:
        wrong.append("the intact chain was not verified")
    broken = max(1, count * 3 // 4)
    await tamper(engine, broken)
    print(f"  tampered event {broken}:")
    if baseline:
        verify(url, baseline)
    code, said = verify(url)
    if code != 1 or f"broken at event {broken}" not in said:
        wrong.append(f"the tampered event {broken} was not named")
    await engine.dispose()
    for line in wrong:
        print(f"  !!! WRONG VERDICT: {line} !!!")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_chain", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="chain length (default 100 000)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file; PostgreSQL is emptied!")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also run verify from this checkout first, e.g. one made with "
        "`git worktree add --detach /tmp/mf-bench-before <commit>` (a before/after on the same chain)",
    )
    args = parser.parse_args(argv)
    return asyncio.run(run(args.database_url or fresh_sqlite_url("audit"), args.events, args.baseline))


if __name__ == "__main__":
    raise SystemExit(main())
