"""Issue 11, lists that scale: search, filters, sorting and paging on the server, each with its
total, each within what the viewer may see (``domain.access``), each bad argument a typed error
naming it."""

from __future__ import annotations

from typing import Any

import pytest

from testkit.province import OTHER_CANDIDATE, World
from tests.api.flow import CREATE

POSITIONS = """query($search: String, $level: String, $unitCode: String, $subunits: Boolean, $sort: String,
  $first: Int, $after: String) {
  positions(search: $search, level: $level, unitCode: $unitCode, subunits: $subunits, sort: $sort, first: $first,
    after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code title } } } }"""
EMPLOYEES = """query($search: String, $unitCode: String, $subunits: Boolean, $sort: String, $first: Int,
  $after: String) {
  employees(search: $search, unitCode: $unitCode, subunits: $subunits, sort: $sort, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { nip name } } } }"""
NOMINATIONS = """query($search: String, $unitCode: String, $subunits: Boolean, $sort: String) {
  nominations(search: $search, unitCode: $unitCode, subunits: $subunits, sort: $sort) {
    totalCount edges { node { id position { code } } } } }"""
AUDIT = """query($search: String, $dateFrom: Date, $dateTo: Date, $nominationId: Int, $nip: String, $sort: String,
  $first: Int, $after: String) {
  auditEvents(search: $search, dateFrom: $dateFrom, dateTo: $dateTo, nominationId: $nominationId, nip: $nip,
    sort: $sort, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { seq action actor nominationId } } } }"""


@pytest.fixture
async def deep_units(province: World) -> World:
    """A Subbagian Keuangan two levels below the Dinas Kesehatan, and one of the same name in the
    BKD: the first is found by "Kesehatan" only through its ancestor's name."""
    await province.add_unit("DINKES-SEK", "Sekretariat", parent="DINKES")
    await province.add_unit("DINKES-KEU", "Subbagian Keuangan", parent="DINKES-SEK")
    await province.add_unit("BKD-KEU", "Subbagian Keuangan", parent="BKD")
    await province.add_post("KASUBAG-KEU-DINKES", "pengawas", unit="DINKES-KEU", title="Kepala Subbagian Keuangan")
    await province.add_post("KASUBAG-KEU-BKD", "pengawas", unit="BKD-KEU", title="Kepala Subbagian Keuangan")
    return province


async def create_nomination(as_user: Any, position_code: str) -> int:
    operator = await as_user("op-all")
    result = (await operator.data(CREATE, {"p": position_code}))["createNomination"]
    assert result["__typename"] == "Nomination", result
    return int(result["id"])


def codes(body: dict[str, Any], field: str = "positions") -> list[str]:
    return [e["node"]["code"] for e in body[field]["edges"]]


def error_of(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    return body["errors"][0]["message"]


async def test_a_post_is_found_by_the_name_of_any_unit_above_it(as_user, deep_units) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    found = await admin.data(POSITIONS, {"search": "kesehatan", "first": 100})
    assert "KASUBAG-KEU-DINKES" in codes(found)  # Dinas Kesehatan › Sekretariat › Subbagian Keuangan
    assert "KASUBAG-KEU-BKD" not in codes(found)
    assert {"KADINKES", "KABID-YANKES", "KASI-YANKES"} <= set(codes(found))
    assert found["positions"]["totalCount"] == len(codes(found))
    by_title = await admin.data(POSITIONS, {"search": "Subbagian Keuangan"})
    assert sorted(codes(by_title)) == ["KASUBAG-KEU-BKD", "KASUBAG-KEU-DINKES"]


async def test_search_never_finds_a_post_outside_the_viewers_units(as_user, deep_units) -> None:  # type: ignore[no-untyped-def]
    bkd = await as_user("op-bkd")
    assert codes(await bkd.data(POSITIONS, {"search": "kesehatan"})) == []
    assert codes(await bkd.data(POSITIONS, {"search": "keuangan"})) == ["KASUBAG-KEU-BKD"]
    assert codes(await bkd.data(POSITIONS, {"unitCode": "DINKES", "subunits": True})) == []
    dinkes = await as_user("op-dinkes")
    assert "KASUBAG-KEU-DINKES" in codes(await dinkes.data(POSITIONS, {"unitCode": "DINKES", "subunits": True}))
    assert codes(await dinkes.data(POSITIONS, {"unitCode": "DINKES"})) == ["KADINKES"]  # no subunits: that unit
    employee = await as_user("employee")
    assert "staff" in error_of(await employee(POSITIONS, {"search": "kesehatan"}))


async def test_positions_page_by_title_with_the_total_on_every_page(as_user, deep_units) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    seen: list[str] = []
    after = None
    while True:
        page = await admin.data(POSITIONS, {"sort": "-title", "first": 3, "after": after})
        assert page["positions"]["totalCount"] == 10
        seen += [e["node"]["title"] for e in page["positions"]["edges"]]
        if not page["positions"]["pageInfo"]["hasNextPage"]:
            break
        after = page["positions"]["pageInfo"]["endCursor"]
    assert len(seen) == 10 and seen == sorted(seen, reverse=True)


async def test_employees_page_with_a_total_and_stay_within_the_operators_units(as_user, province) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    first = await admin.data(EMPLOYEES, {"first": 2, "sort": "nip"})
    assert first["employees"]["totalCount"] == 7 and first["employees"]["pageInfo"]["hasNextPage"]
    rest = await admin.data(
        EMPLOYEES, {"first": 10, "sort": "nip", "after": first["employees"]["pageInfo"]["endCursor"]}
    )
    nips = [e["node"]["nip"] for e in first["employees"]["edges"] + rest["employees"]["edges"]]
    assert nips == sorted(nips) and len(nips) == 7
    dinkes_tree = await admin.data(EMPLOYEES, {"unitCode": "DINKES", "subunits": True})
    assert {e["node"]["name"] for e in dinkes_tree["employees"]["edges"]} == {"Budi Santoso", "Andi Pratama"}
    bkd = await as_user("op-bkd")
    assert (await bkd.data(EMPLOYEES, {"search": "budi"}))["employees"]["totalCount"] == 0
    assert (await bkd.data(EMPLOYEES, {"unitCode": "DINKES", "subunits": True}))["employees"]["totalCount"] == 0
    employee = await as_user("employee")  # Andi Pratama sees himself only
    assert (await employee.data(EMPLOYEES, {"search": "a"}))["employees"]["totalCount"] == 1


async def test_every_new_argument_is_checked_and_named(as_user, province) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    assert "sort" in error_of(await admin(POSITIONS, {"sort": "salary"}))
    assert "use one of code, level, title" in error_of(await admin(POSITIONS, {"sort": "salary"}))
    assert "sort" in error_of(await admin(EMPLOYEES, {"sort": "-birthDate"}))
    assert "sort" in error_of(await admin(NOMINATIONS, {"sort": "nominee"}))
    assert "sort" in error_of(await admin(AUDIT, {"sort": "at"}))
    assert "search" in error_of(await admin(POSITIONS, {"search": "k" * 201}))
    assert "search" in error_of(await admin(NOMINATIONS, {"search": "k" * 201}))
    assert "unitCode" in error_of(await admin(POSITIONS, {"unitCode": "U" * 101}))
    assert "level" in error_of(await admin(POSITIONS, {"level": "eselon2"}))
    assert (await admin.data(POSITIONS, {"level": "JPT_PRATAMA"}))["positions"]["totalCount"] == 4
    assert "dateFrom" in error_of(await admin(AUDIT, {"dateFrom": "2026-02-01", "dateTo": "2026-01-01"}))
    assert "nip" in error_of(await admin(AUDIT, {"nip": "dyah"}))
    for name in ("search", "unitCode", "sort"):  # refused at the HTTP edge, which names the argument
        refused = await admin.raw(POSITIONS, {name: "a\x00b"})
        assert refused.status_code == 400 and f"variables.{name}" in refused.json()["errors"][0]["message"]
    cursor = (await admin.data(POSITIONS, {"first": 1}))["positions"]["pageInfo"]["endCursor"]
    assert "cursor" in error_of(await admin(POSITIONS, {"first": 1, "after": cursor, "sort": "title"}))


async def test_nominations_search_by_post_and_nominee_within_what_one_may_see(as_user, province) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    kadinkes = await create_nomination(as_user, "KADINKES")
    kabkd = await create_nomination(as_user, "KABKD")
    found = await admin.data(NOMINATIONS, {"search": "kesehatan"})
    assert [e["node"]["id"] for e in found["nominations"]["edges"]] == [kadinkes]
    assert (await admin.data(NOMINATIONS, {"search": f"#{kabkd}"}))["nominations"]["totalCount"] == 1
    by_unit = await admin.data(NOMINATIONS, {"unitCode": "PROV", "subunits": True, "sort": "id"})
    assert [e["node"]["id"] for e in by_unit["nominations"]["edges"]] == [kadinkes, kabkd]
    bkd = await as_user("op-bkd")
    assert (await bkd.data(NOMINATIONS, {"search": "kesehatan"}))["nominations"]["totalCount"] == 0
    assert (await bkd.data(NOMINATIONS, {"search": str(kadinkes)}))["nominations"]["totalCount"] == 0


async def test_the_audit_is_searched_by_an_officials_name_nomination_nip_and_day(as_user, province) -> None:  # type: ignore[no-untyped-def]
    first = await create_nomination(as_user, "KADINKES")
    await create_nomination(as_user, "KABKD")
    auditor = await as_user("auditor")
    everything = await auditor.data(AUDIT, {})
    total = everything["auditEvents"]["totalCount"]
    assert total >= 2
    of_first = await auditor.data(AUDIT, {"nominationId": first})
    assert {e["node"]["nominationId"] for e in of_first["auditEvents"]["edges"]} == {first}
    oldest = await auditor.data(AUDIT, {"sort": "seq", "first": 1})
    assert oldest["auditEvents"]["edges"][0]["node"]["seq"] == 1
    today_only = await auditor.data(AUDIT, {"dateFrom": "2000-01-01", "dateTo": "2000-01-02"})
    assert today_only["auditEvents"]["totalCount"] == 0
    assert (await auditor.data(AUDIT, {"dateFrom": "2000-01-01"}))["auditEvents"]["totalCount"] == total
    widest = await auditor.data(AUDIT, {"dateFrom": "0001-01-01", "dateTo": "9999-12-31"})  # no overflow
    assert widest["auditEvents"]["totalCount"] == total
    bkd = await as_user("op-bkd")
    assert "auditors" in error_of(await bkd(AUDIT, {"search": "admin"}))


async def test_the_audit_finds_an_official_by_name_and_nip_not_only_username(as_user, province) -> None:  # type: ignore[no-untyped-def]
    await province.add_user("op-siti", ["operator"], nip=OTHER_CANDIDATE)  # Siti Rahma's account
    await create_nomination(as_user, "KABKD")  # by op-all
    siti = await as_user("op-siti")
    assert (await siti.data(CREATE, {"p": "KADINKES"}))["createNomination"]["__typename"] == "Nomination"
    auditor = await as_user("auditor")
    for search in ("Siti Rahma", "rahma", OTHER_CANDIDATE[:10]):
        found = await auditor.data(AUDIT, {"search": search})
        assert {e["node"]["actor"] for e in found["auditEvents"]["edges"]} == {"op-siti"}, search
    by_nip = await auditor.data(AUDIT, {"nip": OTHER_CANDIDATE})
    assert {e["node"]["actor"] for e in by_nip["auditEvents"]["edges"]} == {"op-siti"}


def test_an_employee_cannot_search_nominations_by_who_is_in_them() -> None:
    """An employee sees only the status of a nomination about them: a search by a name or NIP would
    tell them who the nominee is, so for them the search covers the number and the post only."""
    from api.schema.nomination_queries import _search_clause

    assert "employee" in str(_search_clause("budi", staff=True)).lower()
    assert "employee" not in str(_search_clause("budi", staff=False)).lower()
