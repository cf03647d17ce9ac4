"""domain.access: the SQL filter and the Python predicate select the same rows, for every role and
scope, on SQLite and PostgreSQL; and the unit subtree's recursive CTE equals its Python twin.

One small province: a unit tree three levels deep plus a separate root, a post and two people per
unit, nominations in several units (open and closed, with shortlists and nominees), two ceremonies,
and audit events of each outcome, with and without a nomination.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import access
from domain.access import Principal
from domain.models import (
    AuditEvent,
    Ceremony,
    Employee,
    Nomination,
    Position,
    Unit,
    User,
    UserRole,
    WorkflowDefinition,
)
from tests.domain.nomination_rows import promotion

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

UNITS = [  # code, parent
    ("PROV", None),
    ("SETDA", "PROV"),
    ("BKD", "PROV"),
    ("DINKES", "PROV"),
    ("DINKES-RS", "DINKES"),
    ("DINKES-RS-IGD", "DINKES-RS"),
    ("DINKES-YANKES", "DINKES"),
    ("LONE", None),  # a second root: nobody's sub-unit
]


def nip(unit_index: int, n: int) -> str:
    return f"19800101200001{unit_index:02d}{n:02d}"


PEOPLE = {code: [nip(i, 1), nip(i, 2)] for i, (code, _) in enumerate(UNITS)}
SHORTLISTED = PEOPLE["DINKES-RS-IGD"][0]  # on shortlists only
NOMINEE = PEOPLE["SETDA"][1]  # nominee of one nomination, on no shortlist
OPERATOR_CANDIDATE = PEOPLE["BKD"][0]  # an operator of BKD who is on a DINKES shortlist
IDLE = PEOPLE["LONE"][1]  # on nothing

# position unit, state, shortlist, nominee
NOMINATIONS = [
    ("DINKES", "mapping", [SHORTLISTED, PEOPLE["DINKES"][0]], None),
    ("DINKES", "completed", [OPERATOR_CANDIDATE], OPERATOR_CANDIDATE),
    ("DINKES-RS", "assessment", [PEOPLE["DINKES-RS"][0], SHORTLISTED], None),
    ("DINKES-RS-IGD", "approval", [PEOPLE["BKD"][1]], PEOPLE["BKD"][1]),
    ("SETDA", "oath", [PEOPLE["SETDA"][0], NOMINEE], NOMINEE),
    ("BKD", "withdrawn", [], None),
    ("LONE", "mapping", [PEOPLE["PROV"][0]], None),
    ("DINKES-YANKES", "mapping", [f"{SHORTLISTED[:-1]}9"], None),  # one digit off: no match
]

ACCOUNTS = [  # username, roles, unit, nip
    ("admin", {"admin"}, None, None),
    ("op-all", {"operator"}, None, None),
    ("op-dinkes", {"operator"}, "DINKES", PEOPLE["DINKES"][1]),
    ("op-rs", {"operator"}, "DINKES-RS", None),
    ("op-lone", {"operator"}, "LONE", None),
    ("op-bkd", {"operator", "employee"}, "BKD", OPERATOR_CANDIDATE),
    ("panel", {"panel"}, None, PEOPLE["PROV"][1]),
    ("chair", {"panel_chair"}, None, None),
    ("secretary", {"secretary"}, None, None),
    ("ppk", {"ppk"}, None, None),
    ("reviewer", {"reviewer"}, None, None),
    ("auditor", {"auditor"}, None, None),
    ("shortlisted", {"employee"}, "DINKES-RS-IGD", SHORTLISTED),
    ("nominee", {"employee"}, "SETDA", NOMINEE),
    ("idle", {"employee"}, "LONE", IDLE),
    ("no-nip", {"employee"}, None, None),
    ("no-roles", set(), "DINKES", PEOPLE["DINKES"][0]),
]


async def _province(session: AsyncSession) -> None:
    for code, parent in UNITS:
        session.add(Unit(code=code, name=f"Unit {code}", parent_code=parent))
        await session.flush()
    for code, _ in UNITS:
        session.add(Position(code=f"P-{code}", title=f"Kepala {code}", unit_code=code, level="administrator"))
    await session.flush()
    for code, nips in PEOPLE.items():
        for n in nips:
            session.add(
                Employee(
                    nip=n,
                    name=f"Person {n[-4:]}",
                    birth_date=date(1980, 1, 1),
                    gender="male",
                    cpns_start=date(2000, 1, 1),
                    golongan="III/d",
                    education="S1",
                    unit_code=code,
                )
            )
    definition = WorkflowDefinition(kind="promotion", level="administrator", version=1, body={}, created_at=NOW)
    session.add(definition)
    ceremonies = [
        Ceremony(held_on=date(2026, 12, d), place="Pendopo", officiant="Gubernur", created_at=NOW) for d in (1, 2)
    ]
    session.add_all(ceremonies)
    await session.flush()
    for i, (unit, state, shortlist, nominee) in enumerate(NOMINATIONS):
        ceremony = ceremonies[i % 2].id if state in ("oath", "completed") else None
        session.add(
            promotion(
                f"P-{unit}",
                definition.id,
                NOW,
                state=state,
                shortlist=shortlist,
                nominee_nip=nominee,
                ceremony_id=ceremony,
            )
        )
    await session.flush()
    ids = [n.id for n in (await session.exec(select(Nomination))).all()]
    seq = 0
    for nomination_id in [None, *ids]:
        for outcome in ("ok", "refused"):
            seq += 1
            session.add(
                AuditEvent(
                    seq=seq,
                    at=NOW,
                    nomination_id=nomination_id,
                    actor_username="someone",
                    action="set_shortlist",
                    outcome=outcome,
                    prev_hash="0" * 64,
                    hash=f"{seq:064d}",
                )
            )
    for username, roles, unit, person in ACCOUNTS:
        user = User(
            username=username, password_hash="-", unit_code=unit, nip=person, display_name=username, created_at=NOW
        )
        session.add(user)
        await session.flush()
        for role in roles:
            session.add(UserRole(user_id=user.id, role=role))  # type: ignore[arg-type]
    await session.commit()


@pytest.fixture
async def province(sessions: async_sessionmaker[AsyncSession]) -> dict[str, Principal]:
    async with sessions() as session:
        await _province(session)
        users = (await session.exec(select(User).order_by(col(User.id)))).all()
        return {u.username: await access.principal_for_user(session, u.id) for u in users}  # type: ignore[arg-type]


async def _ids(session: AsyncSession, key, where) -> set:  # type: ignore[no-untyped-def]
    return set((await session.exec(select(key).where(where))).all())


async def _visible(session: AsyncSession, p: Principal) -> dict[str, tuple[set, set]]:
    """Per kind of record: (rows the SQL filter selects, rows the Python predicate accepts)."""
    employees = (await session.exec(select(Employee))).all()
    positions = (await session.exec(select(Position))).all()
    nominations = (await session.exec(select(Nomination))).all()
    ceremonies = (await session.exec(select(Ceremony))).all()
    events = (await session.exec(select(AuditEvent))).all()
    unit_of = {post.code: post.unit_code for post in positions}
    by_id = {n.id: n for n in nominations}

    def post_unit(nomination: Nomination | None) -> str | None:
        return unit_of.get(nomination.position_code) if nomination else None

    return {
        "employee": (
            await _ids(session, Employee.nip, access.employee_filter(p)),
            {e.nip for e in employees if access.can_see_employee(p, e.nip, e.unit_code)},
        ),
        "position": (
            await _ids(session, Position.code, access.position_filter(p)),
            {x.code for x in positions if access.can_see_position(p, x.unit_code)},
        ),
        "nomination": (
            await _ids(session, Nomination.id, access.nomination_filter(p)),
            {n.id for n in nominations if access.can_see_nomination(p, n, post_unit(n))},
        ),
        "ceremony": (
            await _ids(session, Ceremony.id, access.ceremony_filter(p)),
            {c.id for c in ceremonies if access.can_see_ceremony(p, c)},
        ),
        "audit event": (
            await _ids(session, AuditEvent.seq, access.audit_event_filter(p)),
            {
                e.seq
                for e in events
                if access.can_see_audit_event(p, e, by_id.get(e.nomination_id), post_unit(by_id.get(e.nomination_id)))
            },
        ),
    }


@pytest.mark.parametrize("username", [a[0] for a in ACCOUNTS])
async def test_sql_filter_and_predicate_select_the_same_rows(username, province, sessions) -> None:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        for kind, (by_sql, by_python) in (await _visible(session, province[username])).items():
            assert by_sql == by_python, (username, kind, sorted(by_sql ^ by_python))


async def test_reach_and_profile_masks_have_sql_twins(province, sessions) -> None:  # type: ignore[no-untyped-def]
    """The compiled read path's masks (api.compiled): a reached employee and the profile fields."""
    async with sessions() as session:
        employees = (await session.exec(select(Employee))).all()
        for username, p in province.items():
            for sql, python in [
                (access.reach_employee_filter(p), access.can_reach_employee),
                (access.profile_filter(p), access.sees_profile),
            ]:
                expected = {e.nip for e in employees if python(p, e.nip, e.unit_code)}
                assert await _ids(session, Employee.nip, sql) == expected, (username, python.__name__)


async def test_what_each_role_sees(province, sessions) -> None:  # type: ignore[no-untyped-def]
    """The parity above is not vacuous: the roles see different, expected slices."""
    counts: dict[str, dict[str, int]] = {}
    async with sessions() as session:
        for name, p in province.items():
            counts[name] = {kind: len(sql) for kind, (sql, _) in (await _visible(session, p)).items()}
    everything = {"employee": 16, "position": 8, "nomination": 8, "ceremony": 2, "audit event": 18}
    assert counts["admin"] == counts["auditor"] == everything
    assert counts["op-all"] == counts["panel"] == everything
    # DINKES, its two sub-units and the grandchild: 4 units, 8 people, 5 nominations.
    assert counts["op-dinkes"] == {"employee": 8, "position": 4, "nomination": 5, "ceremony": 2, "audit event": 10}
    assert counts["op-rs"] == {"employee": 4, "position": 2, "nomination": 2, "ceremony": 2, "audit event": 4}
    # op-bkd sees BKD, plus themselves; not the DINKES nomination whose shortlist they are on.
    assert counts["op-bkd"] == {"employee": 2, "position": 1, "nomination": 1, "ceremony": 2, "audit event": 2}
    # Employees: themselves, and the nominations about them (steps taken only: "ok" events).
    assert counts["shortlisted"] == {"employee": 1, "position": 0, "nomination": 2, "ceremony": 0, "audit event": 2}
    assert counts["nominee"] == {"employee": 1, "position": 0, "nomination": 1, "ceremony": 0, "audit event": 1}
    assert counts["idle"] == {"employee": 1, "position": 0, "nomination": 0, "ceremony": 0, "audit event": 0}
    assert counts["no-nip"] == {"employee": 0, "position": 0, "nomination": 0, "ceremony": 0, "audit event": 0}


async def test_unit_subtree_cte_equals_its_python_twin(sessions) -> None:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        await _province(session)
        units = (await session.exec(select(Unit))).all()
        for unit in units:
            python = access.subtree_of(units, unit.code)
            assert await access.load_unit_scope(session, unit.code) == python, unit.code
            for other in units:
                in_scope = await access.unit_in_scope(session, unit.code, other.code)
                assert in_scope == (other.code in python), (unit.code, other.code)
        assert access.subtree_of(units, "DINKES") == {"DINKES", "DINKES-RS", "DINKES-RS-IGD", "DINKES-YANKES"}
        assert access.subtree_of(units, "LONE") == {"LONE"}
        assert access.subtree_of(units, "NOWHERE") == await access.load_unit_scope(session, "NOWHERE") == set()
        assert await access.unit_in_scope(session, None, "LONE")  # no unit: the whole province


async def test_principal_scope(province) -> None:  # type: ignore[no-untyped-def]
    op = province["op-dinkes"]
    assert op.unit_scope == {"DINKES", "DINKES-RS", "DINKES-RS-IGD", "DINKES-YANKES"}
    assert op.covers_unit("DINKES-RS-IGD") and not op.covers_unit("BKD") and not op.reads_province
    assert province["op-all"].unit_scope is None and province["op-all"].reads_province
    assert province["op-all"].is_staff and not province["shortlisted"].is_staff
    # Built by hand with a unit but no scope: that one unit only, never the whole province.
    bare = Principal(1, "bare", frozenset({"operator"}), unit_code="DINKES")
    assert bare.unit_scope == {"DINKES"} and not bare.covers_unit("DINKES-RS") and not bare.reads_province
    # The workflow's unit rule looks at the operator scope only, whatever reader roles come with it.
    assert op.operates_in("DINKES-RS-IGD") and not op.operates_in("BKD")
    reader = Principal(
        2, "op-auditor", frozenset({"operator", "auditor"}), unit_code="BKD", unit_scope=frozenset({"BKD"})
    )
    assert reader.covers_unit("DINKES") and not reader.operates_in("DINKES") and reader.operates_in("BKD")
    assert province["op-all"].operates_in("LONE")
