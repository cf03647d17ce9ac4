"""Issue 14: the rules read the dated facts of the appointment date, one definition each, and the
Python verdict and the SQL ranking agree on every profile below (``both`` runs the two)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import sqlalchemy as sa

from domain.clock import today as clock_today
from domain.importer import import_folder
from domain.models import CompetencyAssessment, CompetencyScore, Employee, Position
from domain.reference import Level
from domain.rulebook import Rulebook, default_rulebook
from domain.rules.eligibility import check_eligibility, evaluate_eligibility
from domain.rules.facts import PersonFacts, load_people, load_post
from domain.rules.held import level_held, level_on
from domain.rules.ranking import rank_candidates
from tests.domain.import_fixtures import BUDI, SITI, VALID, write_folder
from tests.domain.talent_factory import (
    AS_OF,
    JPT_POST,
    AssessmentRow,
    EducationRow,
    JobRow,
    PenaltyRow,
    RankRow,
    TalentData,
    eligible_facts,
    make_nip,
)
from workflow.eligibility import current_level, nomination_checks
from workflow.rule_settings import change_rule_setting

BOOK = default_rulebook()
ADM_ASSESSED = AssessmentRow(date(2025, 6, 2), "administrator", 80.0)
PGW_ASSESSED = AssessmentRow(date(2025, 6, 3), "pengawas", 80.0)


async def province(session, people: list[tuple[PersonFacts, str | None]]) -> None:
    """Unit PROV with posts JPT-A (II.b), JPT-2A (II.a), ADM (III.a), PGW (IV.a) and ``people``
    (facts, recorded post)."""
    data = TalentData(session)
    await data.unit("PROV")
    await data.post("JPT-A", "PROV")
    await data.post("JPT-2A", "PROV", eselon="II.a")
    await data.post("ADM", "PROV", level="administrator", eselon="III.a")
    await data.post("PGW", "PROV", level="pengawas", eselon="IV.a")
    await data.people(people, "PROV")
    await session.commit()


async def both(session, code: str, as_of: date = AS_OF, book: Rulebook = BOOK) -> tuple[set[str], set[str]]:
    """Who is eligible for ``code`` on ``as_of``: by the Python rule on the stored facts, and by the
    SQL ranking. Every test asserts the two are equal."""
    nips = list((await session.exec(Employee.__table__.select().with_only_columns(Employee.nip))).scalars())
    people = await load_people(session, nips)
    post = await load_post(session, code)
    python = {nip for nip, p in people.items() if evaluate_eligibility(p, post, as_of, book).eligible}
    sql = {c.nip for c in (await rank_candidates(session, code, as_of, limit=500, rulebook=book)).items}
    return python, sql


def failing(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.rule for c in verdict.failing]


# --- item 7: one definition of "current level" -----------------------------------------------------


def open_administrator(**changes: object) -> PersonFacts:
    """No recorded post, an open administrator row since 2020: an Administrator, to every reader."""
    base: dict[str, object] = dict(
        nip=make_nip(date(1975, 5, 5)),
        jobs=[
            JobRow(date(2005, 1, 1), date(2011, 12, 31), "pelaksana"),
            JobRow(date(2012, 1, 1), date(2019, 12, 31), "pengawas"),
            JobRow(date(2020, 1, 1), None, "administrator"),
        ],
        assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 80.0), ADM_ASSESSED, PGW_ASSESSED],
        golongan="IV/b",
    )
    return eligible_facts(**{**base, **changes})


async def test_one_current_level_for_the_workflow_and_the_rules(session):
    person = open_administrator()
    await province(session, [(person, None)])
    employee = await session.get(Employee, person.nip)
    assert level_held(person, AS_OF) is Level.ADMINISTRATOR
    assert await level_on(session, person.nip, AS_OF) is Level.ADMINISTRATOR
    assert await current_level(session, employee, AS_OF) is Level.ADMINISTRATOR  # was Pelaksana (no post recorded)

    # The workflow's kind rule and the talent rule read the same level.
    post = await session.get(Position, "PGW")
    kind = await nomination_checks(session, {"promotion_requires_higher_level": True}, employee, post, AS_OF)
    assert [c.passed for c in kind] == [False]
    assert kind[0].detail.startswith("holds a Administrator post")
    verdict = await check_eligibility(session, person.nip, "PGW", AS_OF)
    assert failing(verdict) == ["current_level"]
    assert "holds a Administrator post on 2026-01-25, above Pengawas" in verdict.failing[0].detail

    python, sql = await both(session, "PGW")
    assert python == sql == set()
    python, sql = await both(session, "JPT-A")
    assert python == sql == {person.nip}


async def test_the_level_is_read_on_the_eve_of_the_appointment(session):
    """An administrator appointed JPT on AS_OF (row from AS_OF, the old one closed the day before)
    re-checked for that appointment on AS_OF: still an administrator going into it."""
    person = open_administrator(
        jobs=[
            JobRow(date(2005, 1, 1), date(2011, 12, 31), "pelaksana"),
            JobRow(date(2012, 1, 1), date(2019, 12, 31), "pengawas"),
            JobRow(date(2020, 1, 1), AS_OF.replace(day=25), "administrator"),
            JobRow(AS_OF, None, "jpt_pratama", "JPT-A"),
        ]
    )
    await province(session, [(person, "JPT-A")])
    verdict = await check_eligibility(session, person.nip, "JPT-A", AS_OF)
    assert verdict.eligible, verdict.failing
    assert level_held(person, AS_OF) is Level.JPT_PRATAMA  # on the day itself they hold the new post
    python, sql = await both(session, "JPT-A")
    assert python == sql == {person.nip}
    # The next day the appointment has happened: the incumbent is no candidate for it any more.
    python, sql = await both(session, "JPT-A", AS_OF.replace(day=27))
    assert python == sql == set()


# --- item 8: the incumbent of the post being filled is not a candidate -----------------------------


async def test_the_incumbent_is_not_a_candidate_in_the_rule_and_in_sql(session):
    incumbent = open_administrator(
        jobs=[
            JobRow(date(2005, 1, 1), date(2011, 12, 31), "pelaksana"),
            JobRow(date(2012, 1, 1), date(2019, 12, 31), "pengawas"),
            JobRow(date(2020, 1, 1), None, "administrator", "ADM"),
        ]
    )
    other = open_administrator(nip=make_nip(date(1976, 6, 6)))
    await province(session, [(incumbent, "ADM"), (other, None)])
    verdict = await check_eligibility(session, incumbent.nip, "ADM", AS_OF)
    assert failing(verdict) == ["incumbent"]
    assert verdict.failing[0].detail == (
        "holds ADM on 2026-01-25: the incumbent of the post being filled is not a candidate for it"
    )
    python, sql = await both(session, "ADM")
    assert python == sql == {other.nip}
    python, sql = await both(session, "JPT-A")  # a candidate for any other post
    assert python == sql == {incumbent.nip, other.nip}


async def test_a_recorded_post_without_its_job_row_still_makes_the_incumbent(session):
    """Data whose history lacks the row of the recorded post: the recorded post counts as held."""
    person = open_administrator(jobs=[JobRow(date(2012, 1, 1), date(2025, 12, 31), "pengawas")])
    await province(session, [(person, "ADM")])
    verdict = await check_eligibility(session, person.nip, "ADM", AS_OF)
    assert "incumbent" in failing(verdict)
    python, sql = await both(session, "ADM")
    assert python == sql == set()
    assert await level_on(session, person.nip, AS_OF) is Level.ADMINISTRATOR
    python, sql = await both(session, "PGW")  # holds an administrator post: not a candidate for a pengawas post
    assert python == sql == set()


def test_the_incumbent_rule_on_pure_facts():
    """Head of BKD since 2023 (a JPT row for BKD-KEPALA): no candidate for BKD-KEPALA, whose rotation
    lock and every other rule they meet."""
    jobs = [
        JobRow(date(2015, 1, 1), date(2022, 12, 31), "administrator"),
        JobRow(date(2023, 1, 1), None, "jpt_pratama"),
    ]
    elsewhere = eligible_facts(jobs=jobs)
    holder = eligible_facts(jobs=[jobs[0], replace(jobs[1], position_code="BKD-KEPALA")])
    assert evaluate_eligibility(elsewhere, JPT_POST, AS_OF, BOOK).eligible
    assert failing(evaluate_eligibility(holder, JPT_POST, AS_OF, BOOK)) == ["incumbent"]


# --- item 1: rank, education and the post held, as of the appointment date -------------------------


async def test_rank_is_read_from_the_rank_history_on_the_appointment_date(session):
    """IV/a since 2022, promoted to IV/b on 2026-04-01 (the snapshot says IV/b): short of the
    II.a minimum IV/b for an appointment on 2026-01-26, meets it on 2026-04-01."""
    person = open_administrator(
        golongan="IV/b",
        golongan_tmt=date(2026, 4, 1),
        ranks=[RankRow(date(2022, 4, 1), "IV/a"), RankRow(date(2026, 4, 1), "IV/b")],
    )
    await province(session, [(person, None)])
    before = await check_eligibility(session, person.nip, "JPT-2A", AS_OF)
    assert failing(before) == ["rank"]
    assert before.failing[0].detail == "golongan IV/a (TMT 2022-04-01); IV/b or higher needed for eselon II.a"
    assert (await check_eligibility(session, person.nip, "JPT-2A", date(2026, 4, 1))).eligible
    assert await both(session, "JPT-2A") == (set(), set())
    assert await both(session, "JPT-2A", date(2026, 4, 1)) == ({person.nip}, {person.nip})


async def test_a_rank_history_starting_after_the_date_leaves_no_rank(session):
    person = open_administrator(golongan_tmt=date(2026, 2, 1), ranks=[RankRow(date(2026, 2, 1), "IV/b")])
    await province(session, [(person, None)])
    verdict = await check_eligibility(session, person.nip, "JPT-A", AS_OF)
    assert failing(verdict) == ["rank"]
    assert verdict.failing[0].detail.startswith(
        "no golongan in effect on 2026-01-26 (the rank history starts 2026-02-01)"
    )
    assert await both(session, "JPT-A") == (set(), set())


async def test_education_is_read_from_the_education_history_on_the_appointment_date(session):
    """A pelaksana whose D-III is completed on 2026-06-30 (the snapshot already says D-III): not
    yet educated enough for a pengawas post on 2026-01-26."""
    person = eligible_facts(
        nip=make_nip(date(1985, 3, 3)),
        golongan="III/b",
        education="D-III",
        educations=[EducationRow("SMA", date(2003, 6, 1)), EducationRow("D-III", date(2026, 6, 30))],
        jobs=[JobRow(date(2010, 1, 1), None, "pelaksana")],
        assessments=[PGW_ASSESSED],
        trainings=[],
    )
    await province(session, [(person, None)])
    verdict = await check_eligibility(session, person.nip, "PGW", AS_OF)
    assert failing(verdict) == ["education"]
    assert verdict.failing[0].detail == "education SMA (completed 2003-06-01); D-III or higher needed"
    later = await check_eligibility(session, person.nip, "PGW", date(2026, 7, 1))
    assert later.eligible, later.failing
    assert await both(session, "PGW") == (set(), set())
    assert await both(session, "PGW", date(2026, 7, 1)) == ({person.nip}, {person.nip})


async def test_python_and_sql_agree_on_dated_ranks_and_education(session):
    """A differential run: 80 profiles with rank and education histories and snapshots around the
    tested days, for every post, on three days."""
    rng = random.Random(14)
    days_ = [AS_OF - timedelta(days=1), AS_OF, AS_OF + timedelta(days=1)]
    people = []
    for i in range(80):
        pick = rng.choice
        ranks = [RankRow(date(2018, 4, 1), pick(["III/d", "IV/a"]))] if rng.random() < 0.7 else []
        if rng.random() < 0.6:
            ranks.append(RankRow(pick(days_), pick(["IV/a", "IV/b", "IV/c"])))
        snapshot_tmt = pick([None, *days_, date(2018, 4, 1), date(2010, 1, 1)])
        educations = []
        if rng.random() < 0.7:
            educations = [
                EducationRow("SMA", date(1995, 6, 1)),
                EducationRow(pick(["D-III", "S1"]), pick([None, *days_])),
            ]
            if rng.random() < 0.3:
                educations.append(EducationRow("S2", pick(days_)))
        people.append(
            (
                open_administrator(
                    nip=make_nip(date(1970 + i % 20, 1 + i % 12, 10), 1 + i % 2),
                    golongan=pick(["IV/a", "IV/b", "III/d"]),
                    golongan_tmt=snapshot_tmt,
                    education=pick(["S1", "D-III", "SMA"]),
                    ranks=ranks,
                    educations=educations,
                ),
                None,
            )
        )
    await province(session, people)
    for code in ("JPT-A", "JPT-2A", "ADM", "PGW"):
        for day in days_:
            python, sql = await both(session, code, day)
            assert python == sql, (code, day, python ^ sql)


# --- item 5: the rotation lock counts time in the post, not the latest row -------------------------


def jpt_holder(*rows: JobRow, nip_seed: int = 0) -> PersonFacts:
    return eligible_facts(
        nip=make_nip(date(1972, 2, 2 + nip_seed)),
        golongan="IV/c",
        jobs=[JobRow(date(2012, 1, 1), date(2021, 12, 31), "administrator"), *rows],
    )


async def test_consecutive_rows_of_the_same_post_join_up_for_the_rotation_lock(session):
    """Post JPT-X held 2022-2024, then a new decree for the same post from 2025: four years in
    post, not 390 days. With a gap between the rows, the stint starts again in 2025."""
    await TalentData(session).unit("X")
    await TalentData(session).post("JPT-X", "X")
    await TalentData(session).post("JPT-Y", "X")
    joined = jpt_holder(
        JobRow(date(2022, 1, 1), date(2024, 12, 31), "jpt_pratama", "JPT-X"),
        JobRow(date(2025, 1, 1), None, "jpt_pratama", "JPT-X"),
    )
    gap = jpt_holder(
        JobRow(date(2022, 1, 1), date(2024, 6, 30), "jpt_pratama", "JPT-Y"),
        JobRow(date(2025, 1, 1), None, "jpt_pratama", "JPT-Y"),
        nip_seed=1,
    )
    lock = evaluate_eligibility(joined, JPT_POST, AS_OF, BOOK)
    assert lock.eligible, lock.failing
    check = next(c for c in lock.checks if c.rule == "rotation_lock")
    assert check.detail.startswith("1486 days in the current JPT Pratama post (since 2022-01-01); 730 needed")
    assert failing(evaluate_eligibility(gap, JPT_POST, AS_OF, BOOK)) == ["rotation_lock"]
    await province(session, [(joined, "JPT-X"), (gap, "JPT-Y")])
    assert await both(session, "JPT-A") == ({joined.nip}, {joined.nip})


async def test_python_and_sql_agree_on_the_rotation_lock(session):
    """A differential run over stints of one post split into rows, with and without gaps, around
    the 730-day boundary."""
    rng = random.Random(5)
    data = TalentData(session)
    await data.unit("X")
    people = []
    for i in range(60):
        code = f"JPT-{i}"
        await data.post(code, "X")
        start = AS_OF - timedelta(days=730 + rng.choice([-2, -1, 0, 1, 2, -400, 300]))
        split = start + timedelta(days=rng.randint(1, 700))
        gap = rng.choice([0, 0, 1, 5])
        rows = [
            JobRow(start, split - timedelta(days=1 + gap), "jpt_pratama", rng.choice([code, code, None])),
            JobRow(split, rng.choice([None, AS_OF - timedelta(days=1), AS_OF]), "jpt_pratama", code),
        ]
        people.append((replace(jpt_holder(*rows), nip=make_nip(date(1971, 1, 1 + i % 28))), code))
    await province(session, people)
    for day in (AS_OF, AS_OF + timedelta(days=1)):
        python, sql = await both(session, "JPT-A", day)
        assert python == sql, (day, python ^ sql)
        assert python  # some pass


# --- item 6: a penalty decided after the appointment date is not counted, and the verdict says why -


async def test_a_penalty_decreed_after_the_appointment_date_is_named_and_not_counted(session):
    """A sedang penalty decreed the day after the appointment date, ending 200 days later: not
    decided on the appointment date, so it does not bar then (the verdict says so); it bars from
    its decree date on."""
    decree = AS_OF + timedelta(days=1)
    person = open_administrator(penalties=[PenaltyRow(decree, "sedang", decree, decree + timedelta(days=200))])
    check = next(c for c in evaluate_eligibility(person, JPT_POST, AS_OF, BOOK).checks if c.rule == "discipline")
    assert check.passed
    assert check.detail == (
        "no sedang/berat penalty decided by 2026-01-26 in effect or ended on or after 2025-01-26; the sedang "
        "penalty decreed 2026-01-27 is not counted: it was decided after the appointment date, and a verdict "
        "reads the facts as of that date"
    )
    assert failing(evaluate_eligibility(person, JPT_POST, decree, BOOK)) == ["discipline"]
    await province(session, [(person, None)])
    assert await both(session, "JPT-A") == ({person.nip}, {person.nip})
    assert await both(session, "JPT-A", decree) == (set(), set())


# --- item 3: JF experience counts only at the grades the rule names -------------------------------


async def test_jpt_experience_counts_jf_ahli_madya_only(session):
    """A JF Ahli Pertama since 2010 has 16 years in posts but none that counts for JPT; a JF Ahli
    Madya since 2022 meets the 2 years. For an administrator post, any JF grade counts."""

    def jf(grade: str | None, since: date, seed: int) -> PersonFacts:
        return eligible_facts(
            nip=make_nip(date(1978, 4, 4 + seed)),
            jobs=[
                JobRow(date(2005, 1, 1), since - timedelta(days=1), "pelaksana"),
                JobRow(since, None, "fungsional", jf_grade=grade),
            ],
            assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 80.0), ADM_ASSESSED],
        )

    pertama, madya, unknown = (
        jf("ahli_pertama", date(2010, 1, 1), 0),
        jf("ahli_madya", date(2022, 1, 1), 1),
        jf(None, date(2010, 1, 1), 2),
    )
    experience = next(c for c in evaluate_eligibility(pertama, JPT_POST, AS_OF, BOOK).checks if c.rule == "experience")
    assert not experience.passed
    assert experience.detail == "0 days as administrator or fungsional (ahli_madya); 730 needed (2 years)"
    assert evaluate_eligibility(madya, JPT_POST, AS_OF, BOOK).eligible
    assert failing(evaluate_eligibility(unknown, JPT_POST, AS_OF, BOOK)) == ["experience"]
    await province(session, [(pertama, None), (madya, None), (unknown, None)])
    assert await both(session, "JPT-A") == ({madya.nip}, {madya.nip})
    python, sql = await both(session, "ADM")
    assert python == sql == {pertama.nip, madya.nip, unknown.nip}


async def test_a_blank_standard_takes_the_setting_in_force_on_the_assessment_date(sessions, tmp_path):
    """Issue 14, item 2: competency_standard for JPT Pratama was 4 until an admin raised it to 5
    today. An assessment of 2024-05-10 imported afterwards with a blank standard is measured
    against 4 — the standard of its day — and one of today against 5; a standard the file gives
    (3) is kept whatever the setting."""
    await change_rule_setting(
        sessions, "competency_standard", '{"jpt_pratama": 5, "administrator": 3, "pengawas": 3}', None, username="admin"
    )
    day = clock_today().isoformat()
    competencies = (
        "nip,assessed_on,competency,target_level,kind,level,standard\n"
        f"{BUDI},2024-05-10,Integritas,jpt_pratama,managerial,3,\n"
        f"{BUDI},{day},Integritas,jpt_pratama,managerial,3,\n"
        f"{SITI},2024-05-11,Integritas,jpt_pratama,managerial,3,3\n"
    )
    report = await import_folder(sessions, write_folder(tmp_path / "in", {**VALID, "competencies.csv": competencies}))
    assert report.ok, report.problems
    async with sessions() as s:
        rows = (
            await s.exec(
                sa.select(CompetencyAssessment.nip, CompetencyAssessment.assessed_on, CompetencyScore.standard)
                .join(CompetencyScore, CompetencyScore.assessment_id == CompetencyAssessment.id)
                .order_by(CompetencyAssessment.nip, CompetencyAssessment.assessed_on)
            )
        ).all()
    assert sorted((nip, str(on), standard) for nip, on, standard in rows) == sorted(
        [(BUDI, "2024-05-10", 4), (BUDI, day, 5), (SITI, "2024-05-11", 3)]
    )
