"""Accounts of the people who use meritflow, with their roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    """A sign-in account. ``nip`` links a civil servant to their employee record (needed for
    separation of duties: nobody approves their own nomination); ``unit_code`` scopes an operator
    to a unit and its sub-units (None = the whole province)."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=sa.Column(sa.String(80), unique=True, nullable=False))
    password_hash: str = Field(max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    nip: str | None = Field(default=None, foreign_key="employee.nip", max_length=18)
    unit_code: str | None = Field(default=None, foreign_key="unit.code", max_length=40)
    active: bool = Field(default=True)
    created_at: datetime


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=20)  # domain.reference.Role


class AuthSession(SQLModel, table=True):
    """A signed-in session. Only the SHA-256 of the token is stored, so a leaked database row
    cannot be replayed as a cookie or bearer token. Deleted on logout (server-side logout);
    ``last_seen_at`` drives the idle timeout and ``created_at`` the absolute one."""

    __tablename__ = "auth_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime
    last_seen_at: datetime
    client: str | None = Field(default=None, max_length=100)


class LoginAttempt(SQLModel, table=True):
    """One failed sign-in, counted per account name and per client address so that guessing is
    slowed whether the attacker sprays one account or many (the name is recorded even when no
    such account exists, so the answer does not reveal which accounts do)."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    username: str = Field(max_length=80, index=True)
    client: str = Field(max_length=100, index=True)
