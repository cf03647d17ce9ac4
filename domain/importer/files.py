"""The import files of contract/import-format.md: their columns and natural keys, in load order."""

from __future__ import annotations

from domain.importer.csvfile import FileSpec

UNITS = FileSpec("units.csv", key=("code",), required=("code", "name"), optional=("parent_code",))
POSITIONS = FileSpec(
    "positions.csv",
    key=("code",),
    required=("code", "title", "unit_code", "level"),
    optional=("eselon", "parent_code"),
)
EMPLOYEES = FileSpec(
    "employees.csv",
    key=("nip",),
    required=("nip", "name", "golongan", "education", "unit_code"),
    optional=(
        "front_title",
        "back_title",
        "religion",
        "golongan_tmt",
        "major",
        "position_code",
        "health_ok",
        "birth_date",
        "gender",
    ),
)
JOB_HISTORY = FileSpec(
    "job_history.csv",
    key=("nip", "start_date"),
    required=("nip", "start_date"),
    optional=(
        "end_date",
        "position_code",
        "title",
        "level",
        "eselon",
        "unit_name",
        "decree_number",
        "decree_date",
        "jf_grade",  # optional: the JF grade of a fungsional row (reference.JfGrade), see domain.importer
    ),
)
SKP = FileSpec(
    "skp.csv", key=("nip", "year"), required=("nip", "year", "work_result", "behaviour"), optional=("predicate",)
)
COMPETENCIES = FileSpec(
    "competencies.csv",
    key=("nip", "assessed_on", "competency"),
    required=("nip", "assessed_on", "competency", "target_level", "kind", "level"),
    optional=("standard", "assessor"),  # a blank standard: the competency_standard setting of the level
)
TRAININGS = FileSpec("trainings.csv", key=("nip", "kind"), required=("nip", "kind"), optional=("name", "completed_on"))
DISCIPLINE = FileSpec(
    "discipline.csv",
    key=("nip", "decree_date"),
    required=("nip", "decree_date", "severity"),
    optional=("penalty", "start_date", "end_date"),
)

ALL_FILES: tuple[FileSpec, ...] = (UNITS, POSITIONS, EMPLOYEES, JOB_HISTORY, SKP, COMPETENCIES, TRAININGS, DISCIPLINE)
FILE_NAMES = tuple(spec.name for spec in ALL_FILES)
