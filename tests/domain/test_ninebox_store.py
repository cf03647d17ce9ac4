"""Issue 12, nine-box at scale: stored placements answer exactly what the live computation does —
on any day (an earlier year, across 1 January, before and after a dated assessment, before and
after a bands period) and after every kind of write (import, SKP and assessment changes, a move to
another unit, new bands), on SQLite and PostgreSQL alike.

A stored row is trusted only on the days it is exact for; a write's trigger deletes it. Each check
stores the placements on one day (``refresh``), then compares, for many days, the grid, the talent
pool and each stored row with the live query (``placements_query``) on the same database.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from domain.clock import today
from domain.importer import import_folder
from domain.models import CompetencyAssessment, Employee, Skp, StoredPlacement
from domain.rulebook import load_rulebook, update_setting
from domain.rules.ninebox import TALENT_POOL_BOXES, not_mapped_text
from domain.rules.ninebox_grid import _stored_grid, nine_box_grid, talent_pool
from domain.rules.ninebox_placements import placements_query
from domain.rules.ninebox_store import exact_on, refresh
from domain.rules.sql_parts import dialect_of
from domain.setup import ensure_reference_data
from tests.domain.import_fixtures import BUDI, SITI, VALID, write_folder
from tests.domain.talent_factory import AssessmentRow, SkpRow, TalentData, eligible_facts

STORED_ON = date(2026, 6, 15)
DAYS = [
    STORED_ON,
    date(2026, 1, 1),  # the first day of the stored rows' year
    date(2025, 12, 31),  # across 1 January: another SKP year
    date(2024, 8, 1),  # an earlier year
    date(2026, 6, 30),  # the day before Andi's dated assessment
    date(2026, 7, 1),  # its day: his JPM changes
    date(2026, 12, 31),
    date(2027, 1, 1),
]
ANDI, BAMBANG, CITRA, DEWI, EKO = (f"19{n}010120000110{n - 69:02d}" for n in range(70, 75))


def _profiles() -> list[tuple[str, str, list[SkpRow], list[AssessmentRow]]]:
    return [
        (ANDI, "BIRO", [SkpRow(2024, "baik"), SkpRow(2025, "sangat_baik")],
         [AssessmentRow(date(2025, 3, 1), "jpt_pratama", 85.0), AssessmentRow(date(2026, 7, 1), "jpt_pratama", 60.0)]),
        (BAMBANG, "SETDA", [SkpRow(2025, "baik")], []),  # no assessment
        (CITRA, "DINKES", [], [AssessmentRow(date(2024, 5, 1), "administrator", 70.0)]),  # no SKP
        (DEWI, "SETDA", [], []),
        (EKO, "BIRO", [SkpRow(2023, "kurang"), SkpRow(2026, "sangat_baik")],
         [AssessmentRow(date(2026, 2, 1), "administrator", 90.0)]),
    ]  # fmt: skip


async def _province(session) -> None:
    data = TalentData(session)
    await data.unit_tree("BIRO")
    for nip, unit, skps, assessments in _profiles():
        await data.person(eligible_facts(nip=nip, skps=skps, assessments=assessments), unit)
    await session.commit()


async def _live(session, day: date) -> dict[str, tuple]:
    book = await load_rulebook(session)
    query = placements_query(None, day, book, dialect=await dialect_of(session))
    return {
        r["nip"]: (r["unit_code"], r["box"], r["reason"], r["skp_year"], r["skp_predicate"], r["jpm"])
        for r in (await session.exec(query)).mappings()
    }


async def _stored_rows(session, day: date) -> dict[str, tuple]:
    book = await load_rulebook(session)
    rows = (await session.exec(select(StoredPlacement).where(exact_on(day, book)))).all()
    return {
        r.nip: (r.unit_code, r.box, r.reason and not_mapped_text(r.reason, day), r.skp_year, r.skp_predicate, r.jpm)
        for r in rows
    }


def _grid_of(live: dict[str, tuple], units: set[str] | None, limit: int) -> dict:
    """The grid a unit tree's live placements make: per cell, the count and the first ``limit`` NIPs."""
    cells: dict[object, list[str]] = {}
    for nip, (unit, box, reason, *_) in sorted(live.items()):
        if units is None or unit in units:
            cells.setdefault(box if box is not None else reason, []).append(nip)
    return {cell: (len(nips), nips[:limit]) for cell, nips in cells.items()}


def _grid_seen(grid) -> dict:  # type: ignore[no-untyped-def]
    seen = {c.box: (c.count, [m.nip for m in c.members]) for c in grid.cells if c.count}
    seen.update({u.reason: (u.count, [m.nip for m in u.members]) for u in grid.unmapped})
    return seen


async def _check(session, where: str, days: list[date] = DAYS, setda: frozenset = frozenset({"SETDA", "BIRO"})) -> None:
    """First with the rows a write left (a missed invalidation shows here), then with the
    placements on STORED_ON stored: for every day, the stored rows exact on it agree with the live
    ones and the grid and the pool (province and SETDA) equal the live answer. Today comes last:
    its grid stores today's placements (the rows the next check starts from)."""
    await _compare(session, f"{where} (rows as the write left them)", days, setda)
    book = await load_rulebook(session)
    await refresh(session, None, STORED_ON, book)
    await session.commit()  # a new snapshot (SQLite), which sees the rows stored
    assert await _stored_grid(session, None, STORED_ON, book, 20, 0, None) is not None, f"{where}: not served"
    await _compare(session, where, [*days, today()], setda)


async def _compare(session, where: str, days: list[date], setda: frozenset) -> None:
    session.expire_all()
    for day in days:
        live = await _live(session, day)
        stored = await _stored_rows(session, day)
        assert {nip: live[nip] for nip in stored} == stored, f"{where}, {day}: a stored row differs from live"
        for unit, units in ((None, None), ("SETDA", setda)):
            grid = await nine_box_grid(session, unit, day, members_limit=2)
            assert _grid_seen(grid) == _grid_of(live, units, 2), f"{where}, {day}, {unit}: grid"
            pool = await talent_pool(session, unit, day)
            expected = sorted(
                (-box, -row[5], nip)
                for nip, row in live.items()
                if (box := row[1]) in TALENT_POOL_BOXES and (units is None or row[0] in units)
            )
            assert [(-m.box, -m.jpm, m.nip) for m in pool.items] == expected, f"{where}, {day}, {unit}: pool"
            assert pool.total == len(expected)
    await session.commit()  # end the read: the refreshes wrote through other connections since


async def test_stored_placements_equal_live_ones_on_every_day_and_after_every_write(sessions, session):
    await ensure_reference_data(sessions)
    await _province(session)
    await _check(session, "as seeded")
    stored = await _stored_rows(session, today())  # the grid for today stored everyone's placement
    assert set(stored) == {ANDI, BAMBANG, CITRA, DEWI, EKO} and stored[ANDI][1] == 4  # above, JPM 60 since July

    # An SKP corrected (ORM update), one added, an assessment added and one removed.
    skp = (await session.exec(select(Skp).where(Skp.nip == ANDI, Skp.year == 2025))).one()
    skp.predicate = "kurang"
    session.add(skp)
    session.add(Skp(nip=BAMBANG, year=2024, work_result="above", behaviour="above", predicate="sangat_baik"))
    session.add(CompetencyAssessment(nip=BAMBANG, assessed_on=date(2026, 3, 1), target_level="administrator", jpm=88.0))
    await session.commit()
    await _check(session, "SKP and assessment written")
    await session.exec(sa.delete(CompetencyAssessment).where(CompetencyAssessment.nip == EKO))
    await session.exec(sa.update(CompetencyAssessment).where(CompetencyAssessment.nip == ANDI).values(jpm=70.0))
    await session.commit()
    await _check(session, "assessments changed by Core statements")

    # Moved to another unit, as the oath's effects do (workflow.oath.apply_effects sets unit_code).
    andi = await session.get(Employee, ANDI)
    andi.unit_code = "DINKES"
    session.add(andi)
    await session.commit()
    await _check(session, "moved to DINKES")

    # New bands from a later day: before it the old ones, from it the new ones.
    bands = {"performance": {"sangat_baik": "above", "baik": "above"}, "potential": {"high": 70.0, "middle": 60.0}}
    await update_setting(session, "ninebox", json.dumps({**bands, "valid_from": "2026-09-01"}))
    await session.commit()
    await _check(session, "bands from 2026-09-01", [*DAYS, date(2026, 8, 31), date(2026, 9, 1)])
    # A correction of the current period (same valid_from) is a change too.
    bands["potential"] = {"high": 90.0, "middle": 50.0}
    await update_setting(session, "ninebox", json.dumps({**bands, "valid_from": "2026-09-01"}))
    await session.commit()
    await _check(session, "bands corrected", [date(2026, 9, 1), date(2026, 12, 31)])


async def test_an_import_invalidates_the_rows_of_the_people_it_changes(sessions, session, tmp_path):
    await ensure_reference_data(sessions)
    assert (await import_folder(sessions, write_folder(tmp_path / "first", VALID))).problems == []
    await _check(session, "imported", setda=frozenset({"SETDA", "BKD"}))
    changed = {
        "skp.csv": VALID["skp.csv"].replace(f"2024,{BUDI},as_expected,above,", f"2024,{BUDI},below,below,"),
        "competencies.csv": VALID["competencies.csv"].replace("managerial,3,4", "managerial,1,4"),
        "employees.csv": VALID["employees.csv"].replace("S1,Sosiologi,BKD", "S1,Sosiologi,SETDA"),
    }  # fmt: skip
    before = await _stored_rows(session, STORED_ON)
    await session.commit()
    report = await import_folder(sessions, write_folder(tmp_path / "second", changed))
    assert report.problems == [], report.problems
    assert await _stored_rows(session, STORED_ON) == {}, "the import left rows of the people it changed"
    await _check(session, "re-imported", setda=frozenset({"SETDA", "BKD"}))
    after = await _stored_rows(session, STORED_ON)
    assert after[BUDI] != before[BUDI] and after[SITI][0] == "SETDA"


async def test_a_migrated_database_has_the_same_triggers_as_the_models(tmp_path):
    """``meritflow migrate`` (migration 0005) and ``create_all`` (tests, benchmarks) make the same triggers."""
    from sqlmodel import SQLModel

    from domain.db import create_engine
    from domain.migrate import upgrade

    async def triggers(url: str, migrate: bool) -> dict[str, str]:
        engine = create_engine(url)
        try:
            if migrate:
                await upgrade(engine)
            else:
                async with engine.begin() as conn:
                    await conn.run_sync(SQLModel.metadata.create_all)
            async with engine.connect() as conn:
                rows = await conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
                return {name: sql for name, sql in rows if name.startswith("ninebox_")}
        finally:
            await engine.dispose()

    migrated = await triggers(f"sqlite:///{tmp_path / 'migrated.db'}", True)
    created = await triggers(f"sqlite:///{tmp_path / 'created.db'}", False)
    assert len(migrated) == 7 and migrated == created


@pytest.mark.postgres_only
async def test_no_refresh_stores_while_an_input_write_is_in_progress(sessions, session, engine):
    """PostgreSQL: a refresh computing beside an uncommitted SKP would store a box the SKP's
    trigger (already run) never deletes; the trigger's shared lock makes the refresh stand aside."""
    await ensure_reference_data(sessions)
    await _province(session)
    async with engine.connect() as writer:
        await writer.execute(
            sa.insert(Skp).values(nip=DEWI, year=2025, work_result="above", behaviour="above", predicate="sangat_baik")
        )
        assert await refresh(session, None, today()) == 0  # the writer holds the lock shared
        grid = await nine_box_grid(session, None, members_limit=0)
        assert _grid_seen(grid) == _grid_of(await _live(session, today()), None, 0)  # answered live
        await writer.commit()
    await session.commit()
    assert await refresh(session, None, today()) == 5
