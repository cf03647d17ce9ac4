"""Account administration over the API (administrators): the account list, and ``createAccount``,
``changeAccount``, ``disableAccount``, ``enableAccount`` and ``resetPassword``.

Each mutation calls one function of ``workflow.accounts``, which decides who may (the action
table's role rule), writes the change and its audit event in one transaction and audits refusals;
this module names the arguments, closes the live sockets of sessions a change ended, and presents
the row. The list asks the same rule (``workflow.workspace``'s ``accounts`` section) before reading.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.errors import Conflict, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import run
from api.schema.permissions import refuse, require_viewer
from api.socket_sessions import close_sockets_of_sessions
from domain import models
from domain.db import read_session
from domain.errors import InvalidInput as InvalidInputError
from workflow import accounts
from workflow.workspace import SECTIONS

__all__ = ["Account", "AccountMutations", "AccountQueries", "AccountResult"]


@strawberry.type(description="A sign-in account as an administrator manages it (never its password).")
class Account:
    id: int
    username: str
    display_name: str | None
    roles: list[str]
    unit_code: str | None = strawberry.field(description="The unit an operator covers with its sub-units; null: all.")
    nip: str | None = strawberry.field(description="The civil servant this account belongs to, if any.")
    active: bool = strawberry.field(description="False: disabled — it cannot sign in and its sessions have ended.")
    created_at: datetime

    @strawberry.field(description="The linked employee's name (null without a NIP).")
    async def employee_name(self, info: Info) -> str | None:
        if self.nip is None:
            return None
        row = await info.context.loaders.employee.load(self.nip)
        return row.name if row is not None else None

    @strawberry.field(description="The name of the unit in `unitCode`.")
    async def unit_name(self, info: Info) -> str | None:
        if self.unit_code is None:
            return None
        row = await info.context.loaders.unit.load(self.unit_code)
        return row.name if row is not None else None

    @classmethod
    def of(cls, row: models.User, roles: list[str]) -> Account:
        assert row.id is not None
        return cls(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            roles=roles,
            unit_code=row.unit_code,
            nip=row.nip,
            active=row.active,
            created_at=row.created_at,
        )


AccountResult = Annotated[Account | NotAllowed | InvalidInput | NotFound | Conflict, strawberry.union("AccountResult")]


def require_admin(info: Info) -> None:
    """The accounts section's rule (the action table's ``create_account``) for reading accounts."""
    viewer = require_viewer(info)
    if not SECTIONS["accounts"](viewer):
        raise refuse(
            info,
            "accounts are for administrators",
            "Only an administrator may manage accounts.",
            key="not_allowed.admin_only",
        )


MAX_SEARCH = 200  # characters, as the other lists' searches


def _search(search: str | None) -> str | None:
    term = (search or "").strip().lower()
    if len(term) > MAX_SEARCH:
        raise InvalidInputError(f"search has {len(term)} characters; use at most {MAX_SEARCH}")
    return term or None


async def _roles_of(info: Info, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    async with read_session(info.context.sessions) as session:
        rows = await session.exec(
            select(models.UserRole).where(col(models.UserRole.user_id).in_(ids)).order_by(col(models.UserRole.role))
        )
        for row in rows.all():
            found[row.user_id].append(row.role)
    return found


async def _answer(info: Info, change: accounts.AccountChange) -> Account:
    if change.ended_sessions:  # sockets of this process close now; other processes' at their next re-check
        await close_sockets_of_sessions(info.context.request, change.ended_sessions)
    return Account.of(change.user, change.roles)


@strawberry.type
class AccountQueries:
    @strawberry.field(
        description="Sign-in accounts by username (administrators). `search` matches username, name or NIP; "
        "`active` filters on disabled (false) or enabled (true) accounts."
    )
    async def accounts(
        self,
        info: Info,
        search: str | None = None,
        active: bool | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Account]:
        require_admin(info)
        query = select(models.User)
        term = _search(search)
        if term:
            pattern = f"%{term}%"
            query = query.where(
                sa.or_(
                    sa.func.lower(col(models.User.username)).like(pattern),
                    sa.func.lower(sa.func.coalesce(col(models.User.display_name), "")).like(pattern),
                    sa.func.coalesce(col(models.User.nip), "").like(pattern),
                )
            )
        if active is not None:
            query = query.where(col(models.User.active) == active)
        order = [col(models.User.username)]
        rows, size, total = await fetch_page(info.context.sessions, query, order, first, after)
        roles = await _roles_of(info, [r.id for r in rows[:size]])
        return build_connection(rows, size, total, lambda r: (r.username,), lambda r: Account.of(r, roles[r.id]), after)


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description="Create an account (administrators): a username, a first password (at least 10 characters, "
        "stored as an argon2id hash), its roles, and optionally a display name, the NIP of its civil servant and "
        "the unit an operator covers. Audited (never the password); so is a refusal."
    )
    async def create_account(
        self,
        info: Info,
        username: str,
        password: str,
        roles: list[str],
        display_name: str | None = None,
        nip: str | None = None,
        unit_code: str | None = None,
    ) -> AccountResult:
        change = await run(
            info,
            accounts.create_account,
            username,
            password,
            roles,
            display_name,
            nip,
            unit_code,
            idempotent=False,
        )
        return await _answer(info, change)

    @strawberry.mutation(
        description="Change an account's roles, unit scope (null: the whole province), display name or NIP "
        "(administrators); an argument left out keeps its value. A change of roles, unit or NIP ends the "
        "account's sessions (it signs in again under the new rights). Audited with each old and new value."
    )
    async def change_account(
        self,
        info: Info,
        id: int,
        roles: list[str] | None = strawberry.UNSET,
        unit_code: str | None = strawberry.UNSET,
        display_name: str | None = strawberry.UNSET,
        nip: str | None = strawberry.UNSET,
    ) -> AccountResult:
        given = {
            name: value
            for name, value in (
                ("roles", roles),
                ("unit_code", unit_code),
                ("display_name", display_name),
                ("nip", nip),
            )
            if value is not strawberry.UNSET
        }
        if "roles" in given and given["roles"] is None:
            return InvalidInput(
                message="roles cannot be null; give the account's roles, at least one", message_key="input.roles_null"
            )
        change = await run(info, accounts.change_account, id, idempotent=False, **given)
        return await _answer(info, change)

    @strawberry.mutation(
        description="Disable an account (administrators): it can no longer sign in, and its sessions and live "
        "connections end now. Audited."
    )
    async def disable_account(self, info: Info, id: int) -> AccountResult:
        change = await run(info, accounts.set_account_active, id, False, idempotent=False)
        return await _answer(info, change)

    @strawberry.mutation(description="Enable a disabled account again (administrators). Audited.")
    async def enable_account(self, info: Info, id: int) -> AccountResult:
        change = await run(info, accounts.set_account_active, id, True, idempotent=False)
        return await _answer(info, change)

    @strawberry.mutation(
        description="Set a new password for an account (administrators; at least 10 characters, stored as an "
        "argon2id hash): its sessions and live connections end. Audited (never the password)."
    )
    async def reset_password(self, info: Info, id: int, password: str) -> AccountResult:
        change = await run(info, accounts.reset_password, id, password, idempotent=False)
        return await _answer(info, change)
