"""Builders for talent-rule tests: pure facts (exact and fast) and rows in the database.

``eligible_facts()`` is someone who meets every rule for a JPT Pratama post (eselon II.b) on
``AS_OF``; each boundary test changes one thing. ``TalentData`` writes the same shapes as SQLModel
rows. (A module rather than conftest.py because tests/domain is shared with other helpers.)
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import (
    CompetencyAssessment,
    Discipline,
    EducationHistory,
    Employee,
    JobHistory,
    Position,
    RankHistory,
    Skp,
    Training,
    Unit,
)
from domain.rules.facts import (
    AssessmentRow,
    EducationRow,
    JobRow,
    PenaltyRow,
    PersonFacts,
    PostFacts,
    RankRow,
    SkpRow,
    TrainingRow,
)

AS_OF = date(2026, 1, 26)  # the Banten inauguration day
JPT_POST = PostFacts(code="BKD-KEPALA", level="jpt_pratama", eselon="II.b", title="Kepala BKD")


def eligible_facts(**changes: object) -> PersonFacts:
    """Meets every rule for JPT_POST on AS_OF: S2, IV/a, 3 years as administrator after 4 as
    pengawas, Baik in 2024 and 2025, JPM 80 against JPT Pratama, aged 50, PKN II, fit."""
    person = PersonFacts(
        nip="197601012000031001",
        birth_date=date(1976, 1, 1),
        education="S2",
        golongan="IV/a",
        health_ok=True,
        jobs=[
            JobRow(date(2019, 1, 1), date(2022, 12, 31), "pengawas"),
            JobRow(date(2023, 1, 1), None, "administrator"),
        ],
        skps=[SkpRow(2024, "baik"), SkpRow(2025, "baik")],
        assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 80.0)],
        trainings=[TrainingRow("PKN_II", date(2024, 5, 1))],
    )
    return replace(person, **changes)


_sequence = itertools.count(1)


def make_nip(birth: date, gender: int = 1) -> str:
    cpns = date(birth.year + 23, 3, 1)
    return f"{birth:%Y%m%d}{cpns:%Y%m}{gender}{next(_sequence) % 1000:03d}"


class TalentData:
    """Writes units, posts and employees with their talent profiles (flush, no commit)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unit(self, code: str, parent: str | None = None) -> Unit:
        unit = Unit(code=code, name=f"Unit {code}", parent_code=parent)
        self.session.add(unit)
        await self.session.flush()
        return unit

    async def unit_tree(self, setda_sub_unit: str) -> None:
        """Units PROV, SETDA (with ``setda_sub_unit`` below it) and DINKES: a unit tree with two
        branches, for counting a unit with its sub-units and leaving the other branch out."""
        await self.unit("PROV")
        await self.unit("SETDA", "PROV")
        await self.unit(setda_sub_unit, "SETDA")
        await self.unit("DINKES", "PROV")

    async def post(
        self, code: str, unit: str, level: str = "jpt_pratama", eselon: str | None = "II.b", is_key: bool = True
    ) -> Position:
        post = Position(code=code, title=f"Post {code}", unit_code=unit, level=level, eselon=eselon, is_key=is_key)
        self.session.add(post)
        await self.session.flush()
        return post

    async def person(
        self, facts: PersonFacts, unit: str, name: str | None = None, position_code: str | None = None
    ) -> Employee:
        """An employee and every row of ``facts``; ``facts.nip`` is used as given."""
        rows = self.rows(facts, unit, name, position_code)
        await self._write([rows])
        return rows[0]

    async def people(self, many: list[tuple[PersonFacts, str | None]], unit: str) -> None:
        """Many employees in two flushes (``(facts, post held or None)`` pairs)."""
        await self._write([self.rows(facts, unit, None, position_code) for facts, position_code in many])

    async def _write(self, people: list[list]) -> None:
        """Employees first, then their rows: without relationships the unit of work does not order
        education_history (sorted before employee) after the employee it refers to."""
        self.session.add_all([rows[0] for rows in people])
        await self.session.flush()
        self.session.add_all([row for rows in people for row in rows[1:]])
        await self.session.flush()

    @staticmethod
    def rows(facts: PersonFacts, unit: str, name: str | None, position_code: str | None) -> list:
        nip = facts.nip
        rows: list = [
            Employee(
                nip=nip,
                name=name or f"Pegawai {nip[-6:]}",
                birth_date=facts.birth_date,
                gender="male",
                cpns_start=date(facts.birth_date.year + 23, 3, 1),
                golongan=facts.golongan,
                golongan_tmt=facts.golongan_tmt,
                education=facts.education,
                unit_code=unit,
                position_code=position_code or facts.position_code,
                health_ok=facts.health_ok,
            )
        ]
        rows += [
            JobHistory(
                nip=nip,
                start_date=j.start_date,
                end_date=j.end_date,
                level=j.level,
                title=f"{j.level} post",
                position_code=j.position_code,
                jf_grade=j.jf_grade,
            )
            for j in facts.jobs
        ]
        rows += [
            Skp(nip=nip, year=s.year, work_result="as_expected", behaviour="as_expected", predicate=s.predicate)
            for s in facts.skps
        ]
        rows += [
            CompetencyAssessment(nip=nip, assessed_on=a.assessed_on, target_level=a.target_level, jpm=a.jpm)
            for a in facts.assessments
        ]
        rows += [
            Discipline(
                nip=nip, decree_date=p.decree_date, severity=p.severity, start_date=p.start_date, end_date=p.end_date
            )
            for p in facts.penalties
        ]
        rows += [Training(nip=nip, kind=t.kind, completed_on=t.completed_on) for t in facts.trainings]
        rows += [RankHistory(nip=nip, tmt=r.tmt, golongan=r.golongan) for r in facts.ranks]
        rows += [EducationHistory(nip=nip, level=e.level, graduated_on=e.graduated_on) for e in facts.educations]
        return rows


def days(n: int) -> timedelta:
    return timedelta(days=n)


__all__ = [
    "AS_OF",
    "JPT_POST",
    "AssessmentRow",
    "EducationRow",
    "JobRow",
    "PenaltyRow",
    "RankRow",
    "SkpRow",
    "TalentData",
    "TrainingRow",
    "days",
]
