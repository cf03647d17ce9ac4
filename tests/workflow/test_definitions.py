"""Definitions as data, the shared state machine, its Mermaid export, and the migration's
partial unique index."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.db import create_engine
from domain.errors import InvalidInput
from domain.migrate import upgrade
from domain.reference import Level
from testkit.province import World
from workflow import machine, service
from workflow.definitions import Kind, default_body, in_election_window, publish_definition, resolve_steps


def test_default_chains_per_level() -> None:
    for kind in Kind:
        jpt = [s["role"] for s in default_body(kind, Level.JPT_PRATAMA)["approval_steps"]]
        assert jpt == ["panel_chair", "secretary", "reviewer", "ppk"]
        for level in (Level.ADMINISTRATOR, Level.PENGAWAS):
            assert [s["role"] for s in default_body(kind, level)["approval_steps"]] == [
                "panel_chair",
                "secretary",
                "ppk",
            ]


def test_mendagri_step_only_inside_the_window() -> None:
    body = default_body(Kind.PROMOTION, Level.JPT_PRATAMA)
    assert in_election_window(body, date(2024, 12, 1))
    inside = [s["name"] for s in resolve_steps(body, date(2024, 12, 1))]
    assert inside == ["panel_chair", "secretary", "national_review", "mendagri", "ppk"]
    assert "mendagri" not in [s["name"] for s in resolve_steps(body, date(2026, 1, 26))]


def test_mermaid_export_lists_states_and_chain() -> None:
    steps = default_body(Kind.ROTATION, Level.JPT_PRATAMA)["approval_steps"]
    text = machine.mermaid(steps, "approval")
    assert text.count("stateDiagram-v2") == 1
    for state in machine.STATES:
        assert f'state "{state}"' in text
    assert "approval --> assessment: return_for_revision" in text
    assert "Gubernur (PPK) (ppk)" in text


async def test_a_definition_without_steps_is_refused(world: World) -> None:
    body = copy.deepcopy(default_body(Kind.TRANSFER, Level.PENGAWAS))
    body["approval_steps"] = []
    async with world.sessions() as session:
        with pytest.raises(InvalidInput, match="approval_steps is empty"):
            await publish_definition(session, Kind.TRANSFER, Level.PENGAWAS, body)


async def test_idempotency_key_reused_for_another_action(world: World) -> None:
    n = await service.create_nomination(
        world.sessions, world["operator"], "T-pengawas", "PROMOTION", idempotency_key="k"
    )
    assert n.id is not None
    with pytest.raises(InvalidInput, match="was used for create"):
        await service.start_assessment(world.sessions, world["operator"], n.id, idempotency_key="k")


async def test_migration_enforces_one_open_nomination_per_post(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        await upgrade(engine)
        insert = sa.text(
            "INSERT INTO nomination (kind, position_code, level, definition_id, state, round, step_index, steps, "
            "shortlist, created_at, updated_at, version) VALUES ('promotion', 'P1', 'pengawas', 1, :state, 1, 0, "
            "'[]', '[]', '2026-01-01', '2026-01-01', 1)"
        )
        async with engine.begin() as conn:
            await conn.execute(sa.text("INSERT INTO unit (code, name) VALUES ('U', 'Unit')"))
            await conn.execute(
                sa.text(
                    "INSERT INTO position (code, title, unit_code, level, is_key) "
                    "VALUES ('P1', 'Kepala Seksi', 'U', 'pengawas', false)"
                )
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO workflow_definition (id, kind, level, version, body, created_at) "
                    "VALUES (1, 'promotion', 'pengawas', 1, '{}', '2026-01-01')"
                )
            )
            for state in ("withdrawn", "completed", "mapping"):  # closed ones do not count
                await conn.execute(insert, {"state": state})
        with pytest.raises(sa.exc.IntegrityError, match="UNIQUE constraint failed: nomination.position_code"):
            async with engine.begin() as conn:
                await conn.execute(insert, {"state": "approval"})
    finally:
        await engine.dispose()
