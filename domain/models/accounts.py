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
