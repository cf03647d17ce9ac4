"""What an import found and did: the problems (file, line, column, value, what to do) and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the input. ``line`` is the line in the file (the header is line 1);
    ``None`` for a problem with the whole file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is None:
            return f"{where}: {self.message}"
        if self.value is None:
            return f"{where}: {self.column}: {self.message}"
        return f'{where}: {self.column} "{self.value}": {self.message}'


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportReport:
    """``problems`` empty means the data was (or, on a dry run, would be) written; ``counts`` are
    keyed by what was written, e.g. ``employees.csv`` or ``employees.csv (rank history)``."""

    dry_run: bool = False
    problems: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{label}: {counts}" for label, counts in self.counts.items()]
        verb = "would be written (dry run, nothing written)" if self.dry_run else "written"
        return "\n".join([*lines, f"Import checked: no problems; {verb}."])


class ImportUsageError(Exception):
    """The command was used wrongly (the folder does not exist, holds no import files): exit code 2."""
