"""Server-side sessions and the failed sign-in limit.

A session token is 32 random bytes shown to the client once (cookie and/or bearer); the database
keeps only its SHA-256, so a copy of the table cannot be used to sign in. A session ends after
``idle`` without use or ``absolute`` after sign-in, whichever comes first, and on logout the row is
deleted, so a stolen cookie dies with it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.accounts import DUMMY_HASH, hash_password, needs_rehash, user_roles, verify_password
from domain.db import read_session, write_transaction
from domain.models import AuthSession, LoginAttempt, User

COOKIE_NAME = "meritflow_session"
# Refresh last_seen_at at most this often: a write per request would serialise every reader on SQLite.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class LoginLimits:
    """Failed attempts allowed within ``window`` per account name and per client address."""

    per_account: int = 5
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)


def now_utc() -> datetime:
    """Aware UTC: SQLModel's datetime columns refuse naive values."""
    return datetime.now(UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(session: AsyncSession, user_id: int, client: str | None) -> str:
    """A new session for ``user_id``; returns the token (never stored in clear)."""
    token = secrets.token_urlsafe(32)
    at = now_utc()
    session.add(
        AuthSession(token_hash=hash_token(token), user_id=user_id, created_at=at, last_seen_at=at, client=client)
    )
    await session.flush()
    return token


async def end_session(session: AsyncSession, token: str) -> bool:
    result = await session.exec(delete(AuthSession).where(col(AuthSession.token_hash) == hash_token(token)))
    return bool(result.rowcount)


async def user_for_token(
    sessions: async_sessionmaker[AsyncSession], token: str, idle: timedelta, absolute: timedelta
) -> tuple[User, list[str]] | None:
    """The active user of a live session, or None. An expired session is deleted on sight."""
    key = hash_token(token)
    at = now_utc()
    async with read_session(sessions) as session:
        row = await session.get(AuthSession, key)
        if row is None:
            return None
        expired = at - row.last_seen_at > idle or at - row.created_at > absolute
        user = None if expired else await session.get(User, row.user_id)
        roles = await user_roles(session, row.user_id) if user is not None and user.active else []
        stale_touch = at - row.last_seen_at > TOUCH_EVERY
    if expired or user is None or not user.active:
        async with write_transaction(sessions) as session:
            await session.exec(delete(AuthSession).where(col(AuthSession.token_hash) == key))
        return None
    if stale_touch:
        async with write_transaction(sessions) as session:
            await session.exec(
                sa.update(AuthSession).where(col(AuthSession.token_hash) == key).values(last_seen_at=at)  # type: ignore[arg-type]
            )
    return user, roles


async def too_many_failures(session: AsyncSession, username: str, client: str, limits: LoginLimits) -> bool:
    since = now_utc() - limits.window
    per_account = (
        await session.exec(
            select(func.count()).where(col(LoginAttempt.username) == username, col(LoginAttempt.at) >= since)
        )
    ).one()
    if per_account >= limits.per_account:
        return True
    per_client = (
        await session.exec(
            select(func.count()).where(col(LoginAttempt.client) == client, col(LoginAttempt.at) >= since)
        )
    ).one()
    return per_client >= limits.per_client


async def check_password(
    sessions: async_sessionmaker[AsyncSession], username: str, password: str, client: str, limits: LoginLimits
) -> tuple[User | None, bool]:
    """(user, throttled). The password is verified even for unknown names (against DUMMY_HASH) and
    even when throttled, so neither timing nor answer tells which accounts exist. A failure is
    recorded per attempt, in its own committed transaction, before the answer is given."""
    username = username.strip().lower()[:80]
    async with read_session(sessions) as session:
        throttled = await too_many_failures(session, username, client, limits)
        user = (await session.exec(select(User).where(col(User.username) == username))).first()
    ok = verify_password(user.password_hash if user is not None else DUMMY_HASH, password)
    if throttled or user is None or not ok or not user.active:
        async with write_transaction(sessions) as session:
            at = now_utc()
            # Attempts older than the window no longer count: drop them so the table stays small.
            await session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) < at - limits.window))
            session.add(LoginAttempt(at=at, username=username, client=client[:100]))
        return None, throttled
    async with write_transaction(sessions) as session:
        await session.exec(delete(LoginAttempt).where(col(LoginAttempt.username) == username))
        if needs_rehash(user.password_hash):
            fresh = await session.get(User, user.id)
            if fresh is not None:
                fresh.password_hash = hash_password(password)
    return user, False
