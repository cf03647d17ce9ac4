"""Account administration: an administrator creates accounts, changes their roles and unit scope,
disables and enables them, and resets passwords.

Each operation runs in the workflow's frame (``runner.in_frame``): one transaction, the change and
its audit event committed together, and a refusal — a missing role, bad input — written to the
audit log as a "refused" event, like the rule settings and Plt/Plh delegations. Who may is the
action table's role rule (``workflow.actions.OTHER_ACTIONS``, decided by ``decide_other``), asked
before anything is looked up, so a refused caller learns nothing about accounts.

Passwords never reach the audit log (neither the arguments of a refused attempt nor an event's
data); they are stored as argon2id hashes (``domain.accounts``). Disabling an account or resetting
its password deletes its sessions in the same transaction; the caller closes the sessions' live
sockets (:attr:`AccountChange.ended_sessions`), and other processes close theirs within one
session re-check interval (``api.socket_sessions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.accounts import (
    AccountError,
    check_password,
    check_roles,
    check_unit,
    create_user,
    hash_password,
    known_nip,
)
from domain.clock import today
from domain.errors import InvalidInput, NotFound
from domain.models import AuthSession, User, UserRole
from workflow import audit
from workflow.actions import decide_other
from workflow.actor import Actor, resolve
from workflow.limits import check_sizes
from workflow.runner import in_frame

__all__ = [
    "AccountChange",
    "change_account",
    "create_account",
    "reset_password",
    "set_account_active",
]

NO_CHANGE = object()  # an argument left out: keep the stored value
ACCESS_FIELDS = frozenset({"roles", "unit_code", "nip"})  # what decides what an account may see and do


@dataclass(frozen=True)
class AccountChange:
    """The account after the change, its roles, and the token hashes of the sessions it ended."""

    user: User
    roles: list[str]
    ended_sessions: list[str]


async def _decide(session: AsyncSession, actor: Actor, action: str) -> str | None:
    return decide_other(action, await resolve(session, actor, today())).raise_if_refused()


async def _account(session: AsyncSession, user_id: int) -> User:
    row = (
        await session.exec(
            select(User).where(col(User.id) == user_id).with_for_update().execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise NotFound(
            f"account {user_id} does not exist; check the number", key="not_found.account", params={"account": user_id}
        )
    return row


async def _roles(session: AsyncSession, user_id: int) -> list[str]:
    rows = await session.exec(select(UserRole.role).where(col(UserRole.user_id) == user_id).order_by(UserRole.role))
    return list(rows.all())


async def _end_sessions(session: AsyncSession, user_id: int) -> list[str]:
    keys = list((await session.exec(select(AuthSession.token_hash).where(col(AuthSession.user_id) == user_id))).all())
    if keys:
        await session.exec(delete(AuthSession).where(col(AuthSession.user_id) == user_id))  # type: ignore[call-overload]
    return keys


def _event(actor: Actor, action: str, role: str | None, data: dict[str, Any]) -> audit.EventDraft:
    return audit.EventDraft(
        action=action, actor_username=actor.username, actor_user_id=actor.user_id, role=role, data=data
    )


def _invalid(error: AccountError) -> InvalidInput:
    return InvalidInput(str(error), key=error.key, params=error.params)


async def create_account(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    username: str,
    password: str,
    roles: list[str],
    display_name: str | None = None,
    nip: str | None = None,
    unit_code: str | None = None,
) -> AccountChange:
    """A new account with its roles, NIP and unit scope (None: the whole province). Administrators
    only; audited, refusals too (without the password)."""
    display_name = (display_name or "").strip() or None
    nip = (nip or "").strip() or None
    unit_code = (unit_code or "").strip() or None
    arguments = {
        "username": username,
        "roles": sorted(set(roles)),
        "display_name": display_name,
        "nip": nip,
        "unit_code": unit_code,
    }
    check_sizes(arguments)

    async def work(session: AsyncSession) -> tuple[AccountChange, list[Any]]:
        role = await _decide(session, actor, "create_account")
        try:
            user = await create_user(session, username, password, roles, nip, unit_code, display_name)
        except AccountError as error:
            raise _invalid(error) from None
        assert user.id is not None
        stored = await _roles(session, user.id)
        data = {
            "user_id": user.id,
            "username": user.username,
            "roles": stored,
            "display_name": user.display_name,
            "nip": user.nip,
            "unit_code": user.unit_code,
        }
        event = await audit.append(session, _event(actor, "create_account", role, data))
        return AccountChange(user, stored, []), [event]

    return await in_frame(sessions, actor, "create_account", work, arguments=arguments)


async def change_account(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    user_id: int,
    *,
    roles: list[str] | object = NO_CHANGE,
    unit_code: str | None | object = NO_CHANGE,
    display_name: str | None | object = NO_CHANGE,
    nip: str | None | object = NO_CHANGE,
) -> AccountChange:
    """Change an account's roles, unit scope (None: the whole province), display name or NIP; what
    is left out stays. The event records each field's old and new value. An administrator cannot
    take the role admin from their own account (nobody would be left to give it back). A change of
    what the account may see or do (roles, unit, NIP) ends its sessions: an open page or live
    subscription must not go on under the old rights (a socket's viewer is built once)."""
    arguments: dict[str, Any] = {"user_id": user_id}
    for name, value in (("roles", roles), ("unit_code", unit_code), ("display_name", display_name), ("nip", nip)):
        if value is not NO_CHANGE:
            arguments[name] = sorted(set(value)) if name == "roles" else value  # type: ignore[call-overload]
    check_sizes(arguments)

    async def work(session: AsyncSession) -> tuple[AccountChange, list[Any]]:
        role = await _decide(session, actor, "change_account")
        user = await _account(session, user_id)
        old_roles = await _roles(session, user_id)
        changes: dict[str, dict[str, Any]] = {}
        try:
            if "roles" in arguments:
                new_roles: list[str] = arguments["roles"]
                check_roles(new_roles)
                if user_id == actor.user_id and "admin" in old_roles and "admin" not in new_roles:
                    raise InvalidInput(
                        "you cannot take the role admin from your own account; ask another administrator",
                        key="input.own_admin_role",
                    )
                if new_roles != old_roles:
                    await session.exec(delete(UserRole).where(col(UserRole.user_id) == user_id))  # type: ignore[call-overload]
                    session.add_all([UserRole(user_id=user_id, role=r) for r in new_roles])
                    changes["roles"] = {"old": old_roles, "new": new_roles}
            if "unit_code" in arguments:
                unit = (arguments["unit_code"] or "").strip() or None
                await check_unit(session, unit)
                if unit != user.unit_code:
                    changes["unit_code"] = {"old": user.unit_code, "new": unit}
                    user.unit_code = unit
            if "display_name" in arguments:
                name = (arguments["display_name"] or "").strip() or None
                if name != user.display_name:
                    changes["display_name"] = {"old": user.display_name, "new": name}
                    user.display_name = name
            if "nip" in arguments:
                new_nip = await _known_nip(session, arguments["nip"])
                if new_nip != user.nip:
                    changes["nip"] = {"old": user.nip, "new": new_nip}
                    user.nip = new_nip
        except AccountError as error:
            raise _invalid(error) from None
        if not changes:
            raise InvalidInput(
                f'nothing to change: account "{user.username}" already has these values',
                key="input.account_unchanged",
                params={"username": user.username},
            )
        session.add(user)
        ended = await _end_sessions(session, user_id) if changes.keys() & ACCESS_FIELDS else []
        await session.flush()
        data = {"user_id": user_id, "username": user.username, "changes": changes, "sessions_ended": len(ended)}
        event = await audit.append(session, _event(actor, "change_account", role, data))
        return AccountChange(user, await _roles(session, user_id), ended), [event]

    return await in_frame(sessions, actor, "change_account", work, arguments=arguments)


async def _known_nip(session: AsyncSession, nip: str | None) -> str | None:
    try:
        return await known_nip(session, nip)
    except AccountError as error:
        raise _invalid(error) from None


async def set_account_active(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, user_id: int, active: bool
) -> AccountChange:
    """Disable (``active`` False) or enable an account. Disabling ends its sessions at once (see
    the module docstring); an administrator cannot disable their own account."""
    action = "enable_account" if active else "disable_account"

    async def work(session: AsyncSession) -> tuple[AccountChange, list[Any]]:
        role = await _decide(session, actor, action)
        user = await _account(session, user_id)
        if not active and user_id == actor.user_id:
            raise InvalidInput(
                "you cannot disable your own account; ask another administrator", key="input.own_account_disable"
            )
        if user.active == active:
            state = "enabled" if active else "disabled"
            if active:
                raise InvalidInput(
                    f'account "{user.username}" is already {state}; nothing changed',
                    key="input.account_already_enabled",
                    params={"username": user.username},
                )
            raise InvalidInput(
                f'account "{user.username}" is already {state}; nothing changed',
                key="input.account_already_disabled",
                params={"username": user.username},
            )
        user.active = active
        session.add(user)
        ended = [] if active else await _end_sessions(session, user_id)
        await session.flush()
        data = {"user_id": user_id, "username": user.username, "sessions_ended": len(ended)}
        event = await audit.append(session, _event(actor, action, role, data))
        return AccountChange(user, await _roles(session, user_id), ended), [event]

    return await in_frame(sessions, actor, action, work, arguments={"user_id": user_id})


async def reset_password(
    sessions: async_sessionmaker[AsyncSession], actor: Actor, user_id: int, password: str
) -> AccountChange:
    """Give an account a new password (argon2id) chosen by the administrator, to be handed over
    and changed by its owner; the account's sessions end, so whoever held the old one is out."""

    async def work(session: AsyncSession) -> tuple[AccountChange, list[Any]]:
        role = await _decide(session, actor, "reset_password")
        user = await _account(session, user_id)
        try:
            check_password(password)
        except AccountError as error:
            raise _invalid(error) from None
        user.password_hash = hash_password(password)
        session.add(user)
        ended = await _end_sessions(session, user_id)
        await session.flush()
        data = {"user_id": user_id, "username": user.username, "sessions_ended": len(ended)}
        event = await audit.append(session, _event(actor, "reset_password", role, data))
        return AccountChange(user, await _roles(session, user_id), ended), [event]

    return await in_frame(sessions, actor, "reset_password", work, arguments={"user_id": user_id})
