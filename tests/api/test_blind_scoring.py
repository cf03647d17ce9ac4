"""Blind scoring (issue 10): a panel member sees another member's score of a candidate only after
recording their own score of that candidate; the chair and the approving officials see every score
and, per candidate, the count, average and spread. The rule is ``domain.access.visibility``'s."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.access import Principal
from domain.access.visibility import can_see_evaluation, sees_every_evaluation
from domain.models import Evaluation
from testkit.drive import drive_to
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE, World

EVALUATE = """mutation($id: Int!, $nip: String!, $s: Int!) { recordEvaluation(nominationId: $id, nip: $nip,
  score: $s) { __typename ... on NotAllowed { message code } ... on InvalidInput { message } } }"""
SCORES = """query($id: Int!) { nomination(id: $id) { evaluations { evaluator nip score }
  evaluationSummary { nip count average spread lowest highest } } }"""


def _seen(answer: dict) -> set[tuple[str, str, int]]:
    rows = answer["nomination"]["evaluations"]
    return {(r["evaluator"], r["nip"], r["score"]) for r in rows}


async def test_a_panel_member_scores_blind_and_the_chair_sees_everything(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    await province.add_user("panel2", ["panel"])
    nid = await drive_to(province, "assessment", "KADINKES", shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE])
    panel, panel2, chair = await as_user("panel"), await as_user("panel2"), await as_user("chair")
    for api, nip, score in ((panel, HEAD_CANDIDATE, 90), (chair, HEAD_CANDIDATE, 70), (chair, OTHER_CANDIDATE, 60)):
        answer = await api.data(EVALUATE, {"id": nid, "nip": nip, "s": score})
        assert answer["recordEvaluation"]["__typename"] == "Nomination", answer

    # panel2 has scored nobody: sees no score at all, and no summary.
    blind = await panel2.data(SCORES, {"id": nid})
    assert _seen(blind) == set() and blind["nomination"]["evaluationSummary"] is None
    # panel scored Budi only: sees the chair's score of Budi, not of Siti.
    assert _seen(await panel.data(SCORES, {"id": nid})) == {
        ("panel", HEAD_CANDIDATE, 90),
        ("chair", HEAD_CANDIDATE, 70),
    }
    # panel2 scores Budi: now sees every score of Budi.
    await panel2.data(EVALUATE, {"id": nid, "nip": HEAD_CANDIDATE, "s": 80})
    after = await panel2.data(SCORES, {"id": nid})
    assert {s for _, nip, s in _seen(after) if nip == HEAD_CANDIDATE} == {90, 70, 80}
    assert not [row for row in _seen(after) if row[1] == OTHER_CANDIDATE]

    # The chair and an approving official see every score and the summary.
    for api in (chair, await as_user("sekda")):
        answer = await api.data(SCORES, {"id": nid})
        assert len(answer["nomination"]["evaluations"]) == 4
        assert answer["nomination"]["evaluationSummary"] == [
            {"nip": HEAD_CANDIDATE, "count": 3, "average": 80.0, "spread": 20, "lowest": 70, "highest": 90},
            {"nip": OTHER_CANDIDATE, "count": 1, "average": 60.0, "spread": 0, "lowest": 60, "highest": 60},
        ]
    # An operator sees no evaluation at all (as before).
    nothing = await (await as_user("op-all")).data(SCORES, {"id": nid})
    assert nothing["nomination"] == {"evaluations": None, "evaluationSummary": None}


def test_the_blind_scoring_predicate() -> None:
    at = datetime(2026, 11, 30, tzinfo=UTC)
    other = Evaluation(
        nomination_id=1, round=2, evaluator_user_id=7, evaluator_username="b", nip="X", score=1, recorded_at=at
    )
    member = Principal(user_id=5, username="a", roles=frozenset({"panel"}))
    assert not can_see_evaluation(member, other, frozenset())
    assert not can_see_evaluation(member, other, frozenset({(1, "X")}))  # scored X in an earlier round only
    assert can_see_evaluation(member, other, frozenset({(2, "X")}))
    own = Evaluation(
        nomination_id=1, round=2, evaluator_user_id=5, evaluator_username="a", nip="Y", score=1, recorded_at=at
    )
    assert can_see_evaluation(member, own, frozenset())
    for roles, every in (({"panel_chair"}, True), ({"panel", "panel_chair"}, True), ({"secretary"}, True),
                         ({"auditor"}, True), ({"panel"}, False), ({"operator"}, False)):  # fmt: skip
        p = Principal(user_id=9, username="z", roles=frozenset(roles))
        assert sees_every_evaluation(p) is every, roles
        assert can_see_evaluation(p, other, frozenset()) is every, roles
    assert not sees_every_evaluation(None) and not can_see_evaluation(None, other, frozenset())
