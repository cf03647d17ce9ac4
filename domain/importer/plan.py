"""The upsert plan: for each table, which rows to insert, which to update and how many are unchanged.

Computed in memory from the records and the existing rows, so a dry run reports exactly what a real
import would do and a re-import of the same files finds everything unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from domain.competency import compute_jpm
from domain.importer import files
from domain.importer.existing import Existing, Rows
from domain.importer.report import Counts
from domain.importer.rows import Record
from domain.reference import Level

JPT_LEVELS = {Level.JPT_PRATAMA.value, Level.JPT_MADYA.value}


@dataclass
class TablePlan:
    """``updates`` carry the primary key under ``pk`` plus the columns to set."""

    label: str
    table: str
    pk: str
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def counts(self) -> Counts:
        return Counts(len(self.inserts), len(self.updates), self.unchanged)


def _same(old: Any, new: Any) -> bool:
    if old == new:
        return True
    if isinstance(old, float) or isinstance(new, float):
        return old is not None and new is not None and round(float(old), 2) == round(float(new), 2)
    return bool(old == new)


def diff(
    label: str, table: str, pk: str, rows: list[tuple[tuple[Any, ...], dict[str, Any]]], existing: Rows
) -> TablePlan:
    plan = TablePlan(label, table, pk)
    for key, values in rows:
        old = existing.get(key)
        if old is None:
            plan.inserts.append(values)
        elif all(old.get(column) == value or _same(old.get(column), value) for column, value in values.items()):
            plan.unchanged += 1
        else:
            plan.updates.append({**values, "_pk": old[pk]})
    return plan


def _by_depth(records: list[Record]) -> list[Record]:
    """Parents before children, so every insert finds its parent already there (cycles were refused)."""
    parent = {rec.key[0]: rec.values.get("parent_code") for rec in records}
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        chain = []
        node: str | None = code
        while node is not None and node in parent and node not in depth:
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0) if node is not None else 0
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
        return depth[code]

    return sorted(records, key=lambda rec: depth_of(rec.key[0]))


def build_plans(recs: dict[str, list[Record]], ex: Existing) -> list[TablePlan]:
    """Plans in write order (parents before children)."""
    plans: list[TablePlan] = []

    def simple(spec: files.FileSpec, table: str, existing: Rows, pk: str = "id") -> None:
        if spec.name in recs:
            rows = [(rec.key, rec.values) for rec in recs[spec.name]]
            plans.append(diff(spec.name, table, pk, rows, existing))

    if files.UNITS.name in recs:
        rows = [(rec.key, rec.values) for rec in _by_depth(recs[files.UNITS.name])]
        plans.append(diff(files.UNITS.name, "unit", "code", rows, ex.units))
    if files.POSITIONS.name in recs:
        plan = diff(
            files.POSITIONS.name,
            "position",
            "code",
            [(rec.key, rec.values) for rec in _by_depth(recs[files.POSITIONS.name])],
            ex.positions,
        )
        for row in plan.inserts:
            row["is_key"] = row["level"] in JPT_LEVELS  # every JPT post is a key post
        plans.append(plan)
    if files.EMPLOYEES.name in recs:
        employees = recs[files.EMPLOYEES.name]
        simple(files.EMPLOYEES, "employee", ex.employees, pk="nip")
        ranks = [
            (
                (rec.key[0], rec.values["golongan_tmt"]),
                {"nip": rec.key[0], "tmt": rec.values["golongan_tmt"], "golongan": rec.values["golongan"]},
            )
            for rec in employees
            if rec.values.get("golongan_tmt") is not None
        ]
        plans.append(diff(f"{files.EMPLOYEES.name} (rank history)", "rank_history", "id", ranks, ex.rank_history))
    simple(files.JOB_HISTORY, "job_history", ex.job_history)
    simple(files.SKP, "skp", ex.skp)
    if files.COMPETENCIES.name in recs:
        plans.extend(_competency_plans(recs[files.COMPETENCIES.name], ex))
    simple(files.TRAININGS, "training", ex.trainings)
    simple(files.DISCIPLINE, "discipline", ex.discipline)
    return plans


def _competency_plans(records: list[Record], ex: Existing) -> list[TablePlan]:
    """Rows group into assessments (nip, assessed_on); JPM is recomputed from all of an
    assessment's scores, those already stored included."""
    pairs: dict[tuple[Any, ...], dict[str, tuple[int, int]]] = defaultdict(dict)
    for (nip, assessed_on, competency), row in ex.scores.items():
        pairs[(nip, assessed_on)][competency] = (row["level"], row["standard"])
    heads: dict[tuple[Any, ...], Record] = {}
    score_rows = []
    for rec in records:
        key = rec.key[:2]
        heads.setdefault(key, rec)
        pairs[key][rec.key[2]] = (rec.values["level"], rec.values["standard"])
        values = {k: rec.values[k] for k in ("competency", "kind", "level", "standard")}
        values["assessment_key"] = key  # resolved to assessment_id when written
        score_rows.append((rec.key, values))
    assessments = []
    for key, head in heads.items():
        values = {"nip": key[0], "assessed_on": key[1], "target_level": head.values["target_level"]}
        if "assessor" in head.values:
            values["assessor"] = head.values["assessor"]
        values["jpm"] = compute_jpm(pairs[key].values())
        assessments.append((key, values))
    label = files.COMPETENCIES.name
    assessment_plan = diff(f"{label} (assessments)", "competency_assessment", "id", assessments, ex.assessments)
    existing_scores = {key: {**row, "assessment_key": key[:2]} for key, row in ex.scores.items()}
    score_plan = diff(label, "competency_score", "id", score_rows, existing_scores)
    return [assessment_plan, score_plan]
