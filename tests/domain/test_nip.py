from datetime import date

import pytest

from domain.nip import InvalidNip, parse_nip
from domain.reference import Gender


def test_spaced_and_plain_forms_give_the_same_digits():
    spaced = parse_nip("19860926 201505 1 001")
    assert spaced.digits == "198609262015051001"
    assert parse_nip("198609262015051001") == spaced
    assert spaced.spaced == "19860926 201505 1 001"


def test_parts_are_derived():
    nip = parse_nip("19860926 201505 2 014")
    assert nip.birth_date == date(1986, 9, 26)
    assert nip.cpns_start == date(2015, 5, 1)
    assert nip.gender is Gender.FEMALE
    assert nip.sequence == 14


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("19800101200501100", "has 17 digits; a NIP has 18"),
        ("1980010120050110011", "has 19 digits; a NIP has 18"),
        ("19800101 2005O1 1 001", "characters other than digits"),
        ("19801301 200501 1 001", '"19801301" is not a real birth date'),
        ("19800230 200501 1 001", '"19800230" is not a real birth date'),
        ("19800101 200513 1 001", '"200513" is not a real CPNS month'),
        ("19800101 200501 3 001", "gender digit is 3"),
        ("19800101 200501 1 000", "sequence number is 000"),
        ("19900615 200805 1 001", "CPNS start 2008-05 is before the person turned 18"),
    ],
)
def test_invalid_nips_say_why(text, message):
    with pytest.raises(InvalidNip, match=message):
        parse_nip(text)


def test_cpns_in_the_month_of_the_18th_birthday_is_valid():
    assert parse_nip("19900615 200806 1 001").cpns_start == date(2008, 6, 1)
    with pytest.raises(InvalidNip):
        parse_nip("19900615 200805 1 001")
