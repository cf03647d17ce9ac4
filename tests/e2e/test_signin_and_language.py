"""Sign-in, the header, and the language toggle (Bahasa Indonesia by default, English on demand)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import message, screenshot, sign_in

pytestmark = pytest.mark.browser

# Elements whose own text is a label of the interface (data lives in table cells and links).
LABELS = "header button, nav a, label, th, h1, h2, h3, legend, summary, form button, .btn, dt, caption"


def visible_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        LABELS, "(els) => els.filter((e) => e.offsetParent !== null).map((e) => e.innerText.trim()).filter(Boolean)"
    )


def indonesian_only_strings(page) -> set[str]:  # type: ignore[no-untyped-def]
    """Catalogue texts that differ between the languages (a label showing one of them after the
    switch to English was not translated)."""
    return set(
        page.evaluate(
            """() => import('/js/i18n.js').then(({ CATALOGUES: { id, en } }) =>
                 Object.keys(id)
                   .filter((k) => typeof id[k] === 'string' && id[k] !== en[k])
                   .filter((k) => !k.startsWith('lang.'))
                   .map((k) => id[k]))"""
        )
    )


def test_catalogues_have_the_same_keys(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    only = page.evaluate(
        """() => import('/js/i18n.js').then(({ CATALOGUES: { id, en } }) => {
             const a = Object.keys(id), b = Object.keys(en);
             return { idOnly: a.filter((k) => !b.includes(k)), enOnly: b.filter((k) => !a.includes(k)) };
           })"""
    )
    assert only == {"idOnly": [], "enOnly": []}


def test_sign_in_page_is_indonesian_by_default_and_switches_to_english(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    page.locator("#username").wait_for()
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.get_by_label("Nama pengguna").is_visible()
    assert page.get_by_label("Kata sandi").is_visible()
    screenshot(page, "signin-id")

    page.get_by_test_id("lang-toggle").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_label("Username").is_visible()
    assert page.get_by_label("Password").is_visible()
    assert page.get_by_role("heading", name="Sign in").is_visible()
    screenshot(page, "signin-en")

    page.reload()  # the choice is remembered
    page.locator("#username").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_label("Username").is_visible()


def test_wrong_password_shows_a_readable_message_not_json(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    page.locator("#username").fill("operator")
    page.locator("#password").fill("not-the-password")
    page.locator("form button[type=submit]").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert text.startswith(message(page, "error.NotAllowed")) or text.startswith(message(page, "error.InvalidInput"))
    assert "{" not in text and "__typename" not in text
    screenshot(page, "signin-refused")


def test_header_shows_user_and_role_and_signs_out(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    assert message(page, "role.operator") in page.get_by_test_id("who-role").inner_text()
    assert page.get_by_role("navigation").get_by_role("link", name="Tugas saya").is_visible()
    screenshot(page, "inbox-operator")
    page.get_by_test_id("sign-out").click()
    page.locator("#username").wait_for()
    page.reload()
    page.locator("#username").wait_for()  # the session really ended


@pytest.mark.parametrize("route", ["/inbox", "/posts", "/talent", "/employees", "/nominations", "/ceremonies"])
def test_language_toggle_switches_every_visible_label(new_page, route: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    page.goto(f"/#{route}")
    page.locator("main h1").wait_for()
    page.wait_for_load_state("networkidle")
    before = visible_labels(page)
    indonesian = indonesian_only_strings(page)
    assert set(before) & indonesian, "the page should start in Bahasa Indonesia"

    page.get_by_test_id("lang-toggle").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.wait_for_load_state("networkidle")
    after = visible_labels(page)
    untranslated = sorted(set(after) & indonesian)
    assert not untranslated, f"labels still in Bahasa Indonesia on {route}: {untranslated}"
    assert page.get_by_role("link", name="My tasks").is_visible()
    screenshot(page, f"en{route.replace('/', '-')}")
    assert page.errors == []


def test_keyboard_only_sign_in_with_visible_focus(new_page) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import demo_password

    page = new_page()
    page.locator("#username").wait_for()
    page.keyboard.press("Tab")  # the language toggle comes first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "username"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused field must show a focus ring"
    page.keyboard.type("operator")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(demo_password("operator"))
    page.keyboard.press("Enter")
    page.get_by_test_id("who").wait_for()

    page.keyboard.press("Tab")  # the skip link is the first stop after signing in
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot(page, "keyboard-signed-in")
