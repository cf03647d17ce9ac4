"""The talent views of issue 11 in the browser, each in Indonesian and English at 390 and 1366 px
(one page per account, shared by the module; screenshots in test-output/screenshots/talent-*):
the whole ranking page by page with its total, the "Tidak memenuhi syarat" list with the day the
server's rules give, "Periksa kelayakan untuk jabatan …" on a profile, a nine-box cell's members
page by page, the ranking card (years and months, SKP predicates, the box chip apart from the name,
no points giving a hidden JPM back, the training warning as an amber note), the employee's own
profile, and what an operator of another unit or an employee cannot see."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.conftest import SCREENSHOTS, message, sign_in
from tests.e2e.test_flow import gql

pytestmark = pytest.mark.browser

COMBOS = [("id", 390), ("id", 1366), ("en", 390), ("en", 1366)]
VACANT = """query($level: String) { positions(vacant: true, level: $level, first: 100) {
  edges { node { code title unit { code } } } } }"""
RANKED = """query($c: String!) { candidates(positionCode: $c, first: 1) { totalCount } }"""
NEAR = """query($c: String!) {
  nearCandidates(positionCode: $c, first: 100) { totalCount edges { node {
    qualifiesOn employee { nip name unitCode } failing { rule } } } } }"""
GRID = "{ nineBox { cells { box count } } }"
ME = "{ me { employee { nip } } }"


@pytest.fixture(scope="module")
def pages(browser, app_url: str) -> Iterator[Callable[[str], object]]:  # type: ignore[no-untyped-def]
    """``pages(username)`` → that account's signed-in page, one per account for the whole module."""
    contexts: dict[str, object] = {}

    def page_of(username: str):  # type: ignore[no-untyped-def]
        if username not in contexts:
            context = browser.new_context(base_url=app_url, viewport={"width": 1366, "height": 900})
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.errors = []  # type: ignore[attr-defined]
            page.on("pageerror", lambda exc, page=page: page.errors.append(str(exc)))  # type: ignore[attr-defined]
            page.goto("/")
            sign_in(page, username)
            contexts[username] = context
        return contexts[username].pages[0]  # type: ignore[attr-defined]

    yield page_of
    for context in contexts.values():
        context.close()  # type: ignore[attr-defined]


def each_combo(page, name: str, check: Callable[[str], None], show=None) -> None:  # type: ignore[no-untyped-def]
    """Runs ``check(lang)`` in each language at each width, with a screenshot of each (of the
    screen scrolled to ``show``, a locator, when given)."""
    for lang, width in COMBOS:
        page.evaluate("(l) => import('/js/i18n.js').then((m) => m.setLang(l))", lang)
        page.set_viewport_size({"width": width, "height": 900})
        check(lang)
        wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert wide[0] <= wide[1], f"{name} scrolls sideways at {width} px: {wide}"
        if show is not None:
            show.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # the visible screen: a full page costs seconds
        page.screenshot(path=str(SCREENSHOTS / f"talent-{name}-{lang}-{width}.png"))
    page.evaluate("() => import('/js/i18n.js').then((m) => m.setLang('id'))")
    assert page.errors == []


@pytest.fixture(scope="module")
def busy_post(pages) -> dict:  # type: ignore[no-untyped-def]
    """A vacant administrator post with more eligible candidates than one page (20) and someone close."""
    page = pages("panel_chair")
    for post in (e["node"] for e in gql(page, VACANT, {"level": "administrator"})["positions"]["edges"]):
        ranked = gql(page, RANKED, {"c": post["code"]})
        if ranked["candidates"]["totalCount"] > 20:
            near = gql(page, NEAR, {"c": post["code"]})
            if near["nearCandidates"]["totalCount"] > 0:
                return {**post, **ranked, **near}
    raise AssertionError("no vacant administrator post has more than 20 eligible candidates")


def _open_post(page, code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/#/posts/{code}")
    page.get_by_test_id("ranking").locator("[data-testid=candidate]").first.wait_for()


def test_the_ranking_shows_every_eligible_candidate_page_by_page(pages, busy_post) -> None:  # type: ignore[no-untyped-def]
    page = pages("panel_chair")
    _open_post(page, busy_post["code"])
    total = busy_post["candidates"]["totalCount"]
    ranking = page.get_by_test_id("ranking")

    def check(lang: str) -> None:
        assert ranking.get_by_test_id("ranking-total").get_attribute("data-total") == str(total)
        assert str(total) in ranking.get_by_test_id("ranking-total").inner_text()

    each_combo(page, "ranking", check)
    assert ranking.locator("[data-testid=candidate]").count() == 20
    ranking.get_by_test_id("ranking-next").click()
    page.wait_for_function("() => document.querySelector('[data-testid=ranking] .candidate .rank')?.innerText === '21'")
    assert ranking.locator("[data-testid=candidate]").count() == min(20, total - 20)
    ranking.get_by_test_id("ranking-previous").click()
    page.wait_for_function("() => document.querySelector('[data-testid=ranking] .candidate .rank')?.innerText === '1'")


def test_not_eligible_list_gives_the_failed_rule_and_the_servers_date(pages, busy_post) -> None:  # type: ignore[no-untyped-def]
    page = pages("panel_chair")
    _open_post(page, busy_post["code"])
    near = page.get_by_test_id("near-candidates")
    near.locator("[data-testid=near]").first.wait_for()
    first = busy_post["nearCandidates"]["edges"][0]["node"]
    row = near.locator(f"[data-testid=near][data-nip='{first['employee']['nip']}']")

    def check(lang: str) -> None:
        assert near.get_by_role("heading").first.inner_text() == message(page, "near.title")
        rules = row.locator("[data-rule]").evaluate_all("(items) => items.map((i) => i.dataset.rule)")
        assert rules == [c["rule"] for c in first["failing"]]
        if first["qualifiesOn"]:  # the date is the server's, shown as it computed it
            assert row.get_by_test_id("qualifies-on").get_attribute("data-date") == first["qualifiesOn"]
        else:
            assert message(page, "near.noDate") in row.inner_text()

    each_combo(page, "near", check, show=near)
    assert message(page, "near.title") == "Tidak memenuhi syarat"


def test_a_profile_checks_eligibility_for_a_post_found_by_name(pages, busy_post) -> None:  # type: ignore[no-untyped-def]
    page = pages("panel_chair")
    dated = [e["node"] for e in busy_post["nearCandidates"]["edges"] if e["node"]["qualifiesOn"]]
    person = (dated or [e["node"] for e in busy_post["nearCandidates"]["edges"]])[0]
    page.goto(f"/#/employees/{person['employee']['nip']}")
    section = page.get_by_test_id("check-post")
    section.wait_for()
    section.get_by_role("searchbox").fill(busy_post["title"])
    section.locator(f"[data-testid=post-option][data-code='{busy_post['code']}']").click()
    verdict = section.get_by_test_id("post-verdict")
    verdict.locator(".checks li").first.wait_for()

    def check(lang: str) -> None:
        assert verdict.get_by_test_id("verdict").get_attribute("data-eligible") == "false"
        failed = verdict.locator(".checks li[data-status=fail]").evaluate_all("(l) => l.map((i) => i.dataset.rule)")
        assert failed == [c["rule"] for c in person["failing"]]
        if person["qualifiesOn"]:
            assert verdict.get_by_test_id("qualifies-on").get_attribute("data-date") == person["qualifiesOn"]

    each_combo(page, "check-post", check, show=verdict)


def test_a_nine_box_cell_opens_all_its_members(pages) -> None:  # type: ignore[no-untyped-def]
    page = pages("panel_chair")
    cells = gql(page, GRID)["nineBox"]["cells"]
    box, count = max(((c["box"], c["count"]) for c in cells), key=lambda bc: bc[1])
    assert count > 24, "the demo's fullest cell fits one page"
    page.goto("/#/talent")
    page.locator(f".ninebox-cell[data-box='{box}']").click()
    members = page.get_by_test_id("cell-members")
    members.locator("li[data-nip]").first.wait_for()

    def check(lang: str) -> None:
        assert members.get_by_test_id("members-total").get_attribute("data-total") == str(count)

    each_combo(page, "ninebox-members", check, show=members)
    seen = set(members.locator("li[data-nip]").evaluate_all("(l) => l.map((i) => i.dataset.nip)"))
    while members.get_by_test_id("members-next").is_enabled():
        before = members.locator("li[data-nip]").first.get_attribute("data-nip")
        members.get_by_test_id("members-next").click()
        page.wait_for_function(
            "(b) => document.querySelector('[data-testid=cell-members] li[data-nip]')?.dataset.nip !== b", arg=before
        )
        seen |= set(members.locator("li[data-nip]").evaluate_all("(l) => l.map((i) => i.dataset.nip)"))
    assert len(seen) == count


def test_the_ranking_card_reads_like_a_person_wrote_it(pages, busy_post) -> None:  # type: ignore[no-untyped-def]
    page = pages("panel_chair")
    _open_post(page, busy_post["code"])
    card = page.get_by_test_id("ranking").locator("[data-testid=candidate]").first

    def check(lang: str) -> None:
        years = card.locator("[data-part=years_at_level] dd").inner_text()
        unit = "tahun" if lang == "id" else "years"
        assert re.search(rf"\d+ {unit}|\d+ (bulan|months)", years), years
        skp = card.locator("[data-part=skp] dd").inner_text()
        assert re.search(r"\d{4}: (Sangat Baik|Baik|Butuh Perbaikan|Kurang|Sangat Kurang)", skp), skp
        name = card.locator("a.candidate-name")
        chip = card.get_by_test_id("box-chip")
        assert chip.count() == 0 or chip.inner_text() not in name.inner_text()  # the chip apart from the name
        successor = page.get_by_test_id("successor").first
        if successor.count():  # in the succession list too: "Agus Sukmana Kotak 9", never "Agus SukmanaKotak 9"
            name_box = successor.get_by_role("link").bounding_box()
            chip_box = successor.get_by_test_id("box-chip").bounding_box()
            assert (
                name_box
                and chip_box
                and (chip_box["x"] >= name_box["x"] + name_box["width"] + 2 or chip_box["y"] > name_box["y"])
            )
        assert card.get_by_test_id("eligible-badge").is_visible()
        assert card.locator(".checks li.warn").count() == 0  # a warning is a note, never a ✗ in the list

    each_combo(page, "card", check, show=card)
    spelled = page.evaluate(
        "() => import('/js/talent-parts.js').then((m) => [1250, 730, 200, 365 * 3].map(m.yearsMonths))"
    )
    assert spelled == ["3 tahun 5 bulan", "2 tahun", "6 bulan", "3 tahun"]
    # The training warning, where a candidate has one, is an amber note beside "Memenuhi syarat".
    notes = page.get_by_test_id("ranking").get_by_test_id("warning-notes")
    if notes.count():
        assert notes.first.locator("li.candidate-note").count() >= 1


def test_no_points_give_a_hidden_jpm_back(pages) -> None:  # type: ignore[no-untyped-def]
    page = pages("operator_dinkes")  # an operator may not read anyone's JPM
    post = gql(page, VACANT, {"level": "administrator"})["positions"]["edges"][0]["node"]
    _open_post(page, post["code"])
    ranking = page.get_by_test_id("ranking")

    def check(lang: str) -> None:
        text = ranking.inner_text()
        assert message(page, "candidates.points") not in text  # no part's points, no score
        assert message(page, "check.hidden") in ranking.get_by_test_id("candidate-score").first.inner_text()

    each_combo(page, "card-operator", check, show=ranking)


def test_an_operator_sees_only_their_units_in_the_not_eligible_list(pages) -> None:  # type: ignore[no-untyped-def]
    page = pages("operator_dinkes")
    for post in gql(page, VACANT, {"level": "administrator"})["positions"]["edges"][:3]:
        near = gql(page, NEAR, {"c": post["node"]["code"]})["nearCandidates"]
        units = {e["node"]["employee"]["unitCode"] for e in near["edges"]}
        assert all(u.startswith("DINKES") for u in units), units
        assert all(
            c["rule"] not in {"competency", "discipline", "health"} for e in near["edges"] for c in e["node"]["failing"]
        )
    outside = gql(pages("panel_chair"), VACANT, {"level": "administrator"})["positions"]["edges"]
    foreign = next(e["node"] for e in outside if not e["node"]["unit"]["code"].startswith("DINKES"))
    body = page.evaluate(
        """(q) => fetch('/graphql', {method: 'POST', headers: {'Content-Type': 'application/json'},
             body: JSON.stringify(q)}).then((r) => r.json())""",
        {"query": NEAR, "variables": {"c": foreign["code"]}},
    )
    assert body["data"] is None and body["errors"]


def test_the_employees_own_profile_is_their_home(pages) -> None:  # type: ignore[no-untyped-def]
    page = pages("employee")
    nip = gql(page, ME)["me"]["employee"]["nip"]
    page.goto(f"/#/employees/{nip}")
    page.get_by_test_id("outlook").locator("[data-testid=outlook-level]").first.wait_for()
    page.get_by_test_id("my-nominations").wait_for()

    def check(lang: str) -> None:
        assert page.get_by_test_id("profile-ninebox").inner_text().strip()
        levels = page.get_by_test_id("outlook-level")
        assert levels.count() >= 1
        assert levels.first.get_by_test_id("verdict").count() == 1  # their own verdict, not hidden
        assert page.get_by_test_id("check-post").count() == 0  # staff only: an employee cannot list posts
        assert page.get_by_test_id("my-nominations").get_by_role("heading").inner_text() == message(page, "mine.title")

    each_combo(page, "employee-home", check)
