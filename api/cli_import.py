"""``meritflow import DIR [--dry-run]``: load the CSV files of contract/import-format.md."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from domain.importer import ImportUsageError, import_folder


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    parser = subparsers.add_parser("import", help="load the CSV files of a folder (all or nothing)")
    parser.add_argument("folder", type=Path, metavar="DIR", help="folder holding units.csv, employees.csv, …")
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.set_defaults(func=cmd_import)


def terminal_progress(stage: str, done: int, total: int) -> None:
    """A one-line progress display on stderr; silent when stderr is not a terminal (logs, tests)."""
    if not sys.stderr.isatty():
        return
    percent = 100 * done // total if total else 100
    print(f"\r\033[K{stage}: {percent}%", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions

    folder: Path = args.folder
    if not folder.is_dir():
        print(f'import: "{folder}" is not a folder; give the folder holding the CSV files', file=sys.stderr)
        return 2

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            report = await import_folder(sessions, folder, dry_run=args.dry_run, progress=terminal_progress)
        except ImportUsageError as exc:
            print(f"import: {exc}", file=sys.stderr)
            return 2
        except IntegrityError as exc:  # a check missed something, or another writer got in between
            print(f"import: the database refused the data ({exc.orig}); nothing was written", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
            if sys.stderr.isatty():
                print("\r\033[K", end="", file=sys.stderr, flush=True)  # clear the progress line
        if not report.ok:
            for problem in report.problems:
                print(problem, file=sys.stderr)
            print(f"import: {len(report.problems)} problem(s); nothing was written.", file=sys.stderr)
            return 1
        print(report.summary())
        return 0

    return asyncio.run(run())
