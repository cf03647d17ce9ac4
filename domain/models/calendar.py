"""Public holidays: working-day deadlines (30 working days after the decree, …) skip them."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class Holiday(SQLModel, table=True):
    __tablename__ = "holiday"

    day: date = Field(primary_key=True)
    name: str = Field(max_length=200)
