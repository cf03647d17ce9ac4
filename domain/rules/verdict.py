"""What a talent rule answers: a verdict and, for each rule, whether it passed and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BAR = "bar"  # failing it makes the person ineligible
    WARNING = "warning"  # worth knowing, does not bar (e.g. leadership training may follow appointment)


@dataclass(frozen=True)
class Check:
    """One rule applied to one person: ``detail`` is the human reason, e.g.
    "729 days as administrator; 730 needed (2 years)"; ``source`` names the regulation/setting.
    ``key`` and ``params`` say the same for a page that words it in its reader's language: a key
    of ``domain.rules.reasons.REASONS`` and the values it names (``{"days": 729, "needed": 730, …}``);
    no key when the reason has none yet (the page shows ``detail`` then)."""

    rule: str
    passed: bool
    severity: Severity
    detail: str
    source: str = ""
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Eligibility:
    nip: str
    position_code: str
    as_of: date
    checks: list[Check] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(c.passed for c in self.checks if c.severity is Severity.BAR)

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if not c.passed and c.severity is Severity.BAR]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.passed and c.severity is Severity.WARNING]
