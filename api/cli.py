"""The ``meritflow`` command (contract/cli.md).

Exit codes: 0 success, 1 bad input (every problem listed), 2 misuse (argparse's own code).
Each sub-command is a small function taking the parsed arguments and returning its exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from domain.db import create_engine, database_url_from_env, session_factory, write_transaction
from domain.migrate import upgrade
from domain.setup import ensure_reference_data


def _err(message: str) -> None:
    print(message, file=sys.stderr)


async def _migrated_sessions(url: str):  # type: ignore[no-untyped-def]
    """Engine and session factory on ``url`` with every migration applied (commands that write)."""
    engine = create_engine(url)
    await upgrade(engine)
    sessions = session_factory(engine)
    await ensure_reference_data(sessions)
    from api.app import ensure_workflow_data  # the workflow's definitions and holidays (domain/ cannot write them)

    await ensure_workflow_data(sessions)
    return engine, sessions


def cmd_migrate(args: argparse.Namespace) -> int:
    async def run() -> None:
        engine, _ = await _migrated_sessions(args.database_url)
        await engine.dispose()

    asyncio.run(run())
    print("Database schema is up to date.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    os.environ["DATABASE_URL"] = args.database_url
    if args.dev:
        os.environ["MERITFLOW_DEV"] = "1"
    # Migrate once here, not in every worker's lifespan racing each other.
    cmd_migrate(args)
    os.environ["MERITFLOW_SKIP_MIGRATE"] = "1"
    uvicorn.run(
        "api.main:app",
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meritflow", description="Merit-based filling of leadership posts.")
    parser.add_argument(
        "--database-url",
        default=database_url_from_env(),
        help="SQLAlchemy URL (default: $DATABASE_URL or sqlite:///meritflow.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web app and GraphQL API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--dev", action="store_true", help="GraphiQL and introspection on")
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
)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
