"""How an eligible candidate's score is made (domain.md, "Ranking"): four parts, each scaled to
0-100 and weighted by the rulebook's ``ranking_weights``.

The SQL in ``candidate_sql`` computes the same formulas for thousands of people at once; the pure
functions here are the reference the tests hold it to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.reference import SKP_SCORE, SkpPredicate

# Years at the qualifying levels that earn the full "years at level" part.
YEARS_AT_LEVEL_FULL = 10
DAYS_AT_LEVEL_FULL = YEARS_AT_LEVEL_FULL * 365
PART_NAMES = ("jpm", "ninebox", "skp", "years_at_level")


@dataclass(frozen=True)
class ScorePart:
    name: str  # jpm / ninebox / skp / years_at_level
    value: float | None  # the input: JPM %, box 1-9, mean SKP predicate score 1-5, days at level
    scaled: float  # 0-100
    weight: float
    points: float  # weight × scaled
    detail: str
    key: str = ""  # the detail's message key (reasons.SCORE_REASONS) with params, for the reader's language
    params: dict[str, Any] = field(default_factory=dict, hash=False)


def jpm_scaled(jpm: float | None) -> float:
    return 0.0 if jpm is None else min(float(jpm), 100.0)


def ninebox_scaled(box: int | None) -> float:
    return 0.0 if box is None else (box - 1) * 12.5


def skp_scaled(mean_score: float | None) -> float:
    """Mean predicate score of the SKP years the rule reads (Sangat Baik 5 … Sangat Kurang 1) → 0-100."""
    return 0.0 if mean_score is None else (mean_score - 1) * 25.0


def years_at_level_scaled(days: int | None) -> float:
    return 0.0 if not days else min(days, DAYS_AT_LEVEL_FULL) * 100.0 / DAYS_AT_LEVEL_FULL


def mean_skp_score(predicates: list[str]) -> float | None:
    if not predicates:
        return None
    return sum(SKP_SCORE[SkpPredicate(p)] for p in predicates) / len(predicates)


def score_parts(
    weights: dict[str, float], jpm: float | None, box: int | None, skp_mean: float | None, days_at_level: int | None
) -> list[ScorePart]:
    days = days_at_level or 0
    raw = {
        "jpm": (jpm, jpm_scaled(jpm)) + (("score.jpm", {"jpm": jpm}) if jpm is not None else ("score.no_jpm", {})),
        "ninebox": (box, ninebox_scaled(box)) + (("score.box", {"box": box}) if box else ("score.not_mapped", {})),
        "skp": (skp_mean, skp_scaled(skp_mean))
        + (("score.skp", {"mean": skp_mean}) if skp_mean is not None else ("score.no_skp", {})),
        "years_at_level": (days_at_level, years_at_level_scaled(days_at_level))
        + ("score.years_at_level", {"days": days, "full_years": YEARS_AT_LEVEL_FULL}),
    }
    parts = []
    for name in PART_NAMES:
        value, scaled, key, params = raw[name]
        weight = float(weights.get(name, 0.0))
        detail = _SCORE_DETAILS[key].format(**{k: f"{v:g}" if isinstance(v, float) else v for k, v in params.items()})
        parts.append(ScorePart(name, value, scaled, weight, weight * scaled, detail, key, params))
    return parts


_SCORE_DETAILS = {  # the English details; reasons-*.js word the keys for a page
    "score.jpm": "JPM {jpm}% against the post's level",
    "score.no_jpm": "no JPM",
    "score.box": "nine-box {box}",
    "score.not_mapped": "not mapped",
    "score.skp": "mean SKP predicate score {mean} of 5",
    "score.no_skp": "no SKP",
    "score.years_at_level": "{days} days at the qualifying levels (full marks at {full_years} years)",
}
