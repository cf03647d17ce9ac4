"""read_csv hands the parsers a file's rows one at a time (bench/import_files.py: memory); a row
with too many values is still a problem of its line, listed in line order among the parsers'
problems of the lines around it, and the rows after it are still read."""

from __future__ import annotations

from domain.importer import import_folder
from tests.domain.import_fixtures import write_folder

UNITS = "code,name,parent_code\nBKD,Badan Kepegawaian Daerah,\n"
HEADER = "nip,name,golongan,education,unit_code,position_code\n"


async def test_a_too_wide_row_is_a_problem_in_line_order_among_the_parsers(sessions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    employees = (
        HEADER
        + "1980,Andi,III/a,S1,BKD,\n"  # line 2: the parser's problem
        + "198001012005011001,Budi,III/a,S1,BKD,,extra\n"  # line 3: read_csv's problem
        + "198001012005011002,Cici,IV/z,S1,BKD,\n"  # line 4: the parser's problem, after it
    )
    report = await import_folder(
        sessions, write_folder(tmp_path / "bad", {"units.csv": UNITS, "employees.csv": employees})
    )
    assert [(p.line, p.column) for p in report.problems] == [(2, "nip"), (3, None), (4, "golongan")]
    assert "7 values but the header has 6 columns" in str(report.problems[1])
