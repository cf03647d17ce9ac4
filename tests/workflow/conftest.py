"""Workflow tests run in the small province of :func:`testkit.province.workflow_world`: target
posts ``T-<level>``, accounts of every role, and ``world.employee()``, a factory of employees
eligible for a post of a given level. ``testkit.drive.drive_to`` takes a nomination to any stage."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from testkit.province import World, workflow_world


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> World:
    return await workflow_world(sessions)
