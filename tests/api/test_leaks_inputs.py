"""Out-of-range dates and crafted cursors are bad input, answered with a message a person can act
on — never the masked "Unexpected error" (issue 9, item 11)."""

from __future__ import annotations

import base64
import json

import pytest

from testkit.province import HEAD_CANDIDATE

MASKED = "Unexpected error; it has been logged."


def crafted(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _message(body: dict) -> str:  # type: ignore[type-arg]
    assert body.get("errors"), body
    message = body["errors"][0]["message"]
    assert message != MASKED, body
    return message


AS_OF_QUERIES = [
    f'{{ eligibility(nip: "{HEAD_CANDIDATE}", positionCode: "KADINKES", asOf: $d) {{ eligible }} }}',
    '{ candidates(positionCode: "KADINKES", asOf: $d) { totalCount } }',
    '{ nineBox(unitCode: "DINKES", asOf: $d) { unitCode } }',
]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1000-06-30"])
@pytest.mark.parametrize("query", AS_OF_QUERIES, ids=["eligibility", "candidates", "nineBox"])
async def test_an_out_of_range_as_of_is_invalid_input(as_user, query: str, day: str) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("panel")
    body = await api("query($d: Date) " + query, {"d": day})
    assert "asOf" in _message(body) and day in _message(body)


# Values of the wrong type or out of range for any key column; text for an integer key too.
WRONG = [10**30, -(10**30), 2**31, {"a": 1}, [1, 2], 1.5e308, True, None, "x" * 2000]
LISTS = [  # name, the key's kinds, the query
    ("employees", (str, str), "{ employees(first: 2, after: $a) { totalCount } }"),
    ("positions", (str,), "{ positions(first: 2, after: $a) { totalCount } }"),
    ("nominations", (int,), "{ nominations(first: 2, after: $a) { totalCount } }"),
    ("ceremonies", (int,), "{ ceremonies(first: 2, after: $a) { totalCount } }"),
    ("auditEvents", (int,), "{ auditEvents(first: 2, after: $a) { totalCount } }"),
    ("candidates", (int,), '{ candidates(positionCode: "KADINKES", first: 2, after: $a) { totalCount } }'),
]


@pytest.mark.parametrize(("name", "kinds", "query"), LISTS, ids=[n for n, _, _ in LISTS])
async def test_a_crafted_cursor_is_invalid_input(as_user, name: str, kinds: tuple[type, ...], query: str) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("auditor")
    wrong = WRONG + (["abc", "12"] if int in kinds else [])
    good = {str: "a", int: 1}
    for value in wrong:
        for i in range(len(kinds)):  # each position of the key in turn
            values = [good[kind] for kind in kinds]
            values[i] = value
            body = await api("query($a: String) " + query, {"a": crafted(values)})
            assert "cursor" in _message(body), (name, values)
    for garbage in ("%%%", "bm90IGpzb24", crafted({"a": 1}), crafted([1] * (len(kinds) + 1)), "A" * 5000):
        body = await api("query($a: String) " + query, {"a": garbage})
        assert "cursor" in _message(body), (name, garbage)
    body = await api("query($a: String) " + query, {"a": crafted([good[kind] for kind in kinds])})
    assert not body.get("errors"), body  # a well-formed key is a cursor like any other


async def test_a_nul_anywhere_in_a_request_is_a_400(as_user) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL cannot store or compare NUL: in a variable or written as the GraphQL escape it was a
    masked server error deep in a query (issue 13 items 3-4); now the request is refused at the edge."""
    api = await as_user("admin")
    for query, variables in (
        ('{ units(parentCode: "~-\\u0000") { code } }', {}),
        ("query($s: String) { employees(search: $s) { totalCount } }", {"s": "a\u0000"}),
    ):
        response = await api.raw(query, variables)
        assert response.status_code == 400 and "NUL" in response.json()["errors"][0]["message"], response.text


async def test_an_overlong_search_is_invalid_input(as_user) -> None:  # type: ignore[no-untyped-def]
    api = await as_user("admin")
    for field in ("employees", "auditEvents"):
        body = await api(f"query($s: String) {{ {field}(search: $s) {{ totalCount }} }}", {"s": "%_" * 100_000})
        assert body["data"] is None or body["data"][field] is None
        assert "at most" in body["errors"][0]["message"], body
