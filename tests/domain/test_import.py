"""CSV import: a valid folder loads and re-loads with no change; every bad input is reported with
file, line, column and what to do, and leaves the database exactly as it was."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from api.cli import main
from domain.importer import Counts, ImportUsageError, import_folder
from domain.models import CompetencyAssessment, Employee, JobHistory, Position, RankHistory
from tests.domain.import_fixtures import BUDI, SITI, VALID, dump_database, stamp_as_migrated, write_folder


@pytest.fixture
def valid_folder(tmp_path):
    return write_folder(tmp_path / "valid", VALID)


@pytest.fixture
async def imported(sessions, valid_folder):
    report = await import_folder(sessions, valid_folder)
    assert report.problems == []
    return report


async def test_valid_folder_imports_everything(sessions, imported):
    assert imported.counts["employees.csv"] == Counts(inserted=2)
    assert imported.counts["employees.csv (rank history)"] == Counts(inserted=2)
    assert imported.counts["competencies.csv"] == Counts(inserted=3)
    assert imported.counts["competencies.csv (assessments)"] == Counts(inserted=1)
    async with sessions() as s:
        budi = await s.get(Employee, BUDI)
        assert (budi.birth_date.isoformat(), budi.gender, budi.cpns_start.isoformat()) == (
            "1980-01-01",
            "male",
            "2005-01-01",
        )
        assert budi.position_code == "BKD-KEPALA" and budi.health_ok is True and budi.back_title == "S.E., M.Si."
        assert (await s.get(Employee, SITI)).health_ok is None
        assessment = (await s.exec(sa.select(CompetencyAssessment))).scalars().one()
        assert assessment.jpm == pytest.approx(91.67)
        rank = (await s.exec(sa.select(RankHistory).where(RankHistory.nip == BUDI))).scalars().one()
        assert (rank.golongan, rank.tmt.isoformat()) == ("IV/a", "2018-04-01")
        # A row naming a post takes its title, level, eselon and unit name.
        open_row = (
            (await s.exec(sa.select(JobHistory).where(JobHistory.nip == BUDI, JobHistory.end_date.is_(None))))
            .scalars()
            .one()
        )
        assert (open_row.title, open_row.level, open_row.eselon, open_row.unit_name) == (
            "Kepala Badan Kepegawaian Daerah",
            "jpt_pratama",
            "II.a",
            "Badan Kepegawaian Daerah",
        )
        assert (await s.get(Position, "BKD-KEPALA")).is_key is True


async def test_reimport_changes_nothing(engine, sessions, imported, valid_folder):
    before = await dump_database(engine)
    again = await import_folder(sessions, valid_folder)
    assert again.problems == []
    assert all(c.inserted == 0 and c.updated == 0 for c in again.counts.values()), again.counts
    assert sum(c.unchanged for c in again.counts.values()) == sum(c.inserted for c in imported.counts.values())
    assert await dump_database(engine) == before


async def test_changed_rows_are_updated_and_people_may_swap_posts(engine, sessions, imported, tmp_path):
    swapped = write_folder(
        tmp_path / "swap",
        {
            "employees.csv": VALID["employees.csv"]
            .replace("BKD,BKD-KEPALA,true", "BKD,BKD-SEKRETARIS,true")
            .replace("BKD,BKD-SEKRETARIS,\n", "BKD,BKD-KEPALA,\n")
        },
    )
    report = await import_folder(sessions, swapped)
    assert report.problems == []
    assert report.counts["employees.csv"] == Counts(updated=2)
    async with sessions() as s:
        assert (await s.get(Employee, BUDI)).position_code == "BKD-SEKRETARIS"
        assert (await s.get(Employee, SITI)).position_code == "BKD-KEPALA"


async def test_dry_run_writes_nothing(engine, sessions, valid_folder):
    before = await dump_database(engine)
    report = await import_folder(sessions, valid_folder, dry_run=True)
    assert report.problems == [] and report.dry_run
    assert report.counts["units.csv"] == Counts(inserted=2)
    assert await dump_database(engine) == before


async def test_a_folder_without_csv_files_is_misuse(sessions, tmp_path):
    with pytest.raises(ImportUsageError, match="holds no .csv files"):
        await import_folder(sessions, tmp_path)
    with pytest.raises(ImportUsageError, match="is not a folder"):
        await import_folder(sessions, tmp_path / "missing")


async def test_cli_exit_codes(engine, database_url, valid_folder, tmp_path):
    await stamp_as_migrated(engine)

    def cli(*args: str) -> int:
        return main(["--database-url", database_url, "import", *map(str, args)])

    bad = write_folder(tmp_path / "bad", {"units.csv": "code,nama\nX,Unit X\n"})
    (tmp_path / "empty").mkdir()
    assert await asyncio.to_thread(cli, valid_folder, "--dry-run") == 0
    assert await asyncio.to_thread(cli, valid_folder) == 0
    assert await asyncio.to_thread(cli, bad) == 1
    assert await asyncio.to_thread(cli, tmp_path / "empty") == 2
    assert await asyncio.to_thread(cli, tmp_path / "missing") == 2
