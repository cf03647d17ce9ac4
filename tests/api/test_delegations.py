"""Plt/Plh delegations over the API (issue 9, "Also"): an administrator records and ends them,
both audited; every refusal — another role, bad input — is in the audit log too."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import col, select

from domain.clock import today
from domain.models import AuditEvent
from testkit.province import ACCOUNTS

DELEGATION = "... on Delegation { id actingUsername principalUsername role startsOn endsOn letterNumber inForce }"
ERRORS = "... on NotAllowed { message code } ... on InvalidInput { message } ... on NotFound { message } " \
    "... on Conflict { message }"  # fmt: skip
CREATE = f"""mutation($a: String!, $p: String!, $r: DelegationRole!, $s: Date!, $e: Date!, $l: String!) {{
  createDelegation(actingUsername: $a, principalUsername: $p, role: $r, startsOn: $s, endsOn: $e, letterNumber: $l) {{
    __typename {DELEGATION} {ERRORS} }} }}"""
END = f"mutation($id: Int!) {{ endDelegation(id: $id) {{ __typename {DELEGATION} {ERRORS} }} }}"
ACTING_FOR = "{ me { actingFor { id kind principal { username } } } }"
AUDIT = '{ auditEvents(search: "delegation", first: 50) { edges { node { action actor outcome errorCode role } } } }'


def _period(start: int, end: int) -> dict[str, str]:
    day = today()
    return {"s": str(day + timedelta(days=start)), "e": str(day + timedelta(days=end))}


def _plh(**overrides: str) -> dict[str, str]:
    return {"a": "reviewer", "p": "gubernur", "r": "PLH", "l": "800/12/2026", **_period(-1, 5), **overrides}


async def _audit(as_user) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    data = await (await as_user("auditor")).data(AUDIT)
    return [e["node"] for e in data["auditEvents"]["edges"]]


async def test_an_admin_records_a_delegation_and_it_is_audited(app, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    created = (await admin.data(CREATE, _plh()))["createDelegation"]
    assert created["__typename"] == "Delegation", created
    assert (created["actingUsername"], created["principalUsername"], created["role"]) == ("reviewer", "gubernur", "PLH")
    assert created["inForce"] is True and created["letterNumber"] == "800/12/2026"
    acting = (await (await as_user("reviewer")).data(ACTING_FOR))["me"]["actingFor"]
    assert [(d["id"], d["kind"], d["principal"]["username"]) for d in acting] == [(created["id"], "plh", "gubernur")]

    events = await _audit(as_user)
    assert {
        "action": "create_delegation",
        "actor": "admin",
        "outcome": "ok",
        "errorCode": None,
        "role": "admin",
    } in events
    async with app.state.sessions() as session:
        row = (await session.exec(select(AuditEvent).where(col(AuditEvent.action) == "create_delegation"))).one()
    data = json.loads(row.data)
    assert data["delegation_id"] == created["id"] and data["principal_username"] == "gubernur"


async def test_only_an_admin_may_record_or_end_one_and_refusals_are_audited(as_user, anon) -> None:  # type: ignore[no-untyped-def]
    created = (await (await as_user("admin")).data(CREATE, _plh()))["createDelegation"]
    others = [username for username in ACCOUNTS if username != "admin"]  # op-all too: the table says admin
    for username in others:
        api = await as_user(username)
        refused = (await api.data(CREATE, _plh()))["createDelegation"]
        assert (refused["__typename"], refused["code"]) == ("NotAllowed", "MISSING_ROLE"), (username, refused)
        for target in (created["id"], 999):  # the role is asked before anything is looked up
            refused = (await api.data(END, {"id": target}))["endDelegation"]
            assert (refused["__typename"], refused["code"]) == ("NotAllowed", "MISSING_ROLE"), (username, refused)
    for document, variables, name in ((CREATE, _plh(), "createDelegation"), (END, {"id": 1}, "endDelegation")):
        refused = (await anon.data(document, variables))[name]
        assert (refused["__typename"], refused["code"]) == ("NotAllowed", "UNAUTHENTICATED")
    assert (await (await as_user("reviewer")).data(ACTING_FOR))["me"]["actingFor"] != []  # still in force

    refusals = [(e["action"], e["actor"]) for e in await _audit(as_user) if e["outcome"] == "refused"]
    for username in others:
        assert refusals.count(("create_delegation", username)) == 1, username
        assert refusals.count(("end_delegation", username)) == 2, username


async def test_bad_input_is_refused_with_every_problem_named_and_audited(as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    cases = [
        (_plh(**_period(3, 1)), "before it starts"),
        (_plh(a="nobody-here"), '"nobody-here" has no account'),
        (_plh(a="gubernur"), "cannot act for themselves"),
        (_plh(l="  "), "letter number is blank"),
        (_plh(l="x" * 101), "at most 100"),
        (_plh(s="0001-01-01"), "give a date from 1900-01-01"),
    ]
    for variables, expected in cases:
        answer = (await admin.data(CREATE, variables))["createDelegation"]
        assert answer["__typename"] == "InvalidInput" and expected in answer["message"], (variables, answer)
    bad_role = await admin(CREATE, _plh(r="PLX"))
    assert bad_role["errors"] and "DelegationRole" in bad_role["errors"][0]["message"]  # not even run
    refused = [e for e in await _audit(as_user) if e["action"] == "create_delegation" and e["outcome"] == "refused"]
    # All but the oversized letter, which workflow.limits refuses before anything is written.
    assert len(refused) == len(cases) - 1 and {e["errorCode"] for e in refused} == {"INVALIDINPUT"}


async def test_ending_a_delegation_takes_it_out_of_force_today(as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    running = (await admin.data(CREATE, _plh()))["createDelegation"]
    ended = (await admin.data(END, {"id": running["id"]}))["endDelegation"]
    assert ended["__typename"] == "Delegation" and ended["inForce"] is False
    assert ended["endsOn"] == str(today() - timedelta(days=1)) and ended["startsOn"] == running["startsOn"]
    assert (await (await as_user("reviewer")).data(ACTING_FOR))["me"]["actingFor"] == []
    again = (await admin.data(END, {"id": running["id"]}))["endDelegation"]
    assert again["__typename"] == "Conflict" and "already ended" in again["message"]

    future = (await admin.data(CREATE, _plh(**_period(10, 20))))["createDelegation"]
    never = (await admin.data(END, {"id": future["id"]}))["endDelegation"]
    assert never["endsOn"] == str(today() + timedelta(days=9)) and never["inForce"] is False  # the day before it starts
    missing = (await admin.data(END, {"id": 999}))["endDelegation"]
    assert missing["__typename"] == "NotFound"

    events = [(e["action"], e["outcome"]) for e in await _audit(as_user)]
    assert events.count(("end_delegation", "ok")) == 2 and ("end_delegation", "refused") in events
