"""Issue 11 on the nomination page: the workflow drawn as a stepper (the Mermaid text folded behind
"kode diagram"), only the viewer's own actions shown (the others behind one "Mengapa tidak bisa …?"),
people named in the chain, the history and the evaluations ("Dede Sudrajat, Ketua TPK";
"nilai untuk Ayi Permana: 88"), TPK and PPK spelled out on first use, times marked WIB — in
Indonesian and English — and the Sekda approving one-handed on a phone.

One administrator nomination for the module, at the Sekda's step (nomination_setup), withdrawn at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import message, screenshot
from tests.e2e.nomination_setup import SCORE, Prepared, login, nomination_at_sekda, withdraw
from tests.e2e.test_flow import gql
from tests.e2e.test_layout import LAPTOP, PHONE, set_language

pytestmark = pytest.mark.browser

FACTS = """query($id: Int!) { workflow { stages } nomination(id: $id) {
  approvals { official { name role } } availableActions { mutation allowed } } }"""


@pytest.fixture(scope="module")
def prepared(browser, app_url: str) -> Iterator[tuple[object, Prepared]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=app_url, viewport=LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    page.goto("/#/signin")
    made = nomination_at_sekda(page, skip=6)
    login(page, "secretary")
    try:
        yield page, made
    finally:
        withdraw(page, made.nomination_id)
        context.close()


def open_as_secretary(page, made: Prepared, language: str) -> dict:  # type: ignore[no-untyped-def]
    page.set_viewport_size(LAPTOP)
    page.goto(f"/#/nominations/{made.nomination_id}")
    page.reload()  # a fresh page: no disclosure left open by the test before
    set_language(page, language)
    page.get_by_test_id("history").wait_for()
    return gql(page, FACTS, {"id": made.nomination_id})


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_workflow_is_drawn_and_its_mermaid_code_folded(prepared, language: str) -> None:  # type: ignore[no-untyped-def]
    page, made = prepared
    facts = open_as_secretary(page, made, language)
    steps = page.get_by_test_id("stepper").locator("li")
    assert steps.count() == len(facts["workflow"]["stages"])
    current = page.locator("[data-testid=stepper] li[aria-current=step]")
    assert current.get_attribute("data-stage") == "APPROVAL"
    assert message(page, "state.approval") in page.get_by_test_id("stepper-where").inner_text()
    rows = page.get_by_test_id("approval-row")
    assert [rows.nth(i).get_attribute("data-status") for i in range(rows.count())] == ["approved", "current", "pending"]

    code = page.get_by_test_id("mermaid")
    assert not code.is_visible()  # a picture first; the Mermaid text only for who asks
    page.get_by_test_id("diagram-code").locator("summary").click()
    assert code.is_visible() and "stateDiagram" in code.inner_text()
    assert message(page, "nomination.diagramCode") in page.get_by_test_id("diagram-code").inner_text()
    screenshot(page, f"nomination-picture-{language}")
    link = page.get_by_test_id("dossier-print")  # the dossier's print view is one click away
    assert link.inner_text().strip() == message(page, "dossier.print")
    assert link.get_attribute("href") == f"#/nominations/{made.nomination_id}/print"
    assert page.errors == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_viewer_sees_their_actions_and_the_others_behind_why_not(prepared, language: str) -> None:  # type: ignore[no-untyped-def]
    page, made = prepared
    facts = open_as_secretary(page, made, language)
    actions = facts["nomination"]["availableActions"]
    allowed = {a["mutation"] for a in actions if a["allowed"]}
    refused = [a["mutation"] for a in actions if not a["allowed"]]
    assert "approve" in allowed and refused

    panel = page.get_by_test_id("actions")
    assert panel.locator("button:disabled").count() == 0  # no greyed-out buttons
    shown = set(panel.locator("[data-action]:visible").evaluate_all("(b) => b.map((e) => e.dataset.action)"))
    assert shown == allowed & shown and "approve" in shown
    why = page.get_by_test_id("why-not")
    assert why.count() == 1 and why.get_attribute("open") is None
    assert why.locator("summary").inner_text().startswith(message(page, "nomination.whyNot", n=len(refused))[:12])
    assert not why.get_by_test_id("refused-action").first.is_visible()
    why.locator("summary").click()
    listed = why.get_by_test_id("refused-action")
    assert listed.count() == len(refused) and listed.first.is_visible()
    assert all(text.strip() for text in why.locator(".refusal").all_inner_texts())
    screenshot(page, f"nomination-why-not-{language}")
    assert page.errors == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_people_are_named_terms_spelled_out_and_times_marked(prepared, language: str) -> None:  # type: ignore[no-untyped-def]
    page, made = prepared
    facts = open_as_secretary(page, made, language)
    chair = facts["nomination"]["approvals"][0]["official"]
    assert chair["role"] == "panel_chair"
    chain = page.get_by_test_id("approval-chain").inner_text()
    assert f"{chair['name']}, {message(page, 'role.panel_chair')}" in chain, chain
    history = page.get_by_test_id("history")
    text = history.inner_text()
    assert "panel_chair" not in chain + text, text  # the username; the person is named instead
    officials = history.get_by_test_id("history-official").all_inner_texts()
    assert officials and all(", " in who for who in officials), officials
    scored = history.locator("[data-action=record_evaluation] [data-testid=history-subject]").inner_text()
    assert scored == message(page, "history.scoreFor", name=made.nominee_name, score=SCORE)
    chosen = history.locator("[data-action=select_nominee] [data-testid=history-subject]").inner_text()
    assert made.nominee_name in chosen
    assert chair["name"] in page.get_by_test_id("evaluation").first.inner_text()
    # A person the viewer may not see is "disembunyikan", never a dash.
    hidden = page.evaluate(
        """() => import('/js/pages/nomination/people.js').then((m) =>
             m.subjectText({ action: 'select_nominee', subject: { nip: null, name: null, hidden: true } }, []))"""
    )
    assert message(page, "check.hidden") in hidden and "—" not in hidden

    # TPK and PPK spelled out where the page first names them; times in the province's zone.
    main = page.locator("main").inner_text()
    for term, words in (("TPK", "Tim Penilai Kinerja"), ("PPK", "Pejabat Pembina Kepegawaian")):
        first = re.search(rf"\b{term}\b", main)
        assert first and words in main[max(0, first.start() - 40) : first.end() + 40], (term, main[:600])
    times = page.locator(".timeline-when").all_inner_texts()
    assert times and all(t.endswith(" WIB") for t in times), times
    assert re.search(r"eselon III", page.locator(".facts").inner_text())
    assert page.errors == []


def test_the_sekda_approves_one_handed_on_a_phone(browser, app_url: str, prepared) -> None:  # type: ignore[no-untyped-def]
    _, made = prepared
    context = browser.new_context(base_url=app_url, viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/#/signin")
        login(page, "secretary")
        page.goto(f"/#/nominations/{made.nomination_id}")
        button = page.locator("[data-testid=actions] [data-action=approve]")
        button.wait_for()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["height"] >= 44 and box["width"] >= PHONE["width"] * 0.8, box  # a thumb-sized, full-width button
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "nomination-phone-approve")
        button.tap()
        page.wait_for_selector("[data-testid=approval-row]:nth-child(2)[data-status=approved]")
        screenshot(page, "nomination-phone-approved")
    finally:
        context.close()
