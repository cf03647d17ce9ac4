"""The talent rules' answers hide what the person's own fields hide (issue 9, items 3 and 4):
``eligibility`` asks whether the viewer may read the person at all, a check's outcome derived from
a sensitive fact (assessment, discipline, health) is hidden — ``passed`` too, not only its detail —
and no score part or score gives back a JPM or nine-box the viewer may not see."""

from __future__ import annotations

from testkit.province import HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE

SENSITIVE = {"competency", "discipline", "health"}
ELIGIBILITY = """query($nip: String!, $post: String!) {
  eligibility(nip: $nip, positionCode: $post, asOf: "2027-01-15") {
  nip eligible checks { rule passed severity detail } } }"""
CANDIDATES = """{ candidates(positionCode: "KADINKES", asOf: "2027-01-15", first: 20) { edges { node {
  rank score employee { nip nineBox { box } }
  eligibility { checks { rule passed severity detail } }
  scoreParts { name value scaled weight points detail } } } } }"""


async def test_eligibility_of_a_person_the_viewer_may_not_read_is_refused(as_user) -> None:  # type: ignore[no-untyped-def]
    operator = await as_user("op-dinkes")  # DINKES and its sub-units; OTHER_CANDIDATE works in BKD
    body = await operator(ELIGIBILITY, {"nip": OTHER_CANDIDATE, "post": "KADINKES"})
    assert body["data"] is None, body  # no education, rank, SKP, age or discipline outcome of theirs
    assert "may not see this employee" in body["errors"][0]["message"]
    # The same person for a viewer who may read them, and an unknown NIP, for contrast.
    allowed = await (await as_user("op-bkd")).data(ELIGIBILITY, {"nip": OTHER_CANDIDATE, "post": "SEKBKD"})
    assert allowed["eligibility"]["nip"] == OTHER_CANDIDATE
    unknown = await operator(ELIGIBILITY, {"nip": "199901012020121009", "post": "KADINKES"})
    assert unknown["data"] is None and "no employee" in unknown["errors"][0]["message"]


async def test_sensitive_check_outcomes_are_hidden_passed_included(as_user) -> None:  # type: ignore[no-untyped-def]
    variables = {"nip": JUNIOR, "post": "KASI-YANKES"}  # JUNIOR (DINKES-YANKES) has a light penalty on record
    operator = (await (await as_user("op-dinkes")).data(ELIGIBILITY, variables))["eligibility"]
    checks = {c["rule"]: c for c in operator["checks"]}
    assert SENSITIVE & checks.keys() == SENSITIVE
    for rule in SENSITIVE:
        assert (checks[rule]["passed"], checks[rule]["severity"], checks[rule]["detail"]) == (None, None, None), rule
    shown = [c for c in operator["checks"] if c["rule"] not in SENSITIVE]
    assert shown and all(c["passed"] is not None and c["detail"] for c in shown)  # the profile is theirs to read
    panel = (await (await as_user("panel")).data(ELIGIBILITY, variables))["eligibility"]
    assert all(c["passed"] is not None and c["detail"] for c in panel["checks"])  # the panel reads them all


def _by_nip(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {e["node"]["employee"]["nip"]: e["node"] for e in data["candidates"]["edges"]}


def _part(candidate: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in candidate["scoreParts"] if p["name"] == name)


async def test_score_parts_hide_every_field_derived_from_a_hidden_value(as_user) -> None:  # type: ignore[no-untyped-def]
    panel = _by_nip(await (await as_user("panel")).data(CANDIDATES))
    assert {HEAD_CANDIDATE, OTHER_CANDIDATE} <= panel.keys()
    for candidate in panel.values():  # the panel sees every part and the score
        assert candidate["score"] is not None and _part(candidate, "jpm")["points"] is not None

    for username in ("op-all", "op-dinkes"):
        seen = _by_nip(await (await as_user(username)).data(CANDIDATES))
        assert seen.keys() == panel.keys(), username  # who the candidates are and their ranks stay
        for nip, candidate in seen.items():
            assert candidate["rank"] == panel[nip]["rank"]
            jpm = _part(candidate, "jpm")
            assert (jpm["value"], jpm["scaled"], jpm["points"], jpm["detail"]) == (None, None, None, None), username
            assert jpm["weight"] == _part(panel[nip], "jpm")["weight"]  # the rulebook's, not the person's
            assert candidate["score"] is None  # the sum would give the JPM back
            box = _part(candidate, "ninebox")
            assert (box["value"] is None) == (candidate["employee"]["nineBox"] is None), (username, nip)
            for check in candidate["eligibility"]["checks"]:
                if check["rule"] in SENSITIVE:
                    assert check["passed"] is None and check["detail"] is None, (username, nip, check)

    outside = _by_nip(await (await as_user("op-dinkes")).data(CANDIDATES))[OTHER_CANDIDATE]  # works in BKD
    assert outside["employee"]["nineBox"] is None
    for part in outside["scoreParts"]:  # nine-box, SKP and years at level come from the hidden profile
        assert (part["value"], part["scaled"], part["points"], part["detail"]) == (None, None, None, None), part
    assert all(c["passed"] is None and c["detail"] is None for c in outside["eligibility"]["checks"])
    inside = _by_nip(await (await as_user("op-dinkes")).data(CANDIDATES))[HEAD_CANDIDATE]  # works in DINKES
    assert inside["employee"]["nineBox"] is not None and _part(inside, "ninebox") == _part(
        panel[HEAD_CANDIDATE], "ninebox"
    )
