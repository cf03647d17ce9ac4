"""Each query of the contract over the small province, with the scope of each role."""

from __future__ import annotations

from testkit.province import HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE

PROFILE = """query($nip: String!) { employee(nip: $nip) { nip name fullName pangkat position { code title vacant }
  talentProfile { jobHistory { title level startDate endDate } skp { year predicate } trainings { kind }
                  assessments { jpm category targetLevel scores { competency } } discipline { severity } }
  nineBox { box label reason } } }"""


async def test_me_anonymous_is_null(anon) -> None:  # type: ignore[no-untyped-def]
    assert (await anon.data("{ me { username } }"))["me"] is None


async def test_employees_search_by_name_and_nip_fragment(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    by_name = await api.data('{ employees(search: "santo") { totalCount edges { node { nip } } } }')
    assert [e["node"]["nip"] for e in by_name["employees"]["edges"]] == [HEAD_CANDIDATE]
    by_nip = await api.data('{ employees(search: "19780315 2001") { edges { node { name } } } }')
    assert [e["node"]["name"] for e in by_nip["employees"]["edges"]] == ["Siti Rahma"]


async def test_employees_pages_are_stable_and_complete(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    seen: list[str] = []
    after = None
    while True:
        page = (
            await api.data(
                "query($a: String) { employees(first: 2, after: $a) { totalCount edges { node { name nip } cursor }"
                " pageInfo { hasNextPage endCursor } } }",
                {"a": after},
            )
        )["employees"]
        seen += [e["node"]["nip"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] == 7


async def test_operator_sees_only_their_unit_subtree(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-dinkes")
    data = await api.data("{ employees(first: 100) { totalCount edges { node { nip unitCode } } } }")
    assert {e["node"]["unitCode"] for e in data["employees"]["edges"]} == {"DINKES", "DINKES-YANKES"}
    body = await api(PROFILE, {"nip": OTHER_CANDIDATE})
    assert body["data"]["employee"] is None and "may not see" in body["errors"][0]["message"]
    positions = await api.data("{ positions(first: 100) { edges { node { code } } } }")
    assert {e["node"]["code"] for e in positions["positions"]["edges"]} == {"KADINKES", "KABID-YANKES", "KASI-YANKES"}


async def test_employee_role_sees_only_self(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("employee")
    data = await api.data("{ employees { totalCount edges { node { nip } } } }")
    assert data["employees"]["totalCount"] == 1 and data["employees"]["edges"][0]["node"]["nip"] == JUNIOR
    own = (await api.data(PROFILE, {"nip": JUNIOR}))["employee"]
    assert own["talentProfile"]["discipline"] == [{"severity": "ringan"}]  # their own sensitive data
    other = await api(PROFILE, {"nip": HEAD_CANDIDATE})
    assert other["data"]["employee"] is None
    assert "staff roles" in (await api("{ positions { totalCount } }"))["errors"][0]["message"]


async def test_full_profile_for_the_panel(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("panel")
    emp = (await api.data(PROFILE, {"nip": HEAD_CANDIDATE}))["employee"]
    assert emp["pangkat"] == "Pembina Tingkat I"
    assert emp["position"] == {"code": "KABID-YANKES", "title": "Kepala Bidang Pelayanan Kesehatan", "vacant": False}
    profile = emp["talentProfile"]
    assert [j["level"] for j in profile["jobHistory"]] == ["administrator", "pengawas"]
    assert profile["assessments"][0]["jpm"] == 86.5
    assert profile["assessments"][0]["category"] == "Memenuhi Syarat"  # JPM >= 80 (domain.md)
    assert emp["nineBox"]["box"] == 9 and emp["nineBox"]["reason"] is None
    junior = (await api.data(PROFILE, {"nip": JUNIOR}))["employee"]
    assert junior["nineBox"]["box"] is None and "no SKP" in junior["nineBox"]["reason"]


async def test_sensitive_fields_hidden_from_operator_on_every_path(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-dinkes")
    query = """query($nip: String!) {
      direct: employee(nip: $nip) { talentProfile { assessments { jpm } discipline { severity } } }
      aliased: employee(nip: $nip) { tp: talentProfile { a: assessments { j: jpm } } }
      fragment: employee(nip: $nip) { ...P }
      nested: positions(first: 50) { edges { node { incumbent { nip talentProfile { assessments { jpm } } } } } }
    }
    fragment P on Employee { talentProfile { ...T } }
    fragment T on TalentProfile { assessments { jpm } discipline { severity } }"""
    data = await api.data(query, {"nip": HEAD_CANDIDATE})
    assert data["direct"]["talentProfile"] == {"assessments": None, "discipline": None}
    assert data["aliased"]["tp"] == {"a": None}
    assert data["fragment"]["talentProfile"] == {"assessments": None, "discipline": None}
    incumbents = [e["node"]["incumbent"] for e in data["nested"]["edges"] if e["node"]["incumbent"]]
    assert HEAD_CANDIDATE in {i["nip"] for i in incumbents}  # the nested path reaches the assessed person
    assert all(i["talentProfile"]["assessments"] is None for i in incumbents)
    assert "86.5" not in str(data)


async def test_positions_vacant_filter_and_incumbent(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    vacant = await api.data(
        "{ positions(vacant: true, first: 50) { edges { node { code vacant incumbent { nip } } } } }"
    )
    codes = {e["node"]["code"] for e in vacant["positions"]["edges"]}
    assert codes == {"KADINKES", "KABKD", "KASI-YANKES"}
    assert all(e["node"]["vacant"] and e["node"]["incumbent"] is None for e in vacant["positions"]["edges"])
    jpt = await api.data('{ positions(level: "jpt_pratama") { totalCount } }')
    assert jpt["positions"]["totalCount"] == 4
    one = await api.data('{ position(code: "KABID-YANKES") { levelLabel unit { name } incumbent { nip } } }')
    assert one["position"] == {
        "levelLabel": "Administrator",
        "unit": {"name": "Bidang Pelayanan Kesehatan"},
        "incumbent": {"nip": HEAD_CANDIDATE},
    }


async def test_eligibility_every_rule_with_reason(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("panel")
    q = """{ eligibility(nip: "%s", positionCode: "KADINKES", asOf: "2027-01-15") {
      eligible checks { rule passed severity detail } } }"""
    good = (await api.data(q % HEAD_CANDIDATE))["eligibility"]
    assert good["eligible"] is True
    assert {"education", "rank", "skp", "competency", "discipline", "age"} <= {c["rule"] for c in good["checks"]}
    bad = (await api.data(q % JUNIOR))["eligibility"]
    assert bad["eligible"] is False and any(not c["passed"] and c["detail"] for c in bad["checks"])


async def test_eligibility_hides_sensitive_details_from_operator(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("op-dinkes")
    result = (
        await api.data(
            '{ eligibility(nip: "' + HEAD_CANDIDATE + '", positionCode: "KADINKES") { checks { rule detail } } }'
        )
    )["eligibility"]
    competency = next(c for c in result["checks"] if c["rule"] == "competency")
    assert competency["detail"] is None  # hidden (test_leaks_talent covers passed and severity too)
    other_unit = await api('{ eligibility(nip: "' + HEAD_CANDIDATE + '", positionCode: "KABKD") { eligible } }')
    assert "outside the units you cover" in other_unit["errors"][0]["message"]


async def test_candidates_ranked_with_parts(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("panel")
    data = await api.data("""{ candidates(positionCode: "KADINKES", asOf: "2027-01-15", first: 5) {
      totalCount edges { node { rank score employee { nip } eligibility { eligible }
      scoreParts { name value points } } } } }""")
    nodes = [e["node"] for e in data["candidates"]["edges"]]
    assert [n["rank"] for n in nodes] == list(range(1, len(nodes) + 1))
    assert HEAD_CANDIDATE in {n["employee"]["nip"] for n in nodes}
    assert all(n["eligibility"]["eligible"] for n in nodes)
    jpm = next(p for p in nodes[0]["scoreParts"] if p["name"] == "jpm")
    assert jpm["value"] is not None
    operator = await as_user("op-dinkes")
    hidden = await operator.data(
        '{ candidates(positionCode: "KADINKES", asOf: "2027-01-15") { edges { node {'
        " scoreParts { name value detail } } } } }"
    )
    for edge in hidden["candidates"]["edges"]:
        part = next(p for p in edge["node"]["scoreParts"] if p["name"] == "jpm")
        assert part["value"] is None and part["detail"] is None


async def test_nine_box_cells_and_unmapped(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    grid = (
        await api.data("""{ nineBox(unitCode: "PROV") { cells { box label count members { nip } }
      unmapped { reason count members { nip } } } }""")
    )["nineBox"]
    assert [c["box"] for c in grid["cells"]] == list(range(1, 10))
    box9 = next(c for c in grid["cells"] if c["box"] == 9)
    assert {m["nip"] for m in box9["members"]} == {HEAD_CANDIDATE, OTHER_CANDIDATE}
    assert sum(u["count"] for u in grid["unmapped"]) == 5 and all(u["reason"] for u in grid["unmapped"])
    operator = await as_user("op-dinkes")
    assert (await operator('{ nineBox(unitCode: "BKD") { unitCode } }'))["errors"]


async def test_units_for_pickers(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("employee")
    units = (await api.data("{ units { code name } }"))["units"]
    assert [u["code"] for u in units] == sorted(u["code"] for u in units) and len(units) == 5
    children = (await api.data('{ units(parentCode: "DINKES") { code } }'))["units"]
    assert children == [{"code": "DINKES-YANKES"}]
