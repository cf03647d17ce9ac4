"""A small, hand-made province for API tests: two units with a sub-unit, a few posts, employees
with full talent profiles, and one account per role (all with PASSWORD)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.accounts import hash_password
from domain.db import write_transaction
from domain.models import (
    CompetencyAssessment,
    Discipline,
    Employee,
    JobHistory,
    Position,
    Skp,
    Training,
    Unit,
    User,
    UserRole,
)

PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)

# NIPs: birth date · CPNS month · gender · sequence.
HEAD_CANDIDATE = "197501012000031001"  # administrator in DINKES, eligible for KADINKES
OTHER_CANDIDATE = "197803152001122002"  # administrator in BKD
JUNIOR = "199001012015031003"  # pelaksana in DINKES-YANKES
CHAIR_NIP = "196801011990031004"
SEKDA_NIP = "196505051988031005"
WITNESS_1 = "197001011995031006"
WITNESS_2 = "197101011996031007"

UNITS = [
    ("PROV", "Pemerintah Provinsi", None),
    ("SETDA", "Sekretariat Daerah", "PROV"),
    ("BKD", "Badan Kepegawaian Daerah", "PROV"),
    ("DINKES", "Dinas Kesehatan", "PROV"),
    ("DINKES-YANKES", "Bidang Pelayanan Kesehatan", "DINKES"),
]
POSITIONS = [
    ("SEKDA", "Sekretaris Daerah", "SETDA", "jpt_madya", "I.b"),
    ("KADINKES", "Kepala Dinas Kesehatan", "DINKES", "jpt_pratama", "II.b"),
    ("KABKD", "Kepala Badan Kepegawaian Daerah", "BKD", "jpt_pratama", "II.b"),
    ("KABID-YANKES", "Kepala Bidang Pelayanan Kesehatan", "DINKES-YANKES", "administrator", "III.b"),
    ("SEKBKD", "Sekretaris BKD", "BKD", "administrator", "III.a"),
    ("KASI-YANKES", "Kepala Seksi Pelayanan", "DINKES-YANKES", "pengawas", "IV.a"),
    ("KABIRO-HUKUM", "Kepala Biro Hukum", "SETDA", "jpt_pratama", "II.a"),
    ("KABIRO-ORG", "Kepala Biro Organisasi", "SETDA", "jpt_pratama", "II.a"),
]

ACCOUNTS: dict[str, tuple[list[str], str | None, str | None]] = {
    # username: (roles, unit, nip)
    "admin": (["admin"], None, None),
    "op-dinkes": (["operator"], "DINKES", None),
    "op-bkd": (["operator"], "BKD", None),
    "op-all": (["operator"], None, None),
    "panel": (["panel"], None, None),
    "chair": (["panel_chair"], None, CHAIR_NIP),
    "sekda": (["secretary"], None, SEKDA_NIP),
    "reviewer": (["reviewer"], None, None),
    "gubernur": (["ppk"], None, None),
    "auditor": (["auditor"], None, None),
    "employee": (["employee"], None, JUNIOR),
    "candidate": (["employee"], None, HEAD_CANDIDATE),
}


def _employee(nip: str, name: str, unit: str, position: str | None, golongan: str, education: str = "S2") -> Employee:
    return Employee(
        nip=nip,
        name=name,
        birth_date=date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])),
        gender="male" if nip[14] == "1" else "female",
        cpns_start=date(int(nip[8:12]), int(nip[12:14]), 1),
        religion="islam",
        golongan=golongan,
        education=education,
        unit_code=unit,
        position_code=position,
        health_ok=True,
    )


def _strong_profile(nip: str, level: str, position: str | None, since: date) -> list[object]:
    return [
        JobHistory(
            nip=nip, start_date=date(2010, 1, 1), end_date=date(2017, 12, 31), title="Kepala Seksi", level="pengawas"
        ),
        JobHistory(
            nip=nip, start_date=since, position_code=position, title="Kepala Bidang", level=level, eselon="III.a"
        ),
        Skp(nip=nip, year=2024, work_result="above", behaviour="above", predicate="sangat_baik"),
        Skp(nip=nip, year=2025, work_result="above", behaviour="above", predicate="sangat_baik"),
        Skp(nip=nip, year=2026, work_result="above", behaviour="above", predicate="sangat_baik"),
        CompetencyAssessment(
            nip=nip, assessed_on=date(2025, 6, 1), target_level="jpt_pratama", assessor="UPT", jpm=86.5
        ),
        Training(nip=nip, kind="PKN_II", name="PKN Tingkat II", completed_on=date(2022, 5, 1)),
    ]


async def seed_small_province(sessions: async_sessionmaker[AsyncSession]) -> None:
    at = datetime.now(UTC)
    async with write_transaction(sessions) as s:
        for code, name, parent in UNITS:
            s.add(Unit(code=code, name=name, parent_code=parent))
            await s.flush()
        for code, title, unit, level, eselon in POSITIONS:
            s.add(
                Position(
                    code=code, title=title, unit_code=unit, level=level, eselon=eselon, is_key=level.startswith("jpt")
                )
            )
        await s.flush()
        s.add_all(
            [
                _employee(HEAD_CANDIDATE, "Budi Santoso", "DINKES", "KABID-YANKES", "IV/b"),
                _employee(OTHER_CANDIDATE, "Siti Rahma", "BKD", "SEKBKD", "IV/a"),
                _employee(JUNIOR, "Andi Pratama", "DINKES-YANKES", None, "III/a", "S1"),
                _employee(CHAIR_NIP, "Chairul Anwar", "BKD", None, "IV/d"),
                _employee(SEKDA_NIP, "Sekar Dewi", "SETDA", "SEKDA", "IV/e"),
                _employee(WITNESS_1, "Wira Saksi", "SETDA", "KABIRO-HUKUM", "IV/c"),
                _employee(WITNESS_2, "Wati Saksi", "SETDA", "KABIRO-ORG", "IV/c"),
            ]
        )
        await s.flush()
        s.add_all(_strong_profile(HEAD_CANDIDATE, "administrator", "KABID-YANKES", date(2018, 1, 1)))
        s.add_all(_strong_profile(OTHER_CANDIDATE, "administrator", "SEKBKD", date(2018, 1, 1)))
        s.add(Discipline(nip=JUNIOR, decree_date=date(2026, 2, 1), severity="ringan", penalty="teguran lisan"))
        for username, (roles, unit, nip) in ACCOUNTS.items():
            user = User(username=username, password_hash=_HASH, unit_code=unit, nip=nip, created_at=at)
            s.add(user)
            await s.flush()
            assert user.id is not None
            s.add_all([UserRole(user_id=user.id, role=r) for r in roles])
