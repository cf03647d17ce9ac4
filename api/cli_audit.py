"""``meritflow audit verify``: recompute the audit hash chain (contract/cli.md).

Exit 0 with the number of events when the chain is intact; exit 1 naming the first event that
does not verify (altered, inserted or missing).
"""

from __future__ import annotations

import argparse
import asyncio
import sys


def cmd_audit_verify(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from domain.db import create_engine, session_factory
    from workflow.audit import verify_chain

    def progress(count: int) -> None:
        print(f"\r{count} events verified…", end="", file=sys.stderr, flush=True)

    async def run() -> int:
        engine = create_engine(args.database_url)
        try:
            report = await verify_chain(session_factory(engine), progress if sys.stderr.isatty() else None)
        except sa.exc.DBAPIError as exc:
            if not _no_audit_table(exc):  # not a database, a server that refuses…: api.cli_guard words it
                raise
            print(
                f"audit verify: cannot read the audit log ({exc.orig}); run `meritflow migrate` first", file=sys.stderr
            )
            return 1
        finally:
            await engine.dispose()
        if sys.stderr.isatty() and report.events_checked >= 10_000:
            print(file=sys.stderr)
        if report.ok:
            print(f"Audit chain intact: {report.events_checked} events verified.")
            return 0
        print(
            f"Audit chain broken at event {report.first_broken_seq}: {report.problem}. "
            f"{report.events_checked} events before it verified.",
            file=sys.stderr,
        )
        return 1

    return asyncio.run(run())


def _no_audit_table(error: BaseException) -> bool:
    """The schema is not there yet (SQLite: "no such table"; PostgreSQL: relation … does not exist):
    the one case where `meritflow migrate` is the advice. verify itself never migrates: an inspector
    checks the database as it is."""
    text = str(getattr(error, "orig", error))
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    audit = subparsers.add_parser("audit", help="the audit log").add_subparsers(dest="audit_command", required=True)
    verify = audit.add_parser("verify", help="recompute the hash chain; exit 1 naming the first broken event")
    verify.set_defaults(func=cmd_audit_verify)
