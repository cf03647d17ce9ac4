"""Work a server process does beside its requests: today's nine-box placements kept warm.

``start_ninebox_warmup`` starts one task per process (``create_app``'s lifespan, after the
migrations): right away, then every ``interval`` seconds, it compares today and the bands in force
(``ninebox_warm.warm_key``) with what it last warmed and, when either changed — the server just
started, midnight in the province's zone passed, an operator changed the ``ninebox`` setting —
stores the placements of everyone missing (``ninebox_warm.warm``: small batches, short write
transactions). Two workers may both run it: the second finds each batch already stored under the
store's lock and writes nothing (see ``domain.rules.ninebox_warm``). ``Settings.ninebox_warmup``
(``MERITFLOW_NINEBOX_WARMUP=0``) switches it off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.rules.ninebox_warm import WarmReport, warm, warm_key

log = logging.getLogger("meritflow.background")

# How often the day and the bands are checked: a changed setting is warmed within this time
# (a check is one read of the rule settings).
CHECK_SECONDS = 60.0


async def start_ninebox_warmup(
    sessions: async_sessionmaker[AsyncSession],
    *,
    interval: float = CHECK_SECONDS,
    on_warmed: asyncio.Queue[WarmReport] | None = None,
) -> asyncio.Task[None]:
    """The warm-up task (cancel it with :func:`stop_ninebox_warmup`). ``on_warmed`` receives each
    report (tests wait on it)."""
    return asyncio.create_task(_keep_warm(sessions, interval, on_warmed), name="ninebox-warmup")


async def stop_ninebox_warmup(task: asyncio.Task[None] | None) -> None:
    """Cancel the task and wait for it: a batch in flight is rolled back (nothing half-stored)."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _keep_warm(
    sessions: async_sessionmaker[AsyncSession], interval: float, on_warmed: asyncio.Queue[WarmReport] | None
) -> None:
    warmed: tuple[date, str] | None = None
    while True:
        try:
            key = await warm_key(sessions)
            if key != warmed:
                report = await warm(sessions, key[0])
                log.info(
                    "nine-box warm-up for %s: %d of %d employees stored in %.1f s%s",
                    report.day, report.stored, report.employees, report.seconds,
                    "" if report.complete else " (stopped: the store stayed locked; trying again later)",
                )  # fmt: skip
                if report.complete and report.bands == key[1]:
                    warmed = key
                if on_warmed is not None:
                    on_warmed.put_nowait(report)
        except asyncio.CancelledError:
            raise
        except Exception:  # a database gone for a moment must not end the task for the process's life
            log.exception("nine-box warm-up failed; trying again in %.0f s", interval)
        await asyncio.sleep(interval)
