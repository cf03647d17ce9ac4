"""Issue 11, terms: the TPK is a *tim* (Tim Penilai Kinerja), never a *panitia* or a committee, in every
catalogue of the page; a level reads with its eselon ("JPT Pratama (eselon II.a)", "Administrator
(eselon III)", "Pengawas (eselon IV)"); TPK and PPK have their spelled-out form for their first use.
Read from the catalogue files themselves, so a text added later is checked too (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parents[2] / "frontend" / "i18n"
ENTRY = re.compile(r"""^\s*'([\w.]+)':\s*(['"`])(.*)\2,?\s*$""", re.MULTILINE)


def entries(language: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(CATALOGUES.glob("*.js")):
        if path.stem == language or path.stem.endswith(f"-{language}"):
            texts.update({key: text for key, _, text in ENTRY.findall(path.read_text())})
    return texts


def test_the_tpk_is_a_team_in_every_catalogue() -> None:
    indonesian, english = entries("id"), entries("en")
    assert len(indonesian) > 300 and len(english) > 300
    assert {k: v for k, v in indonesian.items() if re.search(r"\bpanitia\b", v, re.IGNORECASE)} == {}
    assert {k: v for k, v in english.items() if re.search(r"committee|selection panel", v, re.IGNORECASE)} == {}


def test_levels_carry_their_eselon_and_the_terms_their_full_names() -> None:
    for language in ("id", "en"):
        texts = entries(language)
        assert texts["level.jpt_pratama"] == "JPT Pratama (eselon II)"
        assert texts["level.administrator"] == "Administrator (eselon III)"
        assert texts["level.pengawas"] == "Pengawas (eselon IV)"
        assert texts["levelEselon.jpt_pratama"].replace("{eselon}", "II.a") == "JPT Pratama (eselon II.a)"
        assert "Tim Penilai Kinerja" in texts["term.TPK"] and "TPK" in texts["term.TPK"]
        assert "Pejabat Pembina Kepegawaian" in texts["term.PPK"] and "PPK" in texts["term.PPK"]
