"""Issue 14, "settings that break rules silently": every setting is checked against its meaning and
refused — naming the key, the bad value and what is allowed, changing nothing — and a threshold
stated in several settings moves in all of them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.models import AuditEvent
from domain.rulebook import DEFAULTS, Rulebook, default_rulebook, load_rulebook, update_setting
from domain.rules.counting import years_to_days
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import PostFacts
from domain.rules.requirements import retirement_age
from domain.rules.setting_meaning import meaning_problems
from domain.setup import ensure_reference_data
from tests.domain.talent_factory import AS_OF, JPT_POST, JobRow, days, eligible_facts
from workflow.rule_settings import change_rule_setting

ADM_POST = PostFacts("DINKES-SEKRETARIS", "administrator", "III.a")


@pytest.fixture
async def settled(sessions, session):
    await ensure_reference_data(sessions)
    return session


def changed(key: str, **parts: object) -> str:
    return json.dumps({**DEFAULTS[key].value, **parts})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "discipline",
            changed("discipline", barring=["Sedang", "berat"]),
            'discipline.barring[0]: "Sedang" is not allowed; use one of ringan, sedang, berat',
        ),
        (
            "min_rank_by_eselon",
            changed("min_rank_by_eselon", **{"II.a": "IV.b"}),
            'min_rank_by_eselon.II.a: "IV.b" is not allowed; use one of I/a, I/b',
        ),
        (
            "skp",
            changed("skp", min_predicate="Baik"),
            'skp.min_predicate: "Baik" is not allowed; use one of sangat_baik, baik, butuh_perbaikan, kurang, '
            "sangat_kurang",
        ),
        (
            "education_min",
            changed("education_min", jpt_pratama="S-1"),
            'education_min.jpt_pratama: "S-1" is not allowed; use one of SD, SMP, SMA, D-I, D-II, D-III, D-IV, S1',
        ),
        (
            "ninebox",
            json.dumps({**DEFAULTS["ninebox"].value, "performance": {"sangat_baik": "top", "baik": "as_expected"}}),
            'ninebox.performance.sangat_baik: "top" is not allowed; use one of below, as_expected, above',
        ),
        ("jpm_min", "101", "jpm_min: 101 is out of range; allowed 0 to 100"),
        ("jpm_min", "-1", "jpm_min: -1 is out of range; allowed 0 to 100"),
        (
            "ranking_weights",
            json.dumps({"jpm": 0.5, "ninebox": 0.2, "skp": 0.2, "years_at_level": 0.2}),
            "ranking_weights: the weights add up to 1.1; they must add up to 1 (100 %)",
        ),
        (
            "ranking_weights",
            json.dumps({"jpm": 1.2, "ninebox": -0.2, "skp": 0, "years_at_level": 0}),
            "ranking_weights.ninebox: -0.2 is out of range; allowed 0 to 1",
        ),
        ("max_age", changed("max_age", jpt_pratama=49), "max_age.jpt_pratama: 49 is out of range; allowed 50 to 70"),
        ("bup", changed("bup", pelaksana=71), "bup.pelaksana: 71 is out of range; allowed 50 to 70"),
        ("bup", changed("bup", pelaksana=58.5), "bup.pelaksana: 58.5 is not a whole number"),
        (
            "jpm_categories",
            json.dumps({"memenuhi": 70, "masih_memenuhi": 75}),
            "jpm_categories: masih_memenuhi 75 is above memenuhi 70; masih_memenuhi must not exceed memenuhi",
        ),
        ("skp", changed("skp", years=0), "skp.years: 0 is out of range; allowed 1 to 5"),
        ("rotation_lock_years", "11", "rotation_lock_years: 11 is out of range; allowed 0 to 10"),
        (
            "min_rank_by_eselon",
            changed("min_rank_by_eselon", **{"III.b": "IV/c"}),
            "min_rank_by_eselon: eselon III.b would need IV/c, more than III/d for the higher eselon III.a",
        ),
        ("training", changed("training", pengawas="PKP2"), 'training.pengawas: "PKP2" is not allowed'),
        (
            "experience",
            changed("experience", pengawas={"levels": ["staf"], "jf_grades": [], "years": 4, "total_years": 0}),
            'experience.pengawas.levels[0]: "staf" is not allowed; use one of jpt_madya, jpt_pratama',
        ),
        (
            "experience",
            changed(
                "experience",
                pengawas={"levels": ["fungsional"], "jf_grades": ["Ahli Madya"], "years": 4, "total_years": 0},
            ),
            'experience.pengawas.jf_grades[0]: "Ahli Madya" is not allowed; use one of ahli_pertama, ahli_muda, '
            "ahli_madya, ahli_utama, terampil, mahir, penyelia",
        ),
        ("competency_standard", changed("competency_standard", pengawas=6), "competency_standard.pengawas: 6 is out"),
    ],
)
async def test_a_value_against_its_meaning_is_refused_and_nothing_changes(settled, key, value, message):
    before = (await load_rulebook(settled)).values
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, key, value)
    assert message in refused.value.message
    assert refused.value.message.endswith("nothing was changed")
    assert (await load_rulebook(settled)).values == before


def test_every_default_means_what_it_says():
    for key, default in DEFAULTS.items():
        assert meaning_problems(key, default.value) == [], key


async def test_the_68_percent_threshold_moves_in_all_three_settings(settled, sessions):
    await settled.commit()
    _row, old, new, derived = await change_rule_setting(sessions, "jpm_min", "70", "Perkada 1/2026", username="admin")
    assert (old, new) == (68.0, 70.0) and set(derived) == {"jpm_categories", "ninebox"}
    async with sessions() as s:
        book = await load_rulebook(s)
        assert book["jpm_categories"]["masih_memenuhi"] == 70.0
        assert book["ninebox"]["potential"]["middle"] == 70.0
        event = (await s.exec(AuditEvent.__table__.select().order_by(AuditEvent.seq.desc()))).first()  # type: ignore[attr-defined]
        data = json.loads(event.data)
        assert data["derived"]["jpm_categories"]["new"]["masih_memenuhi"] == 70.0
        assert data["derived"]["ninebox"]["new"]["potential"]["middle"] == 70.0
        # and from the other end: the category boundary carries jpm_min and the nine-box band along
        await update_setting(s, "ninebox", json.dumps({**book["ninebox"], "potential": {"high": 82.0, "middle": 69.0}}))
        book = await load_rulebook(s)
        assert book["jpm_min"] == 69.0 and book["jpm_categories"] == {"memenuhi": 82.0, "masih_memenuhi": 69.0}


async def test_a_change_whose_derived_settings_would_break_is_refused(settled):
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, "jpm_min", "85")
    assert "jpm_categories: masih_memenuhi 85 is above memenuhi 80" in refused.value.message
    assert "(following jpm_min)" in refused.value.message
    assert (await load_rulebook(settled))["jpm_min"] == 68.0


async def test_bup_moves_the_age_limit_of_administrator_and_pengawas(settled):
    await update_setting(settled, "bup", changed("bup", administrator=60))
    book = await load_rulebook(settled)
    assert book["max_age"]["administrator"] == 58 and book["max_age"]["pengawas"] == 56
    # turning 57 on the appointment date: barred with BUP 58, within the limit with BUP 60
    admin = eligible_facts(birth_date=date(1969, 1, 26), assessments=[], golongan="IV/a")
    age = next(c for c in evaluate_eligibility(admin, ADM_POST, AS_OF, book).checks if c.rule == "age")
    assert age.passed and age.detail.endswith("58 at most (one year before BUP 60)")
    assert age.source == DEFAULTS["bup"].source
    old = next(c for c in evaluate_eligibility(admin, ADM_POST, AS_OF, default_rulebook()).checks if c.rule == "age")
    assert not old.passed and old.detail.endswith("56 at most (one year before BUP 58)")
    with pytest.raises(InvalidInput, match=r"max_age.pengawas: 57 disagrees with bup.pengawas 58; .* i.e. 56"):
        await update_setting(settled, "max_age", changed("max_age", pengawas=57))


def test_years_to_days_rounds_up_not_half_to_even():
    assert years_to_days(2.5) == 913
    assert years_to_days(2) == 730 and years_to_days(0.5) == 183 and years_to_days(0) == 0
    experience = json.loads(json.dumps(DEFAULTS["experience"].value))
    experience["jpt_pratama"]["years"] = 2.5
    book = Rulebook({**default_rulebook().values, "experience": experience}, default_rulebook().sources)
    for held, passed in ((912, False), (913, True)):
        person = eligible_facts(
            jobs=[
                JobRow(date(2010, 1, 1), date(2019, 12, 31), "pelaksana"),
                JobRow(AS_OF - days(held), None, "administrator"),
            ]
        )
        check = next(c for c in evaluate_eligibility(person, JPT_POST, AS_OF, book).checks if c.rule == "experience")
        assert check.passed is passed, check.detail
        assert "913 needed (2.5 years)" in check.detail


def test_the_bup_of_a_jf_holder_follows_the_grade():
    book = default_rulebook()
    assert [retirement_age("fungsional", g, book) for g in ("ahli_utama", "ahli_madya", "ahli_muda", None)] == [
        65,
        60,
        58,
        58,
    ]
    assert retirement_age("jpt_pratama", None, book) == 60 and retirement_age("pengawas", None, book) == 58


async def test_a_jf_grade_bup_outside_the_law_is_refused(settled):
    value = {**DEFAULTS["bup"].value, "fungsional_by_grade": {"ahli_utama": 75, "ahli_madya": 60}}
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, "bup", json.dumps(value))
    assert "bup.fungsional_by_grade.ahli_utama: 75 is out of range; allowed 50 to 70" in refused.value.message
