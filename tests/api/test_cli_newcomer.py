"""A newcomer's first commands: `make run` installs only what running needs, `meritflow serve`
honours $PORT and explains every option, `meritflow migrate` says what it did, and any command on
a database it cannot read prints one clear line and exits 1 (issue 11, newcomer set-up).

The commands run on SQLite files of a temporary directory (the behaviour does not depend on the
server, so these run once, on the SQLite pass of CI): as subprocesses where what reaches the
terminal matters (a traceback, a port), in-process through ``api.cli.main`` elsewhere (fast)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest
from sqlmodel import SQLModel

from api.cli import build_parser, main
from tests.api.live import ROOT, free_port, wait_for_health

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite files of a temporary directory only"
)
MERITFLOW = [sys.executable, "-m", "api.cli"]


def meritflow(tmp: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PORT", "HOST")}
    environment |= {"PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([*MERITFLOW, *args], cwd=tmp, env=environment, capture_output=True, text=True, timeout=120)


def in_process(tmp: Path, capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """``meritflow ARGS`` through ``api.cli.main``, its database paths relative to ``tmp``."""
    args = tuple(a.replace("sqlite:///", f"sqlite:///{tmp}/") for a in args)
    code = main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out.replace(f"{tmp}/", ""), err.replace(f"{tmp}/", ""))


def make_dry_run(*args: str, env: dict[str, str] | None = None) -> str:
    """What `make` would run (-n), every target remade (-B) so the install steps show too."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST")} | (env or {})
    done = subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_run_installs_only_what_running_needs_and_make_test_adds_the_test_tools() -> None:
    run = make_dry_run("run")
    assert "pip install --quiet -e ." in run
    assert "[test]" not in run
    test = make_dry_run("test")
    assert "-e '.[test]'" in test
    # .ci/run makes this stamp, then calls pip-audit (a test tool): it must install the test extra.
    assert "-e '.[test]'" in make_dry_run(".venv/.installed")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = " ".join(project["dependencies"]).lower()
    for tool in ("pytest", "playwright", "ruff", "hypothesis", "pip-audit"):
        assert tool not in runtime, f"{tool} is a test tool: it belongs to the `test` extra"
        assert any(d.lower().startswith(tool) for d in project["optional-dependencies"]["test"])


def test_port_from_the_environment_reaches_serve() -> None:
    assert "serve --host 127.0.0.1 --port 8742" in make_dry_run("run", env={"PORT": "8742"})


def test_serve_help_describes_every_option() -> None:
    parser = build_parser()
    serve = parser._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    help_text = " ".join(serve.format_help().split())
    for action in serve._actions:
        assert action.help and len(action.help) > 12, f"{action.option_strings} has no description"
        assert " ".join(action.help.split()) in help_text
    assert "$PORT" in help_text and "$DATABASE_URL" in help_text


def test_serve_listens_on_the_port_of_PORT(tmp_path: Path) -> None:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HOST")}
    environment |= {"PORT": str(port), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*MERITFLOW, "--database-url", "sqlite:///serve.db", "serve"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        assert httpx.get(f"http://127.0.0.1:{port}/health").json() == {"status": "ok"}
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_bad_PORT_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(SystemExit) as stop:
        main(["serve"])
    assert stop.value.code == 2
    assert "port 'eighty' is not a number from 1 to 65535" in capsys.readouterr().err


def _at_revision(path: Path, revision: str) -> None:
    from domain.db import create_engine
    from domain.migrate import upgrade

    async def build() -> None:
        engine = create_engine(f"sqlite:///{path}")
        await upgrade(engine, revision)
        await engine.dispose()

    asyncio.run(build())


def test_migrate_says_what_it_created_or_upgraded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    created = in_process(tmp_path, capsys, "--database-url", "sqlite:///new.db", "migrate")
    assert created.returncode == 0, created.stderr
    assert re.search(r"Created the database schema at revision \d{4} \(\d+ migrations\)", created.stdout)
    assert "default rule settings" in created.stdout
    again = in_process(tmp_path, capsys, "--database-url", "sqlite:///new.db", "migrate")
    assert "up to date" in again.stdout and "nothing to do" in again.stdout
    assert "rule settings" not in again.stdout
    _at_revision(tmp_path / "old.db", "0002")
    upgraded = in_process(tmp_path, capsys, "--database-url", "sqlite:///old.db", "migrate")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Upgraded the database schema from revision 0002 to" in upgraded.stdout
    assert "0003: job_history.jf_grade" in upgraded.stdout


def _tables_without_migrations(path: Path) -> None:
    import domain.models  # noqa: F401  (registers the tables)
    from domain.db import create_engine

    async def build() -> None:
        engine = create_engine(f"sqlite:///{path}")
        async with engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
        await engine.dispose()

    asyncio.run(build())


def _assert_one_clear_line(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def test_a_database_it_cannot_read_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.db").write_text("these are not the tables you are looking for\n")
    _tables_without_migrations(tmp_path / "bare.db")
    _assert_one_clear_line(
        meritflow(tmp_path, "--database-url", "sqlite:///notes.db", "migrate"),
        "cannot use the database sqlite:///notes.db",
        "file is not a database",
        "meritflow migrate",
    )
    _assert_one_clear_line(
        in_process(tmp_path, capsys, "--database-url", "sqlite:///bare.db", "rules", "list"),
        "cannot use the database sqlite:///bare.db",
        "no migration record",
    )
    # Nothing was written into the foreign database.
    assert "alembic_version" not in (tmp_path / "bare.db").read_bytes().decode("latin-1")


def test_audit_verify_advises_migrate_only_when_the_schema_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.db").write_text("these are not the tables you are looking for\n")
    (tmp_path / "empty.db").write_bytes(b"")  # a new file: SQLite opens it as an empty database
    _assert_one_clear_line(
        in_process(tmp_path, capsys, "--database-url", "sqlite:///notes.db", "audit", "verify"),
        "cannot use the database sqlite:///notes.db",
        "file is not a database",
    )
    assert "migrate` first" not in capsys.readouterr().err  # migrating that file would fail too
    _assert_one_clear_line(
        in_process(tmp_path, capsys, "--database-url", "sqlite:///empty.db", "audit", "verify"),
        "cannot read the audit log",
        "no such table",
        "run `meritflow migrate` first",
    )
    with contextlib.closing(sqlite3.connect(tmp_path / "empty.db")) as db:  # verify never creates the schema
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
