"""The fields of issue 10 go through DataLoaders: a page of 40 nominations (or a ceremony of 40)
costs as many SQL statements as a page of 5."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from domain.db import write_transaction
from domain.models import AuditEvent, Evaluation, Nomination, Position, User, WorkflowDefinition
from testkit.province import CHAIR_NIP, HEAD_CANDIDATE, OTHER_CANDIDATE
from tests.api.test_dataloaders import _counted, _small_and_large_ceremony

PAGE = """query($n: Int!) { nominations(first: $n) { edges { node {
  id awaitingInauguration documentFinal
  lastReturn { reason actor clearedNomineeNip clearedNominee { name } }
  shortlistEntries { nip employee { name } panelMember nominatedElsewhere { nominationId positionTitle } }
  evaluations { score } evaluationSummary { nip average spread }
} } } }"""
CEREMONY = """query($id: Int!) { ceremony(id: $id) { status nominations { id documentFinal }
  lastRun { nominationId ok params { name value } } } }"""


async def _nominations(sessions, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """``count`` returned nominations in assessment, each with a scored shortlist and a return event."""
    at = datetime.now(UTC)
    ids = []
    async with write_transaction(sessions) as s:
        definition = (await s.exec(select(WorkflowDefinition))).first()
        user = (await s.exec(select(User))).first()
        assert definition is not None and user is not None and user.id is not None
        for i in range(count):
            code = f"LD-{i:03d}"
            s.add(Position(code=code, title=f"Kepala UPT {i}", unit_code="DINKES", level="administrator"))
            await s.flush()
            nomination = Nomination(
                kind="promotion", position_code=code, level="administrator", definition_id=definition.id or 0,
                state="assessment", round=2, shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE, CHAIR_NIP],
                created_at=at, updated_at=at,
            )  # fmt: skip
            s.add(nomination)
            await s.flush()
            assert nomination.id is not None
            ids.append(nomination.id)
            s.add(
                Evaluation(
                    nomination_id=nomination.id, round=2, evaluator_user_id=user.id, evaluator_username=user.username,
                    nip=HEAD_CANDIDATE, score=70 + i % 20, recorded_at=at,
                )
            )  # fmt: skip
            for seq, action, data in (
                (2 * i + 1, "select_nominee", {"nominee_nip": HEAD_CANDIDATE}),
                (2 * i + 2, "return_for_revision", {"step": 0, "old_round": 1, "new_round": 2}),
            ):
                s.add(
                    AuditEvent(
                        seq=seq, at=at, nomination_id=nomination.id, actor_username="chair", action=action,
                        reason="redo" if action == "return_for_revision" else None, data=json.dumps(data),
                        outcome="ok", prev_hash="0" * 64, hash=f"{seq:064d}",
                    )
                )  # fmt: skip
    return ids


async def test_nomination_fields_of_issue_10_in_batches(app, as_user) -> None:  # type: ignore[no-untyped-def]
    ids = await _nominations(app.state.sessions, 40)
    async with write_transaction(app.state.sessions) as s:
        small, large = await _small_and_large_ceremony(s, 5)
        for ceremony, part in ((small, ids[:5]), (large, ids[5:])):
            ceremony.last_run = [
                {"nomination_id": n, "ok": False, "state": "assessment", "version": 1, "code": "X", "message": "m",
                 "dry_run": False, "params": {"nomination_id": n}}
                for n in part
            ]  # fmt: skip
        ceremonies = (small.id, large.id)
    api = await as_user("chair")
    await api.data("{ me { username } }")  # refreshes the session's last_seen now, not during the count
    counts = []
    for first in (5, 40):
        data, statements = await _counted(app, api, PAGE, {"n": first})
        nodes = [e["node"] for e in data["nominations"]["edges"]]
        assert len(nodes) == first
        assert all(n["lastReturn"]["clearedNominee"] == {"name": "Budi Santoso"} for n in nodes)
        assert all([e["panelMember"] for e in n["shortlistEntries"]] == [False, False, True] for n in nodes)
        assert all(n["evaluationSummary"][0]["nip"] == HEAD_CANDIDATE for n in nodes)
        counts.append(statements)
    assert counts[0] == counts[1], counts
    sizes = []
    for ceremony in ceremonies:
        data, statements = await _counted(app, api, CEREMONY, {"id": ceremony})
        # Ran (a last run is stored) and nobody of it is still in inauguration or oath (the fixture's
        # nominations are in assessment): conducted, as workflow.ceremonies.ceremony_status says.
        assert data["ceremony"]["status"] == "CONDUCTED"
        assert len(data["ceremony"]["lastRun"]) == len(data["ceremony"]["nominations"])
        sizes.append((len(data["ceremony"]["nominations"]), statements))
    assert [n for n, _ in sizes] == [5, 35] and sizes[0][1] == sizes[1][1], sizes
