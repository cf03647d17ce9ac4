"""Fixed vocabularies of the Indonesian civil service, as ordered value types.

These are national law, not regional configuration, so they live in code. What a region may
change (minimum ranks, weights, bands …) lives in the ``rule_setting`` table, see ``rulebook``.

Terms kept in Indonesian because English has no exact word for them:

* **golongan / pangkat** — a civil servant's rank: a golongan code such as ``IV/a`` and the
  pangkat name that goes with it (``Pembina``).
* **jenjang** — the level of a post (JPT Pratama, Administrator, Pengawas, …).
* **eselon** — the older structural grade of a post (II.a … IV.b), still used for rank rules.
* **SKP** — Sasaran Kinerja Pegawai, the yearly performance appraisal.
* **JPM** — job-person match, the share of a post's competency standard a person meets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Rank:
    """One golongan with its pangkat name and BKN's numeric code (11–45, ordered)."""

    code: str
    name: str
    bkn_code: int

    @property
    def ordinal(self) -> int:
        return RANK_ORDER.index(self.code)


_RANKS = [
    ("I/a", "Juru Muda", 11),
    ("I/b", "Juru Muda Tingkat I", 12),
    ("I/c", "Juru", 13),
    ("I/d", "Juru Tingkat I", 14),
    ("II/a", "Pengatur Muda", 21),
    ("II/b", "Pengatur Muda Tingkat I", 22),
    ("II/c", "Pengatur", 23),
    ("II/d", "Pengatur Tingkat I", 24),
    ("III/a", "Penata Muda", 31),
    ("III/b", "Penata Muda Tingkat I", 32),
    ("III/c", "Penata", 33),
    ("III/d", "Penata Tingkat I", 34),
    ("IV/a", "Pembina", 41),
    ("IV/b", "Pembina Tingkat I", 42),
    ("IV/c", "Pembina Utama Muda", 43),
    ("IV/d", "Pembina Utama Madya", 44),
    ("IV/e", "Pembina Utama", 45),
]
RANKS: dict[str, Rank] = {code: Rank(code, name, bkn) for code, name, bkn in _RANKS}
RANK_ORDER: list[str] = [code for code, _, _ in _RANKS]


def rank(code: str) -> Rank:
    """The rank for a golongan code such as ``IV/a``; raises ``ValueError`` naming the valid codes."""
    try:
        return RANKS[code.strip()]
    except KeyError:
        raise ValueError(f'unknown golongan "{code}"; use one of {", ".join(RANK_ORDER)}') from None


class Education(StrEnum):
    """Highest completed education. D-IV and S1 are the same level."""

    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    D1 = "D-I"
    D2 = "D-II"
    D3 = "D-III"
    D4 = "D-IV"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"

    @property
    def ordinal(self) -> int:
        return EDUCATION_ORDINAL[self]


EDUCATION_ORDINAL: dict[Education, int] = {
    Education.SD: 1,
    Education.SMP: 2,
    Education.SMA: 3,
    Education.D1: 4,
    Education.D2: 5,
    Education.D3: 6,
    Education.D4: 7,
    Education.S1: 7,
    Education.S2: 8,
    Education.S3: 9,
}


class Level(StrEnum):
    """Jenjang of a post. Only the first three are filled through nominations."""

    JPT_MADYA = "jpt_madya"  # eselon I.b: the Sekda of a province; filled by the President, not here
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    PELAKSANA = "pelaksana"
    FUNGSIONAL = "fungsional"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def order(self) -> int:
        """Higher is more senior; used to tell a promotion from a rotation."""
        return LEVEL_ORDER[self]


LEVEL_LABELS = {
    Level.JPT_MADYA: "JPT Madya",
    Level.JPT_PRATAMA: "JPT Pratama",
    Level.ADMINISTRATOR: "Administrator",
    Level.PENGAWAS: "Pengawas",
    Level.PELAKSANA: "Pelaksana",
    Level.FUNGSIONAL: "Fungsional",
}
LEVEL_ORDER = {
    Level.PELAKSANA: 1,
    Level.FUNGSIONAL: 1,
    Level.PENGAWAS: 2,
    Level.ADMINISTRATOR: 3,
    Level.JPT_PRATAMA: 4,
    Level.JPT_MADYA: 5,
}
STRUCTURAL_LEVELS = (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS)

ESELON_OF_LEVEL: dict[Level, tuple[str, ...]] = {
    Level.JPT_MADYA: ("I.b",),
    Level.JPT_PRATAMA: ("II.a", "II.b"),
    Level.ADMINISTRATOR: ("III.a", "III.b"),
    Level.PENGAWAS: ("IV.a", "IV.b"),
    Level.PELAKSANA: (),
    Level.FUNGSIONAL: (),
}
ESELONS = tuple(e for level in STRUCTURAL_LEVELS for e in ESELON_OF_LEVEL[level])


class JfGrade(StrEnum):
    """Jenjang of a functional post (jabatan fungsional, JF): the expert track (keahlian) Ahli
    Pertama < Muda < Madya < Utama and the skilled track (keterampilan) Terampil < Mahir < Penyelia."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"


class Religion(StrEnum):
    ISLAM = "islam"
    KRISTEN = "kristen"
    KATOLIK = "katolik"
    HINDU = "hindu"
    BUDDHA = "buddha"
    KHONGHUCU = "khonghucu"
    KEPERCAYAAN = "kepercayaan"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Rating(StrEnum):
    """One axis of an SKP: work result or work behaviour against expectation."""

    BELOW = "below"
    AS_EXPECTED = "as_expected"
    ABOVE = "above"


class SkpPredicate(StrEnum):
    """PermenPANRB 6/2022 predicate, best first."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return SKP_LABELS[self]

    @property
    def score(self) -> int:
        """5 for Sangat Baik down to 1 for Sangat Kurang; used by ranking."""
        return SKP_SCORE[self]


SKP_LABELS = {
    SkpPredicate.SANGAT_BAIK: "Sangat Baik",
    SkpPredicate.BAIK: "Baik",
    SkpPredicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    SkpPredicate.KURANG: "Kurang/Misconduct",
    SkpPredicate.SANGAT_KURANG: "Sangat Kurang",
}
SKP_SCORE = {
    SkpPredicate.SANGAT_BAIK: 5,
    SkpPredicate.BAIK: 4,
    SkpPredicate.BUTUH_PERBAIKAN: 3,
    SkpPredicate.KURANG: 2,
    SkpPredicate.SANGAT_KURANG: 1,
}

# (work result, behaviour) -> predicate; the matrix of PermenPANRB 6/2022 as printed in domain.md.
_SKP_MATRIX: dict[tuple[Rating, Rating], SkpPredicate] = {
    (Rating.ABOVE, Rating.BELOW): SkpPredicate.KURANG,
    (Rating.ABOVE, Rating.AS_EXPECTED): SkpPredicate.BAIK,
    (Rating.ABOVE, Rating.ABOVE): SkpPredicate.SANGAT_BAIK,
    (Rating.AS_EXPECTED, Rating.BELOW): SkpPredicate.KURANG,
    (Rating.AS_EXPECTED, Rating.AS_EXPECTED): SkpPredicate.BAIK,
    (Rating.AS_EXPECTED, Rating.ABOVE): SkpPredicate.BAIK,
    (Rating.BELOW, Rating.BELOW): SkpPredicate.SANGAT_KURANG,
    (Rating.BELOW, Rating.AS_EXPECTED): SkpPredicate.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): SkpPredicate.BUTUH_PERBAIKAN,
}


def skp_predicate(work_result: Rating | str, behaviour: Rating | str) -> SkpPredicate:
    """The predicate the SKP matrix gives for a work result and a work behaviour."""
    return _SKP_MATRIX[(Rating(work_result), Rating(behaviour))]


class CompetencyKind(StrEnum):
    MANAGERIAL = "managerial"
    SOCIOCULTURAL = "sociocultural"
    TECHNICAL = "technical"


class TrainingKind(StrEnum):
    """Leadership training: PKN Tk. I/II (JPT), PKA (administrator), PKP (pengawas)."""

    PKN_I = "PKN_I"
    PKN_II = "PKN_II"
    PKA = "PKA"
    PKP = "PKP"
    OTHER = "other"


class DisciplineSeverity(StrEnum):
    """PP 94/2021: ringan (reprimand), sedang (allowance cut), berat (demotion, removal, discharge)."""

    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


class Role(StrEnum):
    """Account roles of contract/cli.md."""

    ADMIN = "admin"
    OPERATOR = "operator"
    PANEL = "panel"
    PANEL_CHAIR = "panel_chair"
    SECRETARY = "secretary"
    PPK = "ppk"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    EMPLOYEE = "employee"
