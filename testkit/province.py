"""The small province every test package builds on: one unit tree, and :class:`World`, which writes
posts, employees and accounts and keeps an :class:`~workflow.actor.Actor` per account.

Two layouts are built with it:

- :func:`workflow_world` — target posts ``T-<level>`` (and ``T-RS`` in a sub-unit), accounts
  ``operator``, ``op_dinkes``, ``panel1``, ``chair``, ``ppk`` …, two JPT witnesses, and
  :meth:`World.employee`, a factory of employees who really are eligible (domain.md's table) for
  a post of a given level;
- :func:`small_province` — the named posts and people of the API tests (``HEAD_CANDIDATE`` …),
  and one account per role (``op-all``, ``gubernur``, ``auditor`` …), all with ``PASSWORD``.

Both write the domain's and the workflow's reference data (rule settings, definitions, holidays).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

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
from domain.reference import Level
from domain.setup import ensure_reference_data
from workflow.actor import Actor
from workflow.setup import ensure_workflow_reference_data

TODAY = datetime.now(UTC).date()
LETTER = {"letter_number": "B/123/M.SM.01.00/2026", "letter_date": date(2026, 1, 5)}
PASSWORD = "correct-horse-battery"

UNITS = [  # code, name, parent
    ("PROV", "Pemerintah Provinsi", None),
    ("SETDA", "Sekretariat Daerah", "PROV"),
    ("BKD", "Badan Kepegawaian Daerah", "PROV"),
    ("DINKES", "Dinas Kesehatan", "PROV"),
    ("DINKES-YANKES", "Bidang Pelayanan Kesehatan", "DINKES"),
]

# level held now -> (golongan, education)
_PROFILE = {
    Level.PELAKSANA: ("III/b", "S1"),
    Level.PENGAWAS: ("III/d", "S1"),
    Level.ADMINISTRATOR: ("IV/b", "S2"),
    Level.JPT_PRATAMA: ("IV/c", "S2"),
}
_ESELON = {Level.JPT_PRATAMA: "II.a", Level.ADMINISTRATOR: "III.a", Level.PENGAWAS: "IV.a"}
BELOW = {Level.JPT_PRATAMA: Level.ADMINISTRATOR, Level.ADMINISTRATOR: Level.PENGAWAS, Level.PENGAWAS: Level.PELAKSANA}
_LADDER = [Level.PELAKSANA, Level.PENGAWAS, Level.ADMINISTRATOR, Level.JPT_PRATAMA]
_TRAINING = {Level.JPT_PRATAMA: "PKN_II", Level.ADMINISTRATOR: "PKA", Level.PENGAWAS: "PKP"}


@functools.cache
def password_hash() -> str:
    """``PASSWORD`` hashed once per run (argon2id is slow on purpose)."""
    return hash_password(PASSWORD)


def _post(code: str, level: Level | str, unit: str, title: str | None = None, eselon: str | None = None) -> Position:
    level = Level(level)
    return Position(
        code=code,
        title=title or f"Jabatan {code}",
        unit_code=unit,
        level=str(level),
        eselon=eselon or _ESELON.get(level),
        is_key=str(level).startswith("jpt"),
    )


async def _account(
    session: AsyncSession, username: str, roles: list[str], nip: str | None, unit: str | None, hashed: str
) -> Actor:
    user = User(username=username, password_hash=hashed, nip=nip, unit_code=unit, created_at=datetime.now(UTC))
    session.add(user)
    await session.flush()
    assert user.id is not None
    session.add_all([UserRole(user_id=user.id, role=r) for r in roles])
    return Actor(user.id, username, frozenset(roles), nip, unit)


@dataclass
class World:
    """The province of one test: its sessions, an actor per account, and witnesses for oaths."""

    sessions: async_sessionmaker[AsyncSession]
    actors: dict[str, Actor] = field(default_factory=dict)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    witnesses: list[str] = field(default_factory=list)
    password_hash: str = "x"

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]

    async def add_unit(self, code: str, name: str, parent: str | None = "PROV") -> str:
        async with write_transaction(self.sessions) as session:
            session.add(Unit(code=code, name=name, parent_code=parent))
        return code

    def holder(self, role: str) -> Actor:
        """The first account holding ``role``, a province-wide one (no unit) before unit operators."""
        holders = [a for a in self.actors.values() if role in a.roles]
        if not holders:
            raise LookupError(f"no account holds the role {role!r}; add one with World.add_user")
        return next((a for a in holders if a.unit_code is None), holders[0])

    async def add_user(self, username: str, roles: list[str], nip: str | None = None, unit: str | None = None) -> Actor:
        async with write_transaction(self.sessions) as session:
            actor = await _account(session, username, roles, nip, unit, self.password_hash)
        self.actors[username] = actor
        return actor

    async def add_post(
        self, code: str, level: Level | str, unit: str = "DINKES", title: str | None = None, eselon: str | None = None
    ) -> str:
        async with write_transaction(self.sessions) as session:
            session.add(_post(code, level, unit, title, eselon))
        return code

    async def employee(
        self,
        held: Level = Level.ADMINISTRATOR,
        *,
        religion: str | None = "islam",
        held_since: date = date(2015, 1, 1),
        target: Level | None = None,
        with_post: bool = True,
    ) -> str:
        """An employee holding a post at ``held`` since ``held_since``, eligible for a post of
        ``target`` (default: one level above ``held``): education, rank, years, SKP, JPM, training."""
        seq = next(self._seq)
        nip = f"19800101200503{1 + seq % 2}{seq:03d}"
        target = target or {v: k for k, v in BELOW.items()}.get(held, held)
        golongan, education = _PROFILE[held]
        post_code = (
            await self.add_post(f"P{seq:03d}", held, unit="BKD") if with_post and held != Level.PELAKSANA else None
        )
        async with write_transaction(self.sessions) as session:
            session.add(
                Employee(
                    nip=nip,
                    name=f"Pegawai {seq}",
                    birth_date=date(1980, 1, 1),
                    gender="male" if seq % 2 == 0 else "female",
                    cpns_start=date(2005, 3, 1),
                    religion=religion,
                    golongan=golongan,
                    education=education,
                    unit_code="BKD",
                    position_code=post_code,
                    health_ok=True,
                )
            )
            await session.flush()
            earlier = _LADDER[: _LADDER.index(held)]
            end = held_since - timedelta(days=1)
            for k, level in enumerate(reversed(earlier)):
                start = (
                    date(2005, 3, 1)
                    if k == len(earlier) - 1
                    else held_since.replace(year=held_since.year - 4 * (k + 1))
                )
                session.add(
                    JobHistory(nip=nip, start_date=start, end_date=end, title=f"Dulu {level}", level=str(level))
                )
                end = start - timedelta(days=1)
            session.add(
                JobHistory(
                    nip=nip,
                    start_date=held_since if earlier else date(2005, 3, 1),
                    position_code=post_code,
                    title=f"Jabatan {post_code}",
                    level=str(held),
                    eselon=_ESELON.get(held),
                )
            )
            for year in range(2018, TODAY.year + 2):
                session.add(Skp(nip=nip, year=year, work_result="above", behaviour="above", predicate="sangat_baik"))
            session.add(CompetencyAssessment(nip=nip, assessed_on=date(2025, 6, 1), target_level=str(target), jpm=86.0))
            session.add(Training(nip=nip, kind=_TRAINING[target], completed_on=date(2019, 5, 1)))
        return nip


async def _unit_tree(sessions: async_sessionmaker[AsyncSession], password: str = "x") -> World:
    """An empty province: reference data and the unit tree, no posts, people or accounts yet."""
    await ensure_reference_data(sessions)
    async with write_transaction(sessions) as session:
        for code, name, parent in UNITS:
            session.add(Unit(code=code, name=name, parent_code=parent))
            await session.flush()
        await ensure_workflow_reference_data(session)
    return World(sessions, password_hash=password)


# --------------------------------------------------------------------------- the workflow layout

WORKFLOW_ACCOUNTS: list[tuple[str, list[str], str | None]] = [  # username, roles, unit
    ("operator", ["operator"], None),
    ("op_dinkes", ["operator"], "DINKES"),
    ("op_bkd", ["operator"], "BKD"),
    ("panel1", ["panel"], None),
    ("panel2", ["panel"], None),
    ("chair", ["panel_chair"], None),
    ("sekda", ["secretary"], None),
    ("reviewer", ["reviewer"], None),
    ("ppk", ["ppk"], None),
    ("admin", ["admin", "operator"], None),
]


async def workflow_world(sessions: async_sessionmaker[AsyncSession]) -> World:
    """Target posts ``T-jpt_pratama``, ``T-administrator``, ``T-pengawas`` (Dinas Kesehatan) and
    ``T-RS`` (its hospital, a sub-unit only this layout has), the accounts of ``WORKFLOW_ACCOUNTS``
    and two JPT witnesses."""
    w = await _unit_tree(sessions)
    await w.add_unit("DINKES-RS", "UPTD Rumah Sakit", parent="DINKES")
    for level in (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS):
        await w.add_post(f"T-{level}", level, title=f"Target {level.label}")
    await w.add_post("T-RS", Level.PENGAWAS, unit="DINKES-RS")
    for username, roles, unit in WORKFLOW_ACCOUNTS:
        await w.add_user(username, roles, unit=unit)
    w.witnesses = [await w.employee(Level.JPT_PRATAMA), await w.employee(Level.JPT_PRATAMA)]
    return w


# --------------------------------------------------------------------------- the API layout

# NIPs: birth date · CPNS month · gender · sequence.
HEAD_CANDIDATE = "197501012000031001"  # administrator in DINKES, eligible for KADINKES
OTHER_CANDIDATE = "197803152001122002"  # administrator in BKD
JUNIOR = "199001012015031003"  # pelaksana in DINKES-YANKES
CHAIR_NIP = "196801011990031004"
SEKDA_NIP = "196505051988031005"
WITNESS_1 = "197001011995031006"
WITNESS_2 = "197101011996031007"

POSITIONS = [  # code, title, unit, level, eselon
    ("SEKDA", "Sekretaris Daerah", "SETDA", "jpt_madya", "I.b"),
    ("KADINKES", "Kepala Dinas Kesehatan", "DINKES", "jpt_pratama", "II.b"),
    ("KABKD", "Kepala Badan Kepegawaian Daerah", "BKD", "jpt_pratama", "II.b"),
    ("KABID-YANKES", "Kepala Bidang Pelayanan Kesehatan", "DINKES-YANKES", "administrator", "III.b"),
    ("SEKBKD", "Sekretaris BKD", "BKD", "administrator", "III.a"),
    ("KASI-YANKES", "Kepala Seksi Pelayanan", "DINKES-YANKES", "pengawas", "IV.a"),
    ("KABIRO-HUKUM", "Kepala Biro Hukum", "SETDA", "jpt_pratama", "II.a"),
    ("KABIRO-ORG", "Kepala Biro Organisasi", "SETDA", "jpt_pratama", "II.a"),
]
PEOPLE = [  # nip, name, unit, post held, golongan, education
    (HEAD_CANDIDATE, "Budi Santoso", "DINKES", "KABID-YANKES", "IV/b", "S2"),
    (OTHER_CANDIDATE, "Siti Rahma", "BKD", "SEKBKD", "IV/a", "S2"),
    (JUNIOR, "Andi Pratama", "DINKES-YANKES", None, "III/a", "S1"),
    (CHAIR_NIP, "Chairul Anwar", "BKD", None, "IV/d", "S2"),
    (SEKDA_NIP, "Sekar Dewi", "SETDA", "SEKDA", "IV/e", "S2"),
    (WITNESS_1, "Wira Saksi", "SETDA", "KABIRO-HUKUM", "IV/c", "S2"),
    (WITNESS_2, "Wati Saksi", "SETDA", "KABIRO-ORG", "IV/c", "S2"),
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


def _named_employee(nip: str, name: str, unit: str, position: str | None, golongan: str, education: str) -> Employee:
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
    """Eligible for a JPT Pratama post: a pengawas post, then ``level`` since ``since``, SKP, JPM, PKN II."""
    return [
        JobHistory(
            nip=nip, start_date=date(2010, 1, 1), end_date=date(2017, 12, 31), title="Kepala Seksi", level="pengawas"
        ),
        JobHistory(
            nip=nip, start_date=since, position_code=position, title="Kepala Bidang", level=level, eselon="III.a"
        ),
        *(
            Skp(nip=nip, year=year, work_result="above", behaviour="above", predicate="sangat_baik")
            for year in (2024, 2025, 2026)
        ),
        CompetencyAssessment(
            nip=nip, assessed_on=date(2025, 6, 1), target_level="jpt_pratama", assessor="UPT", jpm=86.5
        ),
        Training(nip=nip, kind="PKN_II", name="PKN Tingkat II", completed_on=date(2022, 5, 1)),
    ]


async def small_province(sessions: async_sessionmaker[AsyncSession]) -> World:
    """The posts of ``POSITIONS``, the people of ``PEOPLE`` (two strong candidates, a junior under
    a light penalty), and the accounts of ``ACCOUNTS``, written in one transaction."""
    w = await _unit_tree(sessions, password_hash())
    async with write_transaction(sessions) as s:
        s.add_all([_post(code, level, unit, title, eselon) for code, title, unit, level, eselon in POSITIONS])
        await s.flush()
        s.add_all([_named_employee(*person) for person in PEOPLE])
        await s.flush()
        s.add_all(_strong_profile(HEAD_CANDIDATE, "administrator", "KABID-YANKES", date(2018, 1, 1)))
        s.add_all(_strong_profile(OTHER_CANDIDATE, "administrator", "SEKBKD", date(2018, 1, 1)))
        s.add(Discipline(nip=JUNIOR, decree_date=date(2026, 2, 1), severity="ringan", penalty="teguran lisan"))
        for username, (roles, unit, nip) in ACCOUNTS.items():
            w.actors[username] = await _account(s, username, roles, nip, unit, w.password_hash)
    w.witnesses = [WITNESS_1, WITNESS_2]
    return w
