"""The bridge from a GraphQL mutation to the workflow service: who acts, which idempotency key,
and the updated row back as a GraphQL object. No workflow logic lives here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from strawberry.types import Info

from api.schema.permissions import require_viewer


def idempotency_key(info: Info, argument: str | None) -> str | None:
    """The argument if given; else the ``Idempotency-Key`` header, made distinct per mutation field
    of the request (two aliased mutations under one header must not share a key)."""
    if argument:
        return argument
    header = info.context.idempotency_key
    if not header:
        return None
    return f"{header}:{info.path.key}"


async def run(
    info: Info,
    operation: Callable[..., Awaitable[Any]],
    *args: Any,
    key: str | None = None,
    delegation_id: int | None = None,
    idempotent: bool = True,
    **kwargs: Any,
) -> Any:
    """Call one workflow operation as the signed-in viewer (the same principal is the workflow's
    actor), under the Plt/Plh delegation ``delegation_id`` if given; domain errors propagate to
    the schema's exception handlers, which turn them into the mutation union's error member."""
    viewer = require_viewer(info)
    if delegation_id is not None:
        viewer = replace(viewer, delegation_id=delegation_id)
    if idempotent:
        kwargs["idempotency_key"] = idempotency_key(info, key)
    return await operation(info.context.sessions, viewer, *args, **kwargs)
