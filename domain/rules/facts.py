"""The facts a verdict rests on, loaded once per person so the rules themselves stay pure.

``PersonFacts`` is a plain snapshot of one talent profile (no ORM objects, no session), so tests
can build one by hand and the eligibility and nine-box rules can be evaluated exactly and fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, NotFound
from domain.models import (
    CompetencyAssessment,
    CompetencyScore,
    Discipline,
    EducationHistory,
    Employee,
    JobHistory,
    Position,
    RankHistory,
    Skp,
    Training,
)
from domain.reference import STRUCTURAL_LEVELS, Level


@dataclass(frozen=True)
class JobRow:
    start_date: date
    end_date: date | None
    level: str
    position_code: str | None = None
    jf_grade: str | None = None  # reference.JfGrade of a fungsional row


@dataclass(frozen=True)
class RankRow:
    """Riwayat pangkat: ``golongan`` in effect from ``tmt``."""

    tmt: date
    golongan: str


@dataclass(frozen=True)
class EducationRow:
    """Riwayat pendidikan: ``level`` completed on ``graduated_on`` (None: date not recorded)."""

    level: str
    graduated_on: date | None = None


@dataclass(frozen=True)
class SkpRow:
    year: int
    predicate: str


@dataclass(frozen=True)
class AssessmentRow:
    assessed_on: date
    target_level: str
    jpm: float
    min_standard: int | None = None  # the lowest standard level among its competencies


@dataclass(frozen=True)
class PenaltyRow:
    decree_date: date
    severity: str
    start_date: date | None = None
    end_date: date | None = None
    penalty: str | None = None


@dataclass(frozen=True)
class TrainingRow:
    kind: str
    completed_on: date | None = None


@dataclass(frozen=True)
class PersonFacts:
    """One employee's talent profile as far as the rules need it.

    ``education``, ``golongan`` (with ``golongan_tmt``) and ``position_code`` are the employee
    row's snapshot — a cache of today. The rules read the dated rows (``ranks``, ``educations``,
    ``jobs``) as of the appointment date and fall back on the snapshot only where the history has
    nothing (see ``held``)."""

    nip: str
    birth_date: date
    education: str
    golongan: str
    golongan_tmt: date | None = None
    health_ok: bool | None = None
    position_code: str | None = None  # the recorded post (a cache of today; see ``held``)
    position_level: str | None = None  # that post's level
    jobs: list[JobRow] = field(default_factory=list)
    skps: list[SkpRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    penalties: list[PenaltyRow] = field(default_factory=list)
    trainings: list[TrainingRow] = field(default_factory=list)
    ranks: list[RankRow] = field(default_factory=list)
    educations: list[EducationRow] = field(default_factory=list)


@dataclass(frozen=True)
class PostFacts:
    """The post someone is considered for."""

    code: str
    level: str
    eselon: str | None
    title: str = ""


async def load_post(session: AsyncSession, position_code: str) -> PostFacts:
    """The post, checked to be one filled by merit nomination (JPT Pratama, Administrator, Pengawas)."""
    post = await session.get(Position, position_code)
    if post is None:
        raise NotFound(
            f'no post with code "{position_code}"; check the code in the list of positions',
            key="not_found.post",
            params={"post": position_code},
        )
    if post.level not in {lvl.value for lvl in STRUCTURAL_LEVELS}:
        allowed = ", ".join(lvl.value for lvl in STRUCTURAL_LEVELS)
        raise InvalidInput(
            f'post "{position_code}" is at level "{post.level}"; eligibility rules exist only for {allowed}',
            key="input.post_not_structural",
            params={"post": position_code, "level": post.level, "allowed": allowed},
        )
    return PostFacts(code=post.code, level=Level(post.level).value, eselon=post.eselon, title=post.title)


async def load_person(session: AsyncSession, nip: str) -> PersonFacts:
    """Everything the rules read about one employee; NotFound for an unknown NIP."""
    people = await load_people(session, [nip])
    if nip not in people:
        raise NotFound(
            f'no employee with NIP "{nip}"; check the NIP (18 digits, spaces allowed)',
            key="not_found.employee",
            params={"nip": nip},
        )
    return people[nip]


async def load_people(session: AsyncSession, nips: list[str]) -> dict[str, PersonFacts]:
    """The facts of several employees in eleven queries whatever their number (one per table), so a
    ranked page of 20 costs what a page of 1 costs. Unknown NIPs are simply absent."""
    if not nips:
        return {}
    wanted = sorted(set(nips))

    async def rows(model: type, *order: sa.ColumnElement) -> dict[str, list]:
        # The table's rows, not ORM objects: the facts only read columns, and building an ORM
        # instance (identity map, instance state) per row was over half of a near list's time.
        found: dict[str, list] = {}
        table = model.__table__  # type: ignore[attr-defined]
        result = await session.exec(sa.select(table).where(table.c.nip.in_(wanted)).order_by(model.nip, *order))
        for row in result:
            found.setdefault(row.nip, []).append(row)
        return found

    employees = await rows(Employee)
    jobs = await rows(JobHistory, JobHistory.start_date)
    skps = await rows(Skp, Skp.year)
    assessments = await rows(CompetencyAssessment, CompetencyAssessment.assessed_on)
    penalties = await rows(Discipline, Discipline.decree_date)
    trainings = await rows(Training, Training.kind)
    standards: dict[tuple[str, date], int] = {}
    found_standards = await session.exec(
        sa.select(CompetencyAssessment.nip, CompetencyAssessment.assessed_on, sa.func.min(CompetencyScore.standard))
        .join(CompetencyScore, CompetencyScore.assessment_id == CompetencyAssessment.id)
        .where(CompetencyAssessment.nip.in_(wanted))
        .group_by(CompetencyAssessment.nip, CompetencyAssessment.assessed_on)
    )
    for a_nip, assessed_on, lowest in found_standards.all():
        standards[(a_nip, assessed_on)] = lowest
    ranks = await rows(RankHistory, RankHistory.tmt)
    educations = await rows(EducationHistory, EducationHistory.level)
    recorded = {e.position_code for (e,) in employees.values() if e.position_code}
    levels: dict[str, str] = {}
    if recorded:
        found = await session.exec(sa.select(Position.code, Position.level).where(Position.code.in_(sorted(recorded))))
        levels = {code: level for code, level in found.all()}
    people: dict[str, PersonFacts] = {}
    for nip, (employee,) in employees.items():
        people[nip] = PersonFacts(
            nip=employee.nip,
            birth_date=employee.birth_date,
            education=employee.education,
            golongan=employee.golongan,
            golongan_tmt=employee.golongan_tmt,
            health_ok=employee.health_ok,
            position_code=employee.position_code,
            position_level=levels.get(employee.position_code or ""),
            jobs=[JobRow(j.start_date, j.end_date, j.level, j.position_code, j.jf_grade) for j in jobs.get(nip, [])],
            skps=[SkpRow(s.year, s.predicate) for s in skps.get(nip, [])],
            assessments=[
                AssessmentRow(a.assessed_on, a.target_level, a.jpm, standards.get((nip, a.assessed_on)))
                for a in assessments.get(nip, [])
            ],
            penalties=[
                PenaltyRow(p.decree_date, p.severity, p.start_date, p.end_date, p.penalty)
                for p in penalties.get(nip, [])
            ],
            trainings=[TrainingRow(t.kind, t.completed_on) for t in trainings.get(nip, [])],
            ranks=[RankRow(r.tmt, r.golongan) for r in ranks.get(nip, [])],
            educations=[EducationRow(e.level, e.graduated_on) for e in educations.get(nip, [])],
        )
    return people
