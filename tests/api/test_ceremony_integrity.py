"""Issue 10 through the API: a ceremony's status and last run, nominations awaiting inauguration,
the DRAFT mark of the Berita Acara, the return banner and the shortlist's notes."""

from __future__ import annotations

from domain.clock import today
from testkit.drive import a_ceremony, approve_all, drive_to
from testkit.province import CHAIR_NIP, HEAD_CANDIDATE, OTHER_CANDIDATE, WITNESS_1, WITNESS_2, World
from tests.api import flow
from workflow.queries import last_return

CEREMONY_Q = """query($id: Int!) { ceremony(id: $id) { id status conductedAt nominations { id state }
  lastRun { nominationId ok state code message dryRun params { name value } } } }"""
CONDUCT = """mutation($c: Int!, $clergy: [ClergyInput!], $dry: Boolean! = false) {
  conductCeremony(ceremonyId: $c, witnessNips: [WITNESSES], clergy: $clergy, dryRun: $dry) { __typename
  ... on CeremonyConducted { ceremony { status } results { nominationId ok code message params { name value } } }
  ... on NotAllowed { message code } } }""".replace("WITNESSES", f'"{WITNESS_1}", "{WITNESS_2}"')
NOMINATION_Q = """query($id: Int!) { nomination(id: $id) { id state awaitingInauguration documentFinal
  lastReturn { reason actor onBehalfOf at clearedNomineeNip clearedNominee { nip name } } } }"""
ENTRIES_Q = """query($id: Int!, $nips: [String!]) { nomination(id: $id) { shortlistEntries(nips: $nips) {
  nip employee { name } panelMember nominatedElsewhere { nominationId positionTitle state } } } }"""


async def test_a_run_with_failures_leaves_the_ceremony_partial_until_conducted_again(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    ceremony = await a_ceremony(province, today())
    nid = await drive_to(province, "inauguration", "KADINKES", nominee=HEAD_CANDIDATE, ceremony=ceremony)
    operator = await as_user("op-all")
    before = (await operator.data(CEREMONY_Q, {"id": ceremony}))["ceremony"]
    assert (before["status"], before["lastRun"]) == ("PLANNED", None)

    # No rohaniwan for the appointee's religion: the oath cannot be taken, the ceremony is PARTIAL.
    failed = (await operator.data(CONDUCT, {"c": ceremony}))["conductCeremony"]
    assert failed["ceremony"]["status"] == "PARTIAL"
    [result] = failed["results"]
    assert result["ok"] is False and result["code"] and result["message"]
    assert {"name": "nomination_id", "value": str(nid)} in result["params"]
    after = (await operator.data(CEREMONY_Q, {"id": ceremony}))["ceremony"]
    assert after["status"] == "PARTIAL" and after["conductedAt"] is None
    assert [(r["nominationId"], r["ok"], r["dryRun"]) for r in after["lastRun"]] == [(nid, False, False)]
    assert after["lastRun"][0]["code"] == result["code"]

    # A dry run does not change the last run; conducted again with the rohaniwan: CONDUCTED.
    clergy = [{"religion": "islam", "name": "K.H. Ahmad"}]
    await operator.data(CONDUCT, {"c": ceremony, "clergy": clergy, "dry": True})
    assert (await operator.data(CEREMONY_Q, {"id": ceremony}))["ceremony"]["lastRun"][0]["ok"] is False
    done = (await operator.data(CONDUCT, {"c": ceremony, "clergy": clergy}))["conductCeremony"]
    assert [r["ok"] for r in done["results"]] == [True] and done["ceremony"]["status"] == "CONDUCTED"
    final = (await operator.data(CEREMONY_Q, {"id": ceremony}))["ceremony"]
    assert final["status"] == "CONDUCTED" and final["conductedAt"] and final["lastRun"][0]["ok"] is True

    # An operator of another unit sees the ceremony but not the Dinas Kesehatan's result.
    other = (await (await as_user("op-bkd")).data(CEREMONY_Q, {"id": ceremony}))["ceremony"]
    assert other["lastRun"] == [] and other["nominations"] == []


async def test_a_ceremony_is_not_conducted_before_its_date(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    ceremony = await a_ceremony(province, today() + timedelta(days=3))
    await drive_to(province, "inauguration", "KADINKES", nominee=HEAD_CANDIDATE, ceremony=ceremony)
    operator = await as_user("op-all")
    refused = (await operator.data(CONDUCT, {"c": ceremony}))["conductCeremony"]
    assert refused["__typename"] == "NotAllowed" and refused["code"] == "CEREMONY_NOT_YET"
    assert str(today() + timedelta(days=3)) in refused["message"]
    rehearsal = (await operator.data(CONDUCT, {"c": ceremony, "dry": True}))["conductCeremony"]
    assert rehearsal["__typename"] == "CeremonyConducted"
    assert (await operator.data(CEREMONY_Q, {"id": ceremony}))["ceremony"]["status"] == "PLANNED"


async def test_awaiting_inauguration_field_and_filter(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    approved = await drive_to(province, "approved", "KADINKES", nominee=HEAD_CANDIDATE)
    halfway = await drive_to(province, "approval", "KABKD", nominee=OTHER_CANDIDATE, approvals=1)
    operator = await as_user("op-all")
    flags = {
        nid: (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["awaitingInauguration"]
        for nid in (approved, halfway)
    }
    assert flags == {approved: True, halfway: False}
    listed = await operator.data(
        "{ nominations(awaitingInauguration: true, first: 50) { edges { node { id awaitingInauguration } } } }"
    )
    assert [e["node"]["id"] for e in listed["nominations"]["edges"]] == [approved]
    both = await operator.data("{ nominations(awaitingInauguration: false, first: 50) { totalCount } }")
    assert both["nominations"]["totalCount"] == 2  # false does not filter


async def test_the_berita_acara_is_final_only_once_the_inauguration_is_recorded(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to(province, "inauguration", "KADINKES", nominee=HEAD_CANDIDATE)
    operator = await as_user("op-all")
    assert (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["documentFinal"] is False
    await operator.data(flow.INAUGURATE, {"id": nid})
    assert (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["documentFinal"] is True


async def test_last_return_names_who_returned_it_why_and_the_cleared_nominee(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE)
    operator = await as_user("op-all")
    assert (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["lastReturn"] is None
    returned = await (await as_user("chair")).data(flow.RETURN, {"id": nid})
    assert returned["returnForRevision"]["state"] == "ASSESSMENT", returned
    banner = (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["lastReturn"]
    assert banner["reason"] == "redo" and banner["actor"] == "chair" and banner["at"]
    assert banner["clearedNomineeNip"] == HEAD_CANDIDATE
    assert banner["clearedNominee"] == {"nip": HEAD_CANDIDATE, "name": "Budi Santoso"}
    async with province.sessions() as session:  # the workflow's read function says the same
        found = await last_return(session, nid)
    assert found is not None
    assert (found.reason, found.actor, found.cleared_nominee_nip) == ("redo", "chair", HEAD_CANDIDATE)
    # The employee who is the subject sees the status only: no banner with names and reasons.
    mine = await (await as_user("candidate")).data(NOMINATION_Q, {"id": nid})
    assert mine["nomination"]["lastReturn"] is None
    # Selected again and approved through: the banner belongs to the round it opened and stays.
    await (await as_user("chair")).data(flow.SELECT, {"id": nid, "nip": HEAD_CANDIDATE})
    await operator.data(flow.SUBMIT, {"id": nid})
    await approve_all(province, nid)
    assert (await operator.data(NOMINATION_Q, {"id": nid}))["nomination"]["lastReturn"]["reason"] == "redo"


async def test_shortlist_entries_note_another_nomination_and_panel_members(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    first = await drive_to(province, "nominee", "KADINKES", nominee=HEAD_CANDIDATE)
    second = await drive_to(
        province, "assessment", "KABKD", nominee=OTHER_CANDIDATE, shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE]
    )
    entries = (await (await as_user("chair")).data(ENTRIES_Q, {"id": second}))["nomination"]["shortlistEntries"]
    by_nip = {e["nip"]: e for e in entries}
    assert [e["nip"] for e in entries] == [HEAD_CANDIDATE, OTHER_CANDIDATE]
    assert by_nip[HEAD_CANDIDATE]["nominatedElsewhere"] == {
        "nominationId": first,
        "positionTitle": "Kepala Dinas Kesehatan",
        "state": "ASSESSMENT",
    }
    assert by_nip[OTHER_CANDIDATE]["nominatedElsewhere"] is None
    assert not any(e["panelMember"] for e in entries)
    # The nominee's own nomination is not "elsewhere".
    own = (await (await as_user("chair")).data(ENTRIES_Q, {"id": first}))["nomination"]["shortlistEntries"]
    assert own[0]["nominatedElsewhere"] is None
    # Candidates asked about before shortlisting: the chair of the panel is flagged.
    asked = await (await as_user("op-all")).data(ENTRIES_Q, {"id": second, "nips": [CHAIR_NIP, OTHER_CANDIDATE]})
    assert [(e["nip"], e["panelMember"]) for e in asked["nomination"]["shortlistEntries"]] == [
        (CHAIR_NIP, True),
        (OTHER_CANDIDATE, False),
    ]
    # An operator who may not see the other nomination learns only that there is one.
    bkd = await (await as_user("op-bkd")).data(ENTRIES_Q, {"id": second})
    hidden = {e["nip"]: e for e in bkd["nomination"]["shortlistEntries"]}[HEAD_CANDIDATE]["nominatedElsewhere"]
    assert hidden == {"nominationId": None, "positionTitle": None, "state": None}
    # The employee who is shortlisted sees only themselves, without notes.
    mine = await (await as_user("candidate")).data(ENTRIES_Q, {"id": second})
    assert mine["nomination"]["shortlistEntries"] == [
        {"nip": HEAD_CANDIDATE, "employee": {"name": "Budi Santoso"}, "panelMember": False, "nominatedElsewhere": None}
    ]
