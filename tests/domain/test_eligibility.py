"""Every eligibility rule at its boundary: the day before, the day of, the day after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.errors import InvalidInput, NotFound
from domain.reference import Rating, skp_predicate
from domain.rulebook import default_rulebook
from domain.rules.eligibility import check_eligibility, evaluate_eligibility
from domain.rules.facts import PostFacts
from domain.rules.verdict import Severity
from tests.domain.talent_factory import (
    AS_OF,
    JPT_POST,
    AssessmentRow,
    JobRow,
    PenaltyRow,
    SkpRow,
    TalentData,
    days,
    eligible_facts,
)

BOOK = default_rulebook()


def verdict(person=None, post: PostFacts = JPT_POST, as_of: date = AS_OF):
    return evaluate_eligibility(person or eligible_facts(), post, as_of, BOOK)


def check(rule: str, person=None, post: PostFacts = JPT_POST, as_of: date = AS_OF):
    found = [c for c in verdict(person, post, as_of).checks if c.rule == rule]
    assert len(found) == 1, f"expected one {rule} check"
    return found[0]


def test_the_baseline_person_meets_every_rule():
    result = verdict()
    assert result.eligible, result.failing
    assert [c.rule for c in result.checks] == [
        "education",
        "experience",
        "experience_total",
        "rank",
        "skp",
        "competency",
        "discipline",
        "age",
        "rotation_lock",
        "current_level",
        "incumbent",
        "training",
        "health",
    ]
    assert all(c.source for c in result.checks)


# --- experience: 2 years = 730 days as administrator (or JF), 5 years = 1825 days in total ---------


@pytest.mark.parametrize(("held", "passed"), [(729, False), (730, True), (731, True)])
def test_experience_at_level_counts_days_to_the_day_before_the_appointment(held, passed):
    person = eligible_facts(
        jobs=[
            JobRow(date(2010, 1, 1), date(2019, 12, 31), "pelaksana"),
            JobRow(AS_OF - days(held), None, "administrator"),
        ]
    )
    result = check("experience", person)
    assert result.passed is passed
    assert result.detail == f"{held} days as administrator or fungsional (ahli_madya); 730 needed (2 years)"
    assert result.severity is Severity.BAR


@pytest.mark.parametrize(("last_day_offset", "counted"), [(-2, 729), (-1, 730), (0, 730), (5, 730)])
def test_a_closed_row_counts_its_last_day_but_never_past_the_appointment_date(last_day_offset, counted):
    start = AS_OF - days(730)
    person = eligible_facts(
        jobs=[
            JobRow(date(2010, 1, 1), date(2019, 12, 31), "pelaksana"),
            JobRow(start, AS_OF + days(last_day_offset), "administrator"),
        ]
    )
    assert check("experience", person).detail.startswith(f"{counted} days as administrator")


def test_rows_at_several_qualifying_levels_add_up():
    person = eligible_facts(
        jobs=[
            JobRow(date(2010, 1, 1), date(2019, 12, 31), "pelaksana"),
            JobRow(AS_OF - days(730), AS_OF - days(366), "fungsional", jf_grade="ahli_madya"),  # 365 days
            JobRow(AS_OF - days(365), None, "administrator"),  # 365 days
        ]
    )
    assert check("experience", person).passed
    assert check("experience", person).detail.startswith("730 days")


@pytest.mark.parametrize(("total", "passed"), [(1824, False), (1825, True), (1826, True)])
def test_experience_in_posts_in_total(total, passed):
    admin_start = AS_OF - days(1000)
    person = eligible_facts(
        jobs=[
            JobRow(admin_start - days(total - 1000), admin_start - days(1), "pelaksana"),
            JobRow(admin_start, None, "administrator"),
        ]
    )
    result = check("experience_total", person)
    assert result.passed is passed
    assert result.detail == f"{total} days in posts in total; 1825 needed (5 years)"


@pytest.mark.parametrize(("as_of_offset", "passed"), [(-1, False), (0, True), (1, True)])
def test_experience_is_met_on_the_day_730_days_have_passed(as_of_offset, passed):
    start = date(2024, 1, 26)
    person = eligible_facts(
        jobs=[JobRow(date(2010, 1, 1), date(2024, 1, 25), "pelaksana"), JobRow(start, None, "administrator")]
    )
    as_of = start + days(730 + as_of_offset)
    assert check("experience", person, as_of=as_of).passed is passed


def test_a_row_starting_after_the_appointment_date_counts_nothing():
    person = eligible_facts(jobs=[JobRow(AS_OF, None, "administrator"), JobRow(AS_OF + days(10), None, "fungsional")])
    assert check("experience", person).detail.startswith("0 days")


# --- age: the 57th birthday must not have come on the appointment date ---------------------------


@pytest.mark.parametrize(
    ("as_of", "passed"), [(date(2026, 1, 25), True), (date(2026, 1, 26), False), (date(2026, 1, 27), False)]
)
def test_age_57th_birthday(as_of, passed):
    person = eligible_facts(birth_date=date(1969, 1, 26))
    result = check("age", person, as_of=as_of)
    assert result.passed is passed
    assert "57th birthday, 2026-01-26" in result.detail
    assert result.detail.endswith("56 at most")


@pytest.mark.parametrize(("as_of", "passed"), [(date(2025, 2, 28), True), (date(2025, 3, 1), False)])
def test_born_on_29_february_turns_57_on_1_march_in_a_common_year(as_of, passed):
    person = eligible_facts(birth_date=date(1968, 2, 29))
    assert check("age", person, as_of=as_of).passed is passed


def test_administrator_and_pengawas_use_their_own_max_age():
    post = PostFacts("DINKES-SEKRETARIS", "administrator", "III.a")
    person = eligible_facts(birth_date=date(1969, 1, 27))
    assert check("age", person, post=post).passed
    assert not check("age", replace(person, birth_date=date(1969, 1, 26)), post=post).passed


# --- discipline: sedang/berat bars while its end date ≥ the day 12 months before ------------------


@pytest.mark.parametrize(
    ("end", "passed"), [(date(2025, 1, 25), True), (date(2025, 1, 26), False), (date(2025, 1, 27), False)]
)
@pytest.mark.parametrize("severity", ["sedang", "berat"])
def test_discipline_lookback_of_12_months(severity, end, passed):
    person = eligible_facts(penalties=[PenaltyRow(date(2024, 1, 10), severity, date(2024, 2, 1), end)])
    result = check("discipline", person)
    assert result.passed is passed
    assert "2025-01-26" in result.detail


def test_an_open_ended_penalty_is_in_effect_and_ringan_never_bars():
    assert not check("discipline", eligible_facts(penalties=[PenaltyRow(date(2015, 1, 1), "berat")])).passed
    ringan = eligible_facts(penalties=[PenaltyRow(date(2025, 12, 1), "ringan", date(2025, 12, 1), None)])
    assert check("discipline", ringan).passed


def test_a_penalty_decreed_after_the_appointment_date_is_not_known_yet():
    person = eligible_facts(penalties=[PenaltyRow(AS_OF + days(1), "berat", AS_OF + days(1), None)])
    assert check("discipline", person).passed
    assert not check("discipline", person, as_of=AS_OF + days(1)).passed


# --- SKP: the two calendar years before the appointment year --------------------------------------


@pytest.mark.parametrize(
    ("as_of", "passed", "years"),
    [
        (date(2025, 12, 31), False, "2023: missing, 2024: Baik"),
        (date(2026, 1, 1), True, "2024: Baik, 2025: Baik"),
        (date(2026, 12, 31), True, "2024: Baik, 2025: Baik"),
        (date(2027, 1, 1), False, "2025: Baik, 2026: missing"),
    ],
)
def test_skp_years_around_a_year_boundary(as_of, passed, years):
    result = check("skp", eligible_facts(), as_of=as_of)
    assert result.passed is passed
    assert result.detail.startswith(years)


@pytest.mark.parametrize("work_result", list(Rating))
@pytest.mark.parametrize("behaviour", list(Rating))
def test_skp_predicate_matrix(work_result, behaviour):
    predicate = skp_predicate(work_result, behaviour)
    person = eligible_facts(skps=[SkpRow(2024, "baik"), SkpRow(2025, predicate.value)])
    expected = (work_result, behaviour) in {
        (Rating.ABOVE, Rating.ABOVE),
        (Rating.ABOVE, Rating.AS_EXPECTED),
        (Rating.AS_EXPECTED, Rating.ABOVE),
        (Rating.AS_EXPECTED, Rating.AS_EXPECTED),
    }
    assert check("skp", person).passed is expected
    assert predicate.label in check("skp", person).detail


# --- competency: the latest assessment against the post's level, JPM ≥ 68 -------------------------


@pytest.mark.parametrize(("jpm", "passed"), [(67.99, False), (68.0, True), (68.01, True)])
def test_jpm_threshold(jpm, passed):
    person = eligible_facts(assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", jpm)])
    result = check("competency", person)
    assert result.passed is passed
    assert result.detail == f"JPM {jpm:g}% against JPT Pratama (assessed 2025-06-01); 68% needed"


def test_no_assessment_against_the_post_level_fails_with_its_reason():
    person = eligible_facts(assessments=[AssessmentRow(date(2025, 6, 1), "administrator", 95.0)])
    result = check("competency", person)
    assert not result.passed
    assert result.detail.startswith("no assessment against JPT Pratama")


@pytest.mark.parametrize(("as_of_offset", "passed"), [(-1, False), (0, True), (1, True)])
def test_an_assessment_counts_from_its_own_date(as_of_offset, passed):
    person = eligible_facts(assessments=[AssessmentRow(AS_OF, "jpt_pratama", 75.0)])
    assert check("competency", person, as_of=AS_OF + days(as_of_offset)).passed is passed


def test_the_most_recent_assessment_decides():
    person = eligible_facts(
        assessments=[
            AssessmentRow(date(2023, 1, 1), "jpt_pratama", 90.0),
            AssessmentRow(date(2025, 1, 1), "jpt_pratama", 60.0),
        ]
    )
    assert not check("competency", person).passed
    assert check("competency", person, as_of=date(2024, 12, 31)).passed


# --- rank: one step below the eselon's lowest ----------------------------------------------------


@pytest.mark.parametrize(
    ("eselon", "golongan", "passed"),
    [
        ("II.b", "III/d", False),
        ("II.b", "IV/a", True),
        ("II.b", "IV/b", True),
        ("II.a", "IV/a", False),
        ("II.a", "IV/b", True),
    ],
)
def test_rank_minimum_by_eselon(eselon, golongan, passed):
    post = replace(JPT_POST, eselon=eselon)
    result = check("rank", eligible_facts(golongan=golongan), post=post)
    assert result.passed is passed
    assert result.detail.startswith(f"golongan {golongan}; ")


def test_pengawas_rank_minimum():
    post = PostFacts("X-KASUBBAG", "pengawas", "IV.b")
    assert not check("rank", eligible_facts(golongan="II/c"), post=post).passed
    assert check("rank", eligible_facts(golongan="II/d"), post=post).passed


# --- education, training, health, rotation lock --------------------------------------------------


@pytest.mark.parametrize(("education", "passed"), [("D-III", False), ("D-IV", True), ("S1", True), ("S3", True)])
def test_education_for_jpt(education, passed):
    assert check("education", eligible_facts(education=education)).passed is passed


def test_education_for_pengawas_starts_at_d3():
    post = PostFacts("X-KASUBBAG", "pengawas", "IV.a")
    assert check("education", eligible_facts(education="D-III"), post=post).passed
    assert not check("education", eligible_facts(education="SMA"), post=post).passed


def test_missing_leadership_training_is_a_warning_not_a_bar():
    result = verdict(eligible_facts(trainings=[]))
    assert result.eligible
    assert [w.rule for w in result.warnings] == ["training"]


def test_health_unfit_bars_and_unknown_warns():
    assert not verdict(eligible_facts(health_ok=False)).eligible
    unknown = verdict(eligible_facts(health_ok=None))
    assert unknown.eligible
    assert [w.rule for w in unknown.warnings] == ["health"]


@pytest.mark.parametrize(("held", "passed"), [(729, False), (730, True), (731, True)])
def test_a_jpt_holder_is_locked_two_years_before_rotation(held, passed):
    person = eligible_facts(
        jobs=[
            JobRow(date(2015, 1, 1), AS_OF - days(held + 1), "administrator"),
            JobRow(AS_OF - days(held), None, "jpt_pratama"),
        ]
    )
    result = check("rotation_lock", person)
    assert result.passed is passed
    assert result.detail.startswith(f"{held} days in the current JPT Pratama post")


# --- loading from the database ------------------------------------------------------------------


async def test_check_eligibility_reads_the_database_like_the_pure_rules(session):
    data = TalentData(session)
    await data.unit("BKD")
    await data.post("BKD-KEPALA", "BKD")
    person = eligible_facts(penalties=[PenaltyRow(date(2024, 1, 10), "sedang", date(2024, 2, 1), date(2025, 1, 26))])
    await data.person(person, "BKD")
    await session.commit()
    loaded = await check_eligibility(session, person.nip, "BKD-KEPALA", AS_OF)
    assert loaded == verdict(person)
    assert [c.rule for c in loaded.failing] == ["discipline"]


async def test_unknown_nip_post_and_unrankable_levels_are_refused(session):
    data = TalentData(session)
    await data.unit("BKD")
    await data.post("BKD-KEPALA", "BKD")
    await data.post("BKD-STAF", "BKD", level="pelaksana", eselon=None)
    await data.person(eligible_facts(), "BKD")
    await session.commit()
    with pytest.raises(NotFound, match="no employee with NIP"):
        await check_eligibility(session, "199001012015031001", "BKD-KEPALA", AS_OF)
    with pytest.raises(NotFound, match='no post with code "NOPE"'):
        await check_eligibility(session, eligible_facts().nip, "NOPE", AS_OF)
    with pytest.raises(InvalidInput, match="pelaksana"):
        await check_eligibility(session, eligible_facts().nip, "BKD-STAF", AS_OF)


def test_the_holder_of_a_higher_post_is_not_eligible_for_a_lower_one():
    """The Sekda (JPT Madya) meets every other rule for a JPT Pratama post, but would move down."""
    sekda = eligible_facts(jobs=[JobRow(date(2015, 1, 1), date(2022, 12, 31), "administrator"),
                                 JobRow(date(2023, 1, 1), None, "jpt_madya")])  # fmt: skip
    verdict = evaluate_eligibility(sekda, JPT_POST, AS_OF, default_rulebook())
    check = next(c for c in verdict.checks if c.rule == "current_level")
    assert not verdict.eligible
    assert [c.rule for c in verdict.failing] == ["current_level"]
    assert check.detail == "holds a JPT Madya post on 2026-01-25, above JPT Pratama: this would be a demotion"

    same_level = evaluate_eligibility(eligible_facts(), JPT_POST, AS_OF, default_rulebook())
    assert next(c for c in same_level.checks if c.rule == "current_level").passed
