"""The database of the peer comparison: the demo province plus ``N`` completed nominations.

The nominations are written with Core inserts, not driven through the workflow: the comparison
measures reads, and ~300 × 12 transitions would take minutes for rows whose history nobody reads
here. Each completed nomination is for a post that is held, with the holder as its nominee (as if
that nomination put them there), so the demo's vacancies and incumbents stay exactly as seeded;
its approvals are one row per step of its definition's chain, each by the demo account of the
step's role. ``peer_vacant_positions()`` is a SQL function for PostGraphile: ``positions(vacant:
true)`` is a filter on a relation, which PostGraphile's amber preset has no argument for, and a
function returning ``SETOF position`` is how PostGraphile is told about such a query.

``OPEN_IN_MAPPING`` more nominations are open in the mapping stage (no nominee yet, so the one-open-
appointment rule is not involved): the province-wide operator's inbox then holds a page of work on
both servers, and the inbox scenario measures a real page, not only the fixed cost of an empty one.

The seed runs once per database: when the nominations are there already it does nothing.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

from domain.db import create_engine, session_factory, write_transaction
from domain.demo.seed import seed_demo
from domain.models import Approval, Employee, Nomination, Position, User, UserRole, WorkflowDefinition

__all__ = ["INBOX_FUNCTION", "VACANT_FUNCTION", "prepare"]

ROOT = Path(__file__).resolve().parent.parent
DEMO_EMPLOYEES = 2000
OPEN_IN_MAPPING = 20  # one page of the inbox (both servers' default page is 20)
VACANT_FUNCTION = """
CREATE OR REPLACE FUNCTION peer_vacant_positions() RETURNS SETOF public."position" AS $$
  SELECT p.* FROM public."position" p
  WHERE NOT EXISTS (SELECT 1 FROM public.employee e WHERE e.position_code = p.code)
  ORDER BY p.code
$$ LANGUAGE sql STABLE
"""

# The province-wide operator's inbox (workflow.queries.inbox for an account with only the operator
# role and no unit): the operator's stages — mapping, approval with every step taken, inauguration, oath.
INBOX_FUNCTION = """
CREATE OR REPLACE FUNCTION peer_operator_inbox() RETURNS SETOF public.nomination AS $$
  SELECT n.* FROM public.nomination n
  WHERE n.state IN ('mapping', 'inauguration', 'oath')
     OR (n.state = 'approval' AND n.step_index >= json_array_length(n.steps::json))
  ORDER BY n.id DESC
$$ LANGUAGE sql STABLE
"""


def migrate(url: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "meritflow"), "--database-url", url, "migrate"], check=True, cwd=ROOT
    )


async def _count_in(url: str, state: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            query = sa.select(sa.func.count()).select_from(Nomination).where(col(Nomination.state) == state)
            return (await conn.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def prepare(url: str, nominations: int) -> str:
    """Migrate, seed the demo and the completed nominations unless there; returns what was done."""
    migrate(url)
    done = f"database ready ({nominations}+ completed nominations)"
    engine = create_engine(url)
    try:
        if await _count_in(url, "completed") < nominations:
            sessions = session_factory(engine)
            async with sessions() as session:
                employees = (await session.exec(select(sa.func.count()).select_from(Employee))).one()
            if not employees:
                await seed_demo(sessions, employees=DEMO_EMPLOYEES)
            added = await _add_completed(sessions, nominations)
            done = f"seeded: demo ({DEMO_EMPLOYEES} employees), {added} completed nominations"
        if await _count_in(url, "mapping") < OPEN_IN_MAPPING:
            opened = await _add_open_in_mapping(session_factory(engine), OPEN_IN_MAPPING)
            done += f"; {opened} nominations open in mapping (the operator's inbox)"
        async with engine.begin() as conn:
            await conn.execute(sa.text(VACANT_FUNCTION))
            await conn.execute(sa.text(INBOX_FUNCTION))
            await conn.execute(sa.text("ANALYZE"))
    finally:
        await engine.dispose()
    return done


async def _add_completed(sessions, count: int) -> int:  # type: ignore[no-untyped-def]
    async with write_transaction(sessions) as session:
        rows = (await session.exec(select(WorkflowDefinition))).all()
        definitions = {(d.kind, d.level): d for d in rows if d.kind == "promotion"}
        held = (
            await session.exec(
                select(Position, Employee.nip)
                .join(Employee, col(Employee.position_code) == col(Position.code))
                .where(col(Position.level).in_([level for _, level in definitions]))
                .order_by(col(Position.code))
                .limit(count)
            )
        ).all()
        accounts = (await session.exec(select(UserRole.role, User.id, User.username).join(User))).all()
        by_role = {role: (uid, name) for role, uid, name in accounts}
        operator_id = by_role["operator"][0]
        conn = await session.connection()
        start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
        approvals: list[dict] = []
        for i, (post, nip) in enumerate(held):
            definition = definitions[("promotion", post.level)]
            steps = definition.body["approval_steps"]
            created = start + timedelta(days=i)
            inaugurated = (created + timedelta(days=60)).date()
            row = {
                "kind": "promotion",
                "position_code": post.code,
                "level": post.level,
                "definition_id": definition.id,
                "state": "completed",
                "round": 1,
                "step_index": len(steps),
                "steps": steps,
                "shortlist": [nip],
                "nominee_nip": nip,
                "planned_date": inaugurated,
                "created_by_user_id": operator_id,
                "created_at": created,
                "updated_at": created + timedelta(days=61),
                "ceremony_id": None,
                "decree_number": f"821.2/{i + 1}/BKD/2025",
                "decree_date": inaugurated - timedelta(days=3),
                "effective_date": inaugurated,
                "inaugurated_on": inaugurated,
                "version": 12,
            }
            table = Nomination.__table__  # type: ignore[attr-defined]
            nid = (await conn.execute(sa.insert(table).values(row).returning(table.c.id))).scalar_one()
            for index, step in enumerate(steps):
                uid, username = by_role[step["role"]]
                approvals.append(
                    {
                        "nomination_id": nid,
                        "round": 1,
                        "step_index": index,
                        "step_name": step["name"],
                        "role": step["role"],
                        "actor_user_id": uid,
                        "actor_username": username,
                        "dossier_hash": hashlib.sha256(f"{nid}:{index}".encode()).hexdigest(),
                        "comment": "setuju",
                        "letter_number": "B/123/M.SM.01.00/2025" if step.get("requires_letter") else None,
                        "letter_date": date(2025, 1, 5) if step.get("requires_letter") else None,
                        "approved_at": created + timedelta(days=30 + index),
                        "void": False,
                    }
                )
        if approvals:
            await conn.execute(sa.insert(Approval.__table__), approvals)  # type: ignore[attr-defined]
    return len(held)


async def _add_open_in_mapping(sessions, count: int) -> int:  # type: ignore[no-untyped-def]
    """``count`` nominations just created for vacant posts (then held ones), waiting in mapping."""
    async with write_transaction(sessions) as session:
        rows = (await session.exec(select(WorkflowDefinition))).all()
        definitions = {d.level: d for d in rows if d.kind == "promotion"}
        posts = (
            await session.exec(
                select(Position)
                .where(col(Position.level).in_(list(definitions)))
                .order_by(col(Position.code).desc())
                .limit(count)
            )
        ).all()
        operator_id = (
            await session.exec(select(User.id).join(UserRole).where(col(UserRole.role) == "operator"))
        ).first()
        created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        table = Nomination.__table__  # type: ignore[attr-defined]
        conn = await session.connection()
        for i, post in enumerate(posts):
            definition = definitions[post.level]
            row = {
                "kind": "promotion",
                "position_code": post.code,
                "level": post.level,
                "definition_id": definition.id,
                "state": "mapping",
                "round": 1,
                "step_index": 0,
                "steps": definition.body["approval_steps"],
                "shortlist": [],
                "nominee_nip": None,
                "planned_date": date(2027, 1, 4),
                "created_by_user_id": operator_id,
                "created_at": created + timedelta(hours=i),
                "updated_at": created + timedelta(hours=i),
                "ceremony_id": None,
                "version": 1,
            }
            await conn.execute(sa.insert(table).values(row))
    return len(posts)
