"""Server-side sessions and the failed sign-in limit.

A session token is 32 random bytes shown to the client once (cookie and/or bearer); the database
keeps only its SHA-256, so a copy of the table cannot be used to sign in. A session ends after
``idle`` without use or ``absolute`` after sign-in, whichever comes first, and on logout the row is
deleted, so a stolen cookie dies with it.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from api.driver_reads import fetch_rows
from api.remembered import REMEMBERED, Remembered
from domain.access import Principal, load_unit_scope
from domain.accounts import DUMMY_HASH, hash_password, needs_rehash, verify_password
from domain.db import read_session, write_transaction
from domain.models import AuthSession, LoginAttempt, User, UserRole

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


@dataclass(frozen=True)
class _Found:
    """A session row with its account and roles, as one statement reads them."""

    created_at: datetime
    last_seen_at: datetime
    user: User
    roles: list[str]


async def _lookup(session: AsyncSession, key: str) -> _Found | None:
    """The session ``key``, its account and the account's roles in **one** statement (the session
    joined to its user, left-joined to the roles: one row per role, one row for none)."""
    query = (
        sa.select(AuthSession.created_at, AuthSession.last_seen_at, User, UserRole.role)  # type: ignore[call-overload]
        .join(User, col(User.id) == col(AuthSession.user_id), isouter=True)
        .join(UserRole, col(UserRole.user_id) == col(User.id), isouter=True)
        .where(col(AuthSession.token_hash) == key)
        .order_by(col(UserRole.role))
    )
    rows = (await session.exec(query)).all()
    if not rows:
        return None
    created_at, last_seen_at, user, _ = rows[0]
    roles = [role for *_, role in rows if role is not None]
    return _Found(_aware(created_at), _aware(last_seen_at), user, roles)


def _aware(at: datetime) -> datetime:
    """SQLite hands timestamps back naive (they were written in UTC)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


async def _settle(
    sessions: async_sessionmaker[AsyncSession],
    key: str,
    found: _Found | None,
    idle: timedelta,
    absolute: timedelta,
    touch: bool,
    at: datetime,
) -> bool:
    """Whether ``found`` is a live session of an active account. An expired session (or one of a
    missing or disabled account) is deleted on sight; a live one has ``last_seen_at`` refreshed
    when ``touch`` and it is older than :data:`TOUCH_EVERY` — never a write per request."""
    if found is None:
        return False
    if found.user is None or not found.user.active:
        await _drop(sessions, key)
        return False
    return await settle_times(sessions, key, found.created_at, found.last_seen_at, idle, absolute, touch, at)


async def settle_times(
    sessions: async_sessionmaker[AsyncSession],
    key: str,
    created_at: datetime,
    last_seen_at: datetime,
    idle: timedelta,
    absolute: timedelta,
    touch: bool,
    at: datetime,
) -> bool:
    """The session rule on a session's times, the one place it is decided (the full lookup and the
    remembered viewer's one-statement read both settle here): False and the row deleted when idle
    longer than ``idle`` or older than ``absolute``; else True, ``last_seen_at`` refreshed when
    ``touch`` and it is older than :data:`TOUCH_EVERY` — never a write per request."""
    created_at, last_seen_at = _aware(created_at), _aware(last_seen_at)
    if at - last_seen_at > idle or at - created_at > absolute:
        await _drop(sessions, key)
        return False
    if touch and at - last_seen_at > TOUCH_EVERY:
        async with write_transaction(sessions) as session:
            await session.exec(
                sa.update(AuthSession).where(col(AuthSession.token_hash) == key).values(last_seen_at=at)  # type: ignore[arg-type]
            )
    return True


async def _drop(sessions: async_sessionmaker[AsyncSession], key: str) -> None:
    async with write_transaction(sessions) as session:
        await session.exec(delete(AuthSession).where(col(AuthSession.token_hash) == key))


async def user_for_token(
    sessions: async_sessionmaker[AsyncSession], token: str, idle: timedelta, absolute: timedelta, touch: bool = True
) -> tuple[User, list[str]] | None:
    """The active user of a live session and their roles, or None. An expired session is deleted
    on sight. ``touch=False`` checks without counting as use (a background re-check must not keep
    an idle session alive)."""
    key = hash_token(token)
    at = now_utc()
    async with read_session(sessions) as session:
        found = await _lookup(session, key)
    if not await _settle(sessions, key, found, idle, absolute, touch, at):
        return None
    assert found is not None
    return found.user, found.roles


@dataclass(frozen=True)
class _Account:
    """The account columns a principal needs (no ORM object built per request)."""

    id: int
    username: str
    nip: str | None
    unit_code: str | None
    display_name: str | None
    active: bool


def _lean_statement() -> sa.Select:  # type: ignore[type-arg]
    """:func:`_lookup` as plain columns, for :func:`principal_for_token`."""
    account = (User.id, User.username, User.nip, User.unit_code, User.display_name, User.active)
    return (
        sa.select(AuthSession.created_at, AuthSession.last_seen_at, *account, UserRole.role)  # type: ignore[call-overload]
        .join(User, col(User.id) == col(AuthSession.user_id), isouter=True)
        .join(UserRole, col(UserRole.user_id) == col(User.id), isouter=True)
        .where(col(AuthSession.token_hash) == sa.bindparam("key"))
        .order_by(col(UserRole.role))
    )


_LEAN = _lean_statement()
_LEAN_SQL: dict[str, str] = {}  # dialect name → the statement's SQL text, compiled once


def _lean_sql(dialect: sa.Dialect) -> str:
    """:data:`_LEAN` as the driver's SQL text, compiled once per dialect."""
    sql = _LEAN_SQL.get(dialect.name)
    if sql is None:
        compiled = _LEAN.compile(dialect=dialect)
        assert compiled.positiontup == ["key"], compiled.positiontup  # the one parameter
        sql = _LEAN_SQL[dialect.name] = compiled.string
    return sql


async def _lean_lookup(sessions: async_sessionmaker[AsyncSession], key: str) -> _Found | None:
    """The one statement of :func:`_lookup`. On PostgreSQL as SQL text compiled once, sent straight
    to asyncpg outside a transaction (``api.driver_reads``: one round trip, the plan kept); SQLite
    goes through SQLAlchemy, whose column types read its text timestamps and 0/1 booleans. The
    connection is released before any write :func:`_settle` makes (never two held at once)."""
    engine = sessions.kw["bind"]
    if engine.dialect.name == "postgresql":
        rows = await fetch_rows(engine, _lean_sql(engine.dialect), (key,))
    else:
        async with engine.connect() as connection:
            rows = (await connection.execute(_LEAN, {"key": key})).all()
    if not rows:
        return None
    created_at, last_seen_at, user_id, *columns, _ = rows[0]
    account = _Account(user_id, *columns) if user_id is not None else None
    roles = [row[-1] for row in rows if row[-1] is not None]
    return _Found(_aware(created_at), _aware(last_seen_at), account, roles)  # type: ignore[arg-type]


async def principal_for_token(
    sessions: async_sessionmaker[AsyncSession],
    token: str,
    idle: timedelta,
    absolute: timedelta,
) -> Principal | None:
    """The viewer of an HTTP request: :func:`user_for_token` and the principal built from it — one
    statement, a second only for a unit-scoped account (its expanded
    unit scope), and no write unless the session expired or ``last_seen_at`` is a minute old."""
    key = hash_token(token)
    at = now_utc()
    found = await _lean_lookup(sessions, key)
    if not await _settle(sessions, key, found, idle, absolute, True, at):
        REMEMBERED.forget(key)
        return None
    assert found is not None
    account = found.user
    scope = None
    if account.unit_code is not None:
        async with read_session(sessions) as session:
            scope = await load_unit_scope(session, account.unit_code)
    principal = Principal(
        user_id=account.id,  # type: ignore[arg-type]
        username=account.username,
        roles=frozenset(found.roles),
        nip=account.nip,
        unit_code=account.unit_code,
        unit_scope=scope,
        display_name=account.display_name,
    )
    # The map holds what the last full lookup said (a unit-scoped viewer with the scope it read: the
    # session check compares it with the tree at every read, api.remembered.session_check).
    REMEMBERED.remember(key, Remembered(principal, idle, absolute))
    return principal


@dataclass(frozen=True)
class LoginCheck:
    """The outcome of one sign-in attempt: the user when the password was right, else None;
    ``retry_after`` when the attempt was refused unchecked because of the limit."""

    user: User | None
    retry_after: timedelta | None = None

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


ACCOUNT_LOCK, CLIENT_LOCK = 1, 2  # namespaces of the PostgreSQL advisory locks below


async def _lock_attempt_keys(session: AsyncSession, *keys: tuple[int, str]) -> None:
    """Serialise the count-and-record of attempts per account name and per client address.

    SQLite's ``BEGIN IMMEDIATE`` (see :func:`domain.db.write_transaction`) already holds the one
    write lock of the database. PostgreSQL runs transactions side by side, so the transaction takes
    advisory locks (account before address: one order, no deadlock), held until it commits: every
    process sharing the database sees the attempts the previous holder recorded."""
    if session.bind.dialect.name != "postgresql":  # type: ignore[union-attr]
        return
    for namespace, key in keys:
        await session.exec(sa.select(sa.func.pg_advisory_xact_lock(namespace, sa.func.hashtext(key))))  # type: ignore[call-overload]


async def _drop_expired(session: AsyncSession, cutoff: datetime) -> None:
    """Attempts older than the window no longer count: drop them so the table stays small. Rows
    another transaction is deleting are skipped (on PostgreSQL), so two clean-ups never wait on
    each other's row locks."""
    expired = select(LoginAttempt.id).where(col(LoginAttempt.at) < cutoff).with_for_update(skip_locked=True)
    await session.exec(delete(LoginAttempt).where(col(LoginAttempt.id).in_(expired)))


async def _wait_needed(
    session: AsyncSession, where: sa.ColumnElement[bool], limit: int, at: datetime, window: timedelta
) -> timedelta | None:
    """None while fewer than ``limit`` failures match ``where`` in the window; else how long until
    the ``limit``-th most recent one leaves it (then an attempt is counted again)."""
    recent = (
        await session.exec(
            select(LoginAttempt.at)
            .where(where, col(LoginAttempt.at) >= at - window)
            .order_by(col(LoginAttempt.at).desc())
            .limit(limit)
        )
    ).all()
    if len(recent) < limit:
        return None
    return max(recent[-1] + window - at, timedelta(seconds=1))


async def reserve_attempt(
    sessions: async_sessionmaker[AsyncSession], username: str, client: str, limits: LoginLimits
) -> tuple[User | None, timedelta | None]:
    """Count and record one attempt in a single locked transaction, before any password is hashed.

    The attempt is recorded as a failure up front (a right password deletes it again), so however
    many attempts arrive at once, at most ``per_account`` of them per window get a password check.
    A refused attempt is not recorded: it cannot extend the lock, which ends when the window has
    passed over the last counted failure. Returns (the account, if any; the wait when refused)."""
    async with write_transaction(sessions) as session:
        await _lock_attempt_keys(session, (ACCOUNT_LOCK, username), (CLIENT_LOCK, client))
        at = now_utc()
        await _drop_expired(session, at - limits.window)
        waits = [
            await _wait_needed(session, col(LoginAttempt.username) == username, limits.per_account, at, limits.window),
            await _wait_needed(session, col(LoginAttempt.client) == client, limits.per_client, at, limits.window),
        ]
        refused = [wait for wait in waits if wait is not None]
        if refused:
            return None, max(refused)
        session.add(LoginAttempt(at=at, username=username, client=client))
        user = (await session.exec(select(User).where(col(User.username) == username))).first()
    return user, None


async def check_password(
    sessions: async_sessionmaker[AsyncSession], username: str, password: str, client: str, limits: LoginLimits
) -> LoginCheck:
    """Check one sign-in attempt within the failed-attempt limit.

    Refused over the limit before any hashing (the same for unknown names, so the answer tells
    nothing about which accounts exist). Otherwise the password is verified (against DUMMY_HASH for
    an unknown name, for the same timing) in a worker thread: argon2 takes tens of milliseconds of
    CPU on purpose, and on the event loop it would stall every other request meanwhile."""
    username = username.strip().lower()[:80]
    client = client[:100]
    user, retry_after = await reserve_attempt(sessions, username, client, limits)
    if retry_after is not None:
        return LoginCheck(user=None, retry_after=retry_after)
    ok = await asyncio.to_thread(verify_password, user.password_hash if user is not None else DUMMY_HASH, password)
    if user is None or not ok or not user.active:
        return LoginCheck(user=None)  # the reserved attempt stays recorded as a failure
    fresh_hash = await asyncio.to_thread(hash_password, password) if needs_rehash(user.password_hash) else None
    async with write_transaction(sessions) as session:
        await _lock_attempt_keys(session, (ACCOUNT_LOCK, username))
        await session.exec(delete(LoginAttempt).where(col(LoginAttempt.username) == username))
        if fresh_hash is not None:
            fresh = await session.get(User, user.id)
            if fresh is not None:
                fresh.password_hash = fresh_hash
    return LoginCheck(user=user)
