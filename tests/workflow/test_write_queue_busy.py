"""A SQLite writer of this process held up behind another for longer than the busy timeout gets
the same typed, retryable Conflict as a wait for SQLite's file lock (tests/workflow/test_busy.py):
the writers' queue of domain.db does not turn "busy" into a hang or a masked error."""

from __future__ import annotations

import asyncio

import pytest

import domain.db
from domain.db import write_transaction
from domain.errors import Conflict
from domain.models import Nomination
from testkit.drive import drive_to
from testkit.province import World
from tests.conftest import on_postgres
from workflow import service


@pytest.mark.skipif(on_postgres(), reason="the writers' queue is SQLite's")
async def test_a_wait_in_the_writers_queue_that_runs_out_is_a_retryable_conflict(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    nid = await drive_to(world, "mapping", "T-pengawas")
    monkeypatch.setattr(domain.db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    loop = asyncio.get_running_loop()
    async with write_transaction(world.sessions):  # an earlier writer of this process holds on
        started = loop.time()
        with pytest.raises(Conflict, match="busy") as busy:
            await service.withdraw(world.sessions, world["operator"], nid, "tidak jadi")
        assert busy.value.current_state is None
        assert loop.time() - started < 5  # told after the queue's timeout, not SQLite's 15 s
    async with world.sessions() as session:
        assert (await session.get(Nomination, nid)).state == "mapping"  # type: ignore[union-attr]
    done = await service.withdraw(world.sessions, world["operator"], nid, "tidak jadi")  # the retry works
    assert done.state == "withdrawn"
