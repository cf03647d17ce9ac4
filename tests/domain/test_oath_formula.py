"""The oath's words as reference data (domain/oath_formula.py) and the arms image check
(domain/documents.py): plain functions, no database."""

from __future__ import annotations

import pytest

from domain.documents import MAX_ARMS_BYTES, arms_type, check_letterhead_text
from domain.errors import InvalidInput
from domain.oath_formula import CHECKED, FORMULA, OPENINGS, PLEDGE_OPENING, SOURCE, render


def test_the_formula_is_the_regulations_word_for_word_with_its_source() -> None:
    assert "Peraturan Kepala BKN Nomor 7 Tahun 2017" in SOURCE
    assert "PP 11/2017" in SOURCE and FORMULA.source == SOURCE and "clause 1" in CHECKED.lower()
    text = render("islam", False)
    lines = text.split("\n")
    assert lines[0] == "Demi Allah, saya bersumpah:" and lines[1:] == list(FORMULA.clauses)
    assert lines[1] == (
        "bahwa saya, untuk diangkat dalam jabatan ini, baik langsung maupun tidak langsung, dengan rupa atau dalih "
        "apapun juga, tidak memberi atau menyanggupi akan memberi sesuatu kepada siapapun juga;"
    )
    assert all(clause.startswith("bahwa saya") for clause in FORMULA.clauses)
    assert FORMULA.clauses[-1].endswith("perbuatan tercela.")


@pytest.mark.parametrize(
    ("religion", "pledge", "first", "last"),
    [
        ("kristen", False, "Demi Allah, saya bersumpah:", "Semoga Tuhan menolong saya."),
        ("katolik", False, "Demi Allah, saya bersumpah:", "Semoga Tuhan menolong saya."),
        ("hindu", False, "Om Atah Paramawisesa, saya bersumpah:", FORMULA.clauses[-1]),
        ("buddha", False, "Demi Sang Hyang Adi Budha, saya bersumpah:", FORMULA.clauses[-1]),
        ("islam", True, f"{PLEDGE_OPENING}:", FORMULA.clauses[-1]),
        ("kepercayaan", False, f"{PLEDGE_OPENING}:", FORMULA.clauses[-1]),  # no oath form: the pledge
        (None, False, f"{PLEDGE_OPENING}:", FORMULA.clauses[-1]),
    ],
)
def test_opening_and_closing_follow_the_religion_or_the_pledge(religion, pledge, first, last) -> None:  # type: ignore[no-untyped-def]
    lines = render(religion, pledge).split("\n")
    assert (lines[0], lines[-1]) == (first, last)
    assert set(OPENINGS) == {"islam", "kristen", "katolik", "hindu", "buddha", "khonghucu"}


def test_arms_are_png_or_jpeg_by_their_bytes_within_the_limit() -> None:
    assert arms_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert arms_type(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    for bad, says in [
        (b"", "empty"),
        (b"<svg onload='x()'/>", "neither PNG nor JPEG"),
        (b"GIF89a....", "neither PNG nor JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_ARMS_BYTES, "at most"),
    ]:
        with pytest.raises(InvalidInput, match=says):
            arms_type(bad)


def test_letterhead_text_names_each_problem() -> None:
    assert check_letterhead_text("Banten", "Jl. Syech Nawawi", "Serang") == []
    problems = check_letterhead_text("Pemerintah Provinsi Banten", "", "")
    assert any("name alone" in p for p in problems) and any("city" in p for p in problems)
