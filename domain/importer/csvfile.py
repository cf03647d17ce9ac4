"""Reading one import CSV: encoding, header, unknown and missing columns, rows with their line numbers.

Knows nothing about what the columns mean; ``domain.importer.files`` says which columns each file has.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.importer.report import ImportProblem


@dataclass(frozen=True)
class FileSpec:
    """The columns of one import file; ``key`` is its natural key (what a re-import matches on)."""

    name: str
    key: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str | None]  # column -> stripped text, None for an empty cell


@dataclass
class CsvFile:
    spec: FileSpec
    header: tuple[str, ...]
    rows: Iterator[Row]  # read once, in file order (see _rows)

    def has(self, column: str) -> bool:
        return column in self.header


def read_csv(path: Path, spec: FileSpec, problems: list[ImportProblem]) -> CsvFile | None:
    """The file's rows, or None when the file as a whole is unusable (problems are appended)."""
    name = spec.name
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            ImportProblem(
                name,
                None,
                None,
                None,
                f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8 CSV",
            )
        )
        return None
    if not text.strip():
        problems.append(ImportProblem(name, None, None, None, "empty file; it needs a header row naming its columns"))
        return None

    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(cell.strip() for cell in next(reader))
    ok = True
    seen: set[str] = set()
    for column in header:
        if column not in spec.columns:
            problems.append(
                ImportProblem(
                    name, 1, f'column "{column}"', None, f"unknown column; the columns are {', '.join(spec.columns)}"
                )
            )
            ok = False
        elif column in seen:
            problems.append(ImportProblem(name, 1, f'column "{column}"', None, "appears twice; keep one"))
            ok = False
        seen.add(column)
    for column in spec.required:
        if column not in seen:
            problems.append(ImportProblem(name, 1, f'column "{column}"', None, "missing; this column is required"))
            ok = False
    if not ok:
        return None

    return CsvFile(spec, header, _rows(reader, name, header, problems))


def _rows(reader: Any, name: str, header: tuple[str, ...], problems: list[ImportProblem]) -> Iterator[Row]:
    """The data rows, one at a time: a parser makes each row its record before the next is read,
    so a file's raw rows are never all held next to their records (bench/import_files.py: that
    was a third of the import's peak memory). A row with too many values is a problem, skipped."""
    width = len(header)
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            if len(cells) > width:
                problems.append(
                    ImportProblem(
                        name,
                        line,
                        None,
                        None,
                        f"{len(cells)} values but the header has {width} columns; remove the extra values",
                    )
                )
            else:
                yield Row(line, {col: (cell.strip() or None) for col, cell in zip(header, cells, strict=False)})
        line = reader.line_num + 1
