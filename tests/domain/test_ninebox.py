"""The nine-box matrix: the diagonal numbering, its bands, not-mapped reasons and the unit grid."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import NotFound
from domain.rulebook import default_rulebook
from domain.rules.ninebox import BOX, place, place_in_nine_box
from domain.rules.ninebox_grid import nine_box_grid
from tests.domain.talent_factory import AssessmentRow, SkpRow, TalentData, eligible_facts, make_nip

BOOK = default_rulebook()
ON = date(2026, 1, 26)
PREDICATE = {"above": "sangat_baik", "as_expected": "baik", "below": "butuh_perbaikan"}
JPM = {"high": 85.0, "middle": 70.0, "low": 50.0}

# The official numbering, read as drawn in domain.md (rows: potential high → low; columns: below → above).
DRAWN = [[6, 8, 9], [3, 5, 7], [1, 2, 4]]


def person(predicate: str | None, jpm: float | None, nip: str = "197601012000031001"):
    return eligible_facts(
        nip=nip,
        skps=[SkpRow(2025, predicate)] if predicate else [],
        assessments=[AssessmentRow(date(2025, 6, 1), "administrator", jpm)] if jpm is not None else [],
    )


@pytest.mark.parametrize(("row", "potential"), list(enumerate(["high", "middle", "low"])))
@pytest.mark.parametrize(("col", "performance"), list(enumerate(["below", "as_expected", "above"])))
def test_every_cell_has_its_diagonal_number(row, potential, col, performance):
    placement = place(person(PREDICATE[performance], JPM[potential]), ON, BOOK)
    assert placement.box == DRAWN[row][col] == BOX[(potential, performance)]
    assert (placement.performance, placement.potential) == (performance, potential)
    assert placement.label.startswith("Kinerja ")
    assert placement.recommendation
    assert placement.reason is None


def test_labels_and_recommendations_of_the_corners():
    top = place(person("sangat_baik", 90.0), ON, BOOK)
    assert top.label == "Kinerja di atas ekspektasi dan potensial tinggi"
    assert top.label_en == "Performance above expectation, high potential"
    assert top.recommendation == "promote and retain"
    assert top.in_talent_pool
    bottom = place(person("sangat_kurang", 40.0), ON, BOOK)
    assert bottom.box == 1
    assert bottom.recommendation == "handle under the performance and discipline rules"


@pytest.mark.parametrize(("jpm", "potential"), [(67.99, "low"), (68.0, "middle"), (79.99, "middle"), (80.0, "high")])
def test_potential_bands_at_their_thresholds(jpm, potential):
    assert place(person("baik", jpm), ON, BOOK).potential == potential


@pytest.mark.parametrize(
    ("predicate", "performance"),
    [
        ("sangat_baik", "above"),
        ("baik", "as_expected"),
        ("butuh_perbaikan", "below"),
        ("kurang", "below"),
        ("sangat_kurang", "below"),
    ],
)
def test_performance_bands_from_the_predicate(predicate, performance):
    assert place(person(predicate, 70.0), ON, BOOK).performance == performance


@pytest.mark.parametrize(
    ("predicate", "jpm", "reason"),
    [
        (None, 70.0, "no SKP for a year before 2026"),
        ("baik", None, "no competency assessment on or before 2026-01-26"),
        (None, None, "no SKP for a year before 2026; no competency assessment on or before 2026-01-26"),
    ],
)
def test_not_mapped_says_why(predicate, jpm, reason):
    placement = place(person(predicate, jpm), ON, BOOK)
    assert placement.box is None and placement.label is None
    assert placement.reason == reason


def test_latest_means_the_last_finished_year_and_assessments_made_by_the_day():
    facts = eligible_facts(
        skps=[SkpRow(2024, "butuh_perbaikan"), SkpRow(2025, "sangat_baik"), SkpRow(2026, "baik")],
        assessments=[
            AssessmentRow(date(2025, 6, 1), "pengawas", 85.0),
            AssessmentRow(date(2026, 2, 1), "administrator", 50.0),
        ],
    )
    placement = place(facts, ON, BOOK)
    assert (placement.skp_year, placement.skp_predicate, placement.jpm) == (2025, "sangat_baik", 85.0)
    assert placement.box == 9
    assert place(facts, date(2025, 12, 31), BOOK).box == 6  # SKP 2024 below, JPM 85 high


async def test_place_in_nine_box_reads_the_database(session):
    data = TalentData(session)
    await data.unit("BKD")
    facts = person("baik", 85.0)
    await data.person(facts, "BKD")
    await session.commit()
    placement = await place_in_nine_box(session, facts.nip, ON)
    assert placement == place(facts, ON, BOOK)
    assert placement.box == 8
    with pytest.raises(NotFound):
        await place_in_nine_box(session, "199001012015031999", ON)


async def test_the_grid_counts_a_unit_with_its_sub_units_and_lists_the_unmapped(session):
    data = TalentData(session)
    await data.unit_tree("BIRO-HUKUM")
    # SETDA tree: two in box 9 (one in the sub-unit), one in box 1, one per unmapped reason.
    people = [
        ("SETDA", "sangat_baik", 90.0),
        ("BIRO-HUKUM", "sangat_baik", 81.0),
        ("BIRO-HUKUM", "kurang", 40.0),
        ("SETDA", None, 70.0),
        ("BIRO-HUKUM", "baik", None),
        ("DINKES", "baik", 70.0),  # outside the SETDA tree: box 5
    ]
    nips = []
    for unit, predicate, jpm in people:
        nip = make_nip(date(1980, 5, 5))
        nips.append(nip)
        await data.person(person(predicate, jpm, nip=nip), unit)
    await session.commit()

    grid = await nine_box_grid(session, "SETDA", ON)
    counts = {c.box: c.count for c in grid.cells}
    assert [c.box for c in grid.cells] == list(range(1, 10))
    assert counts == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 2}
    assert sorted(m.nip for m in grid.cells[8].members) == sorted(nips[:2])
    assert grid.cells[8].label == "Kinerja di atas ekspektasi dan potensial tinggi"
    assert {(u.reason, u.count) for u in grid.unmapped} == {
        ("no SKP for a year before 2026", 1),
        ("no competency assessment on or before 2026-01-26", 1),
    }
    assert grid.total == 5

    province = await nine_box_grid(session, "PROV", ON)
    assert province.total == 6 and province.cells[4].count == 1
    assert (await nine_box_grid(session, None, ON)).total == 6

    paged = await nine_box_grid(session, "SETDA", ON, members_limit=1, members_offset=1)
    assert paged.cells[8].count == 2
    assert [m.nip for m in paged.cells[8].members] == [sorted(nips[:2])[1]]
    with pytest.raises(NotFound, match="no unit"):
        await nine_box_grid(session, "NOPE", ON)


async def test_the_grid_agrees_with_the_single_placement(session):
    data = TalentData(session)
    await data.unit("PROV")
    facts = []
    for i, (predicate, jpm) in enumerate(
        [(p, j) for p in ("sangat_baik", "baik", "kurang", None) for j in (90.0, 80.0, 79.99, 68.0, 67.99, None)]
    ):
        f = person(predicate, jpm, nip=make_nip(date(1970 + i, 1, 1)))
        facts.append(f)
        await data.person(f, "PROV")
    history = eligible_facts(
        nip=make_nip(date(1966, 6, 6)),
        skps=[
            SkpRow(2023, "sangat_baik"),
            SkpRow(2024, "sangat_baik"),
            SkpRow(2025, "kurang"),
            SkpRow(2026, "sangat_baik"),
        ],
        assessments=[
            AssessmentRow(date(2024, 1, 1), "pengawas", 90.0),
            AssessmentRow(date(2025, 1, 1), "pengawas", 70.5),
        ],
    )
    facts.append(history)  # the latest finished year and the latest assessment decide: box 3
    await data.person(history, "PROV")
    await session.commit()
    grid = await nine_box_grid(session, "PROV", ON, members_limit=100)
    in_grid = {m.nip: c.box for c in grid.cells for m in c.members}
    in_grid |= {m.nip: None for u in grid.unmapped for m in u.members}
    assert in_grid == {f.nip: place(f, ON, BOOK).box for f in facts}
    members = [m for c in grid.cells for m in c.members] + [m for u in grid.unmapped for m in u.members]
    by_nip = {f.nip: place(f, ON, BOOK) for f in facts}
    for m in members:
        expected = by_nip[m.nip]
        assert (m.skp_year, m.skp_predicate, m.jpm) == (expected.skp_year, expected.skp_predicate, expected.jpm)
