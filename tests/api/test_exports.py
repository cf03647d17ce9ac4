"""Issue 11, exports: ``GET /export/<what>.xlsx`` serves the list the page shows, with its filters,
to the session's viewer only — the same resolvers decide what it holds. Each file is opened with
openpyxl and its headers and rows checked."""

from __future__ import annotations

import io
from typing import Any

import httpx
from openpyxl import load_workbook

from api.exports import XLSX
from api.sessions import COOKIE_NAME
from testkit.province import HEAD_CANDIDATE
from tests.api.flow import CREATE


def sheet_rows(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert response.headers["cache-control"] == "no-store"
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


async def export(client: httpx.AsyncClient, api: Any, what: str, **params: Any) -> httpx.Response:
    """As the browser asks: the session cookie, no Authorization header."""
    client.cookies.set(COOKIE_NAME, api.token)
    try:
        return await client.get(f"/export/{what}.xlsx", params=params)
    finally:
        client.cookies.clear()


async def test_nominations_export_keeps_the_filters_and_the_viewers_scope(as_user, client) -> None:  # type: ignore[no-untyped-def]
    operator = await as_user("op-all")
    for code in ("KADINKES", "KABKD", "KABIRO-HUKUM"):
        assert (await operator.data(CREATE, {"p": code}))["createNomination"]["__typename"] == "Nomination"
    admin = await as_user("admin")
    rows = sheet_rows(await export(client, admin, "nominations"))
    assert rows[0][:4] == ["Nomor", "Jabatan", "Kode jabatan", "Unit"]
    assert sorted(r[2] for r in rows[1:]) == ["KABIRO-HUKUM", "KABKD", "KADINKES"]
    searched = sheet_rows(await export(client, admin, "nominations", search="kesehatan", lang="en"))
    assert searched[0][0] == "Number" and [r[2] for r in searched[1:]] == ["KADINKES"]
    bkd = await as_user("op-bkd")  # an operator of another unit gets only their unit's nomination
    assert [r[2] for r in sheet_rows(await export(client, bkd, "nominations"))[1:]] == ["KABKD"]
    assert [r[2] for r in sheet_rows(await export(client, bkd, "nominations", search="kesehatan"))[1:]] == []


async def test_the_audit_export_names_officials_and_is_for_auditors_only(as_user, client) -> None:  # type: ignore[no-untyped-def]
    operator = await as_user("op-all")
    created = (await operator.data(CREATE, {"p": "KADINKES"}))["createNomination"]["id"]
    auditor = await as_user("auditor")
    rows = sheet_rows(await export(client, auditor, "audit", nominationId=created))
    assert rows[0][:3] == ["No.", "Waktu", "Pejabat"]
    assert len(rows) >= 2 and {r[4] for r in rows[1:]} == {created}
    assert all(r[2] for r in rows[1:])
    assert len(sheet_rows(await export(client, auditor, "audit", dateTo="2000-01-01"))) == 1  # headers only
    bkd = await as_user("op-bkd")
    assert (await export(client, bkd, "audit")).status_code == 403


async def test_ranking_and_nine_box_exports_follow_the_talent_queries_access(as_user, client) -> None:  # type: ignore[no-untyped-def]
    admin = await as_user("admin")
    ranking = sheet_rows(await export(client, admin, "ranking", positionCode="KADINKES"))
    assert ranking[0][:3] == ["Peringkat", "Nama", "NIP"]
    assert HEAD_CANDIDATE in [r[2] for r in ranking[1:]]
    grid = sheet_rows(await export(client, admin, "ninebox", unitCode="DINKES"))
    assert grid[0][:4] == ["Kotak", "Label", "Jumlah", "Nama"] and len(grid) > 1
    mapped = [r for r in grid[1:] if r[0] is not None]  # every member of every cell, as many as its count
    assert mapped and all(sum(1 for m in mapped if m[0] == r[0]) == r[2] for r in mapped)
    bkd = await as_user("op-bkd")  # another unit's post and nine-box: refused, as in GraphQL
    assert (await export(client, bkd, "ranking", positionCode="KADINKES")).status_code == 403
    assert (await export(client, bkd, "ninebox", unitCode="DINKES")).status_code == 403
    employee = await as_user("employee")
    assert (await export(client, employee, "ninebox")).status_code == 403


async def test_an_export_refuses_strangers_and_names_a_bad_argument(as_user, client) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/export/nominations.xlsx")).status_code == 401
    client.cookies.set(COOKIE_NAME, "not-a-session")
    assert (await client.get("/export/audit.xlsx")).status_code == 401
    client.cookies.clear()
    admin = await as_user("admin")
    unknown = await export(client, admin, "nominations", salary="1")
    assert unknown.status_code == 400 and '"salary"' in unknown.json()["error"]
    bad_sort = await export(client, admin, "nominations", sort="salary")
    assert bad_sort.status_code == 400 and "sort" in bad_sort.json()["error"]
    nul = await export(client, admin, "nominations", search="a\x00b")
    assert nul.status_code == 400 and "search" in nul.json()["error"] and "NUL" in nul.json()["error"]
    assert (await export(client, admin, "nominations", overdue="maybe")).status_code == 400
    assert (await export(client, admin, "ranking")).status_code == 400  # positionCode is required
    assert (await export(client, admin, "payroll")).status_code == 404
