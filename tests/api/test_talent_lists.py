"""The talent lists of issue 11: those close to eligible for a post (with the day they qualify), a
profile's eligibility outlook, a nine-box cell's members page by page, and the qualifying day of a
single eligibility question — each answering only what the access module lets the viewer read."""

from __future__ import annotations

from datetime import date

from domain.db import write_transaction
from domain.models import Discipline
from domain.reference import Level
from testkit.province import HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE

AS_OF = "2027-01-15"
NEAR = """query($post: String!, $first: Int, $after: String) {
  nearCandidates(positionCode: $post, asOf: "2027-01-15", first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { employee { nip name } qualifiesOn assumedSkpYears failing { rule passed key } } } } }"""
OUTLOOK = """query($nip: String!) { eligibilityOutlook(nip: $nip, asOf: "2027-01-15") {
  level eligible qualifiesOn checks { rule passed } } }"""
ELIGIBILITY = """query($nip: String!, $post: String!) {
  eligibility(nip: $nip, positionCode: $post, asOf: "2027-01-15") { eligible qualifiesOn checks { rule passed } } }"""
MEMBERS = """query($box: Int!, $unit: String, $first: Int, $after: String) {
  nineBoxMembers(box: $box, unitCode: $unit, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { nip name } } } }"""
GRID = """query($unit: String) { nineBox(unitCode: $unit, membersFirst: 1) { cells { box count } } }"""


def _nodes(connection: dict) -> list[dict]:  # type: ignore[type-arg]
    return [e["node"] for e in connection["edges"]]


async def _newcomers(province) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Two administrators of BKD a year short of the two years KABKD asks: one clean, one under a
    sedang penalty that bars too (a sensitive failure)."""
    waiting = await province.employee(Level.ADMINISTRATOR, held_since=date(2026, 3, 1), target=Level.JPT_PRATAMA)
    penalised = await province.employee(Level.ADMINISTRATOR, held_since=date(2026, 3, 1), target=Level.JPT_PRATAMA)
    async with write_transaction(province.sessions) as session:
        session.add(
            Discipline(
                nip=penalised,
                decree_date=date(2026, 6, 1),
                severity="sedang",
                penalty="pemotongan tunjangan",
                start_date=date(2026, 6, 1),
                end_date=date(2026, 11, 30),
            )
        )
    return waiting, penalised


async def test_near_candidates_give_the_failed_rule_and_the_qualifying_day(as_user, province) -> None:  # type: ignore[no-untyped-def]
    waiting, penalised = await _newcomers(province)
    panel = _nodes((await (await as_user("panel")).data(NEAR, {"post": "KABKD"}))["nearCandidates"])
    by_nip = {n["employee"]["nip"]: n for n in panel}
    assert waiting in by_nip and penalised in by_nip
    assert [c["rule"] for c in by_nip[waiting]["failing"]] == ["experience"]
    assert by_nip[waiting]["qualifiesOn"] == "2028-02-29"  # 730 days after 2026-03-01
    assert {c["rule"] for c in by_nip[penalised]["failing"]} == {"experience", "discipline"}
    assert by_nip[penalised]["qualifiesOn"] == "2028-02-29"  # the penalty's look-back ends sooner
    assert HEAD_CANDIDATE not in by_nip and OTHER_CANDIDATE not in by_nip  # eligible: in the ranking instead


async def test_an_operator_sees_only_people_they_may_read_and_no_sensitive_failure(as_user, province) -> None:  # type: ignore[no-untyped-def]
    waiting, penalised = await _newcomers(province)
    mine = _nodes((await (await as_user("op-bkd")).data(NEAR, {"post": "KABKD"}))["nearCandidates"])
    nips = [n["employee"]["nip"] for n in mine]
    assert waiting in nips
    assert penalised not in nips  # the failed discipline rule would give the penalty away
    # An operator of DINKES may not ask about a BKD post at all, nor see BKD people near a DINKES post.
    refused = await (await as_user("op-dinkes"))(NEAR, {"post": "KABKD"})
    assert refused["data"] is None and "outside the units you cover" in refused["errors"][0]["message"]
    dinkes = _nodes((await (await as_user("op-dinkes")).data(NEAR, {"post": "KADINKES"}))["nearCandidates"])
    assert not {waiting, penalised} & {n["employee"]["nip"] for n in dinkes}
    employee = await (await as_user("employee"))(NEAR, {"post": "KABKD"})
    assert employee["data"] is None


async def test_near_candidates_page_with_a_total(as_user, province) -> None:  # type: ignore[no-untyped-def]
    await _newcomers(province)
    panel = await as_user("panel")
    first = (await panel.data(NEAR, {"post": "KABKD", "first": 1}))["nearCandidates"]
    assert first["totalCount"] >= 2 and first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    second = (await panel.data(NEAR, {"post": "KABKD", "first": 1, "after": after}))["nearCandidates"]
    assert _nodes(second)[0]["employee"]["nip"] != _nodes(first)[0]["employee"]["nip"]


async def test_the_eligibility_answer_carries_the_qualifying_day_for_whoever_reads_it_all(as_user, province) -> None:  # type: ignore[no-untyped-def]
    waiting, _ = await _newcomers(province)
    panel = (await (await as_user("panel")).data(ELIGIBILITY, {"nip": waiting, "post": "KABKD"}))["eligibility"]
    assert panel["eligible"] is False and panel["qualifiesOn"] == "2028-02-29"
    operator = (await (await as_user("op-bkd")).data(ELIGIBILITY, {"nip": waiting, "post": "KABKD"}))["eligibility"]
    assert operator["qualifiesOn"] is None  # it rests on the JPM and discipline too


async def test_the_outlook_is_the_persons_own_and_refused_to_others(as_user, province) -> None:  # type: ignore[no-untyped-def]
    own = (await (await as_user("candidate")).data(OUTLOOK, {"nip": HEAD_CANDIDATE}))["eligibilityOutlook"]
    levels = {o["level"]: o for o in own}
    assert set(levels) == {"administrator", "jpt_pratama"}  # from the level held up
    assert levels["jpt_pratama"]["eligible"] is True
    junior = (await (await as_user("employee")).data(OUTLOOK, {"nip": JUNIOR}))["eligibilityOutlook"]
    assert [o["level"] for o in junior] == ["pengawas", "administrator", "jpt_pratama"]
    refused = await (await as_user("employee"))(OUTLOOK, {"nip": HEAD_CANDIDATE})
    assert refused["data"] is None and "may not see this employee" in refused["errors"][0]["message"]
    operator = (await (await as_user("op-dinkes")).data(OUTLOOK, {"nip": JUNIOR}))["eligibilityOutlook"]
    assert all(o["eligible"] is None and o["qualifiesOn"] is None for o in operator)  # rests on hidden facts


async def test_a_nine_box_cell_gives_all_its_members_page_by_page(as_user, province) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await province.employee(Level.ADMINISTRATOR)
    panel = await as_user("panel")
    cells = (await panel.data(GRID, {"unit": None}))["nineBox"]["cells"]
    box, count = max(((c["box"], c["count"]) for c in cells), key=lambda bc: bc[1])
    assert count >= 3
    seen, after = [], None
    while True:
        page = (await panel.data(MEMBERS, {"box": box, "unit": None, "first": 2, "after": after}))["nineBoxMembers"]
        assert page["totalCount"] == count
        seen += [n["nip"] for n in _nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == count == len(set(seen))
    refused = await (await as_user("op-dinkes"))(MEMBERS, {"box": box, "unit": "BKD"})
    assert refused["data"] is None and "outside your scope" in refused["errors"][0]["message"]
    employee = await (await as_user("employee"))(MEMBERS, {"box": box, "unit": None})
    assert employee["data"] is None
    bad = await panel(MEMBERS, {"box": 10, "unit": None})
    assert "numbered 1 to 9" in bad["errors"][0]["message"]
