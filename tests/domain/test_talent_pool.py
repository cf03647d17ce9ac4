"""The talent pool (nine-box 7, 8, 9) of a unit, and the succession group of a key post."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInput, NotFound
from domain.rules.ninebox_grid import talent_pool
from domain.rules.ranking import rank_candidates, succession_candidates
from tests.domain.talent_factory import AS_OF, AssessmentRow, SkpRow, TalentData, eligible_facts

# (nip, unit, latest SKP 2025, latest JPM) → box: sangat_baik/baik/kurang × ≥80 high, 68-79 middle.
PEOPLE = [
    ("197001012000011001", "SETDA", "sangat_baik", 90.0),  # 9
    ("197101012000011002", "BIRO", "baik", 85.0),  # 8
    ("197201012000011003", "BIRO", "sangat_baik", 70.0),  # 7
    ("197301012000011004", "SETDA", "baik", 70.0),  # 5: not in the pool
    ("197401012000011005", "DINKES", "sangat_baik", 95.0),  # 9 but outside SETDA
    ("197501012000011006", "SETDA", "butuh_perbaikan", 95.0),  # 6
]


@pytest.fixture
async def province(session):
    data = TalentData(session)
    await data.unit_tree("BIRO")
    await data.post("SETDA-ASISTEN", "SETDA", is_key=True)
    await data.post("DINKES-KEPALA", "DINKES", is_key=False)
    for nip, unit, predicate, jpm in PEOPLE:
        facts = eligible_facts(
            nip=nip,
            skps=[SkpRow(2024, "baik"), SkpRow(2025, predicate)],
            assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", jpm)],
        )
        await data.person(facts, unit)
    await session.commit()


async def test_the_pool_of_a_unit_holds_boxes_7_to_9_of_its_whole_tree(session, province):
    pool = await talent_pool(session, "SETDA", AS_OF)
    assert pool.total == 3
    assert [(m.nip, m.box) for m in pool.items] == [
        ("197001012000011001", 9),
        ("197101012000011002", 8),
        ("197201012000011003", 7),
    ]
    assert pool.items[0].label == "Kinerja di atas ekspektasi dan potensial tinggi"
    whole = await talent_pool(session, None, AS_OF)
    assert [m.box for m in whole.items] == [9, 9, 8, 7]
    assert [m.nip for m in whole.items[:2]] == ["197401012000011005", "197001012000011001"]  # higher JPM first
    second = await talent_pool(session, None, AS_OF, limit=2, offset=2)
    assert second.total == 4 and [m.box for m in second.items] == [8, 7]
    with pytest.raises(NotFound):
        await talent_pool(session, "NOPE", AS_OF)


async def test_succession_candidates_are_the_ranked_eligible_in_the_pool(session, province):
    everyone = await rank_candidates(session, "SETDA-ASISTEN", AS_OF)
    assert everyone.total == 5  # box 5 too; box 6 (Butuh Perbaikan in 2025) fails the SKP rule
    group = await succession_candidates(session, "SETDA-ASISTEN", AS_OF)
    pool_nips = {"197001012000011001", "197101012000011002", "197201012000011003", "197401012000011005"}
    assert {c.nip for c in group.items} == pool_nips and group.total == 4
    in_order = [c.nip for c in everyone.items if c.nip in pool_nips]
    assert [c.nip for c in group.items] == in_order
    assert all(c.box in (7, 8, 9) for c in group.items)


async def test_succession_is_kept_for_key_posts_only(session, province):
    with pytest.raises(InvalidInput, match="not a key post"):
        await succession_candidates(session, "DINKES-KEPALA", AS_OF)
    with pytest.raises(NotFound):
        await succession_candidates(session, "NOPE", AS_OF)
