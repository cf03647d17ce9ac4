"""The demo province: deterministic, internally consistent, and ready for one inauguration of ten
JPT Pratama officials (each vacant post with at least three candidates the talent rules accept)."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

import domain.accounts
from api.cli import main
from domain.competency import compute_jpm
from domain.db import create_engine, session_factory
from domain.demo import DEMO_ACCOUNTS, DemoDatabaseNotEmpty, DemoSummary, seed_demo
from domain.errors import InvalidInput
from domain.migrate import alembic_config
from domain.models import (
    CompetencyAssessment,
    CompetencyScore,
    Discipline,
    Employee,
    JobHistory,
    Position,
    RankHistory,
    Skp,
    User,
    UserRole,
)
from domain.nip import parse_nip
from domain.reference import RANK_ORDER, Level, skp_predicate
from domain.rulebook import DEFAULTS, load_rulebook
from domain.rules.eligibility import check_eligibility
from domain.rules.ninebox_grid import nine_box_grid
from domain.rules.ranking import rank_candidates

EMPLOYEES = 300
CEREMONY_DAY = date(2026, 12, 1)
# Tables whose rows the seed writes; accounts are compared without their salted hashes and clock times.
DATA_TABLES = (
    "unit",
    "position",
    "employee",
    "job_history",
    "rank_history",
    "education_history",
    "training",
    "skp",
    "competency_assessment",
    "competency_score",
    "discipline",
    "rule_setting",
)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eleven demo accounts at argon2's real cost take seconds per seed; these tests are about the data."""
    monkeypatch.setattr(domain.accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


async def _all(session: AsyncSession, statement):  # type: ignore[no-untyped-def]
    return (await session.exec(statement)).all()


async def test_the_province_is_consistent(sessions: async_sessionmaker[AsyncSession]) -> None:
    summary = await seed_demo(sessions, employees=EMPLOYEES, seed=7)
    async with sessions() as session:
        employees = await _all(session, select(Employee))
        positions = await _all(session, select(Position))
        jobs = await _all(session, select(JobHistory).order_by(JobHistory.nip, JobHistory.start_date))
        ranks = await _all(session, select(RankHistory).order_by(RankHistory.nip, RankHistory.tmt))
        skps = await _all(session, select(Skp))
        assessments = await _all(session, select(CompetencyAssessment))
        scores = await _all(session, select(CompetencyScore))
        penalties = await _all(session, select(Discipline))

    assert len(employees) == summary.employees == EMPLOYEES
    people = {e.nip: e for e in employees}

    # Every NIP is valid and says what the employee row says.
    for e in employees:
        nip = parse_nip(e.nip)
        assert (nip.birth_date, nip.cpns_start, nip.gender.value) == (e.birth_date, e.cpns_start, e.gender)

    # Posts of every level; JPT posts are key; exactly ten JPT Pratama vacancies and some at every level.
    held = {e.position_code for e in employees if e.position_code}
    by_level = defaultdict(list)
    for p in positions:
        by_level[p.level].append(p)
    assert set(by_level) == {level.value for level in Level}
    assert all(p.is_key for p in by_level["jpt_pratama"] + by_level["jpt_madya"])
    vacant_jpt = sorted(p.code for p in by_level["jpt_pratama"] if p.code not in held)
    assert vacant_jpt == sorted(summary.vacant_jpt_pratama) and len(vacant_jpt) == 10
    for level in ("administrator", "pengawas", "pelaksana", "fungsional"):
        assert any(p.code not in held for p in by_level[level]), level
    assert {p.eselon for p in by_level["jpt_pratama"]} == {"II.a", "II.b"}
    assert [p.eselon for p in by_level["jpt_madya"]] == ["I.b"]

    # Job history: no overlap, one open row per person, last, agreeing with the post held.
    rows_of = defaultdict(list)
    for row in jobs:
        rows_of[row.nip].append(row)
    assert set(rows_of) == set(people)
    for nip, rows in rows_of.items():
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier.end_date is not None and earlier.end_date < later.start_date, nip
        assert [r.end_date for r in rows].count(None) == 1 and rows[-1].end_date is None, nip
        assert rows[-1].position_code == people[nip].position_code, nip
        assert rows[0].start_date >= people[nip].cpns_start, nip

    # Rank history climbs; the employee's golongan is the latest one.
    ranks_of = defaultdict(list)
    for row in ranks:
        ranks_of[row.nip].append(row)
    for nip, rows in ranks_of.items():
        ordinals = [RANK_ORDER.index(r.golongan) for r in rows]
        assert ordinals == sorted(set(ordinals)), nip
        assert (people[nip].golongan, people[nip].golongan_tmt) == (rows[-1].golongan, rows[-1].tmt)
    assert set(ranks_of) == set(people)

    # SKP predicates follow the matrix; years run up to the reference year.
    assert all(s.predicate == skp_predicate(s.work_result, s.behaviour).value for s in skps)
    assert max(s.year for s in skps) == 2026 and len({s.predicate for s in skps}) >= 4

    # JPM is what the scores give: 8 managerial + perekat bangsa + 2 technical, against the level's standard.
    standards = DEFAULTS["competency_standard"].value
    scores_of = defaultdict(list)
    for s in scores:
        scores_of[s.assessment_id].append(s)
    for a in assessments:
        rows = scores_of[a.id]
        assert Counter(s.kind for s in rows) == {"managerial": 8, "sociocultural": 1, "technical": 2}
        assert {s.standard for s in rows} == {standards[a.target_level]}
        assert a.jpm == compute_jpm((s.level, s.standard) for s in rows)
        assert a.assessed_on <= summary.reference_date

    assert {p.severity for p in penalties} == {"ringan", "sedang", "berat"}
    assert {e.health_ok for e in employees} == {True, False, None}
    assert len({e.religion for e in employees}) >= 2

    async with sessions() as session:
        for table, written in summary.rows.items():
            stored = SQLModel.metadata.tables[table]
            assert (await session.exec(sa.select(sa.func.count()).select_from(stored))).scalar_one() == written, table
    await _assert_accounts(sessions, summary, people)


async def _assert_accounts(
    sessions: async_sessionmaker[AsyncSession], summary: DemoSummary, people: dict[str, Employee]
) -> None:
    async with sessions() as session:
        users = {u.username: u for u in await _all(session, select(User))}
        roles = defaultdict(set)
        for user_id, role in await _all(session, sa.select(UserRole.user_id, UserRole.role)):
            roles[user_id].add(role)
    assert set(users) == {spec.username for spec in DEMO_ACCOUNTS}
    for spec in DEMO_ACCOUNTS:
        assert roles[users[spec.username].id] == set(spec.roles), spec.username
    holder = {e.position_code: e.nip for e in people.values() if e.position_code}
    assert users["secretary"].nip == holder["SETDA-SEKDA"]
    assert users["panel_chair"].nip == holder["SETDA-ASISTEN3"]
    assert {users["panel1"].nip, users["panel2"].nip} == {holder["BKD-KEPALA"], holder["INSPEKTORAT-KEPALA"]}
    assert users["ppk"].nip is None and users["reviewer"].nip is None and users["admin"].nip is None
    assert users["operator"].unit_code is None and people[users["operator"].nip].unit_code.startswith("BKD")
    assert users["operator_dinkes"].unit_code == "DINKES"
    assert users["employee"].nip in summary.candidates
    nips = [u.nip for u in users.values() if u.nip]
    assert len(nips) == len(set(nips)) == 8
    assert summary.account("employee").password == "demo-employee-2026"


async def test_ten_vacant_jpt_posts_have_three_eligible_candidates_each(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    summary = await seed_demo(sessions, employees=EMPLOYEES)
    async with sessions() as session:
        book = await load_rulebook(session)
        for day in (CEREMONY_DAY, date(2027, 6, 1)):
            for code in summary.vacant_jpt_pratama:
                eligible = 0
                for nip in summary.candidates:
                    eligible += (await check_eligibility(session, nip, code, day, book)).eligible
                    if eligible == 3:
                        break
                assert eligible == 3, (code, day)
                # The SQL ranking agrees: at least three eligible people for the post.
                assert (await rank_candidates(session, code, day, limit=3, rulebook=book)).total >= 3
        # Each near-miss fails exactly the one rule it was built to fail.
        post = summary.vacant_jpt_pratama[0]
        assert (await check_eligibility(session, summary.account("employee").nip or "", post, CEREMONY_DAY)).eligible
        rule_of_flaw = {"jpm": "competency"}
        for flaw, nip in summary.near_misses.items():
            verdict = await check_eligibility(session, nip, post, CEREMONY_DAY)
            assert [c.rule for c in verdict.failing] == [rule_of_flaw.get(flaw, flaw)], flaw

        grid = await nine_box_grid(session, None, CEREMONY_DAY, members_limit=0)
    assert all(cell.count > 0 for cell in grid.cells), [(c.box, c.count) for c in grid.cells]
    assert sum(group.count for group in grid.unmapped) > 0


def _normalise(value: object) -> object:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, float):
        return round(value, 6)
    return value


async def _dump(sessions: async_sessionmaker[AsyncSession]) -> dict[str, list[tuple]]:
    dump: dict[str, list[tuple]] = {}
    async with sessions() as session:
        for name in DATA_TABLES:
            table = SQLModel.metadata.tables[name]
            columns = [c for c in table.columns if not (c.name == "id" and name != "competency_assessment")]
            rows = (await session.exec(sa.select(*columns))).all()
            dump[name] = sorted((tuple(_normalise(v) for v in row) for row in rows), key=repr)
        users = await session.exec(
            sa.select(User.username, User.nip, User.unit_code, User.display_name, UserRole.role).join(UserRole)
        )
        dump["accounts"] = sorted(tuple(r) for r in users.all())
    return dump


async def _seed_fresh_sqlite(path: Path, seed: int) -> dict[str, list[tuple]]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        sessions = session_factory(engine)
        await seed_demo(sessions, employees=150, seed=seed)
        return await _dump(sessions)
    finally:
        await engine.dispose()


async def test_same_seed_gives_the_same_rows(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    first = await seed_demo(sessions, employees=150, seed=3)
    here = await _dump(sessions)
    again = await _seed_fresh_sqlite(tmp_path / "again.db", seed=3)
    other = await _seed_fresh_sqlite(tmp_path / "other.db", seed=4)
    assert here == again
    assert here["employee"] != other["employee"] and here["job_history"] != other["job_history"]
    assert here["unit"] == other["unit"] and here["position"] == other["position"]  # the organisation is fixed
    assert sum(len(rows) for rows in here.values()) > 3000 and first.employees == 150


async def test_only_an_empty_database_is_seeded(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(InvalidInput, match="at least 100"):
        await seed_demo(sessions, employees=50)
    await seed_demo(sessions, employees=120)
    with pytest.raises(DemoDatabaseNotEmpty, match="120 employee"):
        await seed_demo(sessions, employees=120)
    async with sessions() as session:
        count = (await session.exec(sa.select(sa.func.count()).select_from(Employee))).scalar_one()
    assert count == 120


async def _stamp_as_migrated(engine: AsyncEngine) -> None:
    """The fixtures build the schema from the models; tell Alembic it is at head so the CLI's
    migrate step has nothing to do."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = connection
        command.stamp(config, "head")

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def test_cli_exit_codes(engine: AsyncEngine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    await _stamp_as_migrated(engine)

    def cli(*args: str) -> int:
        return main(["--database-url", database_url, "seed", *args])

    assert await asyncio.to_thread(cli, "--employees", "120") == 2  # --demo missing: misuse
    assert await asyncio.to_thread(cli, "--demo", "--employees", "20") == 1
    assert "at least 100" in capsys.readouterr().err
    assert await asyncio.to_thread(cli, "--demo", "--employees", "120", "--seed", "5") == 0
    out = capsys.readouterr().out
    assert "120 employees" in out and "demo-secretary-2026" in out and "DINKES" in out
    assert await asyncio.to_thread(cli, "--demo", "--employees", "120") == 1
    assert "already holds data" in capsys.readouterr().err
    assert await asyncio.to_thread(cli, "--demo", "--if-empty") == 0
    assert "skipped" in capsys.readouterr().out
