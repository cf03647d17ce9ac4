"""The steps of a nomination, by stage, and the one registry that maps an action to its step.

A step is ``async def step(turn, **arguments) -> Outcome``: it sees the locked nomination, who
acts and the facts the action table decided on; it validates its own arguments and makes the
change. Stage, role, unit, separation of duties and guards are *not* checked here: the frame
(``workflow.runner``) asked ``workflow.actions.decide`` before the step runs, and it moves the
stage to the table's destination. A step's parameters after ``turn`` are its arguments, declared
once: :func:`operation` builds the public service function from them, and the refusal log
records them by the same names.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Nomination
from workflow.actions import ACTIONS
from workflow.actor import Actor
from workflow.limits import check_sizes
from workflow.runner import Step, TwoPhaseStep, run_step
from workflow.steps import approval, assessment, closing, inauguration, mapping

STEPS: dict[str, Callable[..., Awaitable[Any]]] = {
    "set_shortlist": mapping.set_shortlist,
    "start_assessment": mapping.start_assessment,
    "record_evaluation": assessment.record_evaluation,
    "select_nominee": assessment.select_nominee,
    "submit_for_approval": assessment.submit_for_approval,
    "approve": approval.approve,
    "return_for_revision": approval.return_for_revision,
    "reject": approval.reject,
    "withdraw": closing.withdraw,
    "schedule_inauguration": inauguration.schedule_inauguration,
    "record_inauguration": inauguration.record_inauguration,
    "record_oath": closing.record_oath,
}
assert STEPS.keys() == ACTIONS.keys(), "every action of the table has exactly one step"
# Steps with read-only work of their own, done while the frame plans, before the write lock
# (same arguments as the step; the result is ``turn.prepared``).
PREPARATIONS: dict[str, Callable[..., Awaitable[Any]]] = {
    "select_nominee": assessment.prepare_selection,
}


def arguments_of(action: str) -> list[str]:
    """The argument names of an action, as its step declares them."""
    return list(inspect.signature(STEPS[action]).parameters)[1:]


def bind(action: str, *args: Any, **kwargs: Any) -> tuple[Step, dict[str, Any]]:
    """The step with its arguments bound, and the arguments by name (defaults filled in).
    A wrong argument raises ``TypeError``, an oversized one ``InvalidInput``, here, before any
    transaction (and so before anything is logged)."""
    step = STEPS[action]
    bound = inspect.signature(step).bind(None, *args, **kwargs)
    bound.apply_defaults()
    arguments = dict(list(bound.arguments.items())[1:])
    check_sizes(arguments)
    if action in PREPARATIONS:
        return TwoPhaseStep(partial(PREPARATIONS[action], **arguments), partial(step, **arguments)), arguments
    return partial(step, **arguments), arguments


def _loggable(arguments: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in arguments.items()}


def operation(action: str) -> Callable[..., Awaitable[Nomination]]:
    """The public service function of an action: ``(sessions, actor, nomination_id, *arguments,
    expected_version=None, idempotency_key=None)`` → the updated nomination."""

    async def perform(
        sessions: async_sessionmaker[AsyncSession],
        actor: Actor,
        nomination_id: int,
        *args: Any,
        expected_version: int | None = None,
        idempotency_key: str | None = None,
        **kwargs: Any,
    ) -> Nomination:
        step, arguments = bind(action, *args, **kwargs)
        return await run_step(
            sessions, actor, nomination_id, action, step,
            expected_version=expected_version, idempotency_key=idempotency_key, arguments=_loggable(arguments),
        )  # fmt: skip

    perform.__name__ = perform.__qualname__ = action
    perform.__doc__ = STEPS[action].__doc__
    return perform


__all__ = ["PREPARATIONS", "STEPS", "arguments_of", "bind", "operation"]
