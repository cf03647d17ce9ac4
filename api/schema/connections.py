"""Relay connections with keyset cursors: stable ordering, and a page never skips or repeats a row
when rows are added before it (an offset cursor would)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
import strawberry
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import read_session
from domain.errors import InvalidInput

T = TypeVar("T")
DEFAULT_PAGE = 20
MAX_PAGE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 1 or first > MAX_PAGE:
        raise InvalidInput(
            f"first={first}: ask for 1 to {MAX_PAGE} items per page and follow pageInfo.endCursor",
            key="input.page_size",
            params={"argument": "first", "value": first, "max": MAX_PAGE},
        )
    return first


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), default=str).encode()).decode()


# A cursor this server gives out is far shorter; anything longer is not one of ours.
MAX_CURSOR = 1000
_INT_BITS = {sa.SmallInteger: 16, sa.BigInteger: 64, sa.Integer: 32}


def _bad_cursor(cursor: str) -> InvalidInput:
    return InvalidInput(
        f'cursor "{cursor[:40]}" is not one this server gave out; pass an edge\'s cursor',
        key="input.cursor",
        params={"cursor": cursor[:40]},
    )


def _fits(value: Any, kind: Any) -> bool:
    """Whether a decoded cursor value is of the kind of its column: an integer within the
    column's width (a wider one overflows the database, not the page), or text."""
    if isinstance(kind, int):
        return type(value) is int and -(2 ** (kind - 1)) <= value < 2 ** (kind - 1)
    return isinstance(value, str) and len(value) <= MAX_CURSOR


def _kind(column: Any) -> Any:
    """An integer column's width in bits, else ``str`` (the cursor holds other values as text)."""
    for type_, bits in _INT_BITS.items():
        if isinstance(column.type, type_):
            return bits
    return str


def decode_cursor(cursor: str, kinds: Sequence[Any]) -> list[Any]:
    """The values of a cursor this server gave out, one per entry of ``kinds`` (an integer
    width in bits, or ``str``); anything else — not base64, not JSON, another width, a value of
    the wrong type or out of range — is ``InvalidInput``, never a database error."""
    values = None
    if len(cursor) <= MAX_CURSOR:
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        except (ValueError, TypeError, RecursionError):
            values = None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise _bad_cursor(cursor)
    if not all(_fits(value, kind) for value, kind in zip(values, kinds, strict=True)):
        raise _bad_cursor(cursor)
    return values


def after_clause(columns: Sequence[Any], after: str | None, descending: bool = False) -> Any | None:
    """WHERE (c1, c2, …) > cursor values — the rows after the cursor in the ORDER BY of ``columns``."""
    if after is None:
        return None
    values = decode_cursor(after, [_kind(column) for column in columns])
    left = sa.tuple_(*columns)
    right = sa.tuple_(*[sa.literal(v, type_=column.type) for v, column in zip(values, columns, strict=True)])
    return left < right if descending else left > right


async def fetch_page(
    sessions: async_sessionmaker[AsyncSession],
    query: sa.Select,  # type: ignore[type-arg]
    order: Sequence[Any],
    first: int | None,
    after: str | None,
    descending: bool = False,
) -> tuple[Sequence[Any], int, int]:
    """One page of ``query`` in ``order`` after the cursor: the rows (one extra, see
    ``build_connection``), the page size and the total count of the unpaged query."""
    size = page_size(first)
    async with read_session(sessions) as session:
        total = (await session.exec(select(func.count()).select_from(query.subquery()))).one()  # type: ignore[call-overload]
        cursor = after_clause(order, after, descending=descending)
        if cursor is not None:
            query = query.where(cursor)
        ordering = [column.desc() for column in order] if descending else list(order)
        rows = (await session.exec(query.order_by(*ordering).limit(size + 1))).all()  # type: ignore[call-overload]
    return rows, size, total


def build_connection(
    rows: Sequence[Any],
    first: int,
    total: int,
    key: Callable[[Any], Sequence[Any]],
    node: Callable[[Any], T],
    after: str | None,
) -> Connection[T]:
    """``rows`` were fetched with LIMIT first+1: the extra row only says whether a next page exists."""
    page = list(rows[:first])
    edges = [Edge(node=node(row), cursor=encode_cursor(key(row))) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
