"""The page's own small functions, run in the browser as the page runs them (no JS test runner needed)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def run(page, script: str, arg: object = None) -> object:  # type: ignore[no-untyped-def]
    return page.evaluate(script, arg)


def test_inbox_puts_overdue_first_then_by_due_date(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    order = run(
        page,
        """() => import('/js/pages/inbox.js').then((m) => m.sortInbox([
             { id: 1, overdue: false, stageDueOn: '2026-12-01' },
             { id: 2, overdue: true, stageDueOn: '2026-11-20' },
             { id: 3, overdue: false, stageDueOn: null },
             { id: 4, overdue: true, stageDueOn: '2026-11-10' },
             { id: 5, overdue: false, stageDueOn: '2026-11-30' },
           ]).map((n) => n.id))""",
    )
    assert order == [4, 2, 5, 1, 3]


def test_documents_dates_are_indonesian_whatever_the_screen_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    assert run(page, "() => import('/i18n/documents.js').then((m) => m.dateLong('2026-01-26'))") == (
        "Senin, 26 Januari 2026"
    )


def test_action_names_match_in_any_spelling(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    keys = run(
        page,
        """() => import('/js/pages/nomination.js').then((m) =>
             ['schedule_inauguration', 'scheduleInauguration', 'SCHEDULE_INAUGURATION'].map(m.actionKey))""",
    )
    assert keys == ["scheduleinauguration"] * 3


def test_audit_search_needs_every_word(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    found = run(
        page,
        """() => import('/js/pages/audit.js').then((m) => m.searchEvents([
             { seq: 1, actor: 'operator', action: 'create', nominationId: 7, hash: 'ab' },
             { seq: 2, actor: 'ppk', action: 'approve', nominationId: 7, hash: 'cd' },
             { seq: 3, actor: 'ppk', action: 'approve', nominationId: 8, hash: 'ef' },
           ], 'ppk #7').map((e) => e.seq))""",
    )
    assert found == [2]
