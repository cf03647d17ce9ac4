"""``meritflow ninebox refresh [--date YYYY-MM-DD]``: store the nine-box placements of everyone
without a stored row exact on the day (``domain.rules.ninebox_warm``), e.g. after a large import,
so that the next grid is an index read. Prints how many placements were stored and how long it
took. Idempotent: a second run stores nothing. Safe beside a running server (short write
transactions; the server's own warm-up finds the work done).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date {text!r} is not YYYY-MM-DD") from None


def cmd_ninebox_refresh(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions
    from domain.rules.ninebox_warm import warm

    def progress(looked: int, stored: int) -> None:
        print(f"\r{looked} employees looked at, {stored} placements stored…", end="", file=sys.stderr, flush=True)

    from domain.clock import today

    if args.date is not None and args.date < today():
        print(
            f"ninebox refresh: {args.date} is past; the store keeps one placement per person for today's grids "
            "(and later days), and a past day's would replace them — a past day's grid is computed live",
            file=sys.stderr,
        )
        return 1

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            report = await warm(sessions, args.date, progress=progress if sys.stderr.isatty() else None)
        finally:
            await engine.dispose()
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(
            f"Nine-box placements on {report.day}: {report.stored} stored ({report.employees} employees looked at) "
            f"in {report.seconds:.1f} s."
        )
        if not report.complete:
            print(
                "ninebox refresh: stopped early, the placements were locked by writes for too long; run it again",
                file=sys.stderr,
            )
            return 1
        return 0

    return asyncio.run(run())


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    ninebox = subparsers.add_parser("ninebox", help="the stored nine-box placements").add_subparsers(
        dest="ninebox_command", required=True
    )
    refresh = ninebox.add_parser(
        "refresh",
        help="store the placement of everyone without a stored one (after a large import)",
        description="Store the nine-box placement on the day (default today) of everyone without a stored "
        "placement exact on it, in small batches; prints how many were stored and how long it took.",
    )
    refresh.add_argument(
        "--date",
        type=_day,
        default=None,
        help="the day (YYYY-MM-DD, default today; a later day's placements replace today's where they differ)",
    )
    refresh.set_defaults(func=cmd_ninebox_refresh)
