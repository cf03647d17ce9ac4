"""Editing a rule setting: only a value shaped like the default is stored, every refusal says what
to give instead, and the rules read (and cite) the value in force."""

from __future__ import annotations

import json

import pytest

from domain.errors import InvalidInput
from domain.models import RuleSetting
from domain.rulebook import DEFAULTS, load_rulebook, shape_problems, update_setting
from domain.rules.eligibility import check_eligibility
from domain.setup import ensure_reference_data
from tests.domain.talent_factory import AS_OF, AssessmentRow, TalentData, eligible_facts


@pytest.fixture
async def settled(sessions, session):
    """A session on a database holding the default settings."""
    await ensure_reference_data(sessions)
    return session


async def test_update_returns_old_and_new_and_the_rulebook_reads_it(settled):
    old, new = await update_setting(settled, "jpm_min", "70", source="Perkada 12/2026 Pasal 4")
    await settled.commit()
    assert (old, new) == (68.0, 70.0)  # an int given for a float default is stored as a float
    book = await load_rulebook(settled)
    assert book["jpm_min"] == 70.0 and isinstance(book["jpm_min"], float)
    assert book.source("jpm_min") == "Perkada 12/2026 Pasal 4"


async def test_without_a_source_the_old_one_is_kept(settled):
    value = {"memenuhi": 85, "masih_memenuhi": 70.5}
    assert await update_setting(settled, "jpm_categories", json.dumps(value)) == (
        {"memenuhi": 80.0, "masih_memenuhi": 68.0},
        {"memenuhi": 85.0, "masih_memenuhi": 70.5},
    )
    row = await settled.get(RuleSetting, "jpm_categories")
    assert row is not None and row.source == DEFAULTS["jpm_categories"].source


async def test_a_key_missing_from_the_table_starts_from_its_default(session):
    assert await update_setting(session, "rotation_lock_years", "3") == (2, 3)
    assert (await load_rulebook(session))["rotation_lock_years"] == 3


async def test_an_unknown_key_is_refused_with_the_list_of_keys(settled):
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, "jpm_minimum", "70")
    assert 'no rule setting "jpm_minimum"' in refused.value.message
    assert all(key in refused.value.message for key in DEFAULTS)


async def test_text_that_is_not_json_is_refused_saying_so(settled):
    with pytest.raises(InvalidInput, match=r"jpm_min: 'seventy' is not JSON .*; give it like 68\.0"):
        await update_setting(settled, "jpm_min", "seventy")


async def test_a_value_of_another_shape_is_refused_with_every_problem(settled):
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, "skp", '{"min_predicate": 3, "yeers": 2}')
    message = refused.value.message
    assert "skp: missing key years" in message
    assert "skp: unknown key yeers" in message
    assert "skp.min_predicate: expected a string, got a number (3)" in message
    assert message.endswith('give it like {"min_predicate": "baik", "years": 2}')
    assert (await load_rulebook(settled))["skp"] == DEFAULTS["skp"].value  # nothing written


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("jpm_min", '"70"', 'jpm_min: expected a finite number, got a string ("70")'),
        ("jpm_min", "true", "jpm_min: expected a finite number, got true or false (true)"),
        ("jpm_min", "NaN", "jpm_min: expected a finite number"),
        ("jpm_min", "null", "jpm_min: expected a finite number, got null (null)"),
        ("experience", '{"jpt_pratama": 2}', "experience: missing key administrator, pengawas"),
        (
            "experience",
            json.dumps(
                {**DEFAULTS["experience"].value, "pengawas": {"levels": "pelaksana", "years": 4, "total_years": 0}}
            ),
            'experience.pengawas.levels: expected a list, got a string ("pelaksana")',
        ),
        ("discipline", '{"barring": ["sedang", 3], "lookback_months": 12}', "discipline.barring[1]: expected a string"),
        ("education_min", '["S1"]', "education_min: expected an object, got a list"),
    ],
)
async def test_shape_problems_name_the_place(settled, key, value, problem):
    with pytest.raises(InvalidInput) as refused:
        await update_setting(settled, key, value)
    assert problem in refused.value.message


def test_numbers_may_be_int_or_float_and_every_default_fits_itself():
    assert (
        shape_problems(DEFAULTS["ranking_weights"].value, {"jpm": 1, "ninebox": 0, "skp": 0, "years_at_level": 0}, "w")
        == []
    )
    assert shape_problems(2, 2.5, "rotation_lock_years") == []
    for key, default in DEFAULTS.items():
        assert shape_problems(default.value, json.loads(json.dumps(default.value)), key) == [], key


async def test_a_blank_or_overlong_source_is_refused(settled):
    for source in ("  ", "x" * 251):
        with pytest.raises(InvalidInput, match="name the regulation or policy the value comes from in 1 to 250"):
            await update_setting(settled, "jpm_min", "70", source=source)


async def test_a_raised_jpm_min_changes_the_competency_verdict_and_is_cited(settled):
    data = TalentData(settled)
    await data.unit("BKD")
    await data.post("BKD-KEPALA", "BKD")
    person = eligible_facts(assessments=[AssessmentRow(AS_OF.replace(year=2025), "jpt_pratama", 69.0)])
    await data.person(person, "BKD")
    await settled.commit()

    def competency(verdict):  # type: ignore[no-untyped-def]
        return next(c for c in verdict.checks if c.rule == "competency")

    before = competency(await check_eligibility(settled, person.nip, "BKD-KEPALA", AS_OF))
    assert before.passed and "68% needed" in before.detail

    await update_setting(settled, "jpm_min", "70", source="Perkada 12/2026 Pasal 4")
    await settled.commit()
    verdict = await check_eligibility(settled, person.nip, "BKD-KEPALA", AS_OF)
    after = competency(verdict)
    assert not after.passed and not verdict.eligible
    assert "JPM 69%" in after.detail and "70% needed" in after.detail
    assert after.source == "Perkada 12/2026 Pasal 4"


def test_jpm_categories_follow_the_thresholds():
    from domain.competency import jpm_category

    categories = {"memenuhi": 80.0, "masih_memenuhi": 68.0}
    assert jpm_category(80.0, categories) == "Memenuhi Syarat"
    assert jpm_category(79.99, categories) == "Masih Memenuhi Syarat"
    assert jpm_category(68.0, categories) == "Masih Memenuhi Syarat"
    assert jpm_category(67.99, categories) == "Kurang Memenuhi Syarat"
