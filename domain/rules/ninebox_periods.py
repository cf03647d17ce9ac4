"""Nine-box bands per mapping period (domain.md: "Bands (config, per mapping period)").

The ``ninebox`` setting holds the bands in force from ``valid_from`` and, in ``earlier``, the bands
of the periods before, each with its own ``valid_from``. A grid, a placement or a ranking on day D
uses the bands of the period D falls in, so a 2025 grid keeps 2025's bands after 2026's are set.
An admin never edits ``earlier``: a change with a later ``valid_from`` (default: today) closes the
current period into it; a change with the same ``valid_from`` corrects the current period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["FIRST_PERIOD", "bands_on", "next_period"]

FIRST_PERIOD = "2000-01-01"  # the defaults are in force from before any data meritflow holds


def _periods(value: dict[str, Any]) -> list[dict[str, Any]]:
    current = {
        "valid_from": value.get("valid_from", FIRST_PERIOD),
        "performance": value["performance"],
        "potential": value["potential"],
    }
    return sorted([*value.get("earlier", []), current], key=lambda p: p["valid_from"])


def bands_on(value: dict[str, Any], day: date) -> dict[str, Any]:
    """The bands (``performance``, ``potential``, ``valid_from``) in force on ``day``: the latest
    period starting on or before it (the first period for a day before them all)."""
    periods = _periods(value)
    chosen = periods[0]
    for period in periods:
        if period["valid_from"] <= day.isoformat():
            chosen = period
    return chosen


def next_period(old: dict[str, Any], given: dict[str, Any], today: date) -> dict[str, Any]:
    """The stored ``ninebox`` value after an admin gives ``given`` (``performance``, ``potential``
    and optionally ``valid_from``; ``earlier`` only unchanged). Raises ValueError saying why not."""
    old_from = old.get("valid_from", FIRST_PERIOD)
    earlier = [dict(p) for p in old.get("earlier", [])]
    if "earlier" in given and given["earlier"] != earlier:
        raise ValueError(
            "ninebox.earlier: the bands of past periods are kept by meritflow and cannot be edited; "
            "give performance, potential and valid_from only"
        )
    new_from = given.get("valid_from") or today.isoformat()
    if not isinstance(new_from, str):
        raise ValueError(f"ninebox.valid_from: {new_from!r} is not a date; write YYYY-MM-DD")
    try:
        date.fromisoformat(new_from)
    except ValueError:
        raise ValueError(f"ninebox.valid_from: {new_from!r} is not a date; write YYYY-MM-DD") from None
    if new_from < old_from:
        raise ValueError(
            f"ninebox.valid_from: {new_from} is before {old_from}, when the current bands began; a new mapping "
            f"period starts on or after {old_from}"
        )
    if new_from > old_from:
        earlier.append({"valid_from": old_from, "performance": old["performance"], "potential": old["potential"]})
    return {
        "performance": given["performance"],
        "potential": given["potential"],
        "valid_from": new_from,
        "earlier": earlier,
    }
