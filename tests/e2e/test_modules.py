"""The page's own small functions, run in the browser as the page runs them (no JS test runner needed),
and how the modules depend on each other (read from the files, no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[2] / "frontend" / "js"
PAGES = JS / "pages"
_IMPORT = re.compile(r"""\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]""")  # static, bare, dynamic

browser = pytest.mark.browser


def run(page, script: str, arg: object = None) -> object:  # type: ignore[no-untyped-def]
    return page.evaluate(script, arg)


@browser
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


@browser
def test_documents_dates_are_indonesian_whatever_the_screen_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    assert run(page, "() => import('/i18n/documents.js').then((m) => m.dateLong('2026-01-26'))") == (
        "Senin tanggal 26 Januari 2026"  # as "Pada hari ini Senin tanggal …" reads in a Berita Acara
    )


@browser
def test_stepper_follows_the_stages_the_server_gives(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    statuses = run(
        page,
        """() => import('/js/pages/nomination.js').then((m) => {
             const stages = ['MAPPING', 'REVIEW', 'COMPLETED'];
             return ['REVIEW', 'COMPLETED', 'WITHDRAWN'].map((s) => m.stageStatuses(stages, s));
           })""",
    )
    assert statuses == [["done", "current", "todo"], ["done", "done", "done"], ["todo", "todo", "todo"]]


@browser
def test_one_witness_check_for_the_ceremony_and_a_single_oath(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    found = run(
        page,
        """() => Promise.all([import('/js/ui.js'), import('/js/pages/ceremony.js')]).then(([ui, ceremony]) => {
             const same = ui.witnessNips(['19800101 200501 1 001', '198001012005011001']);
             const ceremonyRun = { nominations: [{ id: 1, nominee: { nip: '197001012000011001' } }] };
             return {
               ok: ui.witnessProblems(['198001012005011001', '198001012005011002']).length,
               same: ui.witnessProblems(same).length,
               short: ui.witnessProblems(['1234', '198001012005011002']).length,
               one: ui.witnessProblems(['198001012005011001', '']).length,
               ceremony: ceremony.localProblems(ceremonyRun, same).length,
             };
           })""",
    )
    assert found == {"ok": 0, "same": 1, "short": 1, "one": 1, "ceremony": 1}


def _imports(path: Path) -> list[Path]:
    text = path.read_text(encoding="utf-8")
    specs = [a or b for a, b in _IMPORT.findall(text)]
    return [(path.parent / spec).resolve() for spec in specs if spec.startswith(".")]


def test_pages_do_not_import_each_other() -> None:
    """Shared pieces live in ui.js (or queries.js, i18n.js): a page is free to change without breaking another."""
    pages = sorted(PAGES.glob("*.js"))
    assert len(pages) >= 8
    crossing = {
        page.name: [str(target.relative_to(JS)) for target in _imports(page) if target.parent == PAGES]
        for page in pages
    }
    assert {name: targets for name, targets in crossing.items() if targets} == {}
    shared = [p for p in JS.glob("*.js") if p.name != "main.js"]
    assert {p.name: [t.name for t in _imports(p) if t.parent == PAGES] for p in shared} == {p.name: [] for p in shared}


def test_the_page_keeps_no_copy_of_the_workflow() -> None:
    """Stages, the letter step, which actions take a reason and the diagram come from the API."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in JS.rglob("*.js"))
    for copy in ("mermaidText", "needsLetter", "STEP_ACTIONS", "actionKey", "stateDiagram", "--> WITHDRAWN"):
        assert copy not in source, copy
    assert not re.search(r"\[\s*'MAPPING',\s*'ASSESSMENT'", source), "a hand-written stage list"
    assert not re.search(r"review\|mendagri", source, re.I), "the letter step guessed from its name"


@browser
def test_unit_picker_finds_a_unit_by_every_word_of_its_path(new_page) -> None:  # type: ignore[no-untyped-def]
    """The audit is searched on the server now (tests/api/test_lists.py); the unit picker searches
    the unit tree in the page: every word must be in the unit's path, the province left out."""
    page = new_page()
    found = run(
        page,
        """() => import('/js/unit-picker.js').then((m) => {
             const tree = m.unitTree([
               { code: 'P', name: 'Provinsi', parentCode: null },
               { code: 'DK', name: 'Dinas Kesehatan', parentCode: 'P' },
               { code: 'DK-S', name: 'Sekretariat', parentCode: 'DK' },
               { code: 'DK-K', name: 'Subbagian Keuangan', parentCode: 'DK-S' },
               { code: 'BKD', name: 'BKD', parentCode: 'P' },
               { code: 'BKD-K', name: 'Subbagian Keuangan', parentCode: 'BKD' },
             ]);
             return m.searchUnits(tree, 'keuangan kesehatan').map((f) => f.path);
           })""",
    )
    assert found == ["Dinas Kesehatan › Sekretariat › Subbagian Keuangan"]
