"""One clock: what day and time it is *in the province*, whatever zone the server runs in.

Every default date, deadline and "in force today" is decided by the province's calendar day. On a
server in UTC, ``date.today()`` is still yesterday in Banten until 07:00 WIB, so a deadline due
"today" would not be overdue yet and a delegation starting today would not be in force yet.

The province's zone is the environment variable ``MERITFLOW_TIMEZONE``: an IANA name such as
``Asia/Makassar``, or one of Indonesia's three zone abbreviations (``WIB`` = Asia/Jakarta,
``WITA`` = Asia/Makassar, ``WIT`` = Asia/Jayapura). Unset, it is ``Asia/Jakarta`` (WIB). It is one
value for the whole process — the CLI, the server and the workflow read the same clock — so it is
an environment setting, not a rule setting in the database. The zone data comes from the system
(/usr/share/zoneinfo) or, where that is missing, the ``tzdata`` package.

Instants that are *stored* (audit events, ``created_at``) stay in UTC; this module is for deciding
which calendar day an instant falls on. ``today(at)`` and ``now(at)`` take an instant so tests can
ask "what day is it in the province at 2026-11-30 23:30 UTC?".
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULT_ZONE", "ZONE_ENV", "ZONE_ALIASES", "now", "today", "zone", "zone_name"]

ZONE_ENV = "MERITFLOW_TIMEZONE"
DEFAULT_ZONE = "Asia/Jakarta"
# Waktu Indonesia Barat / Tengah / Timur.
ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def zone_name() -> str:
    """The IANA name of the province's zone, from ``MERITFLOW_TIMEZONE`` (default Asia/Jakarta)."""
    raw = os.environ.get(ZONE_ENV, "").strip()
    if not raw:
        return DEFAULT_ZONE
    return ZONE_ALIASES.get(raw.upper(), raw)


def zone() -> ZoneInfo:
    """The province's zone; ValueError naming the variable when it is not a known zone."""
    return _load(zone_name())


@lru_cache(maxsize=8)
def _load(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"{ZONE_ENV}={name!r} is not a time zone; give an IANA name such as Asia/Jakarta, "
            f"Asia/Makassar or Asia/Jayapura, or one of {', '.join(ZONE_ALIASES)}"
        ) from exc


def now(at: datetime | None = None) -> datetime:
    """The province's wall-clock time (aware) at the instant ``at`` (default: now).

    ``at`` must carry its zone: a naive datetime names no instant, so it is refused."""
    if at is None:
        at = datetime.now(UTC)
    elif at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at.isoformat()} has no time zone; pass an aware datetime (e.g. tzinfo=UTC)")
    return at.astimezone(zone())


def today(at: datetime | None = None) -> date:
    """The province's calendar day at the instant ``at`` (default: now)."""
    return now(at).date()
