"""Issue 11, layout: no page scrolls sideways at 390 px (a phone) or 1366 px (a laptop), in Indonesian
and in English; below 900 px the menu collapses behind a button and the content starts right under
the header; the nine-box fits a phone.

The pages are the app's own list: every entry of its menu (for an operator and for an admin, so
the pages other work adds to the menu are measured too) and one detail page of each kind — a post,
an employee, a nomination, a ceremony and a ceremony's print view. One browser page is shared by
the module and resized in place; screenshots of every page at 390 px go to test-output/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import SCREENSHOTS, screenshot
from tests.e2e.nomination_setup import Prepared, a_ceremony, login, nomination_at_sekda, withdraw
from tests.e2e.test_flow import gql

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
FIRST = """query { positions(first: 1) { edges { node { code } } } employees(first: 1) { edges { node { nip } } } }"""
# Wide things the page holds, to name in a failure (a table inside a scroll box is fine: it does not move the page).
MEASURE = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 4)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
})"""
READY = """() => document.querySelector('main h1, main .document, main .signin-card')
  && !document.querySelector('main p[role=status]')"""


@pytest.fixture(scope="module")
def shared(browser, app_url: str) -> Iterator[tuple[object, dict[str, str], Prepared]]:  # type: ignore[no-untyped-def]
    """One page (signed in as the operator at the end), the detail pages' paths, the nomination made."""
    context = browser.new_context(base_url=app_url, viewport=LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    page.goto("/#/signin")
    prepared = nomination_at_sekda(page, skip=3)
    ceremony = a_ceremony(page)
    first = gql(page, FIRST)
    details = {
        "post": f"/posts/{first['positions']['edges'][0]['node']['code']}",
        "employee": f"/employees/{first['employees']['edges'][0]['node']['nip']}",
        "nomination": f"/nominations/{prepared.nomination_id}",
        "ceremony": f"/ceremonies/{ceremony}",
        "ceremony-print": f"/ceremonies/{ceremony}/print",
    }
    try:
        yield page, details, prepared
    finally:
        withdraw(page, prepared.nomination_id)
        context.close()


def set_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("(l) => import('/js/i18n.js').then((m) => m.setLang(l))", language)


def open_page(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/#{path}")
    page.wait_for_function(READY)


def menu_paths(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The menu's entries as the app draws them for the signed-in account."""
    open_page(page, "/inbox")
    hrefs = page.locator(".app-nav a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    return [h.removeprefix("#") for h in hrefs]


def test_no_page_scrolls_sideways_at_390_and_1366(shared) -> None:  # type: ignore[no-untyped-def]
    page, details, _ = shared
    paths: dict[str, str] = {}
    for account in ("admin", "operator"):
        login(page, account)
        page.set_viewport_size(LAPTOP)
        for path in menu_paths(page):
            paths.setdefault(path, account)
    assert len(paths) >= 6, paths
    paths.update({path: "operator" for path in details.values()})

    too_wide = []
    signed_in = None
    for path, account in sorted(paths.items(), key=lambda item: item[1]):
        if account != signed_in:
            login(page, account)
            signed_in = account
        page.set_viewport_size(LAPTOP)
        open_page(page, path)
        # Indonesian at both widths, then English on the phone (longer words), on the same page load.
        for language, size in (("id", LAPTOP), ("id", PHONE), ("en", PHONE)):
            set_language(page, language)
            page.set_viewport_size(size)
            seen = page.evaluate(MEASURE)
            if seen["scrollWidth"] > seen["innerWidth"]:
                too_wide.append((language, size["width"], path, seen["scrollWidth"], seen["wide"]))
            if size is PHONE:  # the first screen only: a full page of a long list takes long to shoot
                name = f"layout-{language}-390-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}"
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    set_language(page, "id")
    assert too_wide == [], "\n".join(map(str, too_wide))
    assert page.errors == []


def test_the_menu_collapses_below_900_px_and_the_content_starts_under_the_header(shared) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = shared
    login(page, "operator")
    page.set_viewport_size(LAPTOP)
    open_page(page, "/posts")
    toggle = page.get_by_test_id("menu-toggle")
    assert not toggle.is_visible()
    assert page.locator(".app-nav a").first.is_visible()

    for width in (390, 800):
        page.set_viewport_size({"width": width, "height": 844})
        toggle.wait_for(state="visible")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator(".app-nav a").first.is_visible()
        gap = page.evaluate(
            """() => document.querySelector('main').getBoundingClientRect().top
                   - document.querySelector('.app-header').getBoundingClientRect().bottom"""
        )
        assert gap < 60, f"{gap:.0f} px of blank space between the header and the content at {width} px"

    # Open the menu, go to a page: the menu closes again and the page is the one chosen.
    screenshot(page, "layout-menu-closed-390")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.locator(".app-nav a[href='#/nominations']").wait_for(state="visible")
    screenshot(page, "layout-menu-open-390")
    page.locator(".app-nav a[href='#/nominations']").click()
    page.wait_for_function("() => location.hash === '#/nominations'")
    page.wait_for_selector("[data-testid=menu-toggle][aria-expanded=false]")
    assert not page.locator(".app-nav a").first.is_visible()
    assert page.errors == []


def test_the_nine_box_fits_a_phone(shared) -> None:  # type: ignore[no-untyped-def]
    page, _, _ = shared
    login(page, "panel_chair")
    small = {"width": 360, "height": 740}  # the narrowest phone the page is made for
    page.set_viewport_size(small)
    open_page(page, "/talent")
    page.get_by_test_id("ninebox").wait_for()
    rights = page.locator(".ninebox-cell").evaluate_all("(cells) => cells.map((c) => c.getBoundingClientRect().right)")
    assert len(rights) == 9 and max(rights) <= small["width"], rights
    assert page.evaluate(MEASURE)["scrollWidth"] <= small["width"]
    screenshot(page, "layout-ninebox-360")
    page.set_viewport_size(LAPTOP)
    assert page.errors == []
