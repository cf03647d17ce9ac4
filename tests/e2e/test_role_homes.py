"""Each role at home (issue 11): where each demo account lands after signing in and which menu
items it sees (only sections the API serves it; a section it may not use reads "not available" in
its language, never an English refusal), the operator's dashboard, and the admin pages — in
Indonesian and English at 390 and 1366 px, with screenshots. One page per module, signed in
through the API, keeps the time small."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import demo_password, message, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }"
READY = """() => document.querySelector('main h1') && !document.querySelector('main p[role=status]')"""

# account: (the page it lands on, its menu's sections in order)
HOMES = {
    "employee": ("employee", ["profile", "nominations"]),
    "auditor": ("audit", ["profile", "posts", "talent", "employees", "nominations", "ceremonies", "audit"]),
    "admin": (
        "accounts",
        ["posts", "talent", "employees", "nominations", "ceremonies", "audit", "accounts", "delegations", "settings"],
    ),
    "operator_dinkes": (
        "dashboard",
        ["dashboard", "inbox", "profile", "posts", "talent", "employees", "nominations", "ceremonies"],
    ),
    "ppk": ("inbox", ["inbox", "posts", "talent", "employees", "nominations", "ceremonies"]),
    "panel_chair": ("inbox", ["inbox", "profile", "posts", "talent", "employees", "nominations", "ceremonies"]),
}
PAGES = {  # path: (account, heading key)
    "/dashboard": ("operator", "dashboard.title"),
    "/admin/accounts": ("admin", "accounts.title"),
    "/admin/delegations": ("admin", "delegations.title"),
    "/admin/settings": ("admin", "settings.title"),
}


def gql(page, query: str, variables: dict | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    script = """([query, variables]) => fetch('/graphql', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({query, variables})})
        .then((r) => r.json())"""
    return page.evaluate(script, [query, variables or {}])


def login(page, username: str, password: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Sign in through the API (the browser context's request client shares its cookies) and open the
    bare address: the landing."""
    variables = {"u": username, "p": password or demo_password(username)}
    answer = page.request.post("/graphql", data={"query": LOGIN, "variables": variables}).json()["data"]["login"]
    if answer["__typename"] == "User":
        page.goto("about:blank")  # a fresh start: the app asks who is signed in once, when it starts
        page.goto("/#/")
        page.wait_for_function(READY)
    return answer


def set_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("(l) => import('/js/i18n.js').then((m) => m.setLang(l))", language)


def menu(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".app-nav a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(scope="module")
def page(browser, app_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=app_url, viewport=LAPTOP)
    context.set_default_timeout(15_000)
    one = context.new_page()
    one.errors = []  # type: ignore[attr-defined]
    one.on("pageerror", lambda exc: one.errors.append(str(exc)))  # type: ignore[attr-defined]
    try:
        yield one
    finally:
        context.close()


@pytest.fixture(autouse=True)
def screenshot_on_failure(page, request: pytest.FixtureRequest) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(page, f"FAILED-{request.node.name}")


def test_each_role_lands_on_its_home_and_sees_only_its_menu(page) -> None:  # type: ignore[no-untyped-def]
    paths = {
        "dashboard": "#/dashboard",
        "inbox": "#/inbox",
        "posts": "#/posts",
        "talent": "#/talent",
        "employees": "#/employees",
        "nominations": "#/nominations",
        "ceremonies": "#/ceremonies",
        "audit": "#/audit",
        "accounts": "#/admin/accounts",
        "delegations": "#/admin/delegations",
        "settings": "#/admin/settings",
    }
    for account, (landing, sections) in HOMES.items():
        login(page, account)
        assert page.locator("main").get_attribute("data-page") == landing, account
        me = gql(page, "{ me { employee { nip } } }")["data"]["me"]
        own = f"#/employees/{me['employee']['nip']}" if me["employee"] else None
        assert menu(page) == [own if s == "profile" else paths[s] for s in sections], account
        screenshot(page, f"home-{account}")
        if account == "employee":  # their own profile; a section they may not use says so in Indonesian
            assert page.url.endswith(own or "")
            page.goto("/#/posts")
            page.get_by_test_id("not-available").wait_for()
            assert page.locator("main h1").inner_text() == message(page, "home.notAvailableTitle")
            assert "not allowed" not in page.locator("main").inner_text().lower()
            screenshot(page, "home-employee-not-available")
    assert page.errors == []


def test_dashboard_and_admin_pages_in_both_languages_at_both_widths(page) -> None:  # type: ignore[no-untyped-def]
    signed_in = None
    too_wide = []
    for path, (account, heading) in PAGES.items():
        if account != signed_in:
            login(page, account)
            signed_in = account
        for language in ("id", "en"):
            set_language(page, language)
            for size in (PHONE, LAPTOP):
                page.set_viewport_size(size)
                page.goto(f"/#{path}")
                page.wait_for_function(READY)
                page.wait_for_load_state("networkidle")
                assert page.locator("main h1").first.inner_text() == message(page, heading), (path, language)
                if not fits(page):
                    too_wide.append((path, language, size["width"]))
                screenshot(page, f"role-home{path.replace('/', '-')}-{language}-{size['width']}")
    set_language(page, "id")
    page.set_viewport_size(LAPTOP)
    assert too_wide == []
    assert page.errors == []


def test_the_dashboard_counts_the_operators_units_and_links_into_the_lists(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "operator_dinkes")
    page.get_by_test_id("dashboard-vacancies").wait_for()
    assert "DINKES" in page.get_by_test_id("dashboard-scope").inner_text()
    first_vacant = page.get_by_test_id("dashboard-vacancies").locator("tbody a").first
    assert "vacant=1" in (first_vacant.get_attribute("href") or "")
    stages = page.get_by_test_id("dashboard-stages").locator("a")
    assert stages.count() == 8 and "state=MAPPING" in (stages.first.get_attribute("href") or "")
    # The links open the lists with their filters set.
    level = (first_vacant.get_attribute("href") or "").rsplit("level=", 1)[1]
    # READY can still be true of the page being left (its h1 stays until the router swaps main),
    # so wait for the list's own filter control, then for its value (expect polls).
    first_vacant.click()
    page.locator("#posts-level").wait_for()
    page.wait_for_function(READY)
    expect(page.locator("#posts-level")).to_have_value(level)
    page.go_back()
    page.get_by_test_id("dashboard-stages").locator("a").first.click()
    page.locator("#nominations-state").wait_for()
    page.wait_for_function(READY)
    expect(page.locator("#nominations-state")).to_have_value("MAPPING")
    login(page, "operator")
    assert page.get_by_test_id("dashboard-scope").inner_text() == message(page, "dashboard.scopeProvince")


def test_an_admin_creates_edits_and_disables_an_account_on_the_page(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "admin")
    page.get_by_test_id("account-create").locator("summary").click()
    page.locator("#acc-username").fill("e2e-operator")
    page.locator("#acc-password").fill("e2e-password-2026")
    page.locator("#acc-unit").click()  # the unit tree: search, then choose
    page.get_by_test_id("unit-panel").locator("input[type=search]").fill("Dinas Kesehatan")
    page.locator("[data-testid=unit-option][data-code=DINKES]").click()
    page.locator("#acc-role-employee").uncheck()
    page.locator("#acc-role-operator").check()
    page.get_by_test_id("account-create-submit").click()
    page.get_by_test_id("account-create").get_by_role("status").wait_for()
    page.locator("#acc-search").fill("e2e-operator")
    page.locator("form.filters button[type=submit]").click()
    row = page.locator("[data-testid=accounts] tr[data-username='e2e-operator']")
    page.wait_for_function("() => document.querySelector('[data-testid=accounts-total]')?.innerText.startsWith('1 ')")
    row.wait_for()
    assert "Dinas Kesehatan" in row.inner_text()
    row.get_by_role("button").click()
    page.locator("#edit-role-auditor").check()
    page.get_by_test_id("account-save").click()
    row.get_by_text(message(page, "role.auditor")).wait_for()
    page.get_by_test_id("account-toggle").click()
    row.get_by_text(message(page, "accounts.disabled")).wait_for()
    screenshot(page, "admin-account-disabled")
    refused = gql(page, LOGIN, {"u": "e2e-operator", "p": "e2e-password-2026"})["data"]["login"]
    assert refused["__typename"] == "NotAllowed"  # a disabled account cannot sign in
    # Bad input is named in the page's language frame, with the server's reason (the form is still open).
    page.locator("#acc-username").fill("e2e-short")
    page.locator("#acc-password").fill("short")
    page.get_by_test_id("account-create-submit").click()
    alert = page.get_by_test_id("account-create").get_by_role("alert")
    alert.wait_for()
    assert "10" in alert.inner_text() and "{" not in alert.inner_text()
    assert page.errors == []


def test_an_admin_records_and_ends_a_delegation_and_reads_the_settings_history(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "admin")
    page.goto("/#/admin/delegations")
    page.wait_for_function(READY)
    page.get_by_test_id("delegation-create").locator("summary").click()
    page.locator("#del-acting").fill("reviewer")
    page.locator("#del-principal").fill("secretary")
    page.locator("#del-letter").fill("800/E2E/2026")
    page.get_by_test_id("delegation-create-submit").click()
    row = page.get_by_test_id("delegations").locator("tr", has_text="800/E2E/2026")
    row.wait_for()
    row.get_by_role("button").click()  # ends it: from today nobody acts under it
    row.wait_for(state="detached")  # no longer current
    page.goto("/#/admin/settings")
    page.wait_for_function(READY)
    page.get_by_test_id("settings").wait_for()
    assert page.get_by_test_id("settings").locator("tbody tr").count() > 5
    history = gql(page, "{ ruleSettingHistory { key } }")["data"]["ruleSettingHistory"]
    assert isinstance(history, list)
    assert json.dumps(page.errors) == "[]"
