"""``python -m bench.import_files [--employees 10000,100000] [--database-url URL] [--keep DIR]``:
``meritflow import`` of a generated province, its time and peak RSS, per size.

The files follow contract/import-format.md (all eight of them): a unit tree (the province, 40
OPDs, four divisions each), its structural posts (JPT Pratama per OPD, an Administrator and
three Pengawas per division) held by employees of fitting rank, a Pelaksana post for every
second of the others, three job-history rows, three SKP years each, a five-competency assessment
for one in five, a leadership training for one in three and a penalty for one in fifty. The demo
generator (domain/demo) writes database rows, not these files, so the files are written here,
row by row (the generator holds nothing).

Each size is imported into an emptied, migrated database by ``meritflow import`` run as a child
process: wall time and peak RSS (``wait4``'s ``ru_maxrss`` of that child) are printed with the
machine's load. The import is all-or-nothing (every row is checked against every other before
anything is written), so its memory grows with the file; the figure per employee is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import tempfile
from pathlib import Path

from bench.harness import MERITFLOW, database_name, emptied, fresh_sqlite_url, load, meritflow_command, run_child

OPDS = 40
DIVISIONS = 4
RATINGS = ("below", "as_expected", "above")
COLUMNS = {
    "units.csv": ["code", "name", "parent_code"],
    "positions.csv": ["code", "title", "unit_code", "level", "eselon", "parent_code"],
    "employees.csv": [
        "nip", "name", "front_title", "back_title", "religion", "golongan", "golongan_tmt", "education", "major",
        "unit_code", "position_code", "health_ok",
    ],
    "job_history.csv": [
        "nip", "start_date", "end_date", "position_code", "title", "level", "eselon", "unit_name", "decree_number",
        "decree_date",
    ],
    "skp.csv": ["nip", "year", "work_result", "behaviour"],
    "competencies.csv": ["nip", "assessed_on", "competency", "target_level", "kind", "level", "standard", "assessor"],
    "trainings.csv": ["nip", "kind", "name", "completed_on"],
    "discipline.csv": ["nip", "decree_date", "severity", "penalty", "start_date", "end_date"],
}  # fmt: skip
RELIGIONS = ("islam", "islam", "islam", "islam", "kristen", "katolik", "hindu", "buddha")
# level of a structural post -> (eselon, golongan of its holder, education, leadership training)
STRUCTURAL = {
    "jpt_pratama": ("II.b", "IV/c", "S2", "PKN_II"),
    "administrator": ("III.a", "IV/a", "S2", "PKA"),
    "pengawas": ("IV.a", "III/c", "S1", "PKP"),
}


def nip(i: int) -> str:
    """A distinct valid NIP per ``i`` below ten million: birth date, CPNS month, gender, sequence
    (10 080 birth dates, and 10 080 is a multiple of 8, 12 and 2, so (date, sequence) fixes ``i``)."""
    d = i % 10080
    year, month, day = 1965 + d // 336, 1 + (d // 28) % 12, 1 + d % 28
    cpns_year = year + 22 + i % 8
    return f"{year:04d}{month:02d}{day:02d}{cpns_year:04d}{1 + i % 12:02d}{1 + i % 2}{1 + i // 10080:03d}"


def structural_posts() -> list[tuple[str, str, str, str, str | None]]:
    """(code, title, unit, level, parent post) of every structural post, heads first."""
    posts = []
    for o in range(OPDS):
        head = f"OPD{o:02d}-KEPALA"
        posts.append((head, f"Kepala OPD {o}", f"OPD{o:02d}", "jpt_pratama", None))
        for d in range(DIVISIONS):
            unit = f"OPD{o:02d}-B{d}"
            chief = f"{unit}-KABID"
            posts.append((chief, f"Kepala Bidang {d} OPD {o}", unit, "administrator", head))
            posts += [(f"{unit}-KASI{s}", f"Kepala Seksi {s} Bidang {d}", unit, "pengawas", chief) for s in range(3)]
    return posts


def generate(folder: Path, employees: int) -> Path:
    """Write the eight import files for ``employees`` people into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    handles = {name: open(folder / name, "w", newline="", encoding="utf-8") for name in COLUMNS}  # noqa: SIM115
    out = {name: csv.writer(handle) for name, handle in handles.items()}
    try:
        for name, header in COLUMNS.items():
            out[name].writerow(header)
        out["units.csv"].writerow(["PROV", "Pemerintah Provinsi Banten", ""])
        for o in range(OPDS):
            out["units.csv"].writerow([f"OPD{o:02d}", f"Perangkat Daerah {o}", "PROV"])
            for d in range(DIVISIONS):
                out["units.csv"].writerow([f"OPD{o:02d}-B{d}", f"Bidang {d} Perangkat Daerah {o}", f"OPD{o:02d}"])
        structural = structural_posts()
        for code, title, unit, level, parent in structural:
            out["positions.csv"].writerow([code, title, unit, level, STRUCTURAL[level][0], parent or ""])
        for i in range(employees):
            _person(out, i, structural[i] if i < len(structural) else None)
    finally:
        for handle in handles.values():
            handle.close()
    return folder


def _person(out: dict, i: int, post: tuple[str, str, str, str, str | None] | None) -> None:  # type: ignore[type-arg]
    n = nip(i)
    cpns = int(n[8:12])
    if post is not None:
        code, title, unit, level, _ = post
        _, golongan, education, training = STRUCTURAL[level]
    else:
        unit = f"OPD{i % OPDS:02d}-B{i % DIVISIONS}"
        code = f"{unit}-PL{i:07d}" if i % 2 == 0 else ""
        title, level, golongan, education, training = "Pengadministrasi Umum", "pelaksana", "III/b", "S1", ""
        if code:
            out["positions.csv"].writerow([code, title, unit, level, "", ""])
    out["employees.csv"].writerow(
        [n, f"Pegawai {i}", "", "S.E." if i % 3 == 0 else "", RELIGIONS[i % len(RELIGIONS)], golongan,
         f"{cpns + 12}-04-01", education, "Administrasi Publik", unit, code, "true" if i % 10 else ""]
    )  # fmt: skip
    job = out["job_history.csv"]
    job.writerow([n, f"{cpns}-03-01", f"{cpns + 4}-12-31", "", "Staf", "pelaksana", "", "Kabupaten Serang", "", ""])
    job.writerow([n, f"{cpns + 5}-01-01", f"{cpns + 9}-12-31", "", "Analis", "fungsional", "", "Kota Cilegon", "", ""])
    outside = not code
    job.writerow(
        [n, f"{cpns + 10}-01-01", "", code, "Staf Ahli" if outside else "", "pelaksana" if outside else "",
         "", "Kota Serang" if outside else "", f"821/{i}/BKD", f"{cpns + 10}-01-01"]
    )  # fmt: skip
    for year in (2023, 2024, 2025):
        out["skp.csv"].writerow([n, year, RATINGS[(i + year) % 3], RATINGS[(i * 7 + year) % 3]])
    if i % 5 == 0:
        kinds = ["managerial"] * 3 + ["sociocultural", "technical"]
        for c, kind in enumerate(kinds):
            out["competencies.csv"].writerow(
                [n, "2025-06-01", f"K{c}", "administrator", kind, 1 + (i + c) % 5, 3, "UPT Penilaian Kompetensi"]
            )
    if training or i % 3 == 0:
        out["trainings.csv"].writerow([n, training or "PKP", "Pelatihan Kepemimpinan", "2020-10-01"])
    if i % 50 == 0:
        out["discipline.csv"].writerow([n, "2021-05-05", "ringan", "teguran tertulis", "2021-05-05", "2021-11-05"])


async def one_size(
    url: str, employees: int, keep: Path | None, baseline_mib: float, checkouts: list[str | None]
) -> int:
    folder = generate((keep or Path(tempfile.mkdtemp(prefix="mf-bench-import-"))) / f"e{employees}", employees)
    status = 0
    for checkout in checkouts:
        status |= await import_once(url, folder, employees, baseline_mib, checkout)
    return status


async def import_once(url: str, folder: Path, employees: int, baseline_mib: float, checkout: str | None) -> int:
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    engine, _ = await emptied(url)
    await engine.dispose()
    command, env = meritflow_command(checkout)
    result = run_child([*command, "--database-url", url, "import", str(folder)], env=env, cwd=checkout)
    said = (result.stdout + result.stderr).strip().splitlines()
    print(
        f"  {employees} employees{' (' + checkout + ')' if checkout else ''} ({size:.0f} MiB of CSV in {folder}): "
        f"exit {result.returncode} in "
        f"{result.seconds:.1f} s, peak RSS {result.peak_rss_mib:.0f} MiB "
        f"= {result.peak_rss_mib - baseline_mib:.0f} MiB above the command's own start-up "
        f"(~{(result.peak_rss_mib - baseline_mib) * 1024 / employees:.1f} KiB per employee) [{load()}]",
        flush=True,
    )
    for line in said[:3] if result.returncode else said[-1:]:
        print(f"    {line[:300]}")
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_files", description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", default="10000", help="sizes, comma-separated (default 10000)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file; PostgreSQL is emptied!")
    parser.add_argument("--keep", type=Path, default=None, help="write the files under this folder (default: /tmp)")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also import with the CLI of this checkout first, e.g. one made with "
        "`git worktree add --detach /tmp/mf-bench-before <commit>` (a before/after on the same files)",
    )
    args = parser.parse_args(argv)
    url = args.database_url or fresh_sqlite_url("import")
    print(f"== meritflow import, {database_name(url)}", flush=True)
    # What the command takes before reading a file (Python, the schema, the imports): `--help`'s peak.
    baseline = run_child([MERITFLOW, "--help"]).peak_rss_mib
    print(f"  start-up: `meritflow --help` peaks at {baseline:.0f} MiB", flush=True)
    status = 0
    for employees in [int(n) for n in args.employees.split(",")]:
        checkouts = [args.baseline, None] if args.baseline else [None]
        status |= asyncio.run(one_size(url, employees, args.keep, baseline, checkouts))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
