"""Row by row: each file's rows into records of typed column values, checking what one row can tell.

Checks that need other rows, other files or the database live in ``domain.importer.checks``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from domain.importer import files
from domain.importer.csvfile import CsvFile
from domain.importer.fields import RowReader
from domain.importer.report import ImportProblem
from domain.reference import (
    ESELON_OF_LEVEL,
    STRUCTURAL_LEVELS,
    CompetencyKind,
    DisciplineSeverity,
    Education,
    Gender,
    JfGrade,
    Level,
    Rating,
    Religion,
    SkpPredicate,
    TrainingKind,
    skp_predicate,
)

# Columns of the file that are checked but not stored (they are derived from the NIP).
CHECK_ONLY = {"birth_date", "gender"}


@dataclass(slots=True)
class Record:
    """One good row: its natural key and the column values to store (only columns the file has)."""

    line: int
    key: tuple[Any, ...]
    values: dict[str, Any]
    ok: bool = True  # False: the row has problems of its own; kept only to check its references too


def _rejected(line: int, values: dict[str, Any]) -> Record:
    """A bad row, kept so its references (unit, post, employee) are checked in the same run."""
    key = values.get("nip") or values.get("code")
    return Record(line, (key,), values, ok=False)


def _value(member: StrEnum | None) -> str | None:
    return member.value if member is not None else None


def _only_present(csv: CsvFile, values: dict[str, Any], always: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop columns the file does not have: a re-import leaves such columns as they are."""
    keep = _kept_columns(csv.header, always)
    return {k: v for k, v in values.items() if k in keep}


@lru_cache(maxsize=64)
def _kept_columns(header: tuple[str, ...], always: tuple[str, ...]) -> frozenset[str]:
    return frozenset(header).difference(CHECK_ONLY).union(always)


def check_eselon(r: RowReader, level: Level | None, eselon: str | None) -> None:
    """Eselon must belong to the level: II.a/II.b for JPT Pratama … and none for pelaksana/fungsional."""
    if level is None:
        return
    allowed = ESELON_OF_LEVEL[level]
    if not allowed:
        if eselon is not None:
            r.problem("eselon", f"a {level.value} post has no eselon; leave it empty")
    elif eselon is None:
        if level in STRUCTURAL_LEVELS or level is Level.JPT_MADYA:
            r.problem("eselon", f"empty; a {level.value} post needs {' or '.join(allowed)}", value="")
    elif eselon not in allowed:
        r.problem("eselon", f"does not match level {level.value}; use {' or '.join(allowed)}")


def parse_units(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        values = {
            "code": r.text("code", required=True, max_length=40),
            "name": r.text("name", required=True, max_length=200),
            "parent_code": r.text("parent_code", max_length=40),
        }
        if values["code"] is not None and values["code"] == values["parent_code"]:
            r.problem("parent_code", "a unit cannot be its own parent")
        if not r.bad:
            out.append(Record(row.line, (values["code"],), _only_present(csv, values)))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_positions(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        level = r.choice("level", Level, required=True)
        values = {
            "code": r.text("code", required=True, max_length=60),
            "title": r.text("title", required=True, max_length=250),
            "unit_code": r.text("unit_code", required=True, max_length=40),
            "level": level,
            "eselon": r.text("eselon", max_length=5),
            "parent_code": r.text("parent_code", max_length=60),
        }
        check_eselon(r, level, values["eselon"])
        if values["code"] is not None and values["code"] == values["parent_code"]:
            r.problem("parent_code", "a post cannot report to itself")
        if not r.bad:
            values["level"] = level.value if level else None
            out.append(Record(row.line, (values["code"],), _only_present(csv, values, ("eselon",))))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_employees(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        values: dict[str, Any] = {
            "nip": nip.digits if nip else None,
            "name": r.text("name", required=True, max_length=200),
            "front_title": r.text("front_title", max_length=60),
            "back_title": r.text("back_title", max_length=100),
            "religion": _value(r.choice("religion", Religion)),
            "golongan": r.golongan("golongan", required=True),
            "golongan_tmt": r.date("golongan_tmt"),
            "education": _value(r.choice("education", Education, required=True)),
            "major": r.text("major", max_length=200),
            "unit_code": r.text("unit_code", required=True, max_length=40),
            "position_code": r.text("position_code", max_length=60),
            "health_ok": r.boolean("health_ok"),
        }
        birth_date = r.date("birth_date")
        gender = r.choice("gender", Gender)
        if nip is not None:
            if birth_date is not None and birth_date != nip.birth_date:
                r.problem("birth_date", f"the NIP says {nip.birth_date.isoformat()}; correct one of them")
            if gender is not None and gender != nip.gender:
                r.problem("gender", f"the NIP says {nip.gender.value}; correct one of them")
        if not r.bad and nip is not None:
            stored = _only_present(csv, values)
            stored.update(birth_date=nip.birth_date, gender=nip.gender.value, cpns_start=nip.cpns_start)
            out.append(Record(row.line, (nip.digits,), stored))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_job_history(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    """Title, level, eselon and unit name are completed from the post later (``checks``)."""
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        level = r.choice("level", Level)
        values: dict[str, Any] = {
            "nip": nip.digits if nip else None,
            "start_date": r.date("start_date", required=True),
            "end_date": r.date("end_date"),
            "position_code": r.text("position_code", max_length=60),
            "title": r.text("title", max_length=250),
            "level": level.value if level else None,
            "eselon": r.text("eselon", max_length=5),
            "unit_name": r.text("unit_name", max_length=200),
            "decree_number": r.text("decree_number", max_length=100),
            "decree_date": r.date("decree_date"),
            "jf_grade": grade.value if (grade := r.choice("jf_grade", JfGrade)) else None,
        }
        start, end = values["start_date"], values["end_date"]
        if start is not None and end is not None and end < start:
            r.problem("end_date", f"before start_date {start.isoformat()}; the end is the last day the post was held")
        if values["position_code"] is None:
            for column in ("title", "level", "unit_name"):
                if values[column] is None and row.values.get(column) is None:
                    r.problem(column, "empty; needed when position_code is empty (a post outside this government)", "")
        if level is not None and (values["eselon"] is not None or values["position_code"] is None):
            check_eselon(r, level, values["eselon"])
        if not r.bad and nip is not None:
            always = ("end_date", "position_code", "title", "level", "eselon", "unit_name")
            out.append(Record(row.line, (nip.digits, start), _only_present(csv, values, always)))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_skp(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        year = r.integer("year", low=1950, high=2100, required=True)
        work_result = r.choice("work_result", Rating, required=True)
        behaviour = r.choice("behaviour", Rating, required=True)
        given = r.text("predicate")
        predicate = skp_predicate(work_result, behaviour) if work_result and behaviour else None
        by_label = {p.label.casefold(): p for p in SkpPredicate}
        if given is not None and given not in {p.value for p in SkpPredicate}:
            codes = ", ".join(p.value for p in SkpPredicate)
            hint = (
                f"the label {given!r} is written as the code {by_label[given.casefold()].value}; "
                if (given.casefold() in by_label)
                else "unknown predicate; "
            )
            r.problem("predicate", f"{hint}use one of {codes}, or leave it empty (the matrix gives it)")
        elif given is not None and predicate is not None and given != predicate.value:
            r.problem(
                "predicate",
                f"work result {work_result.value} and behaviour {behaviour.value} give {predicate.value} "
                "by the SKP matrix; correct the predicate or leave it empty",
            )
        if not r.bad and nip is not None and predicate is not None:
            values = {
                "nip": nip.digits,
                "year": year,
                "work_result": work_result.value,
                "behaviour": behaviour.value,
                "predicate": predicate.value,
            }
            out.append(Record(row.line, (nip.digits, year), values))
        else:
            out.append(_rejected(row.line, {"nip": nip.digits if nip else None}))
    return out


_ASSESSED_LEVELS = (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS)


def parse_competencies(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        target = r.choice("target_level", Level, required=True)
        if target is not None and target not in _ASSESSED_LEVELS:
            r.problem("target_level", f"use one of {', '.join(level.value for level in _ASSESSED_LEVELS)}")
        kind = r.choice("kind", CompetencyKind, required=True)
        values: dict[str, Any] = {
            "nip": nip.digits if nip else None,
            "assessed_on": r.date("assessed_on", required=True),
            "competency": r.text("competency", required=True, max_length=100),
            "target_level": target.value if target else None,
            "kind": kind.value if kind else None,
            "level": r.integer("level", low=1, high=5, required=True),
            "standard": r.integer("standard", low=1, high=5),  # blank: filled from the setting (checks)
            "assessor": r.text("assessor", max_length=200),
        }
        if not r.bad and nip is not None:
            key = (nip.digits, values["assessed_on"], values["competency"])
            out.append(Record(row.line, key, _only_present(csv, values, ("standard",))))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_trainings(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        kind = r.choice("kind", TrainingKind, required=True)
        values = {
            "nip": nip.digits if nip else None,
            "kind": kind.value if kind else None,
            "name": r.text("name", max_length=200),
            "completed_on": r.date("completed_on"),
        }
        if not r.bad and nip is not None:
            out.append(Record(row.line, (nip.digits, values["kind"]), _only_present(csv, values)))
        else:
            out.append(_rejected(row.line, values))
    return out


def parse_discipline(csv: CsvFile, problems: list[ImportProblem]) -> list[Record]:
    out = []
    for row in csv.rows:
        r = RowReader(csv.spec.name, row, problems)
        nip = r.nip()
        severity = r.choice("severity", DisciplineSeverity, required=True)
        values = {
            "nip": nip.digits if nip else None,
            "decree_date": r.date("decree_date", required=True),
            "severity": severity.value if severity else None,
            "penalty": r.text("penalty", max_length=250),
            "start_date": r.date("start_date"),
            "end_date": r.date("end_date"),
        }
        start, end = values["start_date"], values["end_date"]
        if start is not None and end is not None and end < start:
            r.problem("end_date", f"before start_date {start.isoformat()}")
        if not r.bad and nip is not None:
            out.append(Record(row.line, (nip.digits, values["decree_date"]), _only_present(csv, values)))
        else:
            out.append(_rejected(row.line, values))
    return out


PARSERS: dict[str, Callable[[CsvFile, list[ImportProblem]], list[Record]]] = {
    files.UNITS.name: parse_units,
    files.POSITIONS.name: parse_positions,
    files.EMPLOYEES.name: parse_employees,
    files.JOB_HISTORY.name: parse_job_history,
    files.SKP.name: parse_skp,
    files.COMPETENCIES.name: parse_competencies,
    files.TRAININGS.name: parse_trainings,
    files.DISCIPLINE.name: parse_discipline,
}


def drop_duplicate_keys(spec_name: str, key_columns: tuple[str, ...], records: list[Record], problems: list) -> list:
    """Keep the first row of each natural key; every later one is a problem naming the first line."""
    first_line: dict[tuple[Any, ...], int] = {}
    kept = []
    for record in records:
        line = first_line.setdefault(record.key, record.line)
        if line == record.line:
            kept.append(record)
            continue
        shown = ", ".join(str(part) for part in record.key)
        problems.append(
            ImportProblem(
                spec_name,
                record.line,
                "+".join(key_columns),
                shown,
                f"same key as line {line}; each {' + '.join(key_columns)} may appear once in the file",
            )
        )
    return kept
