"""Backup and restore of the whole database as gzip'd JSON lines, portable between SQLite and PostgreSQL.

A backup is one read transaction (a snapshot: REPEATABLE READ on PostgreSQL, a BEGIN'd read in WAL
mode on SQLite), so it is consistent while the app keeps writing. Tables come in dependency order
(``SQLModel.metadata.sorted_tables``), so a restore inserts parents before children; it is written
over the metadata, so tables added later are included without changes here.

File layout (one JSON document per line)::

    {"format": "meritflow-backup", "version": 1, "alembic_revision": "0001", "dialect": "sqlite",
     "created_at": "…", "tables": {"unit": 12, "employee": 2000, …}}
    {"table": "unit", "columns": ["code", "name", "parent_code"]}
    ["BKD", "Badan Kepegawaian Daerah", "SETDA"]
    …

Restore refuses a database that holds any row, inserts everything in one transaction (on
PostgreSQL the audit table's append-only trigger allows INSERT) and moves PostgreSQL sequences
past the restored ids.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

import domain.models  # noqa: F401  (registers every table)

FORMAT = "meritflow-backup"
VERSION = 1
BATCH = 1000
Progress = Callable[[str, int, int], None]


class BackupError(Exception):
    """The file is not a usable backup, or the target cannot take it; the message says which and why."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    alembic_revision: str | None
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _tables() -> list[sa.Table]:
    return list(SQLModel.metadata.sorted_tables)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    raise TypeError(f"cannot write a {type(value).__name__} into a backup")


def _decoder(column: sa.Column) -> Callable[[Any], Any] | None:
    """How to turn a JSON value back into what the column takes (None: use it as it is)."""
    kind = column.type
    while isinstance(kind, sa.TypeDecorator):  # e.g. SQLModel's UTCDateTime wraps DateTime(timezone=True)
        kind = kind.impl_instance
    if isinstance(kind, sa.DateTime):
        aware = bool(kind.timezone)

        def to_datetime(text: str) -> datetime:
            value = datetime.fromisoformat(text)
            if aware and value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            if not aware and value.tzinfo is not None:
                return value.astimezone(UTC).replace(tzinfo=None)
            return value

        return to_datetime
    if isinstance(kind, sa.Date):
        return date.fromisoformat
    if isinstance(kind, sa.Time):
        return time.fromisoformat
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode
    if isinstance(kind, sa.Interval):
        return lambda seconds: timedelta(seconds=seconds)
    if isinstance(kind, sa.Uuid):
        return uuid.UUID if kind.as_uuid else None
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float) and kind.asdecimal:
        return Decimal
    return None


async def _alembic_revision(conn: AsyncConnection) -> str | None:
    has_table = await conn.run_sync(lambda sync: sa.inspect(sync).has_table("alembic_version"))
    if not has_table:
        return None
    return (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalar()


async def backup(engine: AsyncEngine, path: Path, progress: Progress | None = None) -> BackupSummary:
    """Write a consistent copy of every table to ``path`` (written to a temporary name, then renamed,
    so a failed backup never leaves a half file under the real name)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = await conn.execution_options(isolation_level="REPEATABLE READ")
        async with conn.begin():
            if engine.dialect.name == "postgresql":
                await conn.execute(sa.text("SET TRANSACTION READ ONLY"))
            counts = {
                t.name: (await conn.execute(sa.select(sa.func.count()).select_from(t))).scalar_one() for t in _tables()
            }
            header = {
                "format": FORMAT,
                "version": VERSION,
                "alembic_revision": await _alembic_revision(conn),
                "dialect": engine.dialect.name,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "tables": counts,
            }
            total, done = sum(counts.values()), 0
            try:
                with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as out:
                    out.write(json.dumps(header) + "\n")
                    for table in _tables():
                        columns = [c.name for c in table.columns]
                        out.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
                        order = list(table.primary_key.columns) or list(table.columns)
                        result = await conn.stream(sa.select(table).order_by(*order))
                        async for partition in result.partitions(BATCH):
                            for row in partition:
                                out.write(json.dumps(list(row), default=_encode, ensure_ascii=False) + "\n")
                            done += len(partition)
                            if progress:
                                progress("backup", done, total)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
    os.replace(tmp, path)
    return BackupSummary(path, header["alembic_revision"], counts)


def read_header(path: Path) -> dict[str, Any]:
    """The header of a backup file; :class:`BackupError` if the file is not a meritflow backup."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            first = stream.readline()
        header = json.loads(first)
    except FileNotFoundError:
        raise BackupError(f'"{path}" does not exist') from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f'"{path}" is not a meritflow backup (not a gzip file of JSON lines: {exc})') from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f'"{path}" is not a meritflow backup (its first line has no "format": "{FORMAT}")')
    if header.get("version") != VERSION:
        raise BackupError(
            f'"{path}" is backup format version {header.get("version")}; this meritflow reads version {VERSION}'
        )
    return header


def _blocks(path: Path) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    """(table, columns, rows) per table, read in batches of at most ``BATCH`` rows."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        stream.readline()  # header
        table: str | None = None
        columns: list[str] = []
        rows: list[list[Any]] = []
        for number, line in enumerate(stream, start=2):
            item = json.loads(line)
            if isinstance(item, dict):
                if table is not None:
                    yield table, columns, rows
                table, columns, rows = item["table"], item["columns"], []
            elif isinstance(item, list) and table is not None and len(item) == len(columns):
                rows.append(item)
                if len(rows) >= BATCH:
                    yield table, columns, rows
                    rows = []
            else:
                raise BackupError(f'"{path}" line {number}: not a row of table {table}; the file is damaged')
        if table is not None:
            yield table, columns, rows


async def database_is_empty(conn: AsyncConnection) -> list[str]:
    """The tables that hold rows (empty list: the database is empty)."""
    full = []
    for table in _tables():
        if (await conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1))).first() is not None:
            full.append(table.name)
    return full


def _self_ordered(table: sa.Table, columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows of a table referring to itself (a unit's parent unit), parents first."""
    links = [
        (columns.index(fk.parent.name), columns.index(fk.column.name))
        for fk in table.foreign_keys
        if fk.column.table is table and fk.parent.name in columns and fk.column.name in columns
    ]
    if not links:
        return rows
    pending, ordered = list(rows), []
    present: set[tuple[int, Any]] = set()
    while pending:
        ready = [r for r in pending if all(r[c] is None or (t, r[c]) in present for c, t in links)]
        if not ready:
            raise BackupError(f"table {table.name}: rows refer to each other in a cycle or to missing rows")
        for r in ready:
            for _, target in links:
                present.add((target, r[target]))
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
        ordered.extend(ready)
    return ordered


async def restore(engine: AsyncEngine, path: Path, progress: Progress | None = None) -> BackupSummary:
    """Insert every row of the backup at ``path`` into the (migrated, empty) database of ``engine``,
    all in one transaction. Raises :class:`BackupError` saying why when it cannot."""
    path = Path(path)
    header = read_header(path)
    metadata = SQLModel.metadata.tables
    expected: dict[str, int] = header.get("tables") or {}
    unknown = sorted(set(expected) - set(metadata))
    if unknown:
        raise BackupError(
            f'"{path}" has tables this meritflow does not know ({", ".join(unknown)}); '
            "restore it with the meritflow version that made it"
        )
    total, done = sum(expected.values()), 0
    written: dict[str, int] = dict.fromkeys(expected, 0)
    async with engine.connect() as conn:
        # A write transaction: on SQLite ``domain.db`` then begins with BEGIN IMMEDIATE.
        conn = await conn.execution_options(meritflow_write=True)
        async with conn.begin():
            revision = await _alembic_revision(conn)
            source_revision = header.get("alembic_revision")
            if source_revision and revision and source_revision != revision:
                raise BackupError(
                    f'"{path}" was made at schema revision {source_revision}, the database is at {revision}; '
                    "restore with the meritflow version that made the backup"
                )
            full = await database_is_empty(conn)
            if full:
                raise BackupError(
                    f"the database is not empty (rows in {', '.join(full)}); restore only into an empty database"
                )
            try:
                pending_self: dict[str, tuple[list[str], list[list[Any]]]] = {}
                previous: str | None = None
                for name, columns, rows in _blocks(path):
                    table = metadata.get(name)
                    if table is None:
                        raise BackupError(f'"{path}" has a table {name} this meritflow does not know')
                    missing = [c for c in columns if c not in table.columns]
                    if missing:
                        raise BackupError(f'"{path}": table {name} has columns {", ".join(missing)} unknown here')
                    # A self-referencing table is buffered until its block ends, then written parents first.
                    for other in [n for n in pending_self if n != name]:
                        await _flush_self(conn, metadata[other], *pending_self.pop(other), written)
                    if previous is not None and name != previous:
                        _check_count(path, previous, written, expected)  # before later tables refer to it
                    previous = name
                    if any(fk.column.table is table for fk in table.foreign_keys):
                        pending_self.setdefault(name, (columns, []))[1].extend(rows)
                        continue
                    await _insert(conn, table, columns, rows)
                    written[name] = written.get(name, 0) + len(rows)
                    done += len(rows)
                    if progress:
                        progress("restore", done, total)
                for self_name in list(pending_self):
                    await _flush_self(conn, metadata[self_name], *pending_self.pop(self_name), written)
            except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BackupError(f'"{path}" is damaged or truncated ({exc}); nothing was restored') from None
            except sa.exc.IntegrityError as exc:
                raise BackupError(
                    f'"{path}" holds rows the database refuses ({exc.orig}); nothing was restored'
                ) from None
            wrong = {t: (written.get(t, 0), n) for t, n in expected.items() if written.get(t, 0) != n}
            if wrong:
                details = ", ".join(f"{t}: {got} rows of {n}" for t, (got, n) in sorted(wrong.items()))
                raise BackupError(f'"{path}" is incomplete ({details}); nothing was restored')
            if engine.dialect.name == "postgresql":
                await _reset_sequences(conn)
    return BackupSummary(path, header.get("alembic_revision"), written)


def _check_count(path: Path, table: str, written: dict[str, int], expected: dict[str, int]) -> None:
    if written.get(table, 0) != expected.get(table, 0):
        raise BackupError(
            f'"{path}" is incomplete ({table}: {written.get(table, 0)} rows of {expected.get(table, 0)}); '
            "nothing was restored"
        )


async def _flush_self(
    conn: AsyncConnection, table: sa.Table, columns: list[str], rows: list[list[Any]], written: dict[str, int]
) -> None:
    ordered = _self_ordered(table, columns, rows)
    for start in range(0, len(ordered), BATCH):
        await _insert(conn, table, columns, ordered[start : start + BATCH])
    written[table.name] = written.get(table.name, 0) + len(rows)


async def _insert(conn: AsyncConnection, table: sa.Table, columns: list[str], rows: list[list[Any]]) -> None:
    if not rows:
        return
    decoders = [(i, d) for i, name in enumerate(columns) if (d := _decoder(table.columns[name])) is not None]
    records = []
    for row in rows:
        for i, decode in decoders:
            if row[i] is not None:
                row[i] = decode(row[i])
        records.append(dict(zip(columns, row, strict=True)))
    await conn.execute(sa.insert(table), records)


async def _reset_sequences(conn: AsyncConnection) -> None:
    """Restored rows keep their ids; move each serial/identity sequence past the largest one."""
    for table in _tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            quoted_table = conn.dialect.identifier_preparer.quote(table.name)
            quoted_column = conn.dialect.identifier_preparer.quote(column.name)
            await conn.execute(
                sa.text(
                    f"SELECT setval(seq::regclass, COALESCE((SELECT MAX({quoted_column}) FROM {quoted_table}), 1), "
                    f"(SELECT MAX({quoted_column}) FROM {quoted_table}) IS NOT NULL) "
                    f"FROM pg_get_serial_sequence(:table, :column) AS seq WHERE seq IS NOT NULL"
                ),
                {"table": quoted_table, "column": column.name},
            )
