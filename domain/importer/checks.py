"""Checks across rows, files and the database: references, cycles, one holder per post, job-history
overlaps and the open job-history row agreeing with the post held.

Each check sees the *final* state, i.e. what the database would hold after the import (its rows
overridden by the files' rows), so a re-import that moves people between posts is judged correctly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.importer import files
from domain.importer.existing import Existing
from domain.importer.report import ImportProblem
from domain.importer.rows import Record
from domain.reference import ESELON_OF_LEVEL, Level

Records = dict[str, list[Record]]


class World:
    """The final units, posts and employees: database rows overridden by the files' rows."""

    def __init__(self, recs: Records, ex: Existing) -> None:
        self.unit_parent: dict[str, str | None] = {k[0]: row["parent_code"] for k, row in ex.units.items()}
        self.unit_name: dict[str, str] = {k[0]: row["name"] for k, row in ex.units.items()}
        for rec in recs.get(files.UNITS.name, []):
            code = rec.key[0]
            self.unit_parent[code] = rec.values.get("parent_code", self.unit_parent.get(code))
            self.unit_name[code] = rec.values["name"]
        self.positions: dict[str, dict[str, Any]] = {k[0]: dict(row) for k, row in ex.positions.items()}
        for rec in recs.get(files.POSITIONS.name, []):
            merged = self.positions.setdefault(rec.key[0], {"parent_code": None})
            merged.update(rec.values)
        self.nips: set[str] = set(ex.employee_nips)
        self.nips.update(rec.key[0] for rec in recs.get(files.EMPLOYEES.name, []))


def _problem(problems: list[ImportProblem], spec: str, rec: Record, column: str, value: Any, message: str) -> None:
    problems.append(ImportProblem(spec, rec.line, column, "" if value is None else str(value), message))


def _check_parents(
    problems: list[ImportProblem], spec: str, recs: list[Record], parent: dict[str, str | None], noun: str
) -> None:
    """Unknown parents and cycles (``A → B → A``) among the final parent links."""
    acyclic: set[str] = set()
    for rec in recs:
        code, parent_code = rec.key[0], rec.values.get("parent_code")
        if parent_code is not None and parent_code not in parent:
            _problem(problems, spec, rec, "parent_code", parent_code, f"no such {noun} in {spec} or the database")
            continue
        path = [code]
        node = parent.get(code)
        while node is not None and node not in acyclic and node != code and node in parent:
            if node in path:  # a cycle above this row, reported on its own members
                break
            path.append(node)
            node = parent.get(node)
        if node == code:
            chain = " → ".join([*path, code])
            _problem(
                problems,
                spec,
                rec,
                "parent_code",
                parent_code,
                f"makes a cycle ({chain}); a {noun} cannot be its own ancestor",
            )
        elif node is None or node in acyclic or node not in parent:
            acyclic.update(path)


def check_references(
    recs: Records, ex: Existing, world: World, problems: list[ImportProblem], rejected: Records | None = None
) -> None:
    """Unknown units, posts, employees and parents; rows ``rejected`` for problems of their own are
    checked too (except for cycles), so one run lists every problem of a row."""
    units, posts = files.UNITS.name, files.POSITIONS.name
    _check_parents(problems, units, recs.get(units, []), world.unit_parent, "unit")
    post_parent = {code: row.get("parent_code") for code, row in world.positions.items()}
    _check_parents(problems, posts, recs.get(posts, []), post_parent, "post")
    if rejected:
        for name, bad in rejected.items():
            recs = {**recs, name: recs.get(name, []) + bad}
        for name in (units, posts):
            for rec in rejected.get(name, []):
                parent_code = rec.values.get("parent_code")
                known = world.unit_parent if name == units else world.positions
                if parent_code is not None and parent_code not in known:
                    noun = "unit" if name == units else "post"
                    _problem(
                        problems, name, rec, "parent_code", parent_code, f"no such {noun} in {name} or the database"
                    )
    for rec in recs.get(posts, []):
        _check_unit(problems, posts, rec, world)
    for rec in recs.get(files.EMPLOYEES.name, []):
        _check_unit(problems, files.EMPLOYEES.name, rec, world)
        _check_post(problems, files.EMPLOYEES.name, rec, world)
    for spec in (files.JOB_HISTORY, files.SKP, files.COMPETENCIES, files.TRAININGS, files.DISCIPLINE):
        for rec in recs.get(spec.name, []):
            if rec.key[0] is not None and rec.key[0] not in world.nips:
                _problem(
                    problems,
                    spec.name,
                    rec,
                    "nip",
                    rec.key[0],
                    "no such employee in employees.csv or the database; add them to employees.csv",
                )
    for rec in recs.get(files.JOB_HISTORY.name, []):
        _check_post(problems, files.JOB_HISTORY.name, rec, world)


def _check_unit(problems: list[ImportProblem], spec: str, rec: Record, world: World) -> None:
    code = rec.values.get("unit_code")
    if code is not None and code not in world.unit_name:
        _problem(
            problems, spec, rec, "unit_code", code, "no such unit in units.csv or the database; add it to units.csv"
        )


def _check_post(problems: list[ImportProblem], spec: str, rec: Record, world: World) -> None:
    code = rec.values.get("position_code")
    if code is not None and code not in world.positions:
        _problem(
            problems,
            spec,
            rec,
            "position_code",
            code,
            "no such post in positions.csv or the database; add it to positions.csv",
        )


def fill_competency_standards(recs: Records, standards_on: Callable[[date], dict[str, Any]]) -> None:
    """A blank ``standard`` takes the ``competency_standard`` setting of the assessment's target
    level in force on the assessment date (``standards_on(day)``; an admin's later change does
    not re-standard an old assessment). A post's own standard, when the file gives it, is more
    exact than the level default and is kept."""
    for rec in recs.get(files.COMPETENCIES.name, []):
        if rec.values.get("standard") is not None or rec.values.get("assessed_on") is None:
            continue
        standards = standards_on(rec.values["assessed_on"])
        if rec.values.get("target_level") in standards:
            rec.values["standard"] = int(standards[rec.values["target_level"]])


def _check_jf_grade(problems: list[ImportProblem], spec: str, rec: Record) -> None:
    """A JF grade belongs to a fungsional row only (the level as given or taken from the post)."""
    grade, level = rec.values.get("jf_grade"), rec.values.get("level")
    if grade is not None and level is not None and level != Level.FUNGSIONAL.value:
        _problem(problems, spec, rec, "jf_grade", grade, f"a {level} post has no JF grade; leave it empty")


def complete_job_history(recs: Records, world: World, problems: list[ImportProblem]) -> None:
    """Rows naming a known post take its title, level, eselon and unit name where the file leaves
    them empty; the level and eselon that result must still agree."""
    spec = files.JOB_HISTORY.name
    for rec in recs.get(spec, []):
        values = rec.values
        post = world.positions.get(values.get("position_code") or "")
        if post is None:
            _check_jf_grade(problems, spec, rec)
            continue
        explicit_level = values["level"] is not None
        if values["title"] is None:
            values["title"] = post["title"]
        if values["level"] is None:
            values["level"] = post["level"]
        if values["eselon"] is None and not explicit_level:
            values["eselon"] = post.get("eselon")
        if values["unit_name"] is None:
            values["unit_name"] = world.unit_name.get(post["unit_code"])
        _check_jf_grade(problems, spec, rec)
        allowed = ESELON_OF_LEVEL[Level(values["level"])]
        eselon = values["eselon"]
        if (allowed and eselon not in allowed) or (not allowed and eselon is not None):
            what = f"use {' or '.join(allowed)}" if allowed else "leave it empty"
            _problem(problems, spec, rec, "eselon", eselon, f"does not match level {values['level']}; {what}")


def check_one_holder_per_post(recs: Records, ex: Existing, problems: list[ImportProblem]) -> None:
    spec = files.EMPLOYEES.name
    employees = recs.get(spec, [])
    if not employees or "position_code" not in employees[0].values:
        return
    holder: dict[str, str] = {k[0]: row["position_code"] for k, row in ex.employees.items() if row["position_code"]}
    in_file: dict[str, Record] = {}
    for rec in employees:
        holder.pop(rec.key[0], None)
    db_holder = {post: nip for nip, post in holder.items()}
    for rec in employees:
        post = rec.values["position_code"]
        if post is None:
            continue
        if post in in_file:
            other = in_file[post]
            _problem(
                problems,
                spec,
                rec,
                "position_code",
                post,
                f"also held by {other.key[0]} (line {other.line}); a post has one holder",
            )
        elif post in db_holder:
            _problem(
                problems,
                spec,
                rec,
                "position_code",
                post,
                f"held by {db_holder[post]} in the database; a post has one holder "
                "(give that person their new post in employees.csv too)",
            )
        in_file.setdefault(post, rec)


def check_job_history_overlaps(recs: Records, ex: Existing, problems: list[ImportProblem]) -> None:
    """Rows of one person must not overlap, also against rows already in the database."""
    spec = files.JOB_HISTORY.name
    file_rows = recs.get(spec, [])
    if not file_rows:
        return
    merged: dict[str, dict[date, tuple[date | None, Record | None]]] = defaultdict(dict)
    touched = {rec.key[0] for rec in file_rows}
    for (nip, start), row in ex.job_history.items():
        if nip in touched:
            merged[nip][start] = (row["end_date"], None)
    for rec in file_rows:
        merged[rec.key[0]][rec.key[1]] = (rec.values["end_date"], rec)
    for rows in merged.values():
        ordered = sorted(rows.items())
        for (start_a, (end_a, rec_a)), (start_b, (_, rec_b)) in zip(ordered, ordered[1:], strict=False):
            if end_a is not None and end_a < start_b:
                continue
            if rec_b is not None:
                where = f"line {rec_a.line}" if rec_a is not None else "already in the database"
                ends = f"ends {end_a.isoformat()}" if end_a else "is still open (no end_date)"
                _problem(
                    problems,
                    spec,
                    rec_b,
                    "start_date",
                    start_b.isoformat(),
                    f"overlaps the row starting {start_a.isoformat()} ({where}), which {ends}; "
                    "rows of one person must not overlap",
                )
            elif rec_a is not None:
                _problem(
                    problems,
                    spec,
                    rec_a,
                    "end_date",
                    end_a.isoformat() if end_a else "",
                    f"overlaps the row starting {start_b.isoformat()} already in the database; "
                    "rows of one person must not overlap",
                )


def check_open_rows_agree(recs: Records, ex: Existing, problems: list[ImportProblem]) -> None:
    """Whoever has rows in job_history.csv: their open row's post is the post they hold."""
    jh_spec, emp_spec = files.JOB_HISTORY.name, files.EMPLOYEES.name
    file_rows = recs.get(jh_spec, [])
    if not file_rows:
        return
    touched = {rec.key[0] for rec in file_rows}
    open_row: dict[str, tuple[date, str | None, Record | None]] = {}
    for (nip, start), row in ex.job_history.items():
        if nip in touched and row["end_date"] is None and (nip not in open_row or start > open_row[nip][0]):
            open_row[nip] = (start, row["position_code"], None)
    for rec in file_rows:
        nip, start = rec.key
        current = open_row.get(nip)
        if current is not None and current[0] == start:
            del open_row[nip]  # the file's row replaces this database row
        if rec.values["end_date"] is None and (nip not in open_row or start > open_row[nip][0]):
            open_row[nip] = (start, rec.values["position_code"], rec)
    employees_in_file = {rec.key[0]: rec for rec in recs.get(emp_spec, [])}
    for nip in touched:
        opened = open_row.get(nip)
        post_of_open = opened[1] if opened else None
        emp = employees_in_file.get(nip)
        if emp is not None and "position_code" in emp.values:
            held = emp.values["position_code"]
            if held == post_of_open:
                continue
            if opened is None:
                msg = (
                    "job_history.csv has no open row (empty end_date) for this person; "
                    "add one or leave position_code empty"
                )
            else:
                where = f"line {opened[2].line}" if opened[2] else "in the database"
                post = f'"{post_of_open}"' if post_of_open else "a post outside this government"
                msg = f"the open job_history row ({where}) is for {post}; they must agree"
            _problem(problems, emp_spec, emp, "position_code", held, msg)
        elif emp is None and (nip,) in ex.employees:
            held = ex.employees[(nip,)]["position_code"]
            if held == post_of_open or opened is None or opened[2] is None:
                continue
            _problem(
                problems,
                jh_spec,
                opened[2],
                "position_code",
                post_of_open,
                f"this is the open row, but the person holds {held or 'no post'} in the database; "
                "put their position_code in employees.csv too",
            )


def check_assessments_agree(recs: Records, problems: list[ImportProblem]) -> None:
    """All rows of one assessment (nip + assessed_on) name the same target level and assessor."""
    spec = files.COMPETENCIES.name
    first: dict[tuple[Any, ...], Record] = {}
    for rec in recs.get(spec, []):
        key = rec.key[:2]
        head = first.setdefault(key, rec)
        for column in ("target_level", "assessor"):
            if column in rec.values and rec.values[column] != head.values[column]:
                _problem(
                    problems,
                    spec,
                    rec,
                    column,
                    rec.values[column],
                    f'differs from line {head.line} ("{head.values[column] or ""}") of the same assessment; '
                    "one assessment has one value",
                )
