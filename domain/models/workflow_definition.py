"""Workflow definitions stored as data: one per nomination kind and post level, versioned."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class WorkflowDefinition(SQLModel, table=True):
    """``body`` holds the stages, approval steps (with roles), reasons required and deadlines
    (see ``workflow.definitions``). A new version is a new row; a nomination points at the row it
    started with, so editing a definition never changes a nomination in flight."""

    __tablename__ = "workflow_definition"
    __table_args__ = (sa.UniqueConstraint("kind", "level", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    level: str = Field(max_length=20)
    version: int
    body: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime
