"""``meritflow rules list`` and ``meritflow rules set KEY JSON [--source TEXT]``: read and change
the regional values of the talent rules (``domain.rulebook``) without a code change.

Both migrate first, so the settings table holds its defaults; ``set`` validates the value against
the default's JSON shape and its meaning (``domain.rules.setting_meaning``: enum members, ordered
thresholds, ranges; a threshold stated in several settings moves in all of them), records the
change in the audit log as ``cli:<operating-system user>`` (whoever can reach the database is
trusted here) and prints it (``jpm_min: 68.0 -> 70.0``).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys

from sqlmodel import col, select

from domain.db import read_session
from domain.errors import InvalidInput
from domain.models.settings import RuleSetting
from domain.rulebook import DEFAULTS
from workflow.rule_settings import change_rule_setting


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    rules = subparsers.add_parser("rules", help="list or change the configurable values of the talent rules")
    sub = rules.add_subparsers(dest="rules_command", required=True)
    listing = sub.add_parser("list", help="every setting with its value and the regulation it comes from")
    listing.set_defaults(func=cmd_rules_list)
    setting = sub.add_parser("set", help="change one setting; the value is JSON shaped like the default")
    setting.add_argument("key", help=f"one of: {', '.join(DEFAULTS)}")
    setting.add_argument("value", help='JSON, e.g. 70 or \'{"memenuhi": 80, "masih_memenuhi": 70}\'')
    setting.add_argument("--source", help="the regulation or policy the new value comes from (default: keep)")
    setting.set_defaults(func=cmd_rules_set)


def cmd_rules_list(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions

    async def run() -> list[tuple[str, str, str, str]]:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            async with read_session(sessions) as session:
                rows = (await session.exec(select(RuleSetting).order_by(col(RuleSetting.key)))).all()
                return [(r.key, r.value, r.description, r.source) for r in rows]
        finally:
            await engine.dispose()

    for key, value, description, source in asyncio.run(run()):
        print(f"{key} = {value}")
        print(f"    {description}")
        print(f"    source: {source}")
    return 0


def cmd_rules_set(args: argparse.Namespace) -> int:
    from api.cli import _migrated_sessions

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            _, old, new, derived = await change_rule_setting(
                sessions, args.key, args.value, args.source, username=command_line_user()
            )
        except InvalidInput as exc:
            print(f"rules set: {exc}", file=sys.stderr)
            print("Run `meritflow rules list` to see every setting and its current value.", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(f"{args.key}: {json.dumps(old)} -> {json.dumps(new)}")
        for other, (was, now) in derived.items():  # the same threshold, stated in another setting
            print(f"    and {other}: {json.dumps(was)} -> {json.dumps(now)}")
        if args.source is not None:
            print(f"    source: {args.source.strip()}")
        return 0

    return asyncio.run(run())


def command_line_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (OSError, KeyError):  # no login name in some containers
        return "cli"
