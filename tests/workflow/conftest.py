"""Workflow tests run in the small province of :func:`testkit.province.workflow_world`: target
posts ``T-<level>``, accounts of every role, and ``world.employee()``, a factory of employees
eligible for a post of a given level. ``testkit.drive.drive_to`` takes a nomination to any stage."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from testkit.province import World, workflow_world

# The accounts of the workflow world, one of each role, for tests that try every role.
ROLES = ["operator", "op_dinkes", "op_bkd", "panel1", "chair", "sekda", "reviewer", "ppk", "admin"]
# (drive_to stop, approvals taken inside the approval stage): every stage, and both an ordinary
# approval step and the national review (which records a letter).
STOPS = [
    ("mapping", 0),
    ("shortlisted", 0),
    ("assessment", 0),
    ("nominee", 0),
    ("approval", 0),
    ("approval", 2),
    ("approved", 0),
    ("inauguration", 0),
    ("oath", 0),
    ("completed", 0),
]


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> World:
    return await workflow_world(sessions)
