"""Employees (ASN/PNS) and the dated rows of their careers: job history, rank and education."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Employee(SQLModel, table=True):
    """A civil servant, identified by NIP (18 digits, stored without spaces).

    ``birth_date``, ``gender`` and ``cpns_start`` are what the NIP encodes; they are stored so SQL
    can filter on them (age limits over 100 000 people), and the importer checks they agree.
    """

    __tablename__ = "employee"

    nip: str = Field(primary_key=True, max_length=18)
    name: str = Field(max_length=200, index=True)
    front_title: str | None = Field(default=None, max_length=60)
    back_title: str | None = Field(default=None, max_length=100)
    birth_date: date
    gender: str = Field(max_length=6)  # domain.reference.Gender
    cpns_start: date
    religion: str | None = Field(default=None, max_length=12)  # domain.reference.Religion
    golongan: str = Field(max_length=5)  # current rank, e.g. "IV/a" (domain.reference.RANKS)
    golongan_tmt: date | None = None
    education: str = Field(max_length=5)  # highest level, domain.reference.Education
    major: str | None = Field(default=None, max_length=200)
    unit_code: str = Field(foreign_key="unit.code", index=True, max_length=40)
    # unique: one post, one incumbent -- enforced by the database, not by Python.
    position_code: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(60), sa.ForeignKey("position.code"), unique=True)
    )
    health_ok: bool | None = None  # latest health statement: fit / unfit / unknown

    @property
    def full_name(self) -> str:
        parts = [self.front_title, self.name]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.back_title}" if self.back_title else name


class JobHistory(SQLModel, table=True):
    """Riwayat jabatan: one post held from ``start_date`` to ``end_date`` (last day held; None = still held).

    Level and eselon are copied onto the row because they are the facts *at that time*; a post can be
    re-levelled later without rewriting anyone's history.
    """

    __tablename__ = "job_history"
    __table_args__ = (sa.UniqueConstraint("nip", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    start_date: date
    end_date: date | None = None
    position_code: str | None = Field(default=None, foreign_key="position.code", max_length=60)
    title: str = Field(max_length=250)
    level: str = Field(max_length=20)
    eselon: str | None = Field(default=None, max_length=5)
    # The grade of a functional (JF) post, domain.reference.JfGrade; None for other posts or unknown.
    jf_grade: str | None = Field(default=None, max_length=12)
    unit_name: str | None = Field(default=None, max_length=200)
    decree_number: str | None = Field(default=None, max_length=100)
    decree_date: date | None = None


class RankHistory(SQLModel, table=True):
    """Riwayat pangkat: each golongan with the date it took effect (TMT)."""

    __tablename__ = "rank_history"
    __table_args__ = (sa.UniqueConstraint("nip", "tmt"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    golongan: str = Field(max_length=5)
    tmt: date
    decree_number: str | None = Field(default=None, max_length=100)


class EducationHistory(SQLModel, table=True):
    """Riwayat pendidikan: each completed level."""

    __tablename__ = "education_history"
    __table_args__ = (sa.UniqueConstraint("nip", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    level: str = Field(max_length=5)
    major: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=200)
    graduated_on: date | None = None
