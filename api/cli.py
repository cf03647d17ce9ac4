"""The ``meritflow`` command (contract/cli.md).

Exit codes: 0 success, 1 bad input (every problem listed), 2 misuse (argparse's own code).
Each sub-command is a small function taking the parsed arguments and returning its exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys

from api import cli_guard
from domain.db import create_engine, database_url_from_env, session_factory, write_transaction
from domain.migrate import upgrade
from domain.setup import ensure_reference_data


def _err(message: str) -> None:
    print(message, file=sys.stderr)


async def _migrated_sessions(url: str, report: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Engine and session factory on ``url`` with every migration applied (commands that write).
    ``report``, when given, receives what was created or upgraded, one sentence each."""
    engine = create_engine(url)
    try:
        upgraded = await upgrade(engine)
        sessions = session_factory(engine)
        added = await ensure_reference_data(sessions)
        from api.app import ensure_workflow_data  # the workflow's definitions and holidays (domain/ cannot write them)

        await ensure_workflow_data(sessions)
    except BaseException:
        await engine.dispose()
        raise
    if report is not None:
        report.append(upgraded.describe())
        if added:
            report.append(f"Added {added} default rule settings (see `meritflow rules list`).")
    return engine, sessions


def cmd_migrate(args: argparse.Namespace) -> int:
    report: list[str] = []

    async def run() -> None:
        engine, _ = await _migrated_sessions(args.database_url, report)
        await engine.dispose()

    asyncio.run(run())
    print(f"Database {cli_guard.shown_url(args.database_url)}:", " ".join(report))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.access_log import log_config

    os.environ["DATABASE_URL"] = args.database_url
    if args.dev:
        os.environ["MERITFLOW_DEV"] = "1"
    # Migrate once here, not in every worker's lifespan racing each other.
    cmd_migrate(args)
    os.environ["MERITFLOW_SKIP_MIGRATE"] = "1"
    uvicorn.run(
        "api.main:app",
        log_config=log_config(),  # the access lines written in batches (api.access_log)
        access_log=not args.no_access_log,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        proxy_headers=False,
        ws_max_size=256 * 1024,  # a GraphQL WebSocket message is small; the HTTP body limit is 256 KiB too
    )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from domain.accounts import AccountError, create_user

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else _ask_password()

    async def run() -> int:
        engine, sessions = await _migrated_sessions(args.database_url)
        try:
            async with write_transaction(sessions) as session:
                user = await create_user(session, args.username, password, args.role, nip=args.nip, unit_code=args.unit)
            print(f"User {user.username} created with roles {', '.join(sorted(set(args.role)))}.")
            return 0
        except AccountError as exc:
            _err(f"users add: {exc}")
            return 1
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _ask_password() -> str:
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        _err("users add: the two passwords differ; run the command again")
        raise SystemExit(1)
    return first


def _port(text: str) -> int:
    """A TCP port, with a message naming the bad value (from --port or $PORT)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number from 1 to 65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meritflow", description="Merit-based filling of leadership posts.")
    parser.add_argument(
        "--database-url",
        default=database_url_from_env(),
        help="SQLAlchemy URL (default: $DATABASE_URL or sqlite:///meritflow.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser(
        "serve",
        help="run the web app and GraphQL API",
        description="Migrate the database, then serve the web page at / and the GraphQL API at /graphql.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog="The database is --database-url, given before `serve`, or $DATABASE_URL (default sqlite:///meritflow.db).",
    )
    serve.add_argument(
        "--host",
        default=os.environ.get("HOST", "127.0.0.1"),
        help="address to listen on ($HOST); 0.0.0.0 for every interface",
    )
    # A string default goes through _port when serve is parsed, so a bad $PORT fails serve alone.
    serve.add_argument("--port", type=_port, default=os.environ.get("PORT") or "8000", help="TCP port ($PORT)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes; more than 1 wants PostgreSQL (live updates fan out through LISTEN/NOTIFY)",
    )
    serve.add_argument(
        "--no-access-log",
        action="store_true",
        help="no line per request on standard output (e.g. behind a reverse proxy that logs them)",
    )
    serve.add_argument(
        "--dev", action="store_true", help="development mode: GraphiQL and schema introspection on ($MERITFLOW_DEV=1)"
    )
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(func=cmd_migrate)

    users = sub.add_parser("users", help="manage accounts").add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="create an account; the password is read from standard input")
    add.add_argument("username")
    add.add_argument("--role", action="append", required=True, help="repeat for several roles")
    add.add_argument("--nip")
    add.add_argument("--unit")
    add.set_defaults(func=cmd_users_add)

    # Larger sub-commands live in their own modules, each with ``register(subparsers)``.
    for module_name in _COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


_COMMAND_MODULES: tuple[str, ...] = (
    "api.cli_import",
    "api.cli_audit",
    "api.cli_backup",
    "api.cli_seed",
    "api.cli_schema",
    "api.cli_rules",
    "api.cli_letterhead",
    "api.cli_ninebox",
)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A database the command cannot read (not a database, tables made without migrations, a server
    # that refuses) is one line and exit 1, not a traceback: see api.cli_guard.
    return cli_guard.run_guarded(args.func, args, args.database_url)


if __name__ == "__main__":
    sys.exit(main())
