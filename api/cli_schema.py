"""``meritflow export-schema``: print the GraphQL schema (SDL) — the same text as schema.graphql."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def schema_sdl() -> str:
    """The production schema as SDL (print_schema equals `strawberry export-schema`)."""
    from strawberry.printer import print_schema

    from api.schema.build import build_schema

    return print_schema(build_schema(False)) + "\n"


def cmd_export_schema(args: argparse.Namespace) -> int:
    text = schema_sdl()
    if args.output:
        Path(args.output).write_text(text)
        print(f"Wrote the GraphQL schema to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output (e.g. schema.graphql)")
    parser.set_defaults(func=cmd_export_schema)
