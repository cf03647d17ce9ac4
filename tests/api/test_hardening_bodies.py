"""Malformed GraphQL request bodies answer 400 with a JSON error, never 500 (issue 9, item 9)."""

from __future__ import annotations

import httpx
import pytest

NESTED = b"[" * 100_000 + b"]" * 100_000

MALFORMED = {
    "json null": (b"null", "application/json"),
    "json string": (b'"abc"', "application/json"),
    "json number": (b"5", "application/json"),
    "invalid utf-8": (b'{"query": "{ __typename }", "operationName": "\xff\xfe"}', "application/json"),
    "latin-1 charset": (
        '{"query": "{ __typename }", "variables": {"name": "Andr\u00e9"}}'.encode("latin-1"),
        "application/json; charset=latin-1",
    ),
    "100 000 nested [ in variables": (
        b'{"query": "{ __typename }", "variables": {"v": ' + NESTED + b"}}",
        "application/json",
    ),
    "5000-digit number in variables": (
        b'{"query": "query($n: Int) { __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}",
        "application/json",
    ),
    "truncated json": (b'{"query": ', "application/json"),
    "variables not an object": (b'{"query": "{ __typename }", "variables": "x"}', "application/json"),
}


@pytest.mark.parametrize("body, content_type", MALFORMED.values(), ids=MALFORMED.keys())
async def test_malformed_body_gets_400_with_json_error(
    client: httpx.AsyncClient, body: bytes, content_type: str
) -> None:
    response = await client.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["message"]


async def test_nested_variables_in_a_get_query_get_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }", "variables": "[" * 5000})
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["errors"][0]["message"]


async def test_well_formed_utf8_body_still_served(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content='{"query": "{ __typename }", "variables": {"name": "Andr\u00e9"}}'.encode(),
        headers={"content-type": "application/json; charset=UTF-8"},
    )
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}
