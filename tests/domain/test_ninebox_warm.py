"""Issue 12, nine-box at scale: the warm-up (``ninebox_warm.warm``) stores today's placement of
everyone ahead of the first grid, in short batches that let other writers in, again under new
bands, and two warm-ups at once store each person once and leave the rows one would."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

import domain.rules.ninebox_store as ninebox_store
import domain.rules.ninebox_warm as ninebox_warm
from domain.clock import today
from domain.db import write_transaction
from domain.models import Employee, Skp, StoredPlacement
from domain.rulebook import load_rulebook, update_setting
from domain.rules.ninebox_grid import nine_box_grid, talent_pool
from domain.rules.ninebox_store import bands_fingerprint, exact_on
from domain.rules.ninebox_warm import warm, warm_key
from domain.setup import ensure_reference_data
from tests.domain.talent_factory import AssessmentRow, SkpRow, TalentData, eligible_facts, make_nip

PEOPLE = 12


async def _province(sessions, session) -> list[str]:
    """PEOPLE employees in SETDA and DINKES with varied SKPs and JPMs (some not mapped)."""
    await ensure_reference_data(sessions)
    data = TalentData(session)
    await data.unit_tree("BIRO")
    nips = []
    for i in range(PEOPLE):
        nip = make_nip(date(1970 + i, 1, 1))
        skps = [SkpRow(2025, ("sangat_baik", "baik", "kurang")[i % 3])] if i % 4 else []
        jpm = [AssessmentRow(date(2025, 6, 1), "administrator", 55.0 + 3 * i)] if i % 5 else []
        await data.person(eligible_facts(nip=nip, skps=skps, assessments=jpm), ("SETDA", "BIRO", "DINKES")[i % 3])
        nips.append(nip)
    await session.commit()
    return sorted(nips)


async def _rows(sessions, day: date) -> dict[str, tuple]:
    """The stored rows exact on ``day`` (under its bands), by NIP."""
    async with sessions() as s:
        book = await load_rulebook(s)
        rows = (await s.exec(select(StoredPlacement).where(exact_on(day, book)))).all()
        return {r.nip: (r.unit_code, r.box, r.reason, r.skp_year, r.skp_predicate, r.jpm, r.bands) for r in rows}


def _no_refresh(monkeypatch) -> None:
    async def refused(*_args, **_kw):
        raise AssertionError("a grid read refreshed the store after the warm-up")

    monkeypatch.setattr(ninebox_store, "refresh", refused)


async def test_after_the_warm_up_every_employee_has_a_row_for_today_and_grids_refresh_nothing(
    sessions, session, monkeypatch
):
    nips = await _province(sessions, session)
    report = await warm(sessions, batch=5)  # three batches: 5, 5, 2
    assert (report.employees, report.stored, report.batches_written, report.complete) == (PEOPLE, PEOPLE, 3, True)
    assert sorted(await _rows(sessions, today())) == nips
    _no_refresh(monkeypatch)
    for unit in (None, "SETDA"):
        async with sessions() as s:
            grid = await nine_box_grid(s, unit, members_limit=0)
            pool = await talent_pool(s, unit)
        assert grid.total == (PEOPLE if unit is None else PEOPLE * 2 // 3)
        assert pool.total == sum(1 for c in grid.cells if c.box in (7, 8, 9) for _ in range(c.count))
    again = await warm(sessions, batch=5)  # idempotent: nobody missing, nothing read or written
    assert (again.employees, again.stored, again.batches_written) == (0, 0, 0)


async def test_other_writers_go_between_the_warm_ups_batches(sessions, session):
    """An input write (an SKP) started after the first batch commits before the warm-up ends: the
    store's lock (SQLite's write lock, PostgreSQL's advisory lock) is not held from batch to batch."""
    nips = await _province(sessions, session)
    events: list[str] = []
    first_batch = asyncio.Event()

    def progress(looked: int, _stored: int) -> None:
        events.append(f"batch {looked}")
        first_batch.set()

    async def writer() -> None:
        await first_batch.wait()
        async with write_transaction(sessions) as w:
            w.add(Skp(nip=nips[0], year=2024, work_result="above", behaviour="above", predicate="sangat_baik"))
        events.append("write")

    report, _ = await asyncio.gather(warm(sessions, batch=1, progress=progress), writer())
    assert report.complete
    assert "write" in events[: events.index(f"batch {PEOPLE}")], events
    # The SKP's trigger deleted the first person's row: the next warm-up stores that person alone.
    assert (await warm(sessions, batch=1)).stored == 1
    assert sorted(await _rows(sessions, today())) == nips


async def test_new_bands_make_the_next_warm_up_store_everyone_again(sessions, session, monkeypatch):
    nips = await _province(sessions, session)
    before_key = await warm_key(sessions)
    await warm(sessions, batch=5)
    bands = {"performance": {"sangat_baik": "above", "baik": "above"}, "potential": {"high": 70.0, "middle": 60.0}}
    await update_setting(session, "ninebox", json.dumps({**bands, "valid_from": "2020-01-01"}))
    await session.commit()
    day, fingerprint = await warm_key(sessions)
    assert fingerprint != before_key[1] and day == today()
    assert await _rows(sessions, today()) == {}  # nothing exact under the new bands
    report = await warm(sessions, batch=5)
    assert report.stored == PEOPLE and report.bands == fingerprint
    rows = await _rows(sessions, today())
    assert sorted(rows) == nips and {r[-1] for r in rows.values()} == {fingerprint}
    async with sessions() as s:
        assert fingerprint == bands_fingerprint(await load_rulebook(s), today())
    _no_refresh(monkeypatch)
    async with sessions() as s:
        assert (await nine_box_grid(s, None, members_limit=0)).total == PEOPLE


async def test_two_warm_ups_at_once_store_each_person_once_and_the_rows_one_would(
    sessions, session, engine, monkeypatch
):
    nips = await _province(sessions, session)
    one = await warm(sessions, batch=3)
    alone = await _rows(sessions, today())
    async with engine.begin() as conn:
        await conn.execute(sa.delete(StoredPlacement))
    # Both warm-ups read the first batch as missing before either stores it: the collision two
    # workers starting together meet.
    arrived, both_read = [], asyncio.Event()
    store_batch = ninebox_warm._store_batch

    async def after_both_read(*args, **kw):
        arrived.append(args[1])  # the batch's first NIP
        if len(arrived) == 2:
            both_read.set()
        await both_read.wait()  # later batches run freely
        return await store_batch(*args, **kw)

    monkeypatch.setattr(ninebox_warm, "_store_batch", after_both_read)
    first, second = await asyncio.gather(warm(sessions, batch=3), warm(sessions, batch=3))
    assert first.complete and second.complete and arrived[0] == arrived[1] == nips[0]
    assert await _rows(sessions, today()) == alone and sorted(alone) == nips
    # Each batch stored once: the second warm-up finds it done under the lock (PostgreSQL may
    # store a dense range whole, counted as its size, but still once).
    assert first.stored + second.stored == one.stored


@pytest.mark.parametrize("batch", [1, 1000])
async def test_the_warm_up_is_a_no_op_without_employees(sessions, batch):
    await ensure_reference_data(sessions)
    report = await warm(sessions, batch=batch)
    assert (report.employees, report.stored, report.complete) == (0, 0, True)


async def test_a_person_added_after_the_warm_up_is_stored_by_the_next_one(sessions, session):
    await _province(sessions, session)
    await warm(sessions)
    newcomer = make_nip(date(1990, 5, 5))
    await TalentData(session).person(eligible_facts(nip=newcomer), "DINKES")
    await session.commit()
    assert (await warm(sessions)).stored == 1
    assert newcomer in await _rows(sessions, today())
    async with sessions() as s:
        assert (await s.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one() == PEOPLE + 1
