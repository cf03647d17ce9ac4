"""``meritflow backup FILE`` and ``meritflow restore FILE`` (see ``domain.backup``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from domain.backup import BackupError, backup, read_header, restore
from domain.db import create_engine
from domain.migrate import upgrade


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    save = subparsers.add_parser("backup", help="write a consistent copy of the whole database to FILE")
    save.add_argument("file", type=Path, metavar="FILE", help="e.g. meritflow-2026-11-29.jsonl.gz")
    save.set_defaults(func=cmd_backup)
    load = subparsers.add_parser("restore", help="load a backup FILE into an empty database")
    load.add_argument("file", type=Path, metavar="FILE")
    load.set_defaults(func=cmd_restore)


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done}/{total} rows", end=end, file=sys.stderr, flush=True)


def cmd_backup(args: argparse.Namespace) -> int:
    target: Path = args.file
    if target.is_dir() or not target.parent.is_dir():
        print(f'backup: cannot write "{target}"; give a file name in an existing folder', file=sys.stderr)
        return 2

    async def run() -> int:
        engine = create_engine(args.database_url)
        try:
            summary = await backup(engine, target, progress=_progress)
        finally:
            await engine.dispose()
        print(
            f"Backup written to {summary.path}: {summary.rows} rows in {len(summary.tables)} tables "
            f"(schema revision {summary.alembic_revision or 'unknown'})."
        )
        return 0

    return asyncio.run(run())


def cmd_restore(args: argparse.Namespace) -> int:
    source: Path = args.file
    if not source.is_file():
        print(f'restore: "{source}" is not a file; give the path of a backup made by meritflow backup', file=sys.stderr)
        return 2

    async def run() -> int:
        engine = create_engine(args.database_url)
        try:
            read_header(source)  # a foreign file is refused before the database is touched
            await upgrade(engine)
            summary = await restore(engine, source, progress=_progress)
        except BackupError as exc:
            print(f"restore: {exc}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(f"Restored {summary.rows} rows in {len(summary.tables)} tables from {source}.")
        return 0

    return asyncio.run(run())
