"""What the database already holds, loaded with one query per table (never one per row).

Rows are plain dicts keyed by natural key so checks and the upsert plan run in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.models import (
    CompetencyAssessment,
    CompetencyScore,
    Discipline,
    Employee,
    JobHistory,
    Position,
    RankHistory,
    Skp,
    Training,
    Unit,
)

Rows = dict[tuple[Any, ...], dict[str, Any]]


def table(model: type) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


@dataclass
class Existing:
    units: Rows = field(default_factory=dict)
    positions: Rows = field(default_factory=dict)
    employees: Rows = field(default_factory=dict)  # full rows only when employees.csv is imported
    employee_nips: set[str] = field(default_factory=set)
    job_history: Rows = field(default_factory=dict)
    rank_history: Rows = field(default_factory=dict)
    skp: Rows = field(default_factory=dict)
    assessments: Rows = field(default_factory=dict)
    scores: Rows = field(default_factory=dict)  # keyed (nip, assessed_on, competency)
    trainings: Rows = field(default_factory=dict)
    discipline: Rows = field(default_factory=dict)


async def _rows(session: AsyncConnection, model: type, key: tuple[str, ...]) -> Rows:
    result = await session.execute(sa.select(table(model)))
    names = list(result.keys())
    positions = [names.index(k) for k in key]
    return {tuple(row[i] for i in positions): dict(zip(names, row, strict=True)) for row in result}


async def load_existing(session: AsyncConnection, present: set[str]) -> Existing:
    """Load the tables the files in ``present`` (file names) may touch or refer to."""
    ex = Existing()
    ex.units = await _rows(session, Unit, ("code",))
    ex.positions = await _rows(session, Position, ("code",))
    if "employees.csv" in present:
        ex.employees = await _rows(session, Employee, ("nip",))
        ex.employee_nips = {key[0] for key in ex.employees}
        ex.rank_history = await _rows(session, RankHistory, ("nip", "tmt"))
    else:
        ex.employee_nips = set((await session.execute(sa.select(table(Employee).c.nip))).scalars())
    if "job_history.csv" in present:
        ex.job_history = await _rows(session, JobHistory, ("nip", "start_date"))
        if "employees.csv" not in present:
            # The open job-history row must agree with the post each person holds.
            emp = table(Employee)
            result = await session.execute(sa.select(emp.c.nip, emp.c.position_code))
            ex.employees = {(nip,): {"nip": nip, "position_code": code} for nip, code in result}
    if "skp.csv" in present:
        ex.skp = await _rows(session, Skp, ("nip", "year"))
    if "competencies.csv" in present:
        ex.assessments = await _rows(session, CompetencyAssessment, ("nip", "assessed_on"))
        by_id = {row["id"]: key for key, row in ex.assessments.items()}
        for row in (await session.execute(sa.select(table(CompetencyScore)))).mappings():
            nip, assessed_on = by_id[row["assessment_id"]]
            ex.scores[(nip, assessed_on, row["competency"])] = dict(row)
    if "trainings.csv" in present:
        ex.trainings = await _rows(session, Training, ("nip", "kind"))
    if "discipline.csv" in present:
        ex.discipline = await _rows(session, Discipline, ("nip", "decree_date"))
    return ex
