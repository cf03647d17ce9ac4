"""Backup and restore: a round trip gives equal tables (also SQLite → PostgreSQL), a non-empty target
is refused, and a foreign or damaged file gives a clear error."""

from __future__ import annotations

import asyncio
import gzip
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from api.cli import main
from domain.backup import BackupError, backup, read_header, restore
from domain.db import create_engine, session_factory, write_transaction
from domain.importer import import_folder
from domain.models import AuditEvent, Unit, User, UserRole
from domain.setup import ensure_reference_data
from tests.domain.import_fixtures import BUDI, VALID, dump_database, stamp_as_migrated, write_folder


@pytest.fixture
async def source(tmp_path):
    """A filled SQLite database: the valid import folder, rule settings, an account and an audit event."""
    engine = create_engine(f"sqlite:///{tmp_path / 'source.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    await stamp_as_migrated(engine)
    sessions = session_factory(engine)
    assert (await import_folder(sessions, write_folder(tmp_path / "csv", VALID))).ok
    await ensure_reference_data(sessions)
    async with write_transaction(sessions) as s:
        s.add(
            User(
                id=7,
                username="budi",
                password_hash="x",
                nip=BUDI,
                unit_code="BKD",
                created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            )
        )
        await s.flush()
        s.add(UserRole(user_id=7, role="operator"))
        s.add(
            AuditEvent(
                seq=1,
                at=datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
                actor_username="budi",
                action="create",
                outcome="ok",
                prev_hash="0" * 64,
                hash="f" * 64,
                data='{"note": "Ünïcode ✓"}',
            )
        )
    yield engine
    await engine.dispose()


async def test_round_trip_gives_equal_tables(source, engine, sessions, tmp_path):
    """From SQLite into the test database (PostgreSQL when DATABASE_URL says so)."""
    file = tmp_path / "backup.jsonl.gz"
    summary = await backup(source, file)
    assert summary.tables["employee"] == 2 and summary.tables["unit"] == 2
    header = read_header(file)
    assert header["alembic_revision"] == summary.alembic_revision is not None
    assert header["tables"] == summary.tables

    await stamp_as_migrated(engine)
    restored = await restore(engine, file)
    assert restored.tables == summary.tables
    assert await dump_database(engine) == await dump_database(source)

    # Sequences were moved past the restored ids: a new row gets a fresh id.
    async with write_transaction(sessions) as s:
        s.add(User(username="new", password_hash="x", created_at=datetime(2026, 1, 3, tzinfo=UTC)))
    async with sessions() as s:
        ids = sorted((await s.exec(sa.select(User.id))).scalars().all())
    assert ids[0] == 7 and ids[1] > 7


async def test_backup_of_the_test_database_restores_into_sqlite(engine, sessions, tmp_path):
    """From the test database (PostgreSQL when DATABASE_URL says so) into a new SQLite file."""
    assert (await import_folder(sessions, write_folder(tmp_path / "csv", VALID))).ok
    file = tmp_path / "b.gz"
    await backup(engine, file)
    target = create_engine(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        async with target.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        await restore(target, file)
        assert await dump_database(target) == await dump_database(engine)
    finally:
        await target.dispose()


async def test_restore_refuses_a_database_that_is_not_empty(source, engine, sessions, tmp_path):
    file = tmp_path / "backup.jsonl.gz"
    await backup(source, file)
    async with write_transaction(sessions) as s:
        s.add(Unit(code="X", name="Unit X"))
    before = await dump_database(engine)
    with pytest.raises(BackupError, match=r"the database is not empty \(rows in unit\); restore only into an empty"):
        await restore(engine, file)
    assert await dump_database(engine) == before


async def test_foreign_and_damaged_files_are_refused_clearly(source, engine, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(BackupError, match=r'"[^"]*notes.txt" is not a meritflow backup \(not a gzip file'):
        await restore(engine, text)

    foreign = tmp_path / "foreign.gz"
    with gzip.open(foreign, "wt") as out:
        out.write(json.dumps({"hello": "world"}) + "\n")
    with pytest.raises(BackupError, match=r'is not a meritflow backup \(its first line has no "format"'):
        await restore(engine, foreign)

    good = tmp_path / "good.gz"
    await backup(source, good)
    lines = gzip.decompress(good.read_bytes()).decode().splitlines(keepends=True)
    truncated = tmp_path / "truncated.gz"
    employee_block = next(i for i, line in enumerate(lines) if line.startswith('{"table": "employee"'))
    del lines[employee_block + 1]  # one employee row missing
    truncated.write_bytes(gzip.compress("".join(lines).encode()))
    before = await dump_database(engine)
    with pytest.raises(BackupError, match=r"is incomplete \(employee: 1 rows of 2\); nothing was restored"):
        await restore(engine, truncated)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(good.read_bytes()[:-40])
    with pytest.raises(BackupError, match="damaged or truncated"):
        await restore(engine, cut)
    assert await dump_database(engine) == before


async def test_cli_backup_and_restore(source, engine, database_url, tmp_path):
    source_url = str(source.url.render_as_string(hide_password=False))
    file = tmp_path / "cli.jsonl.gz"
    await stamp_as_migrated(engine)

    def cli(*args: str) -> int:
        return main([*args])

    assert await asyncio.to_thread(cli, "--database-url", source_url, "backup", str(file)) == 0
    assert await asyncio.to_thread(cli, "--database-url", database_url, "restore", str(file)) == 0
    assert await dump_database(engine) == await dump_database(source)
    # Again into the now full database: refused, exit 1.
    assert await asyncio.to_thread(cli, "--database-url", database_url, "restore", str(file)) == 1
    assert await asyncio.to_thread(cli, "--database-url", database_url, "restore", str(tmp_path / "nope.gz")) == 2
