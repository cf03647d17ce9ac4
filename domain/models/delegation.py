"""Acting officials (Plt/Plh): one user acts for another during a dated period."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Delegation(SQLModel, table=True):
    """``acting_user_id`` acts for ``principal_user_id`` from ``start_date`` to ``end_date``
    (inclusive). Plt (pelaksana tugas) fills a vacancy; Plh (pelaksana harian) covers an absence.
    Actions taken under it record both people, and separation of duties applies to both."""

    __tablename__ = "delegation"

    id: int | None = Field(default=None, primary_key=True)
    acting_user_id: int = Field(foreign_key="app_user.id", index=True)
    principal_user_id: int = Field(foreign_key="app_user.id", index=True)
    kind: str = Field(max_length=3)  # plt | plh
    start_date: date
    end_date: date
    decree_number: str | None = Field(default=None, max_length=100)
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime
