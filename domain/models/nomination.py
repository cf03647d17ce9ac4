"""Nominations: one attempt to fill one post, with its panel evaluations and approvals.

The state machine lives in ``workflow/``; these are the rows it makes durable. ``version`` is an
optimistic-lock column (SQLAlchemy ``version_id_col``): every transition bumps it by one, and
a write based on a stale read fails instead of silently overwriting someone else's step.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# States in which a nomination still occupies its post (see the partial unique index below).
OPEN_STATES = ("mapping", "assessment", "approval", "inauguration", "oath")
CLOSED_STATES = ("completed", "rejected", "withdrawn")
_OPEN_SQL = "state IN ('mapping', 'assessment', 'approval', 'inauguration', 'oath')"
_OPEN_NOMINEE_SQL = f"nominee_nip IS NOT NULL AND {_OPEN_SQL}"

_version = sa.Column("version", sa.Integer, nullable=False)


class Nomination(SQLModel, table=True):
    """One nomination for one post. ``steps`` is the approval chain resolved when it entered
    approval (the definition's steps plus, inside an election window, the Mendagri step);
    ``step_index`` is the next step to take. ``round`` counts returns for revision."""

    __tablename__ = "nomination"
    __table_args__ = (
        # At most one open nomination per post: the database says so, not a Python check.
        sa.Index(
            "uq_nomination_open_position",
            "position_code",
            unique=True,
            sqlite_where=sa.text(_OPEN_SQL),
            postgresql_where=sa.text(_OPEN_SQL),
        ),
        # One person, one appointment at a time: the selected nominee of at most one open
        # nomination. A race between two panel chairs cannot beat an index.
        sa.Index(
            "uq_nomination_open_nominee",
            "nominee_nip",
            unique=True,
            sqlite_where=sa.text(_OPEN_NOMINEE_SQL),
            postgresql_where=sa.text(_OPEN_NOMINEE_SQL),
        ),
    )
    # The service sets ``version`` itself (once per transition, however often it flushes);
    # SQLAlchemy still adds "WHERE version = <read value>" to every UPDATE.
    __mapper_args__ = {"version_id_col": _version, "version_id_generator": False}

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # promotion | rotation | transfer
    position_code: str = Field(foreign_key="position.code", max_length=60, index=True)
    level: str = Field(max_length=20)
    definition_id: int = Field(foreign_key="workflow_definition.id")
    state: str = Field(max_length=14, index=True)
    round: int = 1
    step_index: int = 0
    steps: list[dict[str, Any]] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    shortlist: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    nominee_nip: str | None = Field(default=None, foreign_key="employee.nip", max_length=18)
    planned_date: date | None = None  # planned appointment date; eligibility is judged on it
    eligibility: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    created_by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_by_nip: str | None = Field(default=None, max_length=18)
    created_at: datetime
    updated_at: datetime
    stage_due_on: date | None = Field(default=None, index=True)
    ceremony_id: int | None = Field(default=None, foreign_key="ceremony.id", index=True)
    decree_number: str | None = Field(default=None, max_length=100)
    decree_date: date | None = None
    effective_date: date | None = None
    inaugurated_on: date | None = None
    oath: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    closing_reason: str | None = Field(default=None, max_length=1000)
    version: int = Field(default=1, sa_column=_version)


# "Overdue": still open and its stage's deadline is before ``on``. The Python predicate and the SQL
# filter sit side by side so they cannot drift; tests/domain/test_clock.py runs both on the same rows.
# ``on`` is the province's day (``domain.clock.today()``), never the server's.
def is_overdue(nomination: Nomination, on: date) -> bool:
    """Whether ``nomination`` is open with its stage due before ``on`` (due on ``on`` is not late yet)."""
    due = nomination.stage_due_on
    return nomination.state in OPEN_STATES and due is not None and due < on


def overdue_clause(on: date) -> sa.ColumnElement[bool]:
    """The SQL twin of :func:`is_overdue`, for ``select(Nomination).where(overdue_clause(on))``."""
    table = Nomination.__table__.c  # type: ignore[attr-defined]
    return sa.and_(table.state.in_(OPEN_STATES), table.stage_due_on.is_not(None), table.stage_due_on < on)


# "Awaiting inauguration": in approval with every step of its chain approved (the stored step),
# ready to be scheduled into a ceremony. Python predicate and SQL twin side by side, like overdue;
# tests/domain/test_awaiting_inauguration.py runs both on the same rows.
def is_awaiting_inauguration(nomination: Nomination) -> bool:
    """Whether ``nomination`` is in approval with every step of its (non-empty) chain approved."""
    steps = nomination.steps or []
    return nomination.state == "approval" and len(steps) > 0 and nomination.step_index >= len(steps)


def awaiting_inauguration_clause() -> sa.ColumnElement[bool]:
    """The SQL twin of :func:`is_awaiting_inauguration` (``json_array_length`` on SQLite and PostgreSQL)."""
    table = Nomination.__table__.c  # type: ignore[attr-defined]
    length = sa.func.json_array_length(table.steps)
    return sa.and_(table.state == "approval", length > 0, table.step_index >= length)


class Evaluation(SQLModel, table=True):
    """A panel (TPK) member's evaluation of one shortlisted candidate in one round."""

    __tablename__ = "nomination_evaluation"
    __table_args__ = (sa.UniqueConstraint("nomination_id", "round", "evaluator_user_id", "nip"),)

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    round: int
    evaluator_user_id: int = Field(foreign_key="app_user.id")
    evaluator_username: str = Field(max_length=80)
    nip: str = Field(foreign_key="employee.nip", max_length=18)
    score: int
    note: str | None = Field(default=None, max_length=2000)
    recorded_at: datetime


class Approval(SQLModel, table=True):
    """One approval step taken. ``dossier_hash`` binds it to what was approved: when the dossier
    changes, an approval with an older hash no longer counts and the step must be taken again.
    ``void`` is set when the nomination is returned for revision (a new round starts)."""

    __tablename__ = "nomination_approval"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    round: int
    step_index: int
    step_name: str = Field(max_length=40)
    role: str = Field(max_length=20)
    actor_user_id: int = Field(foreign_key="app_user.id")
    actor_username: str = Field(max_length=80)
    actor_nip: str | None = Field(default=None, max_length=18)
    on_behalf_of_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    on_behalf_of_username: str | None = Field(default=None, max_length=80)
    on_behalf_of_nip: str | None = Field(default=None, max_length=18)
    dossier_hash: str = Field(max_length=64)
    comment: str | None = Field(default=None, max_length=2000)
    letter_number: str | None = Field(default=None, max_length=100)  # national review / Mendagri letter
    letter_date: date | None = None
    approved_at: datetime
    void: bool = False
