"""Helpers for the import and backup tests: a small valid import folder, a dump of every table,
and stamping a test database as migrated so the CLI does not try to create its tables again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from domain.migrate import alembic_config

BUDI = "198001012005011001"  # born 1980-01-01, CPNS 2005-01, male
SITI = "198505152010012002"  # born 1985-05-15, CPNS 2010-01, female

VALID: dict[str, str] = {
    "units.csv": """\
code,name,parent_code
SETDA,Sekretariat Daerah,
BKD,Badan Kepegawaian Daerah,SETDA
""",
    "positions.csv": """\
code,title,unit_code,level,eselon,parent_code
SEKDA,Sekretaris Daerah,SETDA,jpt_madya,I.b,
BKD-KEPALA,Kepala Badan Kepegawaian Daerah,BKD,jpt_pratama,II.a,SEKDA
BKD-SEKRETARIS,Sekretaris BKD,BKD,administrator,III.a,BKD-KEPALA
BKD-KASUBAG,Kepala Subbagian Umum,BKD,pengawas,IV.a,BKD-SEKRETARIS
""",
    # Spaces inside a NIP, a BOM and a free column order are all allowed.
    "employees.csv": """\
\ufeffnip,name,front_title,back_title,religion,golongan,golongan_tmt,education,major,unit_code,position_code,health_ok
19800101 200501 1 001,Budi Santoso,Dr.,"S.E., M.Si.",islam,IV/a,2018-04-01,S3,Ekonomi,BKD,BKD-KEPALA,true
198505152010012002,Siti Aminah,,S.Sos.,kristen,III/d,2019-10-01,S1,Sosiologi,BKD,BKD-SEKRETARIS,
""",
    "job_history.csv": f"""\
nip,start_date,end_date,position_code,title,level,eselon,unit_name,decree_number,decree_date
{BUDI},2015-01-05,2019-12-31,,Kepala Bidang Mutasi,administrator,III.b,BKD Kabupaten Serang,821/1/2015,2015-01-02
{BUDI},2020-01-01,,BKD-KEPALA,,,,,821/5/2020,2019-12-20
{SITI},2021-03-01,,BKD-SEKRETARIS,,,,,,
""",
    "skp.csv": f"""\
year,nip,work_result,behaviour,predicate
2023,{BUDI},above,above,sangat_baik
2024,{BUDI},as_expected,above,
2024,{SITI},below,as_expected,butuh_perbaikan
""",
    "competencies.csv": f"""\
nip,assessed_on,competency,target_level,kind,level,standard,assessor
{BUDI},2024-05-10,Integritas,jpt_pratama,managerial,4,4,UPT Penilaian Kompetensi
{BUDI},2024-05-10,Kerjasama,jpt_pratama,managerial,3,4,UPT Penilaian Kompetensi
{BUDI},2024-05-10,Perekat Bangsa,jpt_pratama,sociocultural,4,4,UPT Penilaian Kompetensi
""",
    "trainings.csv": f"""\
nip,kind,name,completed_on
{BUDI},PKN_II,Pelatihan Kepemimpinan Nasional Tingkat II,2019-08-30
""",
    "discipline.csv": f"""\
nip,decree_date,severity,penalty,start_date,end_date
{SITI},2018-02-01,ringan,teguran lisan,2018-02-01,2018-02-01
""",
}


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


async def dump_database(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, for before/after comparisons."""
    out = {}
    async with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = (await conn.execute(sa.select(table))).all()
            out[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return out


async def stamp_as_migrated(engine: AsyncEngine) -> None:
    """The test fixtures build the schema from the models; tell Alembic it is at head."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        command.stamp(config, "head")

    async with engine.begin() as conn:
        await conn.run_sync(run)
