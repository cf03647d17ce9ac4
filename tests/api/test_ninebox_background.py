"""Issue 12, nine-box at scale: the server's warm-up task (``api.background``) stores today's
placements at start, again when the bands or the day change, and not otherwise; ``meritflow
ninebox refresh`` stores them by hand and says how many and how long."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

import domain.rules.ninebox_warm as ninebox_warm
from api.background import start_ninebox_warmup, stop_ninebox_warmup
from api.cli import main
from api.settings import Settings
from domain.clock import today
from domain.db import create_engine, session_factory
from domain.models import StoredPlacement
from domain.rulebook import update_setting
from domain.rules.ninebox_warm import WarmReport
from tests.domain.test_ninebox_warm import PEOPLE, _province, _rows


async def test_the_warm_up_task_warms_at_start_and_after_new_bands_or_a_new_day(sessions, session, monkeypatch):
    nips = await _province(sessions, session)
    reports: asyncio.Queue[WarmReport] = asyncio.Queue()
    task = await start_ninebox_warmup(sessions, interval=0.02, on_warmed=reports)
    try:
        started = await asyncio.wait_for(reports.get(), 10)
        assert (started.day, started.stored, started.complete) == (today(), PEOPLE, True)
        assert sorted(await _rows(sessions, today())) == nips
        await asyncio.sleep(0.15)  # several checks: nothing changed, nothing warmed
        assert reports.empty()

        bands = {"performance": {"sangat_baik": "above", "baik": "above"}, "potential": {"high": 70.0, "middle": 60.0}}
        await update_setting(session, "ninebox", json.dumps({**bands, "valid_from": "2020-01-01"}))
        await session.commit()
        rebanded = await asyncio.wait_for(reports.get(), 10)
        assert rebanded.stored == PEOPLE and rebanded.bands != started.bands
        assert sorted(await _rows(sessions, today())) == nips

        tomorrow = today() + timedelta(days=1)
        monkeypatch.setattr(ninebox_warm, "today", lambda: tomorrow)
        next_day = await asyncio.wait_for(reports.get(), 10)
        assert next_day.day == tomorrow and next_day.complete
        assert sorted(await _rows(sessions, tomorrow)) == nips
    finally:
        await stop_ninebox_warmup(task)
    assert task.cancelled()


async def test_stopping_the_task_mid_way_leaves_no_half_batch(sessions, session, engine):
    await _province(sessions, session)
    task = await start_ninebox_warmup(sessions)
    await stop_ninebox_warmup(task)  # at once: before or between batches, never inside one
    await stop_ninebox_warmup(None)
    async with engine.connect() as conn:
        stored = (await conn.execute(sa.select(sa.func.count()).select_from(StoredPlacement))).scalar_one()
    assert stored % 5000 == 0 or stored == PEOPLE  # whole batches only (here: none or all)


def test_the_setting_switches_it_off(monkeypatch):
    monkeypatch.setenv("MERITFLOW_NINEBOX_WARMUP", "0")
    assert Settings.from_env().ninebox_warmup is False
    monkeypatch.delenv("MERITFLOW_NINEBOX_WARMUP")
    assert Settings.from_env().ninebox_warmup is True and Settings().ninebox_warmup is True


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite files of a temporary directory only"
)
def test_ninebox_refresh_stores_and_says_how_many_and_how_long(tmp_path: Path, capsys):
    db = f"sqlite:///{tmp_path}/nine.db"
    assert main(["--database-url", db, "migrate"]) == 0

    async def seed() -> None:
        engine = create_engine(db)
        sessions = session_factory(engine)
        async with sessions() as session:
            await _province(sessions, session)
        await engine.dispose()

    async def rows(day: date) -> dict:
        engine = create_engine(db)
        try:
            return await _rows(session_factory(engine), day)
        finally:
            await engine.dispose()

    asyncio.run(seed())
    capsys.readouterr()
    assert main(["--database-url", db, "ninebox", "refresh"]) == 0
    out = capsys.readouterr().out
    assert f"Nine-box placements on {today()}: {PEOPLE} stored ({PEOPLE} employees looked at) in " in out
    assert out.rstrip().endswith(" s.")
    assert len(asyncio.run(rows(today()))) == PEOPLE
    assert main(["--database-url", db, "ninebox", "refresh"]) == 0
    assert ": 0 stored (0 employees looked at)" in capsys.readouterr().out  # idempotent: nobody missing
    # 1 January ahead: next year's rows (another SKP year) replace today's
    new_year = date(today().year + 1, 1, 1)
    assert main(["--database-url", db, "ninebox", "refresh", "--date", new_year.isoformat()]) == 0
    assert f"Nine-box placements on {new_year}: {PEOPLE} stored" in capsys.readouterr().out
    assert len(asyncio.run(rows(new_year))) == PEOPLE
    # A past day would replace the rows today's grids read: refused, nothing stored.
    assert main(["--database-url", db, "ninebox", "refresh", "--date", "2025-03-01"]) == 1
    assert "2025-03-01 is past" in capsys.readouterr().err
    assert len(asyncio.run(rows(new_year))) == PEOPLE
    with pytest.raises(SystemExit) as exit_:
        main(["--database-url", db, "ninebox", "refresh", "--date", "2025-02-30"])
    assert exit_.value.code == 2 and "is not YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("on", [True, False])
async def test_the_server_keeps_the_store_warm_only_when_its_setting_says_so(sessions, session, database_url, on):
    """``create_app``'s lifespan starts the warm-up (MERITFLOW_NINEBOX_WARMUP=0 keeps it off)."""
    from api.app import create_app

    nips = await _province(sessions, session)
    app = create_app(Settings(database_url=database_url, migrate_on_start=False, ninebox_warmup=on))
    async with app.router.lifespan_context(app):
        for _ in range(100):  # the task runs beside the server: wait for its first pass
            if await _rows(sessions, today()) or not on:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1 if not on else 0)
        assert sorted(await _rows(sessions, today())) == (nips if on else [])
