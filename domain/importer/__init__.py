"""CSV import of contract/import-format.md: validate everything, then write all or nothing.

Stages: read each file (encoding, header) → parse rows (one row's own checks) → load what the
database holds (one query per table) → cross checks on the final state → upsert plan → write in
one transaction. Every problem of every stage is collected; if there is any, nothing is written.

Beyond contract/import-format.md, ``job_history.csv`` takes one optional column:

``jf_grade``
    the grade of a functional (JF) row: ``ahli_pertama``, ``ahli_muda``, ``ahli_madya``,
    ``ahli_utama`` (expert track) or ``terampil``, ``mahir``, ``penyelia`` (skilled track). Empty
    for other posts (a grade on a non-fungsional row is an error) or when unknown. The experience
    rule counts JF rows only at the grades it names (JPT Pratama: 2 years as administrator *or JF
    Ahli Madya*, the ``experience`` setting's ``jf_grades``), so a JF row without its grade does
    not count towards a JPT post.

In ``competencies.csv`` the ``standard`` may be blank (or the column left out): the assessment's
target level then takes the ``competency_standard`` setting in force on the assessment date
(``domain.rules.dated_settings``; defaults JPT Pratama 4, Administrator 3, Pengawas 3). A standard
the file gives is kept — a post's own standard is more exact than the level's — and a verdict warns
when it is below the level's setting.

A SKP ``predicate`` is the code (``baik``), not its label (``Baik``); a NIP is plain digits 0-9
(a superscript ``¹`` or full-width ``０`` pasted from a spreadsheet is a row error, not a crash).

Usage::

    report = await import_folder(sessions, Path("data/"), dry_run=False)
    if not report.ok:
        for problem in report.problems:
            print(problem)
"""

from __future__ import annotations

import gc
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import read_session, write_transaction
from domain.importer import checks, files
from domain.importer.csvfile import read_csv
from domain.importer.existing import load_existing
from domain.importer.files import ALL_FILES, FILE_NAMES
from domain.importer.plan import build_plans
from domain.importer.report import Counts, ImportProblem, ImportReport, ImportUsageError
from domain.importer.rows import PARSERS, Record, drop_duplicate_keys
from domain.importer.write import Progress, write_plans
from domain.rules.dated_settings import setting_on

__all__ = ["Counts", "ImportProblem", "ImportReport", "ImportUsageError", "import_folder", "FILE_NAMES"]


class _Abort(Exception):
    """Leaves the write transaction (rolling it back) when the checks found problems."""


def find_files(folder: Path) -> dict[str, Path]:
    """The import files in ``folder``; raises :class:`ImportUsageError` when there is nothing to import."""
    if not folder.is_dir():
        raise ImportUsageError(f'"{folder}" is not a folder; give the folder holding the CSV files')
    csvs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not csvs:
        raise ImportUsageError(f'"{folder}" holds no .csv files; expected some of {", ".join(FILE_NAMES)}')
    return {p.name: p for p in csvs}


def read_records(
    found: dict[str, Path],
    problems: list[ImportProblem],
    progress: Progress | None = None,
    rejected: dict[str, list[Record]] | None = None,
) -> dict[str, list[Record]]:
    """Every file's good rows by file name; problems of files and single rows are appended, and the
    rows with problems go to ``rejected`` (to check their references too)."""
    rejected = {} if rejected is None else rejected
    for name in found:
        if name not in FILE_NAMES:
            problems.append(
                ImportProblem(name, None, None, None, f"not an import file; name it one of {', '.join(FILE_NAMES)}")
            )
    records: dict[str, list[Record]] = {}
    present = [spec for spec in ALL_FILES if spec.name in found]
    for done, spec in enumerate(present):
        path = found[spec.name]
        if progress:
            progress(f"reading {spec.name}", done, len(present))
        csv = read_csv(path, spec, problems)
        if csv is None:
            continue
        parsed = PARSERS[spec.name](csv, problems)
        records[spec.name] = drop_duplicate_keys(spec.name, spec.key, [r for r in parsed if r.ok], problems)
        rejected[spec.name] = [r for r in parsed if not r.ok]
    return records


def _sort_by_place(problems: list[ImportProblem]) -> None:
    """File by file in load order, then by line; problems of one line keep the order they were found."""
    order = {name: index for index, name in enumerate(FILE_NAMES)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))


async def import_folder(
    sessions: async_sessionmaker[AsyncSession],
    folder: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the CSV files in ``folder`` against each other and the database and, unless ``dry_run``
    or a problem was found, upsert them in one write transaction. Raises :class:`ImportUsageError`
    when the folder has nothing to import; bad data is reported in ``ImportReport.problems``."""
    found = find_files(Path(folder))
    # Hundreds of thousands of small dicts stay alive until the end: the cyclic garbage collector
    # would rescan them over and over (it doubled the time at 100 000 employees); nothing here
    # makes reference cycles, so it is paused for the import.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return await _import(sessions, found, dry_run, progress)
    finally:
        if collecting:
            gc.enable()


async def _import(
    sessions: async_sessionmaker[AsyncSession], found: dict[str, Path], dry_run: bool, progress: Progress | None
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    rejected: dict[str, list[Record]] = {}
    records = read_records(found, report.problems, progress, rejected)
    if progress:
        progress("checking against the database", 0, 1)

    async def check_and_plan(session: AsyncSession):  # type: ignore[no-untyped-def]
        existing = await load_existing(await session.connection(), set(records))
        world = checks.World(records, existing)
        checks.check_references(records, existing, world, report.problems, rejected)
        checks.complete_job_history(records, world, report.problems)
        if files.COMPETENCIES.name in records:
            checks.fill_competency_standards(records, await setting_on(session, "competency_standard"))
        checks.check_one_holder_per_post(records, existing, report.problems)
        checks.check_job_history_overlaps(records, existing, report.problems)
        checks.check_open_rows_agree(records, existing, report.problems)
        checks.check_assessments_agree(records, report.problems)
        if report.problems:
            _sort_by_place(report.problems)
            return None
        plans = build_plans(records, existing)
        report.counts = {plan.label: plan.counts for plan in plans}
        return plans

    _sort_by_place(report.problems)
    if dry_run or report.problems:
        async with read_session(sessions) as session:
            await check_and_plan(session)
        return report
    try:
        async with write_transaction(sessions) as session:
            plans = await check_and_plan(session)
            if plans is None:
                raise _Abort
            await write_plans(await session.connection(), plans, progress)
    except _Abort:
        pass
    return report
