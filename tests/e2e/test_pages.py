"""The reading pages: posts and their ranked candidates, the nine-box, an employee's profile."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import message, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_vacant_post_shows_ranked_candidates_with_every_check(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    page.goto("/#/posts")
    rows = page.get_by_test_id("post-row")
    rows.first.wait_for()
    assert rows.count() >= 5  # the demo has ten vacant JPT Pratama posts; the flow test may fill one
    rows.first.get_by_role("link").click()
    page.get_by_test_id("incumbent").wait_for()
    assert message(page, "posts.vacant") in page.get_by_test_id("incumbent").inner_text()
    candidate = page.get_by_test_id("candidate").first
    candidate.wait_for()
    candidate.get_by_role("button", name=message(page, "candidates.showChecks")).click()
    checks = candidate.locator(".checks li")
    assert checks.count() >= 6  # education, experience, rank, SKP, competency, discipline, age, …
    assert all(message(page, "check.passed") in text for text in checks.all_inner_texts()[:1])
    assert page.get_by_test_id("create-nomination").is_visible()
    screenshot(page, "post")
    assert page.errors == []


def test_nine_box_in_the_official_layout_lists_a_cell(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "panel_chair")
    page.goto("/#/talent")
    grid = page.get_by_test_id("ninebox")
    grid.wait_for()
    order = grid.locator(".ninebox-cell").evaluate_all("(cells) => cells.map((c) => Number(c.dataset.box))")
    assert order == [6, 8, 9, 3, 5, 7, 1, 2, 4]
    page.locator(".ninebox-cell[data-box='9']").click()
    members = page.get_by_test_id("box-members")
    members.get_by_role("link").first.wait_for()  # the cell's members come page by page (nineBoxMembers)
    screenshot(page, "talent-map")

    # One unit (with its sub-units): fewer people than the whole province.
    def total() -> int:
        return sum(int(n) for n in page.get_by_test_id("box-count").all_inner_texts())

    province = total()
    page.get_by_label(message(page, "talent.unit")).click()  # the shared unit picker (a searchable tree)
    page.get_by_test_id("unit-panel").get_by_role("searchbox").fill("Dinas Kesehatan")
    page.get_by_test_id("unit-panel").get_by_test_id("unit-option").filter(
        has_text=re.compile(r"^Dinas Kesehatan$")
    ).click()
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('[data-testid=box-count]')].reduce((s, e) => s + +e.innerText, 0) < n",
        arg=province,
    )
    assert total() > 0
    assert page.errors == []


def test_employee_profile_has_history_skp_and_competency_chart(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "panel_chair")
    page.goto("/#/talent")
    page.locator(".ninebox-cell[data-box='9']").click()
    page.get_by_test_id("box-members").get_by_role("link").first.click()
    page.get_by_test_id("job-timeline").wait_for()
    page.get_by_test_id("competency-chart").wait_for()
    assert page.get_by_test_id("competency-chart").locator("rect").count() >= 5
    # Box 9 means high potential (JPM >= 80): the server's category for the latest assessment.
    assert page.get_by_text("Memenuhi Syarat", exact=True).count() >= 1
    screenshot(page, "employee-profile")
    assert page.errors == []


def test_tablet_layout_keeps_navigation_and_content_usable(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 820, "height": 1180})
    sign_in(page, "operator")
    page.goto("/#/posts")
    page.get_by_test_id("post-row").first.wait_for()
    # Below 900 px the menu folds behind its button in the header (tests/e2e/test_layout.py): the
    # button sits above the content, and the content starts right under the header.
    menu_button = page.get_by_test_id("menu-toggle")
    assert menu_button.is_visible() and message(page, "header.menu") in menu_button.inner_text()
    button, main = menu_button.bounding_box(), page.locator("main").bounding_box()
    assert button is not None and main is not None and button["y"] < main["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "tablet-posts")


def test_posts_filter_by_unit_and_page_through_all_levels(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    page.goto("/#/posts")
    page.get_by_test_id("post-row").first.wait_for()
    page.get_by_label(message(page, "lists.posts.search")).fill("Dinas Perhubungan")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=post-row]').length === 1")
    page.get_by_label(message(page, "lists.posts.search")).fill("")
    page.get_by_role("search").get_by_role("button").click()
    page.get_by_label(message(page, "posts.level")).select_option("")
    page.get_by_label(message(page, "posts.vacantOnly")).uncheck()
    page.wait_for_function("document.querySelector('[data-testid=posts-next]')?.disabled === false")
    first = page.get_by_test_id("post-row").first.get_attribute("data-code")
    page.get_by_test_id("posts-next").click()  # more than one page of posts in the province
    page.wait_for_function(
        "(code) => document.querySelector('[data-testid=post-row]')?.dataset.code !== code", arg=first
    )
    assert page.errors == []
