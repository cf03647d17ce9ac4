"""Size limits on what a person may write into the workflow, checked before any transaction.

The audit log is append-only and kept for years: nothing may be pruned from it, so a free-text
argument (a reason, a comment, a note, a decree or letter number, a name) is capped — by the
width of the column it is stored in, where there is one (``LIMITS``) — and so is the length of a
list of NIPs; a NUL character (which PostgreSQL cannot store) is refused. Refused attempts are
logged with their arguments, so the cap also bounds what a refusal can add to the log. A refusal
is logged at most ``REFUSALS_PER_MINUTE`` times per person per minute (per process and database):
past that the action is still refused, only not written again — repeated refusals say nothing
new, and an attacker cannot grow the log at will.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Mapping
from typing import Any

from domain.errors import Problem, invalid_input
from domain.models import Approval, Ceremony, Evaluation, Nomination

MAX_TEXT = 2000  # characters of any other free-text argument
MAX_ITEMS = 500  # entries of one list argument (NIPs of a shortlist, witnesses)
REFUSALS_PER_MINUTE = 30


def _width(column: object) -> int:
    return int(column.type.length)  # type: ignore[attr-defined]


# Arguments stored in a column are limited by that column (one table, read from the models, so a
# longer value is refused here instead of being cut by SQLite or refused by PostgreSQL unmasked).
LIMITS: dict[str, int] = {
    "reason": _width(Nomination.__table__.c.closing_reason),  # type: ignore[attr-defined]
    "comment": _width(Approval.__table__.c.comment),  # type: ignore[attr-defined]
    "letter_number": _width(Approval.__table__.c.letter_number),  # type: ignore[attr-defined]
    "note": _width(Evaluation.__table__.c.note),  # type: ignore[attr-defined]
    "decree_number": _width(Nomination.__table__.c.decree_number),  # type: ignore[attr-defined]
    "place": _width(Ceremony.__table__.c.place),  # type: ignore[attr-defined]
    "officiant": _width(Ceremony.__table__.c.officiant),  # type: ignore[attr-defined]
    "position_code": _width(Nomination.__table__.c.position_code),  # type: ignore[attr-defined]
    "nip": 40,  # a NIP has 18 digits; room for spaces and dots as people type them
    "clergy_name": 200,
}
ENTRY_LIMITS = {"nips": 40, "witness_nips": 40, "pledge_nips": 40}

__all__ = ["MAX_ITEMS", "MAX_TEXT", "REFUSALS_PER_MINUTE", "check_sizes", "refusal_may_be_logged"]


def check_sizes(arguments: Mapping[str, Any]) -> None:
    """``InvalidInput`` naming every argument over its limit (nothing is written)."""
    problems = []
    for name, value in arguments.items():
        label = name.replace("_", " ")
        if isinstance(value, str):
            limit = LIMITS.get(name, MAX_TEXT)
            if len(value) > limit:
                problems.append(
                    Problem(
                        f"{label} has {len(value)} characters; at most {limit} are kept — shorten it",
                        key="input.text_too_long",
                        params={"argument": label, "length": len(value), "max": limit},
                    )
                )
            if "\x00" in value:
                problems.append(
                    Problem(
                        f"{label} contains a NUL character; remove it", key="input.text_nul", params={"argument": label}
                    )
                )
        elif isinstance(value, list | tuple | set | frozenset):
            if len(value) > MAX_ITEMS:
                problems.append(
                    Problem(
                        f"{label} has {len(value)} entries; at most {MAX_ITEMS} — split the request",
                        key="input.too_many_entries",
                        params={"argument": label, "count": len(value), "max": MAX_ITEMS},
                    )
                )
            limit = ENTRY_LIMITS.get(name, MAX_TEXT)
            long = [v for v in value if isinstance(v, str) and len(v) > limit]
            if long:
                problems.append(
                    Problem(
                        f"{label} has an entry of {len(long[0])} characters; at most {limit}",
                        key="input.entry_too_long",
                        params={"argument": label, "length": len(long[0]), "max": limit},
                    )
                )
            if any(isinstance(v, str) and "\x00" in v for v in value):
                problems.append(
                    Problem(
                        f"{label} has an entry with a NUL character; remove it",
                        key="input.entry_nul",
                        params={"argument": label},
                    )
                )
        elif isinstance(value, Mapping):
            check_sizes({f"{name} {key}": v for key, v in value.items()})
    if problems:
        raise invalid_input(problems)


# Per database (its session factory, held weakly: a test's database goes with its factory), per person.
_recent: weakref.WeakKeyDictionary[Any, dict[int, deque[float]]] = weakref.WeakKeyDictionary()


def refusal_may_be_logged(database: Any, user_id: int, now: float | None = None) -> bool:
    """Whether one more refusal of ``user_id`` may be written to ``database``'s audit log this minute."""
    moment = time.monotonic() if now is None else now
    window = _recent.setdefault(database, {}).setdefault(user_id, deque())
    while window and window[0] <= moment - 60:
        window.popleft()
    if len(window) >= REFUSALS_PER_MINUTE:
        return False
    window.append(moment)
    return True
