"""The acceptance flow in the browser: from a vacant JPT Pratama post to the appointee holding it.

operator creates a nomination and shortlists from the ranked candidates → starts assessment →
the panel chair evaluates and selects → the operator submits → panel chair (the Sekda's inbox changes live
in a second browser), Sekda, national reviewer and governor approve in turn → the operator
creates a ceremony, schedules the nomination with its decree, dry-runs and conducts it → the post
shows the appointee. A refused action shows its reason on the way.
"""

from __future__ import annotations

import re

import pytest

from domain.clock import today
from tests.e2e.conftest import message, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


def gql(page, query: str, variables: dict | None = None) -> dict:  # type: ignore[no-untyped-def]
    """A GraphQL call with the page's session (for test set-up data only; the flow uses the UI)."""
    body = page.evaluate(
        """([query, variables]) => fetch('/graphql', {method: 'POST', credentials: 'same-origin',
             headers: {'Content-Type': 'application/json'}, body: JSON.stringify({query, variables})})
           .then((r) => r.json())""",
        [query, variables or {}],
    )
    assert "errors" not in body, body
    return body["data"]


def open_nomination(page, nomination_id: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/#/nominations/{nomination_id}")
    page.get_by_test_id("actions").wait_for()


def state_of(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("article.nomination").get_attribute("data-state")


def wait_for_state(page, state: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f"article.nomination[data-state='{state}']")


def click_action(page, action: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"[data-testid=actions] [data-action='{action}']").click()


def shortlisted_row(page, nip: str):  # type: ignore[no-untyped-def]
    """The row of ``nip`` in the shortlist of the open nomination page."""
    return page.locator(f"[data-testid=shortlisted][data-nip='{nip}']")


def record_score(row, score: int) -> None:  # type: ignore[no-untyped-def]
    """The panel scores the shortlisted person of ``row``; waits until the score shows in the row."""
    row.locator("input[type=number]").fill(str(score))
    row.get_by_test_id("record-evaluation").click()
    row.locator("td").nth(1).filter(has_text=str(score)).wait_for()


def score_and_select(row, score: int) -> None:  # type: ignore[no-untyped-def]
    """The panel chair scores the shortlisted person of ``row``, then selects them as the nominee."""
    record_score(row, score)
    row.get_by_test_id("select-nominee").click()


def approve_as(page, username: str, nomination_id: int, letter: bool = False) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, username)
    open_nomination(page, nomination_id)
    current = page.locator("[data-testid=approval-row][data-status=current]")
    assert current.count() == 1
    if letter:
        page.get_by_label(message(page, "nomination.letterNumber")).fill("B/123/KEMENPANRB/2026")
        page.get_by_label(message(page, "nomination.letterDate")).fill("2026-11-20")
    page.get_by_label(message(page, "nomination.comment")).fill(f"disetujui oleh {username}")
    before = page.locator("[data-testid=approval-row][data-status=approved]").count()
    click_action(page, "approve")
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-testid=approval-row][data-status=approved]').length > n", arg=before
    )
    screenshot(page, f"nomination-approved-by-{username}")
    sign_out(page)


def test_nomination_from_vacancy_to_inauguration(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()

    # Operator: a vacant JPT Pratama post, its ranked candidates, a new nomination.
    sign_in(page, "operator")
    page.goto("/#/posts")
    post_row = page.get_by_test_id("post-row").first
    post_code = post_row.get_attribute("data-code")
    post_title = post_row.get_by_role("link").inner_text()
    post_row.get_by_role("link").click()
    page.get_by_test_id("candidate").first.wait_for()
    page.get_by_test_id("create-nomination").get_by_role("button").click()
    page.wait_for_url(re.compile(r"#/nominations/\d+$"))
    nomination_id = int(page.url.rsplit("/", 1)[1])
    wait_for_state(page, "MAPPING")

    # Shortlist the top three of the ranking, then start the assessment.
    editor = page.get_by_test_id("shortlist-editor")
    editor.locator("input[type=checkbox]").first.wait_for()
    boxes = editor.locator("input[type=checkbox]")
    for i in range(3):
        boxes.nth(i).check()
    shortlisted = [boxes.nth(i).get_attribute("data-nip") for i in range(3)]
    page.get_by_test_id("save-shortlist").click()
    page.wait_for_selector("[data-testid=shortlisted]")
    assert page.get_by_test_id("shortlisted").count() == 3
    screenshot(page, "nomination-mapping")

    # A refused action shows why (behind the "why not" disclosure): the operator may not approve.
    page.get_by_test_id("why-not").locator("summary").click()
    refused = page.locator("[data-testid=refused-action][data-action=approve] .refusal")
    assert refused.inner_text().strip() != ""

    click_action(page, "startAssessment")
    wait_for_state(page, "ASSESSMENT")
    sign_out(page)

    # Panel chair: evaluate the shortlist, select the top candidate.
    sign_in(page, "panel_chair")
    open_nomination(page, nomination_id)
    for nip, score in zip(shortlisted, (88, 80, 75), strict=True):
        record_score(shortlisted_row(page, nip), score)
    # Select the best-ranked shortlisted person the rules accept; a refusal shows the failing rule.
    for nip in shortlisted:
        shortlisted_row(page, nip).get_by_test_id("select-nominee").click()
        page.wait_for_selector("[data-testid=dossier-checks], [role=alert]")
        if page.get_by_test_id("dossier-checks").count():
            break
        alert = page.get_by_role("alert")
        assert alert.inner_text().startswith(message(page, "error.Ineligible")), alert.inner_text()
        assert alert.locator(".checks li.fail").count() >= 1
        screenshot(page, "nomination-refused-ineligible")
    page.get_by_test_id("dossier-checks").wait_for()
    nominee_name = page.get_by_test_id("nominee").inner_text().strip()
    assert nominee_name
    screenshot(page, "nomination-assessment")
    sign_out(page)

    sign_in(page, "operator")
    open_nomination(page, nomination_id)
    click_action(page, "submitForApproval")
    wait_for_state(page, "APPROVAL")
    sign_out(page)

    # A second browser: the Sekda's inbox, live. It gains the nomination when the chair approves.
    watcher = new_page()
    sign_in(watcher, "secretary")
    watcher.goto("/#/inbox")
    watcher.wait_for_selector("[data-testid=live-status][data-status=live]")
    watcher.get_by_role("heading", name=message(watcher, "inbox.title")).wait_for()
    watcher.wait_for_load_state("networkidle")
    assert watcher.locator(f"[data-testid=inbox-row][data-nomination='{nomination_id}']").count() == 0

    # Each official in turn.
    approve_as(page, "panel_chair", nomination_id)
    watcher.locator(f"[data-testid=inbox-row][data-nomination='{nomination_id}']").wait_for()
    screenshot(watcher, "inbox-live-update")
    approve_as(page, "secretary", nomination_id)
    approve_as(page, "reviewer", nomination_id, letter=True)
    approve_as(page, "ppk", nomination_id)

    # Operator: a ceremony, the nomination scheduled with its decree, dry run, conduct.
    sign_in(page, "operator")
    witnesses = [
        gql(page, "query($c: String!) { position(code: $c) { incumbent { nip } } }", {"c": code})["position"][
            "incumbent"
        ]["nip"]
        for code in ("BKD-KEPALA", "INSPEKTORAT-KEPALA")
    ]
    # Held today in the province (a ceremony is not conducted before its date), the decree of the same day.
    day = str(today())
    page.goto("/#/ceremonies")
    form = page.get_by_test_id("create-ceremony")
    form.get_by_label(message(page, "ceremony.date")).fill(day)
    form.get_by_label(message(page, "ceremony.place")).fill("Gedung Negara Provinsi Banten")
    form.get_by_label(message(page, "ceremony.officiant")).fill("Gubernur Banten")
    form.get_by_role("button").click()
    page.get_by_test_id("ceremony-page").wait_for()
    schedule = page.get_by_test_id("schedule-form")
    schedule.get_by_label(message(page, "ceremony.nomination")).select_option(str(nomination_id))
    schedule.get_by_label(message(page, "ceremony.decreeNumber")).fill("821.2/Kep.100-BKD/2026")
    schedule.get_by_label(message(page, "ceremony.decreeDate")).fill(day)
    schedule.get_by_label(message(page, "ceremony.effectiveDate")).fill(day)
    schedule.get_by_role("button").click()
    page.get_by_test_id("ceremony-appointees").get_by_text(nominee_name).wait_for()

    # Printed before the ceremony: the server's draft wording for the recorded religion, a pledge
    # checkbox instead of a religion selector, and blank lines for the rohaniwan and witnesses.
    ceremony_url = page.url
    drafts = gql(
        page,
        "query($id: Int!) { nomination(id: $id) { oathDraft pledgeDraft: oathDraft(pledge: true) } }",
        {"id": nomination_id},
    )["nomination"]
    page.goto(ceremony_url.split("#")[0] + page.evaluate("location.hash") + "/print")
    docs = page.get_by_test_id("appointee-docs").first
    docs.get_by_test_id("ba-sumpah").first.wait_for()
    assert docs.get_attribute("data-recorded") == "false"
    # Nothing recorded yet: every sheet is marked DRAFT.
    sheets = docs.locator("article.document")
    assert sheets.count() == 4 and docs.get_by_test_id("draft-mark").count() == 4
    assert all(sheets.nth(i).get_attribute("data-draft") == "true" for i in range(4))
    assert page.locator("select[id^=religion-]").count() == 0
    assert docs.get_by_test_id("oath-text").first.inner_text() == f"“{drafts['oathDraft']}”"
    docs.get_by_label(message(page, "ceremony.takesPledge", name=nominee_name)).check()
    texts = docs.get_by_test_id("oath-text")
    assert [texts.nth(i).inner_text() for i in range(3)] == [f"“{drafts['pledgeDraft']}”"] * 3
    assert "……" in docs.get_by_test_id("oath-clergy").first.inner_text()
    page.goto(ceremony_url)
    page.get_by_test_id("ceremony-appointees").get_by_text(nominee_name).wait_for()

    page.get_by_label(message(page, "ceremony.witness", n=1)).fill(witnesses[0])
    page.get_by_label(message(page, "ceremony.witness", n=2)).fill(witnesses[1])
    # The dry run names what is missing: a rohaniwan for the appointee's religion.
    page.get_by_test_id("dry-run").click()
    page.get_by_test_id("dry-run-report").locator("[data-testid=ceremony-result][data-ok=false]").wait_for()
    for religion in ("islam", "kristen", "katolik", "hindu", "buddha", "khonghucu"):
        page.locator(f"#clergy-{religion}").fill(f"Rohaniwan {religion.title()}")
    page.get_by_test_id("dry-run").click()
    report = page.get_by_test_id("dry-run-report")
    report.locator("[data-testid=ceremony-result][data-ok=true]").wait_for()
    assert report.locator("[data-testid=ceremony-result][data-ok=true]").count() == 1, report.inner_text()
    screenshot(page, "ceremony-dry-run")
    page.get_by_test_id("conduct").click()
    # Conducting records for good: the page asks first.
    page.get_by_test_id("confirm-conduct").wait_for()
    assert page.get_by_test_id("conduct-report").count() == 0
    page.get_by_test_id("conduct-confirm").click()
    page.get_by_test_id("conduct-report").locator("[data-testid=ceremony-result][data-ok=true]").wait_for()
    page.get_by_test_id("ceremony-status").get_by_text(message(page, "ceremony.conducted")).wait_for()
    screenshot(page, "ceremony-conducted")

    # Print views: one inauguration record and three oath records per appointee.
    page.goto(page.url.split("#")[0] + page.evaluate("location.hash") + "/print")
    page.get_by_test_id("ba-pelantikan").first.wait_for()
    assert page.get_by_test_id("ba-pelantikan").count() == 1
    assert page.get_by_test_id("ba-sumpah").count() == 3
    assert page.get_by_test_id("draft-mark").count() == 0  # recorded: final, no DRAFT mark
    # After the oath: the record's text, rohaniwan and witnesses in all three copies; no form to choose.
    oath = gql(
        page,
        "query($id: Int!) { nomination(id: $id) { oath { text clergyName witnesses { nip name } } } }",
        {"id": nomination_id},
    )["nomination"]["oath"]
    assert oath["clergyName"].startswith("Rohaniwan ") and [w["nip"] for w in oath["witnesses"]] == witnesses
    assert page.get_by_test_id("appointee-docs").first.get_attribute("data-recorded") == "true"
    assert page.locator("select[id^=religion-], input[id^=pledge-print-]").count() == 0
    for i in range(3):
        copy = page.get_by_test_id("ba-sumpah").nth(i)
        assert copy.get_by_test_id("oath-text").inner_text() == f"“{oath['text']}”"
        assert copy.get_by_test_id("oath-clergy").inner_text().endswith(oath["clergyName"])
        printed = copy.get_by_test_id("oath-witnesses").inner_text()
        assert all(w["name"] in printed for w in oath["witnesses"]), printed
    screenshot(page, "ceremony-print")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation").is_visible()
    page.emulate_media(media="screen")

    # The appointee now holds the post.
    page.goto(f"/#/posts/{post_code}")
    page.get_by_test_id("incumbent").get_by_text(nominee_name).wait_for()
    screenshot(page, "post-filled")
    assert post_title

    open_nomination(page, nomination_id)
    wait_for_state(page, "COMPLETED")
    assert page.get_by_test_id("history").locator("li").count() >= 10
    assert "stateDiagram" in (page.get_by_test_id("mermaid").text_content() or "")  # folded: "kode diagram"
    screenshot(page, "nomination-completed")
    sign_out(page)

    # The auditor sees an intact chain and finds the nomination's events.
    sign_in(page, "auditor")
    page.goto("/#/audit")
    page.locator("[data-testid=integrity][data-ok=true]").wait_for()
    page.get_by_label(message(page, "audit.search")).fill(f"#{nomination_id}")
    page.get_by_role("search").get_by_role("button").click()
    # The table is already there before the search answers: wait until it lists this nomination's events only.
    page.wait_for_function(
        """(id) => {
             const rows = [...document.querySelectorAll('[data-testid=audit-events] tbody tr')];
             return rows.length >= 10 && rows.every((row) => row.cells[3].textContent.trim() === `#${id}`);
           }""",
        arg=nomination_id,
    )
    screenshot(page, "audit")
    assert page.errors == [] and watcher.errors == []
