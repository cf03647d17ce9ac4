"""Reliability tests: the bounded variants run in ``make test`` and CI (marked ``slow``); the long
ones (marked ``soak``) only under ``make soak`` (``MERITFLOW_SOAK=1``)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from testkit.province import World, workflow_world

SOAK = os.environ.get("MERITFLOW_SOAK") == "1"


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    skip = pytest.mark.skip(reason="a long variant: run it with `make soak`")
    for item in items:
        if "soak" in item.keywords and not SOAK:
            item.add_marker(skip)


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> World:
    return await workflow_world(sessions)


# The API fixtures (an app on the test's database, an in-process httpx client, the small province,
# bearer sessions per account) for the fuzz test.
from tests.api.conftest import app, as_user, client, province, settings  # noqa: E402, F401
