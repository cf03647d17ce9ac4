"""Message keys of the eligibility checks' reasons, with the parameters each one names.

A :class:`~domain.rules.verdict.Check` carries its English ``detail`` and, beside it, a ``key``
from :data:`REASONS` with ``params``: a page words the reason in its reader's language from the
key (``frontend/i18n``: ``reason.<key>``), filling in the params. Every key has an Indonesian and
an English text (``tests/e2e/test_reason_keys.py``), and every check a rule builds uses a key of
this table with exactly its parameters (``tests/domain/test_reason_keys.py``).

Parameter values are JSON-friendly: numbers, text, and dates as ISO text (``2026-01-26``), which
the page formats as dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import ERROR_REASONS

__all__ = ["NOT_MAPPED_REASONS", "REASONS", "SCORE_REASONS", "message_keys", "reason_params"]

REASONS: dict[str, tuple[str, ...]] = {
    "education.none": ("as_of", "min"),
    "education.unknown": ("education", "min"),
    "education.held": ("education", "since", "min"),
    "experience.at_level": ("days", "levels", "needed", "years"),
    "experience.total": ("days", "needed", "years"),
    "rank.none": ("as_of", "first", "min", "eselon"),
    "rank.held": ("golongan", "since", "min", "eselon"),
    "skp.years": ("years", "min", "needed_years"),
    "competency.none": ("level", "as_of", "min"),
    "competency.jpm": ("jpm", "level", "assessed_on", "min"),
    "competency_standard.below": ("assessed_on", "standard", "level", "level_standard"),
    "discipline.clear": ("severities", "as_of", "cutoff"),
    "discipline.clear_later": ("severities", "as_of", "cutoff", "severity", "decree_date"),
    "discipline.bars": ("severity", "decree_date", "end_date", "cutoff", "months", "as_of"),
    "discipline.bars_open": ("severity", "decree_date", "cutoff", "months", "as_of"),
    "age.limit": ("age", "as_of", "birth_date", "limit", "turning", "max_age"),
    "age.reached": ("age", "as_of", "birth_date", "limit", "turning", "max_age"),
    "age.limit_bup": ("age", "as_of", "birth_date", "limit", "turning", "max_age", "bup"),
    "age.reached_bup": ("age", "as_of", "birth_date", "limit", "turning", "max_age", "bup"),
    "rotation_lock.not_held": ("level", "held_on"),
    "rotation_lock.no_history": ("post", "needed", "years"),
    "rotation_lock.days": ("days", "level", "since", "needed", "years"),
    "current_level.demotion": ("held", "held_on", "target"),
    "current_level.ok": ("held", "held_on", "target"),
    "kind.promotion": ("held", "target"),  # the kind rules (kinds.py), switched on per workflow definition
    "kind.not_promotion": ("held", "target"),
    "kind.rotation": ("held", "target"),
    "kind.not_rotation": ("held", "target"),
    "incumbent.holds": ("post", "held_on"),
    "incumbent.free": ("post", "held_on"),
    "training.done": ("training", "completed_on"),
    "training.done_undated": ("training",),
    "training.missing": ("training",),
    "health.unknown": (),
    "health.fit": (),
    "health.unfit": (),
}


# The details of a candidate's score parts (scoring.score_parts).
SCORE_REASONS: dict[str, tuple[str, ...]] = {
    "score.jpm": ("jpm",),
    "score.no_jpm": (),
    "score.box": ("box",),
    "score.not_mapped": (),
    "score.skp": ("mean",),
    "score.no_skp": (),
    "score.years_at_level": ("days", "full_years"),
}

# Why someone is not placed on the nine-box (ninebox.not_mapped_reason).
NOT_MAPPED_REASONS: dict[str, tuple[str, ...]] = {
    "ninebox.no_skp": ("year",),
    "ninebox.no_assessment": ("as_of",),
    "ninebox.no_skp_no_assessment": ("year", "as_of"),
}


def message_keys() -> dict[str, tuple[str, ...]]:
    """Every message key the server sends with params: the checks', the score parts', the nine-box's
    and the errors' (``domain.errors.ERROR_REASONS``). Each has a text in ``reasons-id.js`` and
    ``reasons-en.js`` (``reason.<key>``)."""
    return {**REASONS, **SCORE_REASONS, **NOT_MAPPED_REASONS, **ERROR_REASONS}


def reason_params(**values: Any) -> dict[str, Any]:
    """``values`` as a check's params: dates as ISO text, the rest as they are (numbers, text)."""
    return {name: v.isoformat() if isinstance(v, date) else v for name, v in values.items()}
