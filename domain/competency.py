"""Competency (PermenPANRB 38/2017): JPM, the job-person match of one assessment."""

from __future__ import annotations

from collections.abc import Iterable


def compute_jpm(scores: Iterable[tuple[int, int]]) -> float:
    """JPM in percent = Σ level held ÷ Σ standard level × 100, from (level, standard) pairs,
    rounded to two decimals so the stored value and every recomputation agree."""
    pairs = list(scores)
    total_standard = sum(standard for _, standard in pairs)
    if total_standard <= 0:
        raise ValueError("an assessment needs at least one competency with a standard level of 1-5")
    return round(sum(level for level, _ in pairs) / total_standard * 100, 2)


def jpm_category(jpm: float, categories: dict[str, float]) -> str:
    """Memenuhi / Masih Memenuhi / Kurang Memenuhi Syarat, by the thresholds of the rulebook."""
    if jpm >= categories["memenuhi"]:
        return "Memenuhi Syarat"
    if jpm >= categories["masih_memenuhi"]:
        return "Masih Memenuhi Syarat"
    return "Kurang Memenuhi Syarat"
