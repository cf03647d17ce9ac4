"""Set-up data for the layout and nomination-page tests, made through GraphQL with the right
account's session (the tests themselves look at pages): an administrator nomination whose first
approval step (the TPK chair's) is taken, so that the Sekda's turn is open, and a ceremony.

Each module withdraws what it made when it ends, so the person and the post are free again for the
other browser tests of the same app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.clock import today
from tests.e2e.conftest import demo_password
from tests.e2e.test_flow import gql

RESULT = (
    "__typename ... on Nomination { id state version } ... on NotAllowed { message code } "
    "... on InvalidInput { message }"
)
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }"
VACANT = """query { positions(vacant: true, level: "administrator", first: 100) { edges { node { code title } } } }"""
OPEN_ON_POST = """query($c: String!) { nominations(positionCode: $c, first: 20) { edges { node { id state } } } }"""
CANDIDATES = """query($c: String!) { candidates(positionCode: $c, first: 30) { edges { node {
  employee { nip name position { level } } eligibility { eligible } } } } }"""
NOTES = """query($id: Int!, $nips: [String!]) { nomination(id: $id) { shortlistEntries(nips: $nips) {
  nip panelMember nominatedElsewhere { nominationId } } } }"""
CREATE = "mutation($c: String!) { createNomination(positionCode: $c, kind: PROMOTION) { " + RESULT + " } }"
SHORTLIST = "mutation($id: Int!, $nips: [String!]!) { setShortlist(nominationId: $id, nips: $nips) { " + RESULT + " } }"
START = "mutation($id: Int!) { startAssessment(nominationId: $id) { " + RESULT + " } }"
EVALUATE = (
    "mutation($id: Int!, $nip: String!, $s: Int!) { recordEvaluation(nominationId: $id, nip: $nip, score: $s) { "
    + RESULT
    + " } }"
)
SELECT = "mutation($id: Int!, $nip: String!) { selectNominee(nominationId: $id, nip: $nip) { " + RESULT + " } }"
SUBMIT = "mutation($id: Int!) { submitForApproval(nominationId: $id) { " + RESULT + " } }"
APPROVE = 'mutation($id: Int!) { approve(nominationId: $id, comment: "layak") { ' + RESULT + " } }"
WITHDRAW = 'mutation($id: Int!) { withdraw(nominationId: $id, reason: "data uji selesai") { ' + RESULT + " } }"
CEREMONY = (
    'mutation($d: Date!) { createCeremony(date: $d, place: "Pendopo Gubernur Banten", officiant: "Gubernur Banten") '
    "{ __typename ... on Ceremony { id } ... on NotAllowed { message } ... on InvalidInput { message } } }"
)
OPEN = {"MAPPING", "ASSESSMENT", "APPROVAL", "INAUGURATION", "OATH"}
SCORE = 88


@dataclass
class Prepared:
    nomination_id: int
    nominee_nip: str
    nominee_name: str
    post_code: str


def login(page, username: str, reload: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Sign ``page`` in as ``username`` through the API (the cookie is the page's); ``reload`` the app
    so that it asks who is signed in (it asks once, when it starts)."""
    if "#/" not in page.url:
        page.goto("/#/signin")
    assert gql(page, LOGIN, {"u": username, "p": demo_password(username)})["login"]["__typename"] == "User"
    if reload:
        page.reload()
        page.get_by_test_id("who").wait_for()


def _ok(answer: dict, field: str) -> dict:
    assert answer[field]["__typename"] == "Nomination", answer
    return answer[field]


def _free_post_and_person(page, skip: int) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    """A vacant administrator post without an open nomination and an eligible pengawas nominated nowhere;
    ``skip`` posts from the middle of the list, away from those the flow tests take (first and last)."""
    posts = [e["node"] for e in gql(page, VACANT)["positions"]["edges"]]
    middle = len(posts) // 2
    for post in posts[middle + skip :] + posts[:middle]:
        states = {e["node"]["state"] for e in gql(page, OPEN_ON_POST, {"c": post["code"]})["nominations"]["edges"]}
        if states & OPEN:
            continue
        for node in (e["node"] for e in gql(page, CANDIDATES, {"c": post["code"]})["candidates"]["edges"]):
            if node["eligibility"]["eligible"] and (node["employee"]["position"] or {}).get("level") == "pengawas":
                return post["code"], node["employee"]
    raise AssertionError("the demo province has no vacant administrator post with a free eligible pengawas")


def nomination_at_sekda(page, skip: int = 0) -> Prepared:  # type: ignore[no-untyped-def]
    """An administrator nomination in approval, the TPK chair's step taken (the Sekda's turn), with one
    evaluation by the chair. ``page`` ends signed in as the operator."""
    login(page, "operator")
    post, person = _free_post_and_person(page, skip)
    nid = _ok(gql(page, CREATE, {"c": post}), "createNomination")["id"]
    notes = gql(page, NOTES, {"id": nid, "nips": [person["nip"]]})["nomination"]["shortlistEntries"]
    assert notes[0]["nominatedElsewhere"] is None and not notes[0]["panelMember"], notes
    _ok(gql(page, SHORTLIST, {"id": nid, "nips": [person["nip"]]}), "setShortlist")
    _ok(gql(page, START, {"id": nid}), "startAssessment")
    login(page, "panel_chair", reload=False)
    _ok(gql(page, EVALUATE, {"id": nid, "nip": person["nip"], "s": SCORE}), "recordEvaluation")
    _ok(gql(page, SELECT, {"id": nid, "nip": person["nip"]}), "selectNominee")
    login(page, "operator", reload=False)
    _ok(gql(page, SUBMIT, {"id": nid}), "submitForApproval")
    login(page, "panel_chair", reload=False)
    _ok(gql(page, APPROVE, {"id": nid}), "approve")
    login(page, "operator")
    return Prepared(nid, person["nip"], person["name"], post)


def a_ceremony(page) -> int:  # type: ignore[no-untyped-def]
    """A planned ceremony a fortnight ahead (the page's account must be an operator)."""
    answer = gql(page, CEREMONY, {"d": str(today() + timedelta(days=14))})["createCeremony"]
    assert answer["__typename"] == "Ceremony", answer
    return int(answer["id"])


def withdraw(page, nomination_id: int) -> None:  # type: ignore[no-untyped-def]
    login(page, "operator")
    gql(page, WITHDRAW, {"id": nomination_id})
