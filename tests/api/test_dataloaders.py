"""Nested fields go through DataLoaders: a page of 100 nominations costs as many SQL statements as
a page of 10 (counted with SQLAlchemy's before_cursor_execute event)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import write_transaction
from domain.models import Approval, AuditEvent, Ceremony, Nomination, Position, User, WorkflowDefinition
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE

PAGE = """query($n: Int!) { nominations(first: $n) { totalCount edges { node {
  id state position { code title unit { name } incumbent { nip } }
  nominee { nip name position { code } }
  shortlist { nip }
  approvals { stepName actor }
  history(last: 3) { action toState hash }
} } } }"""


async def _many_nominations(sessions, count: int) -> None:  # type: ignore[no-untyped-def]
    at = datetime.now(UTC)
    async with write_transaction(sessions) as s:
        definition = (await s.exec(select(WorkflowDefinition))).first()
        user = (await s.exec(select(User))).first()
        assert definition is not None and user is not None
        seq = 0
        for i in range(count):
            code = f"POST-{i:03d}"
            s.add(
                Position(
                    code=code, title=f"Kepala Bidang {i}", unit_code="DINKES", level="administrator", eselon="III.a"
                )
            )
            await s.flush()
            nomination = Nomination(
                kind="promotion",
                position_code=code,
                level="administrator",
                definition_id=definition.id,
                # One person is the nominee of at most one open nomination (uq_nomination_open_nominee):
                # the first two are open, the rest completed.
                state="approval" if i < 2 else "completed",
                steps=[{"name": "panel_chair", "role": "panel_chair", "label": "Ketua TPK"}],
                shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE],
                nominee_nip=HEAD_CANDIDATE if i % 2 else OTHER_CANDIDATE,
                created_at=at,
                updated_at=at,
            )
            s.add(nomination)
            await s.flush()
            s.add(
                Approval(
                    nomination_id=nomination.id, round=1, step_index=0, step_name="panel_chair", role="panel_chair",
                    actor_user_id=user.id, actor_username=user.username, dossier_hash="0" * 64, approved_at=at,
                )
            )  # fmt: skip
            for action, to_state in (("create", "mapping"), ("start_assessment", "assessment"), ("submit", "approval")):
                seq += 1
                s.add(
                    AuditEvent(
                        seq=seq, at=at, nomination_id=nomination.id, actor_username="op", action=action,
                        to_state=to_state, outcome="ok", prev_hash="0" * 64, hash=f"{seq:064d}",
                    )
                )  # fmt: skip


async def _counted(app, api, query: str, variables: dict) -> tuple[dict, int]:  # type: ignore[no-untyped-def,type-arg]
    """The query's data and how many SQL statements answering it took."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        data = await api.data(query, variables)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return data, len(statements)


async def _statements_for(app, api, first: int) -> int:  # type: ignore[no-untyped-def]
    data, statements = await _counted(app, api, PAGE, {"n": first})
    edges = data["nominations"]["edges"]
    assert len(edges) == first
    assert all(len(e["node"]["history"]) == 3 and e["node"]["approvals"] for e in edges)
    return statements


async def test_statement_count_does_not_grow_with_page_size(app, as_user) -> None:  # type: ignore[no-untyped-def]
    await _many_nominations(app.state.sessions, 100)
    api = await as_user("auditor")
    await api.data("{ me { username } }")  # refreshes the session's last_seen now, not during the count
    ten = await _statements_for(app, api, 10)
    hundred = await _statements_for(app, api, 100)
    print(f"SQL statements: page of 10 → {ten}, page of 100 → {hundred}")
    assert ten == hundred
    assert hundred < 40  # BEGINs, the session check, count, page and one batch per loader


async def _ceremony_statements(app, api, ceremony_id: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    query = "query($id: Int!) { ceremony(id: $id) { nominations { id position { code } } } }"
    data, statements = await _counted(app, api, query, {"id": ceremony_id})
    return len(data["ceremony"]["nominations"]), statements


async def _small_and_large_ceremony(s: AsyncSession, small_size: int) -> tuple[Ceremony, Ceremony]:
    """Two ceremonies today: a small one holding the first ``small_size`` nominations, a large one the rest."""
    at = datetime.now(UTC)
    small = Ceremony(held_on=at.date(), place="Aula", officiant="Gubernur", created_at=at)
    large = Ceremony(held_on=at.date(), place="Pendopo", officiant="Gubernur", created_at=at)
    s.add_all([small, large])
    await s.flush()
    for i, nomination in enumerate((await s.exec(select(Nomination).order_by(Nomination.id))).all()):
        nomination.ceremony_id = small.id if i < small_size else large.id
    return small, large


async def test_ceremony_nominations_check_their_posts_in_one_batch(app, as_user) -> None:  # type: ignore[no-untyped-def]
    """Ceremony.nominations checks each nomination's post for visibility: one batch, not one query each."""
    await _many_nominations(app.state.sessions, 30)
    async with write_transaction(app.state.sessions) as s:
        small, large = await _small_and_large_ceremony(s, 3)
        ids = (small.id, large.id)
    api = await as_user("auditor")
    await api.data("{ me { username } }")  # refreshes the session's last_seen now, not during the count
    three, few = await _ceremony_statements(app, api, ids[0])
    many, more = await _ceremony_statements(app, api, ids[1])
    assert (three, many) == (3, 27)
    assert few == more
