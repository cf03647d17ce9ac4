"""``meritflow seed --demo [--employees N] [--seed S] [--if-empty]``: fill an empty database with
the deterministic demo province (``domain.demo``) and print the demo accounts with their passwords.

``make run`` calls it with ``--if-empty``, so a second ``make run`` keeps the data it has.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date

from domain.demo import DEFAULT_REFERENCE_DATE, DemoSummary, database_is_empty, existing_data, seed_demo
from domain.errors import InvalidInput


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    parser = subparsers.add_parser("seed", help="fill an empty database with demo data")
    parser.add_argument("--demo", action="store_true", help="the synthetic demo province (required)")
    parser.add_argument("--employees", type=int, default=2000, help="number of employees (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data (default 1)")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when the database already holds data"
    )
    parser.add_argument(
        "--reference-date",
        type=date.fromisoformat,
        default=DEFAULT_REFERENCE_DATE,
        help=f"the demo's 'today', YYYY-MM-DD (default {DEFAULT_REFERENCE_DATE})",
    )
    parser.set_defaults(func=cmd_seed)


class ProgressBar:
    """A one-line bar on stderr, drawn only when stderr is a terminal (never in logs or tests)."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self.started = time.perf_counter()
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = self.width * done // total if total else self.width
        elapsed = time.perf_counter() - self.started
        line = f"\rseeding [{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} employees  {elapsed:.0f}s"
        if done >= total:
            line += " — creating the demo accounts (argon2)…\n"
        print(line, end="", file=sys.stderr, flush=True)


def cmd_seed(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions

    if not args.demo:
        print("seed: say --demo; the demo province is the only data this command can seed", file=sys.stderr)
        return 2
    if args.employees < 1:
        print(f"seed: --employees {args.employees} must be a positive number", file=sys.stderr)
        return 1

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            if args.if_empty and not await database_is_empty(sessions):
                async with sessions() as session:
                    found = await existing_data(session)
                listed = ", ".join(f"{n} {table}" for table, n in found.items())
                print(f"Database already holds data ({listed}); demo seeding skipped.")
                return 0
            started = time.perf_counter()
            try:
                summary = await seed_demo(
                    sessions,
                    employees=args.employees,
                    seed=args.seed,
                    reference_date=args.reference_date,
                    progress=ProgressBar(),
                )
            except InvalidInput as exc:
                print(f"seed: {exc}", file=sys.stderr)
                return 1
            await _demo_letterhead(sessions)
            print(describe(summary, time.perf_counter() - started))
            return 0
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _demo_letterhead(sessions) -> None:  # type: ignore[no-untyped-def]
    """The demo province's letterhead text (Banten, as the seed models it), unless one is set; the
    arms image is left to an admin (``meritflow letterhead --arms FILE``): the demo ships none."""
    from domain.db import write_transaction
    from domain.models import Letterhead

    async with write_transaction(sessions) as session:
        if await session.get(Letterhead, 1) is None:
            session.add(
                Letterhead(
                    id=1,
                    province_name="Banten",
                    address="Kawasan Pusat Pemerintahan Provinsi Banten (KP3B), Jl. Syech Nawawi Al Bantani, Serang",
                    city="Serang",
                )
            )


def describe(summary: DemoSummary, seconds: float) -> str:
    """The human summary: what was written, the ten vacancies and the accounts with passwords."""
    vacant = ", ".join(f"{level} {n}" for level, n in summary.vacant_by_level.items())
    rows = sum(summary.rows.values())
    lines = [
        f"Demo province seeded (seed {summary.seed}, reference date {summary.reference_date}) "
        f"in {seconds:.1f}s: {summary.employees:,} employees, {summary.units} units, "
        f"{summary.positions} posts, {rows:,} rows in all.",
        f"Vacant posts: {vacant}.",
        f"The {len(summary.vacant_jpt_pratama)} vacant JPT Pratama posts (one ceremony): "
        + ", ".join(summary.vacant_jpt_pratama),
        f"{len(summary.candidates)} employees are built to be eligible for each of them; "
        f"near-misses failing one rule each: {', '.join(f'{r} {n}' for r, n in summary.near_misses.items())}.",
        "",
        "Accounts (demo passwords; change them before any real use):",
    ]
    width = max(len(a.username) for a in summary.accounts)
    for account in summary.accounts:
        who = f"NIP {account.nip} {account.display_name}" if account.nip else (account.display_name or "")
        scope = f", unit {account.unit_code}" if account.unit_code else ""
        lines.append(
            f"  {account.username:<{width}}  {account.password:<28} {'+'.join(account.roles):<18} {who}{scope}"
        )
    return "\n".join(lines)
