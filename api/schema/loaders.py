"""Per-request DataLoaders: every nested field goes through one of these, so the number of SQL
statements of a query does not grow with the page size. Each batch opens its own short-lived
session (sibling resolvers run concurrently and must not share one — stack-notes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from strawberry.dataloader import DataLoader

from domain.access import Principal
from domain.clock import today
from domain.db import read_session
from domain.models import (
    Approval,
    AuditEvent,
    Ceremony,
    CompetencyAssessment,
    CompetencyScore,
    Discipline,
    EducationHistory,
    Employee,
    Evaluation,
    JobHistory,
    Nomination,
    Position,
    RankHistory,
    Skp,
    Training,
    Unit,
)
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.ninebox import BoxView, box_view
from domain.rules.ninebox_grid import placements_query
from domain.rules.sql_parts import dialect_of
from workflow.queries import AvailableAction

M = TypeVar("M")


class Loaders:
    """One instance per request. Attributes are created lazily, so a request pays only for the
    loaders it uses; ``extra`` lets other modules (nominations) register theirs."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._made: dict[str, DataLoader[Any, Any]] = {}

    def get(self, name: str, make: Callable[[], DataLoader[Any, Any]]) -> DataLoader[Any, Any]:
        loader = self._made.get(name)
        if loader is None:
            loader = self._made[name] = make()
        return loader

    # --- one row per key -------------------------------------------------------------------
    def by_key(self, model: type[M], column: Any, name: str | None = None) -> DataLoader[Any, M | None]:
        """Rows of ``model`` whose ``column`` equals the key (None when missing)."""

        async def load(keys: Sequence[Any]) -> list[M | None]:
            async with read_session(self.sessions) as session:
                rows = (await session.exec(select(model).where(col(column).in_(list(keys))))).all()
            found = {getattr(row, column.key): row for row in rows}
            return [found.get(key) for key in keys]

        return self.get(name or f"{model.__name__}.{column.key}", lambda: DataLoader(load_fn=load))

    # --- many rows per key -----------------------------------------------------------------
    def many(
        self, model: type[M], column: Any, order_by: Sequence[Any] = (), name: str | None = None
    ) -> DataLoader[Any, list[M]]:
        """All rows of ``model`` whose ``column`` equals the key, in ``order_by`` order."""

        async def load(keys: Sequence[Any]) -> list[list[M]]:
            async with read_session(self.sessions) as session:
                query = select(model).where(col(column).in_(list(keys))).order_by(*order_by)
                rows = (await session.exec(query)).all()
            grouped: dict[Any, list[M]] = defaultdict(list)
            for row in rows:
                grouped[getattr(row, column.key)].append(row)
            return [grouped.get(key, []) for key in keys]

        return self.get(name or f"{model.__name__}.{column.key}[]", lambda: DataLoader(load_fn=load))

    # --- the domain's loaders --------------------------------------------------------------
    @property
    def employee(self) -> DataLoader[str, Employee | None]:
        return self.by_key(Employee, Employee.nip)

    @property
    def incumbent(self) -> DataLoader[str, Employee | None]:
        """The employee holding a post, keyed by position code."""
        return self.by_key(Employee, Employee.position_code)

    @property
    def position(self) -> DataLoader[str, Position | None]:
        return self.by_key(Position, Position.code)

    @property
    def unit(self) -> DataLoader[str, Unit | None]:
        return self.by_key(Unit, Unit.code)

    @property
    def rulebook(self) -> DataLoader[str, Rulebook]:
        """The rule settings in force, read once per request however many fields need them."""

        async def load(keys: Sequence[str]) -> list[Rulebook]:
            async with read_session(self.sessions) as session:
                book = await load_rulebook(session)
            return [book for _ in keys]

        return self.get("rulebook", lambda: DataLoader(load_fn=load))

    @property
    def job_history(self) -> DataLoader[str, list[JobHistory]]:
        return self.many(JobHistory, JobHistory.nip, (col(JobHistory.start_date).desc(),))

    @property
    def rank_history(self) -> DataLoader[str, list[RankHistory]]:
        return self.many(RankHistory, RankHistory.nip, (col(RankHistory.tmt).desc(),))

    @property
    def education_history(self) -> DataLoader[str, list[EducationHistory]]:
        return self.many(EducationHistory, EducationHistory.nip, (col(EducationHistory.level),))

    @property
    def skp(self) -> DataLoader[str, list[Skp]]:
        return self.many(Skp, Skp.nip, (col(Skp.year).desc(),))

    @property
    def assessments(self) -> DataLoader[str, list[CompetencyAssessment]]:
        return self.many(
            CompetencyAssessment, CompetencyAssessment.nip, (col(CompetencyAssessment.assessed_on).desc(),)
        )

    @property
    def competency_scores(self) -> DataLoader[int, list[CompetencyScore]]:
        return self.many(CompetencyScore, CompetencyScore.assessment_id, (col(CompetencyScore.competency),))

    @property
    def trainings(self) -> DataLoader[str, list[Training]]:
        return self.many(Training, Training.nip, (col(Training.kind),))

    @property
    def discipline(self) -> DataLoader[str, list[Discipline]]:
        return self.many(Discipline, Discipline.nip, (col(Discipline.decree_date).desc(),))

    @property
    def nine_box(self) -> DataLoader[str, BoxView | None]:
        """Each employee's nine-box placement today (None for an unknown NIP): one SQL placement
        query for a whole page of employees instead of one rules call per person."""

        async def load(nips: Sequence[str]) -> list[BoxView | None]:
            async with read_session(self.sessions) as session:
                book = await load_rulebook(session)
                query = placements_query(None, today(), book, nips=list(nips), dialect=await dialect_of(session))
                rows = {r["nip"]: r for r in (await session.exec(query)).mappings()}  # type: ignore[call-overload]
            return [box_view(rows[nip]["box"], rows[nip]["reason"]) if nip in rows else None for nip in nips]

        return self.get("nine_box", lambda: DataLoader(load_fn=load))

    # --- nominations -----------------------------------------------------------------------
    @property
    def approvals(self) -> DataLoader[int, list[Approval]]:
        return self.many(Approval, Approval.nomination_id, (col(Approval.id),))

    @property
    def evaluations(self) -> DataLoader[int, list[Evaluation]]:
        return self.many(Evaluation, Evaluation.nomination_id, (col(Evaluation.round), col(Evaluation.id)))

    @property
    def events(self) -> DataLoader[int, list[AuditEvent]]:
        return self.many(AuditEvent, AuditEvent.nomination_id, (col(AuditEvent.seq),))

    @property
    def ceremony(self) -> DataLoader[int, Ceremony | None]:
        return self.by_key(Ceremony, Ceremony.id)

    @property
    def ceremony_nominations(self) -> DataLoader[int, list[Nomination]]:
        return self.many(Nomination, Nomination.ceremony_id, (col(Nomination.id),))

    def available_actions(self, actor: Principal) -> DataLoader[int, list[AvailableAction]]:
        """``Nomination.availableActions`` for a page of nominations in a few queries
        (``workflow.available.available_actions_many``) instead of ``available_actions`` per row;
        one loader per acting person (and delegation). A nomination the actor may not see, or
        that does not exist, fails its own load with the error ``available_actions`` raises."""

        async def load(ids: Sequence[int]) -> list[list[AvailableAction] | BaseException]:
            from workflow.available import available_actions_many

            answers = await available_actions_many(self.sessions, actor, ids)
            return [answers[nid] for nid in ids]

        name = f"available_actions:{actor.user_id}:{actor.delegation_id}"
        return self.get(name, lambda: DataLoader(load_fn=load))  # type: ignore[arg-type]
