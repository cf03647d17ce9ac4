"""No "Did you mean …" in errors outside dev mode (issue 9, item 11): with introspection off, the
hints would still map the schema to anyone guessing names."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.schema.suggestions import without_suggestion
from api.settings import Settings

GUESSES = {
    "field": ("{ me { usernam } }", {}),
    "argument": ("{ nominations(stat: DRAFT) { totalCount } }", {}),
    "type name": ("query($s: NominationStat) { nominations(state: $s) { totalCount } }", {}),
    "input field": (
        'mutation($c: [ClergyInput!]) { createCeremony(date: "2030-01-01", place: "x", officiant: "y", '
        "clergy: $c) { __typename } }",
        {"c": [{"religio": "Islam", "name": "z"}]},
    ),
    "sub-selection": ("{ me }", {}),
}


async def _errors(client: httpx.AsyncClient, query: str, variables: dict) -> list[str]:  # type: ignore[type-arg]
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code in (200, 400), response.text
    errors = response.json()["errors"]
    assert errors
    return [error["message"] for error in errors]


@pytest.mark.parametrize("query, variables", GUESSES.values(), ids=GUESSES.keys())
async def test_no_suggestions_outside_dev_mode(client: httpx.AsyncClient, query: str, variables: dict) -> None:  # type: ignore[type-arg]
    for message in await _errors(client, query, variables):
        assert "did you mean" not in message.lower(), message


@pytest.fixture
async def dev_client(settings: Settings, engine: object) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(dataclasses.replace(settings, dev=True))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    finally:
        await app.state.event_bus.stop()
        await app.state.engine.dispose()


@pytest.mark.parametrize("query, variables", GUESSES.values(), ids=GUESSES.keys())
async def test_dev_mode_keeps_suggestions(dev_client: httpx.AsyncClient, query: str, variables: dict) -> None:  # type: ignore[type-arg]
    """Each guess above does draw a hint when hints are on (so the test above is not vacuous)."""
    messages = await _errors(dev_client, query, variables)
    assert any("Did you mean" in message for message in messages), messages


def test_only_the_hint_is_cut() -> None:
    assert (
        without_suggestion("Cannot query field 'usernam' on type 'User'. Did you mean 'username' or 'unitCode'?")
        == "Cannot query field 'usernam' on type 'User'."
    )
    assert without_suggestion("Unknown argument 'x'.") == "Unknown argument 'x'."
