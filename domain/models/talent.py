"""The rest of the talent profile: SKP, competency assessments, leadership training, discipline."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Skp(SQLModel, table=True):
    """One year's SKP. ``predicate`` is what the matrix gives for the two ratings; it is stored
    because it is the official record and SQL ranks on it."""

    __tablename__ = "skp"
    __table_args__ = (sa.UniqueConstraint("nip", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    year: int
    work_result: str = Field(max_length=12)  # domain.reference.Rating
    behaviour: str = Field(max_length=12)
    predicate: str = Field(max_length=16)  # domain.reference.SkpPredicate


class CompetencyAssessment(SQLModel, table=True):
    """One assessment of one person against the standard of a level (jenjang).

    ``jpm`` = Σ level held ÷ Σ standard × 100, recomputed from the scores whenever they are written
    (see ``domain.talent.compute_jpm``); stored so ranking 100 000 people stays one SQL query.
    """

    __tablename__ = "competency_assessment"
    __table_args__ = (sa.UniqueConstraint("nip", "assessed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    assessed_on: date
    target_level: str = Field(max_length=20)
    assessor: str | None = Field(default=None, max_length=200)
    jpm: float


class CompetencyScore(SQLModel, table=True):
    """One competency of an assessment: the level shown against the level the target post requires."""

    __tablename__ = "competency_score"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "competency"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="competency_assessment.id", index=True)
    competency: str = Field(max_length=100)
    kind: str = Field(max_length=14)  # domain.reference.CompetencyKind
    level: int
    standard: int


class Training(SQLModel, table=True):
    """Leadership training (PKN Tk. I/II, PKA, PKP) or other training."""

    __tablename__ = "training"
    __table_args__ = (sa.UniqueConstraint("nip", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    kind: str = Field(max_length=8)  # domain.reference.TrainingKind
    name: str | None = Field(default=None, max_length=200)
    completed_on: date | None = None


class Discipline(SQLModel, table=True):
    """Hukuman disiplin (PP 94/2021), in effect from ``start_date`` to ``end_date``."""

    __tablename__ = "discipline"
    __table_args__ = (sa.UniqueConstraint("nip", "decree_date"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="employee.nip", index=True, max_length=18)
    decree_date: date
    severity: str = Field(max_length=6)  # domain.reference.DisciplineSeverity
    penalty: str | None = Field(default=None, max_length=250)
    start_date: date | None = None
    end_date: date | None = None
