"""The workflow's facts over GraphQL, which the page reads instead of keeping its own copy: each available
action's mutation name, whether it needs a reason or an outside letter, the stages in order, the closed
states, and the drawn workflow."""

from __future__ import annotations

import re

from api.schema.build import build_schema
from testkit.drive import approve_all, drive_to
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE, World

ACTIONS = """query($id: Int!) { nomination(id: $id) {
  availableActions { action mutation allowed reason requiresLetter reasonRequired } diagram } }"""

CAMEL_CASE = re.compile(r"^[a-z]+(?:[A-Z][a-z]+)*$")


async def _actions(api, nomination_id: int) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    data = await api.data(ACTIONS, {"id": nomination_id})
    return {a["action"]: a for a in data["nomination"]["availableActions"]}


async def to_approval(province: World) -> int:
    """A JPT Pratama nomination (Kepala Dinas Kesehatan) at the first step of its chain:
    Ketua TPK → Sekda → national review (records a letter) → Gubernur."""
    shortlist = [HEAD_CANDIDATE, OTHER_CANDIDATE]
    return await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE, shortlist=shortlist)


async def test_each_action_names_its_camel_case_mutation(as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    nid = await to_approval(province)
    actions = await _actions(await as_user("chair"), nid)
    assert actions["return_for_revision"]["mutation"] == "returnForRevision"
    assert actions["schedule_inauguration"]["mutation"] == "scheduleInauguration"
    assert actions["approve"]["mutation"] == "approve"
    for name, action in actions.items():
        assert CAMEL_CASE.match(action["mutation"]), action
        assert action["mutation"].lower() == name.replace("_", ""), action


async def test_every_named_mutation_exists_in_the_schema(as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    nid = await to_approval(province)
    actions = await _actions(await as_user("chair"), nid)
    mutations = build_schema(dev=True)._schema.mutation_type.fields  # type: ignore[union-attr]
    assert {a["mutation"] for a in actions.values()} <= set(mutations)


async def test_reason_required_as_the_definition_says(as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    nid = await to_approval(province)
    actions = await _actions(await as_user("op-dinkes"), nid)
    assert actions["withdraw"]["reasonRequired"] is True
    assert actions["return_for_revision"]["reasonRequired"] is True
    assert actions["reject"]["reasonRequired"] is True
    assert actions["approve"]["reasonRequired"] is False
    assert actions["set_shortlist"]["reasonRequired"] is False


async def test_requires_letter_only_at_the_step_that_records_one(as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    nid = await to_approval(province)
    # Ketua TPK's and the Sekda's steps are plain approvals.
    for username in ("chair", "sekda"):
        actions = await _actions(await as_user(username), nid)
        assert actions["approve"]["allowed"] is True and actions["approve"]["requiresLetter"] is False
        await approve_all(province, nid, steps=1)
    # The national review records the KemenPANRB/BKN letter: number and date.
    actions = await _actions(await as_user("reviewer"), nid)
    assert actions["approve"]["allowed"] is True and actions["approve"]["requiresLetter"] is True
    assert actions["withdraw"]["requiresLetter"] is False
    await approve_all(province, nid, steps=1)
    actions = await _actions(await as_user("gubernur"), nid)
    assert actions["approve"]["allowed"] is True and actions["approve"]["requiresLetter"] is False


async def test_stages_in_order_and_closed_states(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-dinkes")
    facts = (await api.data("{ workflow { stages closed } }"))["workflow"]
    assert facts["stages"] == ["MAPPING", "ASSESSMENT", "APPROVAL", "INAUGURATION", "OATH", "COMPLETED"]
    assert facts["closed"] == ["COMPLETED", "REJECTED", "WITHDRAWN"]


async def test_diagram_has_every_withdraw_edge(as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    """The page's own copy of the graph lacked OATH → WITHDRAWN; the server's diagram has it."""
    nid = await to_approval(province)
    diagram = (await (await as_user("chair")).data(ACTIONS, {"id": nid}))["nomination"]["diagram"]
    assert "stateDiagram-v2" in diagram
    edges = diagram.lower()
    for stage in ("mapping", "assessment", "approval", "inauguration", "oath"):
        assert re.search(rf"\b{stage}\s*-->\s*withdrawn\b", edges), (stage, diagram)


async def test_times_are_marked_with_the_provinces_zone(as_user, province: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-all")
    query = "query { workflow { timeZone timeZoneAbbreviation } }"
    facts = (await api.data(query))["workflow"]
    assert facts == {"timeZone": "Asia/Jakarta", "timeZoneAbbreviation": "WIB"}
    monkeypatch.setenv("MERITFLOW_TIMEZONE", "WITA")
    assert (await api.data(query))["workflow"] == {"timeZone": "Asia/Makassar", "timeZoneAbbreviation": "WITA"}
