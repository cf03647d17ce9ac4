"""Take a nomination to any stage through the workflow's public service functions, as the
officials of a :class:`~testkit.province.World` would: ``await drive_to(world, "approval", "T-pengawas")``.

Each step is taken by the first account holding its role (a province-wide one before a unit
operator): see :meth:`World.holder <testkit.province.World.holder>`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.models import Nomination, Position
from domain.reference import Level
from testkit.province import BELOW, LETTER, TODAY, World
from workflow import ceremonies, service

# The stops of drive_to, in path order. The design's stages (mapping, assessment, approval,
# inauguration, oath, completed) and the points inside them that tests start from.
STOPS = (
    "mapping",  # created
    "shortlisted",  # still mapping, shortlist set
    "assessment",
    "evaluated",  # the panel scored the nominee
    "nominee",  # the chair picked the nominee
    "approval",  # submitted; ``approvals=`` steps of the chain already taken
    "approved",  # every step of the chain taken
    "inauguration",  # decree and ceremony scheduled
    "oath",  # inaugurated
    "completed",  # oath taken: the nominee holds the post
)


async def drive_to(
    w: World,
    stage: str,
    post: str,
    kind: str = "PROMOTION",
    *,
    nominee: str | None = None,
    shortlist: list[str] | None = None,
    score: int = 80,
    note: str = "kuat",
    approvals: int = 0,
    ceremony: int | None = None,
    witnesses: list[str] | None = None,
    **create: Any,
) -> int:
    """A nomination of ``kind`` for ``post`` taken to ``stage`` (one of ``STOPS``); returns its id.

    ``nominee`` defaults to a fresh employee eligible for the post (``World.employee``), the
    shortlist to the nominee alone; ``ceremony`` to a new one today; ``witnesses`` to the world's.
    ``create`` goes to ``service.create_nomination`` (``planned_date``, ``idempotency_key``)."""
    if stage not in STOPS:
        raise ValueError(f"stage {stage!r}: drive_to stops at one of {', '.join(STOPS)}")
    if approvals and stage != "approval":
        raise ValueError("approvals= counts the steps taken inside the approval stage; use stage='approval'")
    last = STOPS.index(stage)

    def reached(stop: str) -> bool:
        return STOPS.index(stop) <= last

    operator = w.holder("operator")
    if nominee is None and reached("shortlisted"):
        level = await _level_of(w, post)
        nominee = await w.employee(BELOW[level] if kind == "PROMOTION" else level)
    n = await service.create_nomination(w.sessions, operator, post, kind, **create)
    assert n.id is not None
    nid = n.id
    if reached("shortlisted"):
        assert nominee is not None
        await service.set_shortlist(w.sessions, operator, nid, shortlist or [nominee])
    if reached("assessment"):
        await service.start_assessment(w.sessions, operator, nid)
    if reached("evaluated"):
        await service.record_evaluation(w.sessions, w.holder("panel"), nid, nominee, score, note)
    if reached("nominee"):
        await service.select_nominee(w.sessions, w.holder("panel_chair"), nid, nominee)
    if reached("approval"):
        await service.submit_for_approval(w.sessions, operator, nid)
        if approvals:
            await approve_all(w, nid, steps=approvals)
    if reached("approved"):
        await approve_all(w, nid)
    if reached("inauguration"):
        ceremony = ceremony or await a_ceremony(w)
        decree = f"821.2/{nid}/BKD/2026"
        await service.schedule_inauguration(w.sessions, operator, nid, ceremony, decree, TODAY, TODAY)
    if reached("oath"):
        await service.record_inauguration(w.sessions, operator, nid)
    if reached("completed"):
        await service.record_oath(w.sessions, operator, nid, witnesses or w.witnesses, "K.H. Ahmad")
    return nid


async def approve_all(w: World, nomination_id: int, *, steps: int | None = None) -> None:
    """Take the open steps of the chain (the first ``steps`` of them, or all), each with the
    official of its role; steps that record a letter get ``LETTER``."""
    async with w.sessions() as session:
        row = await session.get(Nomination, nomination_id)
        assert row is not None
        chain = row.steps[row.step_index :]
    for step in chain[:steps]:
        extra = LETTER if step.get("requires_letter") else {}
        await service.approve(w.sessions, w.holder(step["role"]), nomination_id, "setuju", **extra)


async def a_ceremony(w: World, held_on: date | None = None) -> int:
    """A ceremony at the Gedung Negara, today unless ``held_on``; returns its id."""
    c = await ceremonies.create_ceremony(
        w.sessions, w.holder("operator"), held_on or TODAY, "Gedung Negara", "Gubernur Banten"
    )
    assert c.id is not None
    return c.id


async def _level_of(w: World, post: str) -> Level:
    async with w.sessions() as session:
        position = await session.get(Position, post)
    if position is None:
        raise LookupError(f"post {post} does not exist; add it with World.add_post")
    return Level(position.level)
