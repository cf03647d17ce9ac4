"""Every eligibility check carries a message key of ``domain.rules.reasons.REASONS`` with exactly
the parameters the key names, so a page can word every reason in its reader's language
(issue 14, "Reasons in Bahasa Indonesia"). The profiles below reach every key of the table."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from domain.rulebook import default_rulebook
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import AssessmentRow, EducationRow, PostFacts, RankRow, TrainingRow
from domain.rules.kinds import NominationKind, default_kind_rules, kind_checks
from domain.rules.reasons import REASONS
from domain.rules.verdict import Check
from tests.domain.talent_factory import AS_OF, JPT_POST, JobRow, PenaltyRow, days, eligible_facts

BOOK = default_rulebook()
ADMIN_POST = PostFacts("DINKES-SEKRETARIS", "administrator", "III.a")
PENGAWAS_POST = PostFacts("DINKES-SEK-SB1-KEPALA", "pengawas", "IV.a")


def _profiles() -> list[tuple[object, PostFacts, date]]:
    base = eligible_facts()
    return [
        (base, JPT_POST, AS_OF),
        (eligible_facts(education="SMA"), JPT_POST, AS_OF),
        (eligible_facts(education="X9"), JPT_POST, AS_OF),
        (eligible_facts(educations=[EducationRow("S2", AS_OF + days(1))]), JPT_POST, AS_OF),
        (eligible_facts(ranks=[RankRow(AS_OF + days(1), "IV/a")], golongan_tmt=AS_OF + days(1)), JPT_POST, AS_OF),
        (eligible_facts(assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 80.0, 1)]), JPT_POST, AS_OF),
        (eligible_facts(golongan="III/a"), JPT_POST, AS_OF),
        (eligible_facts(assessments=[]), JPT_POST, AS_OF),
        (
            eligible_facts(penalties=[PenaltyRow(date(2025, 1, 10), "berat", date(2025, 2, 1), date(2025, 12, 1))]),
            JPT_POST,
            AS_OF,
        ),
        (eligible_facts(penalties=[PenaltyRow(date(2015, 1, 1), "berat")]), JPT_POST, AS_OF),
        (eligible_facts(penalties=[PenaltyRow(AS_OF + days(1), "berat", AS_OF + days(1), None)]), JPT_POST, AS_OF),
        (eligible_facts(birth_date=date(1960, 1, 1)), JPT_POST, AS_OF),
        (eligible_facts(birth_date=date(1960, 1, 1)), ADMIN_POST, AS_OF),
        (eligible_facts(), ADMIN_POST, AS_OF),
        (eligible_facts(health_ok=None), JPT_POST, AS_OF),
        (eligible_facts(health_ok=False), JPT_POST, AS_OF),
        (eligible_facts(trainings=[]), JPT_POST, AS_OF),
        (eligible_facts(trainings=[TrainingRow("PKN_II", None)]), JPT_POST, AS_OF),
        (replace(base, jobs=[JobRow(date(2010, 1, 1), None, "jpt_madya")]), JPT_POST, AS_OF),
        (replace(base, jobs=[JobRow(date(2024, 1, 1), None, "jpt_pratama", JPT_POST.code)]), JPT_POST, AS_OF),
        (replace(base, position_code="X-KEPALA", position_level="jpt_pratama", jobs=[]), JPT_POST, AS_OF),
    ]


def _checks() -> list[Check]:
    checks = [c for person, post, as_of in _profiles() for c in evaluate_eligibility(person, post, as_of, BOOK).checks]
    for kind in NominationKind:  # the kind rules' checks (an administrator for an administrator post)
        checks += kind_checks(eligible_facts(), ADMIN_POST, AS_OF, default_kind_rules(kind))
        checks += kind_checks(eligible_facts(), JPT_POST, AS_OF, default_kind_rules(kind))
    return checks


def test_every_check_has_a_known_key_with_exactly_its_params() -> None:
    for c in _checks():
        assert c.key in REASONS, (c.rule, c.detail)
        assert set(c.params) == set(REASONS[c.key]), (c.key, c.params)
        json.dumps(c.params)  # the API answers them as they are


def test_the_profiles_reach_every_key() -> None:
    assert set(REASONS) - {c.key for c in _checks()} == set()
