"""A JPT Pratama nomination through the contract's mutations in-process, with a different account
per official; typed errors; history, available actions and the diagram."""

from __future__ import annotations

from datetime import date, timedelta

from testkit.province import HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE, WITNESS_1, WITNESS_2
from tests.api import flow


async def _ok(api, query: str, variables: dict, field: str) -> dict:  # type: ignore[no-untyped-def]
    result = (await api.data(query, variables))[field]
    assert result["__typename"] in ("Nomination", "Ceremony"), result
    return result


async def drive_to_approval(as_user) -> int:  # type: ignore[no-untyped-def]
    op = await as_user("op-dinkes")
    created = await _ok(op, flow.CREATE, {"p": "KADINKES"}, "createNomination")
    nid = created["id"]
    assert created["state"] == "MAPPING"
    await _ok(op, flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE, OTHER_CANDIDATE]}, "setShortlist")
    await _ok(op, flow.START, {"id": nid}, "startAssessment")
    panel = await as_user("panel")
    await _ok(panel, flow.EVALUATE, {"id": nid, "nip": HEAD_CANDIDATE, "s": 88}, "recordEvaluation")
    chair = await as_user("chair")
    await _ok(chair, flow.SELECT, {"id": nid, "nip": HEAD_CANDIDATE}, "selectNominee")
    submitted = await _ok(op, flow.SUBMIT, {"id": nid}, "submitForApproval")
    assert submitted["state"] == "APPROVAL"
    return nid


async def test_full_jpt_pratama_nomination_in_process(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to_approval(as_user)
    for username in ("chair", "sekda"):
        await _ok(await as_user(username), flow.APPROVE, {"id": nid}, "approve")
    reviewer = await as_user("reviewer")
    missing_letter = (await reviewer.data(flow.APPROVE, {"id": nid}))["approve"]
    assert missing_letter["__typename"] == "InvalidInput" and "letter" in missing_letter["message"]
    await _ok(reviewer, flow.APPROVE, {"id": nid, "ln": "B-123/KASN/2026", "ld": str(date.today())}, "approve")
    await _ok(await as_user("gubernur"), flow.APPROVE, {"id": nid}, "approve")

    op_all = await as_user("op-all")
    held_on = date.today() + timedelta(days=7)
    ceremony = (await op_all.data(flow.CEREMONY, {"d": str(held_on)}))["createCeremony"]
    assert ceremony["__typename"] == "Ceremony", ceremony
    op = await as_user("op-dinkes")
    variables = flow.schedule_variables(nid, ceremony["id"], "821.2/Kep.1-BKD/2026", held_on)
    scheduled = await _ok(op, flow.SCHEDULE, variables, "scheduleInauguration")
    assert scheduled["state"] == "INAUGURATION"
    await _ok(op, flow.INAUGURATE, {"id": nid}, "recordInauguration")
    done = await _ok(op, flow.OATH, {"id": nid, "w": [WITNESS_1, WITNESS_2]}, "recordOath")
    assert done["state"] == "COMPLETED"

    auditor = await as_user("auditor")
    data = await auditor.data(flow.DETAIL, {"id": nid})
    detail = data["nomination"]
    assert [a["role"] for a in detail["approvals"]] == ["panel_chair", "secretary", "reviewer", "ppk"]
    assert [a["actor"] for a in detail["approvals"]] == ["chair", "sekda", "reviewer", "gubernur"]
    transitions = [(h["fromState"], h["toState"]) for h in detail["history"] if h["outcome"] == "ok" and h["toState"]]
    assert ("OATH", "COMPLETED") in transitions and transitions[0][1] == "MAPPING"
    assert "stateDiagram-v2" in detail["diagram"]
    posts = await auditor.data(
        'query($n: String!) { employee(nip: $n) { position { code } } old: position(code: "KABID-YANKES") { vacant } }',
        {"n": HEAD_CANDIDATE},
    )
    assert posts["employee"]["position"]["code"] == "KADINKES" and posts["old"]["vacant"] is True
    integrity = await auditor.data("{ auditIntegrity { ok eventsChecked firstBrokenEventId } }")
    assert integrity["auditIntegrity"]["ok"] is True and integrity["auditIntegrity"]["eventsChecked"] > 10


async def test_typed_errors(as_user) -> None:  # type: ignore[no-untyped-def]
    op = await as_user("op-dinkes")
    nid = (await _ok(op, flow.CREATE, {"p": "KADINKES"}, "createNomination"))["id"]
    again = (await op.data(flow.CREATE, {"p": "KADINKES"}))["createNomination"]
    assert again["__typename"] == "Conflict"
    other_unit = (await op.data(flow.CREATE, {"p": "KABKD"}))["createNomination"]
    assert other_unit["__typename"] == "NotAllowed" and other_unit["code"] == "OUT_OF_UNIT"
    missing = (await op.data(flow.START, {"id": 999999}))["startAssessment"]
    assert missing["__typename"] == "NotFound"
    stale = (await op.data(flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE], "v": 99}))["setShortlist"]
    assert stale["__typename"] == "Conflict" and stale["currentState"] == "MAPPING"
    await _ok(op, flow.SHORTLIST, {"id": nid, "nips": [HEAD_CANDIDATE, JUNIOR]}, "setShortlist")
    await _ok(op, flow.START, {"id": nid}, "startAssessment")
    chair = await as_user("chair")
    ineligible = (await chair.data(flow.SELECT, {"id": nid, "nip": JUNIOR}))["selectNominee"]
    assert ineligible["__typename"] == "Ineligible" and ineligible["checks"]
    anonymous = (await op.client.post("/graphql", json={"query": flow.START, "variables": {"id": nid}})).json()
    assert anonymous["data"]["startAssessment"]["__typename"] == "NotAllowed"


async def test_available_actions_explain_refusals(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to_approval(as_user)
    q = "query($id: Int!) { nomination(id: $id) { availableActions { action allowed reason code message } } }"
    chair = {
        a["action"]: a for a in (await (await as_user("chair")).data(q, {"id": nid}))["nomination"]["availableActions"]
    }
    assert chair["approve"]["allowed"] is True
    sekda = {
        a["action"]: a for a in (await (await as_user("sekda")).data(q, {"id": nid}))["nomination"]["availableActions"]
    }
    assert sekda["approve"]["allowed"] is False and sekda["approve"]["reason"] == "NOT_YOUR_STEP"
    assert sekda["set_shortlist"]["reason"] == "WRONG_STAGE" and sekda["approve"]["message"]


async def test_nominations_list_filters_and_scope(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to_approval(as_user)
    auditor = await as_user("auditor")
    listed = await auditor.data("{ nominations(state: APPROVAL) { totalCount edges { node { id kind } } } }")
    assert listed["nominations"]["totalCount"] == 1
    assert listed["nominations"]["edges"][0]["node"] == {"id": nid, "kind": "PROMOTION"}
    chair = await as_user("chair")
    mine = await chair.data("{ nominations(assignedToMe: true) { totalCount } }")
    assert mine["nominations"]["totalCount"] == 1
    sekda_mine = await (await as_user("sekda")).data("{ nominations(assignedToMe: true) { totalCount } }")
    assert sekda_mine["nominations"]["totalCount"] == 0
    assert (await (await as_user("op-bkd")).data("{ nominations { totalCount } }"))["nominations"]["totalCount"] == 0
    assert (await (await as_user("employee")).data("{ nominations { totalCount } }"))["nominations"]["totalCount"] == 0
    subject = await as_user("candidate")
    own = await subject.data(
        "query($id: Int!) { nomination(id: $id) { state shortlist { nip } approvals { actor } evaluations { score }"
        " history { actor reason toState } } }",
        {"id": nid},
    )
    seen = own["nomination"]
    assert seen["state"] == "APPROVAL" and seen["shortlist"] == [{"nip": HEAD_CANDIDATE}]
    assert seen["approvals"] == [] and seen["evaluations"] is None
    assert all(h["actor"] is None and h["reason"] is None for h in seen["history"])
    op_bkd = await as_user("op-bkd")
    refused = await op_bkd("query($id: Int!) { nomination(id: $id) { id } }", {"id": nid})
    missing = await op_bkd("query($id: Int!) { nomination(id: $id) { id } }", {"id": 999_999})
    assert refused == missing == {"data": {"nomination": None}}  # hidden answers exactly like missing


async def test_idempotency_key_header_replays_first_answer(as_user) -> None:  # type: ignore[no-untyped-def]
    op = await as_user("op-dinkes")
    headers = {"Idempotency-Key": "create-kadinkes-1"}
    first = (await op(flow.CREATE, {"p": "KADINKES"}, headers=headers))["data"]["createNomination"]
    second = (await op(flow.CREATE, {"p": "KADINKES"}, headers=headers))["data"]["createNomination"]
    assert first["__typename"] == second["__typename"] == "Nomination" and first["id"] == second["id"]


async def test_audit_log_for_auditors_only(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to_approval(as_user)
    auditor = await as_user("auditor")
    page = (
        await auditor.data(
            "{ auditEvents(first: 3) { totalCount edges { node { seq action nominationId } } "
            "pageInfo { hasNextPage endCursor } } }"
        )
    )["auditEvents"]
    seqs = [e["node"]["seq"] for e in page["edges"]]
    assert seqs == sorted(seqs, reverse=True) and page["pageInfo"]["hasNextPage"] and page["totalCount"] >= 6
    found = await auditor.data('{ auditEvents(search: "select_nominee") { edges { node { nominationId } } } }')
    assert [e["node"]["nominationId"] for e in found["auditEvents"]["edges"]] == [nid]
    by_number = "query($s: String) { auditEvents(search: $s) { totalCount edges { node { nominationId } } } }"
    mine = (await auditor.data(by_number, {"s": f"#{nid}"}))["auditEvents"]
    assert mine["totalCount"] >= 6 and {e["node"]["nominationId"] for e in mine["edges"]} == {nid}
    assert (await auditor.data(by_number, {"s": f"#{nid + 1000}"}))["auditEvents"]["totalCount"] == 0
    refused = await (await as_user("op-all"))("{ auditEvents { totalCount } }")
    assert refused["data"] is None and "auditors" in refused["errors"][0]["message"]


async def test_overdue_filter_and_ceremonies(app, as_user) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from domain.db import write_transaction
    from domain.models import Nomination

    nid = await drive_to_approval(as_user)
    auditor = await as_user("auditor")
    assert (await auditor.data("{ nominations(overdue: true) { totalCount } }"))["nominations"]["totalCount"] == 0
    async with write_transaction(app.state.sessions) as s:
        await s.exec(sa.update(Nomination).values(stage_due_on=date.today() - timedelta(days=3)))  # type: ignore[call-overload]
    overdue = await auditor.data("{ nominations(overdue: true) { edges { node { id overdue stageDueOn } } } }")
    assert [(e["node"]["id"], e["node"]["overdue"]) for e in overdue["nominations"]["edges"]] == [(nid, True)]

    op_all = await as_user("op-all")
    held_on = date.today() + timedelta(days=6)
    created = (await op_all.data(flow.CEREMONY, {"d": str(held_on)}))["createCeremony"]
    listed = await auditor.data(
        "{ ceremonies { totalCount edges { node { id date place officiant nominations { id } } } } }"
    )
    assert listed["ceremonies"]["totalCount"] == 1
    assert listed["ceremonies"]["edges"][0]["node"] == {
        "id": created["id"], "date": str(held_on), "place": "Gedung Negara", "officiant": "Gubernur", "nominations": []
    }  # fmt: skip
    one = await auditor.data("query($id: Int!) { ceremony(id: $id) { id } }", {"id": created["id"]})
    assert one["ceremony"] == {"id": created["id"]}
    refused = await (await as_user("employee"))("{ ceremonies { totalCount } }")
    assert refused["data"] is None and refused["errors"]


async def test_acting_official_takes_a_step_for_the_principal(app, as_user) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from sqlmodel import select

    from domain.db import write_transaction
    from domain.models import Delegation, User

    nid = await drive_to_approval(as_user)
    async with write_transaction(app.state.sessions) as s:
        users = {u.username: u.id for u in (await s.exec(select(User))).all()}
        today = date.today()
        delegation = Delegation(
            acting_user_id=users["panel"], principal_user_id=users["chair"], kind="plh", start_date=today,
            end_date=today + timedelta(days=5), decree_number="800/12-BKD/2026", created_at=datetime.now(UTC),
        )  # fmt: skip
        s.add(delegation)
        await s.flush()
        delegation_id = delegation.id
    panel = await as_user("panel")
    me = await panel.data("{ me { actingFor { id kind decreeNumber principal { username } } } }")
    assert me["me"]["actingFor"] == [
        {"id": delegation_id, "kind": "plh", "decreeNumber": "800/12-BKD/2026", "principal": {"username": "chair"}}
    ]
    approve = flow.APPROVE.replace("letterDate: $ld)", "letterDate: $ld, delegationId: $dg)").replace(
        "$ld: Date)", "$ld: Date, $dg: Int)"
    )
    result = (await panel.data(approve, {"id": nid, "dg": delegation_id}))["approve"]
    assert result["__typename"] == "Nomination", result
    detail = await (await as_user("auditor")).data(
        "query($id: Int!) { nomination(id: $id) { approvals { actor onBehalfOf } } }", {"id": nid}
    )
    assert detail["nomination"]["approvals"] == [{"actor": "panel", "onBehalfOf": "chair"}]


OATH_Q = """query($id: Int!) { nomination(id: $id) { state oathDraft pledgeDraft: oathDraft(pledge: true)
  hinduDraft: oathDraft(religion: "hindu") nominee { nip religion }
  oath { text witnesses { nip name } clergyName pledge takenOn recordedAt } } }"""


async def test_oath_record_and_draft_for_the_berita_acara(as_user) -> None:  # type: ignore[no-untyped-def]
    """Before the oath the print view reads the server's draft wording; after it, the record itself:
    the text, the witnesses by NIP and name, the rohaniwan and the day of the ceremony."""
    nid = await drive_to_approval(as_user)
    for username in ("chair", "sekda"):
        await _ok(await as_user(username), flow.APPROVE, {"id": nid}, "approve")
    letter = {"id": nid, "ln": "B-123/KASN/2026", "ld": str(date.today())}
    await _ok(await as_user("reviewer"), flow.APPROVE, letter, "approve")
    await _ok(await as_user("gubernur"), flow.APPROVE, {"id": nid}, "approve")
    held_on = date.today() + timedelta(days=7)
    ceremony = (await (await as_user("op-all")).data(flow.CEREMONY, {"d": str(held_on)}))["createCeremony"]
    op = await as_user("op-dinkes")
    schedule = flow.schedule_variables(nid, ceremony["id"], "SK/1", held_on)
    await _ok(op, flow.SCHEDULE, schedule, "scheduleInauguration")
    await _ok(op, flow.INAUGURATE, {"id": nid}, "recordInauguration")

    before = (await op.data(OATH_Q, {"id": nid}))["nomination"]
    assert before["oath"] is None and before["nominee"]["religion"] == "islam"
    assert before["oathDraft"].startswith("Demi Allah, saya bersumpah")
    # The regulation's words ("jabatan ini"), never the level; the Berita Acara names the post in the
    # sentence before the formula (tests/api/test_ceremony_documents.py).
    assert "untuk diangkat dalam jabatan ini, baik langsung maupun tidak langsung" in before["oathDraft"]
    assert "JPT" not in before["oathDraft"] and "Pratama" not in before["oathDraft"]
    assert before["pledgeDraft"].startswith("Demi Tuhan Yang Maha Esa, saya menyatakan dan berjanji")
    assert before["hinduDraft"].startswith("Om Atah Paramawisesa")

    await _ok(op, flow.OATH, {"id": nid, "w": [WITNESS_1, WITNESS_2]}, "recordOath")
    after = (await op.data(OATH_Q, {"id": nid}))["nomination"]
    oath = after["oath"]
    assert oath["text"] == before["oathDraft"]
    assert oath["witnesses"] == [{"nip": WITNESS_1, "name": "Wira Saksi"}, {"nip": WITNESS_2, "name": "Wati Saksi"}]
    assert oath["clergyName"] == "K.H. Ahmad" and oath["pledge"] is False
    assert oath["takenOn"] == str(held_on) and oath["recordedAt"]
    # The subject sees their own oath; an employee the nomination is not about sees nothing of it.
    own = (await (await as_user("candidate")).data(OATH_Q, {"id": nid}))["nomination"]
    assert own["oath"] == oath
    other = await (await as_user("employee"))(OATH_Q, {"id": nid})
    assert other == {"data": {"nomination": None}}


async def test_religion_only_to_who_may_read_the_profile(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to_approval(as_user)  # shortlist: HEAD_CANDIDATE (Dinkes) and OTHER_CANDIDATE (BKD)
    query = "query($id: Int!) { nomination(id: $id) { shortlist { nip religion } } }"
    for username, expected in (
        ("op-dinkes", {HEAD_CANDIDATE: "islam", OTHER_CANDIDATE: None}),  # the BKD employee is outside its units
        ("op-all", {HEAD_CANDIDATE: "islam", OTHER_CANDIDATE: "islam"}),
        ("candidate", {HEAD_CANDIDATE: "islam"}),  # an employee sees only themselves on the shortlist
    ):
        shortlist = (await (await as_user(username)).data(query, {"id": nid}))["nomination"]["shortlist"]
        assert {e["nip"]: e["religion"] for e in shortlist} == expected, username
