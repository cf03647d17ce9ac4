"""Idempotency keys: a client's resend of a request gets the first answer, not a second event.

A key is bound to (person, operation, nomination, arguments): the same key for anything else is
refused. The key's row is written in the transaction of the change it answers, so a key exists
exactly when the change was committed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput
from domain.models import IdempotencyKey, Nomination
from workflow import audit
from workflow.actor import Actor

__all__ = ["MAX_KEY", "find_idempotent", "remember", "request_digest"]

MAX_KEY = 200  # the column's width


def request_digest(arguments: dict[str, Any] | None) -> str:
    """The hash of a request's arguments an idempotency key is bound to."""
    return hashlib.sha256(audit.canonical_json(arguments or {}).encode("utf-8")).hexdigest()


async def find_idempotent(
    session: AsyncSession,
    actor: Actor,
    key: str,
    action: str,
    nomination_id: int | None = None,
    arguments: dict[str, Any] | None = None,
) -> IdempotencyKey | None:
    """The first answer to this request, when ``key`` was used before by the same person for the
    same operation on the same nomination with the same arguments; a key reused for anything else
    is refused (``InvalidInput``) — it is bound to (person, operation, nomination, arguments)."""
    if len(key) > MAX_KEY:
        raise InvalidInput(
            f"an idempotency key has at most {MAX_KEY} characters, this one {len(key)}; use a shorter one",
            key="input.idempotency_key_long",
            params={"max": MAX_KEY, "length": len(key)},
        )
    row = await session.get(IdempotencyKey, (actor.user_id, key))
    if row is None:
        return None
    if row.action != action:
        raise InvalidInput(
            f'idempotency key "{key}" was used for {row.action}, not {action}; use a new key',
            key="input.idempotency_key_action",
            params={"key": key, "used_for": row.action, "action": action},
        )
    same_target = nomination_id is None or row.nomination_id == nomination_id
    if not same_target or row.result.get("request") != request_digest(arguments):
        raise InvalidInput(
            f'idempotency key "{key}" was used for another {action.replace("_", " ")} request '
            "(another nomination or other arguments); use a new key for a new request",
            key="input.idempotency_key_reused",
            params={"key": key, "action": action},
        )
    return row


def remember(
    session: AsyncSession,
    actor: Actor,
    key: str | None,
    action: str,
    nomination: Nomination,
    arguments: dict[str, Any] | None = None,
) -> None:
    if key:
        session.add(
            IdempotencyKey(
                actor_user_id=actor.user_id,
                key=key,
                action=action,
                nomination_id=nomination.id,
                result={
                    "nomination_id": nomination.id,
                    "state": nomination.state,
                    "version": nomination.version,
                    "request": request_digest(arguments),
                },
                created_at=datetime.now(UTC),
            )
        )
