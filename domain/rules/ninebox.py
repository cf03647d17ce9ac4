"""The nine-box talent matrix of PermenPANRB 3/2020: where one person sits, and why.

Performance (x) comes from the latest SKP predicate, potential (y) from the latest JPM; the boxes are
numbered diagonally, not row by row::

    potential high    6   8   9
    potential middle  3   5   7
    potential low     1   2   4
                    below  as-expected  above

A person without an SKP or an assessment is *not mapped*, with the reason — never silently placed.
"Latest" is judged on a day: SKPs of calendar years before that day's year (a year's SKP is final
only once the year is over) and assessments made on or before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.facts import AssessmentRow, PersonFacts, SkpRow, load_person
from domain.rules.ninebox_periods import bands_on
from domain.rules.reasons import NOT_MAPPED_REASONS

# (potential, performance) -> box, the official diagonal numbering.
BOX: dict[tuple[str, str], int] = {
    ("high", "below"): 6,
    ("high", "as_expected"): 8,
    ("high", "above"): 9,
    ("middle", "below"): 3,
    ("middle", "as_expected"): 5,
    ("middle", "above"): 7,
    ("low", "below"): 1,
    ("low", "as_expected"): 2,
    ("low", "above"): 4,
}
BANDS_OF_BOX: dict[int, tuple[str, str]] = {box: bands for bands, box in BOX.items()}
TALENT_POOL_BOXES = (7, 8, 9)

_PERFORMANCE_ID = {"below": "di bawah ekspektasi", "as_expected": "sesuai ekspektasi", "above": "di atas ekspektasi"}
_POTENTIAL_ID = {"low": "rendah", "middle": "menengah", "high": "tinggi"}
_PERFORMANCE_EN = {"below": "below expectation", "as_expected": "as expected", "above": "above expectation"}


def box_label(box: int) -> str:
    """The PermenPANRB 3/2020 style label, e.g. box 9: "Kinerja di atas ekspektasi dan potensial tinggi"."""
    potential, performance = BANDS_OF_BOX[box]
    return f"Kinerja {_PERFORMANCE_ID[performance]} dan potensial {_POTENTIAL_ID[potential]}"


def box_label_en(box: int) -> str:
    potential, performance = BANDS_OF_BOX[box]
    return f"Performance {_PERFORMANCE_EN[performance]}, {potential} potential"


RECOMMENDATIONS: dict[int, str] = {
    9: "promote and retain",
    8: "retain, rotate or enrich the post, develop",
    7: "retain, rotate or enrich the post, develop",
    6: "coaching and development",
    5: "coaching and development",
    3: "coaching and development",
    2: "coaching and development",
    4: "rotate and develop",
    1: "handle under the performance and discipline rules",
}


@dataclass(frozen=True)
class BoxView:
    """A placement as shown to people: the box with its labels, bands and recommendation, or — when
    the person could not be mapped — no box and the ``reason``. The API, the grid and ``place``
    all present a box through :func:`box_view`, so a label or a recommendation is written once."""

    box: int | None
    label: str | None
    label_en: str | None
    performance: str | None  # below / as_expected / above
    potential: str | None  # low / middle / high
    recommendation: str | None
    reason: str | None  # why not mapped

    @property
    def mapped(self) -> bool:
        return self.box is not None


def box_view(box: int | None, reason: str | None = None) -> BoxView:
    """The display values of ``box`` (1-9), or of an unmapped person (``box`` None) with ``reason``."""
    if box is None:
        return BoxView(None, None, None, None, None, None, reason)
    potential, performance = BANDS_OF_BOX[box]
    return BoxView(box, box_label(box), box_label_en(box), performance, potential, RECOMMENDATIONS[box], None)


def performance_band(predicate: str, rulebook: Rulebook, day: date) -> str:
    """Sangat Baik → above, Baik → as expected, the rest → below (the bands in force on ``day``)."""
    return bands_on(rulebook["ninebox"], day)["performance"].get(predicate, "below")


def potential_band(jpm: float, rulebook: Rulebook, day: date) -> str:
    thresholds = bands_on(rulebook["ninebox"], day)["potential"]
    if jpm >= thresholds["high"]:
        return "high"
    if jpm >= thresholds["middle"]:
        return "middle"
    return "low"


@dataclass(frozen=True)
class NineBoxPlacement:
    nip: str
    as_of: date
    box: int | None  # None: not mapped, see ``reason``
    label: str | None
    label_en: str | None
    performance: str | None  # below / as_expected / above
    potential: str | None  # low / middle / high
    skp_year: int | None
    skp_predicate: str | None
    jpm: float | None
    jpm_assessed_on: date | None
    jpm_target_level: str | None
    reason: str | None  # why not mapped
    recommendation: str | None

    @property
    def mapped(self) -> bool:
        return self.box is not None

    @property
    def in_talent_pool(self) -> bool:
        return self.box in TALENT_POOL_BOXES


def latest_skp(person: PersonFacts, as_of: date) -> SkpRow | None:
    return max((s for s in person.skps if s.year < as_of.year), key=lambda s: s.year, default=None)


def latest_any_assessment(person: PersonFacts, as_of: date) -> AssessmentRow | None:
    return max((a for a in person.assessments if a.assessed_on <= as_of), key=lambda a: a.assessed_on, default=None)


_NO_SKP = "no SKP for a year before {year}"
_NO_ASSESSMENT = "no competency assessment on or before {as_of}"


def not_mapped_reason(has_skp: bool, has_assessment: bool, as_of: date) -> str | None:
    missing = []
    if not has_skp:
        missing.append(_NO_SKP.format(year=as_of.year))
    if not has_assessment:
        missing.append(_NO_ASSESSMENT.format(as_of=as_of))
    return "; ".join(missing) or None


NO_SKP, NO_ASSESSMENT, NO_SKP_NO_ASSESSMENT = "ninebox.no_skp", "ninebox.no_assessment", "ninebox.no_skp_no_assessment"

_NOT_MAPPED_TEXTS = {  # each key's English text as a pattern (the grid's SQL words it the same way)
    NO_SKP: _NO_SKP,
    NO_ASSESSMENT: _NO_ASSESSMENT,
    NO_SKP_NO_ASSESSMENT: f"{_NO_SKP}; {_NO_ASSESSMENT}",
}


def not_mapped_text(key: str, as_of: date) -> str:
    """The reason of message ``key`` worded for ``as_of``, as :func:`not_mapped_reason` words it
    (a stored placement keeps the key: its text names the day asked, not the day computed)."""
    return _NOT_MAPPED_TEXTS[key].format(year=as_of.year, as_of=as_of)


def not_mapped_key(reason: str | None) -> tuple[str | None, dict[str, Any]]:
    """The message key (``reasons.NOT_MAPPED_REASONS``) and params of a not-mapped ``reason`` as
    :func:`not_mapped_reason` (or the grid's SQL twin) words it; (None, {}) for any other text,
    which a page then shows as it is."""
    for key, template in _NOT_MAPPED_TEXTS.items():
        pattern = re.escape(template).replace(r"\{year\}", r"(?P<year>\d{4})")
        pattern = pattern.replace(r"\{as_of\}", r"(?P<as_of>\d{4}-\d{2}-\d{2})")
        found = re.fullmatch(pattern, reason or "")
        if found:
            params: dict[str, Any] = found.groupdict()
            if "year" in params:
                params["year"] = int(params["year"])
            assert set(params) == set(NOT_MAPPED_REASONS[key])
            return key, params
    return None, {}


def place(person: PersonFacts, as_of: date, rulebook: Rulebook) -> NineBoxPlacement:
    """Pure placement from loaded facts."""
    skp = latest_skp(person, as_of)
    assessment = latest_any_assessment(person, as_of)
    reason = not_mapped_reason(skp is not None, assessment is not None, as_of)
    performance = performance_band(skp.predicate, rulebook, as_of) if skp else None
    potential = potential_band(assessment.jpm, rulebook, as_of) if assessment else None
    box = BOX[(potential, performance)] if performance and potential else None
    view = box_view(box, reason)
    return NineBoxPlacement(
        nip=person.nip,
        as_of=as_of,
        box=box,
        label=view.label,
        label_en=view.label_en,
        performance=performance,
        potential=potential,
        skp_year=skp.year if skp else None,
        skp_predicate=skp.predicate if skp else None,
        jpm=assessment.jpm if assessment else None,
        jpm_assessed_on=assessment.assessed_on if assessment else None,
        jpm_target_level=assessment.target_level if assessment else None,
        reason=reason,
        recommendation=view.recommendation,
    )


async def place_in_nine_box(
    session: AsyncSession, nip: str, as_of: date | None = None, rulebook: Rulebook | None = None
) -> NineBoxPlacement:
    """Where ``nip`` sits on ``as_of`` (default today); NotFound for an unknown NIP."""
    person = await load_person(session, nip)
    book = rulebook or await load_rulebook(session)
    return place(person, as_of or today(), book)
