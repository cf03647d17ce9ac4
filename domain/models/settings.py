"""Rule settings: the regional, editable values of the talent rules (see ``domain.rulebook``)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RuleSetting(SQLModel, table=True):
    """One configurable value, JSON-encoded, with the regulation it comes from.

    Defaults are written by the first migration/seed from ``domain.rulebook.DEFAULTS``; an admin
    may edit ``value`` without a code change and every verdict then cites the new value.
    """

    __tablename__ = "rule_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str  # JSON
    source: str = Field(max_length=250)
    description: str = Field(max_length=500)
