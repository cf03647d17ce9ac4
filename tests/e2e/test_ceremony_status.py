"""Issue 10's ceremony and return pages in the browser.

- A ceremony whose last run failed for an appointee: PARTIAL with the failed nomination, why and
  what to do; conducting again asks for confirmation first, and a run that fails again shows no
  success notice. The GraphQL answers are stubbed (the API tests cover the server's side).
- A nomination returned for revision: the banner with the reason, who and when, and the cleared
  nominee, on the nomination page and in the inbox of the panel, who act next (real data).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import message, screenshot, sign_in, sign_out, stub_graphql
from tests.e2e.test_flow import gql, open_nomination
from tests.e2e.test_two_posts import CREATE, SHORTLIST, START, _two_posts_and_one_person

pytestmark = pytest.mark.browser

WITNESSES = ["197001011995031006", "197101011996031007"]
FAILED = {
    "nominationId": 77,
    "ok": False,
    "state": "OATH",
    "version": 9,
    "code": "INVALIDINPUT",
    "message": "no rohaniwan for islam",
    "params": [{"name": "nomination_id", "value": "77"}],
}
NOMINATION = {
    "id": 77,
    "state": "OATH",
    "version": 9,
    "documentFinal": True,
    "inauguratedOn": "2026-11-30",
    "awaitingInauguration": False,
    "decreeNumber": "SK/77",
    "decreeDate": "2026-11-30",
    "effectiveDate": "2026-11-30",
    "position": {"code": "P", "title": "Kepala Dinas", "level": "jpt_pratama", "eselon": "II.a", "unit": {"name": "U"}},
    "nominee": {"nip": "197501012000031001", "name": "Budi", "golongan": "IV/b", "religion": "islam", "position": None},
    "oathDraft": "SERVER OATH",
    "pledgeDraft": "SERVER PLEDGE",
    "oath": None,
}
CEREMONY = {
    "id": 5,
    "date": "2026-11-30",
    "place": "Pendopo",
    "officiant": "Gubernur",
    "conductedAt": None,
    "status": "PARTIAL",
    "lastRun": [FAILED],
    "nominations": [NOMINATION],
}

CONDUCT = "mutation ConductCeremony("


def _conducted(variables: dict) -> dict:
    """The stubbed answer to conducting the ceremony: the appointee failed again."""
    return {
        "conductCeremony": {
            "__typename": "CeremonyConducted",
            "ceremony": {"id": 5, "conductedAt": None, "status": "PARTIAL"},
            "results": [{**FAILED, "dryRun": variables["dryRun"]}],
        }
    }


def test_a_partial_ceremony_says_what_failed_and_asks_before_conducting_again(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    conducted = stub_graphql(page, {"query Ceremony(": lambda _: {"ceremony": CEREMONY}, CONDUCT: _conducted})[CONDUCT]
    page.goto("/#/ceremonies/5")
    status = page.get_by_test_id("ceremony-status")
    status.get_by_text(message(page, "ceremony.partial")).wait_for()
    assert status.get_attribute("data-status") == "PARTIAL"
    partial = page.get_by_test_id("ceremony-partial")
    failed = partial.locator("[data-testid=failed-nomination][data-nomination='77']")
    assert "no rohaniwan for islam" in failed.inner_text() and "Budi" in failed.inner_text()
    assert message(page, "ceremony.failedHow") in partial.inner_text()

    # Conducted again: the page asks first, and sends nothing until confirmed.
    page.get_by_label(message(page, "ceremony.witness", n=1)).fill(WITNESSES[0])
    page.get_by_label(message(page, "ceremony.witness", n=2)).fill(WITNESSES[1])
    page.get_by_test_id("conduct").click()
    confirm = page.get_by_test_id("confirm-conduct")
    confirm.wait_for()
    assert "1" in confirm.inner_text()
    page.get_by_test_id("conduct-cancel").click()
    assert page.get_by_test_id("confirm-conduct").count() == 0 and conducted == []
    page.get_by_test_id("conduct").click()
    page.get_by_test_id("conduct-confirm").click()
    page.get_by_test_id("conduct-report").locator("[data-testid=ceremony-result][data-ok=false]").wait_for()
    assert [v["dryRun"] for v in conducted] == [False]
    # It failed again: no success notice, a warning that nothing was recorded.
    page.get_by_test_id("conduct-warning").get_by_text(message(page, "ceremony.noneDone")).wait_for()
    assert page.locator(".alert-ok").count() == 0
    screenshot(page, "ceremony-partial")
    assert page.errors == []


def test_a_returned_nomination_shows_why_on_its_page_and_in_the_inbox(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    (post, _), person = _two_posts_and_one_person(page)
    nid = gql(page, CREATE, {"c": post["code"]})["createNomination"]["id"]
    assert gql(page, SHORTLIST, {"id": nid, "nips": [person["nip"]]})["setShortlist"]["__typename"] == "Nomination"
    assert gql(page, START, {"id": nid})["startAssessment"]["state"] == "ASSESSMENT"
    sign_out(page)
    sign_in(page, "panel_chair")
    select = "mutation($id: Int!, $nip: String!) { selectNominee(nominationId: $id, nip: $nip) { __typename } }"
    assert gql(page, select, {"id": nid, "nip": person["nip"]})["selectNominee"]["__typename"] == "Nomination"
    sign_out(page)
    sign_in(page, "operator")
    submit = "mutation($id: Int!) { submitForApproval(nominationId: $id) { __typename } }"
    assert gql(page, submit, {"id": nid})["submitForApproval"]["__typename"] == "Nomination"
    sign_out(page)

    # The chair (the first step of the chain) returns it, with a reason, on the page.
    sign_in(page, "panel_chair")
    open_nomination(page, nid)
    reason = "Nilai kompetensi calon perlu diverifikasi ulang"
    label = message(page, "nomination.reasonRequired", action=message(page, "action.return_for_revision"))
    page.get_by_label(label).fill(reason)
    page.locator("[data-testid=actions] [data-action=returnForRevision]").click()
    page.wait_for_selector("article.nomination[data-state=ASSESSMENT]")
    banner = page.get_by_test_id("return-banner")
    banner.wait_for()
    text = banner.inner_text()
    assert reason in text and person["name"] in text, text
    # the official by name and role ("Dede Sudrajat, Ketua TPK"), never the account's username
    assert message(page, "role.panel_chair") in text and "panel_chair" not in text, text
    assert message(page, "return.title") in text
    screenshot(page, "nomination-returned")

    # The panel acts next: the inbox row says it came back, and why.
    page.goto("/#/inbox")
    row = page.locator(f"[data-testid=inbox-row][data-nomination='{nid}']")
    row.get_by_test_id("return-note").wait_for()
    assert reason in row.get_by_test_id("return-note").inner_text()
    assert page.errors == []
    sign_out(page)

    # Leave the post free for the tests that follow (they pick vacant posts without an open nomination).
    sign_in(page, "operator")
    withdraw = 'mutation($id: Int!) { withdraw(nominationId: $id, reason: "test selesai") { __typename } }'
    assert gql(page, withdraw, {"id": nid})["withdraw"]["__typename"] == "Nomination"
