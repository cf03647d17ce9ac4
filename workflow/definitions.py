"""Workflow definitions as data: stages, ordered approval steps with their roles, actions that
need a reason, and each stage's deadline in working days — one per nomination kind × post level.

Stored in ``workflow_definition`` and versioned: :func:`publish_definition` adds a new version;
a nomination keeps the ``definition_id`` it started with.

The approval chains are domain.md's defaults:

* Pengawas / Administrator: TPK chair (``panel_chair``) → Sekda (``secretary``) → Gubernur (``ppk``).
* JPT Pratama: TPK chair → Sekda → national review (``reviewer``; KemenPANRB/BKN letter number
  and date recorded) → Gubernur.
* Inside a configured **election window**, a Mendagri approval step is inserted before the PPK.
  It is taken by the ``reviewer`` role (the BKD official who records the Minister's written
  approval, with its letter number and date) — no new role is needed for what is in practice
  the recording of an outside letter.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, NotFound, Problem, invalid_input
from domain.models import WorkflowDefinition
from domain.reference import Level
from domain.rules.kinds import NominationKind, default_kind_rules

Kind = NominationKind  # the kinds and their level rules live in domain.rules.kinds (issue 14, item 4)


NOMINATED_LEVELS = (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS)

_PANEL_CHAIR = {"name": "panel_chair", "role": "panel_chair", "label": "Ketua TPK", "due_working_days": 5}
_SECRETARY = {"name": "secretary", "role": "secretary", "label": "Sekretaris Daerah (PyB)", "due_working_days": 5}
_REVIEW = {
    "name": "national_review",
    "role": "reviewer",
    "label": "Rekomendasi KemenPANRB / pertimbangan teknis BKN",
    "due_working_days": 15,
    "requires_letter": True,
}
_PPK = {"name": "ppk", "role": "ppk", "label": "Gubernur (PPK)", "due_working_days": 5}
MENDAGRI_STEP = {
    "name": "mendagri",
    "role": "reviewer",
    "label": "Persetujuan tertulis Mendagri (masa pilkada)",
    "due_working_days": 15,
    "requires_letter": True,
}


def default_body(kind: Kind, level: Level) -> dict[str, Any]:
    steps = [_PANEL_CHAIR, _SECRETARY]
    if level is Level.JPT_PRATAMA:
        steps.append(_REVIEW)
    steps.append(_PPK)
    return copy.deepcopy(
        {
            "kind": str(kind),
            "level": str(level),
            "stages": {
                "mapping": {"label": "Pemetaan", "due_working_days": 10},
                "assessment": {"label": "Penilaian TPK", "due_working_days": 15},
                "approval": {"label": "Persetujuan"},
                "inauguration": {"label": "Pelantikan", "due_working_days": 30},
                "oath": {"label": "Sumpah/janji jabatan", "due_working_days": 1},
            },
            "approval_steps": steps,
            "election_step": MENDAGRI_STEP,
            # UU 10/2016 Pasal 71(2): 6 months before candidate designation to the end of the term;
            # domain.md: until 6 months after inauguration. Dates per region (config).
            "election_windows": [
                {"start": "2024-03-22", "end": "2025-08-20", "source": "Pilkada serentak 2024 (UU 10/2016 Ps. 71)"}
            ],
            "reasons_required": ["return_for_revision", "reject", "withdraw"],
            # The 2-year lock of a JPT holder before rotation is a talent rule (rotation_lock).
            "rules": default_kind_rules(kind),
        }
    )


def parse_kind(value: str) -> Kind:
    try:
        return Kind(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f'unknown nomination kind "{value}"; use PROMOTION, ROTATION or TRANSFER',
            key="input.nomination_kind",
            params={"kind": value},
        ) from None


async def ensure_definitions(session: AsyncSession) -> int:
    """Store version 1 of every default definition that is missing (the caller commits)."""
    present = {(d.kind, d.level) for d in (await session.exec(select(WorkflowDefinition))).all()}
    added = 0
    for kind in Kind:
        for level in NOMINATED_LEVELS:
            if (str(kind), str(level)) not in present:
                session.add(
                    WorkflowDefinition(
                        kind=str(kind), level=str(level), version=1, body=default_body(kind, level), created_at=_now()
                    )
                )
                added += 1
    await session.flush()
    return added


async def current_definition(session: AsyncSession, kind: Kind, level: Level) -> WorkflowDefinition:
    """The newest version for ``kind`` × ``level`` (creating the defaults on first use)."""
    row = await _newest(session, kind, level)
    if row is None:
        await ensure_definitions(session)
        row = await _newest(session, kind, level)
    if row is None:
        raise NotFound(
            f"no workflow definition for {kind} at level {level}",
            key="not_found.definition",
            params={"kind": str(kind), "level": str(level)},
        )
    return row


async def publish_definition(
    session: AsyncSession, kind: Kind, level: Level, body: dict[str, Any]
) -> WorkflowDefinition:
    """Add a new version; nominations already started keep theirs."""
    _validate(body)
    newest = await current_definition(session, kind, level)
    row = WorkflowDefinition(kind=str(kind), level=str(level), version=newest.version + 1, body=body, created_at=_now())
    session.add(row)
    await session.flush()
    return row


async def _newest(session: AsyncSession, kind: Kind, level: Level) -> WorkflowDefinition | None:
    rows = await session.exec(
        select(WorkflowDefinition)
        .where(WorkflowDefinition.kind == str(kind), WorkflowDefinition.level == str(level))
        .order_by(col(WorkflowDefinition.version).desc())
        .limit(1)
    )
    return rows.first()


def _validate(body: dict[str, Any]) -> None:
    problems: list[str] = []
    steps = body.get("approval_steps") or []
    if not steps:
        text = "approval_steps is empty; a nomination needs at least one approval step"
        problems.append(Problem(text, key="input.steps_empty"))
    names = [s.get("name") for s in steps]
    if len(set(names)) != len(names):
        text = f"approval step names repeat: {names}; give each step its own name"
        problems.append(Problem(text, key="input.step_names_repeat", params={"names": ", ".join(map(str, names))}))
    for step in steps:
        if not step.get("role"):
            text = f'approval step "{step.get("name")}" has no role'
            problems.append(Problem(text, key="input.step_no_role", params={"step": str(step.get("name"))}))
    if problems:
        raise invalid_input(problems)


def in_election_window(body: dict[str, Any], day: date) -> bool:
    return any(
        date.fromisoformat(w["start"]) <= day <= date.fromisoformat(w["end"]) for w in body.get("election_windows", [])
    )


def resolve_steps(body: dict[str, Any], appointment_date: date) -> list[dict[str, Any]]:
    """The approval chain for a nomination whose appointment is planned on ``appointment_date``:
    the definition's steps, plus the Mendagri step before the PPK inside an election window."""
    steps = copy.deepcopy(body["approval_steps"])
    extra = body.get("election_step")
    if extra and in_election_window(body, appointment_date):
        at = next((i for i, s in enumerate(steps) if s["role"] == "ppk"), len(steps))
        steps.insert(at, copy.deepcopy(extra))
    return steps


def _now() -> datetime:
    return datetime.now(UTC)
