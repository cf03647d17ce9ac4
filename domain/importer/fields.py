"""Turning the text of one cell into a value, or a problem saying what is wrong with it."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from domain.importer.csvfile import Row
from domain.importer.report import ImportProblem
from domain.nip import InvalidNip, Nip, parse_nip
from domain.reference import rank

E = TypeVar("E", bound=StrEnum)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class RowReader:
    """Reads typed values out of one row; every bad cell becomes a problem and the reader is marked bad.

    A bad cell reads as None so the remaining cells of the row are still checked (every error is listed).
    """

    def __init__(self, file: str, row: Row, problems: list[ImportProblem]) -> None:
        self.file = file
        self.row = row
        self.problems = problems
        self.bad = False

    @property
    def line(self) -> int:
        return self.row.line

    def raw(self, column: str) -> str | None:
        return self.row.values.get(column)

    def problem(self, column: str, message: str, value: str | None = None) -> None:
        shown = value if value is not None else self.raw(column)
        self.problems.append(ImportProblem(self.file, self.row.line, column, shown, message))
        self.bad = True

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.problem(column, "empty; a value is required")
            return None
        if max_length is not None and len(value) > max_length:
            self.problem(column, f"{len(value)} characters; at most {max_length} fit")
            return None
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(column, "not a date; write YYYY-MM-DD, e.g. 2015-03-01")
        return None

    def integer(self, column: str, *, low: int, high: int, required: bool = False) -> int | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            self.problem(column, f"not a whole number; write a number from {low} to {high}")
            return None
        if not low <= number <= high:
            self.problem(column, f"out of range; write a number from {low} to {high}")
            return None
        return number

    def boolean(self, column: str) -> bool | None:
        value = self.text(column)
        if value is None:
            return None
        lowered = value.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        self.problem(column, "write true or false, or leave it empty when unknown")
        return None

    def choice(self, column: str, kind: type[E], *, required: bool = False) -> E | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            self.problem(column, f"unknown value; use one of {', '.join(member.value for member in kind)}")
            return None

    def golongan(self, column: str, *, required: bool = False) -> str | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return rank(value).code
        except ValueError as exc:
            message = str(exc)
            prefix = f'unknown golongan "{value}"; '
            self.problem(column, "unknown golongan; " + message.removeprefix(prefix))
            return None

    def nip(self, column: str = "nip") -> Nip | None:
        value = self.text(column, required=True)
        if value is None:
            return None
        nip = _cached_nip(value)
        if isinstance(nip, str):
            self.problem(column, nip)
            return None
        return nip


@lru_cache(maxsize=250_000)
def _cached_nip(value: str) -> Nip | str:
    """The parsed NIP or the problem text; one NIP appears in many files, parsing it once is enough."""
    odd = next((ch for ch in value if ch.isdigit() and not ("0" <= ch <= "9")), None)
    if odd is not None:  # ¹ or ０ pass str.isdigit() but are no digit 0-9 (often pasted from a spreadsheet)
        return f"contains {odd!r}, which is not one of the digits 0-9; retype the NIP with plain digits"
    try:
        return parse_nip(value)
    except InvalidNip as exc:
        return nip_problem(value, str(exc))


def nip_problem(value: str, message: str) -> str:
    """``NIP "…" has 17 digits; a NIP has 18`` → ``has 17 digits; a NIP has 18`` (the value is shown already)."""
    prefix = f'NIP "{value.strip()}"'
    rest = message.removeprefix(prefix)
    return rest.removeprefix(":").strip()
