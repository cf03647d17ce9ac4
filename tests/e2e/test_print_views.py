"""The oath print view when no religion is recorded for the appointee (or the viewer may not see it):
a selector of the oath's form, each choice worded by the server. The two GraphQL answers are stubbed
(the demo's appointees all have a religion) so the test checks the page's wiring: which query is
sent with which variables, and that the answer is what is printed, three times."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in, stub_graphql

pytestmark = pytest.mark.browser

NOMINATION = {
    "id": 77,
    "state": "INAUGURATION",
    "version": 9,
    "decreeNumber": "SK/77",
    "decreeDate": "2026-12-01",
    "effectiveDate": "2026-12-07",
    "position": {"code": "P", "title": "Kepala Dinas", "level": "jpt_pratama", "eselon": "II.a", "unit": {"name": "U"}},
    "nominee": {"nip": "197501012000031001", "name": "Budi", "golongan": "IV/b", "religion": None, "position": None},
    "oathDraft": "SERVER PLEDGE",
    "pledgeDraft": "SERVER PLEDGE",
    "oath": None,
}
CEREMONY = {"id": 5, "date": "2026-12-07", "place": "Pendopo", "officiant": "Gubernur", "conductedAt": None}

OATH_DRAFT = "query OathDraft("


def _oath_draft(variables: dict) -> dict:
    """The stubbed server's oath in the form asked for (a pledge when no religion is given)."""
    return {"nomination": {"id": 77, "oathDraft": f"SERVER {variables['religion'] or 'PLEDGE'}"}}


def test_unknown_religion_offers_a_form_worded_by_the_server(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    ceremony = {"ceremony": {**CEREMONY, "nominations": [NOMINATION]}}
    asked = stub_graphql(page, {"query Ceremony(": lambda _: ceremony, OATH_DRAFT: _oath_draft})[OATH_DRAFT]
    page.goto("/#/ceremonies/5/print")
    select = page.locator("#religion-77")
    select.wait_for()
    texts = page.get_by_test_id("oath-text")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=oath-text]').length === 3")
    assert texts.first.inner_text() == "“SERVER PLEDGE”"
    select.select_option("hindu")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=oath-text]')].every((e) => e.innerText.includes('hindu'))"
    )
    assert [texts.nth(i).inner_text() for i in range(3)] == ["“SERVER hindu”"] * 3
    assert {"id": 77, "religion": "hindu", "pledge": False} in asked
    assert page.errors == []
