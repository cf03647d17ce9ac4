"""``meritflow letterhead``: show or set the letterhead of the official documents (the province's
name, address, city and arms image), as an admin would on the web page — audited, validated the
same way (``workflow.letterhead``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from domain.access import Principal
from domain.errors import DomainError
from domain.reference import Role

__all__ = ["register"]


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    letterhead = subparsers.add_parser(
        "letterhead",
        help="show or set the letterhead of the Berita Acara (province, address, city, arms image)",
        description="Without options: show the letterhead. With --province and --city (and --address): set its "
        "text. With --arms FILE: store the arms image (PNG or JPEG, at most 200 KiB).",
    )
    letterhead.add_argument("--province", help='the province\'s name alone, e.g. "Banten"')
    letterhead.add_argument("--address", default=None, help="the address line under the name")
    letterhead.add_argument("--city", help='the city of the place-and-date line, e.g. "Serang"')
    letterhead.add_argument("--arms", type=Path, help="the arms (lambang) image: a PNG or JPEG file")
    letterhead.set_defaults(func=cmd_letterhead)


def _actor() -> Principal:
    from api.cli_rules import command_line_user

    return Principal(user_id=0, username=command_line_user(), roles=frozenset({Role.ADMIN}))


def cmd_letterhead(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions
    from workflow.letterhead import read_letterhead, store_arms, update_letterhead

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            if args.province is not None or args.city is not None or args.address is not None:
                current = None
                async with sessions() as session:
                    current = await read_letterhead(session)
                province = args.province if args.province is not None else (current.province_name if current else "")
                city = args.city if args.city is not None else (current.city if current else "")
                address = args.address if args.address is not None else (current.address if current else "")
                await update_letterhead(sessions, _actor(), province, address, city)
            if args.arms is not None:
                try:
                    data = args.arms.read_bytes()
                except OSError as exc:
                    print(f"letterhead: cannot read {args.arms}: {exc.strerror}", file=sys.stderr)
                    return 1
                await store_arms(sessions, _actor(), data)
            async with sessions() as session:
                row = await read_letterhead(session)
        except DomainError as exc:
            print(f"letterhead: {exc.message}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        if row is None:
            print("No letterhead yet: meritflow letterhead --province NAME --city CITY [--address TEXT] [--arms FILE]")
            return 0
        arms = f"{row.arms_type}, {len(row.arms)} bytes" if row.arms else "none"
        print(f"PEMERINTAH PROVINSI {row.province_name.upper()}\n  address: {row.address or '—'}\n  city: {row.city}")
        print(f"  arms: {arms}")
        return 0

    return asyncio.run(run())
