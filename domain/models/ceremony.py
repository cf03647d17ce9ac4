"""Inauguration ceremonies and the SIASN export records produced by completed oaths."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Ceremony(SQLModel, table=True):
    """A ceremony inaugurating many appointees at once. ``officiant`` is text (the governor has
    no NIP); ``invitation_on`` is when the written invitation went out (≥ 1 working day before);
    ``clergy`` maps a religion to the rohaniwan attending for it."""

    __tablename__ = "ceremony"

    id: int | None = Field(default=None, primary_key=True)
    held_on: date
    place: str = Field(max_length=250)
    officiant: str = Field(max_length=250)
    # The officiant's NIP under the signature (none for the Gubernur, an elected official).
    officiant_nip: str | None = Field(default=None, max_length=18)
    # Nomor of the Berita Acara, as the agency's registry gives it.
    document_number: str | None = Field(default=None, max_length=100)
    invitation_on: date | None = None
    clergy: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime
    conducted_at: datetime | None = None
    # The results of the last real run (one per nomination: id, ok, code, message, params), so a
    # ceremony that ran with failures says which and why until it is conducted again.
    last_run: list[dict[str, Any]] | None = Field(default=None, sa_column=sa.Column(sa.JSON))


class SiasnExport(SQLModel, table=True):
    """A new position record for the national system (SIASN ``jabatan/save``), waiting for export."""

    __tablename__ = "siasn_export"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", unique=True)
    nip: str = Field(foreign_key="employee.nip", max_length=18, index=True)
    payload: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime
    exported_at: datetime | None = None
