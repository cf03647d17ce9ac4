"""Actions that need a reason: the field is required, and the reason lands in the history."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import message, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_withdraw_needs_a_reason_and_records_it(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    page.goto("/#/posts")
    page.get_by_test_id("post-row").last.get_by_role("link").click()
    page.get_by_test_id("create-nomination").get_by_role("button").click()
    page.wait_for_url(re.compile(r"#/nominations/\d+$"))
    page.wait_for_selector("article.nomination[data-state=MAPPING]")

    page.locator("[data-testid=actions] [data-action=withdraw]").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert message(page, "nomination.reasonMissing") in alert.inner_text()
    assert page.locator("article.nomination").get_attribute("data-state") == "MAPPING"

    reason = "Jabatan akan dirombak dalam penataan organisasi"
    page.get_by_label(message(page, "nomination.reasonRequired", action=message(page, "action.withdraw"))).fill(reason)
    page.locator("[data-testid=actions] [data-action=withdraw]").click()
    page.wait_for_selector("article.nomination[data-state=WITHDRAWN]")
    assert reason in page.get_by_test_id("history").inner_text()
    screenshot(page, "nomination-withdrawn")
    assert page.errors == []
