"""Account administration over the API (issue 11, "Each role at home"): an administrator lists,
creates, changes, disables, enables accounts and resets passwords; each change is an audit event
(never with the password), every other role is refused — and the refusal audited — before
anything is looked up; a disabled account's sessions and live sockets end. Also the admin pages'
lists: delegations and the rule settings' history."""

from __future__ import annotations

import json

from sqlmodel import col, select

from domain.accounts import verify_password
from domain.models import AuditEvent, AuthSession, User
from testkit.province import ACCOUNTS
from tests.api.conftest import sign_in

ACCOUNT = "... on Account { id username displayName roles unitCode unitName nip employeeName active }"
ERRORS = "... on NotAllowed { message code } ... on InvalidInput { message } ... on NotFound { message }"
CREATE = f"""mutation($u: String!, $p: String!, $r: [String!]!, $n: String, $nip: String, $unit: String) {{
  createAccount(username: $u, password: $p, roles: $r, displayName: $n, nip: $nip, unitCode: $unit) {{
    __typename {ACCOUNT} {ERRORS} }} }}"""
CHANGE_ROLES = f"""mutation($id: Int!, $r: [String!]) {{ changeAccount(id: $id, roles: $r) {{
  __typename {ACCOUNT} {ERRORS} }} }}"""
CHANGE_UNIT = f"""mutation($id: Int!, $unit: String) {{ changeAccount(id: $id, unitCode: $unit) {{
  __typename {ACCOUNT} {ERRORS} }} }}"""
DISABLE = f"mutation($id: Int!) {{ disableAccount(id: $id) {{ __typename {ACCOUNT} {ERRORS} }} }}"
ENABLE = f"mutation($id: Int!) {{ enableAccount(id: $id) {{ __typename {ACCOUNT} {ERRORS} }} }}"
RESET = (
    f"mutation($id: Int!, $p: String!) {{ resetPassword(id: $id, password: $p) {{ __typename {ACCOUNT} {ERRORS} }} }}"
)
ACCOUNTS_LIST = """query($s: String, $a: Boolean) { accounts(search: $s, active: $a, first: 50) {
  totalCount edges { node { id username roles unitCode active } } } }"""
ME = "{ me { username } }"
NEW_PASSWORD = "a-new-password-2026"


async def _id(app, username: str) -> int:  # type: ignore[no-untyped-def]
    async with app.state.sessions() as session:
        user = (await session.exec(select(User).where(User.username == username))).one()
    assert user.id is not None
    return user.id


async def _events(app, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    async with app.state.sessions() as session:
        rows = await session.exec(select(AuditEvent).where(col(AuditEvent.action) == action))
        return list(rows.all())


async def test_an_admin_creates_an_account_that_signs_in_and_it_is_audited(app, client, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    variables = {"u": "op-rs", "p": "first-password-1", "r": ["operator"], "n": "Operator RS", "unit": "DINKES"}
    created = (await admin.data(CREATE, variables))["createAccount"]
    assert created["__typename"] == "Account", created
    assert (created["username"], created["roles"], created["unitCode"], created["active"]) == (
        "op-rs",
        ["operator"],
        "DINKES",
        True,
    )
    assert created["unitName"]
    assert (await sign_in(client, "op-rs", "first-password-1")).token
    async with app.state.sessions() as session:
        stored = await session.get(User, created["id"])
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    (event,) = await _events(app, "create_account")
    assert (event.actor_username, event.role, event.outcome) == ("admin", "admin", "ok")
    assert "first-password-1" not in event.data and json.loads(event.data)["unit_code"] == "DINKES"
    listed = (await admin.data(ACCOUNTS_LIST, {"s": "op-"}))["accounts"]
    assert {"op-rs", "op-dinkes", "op-bkd", "op-all"} <= {e["node"]["username"] for e in listed["edges"]}


async def test_bad_input_names_what_to_change_and_writes_nothing(app, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    base = {"u": "someone", "p": "long-enough-pw", "r": ["operator"]}
    cases = [
        ({"u": "Bad Name!"}, "lowercase letters"),
        ({"p": "short"}, "at least 10"),
        ({"r": []}, "at least one role"),
        ({"r": ["king"]}, 'unknown role "king"'),
        ({"u": "op-bkd"}, "is taken"),
        ({"unit": "NOWHERE"}, 'unit "NOWHERE" does not exist'),
        ({"nip": "12345"}, "NIP"),
    ]
    for change, expected in cases:
        answer = (await admin.data(CREATE, {**base, **change}))["createAccount"]
        assert answer["__typename"] == "InvalidInput" and expected in answer["message"], (change, answer)
    assert (await admin.data(ACCOUNTS_LIST, {"s": "someone"}))["accounts"]["totalCount"] == 0
    refused = [e for e in await _events(app, "create_account") if e.outcome == "refused"]
    assert len(refused) == len(cases) and all("long-enough-pw" not in e.data for e in refused)


async def test_every_other_role_is_refused_and_the_refusal_audited(app, as_user, anon) -> None:  # type: ignore[no-untyped-def]
    target = await _id(app, "op-bkd")
    attempts = [
        (CREATE, {"u": "x-1", "p": "long-enough-pw", "r": ["admin"]}, "createAccount"),
        (CHANGE_ROLES, {"id": target, "r": ["admin"]}, "changeAccount"),
        (DISABLE, {"id": target}, "disableAccount"),
        (ENABLE, {"id": target}, "enableAccount"),
        (RESET, {"id": target, "p": NEW_PASSWORD}, "resetPassword"),
    ]
    for username in [u for u in ACCOUNTS if u != "admin"]:  # op-dinkes: an operator of another unit too
        api = await as_user(username)
        for document, variables, field in attempts:
            answer = (await api.data(document, variables))[field]
            assert (answer["__typename"], answer["code"]) == ("NotAllowed", "MISSING_ROLE"), (username, answer)
        listed = await api(ACCOUNTS_LIST)
        assert listed["data"] is None and "administrator" in listed["errors"][0]["message"], username
    for document, variables, field in attempts:
        assert (await anon.data(document, variables))[field]["code"] == "UNAUTHENTICATED"
    async with app.state.sessions() as session:
        row = await session.get(User, target)
    assert row is not None and row.active and verify_password(row.password_hash, "x") is False
    refused = [e for e in await _events(app, "reset_password") if e.outcome == "refused"]
    assert len(refused) == len(ACCOUNTS) - 1 and all(NEW_PASSWORD not in e.data for e in refused)


async def test_roles_and_unit_scope_change_and_each_change_is_audited(app, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    changed_one = await as_user("op-bkd")
    target = await _id(app, "op-bkd")
    changed = (await admin.data(CHANGE_ROLES, {"id": target, "r": ["operator", "auditor"]}))["changeAccount"]
    assert changed["roles"] == ["auditor", "operator"]
    assert (await changed_one.data(ME))["me"] is None  # signs in again, under the new rights
    moved = (await admin.data(CHANGE_UNIT, {"id": target, "unit": "DINKES"}))["changeAccount"]
    assert moved["unitCode"] == "DINKES"
    province = (await admin.data(CHANGE_UNIT, {"id": target, "unit": None}))["changeAccount"]
    assert province["unitCode"] is None and province["roles"] == ["auditor", "operator"]  # roles left as they were
    same = (await admin.data(CHANGE_UNIT, {"id": target, "unit": None}))["changeAccount"]
    assert same["__typename"] == "InvalidInput" and "nothing to change" in same["message"]
    own = (await admin.data(CHANGE_ROLES, {"id": await _id(app, "admin"), "r": ["auditor"]}))["changeAccount"]
    assert own["__typename"] == "InvalidInput" and "your own account" in own["message"]
    missing = (await admin.data(CHANGE_ROLES, {"id": 9999, "r": ["auditor"]}))["changeAccount"]
    assert missing["__typename"] == "NotFound"
    changes = [json.loads(e.data)["changes"] for e in await _events(app, "change_account") if e.outcome == "ok"]
    assert changes == [
        {"roles": {"old": ["operator"], "new": ["auditor", "operator"]}},
        {"unit_code": {"old": "BKD", "new": "DINKES"}},
        {"unit_code": {"old": "DINKES", "new": None}},
    ]


async def test_disabling_ends_sessions_and_sockets_and_enabling_lets_them_sign_in(app, client, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    victim = await as_user("op-dinkes")
    assert (await victim.data(ME))["me"]["username"] == "op-dinkes"
    target = await _id(app, "op-dinkes")
    closed: list[str] = []

    class Socket:  # stands for a live GraphQL WebSocket of the session (api.socket_sessions)
        async def end_session(self) -> None:
            closed.append("closed")

    from api.sessions import hash_token

    app.state.open_sockets.add(hash_token(victim.token), Socket())
    disabled = (await admin.data(DISABLE, {"id": target}))["disableAccount"]
    assert disabled["__typename"] == "Account" and disabled["active"] is False
    assert closed == ["closed"]
    assert (await victim.data(ME))["me"] is None
    async with app.state.sessions() as session:
        assert (await session.exec(select(AuthSession).where(col(AuthSession.user_id) == target))).all() == []
    again = (await admin.data(DISABLE, {"id": target}))["disableAccount"]
    assert again["__typename"] == "InvalidInput" and "already disabled" in again["message"]
    own = (await admin.data(DISABLE, {"id": await _id(app, "admin")}))["disableAccount"]
    assert own["__typename"] == "InvalidInput" and "your own account" in own["message"]
    assert (await admin.data(ACCOUNTS_LIST, {"a": False}))["accounts"]["totalCount"] == 1

    enabled = (await admin.data(ENABLE, {"id": target}))["enableAccount"]
    assert enabled["active"] is True
    assert (await sign_in(client, "op-dinkes")).token
    outcomes = [(e.action, e.outcome) for e in await _events(app, "disable_account")]
    assert outcomes.count(("disable_account", "ok")) == 1


async def test_a_password_reset_ends_the_old_sessions_and_the_new_password_works(app, client, as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    victim = await as_user("auditor")
    target = await _id(app, "auditor")
    short = (await admin.data(RESET, {"id": target, "p": "short"}))["resetPassword"]
    assert short["__typename"] == "InvalidInput" and "at least 10" in short["message"]
    assert (await victim.data(ME))["me"]["username"] == "auditor"  # nothing changed
    reset = (await admin.data(RESET, {"id": target, "p": NEW_PASSWORD}))["resetPassword"]
    assert reset["__typename"] == "Account"
    assert (await victim.data(ME))["me"] is None
    assert (await sign_in(client, "auditor", NEW_PASSWORD)).token
    (event,) = [e for e in await _events(app, "reset_password") if e.outcome == "ok"]
    assert NEW_PASSWORD not in event.data and json.loads(event.data)["sessions_ended"] == 1


DELEGATIONS = "{ delegations(first: 10) { totalCount edges { node { actingUsername principalUsername inForce } } } }"
CREATE_DELEGATION = """mutation { createDelegation(actingUsername: "reviewer", principalUsername: "gubernur",
  role: PLH, startsOn: "2026-01-01", endsOn: "2199-01-01", letterNumber: "800/1") { __typename } }"""
HISTORY = """query($k: String) { ruleSettingHistory(key: $k) { key oldValue newValue actor source } }"""
UPDATE = """mutation($k: String!, $v: String!) { updateRuleSetting(key: $k, value: $v) { __typename } }"""


async def test_the_admin_lists_delegations_and_others_may_not(as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    assert (await admin.data(CREATE_DELEGATION))["createDelegation"]["__typename"] == "Delegation"
    listed = (await admin.data(DELEGATIONS))["delegations"]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"] == {
        "actingUsername": "reviewer",
        "principalUsername": "gubernur",
        "inForce": True,
    }
    for username in ("op-all", "op-dinkes", "auditor", "employee"):
        refused = await (await as_user(username))(DELEGATIONS)
        assert refused["data"] is None and "administrator" in refused["errors"][0]["message"], username


async def test_rule_setting_history_comes_from_the_audit_chain(as_user) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    settings = (await admin.data("{ ruleSettings { key value } }"))["ruleSettings"]
    numeric = next(s for s in settings if s["value"].replace(".", "").isdigit())
    new_value = str(float(numeric["value"]) + 1)
    assert (await admin.data(UPDATE, {"k": numeric["key"], "v": new_value}))["updateRuleSetting"]["__typename"] == (
        "RuleSetting"
    )
    history = (await admin.data(HISTORY, {"k": numeric["key"]}))["ruleSettingHistory"]
    assert [(h["key"], h["actor"]) for h in history] == [(numeric["key"], "admin")]
    assert float(history[0]["oldValue"]) == float(numeric["value"]) and float(history[0]["newValue"]) == float(
        new_value
    )
    assert (await (await as_user("auditor")).data(HISTORY, {"k": numeric["key"]}))["ruleSettingHistory"] == history
    refused = await (await as_user("employee"))(HISTORY)
    assert refused["data"] is None and "officials" in refused["errors"][0]["message"]
    assert (await (await as_user("op-dinkes")).data(HISTORY, {}))["ruleSettingHistory"] == []  # no province events
