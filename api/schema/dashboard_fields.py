"""The viewer's workspace (which sections they may use, where they land) and the operator's
dashboard (vacancies by level, nominations by stage, overdue items).

Both take their rules from below: the sections from ``workflow.workspace`` (the access module and
the action table), the dashboard's rows from the access module's SQL filters — an operator of a
unit counts only the posts and nominations of their unit and its sub-units.
"""

from __future__ import annotations

import sqlalchemy as sa
import strawberry
from sqlmodel import col, func, select
from strawberry.types import Info

from api.schema.permissions import refuse, require_viewer
from api.schema.types.nominations import Nomination
from api.schema.types.states import NominationState
from domain import access, models
from domain.clock import today
from domain.db import read_session
from domain.models.nomination import OPEN_STATES, overdue_clause
from domain.reference import Level
from workflow.workspace import home, sections

__all__ = ["Dashboard", "DashboardQueries", "Workspace"]

OVERDUE_SHOWN = 10  # the dashboard lists the most overdue few; the nominations list has them all


@strawberry.type(description="What the signed-in person may use: the page shows exactly these sections.")
class Workspace:
    sections: list[str] = strawberry.field(
        description="Sections in menu order: dashboard, inbox, profile, posts, talent, employees, nominations, "
        "ceremonies, audit, accounts, delegations, settings — each open exactly when the API serves it to you."
    )
    home: str = strawberry.field(description="The section to land on after signing in.")


@strawberry.type(description="Posts of one level, and how many of them nobody holds.")
class LevelVacancies:
    level: str
    posts: int
    vacant: int
    vacant_with_open_nomination: int = strawberry.field(description="Vacant posts an open nomination is filling.")


@strawberry.type(description="How many nominations are at one stage.")
class StageCount:
    stage: NominationState
    count: int


@strawberry.type(description="An operator's overview of the posts and nominations of the units they cover.")
class Dashboard:
    unit_code: str | None = strawberry.field(description="The unit counted with its sub-units; null: the province.")
    vacancies_by_level: list[LevelVacancies]
    nominations_by_stage: list[StageCount]
    overdue_count: int = strawberry.field(description="Open nominations whose current stage is past its due date.")
    overdue: list[Nomination] = strawberry.field(description="The most overdue of them (oldest due date first).")


def _level_order(level: str) -> int:
    order = [str(level) for level in Level]
    return order.index(level) if level in order else len(order)


@strawberry.type
class DashboardQueries:
    @strawberry.field(description="The sections you may use and the one you land on.")
    def workspace(self, info: Info) -> Workspace:
        viewer = require_viewer(info)
        return Workspace(sections=sections(viewer), home=home(viewer))

    @strawberry.field(
        description="Operators: vacancies by level, nominations by stage and overdue nominations in the units you "
        "cover (`unitCode` narrows it to one of them and its sub-units)."
    )
    async def dashboard(self, info: Info, unit_code: str | None = None) -> Dashboard:
        viewer = require_viewer(info)
        if "dashboard" not in sections(viewer):
            raise refuse(
                info, "the dashboard is for operators", "The dashboard is for operators.", key="not_allowed.dashboard"
            )
        unit_code = (unit_code or "").strip() or None
        if unit_code is not None and not viewer.covers_unit(unit_code):
            raise refuse(
                info,
                f"dashboard of {unit_code}",
                "That unit is outside the units you cover.",
                key="not_allowed.unit_outside_scope",
                params={"unit": unit_code},
            )
        posts = select(models.Position.code, models.Position.level).where(access.position_filter(viewer))
        nominations = select(models.Nomination).where(access.nomination_filter(viewer))
        if unit_code is not None:
            tree = access.unit_subtree(unit_code)
            posts = posts.where(col(models.Position.unit_code).in_(sa.select(tree.c.code)))
            in_tree = select(models.Position.code).where(col(models.Position.unit_code).in_(sa.select(tree.c.code)))
            nominations = nominations.where(col(models.Nomination.position_code).in_(in_tree))
        async with read_session(info.context.sessions) as session:
            levels = await _vacancies(session, posts.subquery())
            stages = await _stages(session, nominations.subquery())
            late = nominations.where(overdue_clause(today()))
            overdue_count = (await session.exec(select(func.count()).select_from(late.subquery()))).one()
            overdue = (
                await session.exec(
                    late.order_by(col(models.Nomination.stage_due_on), col(models.Nomination.id)).limit(OVERDUE_SHOWN)
                )
            ).all()
        return Dashboard(
            unit_code=unit_code if unit_code is not None else viewer.unit_code,
            vacancies_by_level=levels,
            nominations_by_stage=stages,
            overdue_count=overdue_count,
            overdue=[Nomination.from_row(row) for row in overdue],
        )


async def _vacancies(session, posts) -> list[LevelVacancies]:  # type: ignore[no-untyped-def]
    held = sa.exists().where(col(models.Employee.position_code) == posts.c.code)
    open_nomination = sa.exists().where(
        col(models.Nomination.position_code) == posts.c.code, col(models.Nomination.state).in_(OPEN_STATES)
    )
    vacant = sa.case((~held, 1), else_=0)
    filling = sa.case((sa.and_(~held, open_nomination), 1), else_=0)
    query = sa.select(posts.c.level, func.count(), func.sum(vacant), func.sum(filling)).group_by(posts.c.level)
    rows = (await session.exec(query)).all()
    found = [LevelVacancies(level=r[0], posts=r[1], vacant=int(r[2] or 0), vacant_with_open_nomination=int(r[3] or 0))
             for r in rows]  # fmt: skip
    return sorted(found, key=lambda v: _level_order(v.level))


async def _stages(session, nominations) -> list[StageCount]:  # type: ignore[no-untyped-def]
    query = sa.select(nominations.c.state, func.count()).group_by(nominations.c.state)
    counts = dict((await session.exec(query)).all())
    return [StageCount(stage=state, count=counts.get(state.value, 0)) for state in NominationState]
