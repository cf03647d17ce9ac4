"""Size limits on what a person may write into the workflow, checked before any transaction.

The audit log is append-only and kept for years: nothing may be pruned from it, so a free-text
argument (a reason, a comment, a note, a decree or letter number, a name) is capped, and so is
the length of a list of NIPs. Refused attempts are logged with their arguments, so the cap also
bounds what a refusal can add to the log. A refusal is logged at most ``REFUSALS_PER_MINUTE``
times per person per minute (per process): past that the action is still refused, only not
written again — repeated refusals say nothing new, and an attacker cannot grow the log at will.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidInput

MAX_TEXT = 2000  # characters of one free-text argument
MAX_ITEMS = 500  # entries of one list argument (NIPs of a shortlist, witnesses)
REFUSALS_PER_MINUTE = 30

__all__ = ["MAX_ITEMS", "MAX_TEXT", "REFUSALS_PER_MINUTE", "check_sizes", "refusal_may_be_logged"]


def check_sizes(arguments: Mapping[str, Any]) -> None:
    """``InvalidInput`` naming every argument over its limit (nothing is written)."""
    problems = []
    for name, value in arguments.items():
        label = name.replace("_", " ")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            problems.append(f"{label} has {len(value)} characters; at most {MAX_TEXT} are kept — shorten it")
        elif isinstance(value, list | tuple | set | frozenset):
            if len(value) > MAX_ITEMS:
                problems.append(f"{label} has {len(value)} entries; at most {MAX_ITEMS} — split the request")
            long = [v for v in value if isinstance(v, str) and len(v) > MAX_TEXT]
            if long:
                problems.append(f"{label} has an entry of {len(long[0])} characters; at most {MAX_TEXT}")
        elif isinstance(value, Mapping):
            check_sizes({f"{name} {key}": v for key, v in value.items()})
    if problems:
        raise InvalidInput("; ".join(problems))


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
