"""A mutation's error answers its message key and params beside the English message (issue 14,
"Reasons in Bahasa Indonesia"), so the page words it in Indonesian: several problems at once are
keyed by the first, the message names them all."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import today

WORDED = "message messageKey messageParams { name value }"
CREATE = f"""mutation($a: String!, $p: String!, $s: Date!, $e: Date!) {{
  createDelegation(actingUsername: $a, principalUsername: $p, role: PLH, startsOn: $s, endsOn: $e,
                   letterNumber: "800/12/2026") {{
    __typename ... on InvalidInput {{ {WORDED} }} }} }}"""
END = f"mutation($id: Int!) {{ endDelegation(id: $id) {{ __typename ... on NotFound {{ {WORDED} }} }} }}"


def _params(answer: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {p["name"]: p["value"] for p in answer["messageParams"]}


async def test_workflow_errors_answer_their_key_and_params(as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    start, end = today() + timedelta(days=3), today() + timedelta(days=1)
    variables = {"a": "gubernur", "p": "gubernur", "s": str(start), "e": str(end)}
    answer = (await admin.data(CREATE, variables))["createDelegation"]
    assert answer["__typename"] == "InvalidInput"
    assert "before it starts" in answer["message"] and "cannot act for themselves" in answer["message"]
    assert answer["messageKey"] == "input.period_order"
    assert _params(answer) == {"start": str(start), "end": str(end)}

    answer = (await admin.data(END, {"id": 987654}))["endDelegation"]
    assert answer["__typename"] == "NotFound" and answer["messageKey"] == "not_found.delegation"
    assert _params(answer) == {"delegation": "987654"}


CEREMONY = f"""mutation($d: Date!) {{ createCeremony(date: $d, place: " ", officiant: "Gubernur") {{
  __typename ... on NotAllowed {{ code {WORDED} }} ... on InvalidInput {{ {WORDED} }} }} }}"""


async def test_a_refusal_answers_the_params_its_code_words(as_user) -> None:  # type: ignore[no-untyped-def]
    answer = (await (await as_user("auditor")).data(CEREMONY, {"d": str(today())}))["createCeremony"]
    assert answer["__typename"] == "NotAllowed" and answer["code"] == "MISSING_ROLE"
    assert set(_params(answer)) == {"needed", "held"} and "auditor" in _params(answer)["held"]
    answer = (await (await as_user("op-all")).data(CEREMONY, {"d": str(today())}))["createCeremony"]
    assert answer["__typename"] == "InvalidInput" and answer["messageKey"] == "input.ceremony_place_missing"
