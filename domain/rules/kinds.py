"""The kind rules of a nomination: a promotion goes to a higher level than the person holds, a
rotation stays at the same level (a transfer has no level rule beyond eligibility).

This module is the one owner of those rules (issue 14, item 4). The workflow's definitions say
*which* apply to a nomination (``rules`` in a definition's body: ``promotion_requires_higher_level``,
``rotation_requires_same_level``); the workflow's select-nominee guard, the ranking of candidates
(``ranking.rank_candidates(kind_rules=…)``) and its SQL twin (``candidate_sql``) all apply them
through here, so a ranked list never offers someone the panel chair cannot select.

The level held is ``held.level_held`` on the eve of the appointment date, as the current-level
rule reads it (Pelaksana when no post is held).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.reference import Level
from domain.rules.facts import PersonFacts, PostFacts
from domain.rules.held import eve_of, level_held
from domain.rules.reasons import REASONS
from domain.rules.verdict import Check, Severity

__all__ = ["KIND_REASONS", "NominationKind", "allowed_held_levels", "default_kind_rules", "kind_checks"]


class NominationKind(StrEnum):
    PROMOTION = "promotion"  # to a higher level than the nominee holds
    ROTATION = "rotation"  # same level; a JPT holder needs 2 years in the current post (talent rule)
    TRANSFER = "transfer"  # from another agency or line; no level rule beyond eligibility


@dataclass(frozen=True)
class _KindRule:
    setting: str  # the key in a workflow definition's ``rules``
    rule: str  # the check's rule name
    holds: Callable[[int, int], bool]  # (order held, order of the target) → passes
    keys: tuple[str, str]  # message keys when it passes / fails
    details: tuple[str, str]  # their English texts


KIND_RULES = (
    _KindRule(
        "promotion_requires_higher_level",
        "promotion_to_higher_level",
        lambda held, target: target > held,
        ("kind.promotion", "kind.not_promotion"),
        ("{held} → {target} is a promotion", "holds a {held} post; a promotion to {target} needs a lower level now"),
    ),
    _KindRule(
        "rotation_requires_same_level",
        "rotation_same_level",
        lambda held, target: target == held,
        ("kind.rotation", "kind.not_rotation"),
        ("{held} to {target} is a rotation at the same level", "holds a {held} post; a rotation stays at {target}"),
    ),
)
KIND_REASONS: dict[str, tuple[str, ...]] = {k: v for k, v in REASONS.items() if k.startswith("kind.")}


def default_kind_rules(kind: NominationKind) -> dict[str, bool]:
    """The kind rules of a nomination kind as the default workflow definitions state them."""
    return {
        "rotation_requires_same_level": kind is NominationKind.ROTATION,
        "promotion_requires_higher_level": kind is NominationKind.PROMOTION,
    }


def kind_checks(person: PersonFacts, post: PostFacts, as_of: date, rules: Mapping[str, bool]) -> list[Check]:
    """The kind rules switched on in ``rules`` for ``person`` and ``post`` on ``as_of``."""
    held = level_held(person, eve_of(as_of))
    target = Level(post.level)
    params = {"held": held.label, "target": target.label}
    checks = []
    for kind_rule in KIND_RULES:
        if not rules.get(kind_rule.setting):
            continue
        ok = kind_rule.holds(held.order, target.order)
        key, detail = (kind_rule.keys[0], kind_rule.details[0]) if ok else (kind_rule.keys[1], kind_rule.details[1])
        source = f"definition: {kind_rule.setting}"
        checks.append(Check(kind_rule.rule, ok, Severity.BAR, detail.format(**params), source, key, dict(params)))
    return checks


def allowed_held_levels(target: str, rules: Mapping[str, bool]) -> set[int] | None:
    """The orders of the level held (``held.level_held``) that ``rules`` accept for ``target``, for
    the SQL twin; None when no kind rule applies."""
    orders = {lv.order for lv in Level}
    active = [r for r in KIND_RULES if rules.get(r.setting)]
    if not active:
        return None
    goal = Level(target).order
    return {o for o in orders if all(r.holds(o, goal) for r in active)}
