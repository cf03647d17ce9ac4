"""Row buffers: what the generators fill and the seed writes, one list of dicts per table."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Rows:
    """Row buffers per table, filled by :class:`ProfileFactory` and emptied by the writer."""

    employee: list[dict] = field(default_factory=list)
    job_history: list[dict] = field(default_factory=list)
    rank_history: list[dict] = field(default_factory=list)
    education_history: list[dict] = field(default_factory=list)
    training: list[dict] = field(default_factory=list)
    skp: list[dict] = field(default_factory=list)
    competency_assessment: list[dict] = field(default_factory=list)
    competency_score: list[dict] = field(default_factory=list)
    discipline: list[dict] = field(default_factory=list)
