"""An input with several problems answers every one of them with its own message key and params
(InvalidInput.problems), so the page words them all in the reader's language at once, not the first
alone; ``messageKey`` / ``messageParams`` stay the first's. One problem: the list holds that one."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import today

WORDED = "message messageKey messageParams { name value }"
INVALID = f"... on InvalidInput {{ {WORDED} problems {{ {WORDED} }} }}"
CEREMONY = f"""mutation($d: Date!, $i: Date!) {{
  createCeremony(date: $d, place: " ", officiant: "  ", invitationOn: $i) {{ __typename {INVALID} }} }}"""
DELEGATION = f"""mutation($a: String!, $p: String!, $s: Date!, $e: Date!) {{
  createDelegation(actingUsername: $a, principalUsername: $p, role: PLH, startsOn: $s, endsOn: $e,
                   letterNumber: "800/12/2026") {{ __typename {INVALID} }} }}"""
LOGIN = f"""mutation {{ login(username: "", password: "") {{ __typename {INVALID} }} }}"""
SEARCH = 'query { employees(search: "%s", first: 1) { totalCount } }' % ("x" * 300)


def _worded(problem: dict) -> tuple[str | None, dict[str, str]]:  # type: ignore[type-arg]
    return problem["messageKey"], {p["name"]: p["value"] for p in problem["messageParams"]}


async def test_a_ceremony_with_three_problems_answers_each_with_its_key_and_params(as_user) -> None:  # type: ignore[no-untyped-def]
    held_on = today() + timedelta(days=10)
    invitation_on = held_on + timedelta(days=1)
    variables = {"d": str(held_on), "i": str(invitation_on)}
    answer = (await (await as_user("op-all")).data(CEREMONY, variables))["createCeremony"]
    assert answer["__typename"] == "InvalidInput", answer
    assert [_worded(p) for p in answer["problems"]] == [
        ("input.ceremony_place_missing", {}),
        ("input.ceremony_officiant_missing", {}),
        ("input.invitation_after_ceremony", {"invitation_on": str(invitation_on), "held_on": str(held_on)}),
    ]
    # Each problem's English text is its own; the error's message joins them all, keyed by the first.
    assert answer["message"] == "; ".join(p["message"] for p in answer["problems"])
    assert "place" in answer["problems"][0]["message"] and "invitation" in answer["problems"][2]["message"]
    assert _worded(answer) == _worded(answer["problems"][0])


async def test_a_delegation_with_two_problems_answers_both(as_user) -> None:  # type: ignore[no-untyped-def]
    start, end = today() + timedelta(days=3), today() + timedelta(days=1)
    variables = {"a": "gubernur", "p": "gubernur", "s": str(start), "e": str(end)}
    answer = (await (await as_user("admin")).data(DELEGATION, variables))["createDelegation"]
    assert answer["__typename"] == "InvalidInput", answer
    keys = [p["messageKey"] for p in answer["problems"]]
    assert "input.period_order" in keys and "input.delegation_self" in keys, keys
    order = answer["problems"][keys.index("input.period_order")]
    assert _worded(order)[1] == {"start": str(start), "end": str(end)}
    assert answer["message"] == "; ".join(p["message"] for p in answer["problems"])


async def test_one_problem_lists_itself(as_user, anon) -> None:  # type: ignore[no-untyped-def]
    """A union member built by the API without a domain error (a login without credentials) and a
    read query's error in ``extensions`` both list their one problem."""
    answer = (await anon.data(LOGIN))["login"]
    assert answer["__typename"] == "InvalidInput"
    assert answer["problems"] == [{k: answer[k] for k in ("message", "messageKey", "messageParams")}]
    assert answer["messageKey"] == "input.credentials_missing"

    body = await (await as_user("admin"))(SEARCH)
    extensions = body["errors"][0]["extensions"]
    assert extensions["type"] == "InvalidInput" and extensions["key"] == "input.text_too_long"
    assert extensions["problems"] == [
        {"message": body["errors"][0]["message"], "key": "input.text_too_long", "params": extensions["params"]}
    ]
