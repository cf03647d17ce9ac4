"""Accounts: creating users, checking passwords (argon2id via argon2-cffi), and naming the official
behind an account ("Dyah Pamungkas, Ketua TPK" rather than ``panel_chair``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
    """Bad input for an account; the message says what to change, ``key`` and ``params`` say the
    same for a page in its reader's language (domain.errors.ERROR_REASONS)."""

    def __init__(self, message: str, *, key: str = "", params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.key, self.params = key, params or {}


async def known_nip(session: AsyncSession, nip: str | None) -> str | None:
    """The NIP an account is linked to, normalised (None for none): it must be an employee's."""
    nip = (nip or "").strip() or None
    if nip is None:
        return None
    try:
        nip = normalize_nip(nip)
    except ValueError as exc:
        raise AccountError(str(exc), key="input.nip_invalid", params={"nip": nip}) from None
    if await session.get(Employee, nip) is None:
        raise AccountError(
            f"NIP {nip} is not a known employee; import the employee first",
            key="input.nip_unknown",
            params={"nip": nip},
        )
    return nip


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


def check_password(password: str) -> None:
    """A new password's length rule (:class:`AccountError` saying how long it must be)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}",
            key="input.password_short",
            params={"length": len(password), "min": MIN_PASSWORD_LENGTH},
        )


def check_roles(roles: list[str]) -> None:
    """At least one role, each a known one (:class:`AccountError` naming the valid roles)."""
    if not roles:
        raise AccountError(
            "give at least one role: " + ", ".join(r.value for r in Role),
            key="input.roles_empty",
            params={"roles": ", ".join(r.value for r in Role)},
        )
    for role in roles:
        if role not in Role.__members__.values():
            raise AccountError(
                f'unknown role "{role}"; use one of: ' + ", ".join(r.value for r in Role),
                key="input.role_unknown",
                params={"role": role, "roles": ", ".join(r.value for r in Role)},
            )


async def check_unit(session: AsyncSession, unit_code: str | None) -> None:
    """An account's unit scope exists (None: the whole province)."""
    if unit_code is not None and await session.get(Unit, unit_code) is None:
        raise AccountError(
            f'unit "{unit_code}" does not exist; use a code from units.csv',
            key="input.unit_unknown",
            params={"unit": unit_code},
        )


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
            "starting with a letter or digit",
            key="input.username_format",
            params={"username": username},
        )
    check_password(password)
    check_roles(roles)
    if (await session.exec(select(User).where(User.username == username))).first():
        raise AccountError(
            f'username "{username}" is taken; choose another', key="input.username_taken", params={"username": username}
        )
    nip = await known_nip(session, nip)
    await check_unit(session, unit_code)
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


# How a role reads after an official's name. The page words roles from its own catalogues (the API
# gives the code); these are for what the server writes itself (exports, printed documents).
ROLE_TITLES: dict[str, dict[str, str]] = {
    "id": {
        "admin": "Admin",
        "operator": "Operator BKD",
        "panel": "Anggota TPK",
        "panel_chair": "Ketua TPK",
        "secretary": "Sekda",
        "ppk": "Gubernur (PPK)",
        "reviewer": "Reviu nasional",
        "auditor": "Auditor",
        "employee": "Pegawai",
    },
    "en": {
        "admin": "Admin",
        "operator": "BKD operator",
        "panel": "TPK member",
        "panel_chair": "TPK chair",
        "secretary": "Regional secretary",
        "ppk": "Governor (PPK)",
        "reviewer": "National review",
        "auditor": "Auditor",
        "employee": "Employee",
    },
}
_ACTING_FOR = {"id": "atas nama", "en": "acting for"}


@dataclass(frozen=True)
class Official:
    """An account as a record shows who acted: the person's name, and the role they acted in.

    ``name`` is the linked employee's name, else the account's display name, else its username
    (an account made without either). ``acting_for`` is the official an acting one (Plt/Plh)
    represented. An official's name is not secret: whoever may read the record may read it."""

    username: str
    name: str
    role: str | None
    acting_for: Official | None = None

    def label(self, language: str = "id") -> str:
        """``"Dyah Pamungkas, Ketua TPK"``; an acting official adds ``"atas nama <principal>"``."""
        titles = ROLE_TITLES.get(language, ROLE_TITLES["id"])
        text = f"{self.name}, {titles.get(self.role, self.role)}" if self.role else self.name
        if self.acting_for is not None:
            text += f" ({_ACTING_FOR.get(language, _ACTING_FOR['id'])} {self.acting_for.label(language)})"
        return text


def official_label(
    username: str,
    role: str | None,
    user: User | None = None,
    employee: Employee | None = None,
    acting_for: Official | None = None,
) -> Official:
    """The official behind ``username`` acting as ``role``. ``user`` and ``employee`` are the account
    and its linked employee when they are still there (a record keeps the username it was made with,
    so a deleted account still reads as that username)."""
    if employee is not None:
        name = employee.name
    elif user is not None and user.display_name:
        name = user.display_name
    else:
        name = username
    return Official(username=username, name=name, role=role, acting_for=acting_for)


async def load_official(
    session: AsyncSession, user_id: int | None, username: str, role: str | None, acting_for: Official | None = None
) -> Official:
    """:func:`official_label` with the account and employee read from the database."""
    user = await session.get(User, user_id) if user_id is not None else None
    employee = await session.get(Employee, user.nip) if user is not None and user.nip else None
    return official_label(username, role, user, employee, acting_for)
