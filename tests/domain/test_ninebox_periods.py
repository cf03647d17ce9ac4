"""Issue 14: nine-box bands per mapping period — a 2025 grid keeps 2025's bands after 2026's are
set, in the Python placement and the SQL grid alike."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.rulebook import load_rulebook, update_setting
from domain.rules.facts import AssessmentRow, SkpRow
from domain.rules.ninebox import place
from domain.rules.ninebox_grid import nine_box_grid
from domain.setup import ensure_reference_data
from tests.domain.talent_factory import TalentData, eligible_facts

BANDS_2026 = {
    "performance": {"sangat_baik": "above", "baik": "as_expected"},
    "potential": {"high": 85.0, "middle": 70.0},
    "valid_from": "2026-01-01",
}
END_2025, MID_2026 = date(2025, 12, 31), date(2026, 6, 1)


@pytest.fixture
async def settled(sessions, session):
    await ensure_reference_data(sessions)
    return session


async def test_a_2025_grid_keeps_2025_bands_after_2026_bands_are_set(settled):
    data = TalentData(settled)
    await data.unit("PROV")
    person = eligible_facts(
        skps=[SkpRow(2023, "baik"), SkpRow(2024, "baik"), SkpRow(2025, "baik")],
        assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 69.0)],
    )
    await data.person(person, "PROV")
    await settled.commit()

    await update_setting(settled, "ninebox", json.dumps(BANDS_2026), source="Keputusan Gubernur 800/2026")
    await settled.commit()
    book = await load_rulebook(settled)
    assert book["ninebox"]["earlier"] == [
        {
            "valid_from": "2000-01-01",
            "performance": {"sangat_baik": "above", "baik": "as_expected"},
            "potential": {"high": 80.0, "middle": 68.0},
        }
    ]
    assert book["jpm_min"] == 70.0  # the 68 % threshold moved with the band (one threshold)

    assert place(person, END_2025, book).box == 5  # JPM 69: middle potential under 2025's bands
    assert place(person, MID_2026, book).box == 2  # low under 2026's (middle from 70)
    for day, box in ((END_2025, 5), (MID_2026, 2)):
        grid = await nine_box_grid(settled, "PROV", day, rulebook=book)
        assert [c.box for c in grid.cells if c.count] == [box], day


async def test_a_period_cannot_start_before_the_current_one_nor_rewrite_the_past(settled):
    await update_setting(settled, "ninebox", json.dumps(BANDS_2026))
    earlier = {**BANDS_2026, "valid_from": "2025-06-01"}
    with pytest.raises(InvalidInput, match="ninebox.valid_from: 2025-06-01 is before 2026-01-01"):
        await update_setting(settled, "ninebox", json.dumps(earlier))
    rewritten = {**BANDS_2026, "earlier": []}
    with pytest.raises(InvalidInput, match="ninebox.earlier: the bands of past periods are kept by meritflow"):
        await update_setting(settled, "ninebox", json.dumps(rewritten))
    corrected = {**BANDS_2026, "potential": {"high": 86.0, "middle": 70.0}}  # same valid_from: a correction
    await update_setting(settled, "ninebox", json.dumps(corrected))
    book = await load_rulebook(settled)
    assert book["ninebox"]["potential"]["high"] == 86.0 and len(book["ninebox"]["earlier"]) == 1
