"""The arguments every server-side list shares: checked text (a search, a code), a sort key from a
fixed table, a unit subtree, a date range in the province's zone. Each bad value is
``InvalidInput`` naming the argument and saying what to send instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, func

from domain import models
from domain.access import unit_subtree
from domain.clock import zone
from domain.errors import InvalidInput

__all__ = [
    "MAX_CODE",
    "MAX_SEARCH",
    "Sort",
    "at_range",
    "checked_text",
    "resolve_sort",
    "search_term",
    "unit_codes",
    "units_named",
]

MAX_SEARCH = 200  # characters of a search term: a name, a NIP, an action; longer is no search (SQLite's LIKE
# refuses very long patterns with a masked error)
MAX_CODE = 100  # a unit or post code is at most 60 characters in the database


def checked_text(value: str | None, argument: str, limit: int = MAX_CODE) -> str | None:
    """A text argument with its surrounding blanks removed, None when empty; ``InvalidInput`` naming
    ``argument`` when it carries a NUL (no column stores one) or is longer than ``limit``."""
    if value is None:
        return None
    if "\x00" in value:
        raise InvalidInput(
            f"{argument} holds a NUL character (\\u0000); remove it",
            key="input.text_nul",
            params={"argument": argument},
        )
    if len(value) > limit:
        raise InvalidInput(
            f"{argument} has {len(value)} characters; at most {limit} — send less",
            key="input.text_too_long",
            params={"argument": argument, "length": len(value), "max": limit},
        )
    return value.strip() or None


def search_term(search: str | None, argument: str = "search") -> str | None:
    """A list's ``search`` argument, trimmed and lower-cased; ``InvalidInput`` when too long or with a NUL."""
    term = checked_text(search, argument, MAX_SEARCH)
    return term.lower() if term else None


@dataclass(frozen=True)
class Sort:
    """A list's order: the columns of the ORDER BY (the last one unique, so the keyset cursor is
    exact), the direction, and the names of the row's attributes the cursor holds."""

    columns: Sequence[Any]
    descending: bool
    attributes: Sequence[str]

    def key(self, row: Any) -> tuple[Any, ...]:
        return tuple(getattr(row, name) for name in self.attributes)


def resolve_sort(sort: str | None, table: Mapping[str, tuple[Sequence[Any], Sequence[str]]], default: str) -> Sort:
    """``sort`` is a key of ``table``, ascending, or with a leading ``-`` for descending."""
    chosen = checked_text(sort, "sort", 40) or default
    descending = chosen.startswith("-")
    name = chosen.removeprefix("-")
    if name not in table:
        keys = ", ".join(sorted(table))
        raise InvalidInput(
            f'sort "{chosen[:40]}" is not a sort key here; use one of {keys} (prefix "-" for descending)',
            key="input.sort",
            params={"sort": chosen[:40], "keys": keys},
        )
    columns, attributes = table[name]
    return Sort(columns, descending, attributes)


def units_named(term: str) -> sa.Select:  # type: ignore[type-arg]
    """The codes of every unit whose name contains ``term`` and of every unit below one of them: a
    search for "Kesehatan" finds the posts of the Dinas Kesehatan's sekretariat and subbagian too."""
    tree = (
        sa.select(col(models.Unit.code))
        .where(func.lower(models.Unit.name).contains(term, autoescape=True))
        .cte("named_units", recursive=True)
    )
    child = aliased(models.Unit)
    tree = tree.union_all(sa.select(child.code).where(child.parent_code == tree.c.code))
    return sa.select(tree.c.code)


def unit_codes(unit_code: str, subunits: bool) -> Any:
    """What ``unitCode`` selects: that unit, or with ``subunits`` the unit and every unit below it."""
    if not subunits:
        return [unit_code]
    tree = unit_subtree(unit_code)
    return sa.select(tree.c.code)


def at_range(column: Any, date_from: date | None, date_to: date | None) -> list[sa.ColumnElement[bool]]:
    """``column`` (a UTC timestamp) within the days ``date_from`` to ``date_to`` inclusive, as days
    of the province's zone (an official at 23:30 WIB acted on that day, not the next one in UTC)."""
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            f"dateFrom {date_from} is after dateTo {date_to}; swap them",
            key="input.date_order",
            params={"date_from": date_from, "date_to": date_to},
        )
    conditions = []
    if date_from is not None:
        conditions.append(column >= _start_of(date_from))
    if date_to is not None:
        conditions.append(column < _start_of(date_to, next_day=True))
    return conditions


def _start_of(day: date, next_day: bool = False) -> datetime:
    if next_day:
        if day == date.max:
            return datetime.max.replace(tzinfo=UTC)
        day = date.fromordinal(day.toordinal() + 1)
    if day.year < 2:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC)
