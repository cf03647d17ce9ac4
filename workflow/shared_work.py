"""One computation for many concurrent plans: while a plan of a nomination computes its approval
chain (the nominee's eligibility recomputed, the dossier hash) or a candidate's eligibility
verdict, other plans of the same nomination at the same version in this process await that
result instead of repeating it.

Fifty officials racing for one approval step would otherwise recompute the same eligibility
fifty times at once, and the losers fifty times more. Sharing is sound because the chain is a
function of the nomination at one version — its shortlist, nominee, evaluations and approvals
change only with a transition, which bumps the version — and of the talent data, which an
approval tolerates changing under it (it binds to the dossier hash it saw; ``workflow.chain``).
Only computations in flight are shared; nothing is kept after they finish.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.models import Employee, Nomination, Position
from domain.rules.verdict import Eligibility
from workflow.chain import ChainPosition, chain_position
from workflow.eligibility import verdict

__all__ = ["shared_chain", "shared_verdict"]

# Per database (its engine, held weakly), per (nomination, version, day): the computation in flight.
_flights: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], asyncio.Future[Any]]] = weakref.WeakKeyDictionary()


async def _once(database: Any, key: tuple[Any, ...], compute: Callable[[], Awaitable[Any]]) -> Any:
    flights = _flights.setdefault(database, {})
    loop = asyncio.get_running_loop()
    running = flights.get(key)
    if running is not None and running.get_loop() is loop:
        try:
            return await asyncio.shield(running)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # this plan was cancelled
            return await compute()  # the computing plan was cancelled, not this one: compute it here
    future: asyncio.Future[Any] = loop.create_future()
    future.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved even without followers
    flights[key] = future
    try:
        result = await compute()
    except Exception as error:
        future.set_exception(error)
        raise
    except BaseException:
        future.cancel()  # the leader was cancelled: followers see it cancelled and plan again
        raise
    else:
        future.set_result(result)
        return result
    finally:
        if flights.get(key) is future:
            del flights[key]


async def shared_chain(session: AsyncSession, nomination: Nomination) -> ChainPosition:
    """``workflow.chain.chain_position``, computed once for concurrent plans of one nomination at one version."""
    database = session.bind
    key = ("chain", nomination.id, nomination.version, nomination.planned_date or today())
    return await _once(database, key, lambda: chain_position(session, nomination))


async def shared_verdict(
    session: AsyncSession, nomination: Nomination, rules: dict[str, Any], employee: Employee, post: Position, on: date
) -> Eligibility:
    """``workflow.eligibility.verdict`` of a candidate for the nomination's post, computed once for
    concurrent plans of one nomination at one version (the panel chairs racing to select)."""
    key = ("verdict", nomination.id, nomination.version, employee.nip, on)
    return await _once(session.bind, key, lambda: verdict(session, rules, employee, post, on))
