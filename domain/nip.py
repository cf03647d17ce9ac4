"""NIP — Nomor Induk Pegawai, the 18-digit number of a PNS (civil servant).

Layout: ``YYYYMMDD`` birth date · ``YYYYMM`` start as candidate civil servant (TMT CPNS) ·
``1`` male / ``2`` female · ``NNN`` sequence from 001. Written with spaces as
``19860926 201505 1 001``; both forms are accepted, only digits are stored.

PPPK contract staff carry a differently built 18-digit number; it is out of scope here and is
rejected with a message saying so rather than being half-understood.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.reference import Gender


class InvalidNip(ValueError):
    """The text is not a valid PNS NIP; the message says what is wrong and what a NIP looks like."""


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    cpns_start: date  # first day of the TMT CPNS month
    gender: Gender
    sequence: int

    def __str__(self) -> str:
        return self.digits

    @property
    def spaced(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_nip(text: str) -> Nip:
    """Validate a NIP written with or without spaces; raise :class:`InvalidNip` saying why not."""
    raw = str(text).strip()
    digits = raw.replace(" ", "")
    if not digits.isdigit():
        raise InvalidNip(f'NIP "{raw}" contains characters other than digits and spaces; a NIP has 18 digits')
    if len(digits) != 18:
        raise InvalidNip(f'NIP "{raw}" has {len(digits)} digits; a NIP has 18')
    birth = _date_or_none(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    if birth is None or birth.year < 1900:
        raise InvalidNip(f'NIP "{raw}": "{digits[0:8]}" is not a real birth date (YYYYMMDD)')
    cpns = _date_or_none(int(digits[8:12]), int(digits[12:14]), 1)
    if cpns is None:
        raise InvalidNip(f'NIP "{raw}": "{digits[8:14]}" is not a real CPNS month (YYYYMM)')
    gender_digit = digits[14]
    if gender_digit not in "12":
        raise InvalidNip(
            f'NIP "{raw}": gender digit is {gender_digit}; a PNS NIP has 1 (male) or 2 (female) there '
            "(PPPK contract staff numbers are not supported)"
        )
    sequence = int(digits[15:])
    if sequence == 0:
        raise InvalidNip(f'NIP "{raw}": sequence number is 000; it starts at 001')
    # Someone born on 29 February turns 18 on 1 March in a common year.
    eighteenth = _date_or_none(birth.year + 18, birth.month, birth.day) or date(birth.year + 18, 3, 1)
    # The NIP only knows the CPNS month: it is invalid when that whole month lies before the 18th birthday.
    if (cpns.year, cpns.month) < (eighteenth.year, eighteenth.month):
        raise InvalidNip(
            f'NIP "{raw}": CPNS start {cpns:%Y-%m} is before the person turned 18 (born {birth.isoformat()})'
        )
    return Nip(
        digits=digits,
        birth_date=birth,
        cpns_start=cpns,
        gender=Gender.MALE if gender_digit == "1" else Gender.FEMALE,
        sequence=sequence,
    )


def normalize_nip(text: str) -> str:
    """The 18 digits of a valid NIP (raises :class:`InvalidNip`)."""
    return parse_nip(text).digits
