"""Reasons in Bahasa Indonesia (issue 14): every refusal code the API answers and every message key
of an eligibility check has an Indonesian and an English text, naming only the key's params; the
page shows a check's reason in the reader's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.errors import Refusal
from domain.rules.reasons import message_keys
from tests.e2e.conftest import message, sign_in

REASONS = message_keys()  # the checks' (the kind rules' too), score parts', nine-box's and errors' keys

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def api_refusal_codes() -> set[str]:
    """Refusal's members, and every NotAllowed code spelled out in the API or the workflow."""
    spelled = set()
    for package in ("api", "workflow"):
        for path in (ROOT / package).rglob("*.py"):
            spelled |= set(re.findall(r'\bcode="([A-Z_]+)"', path.read_text()))
    return {r.value for r in Refusal} | spelled


def catalogues(page) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each language's catalogue as the page uses it; a function entry called with every param named."""
    return page.evaluate(
        """(params) => import('/js/i18n.js').then(({ CATALOGUES }) => Object.fromEntries(
             Object.entries(CATALOGUES).map(([lang, cat]) => [lang, Object.fromEntries(
               Object.entries(cat).filter(([k]) => k.startsWith('refusal.') || k.startsWith('reason.'))
                 .map(([k, v]) => [k, typeof v === 'function' ? v(params) : v]))])))""",
        {name: "x" for names in REASONS.values() for name in names},
    )


def test_every_refusal_code_has_an_indonesian_and_an_english_text(new_page) -> None:  # type: ignore[no-untyped-def]
    texts = catalogues(new_page())
    codes = api_refusal_codes()
    assert {"WRONG_STAGE", "NOT_YOUR_STEP", "BAD_CREDENTIALS", "UNAUTHENTICATED"} <= codes
    for lang in ("id", "en"):
        missing = sorted(c for c in codes if not texts[lang].get(f"refusal.{c}"))
        assert missing == [], f"{lang}: no text for refusal codes {missing}"
    assert all(texts["id"][f"refusal.{c}"] != texts["en"][f"refusal.{c}"] for c in codes)


def test_every_check_reason_key_has_both_texts_naming_only_its_params(new_page) -> None:  # type: ignore[no-untyped-def]
    texts = catalogues(new_page())
    for lang in ("id", "en"):
        missing = sorted(k for k in REASONS if not texts[lang].get(f"reason.{k}"))
        assert missing == [], f"{lang}: no text for reason keys {missing}"
        for key, params in REASONS.items():
            named = set(re.findall(r"\{(\w+)\}", texts[lang][f"reason.{key}"]))
            assert named <= set(params), f"{lang} reason.{key} names {named - set(params)}, not a param of the key"
        unknown = sorted(k for k in texts[lang] if k.startswith("reason.") and k.removeprefix("reason.") not in REASONS)
        assert unknown == [], f"{lang}: texts for keys the API never sends: {unknown}"


def test_a_candidates_checks_read_in_the_readers_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "panel_chair")  # sees every fact of every candidate
    page.goto("/#/posts")
    page.get_by_test_id("post-row").first.get_by_role("link").click()
    candidate = page.get_by_test_id("candidate").first
    candidate.get_by_role("button", name=message(page, "candidates.showChecks")).click()
    details = candidate.locator(".checks .check-detail")
    details.first.wait_for()
    indonesian = details.all_inner_texts()
    assert len(indonesian) >= 6
    assert not [d for d in indonesian if re.search(r"\b(needed|days|holds|penalty|statement)\b", d)], indonesian
    assert any("dibutuhkan" in d for d in indonesian), indonesian

    page.get_by_test_id("lang-toggle").click()
    candidate.locator(".checks .check-detail", has_text="needed").first.wait_for()
    assert not [d for d in details.all_inner_texts() if "dibutuhkan" in d]
    assert page.errors == []


WORDED_ERROR = """(query) => import('/js/gql.js').then(({ request, describeError }) =>
  request(query).then(() => null, (e) => ({ kind: e.kind, key: e.key, text: describeError(e) })))"""


def test_a_read_querys_error_reads_in_the_readers_language(new_page) -> None:  # type: ignore[no-untyped-def]
    """A read query's InvalidInput / NotFound carries its key and params (extensions) and the page
    words it from the catalogue: Indonesian by default, English after the toggle."""
    page = new_page()
    sign_in(page, "panel_chair")
    too_long = 'query { employees(search: "%s", first: 1) { totalCount } }' % ("x" * 300)
    unknown_post = 'query { candidates(positionCode: "NO-SUCH-POST", first: 1) { totalCount } }'
    indonesian = page.evaluate(WORDED_ERROR, too_long)
    assert indonesian["kind"] == "InvalidInput" and indonesian["key"] == "input.text_too_long", indonesian
    assert "berisi 300 karakter; paling banyak 200" in indonesian["text"], indonesian
    missing = page.evaluate(WORDED_ERROR, unknown_post)
    assert missing["key"] == "not_found.post" and 'kode "NO-SUCH-POST"' in missing["text"], missing

    page.get_by_test_id("lang-toggle").click()
    english = page.evaluate(WORDED_ERROR, too_long)
    assert "has 300 characters; at most 200" in english["text"] and "karakter" not in english["text"], english
    assert page.errors == []


def test_the_nine_box_unmapped_reasons_and_score_parts_read_in_the_readers_language(new_page) -> None:  # type: ignore[no-untyped-def]
    """The nine-box page's not-mapped reasons come with their key (ninebox.*) and read in Indonesian;
    a candidate's score parts carry score.* keys with params."""
    page = new_page()
    sign_in(page, "panel_chair")
    page.goto("/#/talent")
    reasons = page.get_by_test_id("unmapped").locator("tbody tr td:first-child")
    reasons.first.wait_for()
    shown = reasons.all_inner_texts()
    assert shown and all(text.startswith("tidak ada") for text in shown), shown
    parts = page.evaluate(
        """() => import('/js/gql.js').then(({ request }) => request(`query { positions(first: 1) { edges { node {
             code } } } }`).then((d) => request(`query($c: String!) { candidates(positionCode: $c, first: 1) {
             edges { node { scoreParts { name key params { name value } } } } } }`,
             { c: d.positions.edges[0].node.code })))"""
    )
    for edge in parts["candidates"]["edges"]:
        assert {p["key"].split(".")[0] for p in edge["node"]["scoreParts"]} == {"score"}, edge
    assert page.errors == []
