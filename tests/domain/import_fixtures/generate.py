"""A large valid import folder for measuring the importer (``python -m tests.domain.import_fixtures.generate
DIR N``): N employees, a post for every second one, three job-history rows and three SKP years each,
assessments for one in five, training for one in three and a penalty for one in fifty."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

UNITS = 60


def nip(i: int) -> str:
    """A distinct valid NIP per i (for i below ten million)."""
    d = i % 10080
    year, month, day = 1965 + d // 336, 1 + (d // 28) % 12, 1 + d % 28
    cpns_year = year + 22 + i % 8
    return f"{year:04d}{month:02d}{day:02d}{cpns_year:04d}{1 + i % 12:02d}{1 + i % 2}{1 + i // 10080:03d}"


def generate(folder: Path, employees: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)

    def writer(name: str, header: list[str]):  # type: ignore[no-untyped-def]
        handle = open(folder / name, "w", newline="", encoding="utf-8")  # noqa: SIM115
        out = csv.writer(handle)
        out.writerow(header)
        return handle, out

    files = {}
    files["u"] = writer("units.csv", ["code", "name", "parent_code"])
    files["u"][1].writerow(["PROV", "Pemerintah Provinsi", ""])
    for u in range(UNITS):
        files["u"][1].writerow([f"U{u:03d}", f"Unit {u}", "PROV"])
    files["p"] = writer("positions.csv", ["code", "title", "unit_code", "level", "eselon", "parent_code"])
    files["e"] = writer(
        "employees.csv",
        ["nip", "name", "golongan", "golongan_tmt", "education", "religion", "unit_code", "position_code", "health_ok"],
    )
    files["j"] = writer(
        "job_history.csv", ["nip", "start_date", "end_date", "position_code", "title", "level", "eselon", "unit_name"]
    )
    files["s"] = writer("skp.csv", ["nip", "year", "work_result", "behaviour"])
    files["c"] = writer(
        "competencies.csv", ["nip", "assessed_on", "competency", "target_level", "kind", "level", "standard"]
    )
    files["t"] = writer("trainings.csv", ["nip", "kind", "name", "completed_on"])
    files["d"] = writer("discipline.csv", ["nip", "decree_date", "severity", "penalty"])
    ratings = ["below", "as_expected", "above"]
    seen: set[str] = set()
    for i in range(employees):
        n = nip(i)
        if n in seen:
            continue
        seen.add(n)
        unit = f"U{i % UNITS:03d}"
        post = f"P{i:07d}" if i % 2 == 0 else ""
        if post:
            files["p"][1].writerow([post, f"Pelaksana {i}", unit, "pelaksana", "", ""])
        files["e"][1].writerow([n, f"Pegawai {i}", "III/b", "2019-04-01", "S1", "islam", unit, post, "true"])
        cpns = int(n[8:12])
        files["j"][1].writerow([n, f"{cpns}-03-01", f"{cpns + 4}-12-31", "", "Staf", "pelaksana", "", "Kabupaten"])
        files["j"][1].writerow([n, f"{cpns + 5}-01-01", f"{cpns + 9}-12-31", "", "Analis", "fungsional", "", "Kota"])
        files["j"][1].writerow(
            [
                n,
                f"{cpns + 10}-01-01",
                "",
                post,
                "" if post else "Staf Ahli",
                "" if post else "pelaksana",
                "",
                "" if post else "Kota",
            ]
        )
        for year in (2022, 2023, 2024):
            files["s"][1].writerow([n, year, ratings[(i + year) % 3], ratings[(i * 7 + year) % 3]])
        if i % 5 == 0:
            for c, kind in enumerate(["managerial"] * 3 + ["sociocultural", "technical"]):
                files["c"][1].writerow([n, "2024-06-01", f"K{c}", "administrator", kind, 1 + (i + c) % 5, 3])
        if i % 3 == 0:
            files["t"][1].writerow([n, "PKA", "Pelatihan Kepemimpinan Administrator", "2020-10-01"])
        if i % 50 == 0:
            files["d"][1].writerow([n, "2021-05-05", "ringan", "teguran tertulis"])
    for handle, _ in files.values():
        handle.close()
    return folder


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
