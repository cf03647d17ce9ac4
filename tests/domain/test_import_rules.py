"""Issue 14: the optional ``jf_grade`` column of job_history.csv, blank competency standards, and
clear row errors for a SKP predicate written as its label and a NIP with a superscript digit."""

from __future__ import annotations

import sqlalchemy as sa

from domain.importer import import_folder
from domain.models import CompetencyAssessment, CompetencyScore, JobHistory
from domain.rules.eligibility import check_eligibility
from tests.domain.import_fixtures import BUDI, SITI, VALID, write_folder
from tests.domain.talent_factory import AS_OF

JOBS = "nip,start_date,end_date,position_code,title,level,eselon,unit_name,jf_grade\n"


async def imported(sessions, tmp_path, **changed: str) -> None:
    """Imports the valid folder with ``changed`` files in it; the import must succeed."""
    report = await import_folder(sessions, write_folder(tmp_path / "in", {**VALID, **changed}))
    assert report.ok, report.problems


async def test_the_jf_grade_column_is_imported(sessions, tmp_path):
    jobs = (
        JOBS
        + f"{BUDI},2015-01-05,2019-12-31,,Analis Kebijakan Ahli Madya,fungsional,,BKD Kabupaten Serang,ahli_madya\n"
        + f"{BUDI},2020-01-01,,BKD-KEPALA,,,,,\n"
        + f"{SITI},2021-03-01,,BKD-SEKRETARIS,,,,,\n"
    )
    await imported(sessions, tmp_path, **{"job_history.csv": jobs})
    async with sessions() as s:
        rows = (await s.exec(sa.select(JobHistory.level, JobHistory.jf_grade).where(JobHistory.nip == BUDI))).all()
    assert sorted(rows, key=str) == sorted([("fungsional", "ahli_madya"), ("jpt_pratama", None)], key=str)


async def problems(sessions, tmp_path, **changed: str) -> list[str]:
    files = {**VALID, **changed}
    report = await import_folder(sessions, write_folder(tmp_path / "in", files))
    assert not report.ok
    return [str(p) for p in report.problems]


async def test_a_jf_grade_on_another_post_or_unknown_is_a_row_error(sessions, tmp_path):
    jobs = (
        JOBS
        + f"{BUDI},2015-01-05,2019-12-31,,Kepala Bidang,administrator,III.b,BKD Kabupaten Serang,ahli_madya\n"
        + f"{BUDI},2020-01-01,,BKD-KEPALA,,,,,Ahli Madya\n"
    )
    found = await problems(sessions, tmp_path, **{"job_history.csv": jobs})
    assert 'job_history.csv:2: jf_grade "ahli_madya": a administrator post has no JF grade; leave it empty' in found
    assert (
        'job_history.csv:3: jf_grade "Ahli Madya": unknown value; use one of ahli_pertama, ahli_muda, ahli_madya, '
        "ahli_utama, terampil, mahir, penyelia" in found
    )


async def test_a_skp_predicate_written_as_its_label_is_a_clear_row_error(sessions, tmp_path):
    skp = f"nip,year,work_result,behaviour,predicate\n{BUDI},2022,as_expected,as_expected,Baik\n"
    found = await problems(sessions, tmp_path, **{"skp.csv": skp})
    assert found == [
        "skp.csv:2: predicate \"Baik\": the label 'Baik' is written as the code baik; use one of sangat_baik, baik, "
        "butuh_perbaikan, kurang, sangat_kurang, or leave it empty (the matrix gives it)"
    ]


async def test_a_superscript_digit_in_a_nip_is_a_clear_row_error(sessions, tmp_path):
    bad = "19800101 200501 1 00¹"
    employees = VALID["employees.csv"].replace("19800101 200501 1 001", bad, 1)
    found = await problems(sessions, tmp_path, **{"employees.csv": employees})
    message = "contains '¹', which is not one of the digits 0-9; retype the NIP with plain digits"
    assert f'employees.csv:2: nip "{bad}": {message}' in found


COMPETENCIES = "nip,assessed_on,competency,target_level,kind,level,standard\n"


async def test_a_blank_standard_takes_the_level_setting_and_a_low_file_standard_warns(sessions, tmp_path):
    """Issue 14, item 2: blank standard → the competency_standard of the target level (JPT 4); a file
    standard of 2 for a JPT assessment is kept but the verdict warns."""
    competencies = (
        COMPETENCIES
        + f"{BUDI},2024-05-10,Integritas,jpt_pratama,managerial,3,\n"
        + f"{BUDI},2024-05-10,Kerjasama,jpt_pratama,managerial,3,\n"
        + f"{SITI},2024-05-11,Integritas,jpt_pratama,managerial,3,2\n"
        + f"{SITI},2024-05-11,Kerjasama,jpt_pratama,managerial,3,4\n"
    )
    await imported(sessions, tmp_path, **{"competencies.csv": competencies})
    async with sessions() as s:
        jpm = dict((await s.exec(sa.select(CompetencyAssessment.nip, CompetencyAssessment.jpm))).all())
        assert jpm == {BUDI: 75.0, SITI: 100.0}  # 6 of 4+4; 6 of 2+4
        standards = (await s.exec(sa.select(CompetencyScore.standard).order_by(CompetencyScore.id))).scalars().all()
        assert list(standards) == [4, 4, 2, 4]
        budi = await check_eligibility(s, BUDI, "BKD-KEPALA", AS_OF)
        siti = await check_eligibility(s, SITI, "BKD-KEPALA", AS_OF)
    assert "competency_standard" not in [c.rule for c in budi.checks]
    warning = next(c for c in siti.warnings if c.rule == "competency_standard")
    assert warning.detail == (
        "the assessment of 2024-05-11 measured a competency against standard 2; the JPT Pratama standard is 4: "
        "its JPM may overstate the fit for JPT Pratama"
    )
