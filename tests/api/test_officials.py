"""People, not usernames (issue 11): the chain, the history and the evaluations name the official
who acted and the role they acted in (``domain.accounts.official_label``), and each history entry
names the person it is about — unless the viewer may not see that person, who is then `hidden`."""

from __future__ import annotations

from domain.accounts import official_label
from domain.models import Employee, User
from testkit.drive import drive_to
from testkit.province import CHAIR_NIP, HEAD_CANDIDATE, OTHER_CANDIDATE, World

PEOPLE = """query($id: Int!) { nomination(id: $id) {
  approvals { actor official { username name role actingFor { name } } }
  evaluations { evaluator nip official { name role } subject { nip name hidden } }
  history { action actor official { username name role } subject { nip name hidden } } } }"""


def test_the_label_names_the_person_and_the_role_they_acted_in() -> None:
    user = User(username="panel_chair", password_hash="x", display_name="Akun Ketua", nip=CHAIR_NIP)
    employee = Employee(nip=CHAIR_NIP, name="Dyah Pamungkas")  # type: ignore[call-arg]
    assert official_label("panel_chair", "panel_chair", user, employee).label() == "Dyah Pamungkas, Ketua TPK"
    assert official_label("panel_chair", "panel_chair", user, employee).label("en") == "Dyah Pamungkas, TPK chair"
    # No employee linked: the account's display name; no account left: the username it acted under.
    assert official_label("panel_chair", "panel_chair", user, None).name == "Akun Ketua"
    assert official_label("gone", "secretary").label() == "gone, Sekda"
    principal = official_label("sekda", "secretary", None, Employee(nip="1", name="Sekar Dewi"))  # type: ignore[call-arg]
    acting = official_label("plh", "secretary", None, Employee(nip="2", name="Wira Saksi"), principal)  # type: ignore[call-arg]
    assert acting.label() == "Wira Saksi, Sekda (atas nama Sekar Dewi, Sekda)"


async def test_chain_history_and_evaluations_name_people(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to(
        province,
        "approval",
        "KADINKES",
        nominee=HEAD_CANDIDATE,
        shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE],
        approvals=1,
        score=88,
    )
    seen = (await (await as_user("sekda")).data(PEOPLE, {"id": nid}))["nomination"]
    chair_step = seen["approvals"][0]
    assert chair_step["actor"] == "chair"
    assert chair_step["official"] == {
        "username": "chair",
        "name": "Chairul Anwar",
        "role": "panel_chair",
        "actingFor": None,
    }
    scored = seen["evaluations"][0]
    assert scored["official"]["role"] == "panel"
    assert scored["subject"] == {"nip": HEAD_CANDIDATE, "name": "Budi Santoso", "hidden": False}
    by_action = {e["action"]: e for e in seen["history"]}
    assert by_action["record_evaluation"]["subject"]["name"] == "Budi Santoso"
    assert by_action["select_nominee"]["subject"]["name"] == "Budi Santoso"
    assert by_action["select_nominee"]["official"]["name"] == "Chairul Anwar"
    assert by_action["create"]["subject"] is None


async def test_a_person_the_viewer_may_not_see_stays_hidden(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await drive_to(
        province, "approval", "KADINKES", nominee=OTHER_CANDIDATE, shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE]
    )
    # The candidate follows a nomination about them: no official's name, and the other person hidden.
    seen = (await (await as_user("candidate")).data(PEOPLE, {"id": nid}))["nomination"]
    assert seen["approvals"] == [] and seen["evaluations"] is None
    for event in seen["history"]:
        assert event["official"] is None and event["actor"] is None
    subjects = [e["subject"] for e in seen["history"] if e["subject"] is not None]
    assert subjects and all(s == {"nip": None, "name": None, "hidden": True} for s in subjects), subjects


async def test_the_return_that_opened_a_round_names_who_returned_it(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    from tests.api.flow import RETURN

    nid = await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE, shortlist=[HEAD_CANDIDATE])
    chair = await as_user("chair")
    assert (await chair.data(RETURN, {"id": nid}))["returnForRevision"]["__typename"] == "Nomination"
    query = "query($id: Int!) { nomination(id: $id) { lastReturn { actor official { name role } } } }"
    seen = (await (await as_user("sekda")).data(query, {"id": nid}))["nomination"]["lastReturn"]
    assert seen == {"actor": "chair", "official": {"name": "Chairul Anwar", "role": "panel_chair"}}
