"""Organisation units (OPD) and the posts in them."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Unit(SQLModel, table=True):
    """An organisation unit (OPD): Sekretariat Daerah, a Biro, a Badan, a Dinas … forming a tree."""

    __tablename__ = "unit"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    parent_code: str | None = Field(default=None, foreign_key="unit.code", index=True, max_length=40)


class Position(SQLModel, table=True):
    """A post (jabatan). Who holds it is recorded on the employee (``Employee.position_code``,
    unique), so a post can never have two incumbents and *vacant* needs no separate flag."""

    __tablename__ = "position"

    code: str = Field(primary_key=True, max_length=60)
    title: str = Field(max_length=250)
    unit_code: str = Field(foreign_key="unit.code", index=True, max_length=40)
    level: str = Field(index=True, max_length=20)  # domain.reference.Level
    eselon: str | None = Field(default=None, max_length=5)  # II.a … IV.b, None for pelaksana/fungsional
    parent_code: str | None = Field(default=None, foreign_key="position.code", max_length=60)
    # Key posts get a succession group from the talent pool (boxes 7-9); all JPT posts are key posts.
    is_key: bool = Field(default=False)
