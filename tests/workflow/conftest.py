"""A small province for workflow tests: units, posts, accounts of every role, and a factory of
employees who really are eligible (domain.md's table) for a post of a given level."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.models import (
    CompetencyAssessment,
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
from workflow import ceremonies, service
from workflow.actor import Actor
from workflow.setup import ensure_workflow_reference_data

TODAY = datetime.now(UTC).date()

# level held now -> (golongan, education, eselon of the held post)
_PROFILE = {
    Level.PELAKSANA: ("III/b", "S1", None),
    Level.PENGAWAS: ("III/d", "S1", "IV.a"),
    Level.ADMINISTRATOR: ("IV/b", "S2", "III.a"),
    Level.JPT_PRATAMA: ("IV/c", "S2", "II.a"),
}
_ESELON = {Level.JPT_PRATAMA: "II.a", Level.ADMINISTRATOR: "III.a", Level.PENGAWAS: "IV.a"}
_BELOW = {Level.JPT_PRATAMA: Level.ADMINISTRATOR, Level.ADMINISTRATOR: Level.PENGAWAS, Level.PENGAWAS: Level.PELAKSANA}


@dataclass
class World:
    sessions: async_sessionmaker[AsyncSession]
    actors: dict[str, Actor] = field(default_factory=dict)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    witnesses: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Actor:
        return self.actors[name]

    async def add_user(self, username: str, roles: list[str], nip: str | None = None, unit: str | None = None) -> Actor:
        async with write_transaction(self.sessions) as session:
            user = User(username=username, password_hash="x", nip=nip, unit_code=unit, created_at=datetime.now(UTC))
            session.add(user)
            await session.flush()
            assert user.id is not None
            session.add_all([UserRole(user_id=user.id, role=r) for r in roles])
        actor = Actor(user.id, username, frozenset(roles), nip, unit)
        self.actors[username] = actor
        return actor

    async def add_post(self, code: str, level: Level, unit: str = "DINKES", title: str | None = None) -> str:
        async with write_transaction(self.sessions) as session:
            session.add(
                Position(
                    code=code,
                    title=title or f"Jabatan {code}",
                    unit_code=unit,
                    level=str(level),
                    eselon=_ESELON.get(level),
                    is_key=level is Level.JPT_PRATAMA,
                )
            )
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
        target = target or {v: k for k, v in _BELOW.items()}.get(held, held)
        golongan, education, _ = _PROFILE[held]
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
            ladder = [Level.PELAKSANA, Level.PENGAWAS, Level.ADMINISTRATOR, Level.JPT_PRATAMA]
            earlier = ladder[: ladder.index(held)]
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
            training = {Level.JPT_PRATAMA: "PKN_II", Level.ADMINISTRATOR: "PKA", Level.PENGAWAS: "PKP"}[target]
            session.add(Training(nip=nip, kind=training, completed_on=date(2019, 5, 1)))
        return nip


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> World:
    w = World(sessions)
    async with write_transaction(sessions) as session:
        session.add(Unit(code="PROV", name="Pemerintah Provinsi"))
        await session.flush()
        session.add_all(
            [
                Unit(code="BKD", name="Badan Kepegawaian Daerah", parent_code="PROV"),
                Unit(code="DINKES", name="Dinas Kesehatan", parent_code="PROV"),
            ]
        )
        await session.flush()
        session.add(Unit(code="DINKES-RS", name="UPTD Rumah Sakit", parent_code="DINKES"))
        await ensure_workflow_reference_data(session)
    for level in (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS):
        await w.add_post(f"T-{level}", level, title=f"Target {level.label}")
    await w.add_post("T-RS", Level.PENGAWAS, unit="DINKES-RS")
    await w.add_user("operator", ["operator"])
    await w.add_user("op_dinkes", ["operator"], unit="DINKES")
    await w.add_user("op_bkd", ["operator"], unit="BKD")
    await w.add_user("panel1", ["panel"])
    await w.add_user("panel2", ["panel"])
    await w.add_user("chair", ["panel_chair"])
    await w.add_user("sekda", ["secretary"])
    await w.add_user("reviewer", ["reviewer"])
    await w.add_user("ppk", ["ppk"])
    await w.add_user("admin", ["admin", "operator"])
    w.witnesses = [await w.employee(Level.JPT_PRATAMA), await w.employee(Level.JPT_PRATAMA)]
    return w


LETTER = {"letter_number": "B/123/M.SM.01.00/2026", "letter_date": date(2026, 1, 5)}


async def approve_all(w: World, nomination_id: int) -> None:
    """Take every step of the chain with the official of each role."""
    by_role = {"panel_chair": "chair", "secretary": "sekda", "reviewer": "reviewer", "ppk": "ppk"}
    async with w.sessions() as session:
        from domain.models import Nomination

        row = await session.get(Nomination, nomination_id)
        assert row is not None
        steps = row.steps
    for step in steps[row.step_index :]:
        extra = LETTER if step.get("requires_letter") else {}
        await service.approve(w.sessions, w[by_role[step["role"]]], nomination_id, "setuju", **extra)


async def to_approval(w: World, post: str, kind: str = "PROMOTION", nominee: str | None = None, **kw) -> int:
    """A nomination for ``post`` taken to approval with an eligible nominee; returns its id."""
    level = Level(post.removeprefix("T-")) if post.startswith("T-") and post != "T-RS" else Level.PENGAWAS
    nip = nominee or await w.employee(_BELOW[level] if kind == "PROMOTION" else level)
    n = await service.create_nomination(w.sessions, w["operator"], post, kind, **kw)
    assert n.id is not None
    await service.set_shortlist(w.sessions, w["operator"], n.id, [nip])
    await service.start_assessment(w.sessions, w["operator"], n.id)
    await service.record_evaluation(w.sessions, w["panel1"], n.id, nip, 80, "kuat")
    await service.select_nominee(w.sessions, w["chair"], n.id, nip)
    await service.submit_for_approval(w.sessions, w["operator"], n.id)
    return n.id


async def to_inauguration(w: World, post: str, ceremony_id: int, kind: str = "PROMOTION", **kw) -> int:
    nid = await to_approval(w, post, kind, **kw)
    await approve_all(w, nid)
    await service.schedule_inauguration(
        w.sessions, w["operator"], nid, ceremony_id, f"821.2/{nid}/BKD/2026", TODAY, TODAY
    )
    return nid


async def a_ceremony(w: World, held_on: date | None = None) -> int:
    c = await ceremonies.create_ceremony(
        w.sessions, w["operator"], held_on or TODAY, "Gedung Negara", "Gubernur Banten"
    )
    assert c.id is not None
    return c.id
