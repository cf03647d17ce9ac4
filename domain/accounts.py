"""Accounts: creating users and checking passwords (argon2id via argon2-cffi)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Employee, Unit, User, UserRole
from domain.nip import normalize_nip
from domain.reference import Role

# argon2-cffi's defaults are RFC 9106's "low memory" profile of argon2id.
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")


class AccountError(ValueError):
    """Bad input for an account; the message says what to change."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Verifying against this when the account does not exist keeps the answer's timing the same.
DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


async def create_user(
    session: AsyncSession,
    username: str,
    password: str,
    roles: list[str],
    nip: str | None = None,
    unit_code: str | None = None,
    display_name: str | None = None,
) -> User:
    """Add a user with its roles (the caller commits). Raises :class:`AccountError` saying what is wrong."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError(
            f'username "{username}": use 2-80 lowercase letters, digits, ".", "_" or "-", '
            "starting with a letter or digit"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}")
    if not roles:
        raise AccountError("give at least one role: " + ", ".join(r.value for r in Role))
    for role in roles:
        if role not in Role.__members__.values():
            raise AccountError(f'unknown role "{role}"; use one of: ' + ", ".join(r.value for r in Role))
    if (await session.exec(select(User).where(User.username == username))).first():
        raise AccountError(f'username "{username}" is taken; choose another')
    if nip is not None:
        try:
            nip = normalize_nip(nip)
        except ValueError as exc:
            raise AccountError(str(exc)) from None
        if await session.get(Employee, nip) is None:
            raise AccountError(f"NIP {nip} is not a known employee; import the employee first")
    if unit_code is not None and await session.get(Unit, unit_code) is None:
        raise AccountError(f'unit "{unit_code}" does not exist; use a code from units.csv')
    user = User(
        username=username,
        password_hash=hash_password(password),
        display_name=display_name,
        nip=nip,
        unit_code=unit_code,
        created_at=datetime.now(UTC),  # the column is UTCDateTime: naive values are refused
    )
    session.add(user)
    await session.flush()
    assert user.id is not None
    session.add_all([UserRole(user_id=user.id, role=role) for role in sorted(set(roles))])
    await session.flush()
    return user


async def user_roles(session: AsyncSession, user_id: int) -> list[str]:
    rows = await session.exec(select(UserRole.role).where(UserRole.user_id == user_id).order_by(UserRole.role))
    return list(rows.all())
