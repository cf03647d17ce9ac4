"""Issue 11, lists that scale, in the browser: posts, employees, nominations and the audit searched,
filtered and paged on the server with their totals; the unit picker's tree and search with paths;
the exports' download buttons — in Indonesian and English, at 390 and 1366 px, with screenshots."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import message, screenshot, sign_in

pytestmark = pytest.mark.browser

COMBINATIONS = [("id", 1366), ("en", 390), ("id", 390), ("en", 1366)]
LISTS = [("/#/posts", "posts"), ("/#/employees", "employees"), ("/#/nominations", "nominations"), ("/#/audit", "audit")]


def set_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("(l) => import('/js/i18n.js').then((m) => m.setLang(l))", language)


def total(page, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(page.get_by_test_id(f"{name}-total").get_attribute("data-total"))


def wait_total(page, name: str, condition: str) -> int:  # type: ignore[no-untyped-def]
    """Waits until the list's total satisfies ``condition`` (JS over ``n``) and returns it."""
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('[data-testid={name}-total]');"
        f" if (!el) return false; const n = Number(el.dataset.total); return {condition}; }}"
    )
    return total(page, name)


def downloaded_rows(page, test_id: str) -> list[list[object]]:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    with open(info.value.path(), "rb") as file:
        book = load_workbook(io.BytesIO(file.read()), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_posts_and_employees_search_filter_and_page_on_the_server(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, "operator")
    page.goto("/#/posts")
    all_vacant_jpt = wait_total(page, "posts", "n > 0")
    page.get_by_label(message(page, "posts.level")).select_option("")
    page.get_by_label(message(page, "posts.vacantOnly")).uncheck()
    every_post = wait_total(page, "posts", f"n > {all_vacant_jpt}")
    assert every_post > 100  # hundreds of posts, counted by the server
    page.get_by_label(message(page, "lists.posts.search")).fill("Kesehatan")
    page.get_by_role("search").get_by_role("button").click()
    health = wait_total(page, "posts", f"n > 0 && n < {every_post}")
    assert health > 25  # the Dinas Kesehatan's posts at every level, not the 0 of before
    assert page.get_by_test_id("post-row").count() == 25
    page.get_by_test_id("posts-next").click()
    page.wait_for_function("document.querySelector('[data-testid=posts-previous]').disabled === false")
    pages = -(-health // 25)
    assert page.get_by_test_id("posts-total").inner_text().endswith(f"2 {'dari'} {pages}")
    page.get_by_test_id("posts-previous").click()
    page.wait_for_function("document.querySelector('[data-testid=posts-previous]').disabled === true")

    # The unit picker: a tree with parents, searched by any part of the path.
    page.get_by_label(message(page, "lists.unit")).click()
    page.get_by_test_id("unit-panel").get_by_role("tree").wait_for()
    page.get_by_test_id("unit-panel").get_by_role("searchbox").fill("keuangan kesehatan")
    option = page.get_by_test_id("unit-panel").get_by_test_id("unit-option").filter(has_text="Subbagian Keuangan")
    assert option.count() == 1  # one of the thirty-odd Subbagian Keuangan, told apart by its parents
    path = option.inner_text()
    assert re.fullmatch(r"Dinas Kesehatan › Sekretariat[^›]* › Subbagian Keuangan", path), path
    option.click()
    assert page.get_by_label(message(page, "lists.unit")).inner_text() == path
    wait_total(page, "posts", f"n < {health}")
    screenshot(page, "lists-posts-unit-picker")

    page.goto("/#/employees")
    employees = wait_total(page, "employees", "n > 50")  # the whole province, not the first 50 names
    assert page.get_by_test_id("employee-row").count() == 25
    page.get_by_test_id("employees-next").click()
    page.wait_for_function("document.querySelector('[data-testid=employees-previous]').disabled === false")
    page.get_by_label(message(page, "lists.unit")).click()
    page.get_by_test_id("unit-panel").get_by_role("searchbox").fill("Dinas Kesehatan")
    page.get_by_test_id("unit-panel").get_by_test_id("unit-option").filter(
        has_text=re.compile(r"^Dinas Kesehatan$")
    ).click()
    wait_total(page, "employees", f"n > 0 && n < {employees}")
    page.wait_for_function("document.querySelector('[data-testid=employees-previous]').disabled === true")

    # The ranking of a post and the nine-box with its members, downloaded from their pages.
    page.goto("/#/posts")
    code = page.get_by_test_id("post-row").first.get_attribute("data-code")
    page.goto(f"/#/posts/{code}")
    ranking = downloaded_rows(page, "export-ranking")
    assert ranking[0][:3] == ["Peringkat", "Nama", "NIP"] and len(ranking) > 1
    page.goto("/#/talent")
    grid = downloaded_rows(page, "export-ninebox")
    assert grid[0][:4] == ["Kotak", "Label", "Jumlah", "Nama"] and len(grid) > 1
    assert page.errors == []


def test_an_operator_of_one_unit_searches_only_within_it(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, "operator_dinkes")
    page.goto("/#/posts")
    page.get_by_label(message(page, "posts.level")).select_option("")
    page.get_by_label(message(page, "posts.vacantOnly")).uncheck()
    page.get_by_label(message(page, "lists.posts.search")).fill("Perhubungan")  # another Dinas
    page.get_by_role("search").get_by_role("button").click()
    page.get_by_text(message(page, "posts.empty")).wait_for()
    assert total(page, "posts") == 0
    page.goto("/#/employees")
    wait_total(page, "employees", "n > 0")
    page.get_by_label(message(page, "employees.search")).fill("a")
    page.get_by_role("search").get_by_role("button").click()
    page.locator("[data-testid=employee-row]").first.wait_for()
    units = set(page.locator("[data-testid=employee-row] td:nth-child(4) .small").all_inner_texts())
    dinkes = page.evaluate(
        """() => import('/js/unit-picker.js').then(async (m) => {
             const tree = m.unitTree(await m.loadUnits());
             return [...tree.byCode.values()].filter((u) => tree.label(u.code).startsWith('Dinas Kesehatan'))
               .map((u) => u.name);
           })"""
    )
    assert units and units <= set(dinkes), units - set(dinkes)
    assert page.errors == []


def open_nominations(page, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` nominations on vacant posts, opened through the API as the signed-in operator."""
    page.evaluate(
        """(count) => import('/js/gql.js').then(async ({ request }) => {
             const posts = await request(`{ positions(vacant: true, first: 100) { edges { node { code } } } }`);
             const open = await request(`{ nominations(first: 100) { edges { node { position { code } } } } }`);
             const taken = new Set(open.nominations.edges.map((e) => e.node.position.code));
             const free = posts.positions.edges.map((e) => e.node.code).filter((c) => !taken.has(c));
             for (const code of free.slice(0, count)) {
               await request(`mutation($p: String!) { createNomination(positionCode: $p, kind: PROMOTION) {
                 __typename } }`, { p: code });
             }
           })""",
        count,
    )


def test_nominations_and_audit_in_both_languages_and_widths_with_exports(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, "operator")
    open_nominations(page, 2)
    page.get_by_test_id("sign-out").click()
    page.locator("#username").wait_for()
    sign_in(page, "auditor")
    for language, width in COMBINATIONS:
        page.set_viewport_size({"width": width, "height": 900})
        set_language(page, language)
        for route, name in LISTS:
            page.goto(route)
            wait_total(page, name, "n > 0")
            page.wait_for_function(
                "(w) => document.documentElement.scrollWidth <= window.innerWidth || w > 1000", arg=width
            )
            screenshot(page, f"lists-{name}-{language}-{width}")
        page.goto("/#/employees")
        page.get_by_label(message(page, "lists.unit")).click()
        page.get_by_test_id("unit-panel").get_by_role("searchbox").fill("keuangan")
        page.get_by_test_id("unit-panel").get_by_test_id("unit-option").nth(1).wait_for()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"lists-unit-picker-{language}-{width}")

    # Nominations: the search is the server's; the export carries it.
    set_language(page, "id")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/#/nominations")
    everything = wait_total(page, "nominations", "n > 0")
    page.get_by_label(message(page, "lists.nominations.search")).fill("Kepala")
    page.get_by_role("search").get_by_role("button").click()
    found = wait_total(page, "nominations", f"n <= {everything}")
    assert "search=Kepala" in page.get_by_test_id("export-nominations").get_attribute("href")
    rows = downloaded_rows(page, "export-nominations")
    assert rows[0][:2] == ["Nomor", "Jabatan"] and len(rows) - 1 == found

    # Audit: entries name the official; a search by an official's name, and its export.
    page.goto("/#/audit")
    wait_total(page, "audit", "n > 0")
    officials = page.get_by_test_id("audit-official").all_inner_texts()
    named = next(o for o in officials if "," in o)  # "Dyah Pamungkas, Ketua TPK"
    assert not re.search(r"\b(panel_chair|operator|secretary)\b", named), named
    first_name = named.split(",")[0].split()[0]
    page.get_by_label(message(page, "audit.search")).fill(first_name)
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_function(
        "(name) => { const cells = [...document.querySelectorAll('[data-testid=audit-official]')];"
        " return cells.length > 0 && cells.every((c) => c.textContent.includes(name)); }",
        arg=first_name,
    )
    searched = total(page, "audit")
    rows = downloaded_rows(page, "export-audit")
    assert rows[0][:3] == ["No.", "Waktu", "Pejabat"] and len(rows) - 1 == searched
    assert page.errors == []
