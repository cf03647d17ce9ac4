"""Issue 10's two-posts story, replayed in the browser: one person is selected for a first post;
the panel chair's second selection of the same person for a second post is refused on the page,
with the reason naming the first nomination, and the shortlist says "sudah dicalonkan untuk …".

The operator's set-up (two nominations, each with the person on its shortlist, in assessment) goes
through GraphQL with the operator's session; the chair's selections are clicks on the page.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import message, screenshot, sign_in, sign_out
from tests.e2e.test_flow import gql, open_nomination, score_and_select, shortlisted_row, wait_for_state

pytestmark = pytest.mark.browser

VACANT = """query { positions(vacant: true, level: "administrator", first: 100) { edges { node { code title } } } }"""
OPEN_ON_POST = """query($c: String!) { nominations(positionCode: $c, first: 20) { edges { node { id state } } } }"""
CANDIDATES = """query($c: String!) { candidates(positionCode: $c, first: 30) { edges { node {
  employee { nip name position { level } } eligibility { eligible } } } } }"""
NOTES = """query($id: Int!, $nips: [String!]) { nomination(id: $id) { shortlistEntries(nips: $nips) {
  nip panelMember nominatedElsewhere { nominationId } } } }"""
RESULT = "__typename ... on Nomination { id state } ... on NotAllowed { message code } ... on InvalidInput { message }"
CREATE = "mutation($c: String!) { createNomination(positionCode: $c, kind: PROMOTION) { " + RESULT + " } }"
SHORTLIST = "mutation($id: Int!, $nips: [String!]!) { setShortlist(nominationId: $id, nips: $nips) { " + RESULT + " } }"
START = "mutation($id: Int!) { startAssessment(nominationId: $id) { " + RESULT + " } }"
OPEN = {"MAPPING", "ASSESSMENT", "APPROVAL", "INAUGURATION", "OATH"}


def _two_posts_and_one_person(page) -> tuple[list[dict], dict]:  # type: ignore[no-untyped-def]
    """Two vacant administrator posts without an open nomination, and an eligible pengawas (a promotion
    is to a higher level) ranked for both (the last such posts: earlier tests take the first)."""
    posts = [e["node"] for e in gql(page, VACANT)["positions"]["edges"]]
    free = []
    for post in reversed(posts):
        states = {e["node"]["state"] for e in gql(page, OPEN_ON_POST, {"c": post["code"]})["nominations"]["edges"]}
        if states & OPEN:
            continue
        ranked = gql(page, CANDIDATES, {"c": post["code"]})["candidates"]["edges"]
        eligible = {
            n["employee"]["nip"]: n["employee"]
            for n in (e["node"] for e in ranked)
            if n["eligibility"]["eligible"] and (n["employee"]["position"] or {}).get("level") == "pengawas"
        }
        for other, others_eligible in free:
            common = [nip for nip in others_eligible if nip in eligible]
            if common:
                return [other, post], eligible[common[0]]
        free.append((post, eligible))
    raise AssertionError("the demo province has no two vacant administrator posts sharing an eligible candidate")


def test_one_person_cannot_be_selected_for_a_second_post(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    (first_post, second_post), person = _two_posts_and_one_person(page)
    nominations = []
    for post in (first_post, second_post):
        created = gql(page, CREATE, {"c": post["code"]})["createNomination"]
        assert created["__typename"] == "Nomination", created
        nid = created["id"]
        shortlisted = gql(page, SHORTLIST, {"id": nid, "nips": [person["nip"]]})["setShortlist"]
        assert shortlisted["__typename"] == "Nomination", shortlisted
        assert gql(page, START, {"id": nid})["startAssessment"]["state"] == "ASSESSMENT"
        nominations.append(nid)
    first, second = nominations
    notes = gql(page, NOTES, {"id": second, "nips": [person["nip"]]})["nomination"]["shortlistEntries"]
    assert notes == [{"nip": person["nip"], "panelMember": False, "nominatedElsewhere": None}]
    sign_out(page)

    # The panel chair selects the person for the first post.
    sign_in(page, "panel_chair")
    open_nomination(page, first)
    score_and_select(shortlisted_row(page, person["nip"]), 85)
    page.get_by_test_id("dossier-checks").wait_for()
    assert page.get_by_test_id("nominee").inner_text().strip() == person["name"]
    screenshot(page, "two-posts-first-selection")

    # The second post: the shortlist already says where the person is nominated ...
    open_nomination(page, second)
    row = shortlisted_row(page, person["nip"])
    note = row.get_by_test_id("nominated-elsewhere")
    note.wait_for()
    assert note.get_attribute("data-nomination") == str(first)
    assert first_post["title"] in note.inner_text() and f"#{first}" in note.inner_text()
    # ... and selecting them anyway is refused on the page, with the reason naming the first nomination.
    score_and_select(row, 80)
    alert = page.get_by_role("alert").filter(has_text=message(page, "error.NotAllowed"))
    alert.wait_for()
    text = alert.inner_text()
    # worded in the reader's language with the server's params: the person and the first nomination
    assert person["nip"] in text and f"#{first}" in text and first_post["title"] in text, text
    assert "already" not in text, text  # the Indonesian catalogue's text, not the English message
    assert f"#{first}" in text, text
    screenshot(page, "two-posts-second-selection-refused")
    wait_for_state(page, "ASSESSMENT")
    assert page.get_by_test_id("nominee").inner_text().strip() == "—"

    # In English too.
    page.get_by_test_id("lang-toggle").click()
    assert message(page, "refusal.NOMINEE_ELSEWHERE").startswith("This person is already")
    assert page.errors == []
