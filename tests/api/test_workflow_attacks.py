"""Issue 9 items 1, 7 and 10, attacked over HTTP as an ordinary account would: an idempotency key
replayed against another unit's nomination, refusal messages that would reveal a hidden
nomination, and unbounded text into the append-only audit log."""

from __future__ import annotations

from sqlmodel import func, select

from domain.models import AuditEvent
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE
from tests.api import flow
from workflow.limits import LIMITS, REFUSALS_PER_MINUTE

WITHDRAW_KEYED = flow._m(
    "mutation($id: Int!, $r: String!, $k: String, $v: Int) { withdraw(nominationId: $id, reason: $r, "
    "idempotencyKey: $k, expectedVersion: $v) { FIELDS } }"
)
SHORTLIST_KEYED = flow._m(
    "mutation($id: Int!, $nips: [String!]!, $k: String) { setShortlist(nominationId: $id, nips: $nips, "
    "idempotencyKey: $k) { FIELDS } }"
)
APPROVE_AS = flow._m(
    'mutation($id: Int!, $v: Int) { approve(nominationId: $id, comment: "x", expectedVersion: $v) { FIELDS } }'
)


async def _created(api, post: str) -> int:  # type: ignore[no-untyped-def]
    result = (await api.data(flow.CREATE, {"p": post}))["createNomination"]
    assert result["__typename"] == "Nomination", result
    return int(result["id"])


async def _audit_size(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with app.state.sessions() as session:
        count = (await session.exec(select(func.count()).select_from(AuditEvent))).one()
        chars = (await session.exec(select(func.sum(func.length(AuditEvent.data))))).one() or 0
    return int(count), int(chars)


async def test_an_idempotency_key_does_not_replay_another_units_nomination(as_user) -> None:  # type: ignore[no-untyped-def]
    """Item 1: op-bkd used key k1 on their own nomination; the same key on a Dinas Kesehatan
    nomination answers NotFound, exactly as a fresh call would — not that nomination."""
    op_dinkes, op_bkd = await as_user("op-dinkes"), await as_user("op-bkd")
    theirs = await _created(op_dinkes, "KADINKES")
    await op_dinkes.data(flow.SHORTLIST, {"id": theirs, "nips": [HEAD_CANDIDATE]})
    mine = await _created(op_bkd, "KABKD")
    first = (await op_bkd.data(SHORTLIST_KEYED, {"id": mine, "nips": [OTHER_CANDIDATE], "k": "k1"}))["setShortlist"]
    assert first["__typename"] == "Nomination"

    replayed = await op_bkd.data(SHORTLIST_KEYED, {"id": theirs, "nips": [OTHER_CANDIDATE], "k": "k1"})
    assert replayed["setShortlist"]["__typename"] == "NotFound", replayed
    fresh = await op_bkd.data(SHORTLIST_KEYED, {"id": theirs, "nips": [OTHER_CANDIDATE], "k": "never-used"})
    assert fresh["setShortlist"] == replayed["setShortlist"]  # indistinguishable from a fresh call


async def test_an_idempotency_key_is_bound_to_its_request(as_user) -> None:  # type: ignore[no-untyped-def]
    op = await as_user("op-all")
    first_id = await _created(op, "KADINKES")
    second_id = await _created(op, "KABKD")
    variables = {"id": first_id, "nips": [HEAD_CANDIDATE], "k": "req-7"}
    first = (await op.data(SHORTLIST_KEYED, variables))["setShortlist"]
    again = (await op.data(SHORTLIST_KEYED, variables))["setShortlist"]
    assert again == first  # the same request: the first answer, nothing done twice
    other_args = (await op.data(SHORTLIST_KEYED, {**variables, "nips": [OTHER_CANDIDATE]}))["setShortlist"]
    assert other_args["__typename"] == "InvalidInput" and "new key" in other_args["message"]
    other_target = (await op.data(SHORTLIST_KEYED, {**variables, "id": second_id}))["setShortlist"]
    assert other_target["__typename"] == "InvalidInput"


async def test_refusals_reveal_nothing_about_a_hidden_nomination(as_user) -> None:  # type: ignore[no-untyped-def]
    """Item 10: an employee and an operator of another unit get the same NotFound for a hidden
    nomination as for one that does not exist — no state, version, unit or approver, even with a
    stale expectedVersion (which would otherwise answer Conflict with the current state)."""
    op = await as_user("op-dinkes")
    nid = await _created(op, "KADINKES")
    missing = (await op.data(APPROVE_AS, {"id": 999_999}))["approve"]
    for username in ("employee", "op-bkd"):
        api = await as_user(username)
        for variables in ({"id": nid}, {"id": nid, "v": 42}):
            answer = (await api.data(APPROVE_AS, variables))["approve"]
            assert answer["__typename"] == "NotFound", (username, answer)
            assert answer["message"] == missing["message"].replace("999999", str(nid))
            assert "DINKES" not in answer["message"] and "MAPPING" not in answer["message"].upper()
        actions = await api("query($id: Int!) { nomination(id: $id) { availableActions { action } } }", {"id": nid})
        assert not (actions.get("data") or {}).get("nomination"), actions


async def test_oversized_text_is_refused_and_not_logged(app, as_user) -> None:  # type: ignore[no-untyped-def]
    """Item 7 (and issue 13 item 3): a 15 000-character reason is InvalidInput, and nothing reaches
    the audit log; the limit is the column's (the closing reason's 1 000), and NUL is refused."""
    op = await as_user("op-all")
    nid = await _created(op, "KADINKES")
    before = await _audit_size(app)
    answer = (await op.data(WITHDRAW_KEYED, {"id": nid, "r": "x" * 15_000}))["withdraw"]
    assert answer["__typename"] == "InvalidInput" and str(LIMITS["reason"]) in answer["message"], answer
    assert await _audit_size(app) == before
    nul = await op.raw(WITHDRAW_KEYED, {"id": nid, "r": "ok\u0000"})  # refused at the HTTP edge
    assert nul.status_code == 400 and "NUL" in nul.json()["errors"][0]["message"], nul.text
    fits = (await op.data(WITHDRAW_KEYED, {"id": nid, "r": "y" * LIMITS["reason"]}))["withdraw"]
    assert fits["__typename"] == "Nomination" and fits["state"] == "WITHDRAWN"


async def test_refused_attempts_are_logged_at_a_bounded_rate(app, as_user) -> None:  # type: ignore[no-untyped-def]
    """Item 7: 15 aliased refused withdrawals per request, three requests: every one is refused,
    but no more than REFUSALS_PER_MINUTE of them are written for one person."""
    op = await as_user("op-all")
    nid = await _created(op, "KADINKES")
    await op.data(WITHDRAW_KEYED, {"id": nid, "r": "selesai"})  # now closed: every later withdraw is refused
    aliases = " ".join(
        f'w{i}: withdraw(nominationId: {nid}, reason: "{"z" * 900}") {{ __typename }}' for i in range(15)
    )
    before, _ = await _audit_size(app)
    for _ in range(3):
        body = await op(f"mutation {{ {aliases} }}")
        assert all(v["__typename"] == "NotAllowed" for v in body["data"].values()), body
    after, _ = await _audit_size(app)
    assert after - before == REFUSALS_PER_MINUTE  # 45 refused, 30 written (none before for this person)
