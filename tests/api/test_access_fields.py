"""Field guards over real HTTP: every path to an Employee meets the same rule (domain.access), and
a guarded field of a person the viewer may not read comes back null without failing the answer."""

from __future__ import annotations

from testkit.province import HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE, WITNESS_1
from tests.api import flow

PERSON = "nip name birthDate religion talentProfile { assessments { jpm } discipline { severity } } nineBox { box }"
NOMINATION = f"""query($id: Int!) {{ nomination(id: $id) {{
  position {{ incumbent {{ {PERSON} }} }}
  shortlist {{ {PERSON} position {{ incumbent {{ nip birthDate }} }} }}
  nominee {{ nip }}
  evaluations {{ score }}
}} }}"""


async def _nomination(as_user, post: str, nips: list[str], operator: str = "op-all") -> int:  # type: ignore[no-untyped-def]
    op = await as_user(operator)
    nid = (await op.data(flow.CREATE, {"p": post}))["createNomination"]["id"]
    result = (await op.data(flow.SHORTLIST, {"id": nid, "nips": nips}))["setShortlist"]
    assert result["__typename"] == "Nomination", result
    return nid


async def test_an_employee_does_not_reach_the_incumbent_of_a_post_they_are_shortlisted_for(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await _nomination(as_user, "KABIRO-HUKUM", [HEAD_CANDIDATE, OTHER_CANDIDATE])
    seen = (await (await as_user("candidate")).data(NOMINATION, {"id": nid}))["nomination"]
    assert seen["position"]["incumbent"] is None  # WITNESS_1's NIP, birth date and rank stay hidden
    assert [p["nip"] for p in seen["shortlist"]] == [HEAD_CANDIDATE]  # only themselves
    me = seen["shortlist"][0]
    assert me["birthDate"] == "1975-01-01" and me["religion"] == "islam"
    assert me["talentProfile"]["assessments"] == [{"jpm": 86.5}]  # their own sensitive data
    assert me["position"]["incumbent"]["nip"] == HEAD_CANDIDATE
    assert seen["evaluations"] is None
    # Staff reach the incumbent and see its profile.
    staff = (await (await as_user("op-all")).data(NOMINATION, {"id": nid}))["nomination"]
    assert staff["position"]["incumbent"]["nip"] == WITNESS_1
    assert staff["position"]["incumbent"]["birthDate"] == "1970-01-01"


async def test_a_unit_operator_sees_who_a_candidate_is_but_not_the_profile_outside_their_units(as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await _nomination(as_user, "KADINKES", [HEAD_CANDIDATE, OTHER_CANDIDATE], operator="op-dinkes")
    seen = (await (await as_user("op-dinkes")).data(NOMINATION, {"id": nid}))["nomination"]
    by_nip = {p["nip"]: p for p in seen["shortlist"]}
    inside, outside = by_nip[HEAD_CANDIDATE], by_nip[OTHER_CANDIDATE]  # DINKES / BKD
    assert inside["birthDate"] == "1975-01-01" and inside["religion"] == "islam"
    assert inside["talentProfile"]["assessments"] is None  # sensitive: not for operators
    assert inside["talentProfile"]["discipline"] is None
    assert outside["name"] and outside["birthDate"] is None and outside["religion"] is None
    assert outside["talentProfile"] is None and outside["nineBox"] is None
    assert outside["position"]["incumbent"] == {"nip": OTHER_CANDIDATE, "birthDate": None}  # same rule, other path
    assert seen["evaluations"] is None


async def test_every_root_path_applies_the_same_profile_rule(as_user) -> None:  # type: ignore[no-untyped-def]
    employee = await as_user("employee")
    me = await employee.data(f'{{ employee(nip: "{JUNIOR}") {{ {PERSON} }} me {{ employee {{ birthDate }} }} }}')
    assert me["employee"]["birthDate"] == "1990-01-01"
    assert me["employee"]["talentProfile"]["discipline"] == [{"severity": "ringan"}]  # their own
    assert me["me"]["employee"]["birthDate"] == "1990-01-01"
    panel = (await (await as_user("panel")).data(f'{{ employee(nip: "{JUNIOR}") {{ {PERSON} }} }}'))["employee"]
    assert panel["talentProfile"]["discipline"] == [{"severity": "ringan"}] and panel["birthDate"] == "1990-01-01"
    listed = await (await as_user("op-bkd")).data("{ employees(first: 50) { edges { node { nip birthDate } } } }")
    assert all(e["node"]["birthDate"] for e in listed["employees"]["edges"])  # the list is already scoped
    assert JUNIOR not in {e["node"]["nip"] for e in listed["employees"]["edges"]}


async def test_the_nomination_list_and_a_single_read_agree(as_user) -> None:  # type: ignore[no-untyped-def]
    """``nominations`` (the SQL filter: shortlist membership per dialect) lists exactly the
    nominations ``nomination(id)`` (the Python predicate) lets the same person read."""
    mine = await _nomination(as_user, "KADINKES", [HEAD_CANDIDATE], operator="op-dinkes")
    other = await _nomination(as_user, "KABIRO-HUKUM", [OTHER_CANDIDATE])
    listing = "{ nominations(first: 50) { totalCount edges { node { id } } } }"
    single = "query($id: Int!) { nomination(id: $id) { id } }"
    for username, expected in (("candidate", {mine}), ("employee", set()), ("op-dinkes", {mine})):
        api = await as_user(username)
        listed = {e["node"]["id"] for e in (await api.data(listing))["nominations"]["edges"]}
        assert listed == expected, username
        for nid in (mine, other):
            body = await api(single, {"id": nid})
            readable = not body.get("errors") and body["data"]["nomination"] is not None
            assert readable == (nid in expected), (username, nid)
