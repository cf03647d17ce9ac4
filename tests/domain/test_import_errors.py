"""Each bad input gives one exact message (file:line: column "value": what to do) and changes nothing."""

from __future__ import annotations

import pytest

from domain.importer import import_folder
from tests.domain.import_fixtures import BUDI, SITI, VALID, dump_database, write_folder

EMPLOYEE_HEADER = "nip,name,golongan,education,unit_code,position_code\n"


def employee(nip: str = "199001012015031001", golongan: str = "III/a", unit: str = "BKD", post: str = "") -> str:
    return EMPLOYEE_HEADER + f"{nip},Andi Wijaya,{golongan},S1,{unit},{post}\n"


BAD_INPUTS = {
    "wrong NIP length": (
        {"employees.csv": employee(nip="19800101200501100")},
        ['employees.csv:2: nip "19800101200501100": has 17 digits; a NIP has 18'],
    ),
    "impossible NIP date": (
        {"employees.csv": employee(nip="198002302005011001")},
        ['employees.csv:2: nip "198002302005011001": "19800230" is not a real birth date (YYYYMMDD)'],
    ),
    "gender digit 3": (
        {"employees.csv": employee(nip="198001012005013001")},
        [
            'employees.csv:2: nip "198001012005013001": gender digit is 3; a PNS NIP has 1 (male) or 2 (female) '
            "there (PPPK contract staff numbers are not supported)"
        ],
    ),
    "CPNS before age 18": (
        {"employees.csv": employee(nip="199001012005011001")},
        [
            'employees.csv:2: nip "199001012005011001": CPNS start 2005-01 is before the person turned 18 '
            "(born 1990-01-01)"
        ],
    ),
    "unknown rank": (
        {"employees.csv": employee(golongan="IV/f")},
        [
            'employees.csv:2: golongan "IV/f": unknown golongan; use one of I/a, I/b, I/c, I/d, II/a, II/b, II/c, '
            "II/d, III/a, III/b, III/c, III/d, IV/a, IV/b, IV/c, IV/d, IV/e"
        ],
    ),
    "unknown column": (
        {"units.csv": "code,nama\nX,Unit X\n"},
        [
            'units.csv:1: column "nama": unknown column; the columns are code, name, parent_code',
            'units.csv:1: column "name": missing; this column is required',
        ],
    ),
    "SKP predicate contradicting the matrix": (
        {"skp.csv": f"nip,year,work_result,behaviour,predicate\n{BUDI},2022,below,above,baik\n"},
        [
            'skp.csv:2: predicate "baik": work result below and behaviour above give butuh_perbaikan by the SKP '
            "matrix; correct the predicate or leave it empty"
        ],
    ),
    "overlapping job-history rows": (
        {
            "job_history.csv": "nip,start_date,end_date,title,level,eselon,unit_name\n"
            f"{SITI},2010-01-04,2015-06-30,Analis Kepegawaian,pelaksana,,BKD\n"
            f"{SITI},2015-06-01,2021-02-28,Kepala Seksi,pengawas,IV.a,BKD\n"
            f"{BUDI},2019-06-01,2019-12-31,Kepala Bidang,administrator,III.b,BKD\n"
        },
        [
            'job_history.csv:3: start_date "2015-06-01": overlaps the row starting 2010-01-04 (line 2), which ends '
            "2015-06-30; rows of one person must not overlap",
            'job_history.csv:4: start_date "2019-06-01": overlaps the row starting 2015-01-05 (already in the '
            "database), which ends 2019-12-31; rows of one person must not overlap",
        ],
    ),
    "unknown unit": (
        {"employees.csv": employee(unit="DINAS-X")},
        ['employees.csv:2: unit_code "DINAS-X": no such unit in units.csv or the database; add it to units.csv'],
    ),
    "unknown post": (
        {"employees.csv": employee(post="BKD-X")},
        [
            'employees.csv:2: position_code "BKD-X": no such post in positions.csv or the database; '
            "add it to positions.csv"
        ],
    ),
    "two people holding one post": (
        {
            "employees.csv": employee(post="BKD-KEPALA")
            + "199203032016032001,Dewi Lestari,III/b,S1,BKD,BKD-KASUBAG\n"
            + "199304042017041001,Eko Prasetyo,III/a,S1,BKD,BKD-KASUBAG\n"
        },
        [
            'employees.csv:2: position_code "BKD-KEPALA": held by 198001012005011001 in the database; a post has '
            "one holder (give that person their new post in employees.csv too)",
            'employees.csv:4: position_code "BKD-KASUBAG": also held by 199203032016032001 (line 3); '
            "a post has one holder",
        ],
    ),
    "non-UTF-8 file": (
        {"units.csv": "code,name\nDPUPR,Dinas Pekerjaan Umum – Tata Ruang\n".encode("cp1252")},
        ["units.csv: not UTF-8 (byte 0x96 on line 2); save the file as UTF-8 CSV"],
    ),
    "empty file": (
        {"trainings.csv": ""},
        ["trainings.csv: empty file; it needs a header row naming its columns"],
    ),
}


@pytest.mark.parametrize("files, expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
async def test_bad_input_is_reported_and_nothing_is_written(engine, sessions, tmp_path, files, expected):
    assert (await import_folder(sessions, write_folder(tmp_path / "valid", VALID))).ok
    before = await dump_database(engine)

    report = await import_folder(sessions, write_folder(tmp_path / "bad", files))

    assert [str(p) for p in report.problems] == expected
    assert report.counts == {}
    assert await dump_database(engine) == before


async def test_every_error_is_listed_not_only_the_first(sessions, tmp_path):
    files = {
        "units.csv": "code,name,parent_code\nA,Unit A,B\nB,Unit B,A\nA,Again,\n",
        "employees.csv": employee(nip="1980") + "198001012005011001,Budi,IV/z,S9,NOPE,\n",
    }
    report = await import_folder(sessions, write_folder(tmp_path / "bad", files))
    assert [str(p) for p in report.problems] == [
        'units.csv:2: parent_code "B": makes a cycle (A → B → A); a unit cannot be its own ancestor',
        'units.csv:3: parent_code "A": makes a cycle (B → A → B); a unit cannot be its own ancestor',
        'units.csv:4: code "A": same key as line 2; each code may appear once in the file',
        'employees.csv:2: nip "1980": has 4 digits; a NIP has 18',
        'employees.csv:2: unit_code "BKD": no such unit in units.csv or the database; add it to units.csv',
        'employees.csv:3: golongan "IV/z": unknown golongan; use one of I/a, I/b, I/c, I/d, II/a, II/b, II/c, '
        "II/d, III/a, III/b, III/c, III/d, IV/a, IV/b, IV/c, IV/d, IV/e",
        'employees.csv:3: education "S9": unknown value; use one of SD, SMP, SMA, D-I, D-II, D-III, D-IV, S1, S2, S3',
        'employees.csv:3: unit_code "NOPE": no such unit in units.csv or the database; add it to units.csv',
    ]


MORE_BAD_INPUTS = {
    "post held disagrees with the open job-history row": (
        {
            "employees.csv": employee(nip="199001012015031001", post="BKD-KASUBAG"),
            "job_history.csv": "nip,start_date,end_date,position_code\n199001012015031001,2022-01-03,,BKD-SEKRETARIS\n",
        },
        [
            'employees.csv:2: position_code "BKD-KASUBAG": the open job_history row (line 2) is for '
            '"BKD-SEKRETARIS"; they must agree',
        ],
    ),
    "eselon that does not belong to the level": (
        {"positions.csv": "code,title,unit_code,level,eselon\nBKD-KABID,Kepala Bidang,BKD,administrator,IV.a\n"},
        ['positions.csv:2: eselon "IV.a": does not match level administrator; use III.a or III.b'],
    ),
    "birth date column disagreeing with the NIP": (
        {
            "employees.csv": "nip,name,golongan,education,unit_code,birth_date,gender\n"
            "199001012015031001,Andi,III/a,S1,BKD,1990-01-02,female\n"
        },
        [
            'employees.csv:2: birth_date "1990-01-02": the NIP says 1990-01-01; correct one of them',
            'employees.csv:2: gender "female": the NIP says male; correct one of them',
        ],
    ),
    "competency level out of range and unknown employee": (
        {
            "competencies.csv": "nip,assessed_on,competency,target_level,kind,level,standard\n"
            f"{BUDI},2025-01-10,Integritas,jpt_pratama,managerial,6,4\n"
            "199001012015031001,2025-01-10,Integritas,jpt_pratama,managerial,3,4\n"
        },
        [
            'competencies.csv:2: level "6": out of range; write a number from 1 to 5',
            'competencies.csv:3: nip "199001012015031001": no such employee in employees.csv or the database; '
            "add them to employees.csv",
        ],
    ),
    "outside post without title": (
        {
            "job_history.csv": "nip,start_date,end_date,title,level,unit_name\n"
            f"{SITI},2012-01-02,2013-01-01,,pelaksana,\n"
        },
        [
            'job_history.csv:2: title "": empty; needed when position_code is empty (a post outside this government)',
            'job_history.csv:2: unit_name "": empty; needed when position_code is empty (a post outside this '
            "government)",
        ],
    ),
    "a parent cycle through a unit already in the database": (
        {"units.csv": "code,name,parent_code\nSETDA,Sekretariat Daerah,BKD\n"},
        ['units.csv:2: parent_code "BKD": makes a cycle (SETDA → BKD → SETDA); a unit cannot be its own ancestor'],
    ),
    "a job-history row running into a database row": (
        {
            "job_history.csv": "nip,start_date,end_date,title,level,eselon,unit_name\n"
            f"{SITI},2019-01-01,2021-03-15,Kepala Seksi,pengawas,IV.a,BKD\n"
        },
        [
            'job_history.csv:2: end_date "2021-03-15": overlaps the row starting 2021-03-01 already in the database; '
            "rows of one person must not overlap"
        ],
    ),
    "unknown file and bad date": (
        {"trainings.csv": f"nip,kind,completed_on\n{BUDI},PKA,30/08/2019\n", "notes.csv": "x\n1\n"},
        [
            "notes.csv: not an import file; name it one of units.csv, positions.csv, employees.csv, job_history.csv, "
            "skp.csv, competencies.csv, trainings.csv, discipline.csv",
            'trainings.csv:2: completed_on "30/08/2019": not a date; write YYYY-MM-DD, e.g. 2015-03-01',
        ],
    ),
}


@pytest.mark.parametrize("files, expected", MORE_BAD_INPUTS.values(), ids=MORE_BAD_INPUTS.keys())
async def test_more_bad_inputs(engine, sessions, tmp_path, files, expected):
    await test_bad_input_is_reported_and_nothing_is_written(engine, sessions, tmp_path, files, expected)
