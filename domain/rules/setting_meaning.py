"""What each rule setting *means*, checked before a change is stored.

``rulebook.shape_problems`` only checks the JSON shape, so ``discipline.barring = ["Sedang"]`` or a
nine-box band ``"top"`` used to be stored and then silently ignored or crash every verdict. Here
each value is checked against its meaning — enum members, ordered thresholds, percentages within
0-100, weights ≥ 0 summing to 1 (100 %), ages 50-70 — and every problem names the key, the bad
value and what is allowed.

Some settings state one threshold twice (domain.md): the 68 % of ``jpm_min``,
``jpm_categories.masih_memenuhi`` and ``ninebox.potential.middle``; the 80 % of
``jpm_categories.memenuhi`` and ``ninebox.potential.high``; and, for Administrator and Pengawas,
``max_age`` = ``bup`` − 2 ("at least one year before BUP" = the (BUP−1)-th birthday has not come).
:func:`linked_changes` derives the others from the one an admin changes, so they never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from domain.reference import (
    RANK_ORDER,
    DisciplineSeverity,
    Education,
    JfGrade,
    Level,
    SkpPredicate,
    TrainingKind,
)

__all__ = ["BUP_LINKED_LEVELS", "LINKS", "bup_disagreement", "linked_changes", "meaning_problems"]

BANDS = ("below", "as_expected", "above")
AGE_RANGE = (50, 70)
ESELON_ORDER = ("II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b")
# The levels whose age limit is "at least one year before BUP": max_age = bup − 2.
BUP_LINKED_LEVELS = (Level.ADMINISTRATOR.value, Level.PENGAWAS.value)
# Each group is one threshold stated in several settings: (key, path inside the value).
LINKS: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (("jpm_min", ()), ("jpm_categories", ("masih_memenuhi",)), ("ninebox", ("potential", "middle"))),
    (("jpm_categories", ("memenuhi",)), ("ninebox", ("potential", "high"))),
)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _one_of(path: str, value: Any, allowed: list[str]) -> list[str]:
    if value in allowed:
        return []
    return [f"{path}: {_show(value)} is not allowed; use one of {', '.join(allowed)}"]


def _number(path: str, value: Any, low: float, high: float, whole: bool = False) -> list[str]:
    if whole and (not isinstance(value, int) or isinstance(value, bool)) and not float(value).is_integer():
        return [f"{path}: {_show(value)} is not a whole number; give a whole number from {low:g} to {high:g}"]
    if not low <= value <= high:
        return [f"{path}: {_show(value)} is out of range; allowed {low:g} to {high:g}"]
    return []


def _levels(value: dict[str, Any], key: str, check: Callable[[str, Any], list[str]]) -> list[str]:
    return [p for level, v in value.items() for p in check(f"{key}.{level}", v)]


def _education_min(value: dict[str, Any]) -> list[str]:
    return _levels(value, "education_min", lambda p, v: _one_of(p, v, [e.value for e in Education]))


def _experience(value: dict[str, Any]) -> list[str]:
    problems = []
    allowed = [lv.value for lv in Level]
    for level, rule in value.items():
        for i, held in enumerate(rule["levels"]):
            problems += _one_of(f"experience.{level}.levels[{i}]", held, allowed)
        grades = [g.value for g in JfGrade]
        for i, grade in enumerate(rule["jf_grades"]):
            problems += _one_of(f"experience.{level}.jf_grades[{i}]", grade, grades)
        problems += _number(f"experience.{level}.years", rule["years"], 0, 40)
        problems += _number(f"experience.{level}.total_years", rule["total_years"], 0, 40)
    return problems


def _min_rank(value: dict[str, Any]) -> list[str]:
    problems = _levels(value, "min_rank_by_eselon", lambda p, v: _one_of(p, v, RANK_ORDER))
    if problems:
        return problems
    order = [(e, RANK_ORDER.index(value[e])) for e in ESELON_ORDER if e in value]
    for (higher, a), (lower, b) in zip(order, order[1:], strict=False):
        if a < b:
            problems.append(
                f"min_rank_by_eselon: eselon {lower} would need {value[lower]}, more than {value[higher]} for the "
                f"higher eselon {higher}; a higher eselon needs at least the rank of a lower one"
            )
    return problems


def _skp(value: dict[str, Any]) -> list[str]:
    predicates = [p.value for p in SkpPredicate]
    return _one_of("skp.min_predicate", value["min_predicate"], predicates) + _number(
        "skp.years", value["years"], 1, 5, whole=True
    )


def _percent(key: str) -> Callable[[Any], list[str]]:
    return lambda value: _number(key, value, 0, 100)


def _competency_standard(value: dict[str, Any]) -> list[str]:
    return _levels(value, "competency_standard", lambda p, v: _number(p, v, 1, 5, whole=True))


def _ordered(path: str, low_name: str, low: float, high_name: str, high: float) -> list[str]:
    if low > high:
        return [f"{path}: {low_name} {low:g} is above {high_name} {high:g}; {low_name} must not exceed {high_name}"]
    return []


def _jpm_categories(value: dict[str, Any]) -> list[str]:
    problems = [p for k, v in value.items() for p in _number(f"jpm_categories.{k}", v, 0, 100)]
    return problems or _ordered(
        "jpm_categories", "masih_memenuhi", value["masih_memenuhi"], "memenuhi", value["memenuhi"]
    )


def _discipline(value: dict[str, Any]) -> list[str]:
    severities = [s.value for s in DisciplineSeverity]
    problems = [p for i, s in enumerate(value["barring"]) for p in _one_of(f"discipline.barring[{i}]", s, severities)]
    return problems + _number("discipline.lookback_months", value["lookback_months"], 0, 120, whole=True)


def _ages(key: str) -> Callable[[Any], list[str]]:
    return lambda value: _levels(value, key, lambda p, v: _number(p, v, *AGE_RANGE, whole=True))


def _training(value: dict[str, Any]) -> list[str]:
    return _levels(value, "training", lambda p, v: _one_of(p, v, [t.value for t in TrainingKind]))


def _bands(value: dict[str, Any], path: str) -> list[str]:
    predicates = [p.value for p in SkpPredicate]
    problems = []
    for predicate, band in value["performance"].items():
        problems += _one_of(f"{path}.performance (key {predicate})", predicate, predicates)
        problems += _one_of(f"{path}.performance.{predicate}", band, list(BANDS))
    potential = value["potential"]
    problems += [p for k, v in potential.items() for p in _number(f"{path}.potential.{k}", v, 0, 100)]
    return problems or _ordered(f"{path}.potential", "middle", potential["middle"], "high", potential["high"])


def _ninebox(value: dict[str, Any]) -> list[str]:
    problems = _bands(value, "ninebox")
    for i, period in enumerate(value.get("earlier", [])):
        if not isinstance(period, dict) or not {"valid_from", "performance", "potential"} <= set(period):
            problems.append(f"ninebox.earlier[{i}]: a past period needs valid_from, performance and potential")
        else:
            problems += _bands(period, f"ninebox.earlier[{i}]")
    return problems


def _weights(value: dict[str, Any]) -> list[str]:
    problems = [p for k, v in value.items() for p in _number(f"ranking_weights.{k}", v, 0, 1)]
    total = sum(value.values())
    if not problems and abs(total - 1.0) > 1e-9:
        problems.append(f"ranking_weights: the weights add up to {total:g}; they must add up to 1 (100 %)")
    return problems


CHECKS: dict[str, Callable[[Any], list[str]]] = {
    "education_min": _education_min,
    "experience": _experience,
    "min_rank_by_eselon": _min_rank,
    "skp": _skp,
    "jpm_min": _percent("jpm_min"),
    "competency_standard": _competency_standard,
    "jpm_categories": _jpm_categories,
    "discipline": _discipline,
    "max_age": _ages("max_age"),
    "bup": lambda value: (
        _ages("bup")({k: v for k, v in value.items() if k != "fungsional_by_grade"})
        + [
            p
            for grade, age in value.get("fungsional_by_grade", {}).items()
            for p in _one_of("bup.fungsional_by_grade (key)", grade, [g.value for g in JfGrade])
            + _number(f"bup.fungsional_by_grade.{grade}", age, *AGE_RANGE, whole=True)
        ]
    ),
    "training": _training,
    "ninebox": _ninebox,
    "ranking_weights": _weights,
    "rotation_lock_years": lambda v: _number("rotation_lock_years", v, 0, 10),
}


def meaning_problems(key: str, value: Any) -> list[str]:
    """Every way ``value`` (already of the right JSON shape) breaks the meaning of setting ``key``."""
    check = CHECKS.get(key)
    return check(value) if check else []


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _set(value: Any, path: tuple[str, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value)
    copy[path[0]] = _set(value[path[0]], path[1:], new)
    return copy


def linked_changes(key: str, old: Any, new: Any, current: Callable[[str], Any]) -> dict[str, Any]:
    """The other settings that state the same threshold as ``key``, with the values they take so
    they agree with ``new`` (``current(k)`` reads a setting's value in force). Empty when nothing
    linked moved."""
    derived: dict[str, Any] = {}
    for group in LINKS:
        for k, path in group:
            if k != key or _get(old, path) == _get(new, path):
                continue
            threshold = _get(new, path)
            for other, other_path in group:
                if other == key:
                    continue
                base = derived.get(other, current(other))
                if _get(base, other_path) != threshold:
                    derived[other] = _set(base, other_path, threshold)
    if key == "bup":
        ages = dict(derived.get("max_age", current("max_age")))
        for level in BUP_LINKED_LEVELS:
            if level in new and ages.get(level) != int(new[level]) - 2:
                ages[level] = int(new[level]) - 2
        if ages != current("max_age"):
            derived["max_age"] = ages
    return derived


def bup_disagreement(max_age: dict[str, Any], bup: dict[str, Any]) -> list[str]:
    """A ``max_age`` for Administrator or Pengawas other than ``bup`` − 2 is refused: it is
    derived from the BUP (change ``bup`` instead)."""
    problems = []
    for level in BUP_LINKED_LEVELS:
        if level in max_age and level in bup and int(max_age[level]) != int(bup[level]) - 2:
            problems.append(
                f"max_age.{level}: {max_age[level]} disagrees with bup.{level} {bup[level]}; the age limit of "
                f"{Level(level).label} is one year before BUP, i.e. {int(bup[level]) - 2} — change bup.{level} "
                "to move it"
            )
    return problems
