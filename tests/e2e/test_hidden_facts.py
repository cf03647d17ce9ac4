"""What the API hides from a viewer shows as hidden, never as a failure or an error.

A unit operator (operator_dinkes) sees candidates from other units for a DINKES post, but not the
facts behind their checks or score (null in the API); a nominee from another unit is named on the
nomination page, without their profile or checks. A live connection closed because the session
ended (4401) sends the person to sign in instead of reconnecting.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import message, screenshot, sign_in, sign_out
from tests.e2e.test_flow import gql, open_nomination, score_and_select, shortlisted_row

pytestmark = pytest.mark.browser

OPERATOR = "operator_dinkes"
UNIT = "DINKES"
# The unit operator lists only the posts of DINKES and its sub-units.
VACANT = """query { positions(vacant: true, level: "administrator", first: 50) {
  edges { node { code title } } } }"""
ON_POST = """query($c: String!) { nominations(positionCode: $c, first: 20) { edges { node { id state } } } }"""
CANDIDATES = """query($c: String!) { candidates(positionCode: $c, first: 30) { edges { node {
  score employee { nip name unitCode position { level } } eligibility { eligible checks { passed } } } } } }"""
RESULT = "__typename ... on Nomination { id state } ... on NotAllowed { message code } ... on Ineligible { message }"
CREATE = "mutation($c: String!) { createNomination(positionCode: $c, kind: PROMOTION) { " + RESULT + " } }"
SHORTLIST = "mutation($id: Int!, $nips: [String!]!) { setShortlist(nominationId: $id, nips: $nips) { " + RESULT + " } }"
START = "mutation($id: Int!) { startAssessment(nominationId: $id) { " + RESULT + " } }"
WITHDRAW = 'mutation($id: Int!) { withdraw(nominationId: $id, reason: "e2e clean-up") { ' + RESULT + " } }"
OPEN = {"MAPPING", "ASSESSMENT", "APPROVAL", "INAUGURATION", "OATH"}


def _post_with_outside_candidate(page) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """A vacant DINKES administrator post with no open nomination, and an eligible pengawas from
    another unit ranked for it, whose checks and score the unit operator may not see."""
    for edge in gql(page, VACANT)["positions"]["edges"]:
        post = edge["node"]
        states = {e["node"]["state"] for e in gql(page, ON_POST, {"c": post["code"]})["nominations"]["edges"]}
        if states & OPEN:
            continue
        for c in (e["node"] for e in gql(page, CANDIDATES, {"c": post["code"]})["candidates"]["edges"]):
            person = c["employee"]
            if (
                c["eligibility"]["eligible"]
                and not person["unitCode"].startswith(UNIT)
                and (person["position"] or {}).get("level") == "pengawas"
                and c["score"] is None
                and all(check["passed"] is None for check in c["eligibility"]["checks"])
            ):
                return post, person
    raise AssertionError("no vacant DINKES administrator post ranks an eligible pengawas from another unit")


def test_hidden_checks_and_score_are_neutral_not_failed(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, OPERATOR)
    post, person = _post_with_outside_candidate(page)
    page.goto(f"/#/posts/{post['code']}")
    candidate = page.locator(f"[data-testid=candidate][data-nip='{person['nip']}']")
    candidate.wait_for()
    candidate.get_by_role("button", name=message(page, "candidates.showChecks")).click()
    checks = candidate.locator(".checks li")
    checks.first.wait_for()
    assert checks.count() >= 6
    assert candidate.locator(".checks li.fail, .checks li.warn").count() == 0  # not red, not failed
    hidden = "disembunyikan"
    assert message(page, "check.hidden") == hidden
    assert hidden in candidate.get_by_test_id("candidate-score").inner_text()
    assert set(checks.evaluate_all("(items) => items.map((i) => i.dataset.status)")) == {"hidden"}
    failed = message(page, "check.failed")
    for text in checks.all_inner_texts():
        assert hidden in text and failed not in text and "✗" not in text, text
    screenshot(page, "post-hidden-checks")
    # In English too.
    page.get_by_test_id("lang-toggle").click()
    assert "hidden" in candidate.get_by_test_id("candidate-score").inner_text()
    assert page.errors == []


def test_nominee_from_another_unit_is_named_and_the_rest_hidden(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, OPERATOR)
    post, person = _post_with_outside_candidate(page)
    created = gql(page, CREATE, {"c": post["code"]})["createNomination"]
    assert created["__typename"] == "Nomination", created
    nid = created["id"]
    assert gql(page, SHORTLIST, {"id": nid, "nips": [person["nip"]]})["setShortlist"]["__typename"] == "Nomination"
    assert gql(page, START, {"id": nid})["startAssessment"]["state"] == "ASSESSMENT"
    sign_out(page)

    sign_in(page, "panel_chair")
    open_nomination(page, nid)
    score_and_select(shortlisted_row(page, person["nip"]), 85)
    page.get_by_test_id("dossier-checks").locator(".checks li").first.wait_for()  # the chair sees the checks
    sign_out(page)

    sign_in(page, OPERATOR)
    open_nomination(page, nid)
    page.get_by_test_id("history").wait_for()
    assert page.get_by_test_id("nominee").inner_text().strip() == person["name"]
    assert page.get_by_test_id("nominee").get_by_role("link").count() == 0  # the profile would be refused
    shortlisted = shortlisted_row(page, person["nip"])
    assert person["name"] in shortlisted.inner_text() and shortlisted.get_by_role("link").count() == 0
    page.get_by_test_id("nominee-hidden").wait_for()
    assert message(page, "nomination.nomineeHidden") in page.get_by_test_id("dossier-checks").inner_text()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").count() == 0, page.get_by_role("alert").all_inner_texts()
    screenshot(page, "nomination-nominee-outside-unit")
    assert page.errors == []
    # Leave the person free for the other tests of this app (one open nomination per nominee).
    assert gql(page, WITHDRAW, {"id": nid})["withdraw"]["state"] == "WITHDRAWN"


def test_session_ended_on_the_socket_sends_to_sign_in_without_reconnecting(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sockets: list[object] = []
    page.on("websocket", lambda ws: sockets.append(ws))
    sign_in(page, "operator")
    page.goto("/#/inbox")  # the inbox follows every nomination's events live
    page.wait_for_function("() => import('/js/ws.js').then((m) => m.connectionStatus() === 'live')")
    # The page's socket is live; Playwright may hand its "websocket" event over a little later (CI saw
    # it counted as a reconnect): count only once it has arrived.
    for _ in range(100):
        if sockets:
            break
        page.wait_for_timeout(50)
    opened = len(sockets)
    assert opened >= 1
    # The session ends behind the page's back (as a logout in another tab would): the server closes
    # the socket with 4401.
    assert gql(page, "mutation { logout }")["logout"] is True
    page.locator("#username").wait_for()
    assert page.evaluate("() => import('/js/ws.js').then((m) => m.connectionStatus())") == "ended"
    page.wait_for_timeout(2500)  # the old page reconnected after 0.5 s, 1 s, 2 s …
    assert len(sockets) == opened, "reconnected after the session ended"
    assert page.locator("#username").is_visible()
    screenshot(page, "socket-session-ended")
    assert page.errors == []
