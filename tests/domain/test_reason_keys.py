"""Every eligibility check carries a message key of ``domain.rules.reasons.REASONS`` with exactly
the parameters the key names, so a page can word every reason in its reader's language
(issue 14, "Reasons in Bahasa Indonesia"). The profiles below reach every key of the table."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from domain.errors import ERROR_REASONS, REFUSAL_PARAMS, NotAllowed, Problem, Refusal, invalid_input
from domain.rulebook import default_rulebook
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import AssessmentRow, EducationRow, PostFacts, RankRow, TrainingRow
from domain.rules.kinds import NominationKind, default_kind_rules, kind_checks
from domain.rules.ninebox import not_mapped_key, not_mapped_reason
from domain.rules.reasons import NOT_MAPPED_REASONS, REASONS, SCORE_REASONS, message_keys
from domain.rules.scoring import score_parts
from domain.rules.verdict import Check
from tests.domain.talent_factory import AS_OF, JPT_POST, JobRow, PenaltyRow, days, eligible_facts
from workflow.decision import refused

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


# ---- Every other reason the server words: errors, score parts, the nine-box's not-mapped reasons ----

ROOT = Path(__file__).resolve().parents[2]
ERROR_CLASSES = {
    "DomainError",
    "NotFound",
    "InvalidInput",
    "NotAllowed",
    "Conflict",
    "Ineligible",
    "Problem",
    "AccountError",
    "refuse",  # api.schema.permissions.refuse: a NotAllowed, logged
}


def raised_keys() -> dict[str, set[str] | None]:
    """Every ``key="…"`` an error is built with anywhere in api/, workflow/ and domain/, found in the
    source (so a new one cannot be left out of a hand list), with the param names when the call
    spells them as a dict literal (None when computed)."""
    found: dict[str, set[str] | None] = {}
    for package in ("api", "workflow", "domain"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                keywords = {k.arg: k.value for k in node.keywords}
                if "message_key" in keywords:  # an API error type built directly (no params)
                    keywords["key"] = keywords["message_key"]
                if name not in ERROR_CLASSES or not isinstance(keywords.get("key"), ast.Constant):
                    continue
                params = keywords.get("params")
                names = None
                if params is None:
                    names = set()
                elif isinstance(params, ast.Dict) and all(isinstance(k, ast.Constant) for k in params.keys):
                    names = {k.value for k in params.keys}  # type: ignore[union-attr]
                found[keywords["key"].value] = names  # type: ignore[attr-defined]
    return found


def produced_keys() -> dict[str, dict]:
    """The keys the score parts and the nine-box's not-mapped reasons come with, from the code."""
    keys: dict[str, dict] = {}
    for facts in [(80.0, 8, 4.5, 1000), (None, None, None, None)]:
        for part in score_parts(BOOK["ranking_weights"], *facts):
            keys[part.key] = part.params
    for has_skp, has_assessment in [(False, True), (True, False), (False, False)]:
        key, params = not_mapped_key(not_mapped_reason(has_skp, has_assessment, AS_OF))
        assert key is not None
        keys[key] = params
    return keys


def catalogue(language: str) -> dict[str, str]:
    """``reason.*`` texts of frontend/i18n/reasons-<language>.js (a function entry: its source)."""
    text = (ROOT / "frontend" / "i18n" / f"reasons-{language}.js").read_text()
    return dict(re.findall(r"^\s*'reason\.([\w.]+)':\s*(.+?),?$", text, flags=re.M))


def test_every_error_raised_with_a_key_uses_a_known_key_with_exactly_its_params() -> None:
    raised = raised_keys()
    assert {"input.as_of_range", "input.cursor", "input.text_too_long", "ineligible.summary"} <= set(raised)
    for key, names in raised.items():
        assert key in ERROR_REASONS, f"{key} is raised but not in domain.errors.ERROR_REASONS"
        if names is not None:
            assert names == set(ERROR_REASONS[key]), (key, names)
    assert set(ERROR_REASONS) <= set(raised), set(ERROR_REASONS) - set(raised)  # no key left unused


def test_score_parts_and_not_mapped_reasons_carry_their_keys_and_params() -> None:
    produced = produced_keys()
    assert set(produced) == set(SCORE_REASONS) | set(NOT_MAPPED_REASONS)
    for key, params in produced.items():
        assert set(params) == set({**SCORE_REASONS, **NOT_MAPPED_REASONS}[key]), key
        json.dumps(params)


def test_every_message_key_has_an_indonesian_and_an_english_text_naming_only_its_params() -> None:
    keys = {**message_keys(), **{k: tuple(v or ()) for k, v in raised_keys().items() if v is not None}}
    keys |= {k: tuple(v) for k, v in produced_keys().items()}
    for language in ("id", "en"):
        texts = catalogue(language)
        missing = sorted(set(keys) - set(texts))
        assert missing == [], f"reasons-{language}.js has no text for {missing}"
        for key, params in keys.items():
            named = set(re.findall(r"\{(\w+)\}", texts[key]))
            assert named <= set(message_keys()[key]) | set(params), (language, key, named)


def refusal_params_in_code() -> dict[str, set[str]]:
    """The refusals of the workflow that name params: ``refused(Refusal.X, …, params={…})`` and
    ``NotAllowed(…, code=Refusal.X, params={…})`` calls, each code with the union of the names its
    sites give (each site must give a subset of the code's ``REFUSAL_PARAMS``)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "workflow").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            if name == "refused" and node.args:
                code = getattr(node.args[0], "attr", None)
            elif name == "NotAllowed" and "code" in keywords:
                code = getattr(keywords["code"], "attr", getattr(keywords["code"], "value", None))
            else:
                continue
            params = keywords.get("params")
            if isinstance(params, ast.Dict) and code is not None:
                names = {k.value for k in params.keys}  # type: ignore[union-attr]
                assert names <= set(REFUSAL_PARAMS.get(code, ())), (path.name, node.lineno, code, names)
                found.setdefault(code, set()).update(names)
    return found


def refusal_entry(text: str, code: str) -> str | None:
    """The catalogue entry of ``refusal.<code>``: its line and any lines up to the next entry."""
    entry = re.search(rf"^  'refusal\.{code}':(.+?)(?=^  '|^}})", text, flags=re.M | re.S)
    return entry.group(1) if entry else None


def test_refusals_name_their_params_and_both_catalogues_word_them() -> None:
    found = refusal_params_in_code()
    assert found == {code: set(names) for code, names in REFUSAL_PARAMS.items()}
    for language in ("id", "en"):
        text = (ROOT / "frontend" / "i18n" / f"reasons-{language}.js").read_text()
        for code, names in REFUSAL_PARAMS.items():
            entry = refusal_entry(text, code)
            assert entry is not None, (language, code)
            placeholders = set(re.findall(r"\{(\w+)\}", entry))
            chosen_by = set(re.findall(r"\bp\.(\w+)", entry))  # a param that picks the wording (reason, verb)
            assert placeholders <= set(names) and placeholders | chosen_by == set(names), (language, code)


def test_a_refusal_raises_not_allowed_with_its_params() -> None:
    decision = refused(Refusal.NOT_YOUR_STEP, "not yours", params={"step": "Ketua TPK", "role": "panel_chair"})
    with pytest.raises(NotAllowed) as raised:
        decision.raise_if_refused()
    assert raised.value.code == "NOT_YOUR_STEP" and raised.value.params == {"step": "Ketua TPK", "role": "panel_chair"}


def test_several_problems_are_keyed_by_the_first_and_the_english_message_keeps_them_all() -> None:
    problems = [
        Problem("give the decree (SK) number", key="input.decree_number_missing"),
        Problem("the effective date …", key="input.effective_before_decree", params={"effective_date": AS_OF}),
    ]
    error = invalid_input(problems)
    assert error.message == "give the decree (SK) number; the effective date …"
    assert (error.key, error.params) == ("input.decree_number_missing", {})
    error = invalid_input(problems[::-1])
    assert (error.key, error.params) == ("input.effective_before_decree", {"effective_date": AS_OF.isoformat()})
    assert invalid_input(["an unkeyed problem"]).key == ""
