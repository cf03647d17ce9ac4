"""The audit log: an append-only, hash-chained list of every transition and refused attempt.

Rows are only ever inserted (``workflow.audit``); on PostgreSQL triggers reject UPDATE, DELETE
and TRUNCATE. ``audit_chain_head`` is the one row appenders lock to serialise the chain.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class AuditEvent(SQLModel, table=True):
    """One event. ``data`` is canonical JSON text (kept as text so the hashed bytes are exactly
    what is stored); ``hash`` = SHA-256 over the canonical JSON of the other fields + ``prev_hash``."""

    __tablename__ = "audit_event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime  # UTC
    nomination_id: int | None = Field(default=None, index=True)
    actor_user_id: int | None = None
    actor_username: str = Field(max_length=80)
    on_behalf_of_user_id: int | None = None
    on_behalf_of_username: str | None = Field(default=None, max_length=80)
    role: str | None = Field(default=None, max_length=20)
    action: str = Field(max_length=40)
    from_state: str | None = Field(default=None, max_length=14)
    to_state: str | None = Field(default=None, max_length=14)
    reason: str | None = Field(default=None, max_length=2000)
    data: str = "{}"
    outcome: str = Field(max_length=10)  # ok | refused
    error_code: str | None = Field(default=None, max_length=40)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The last event's sequence and hash (a single row, id 1). Locking it serialises appends
    on PostgreSQL; on SQLite the write transaction (BEGIN IMMEDIATE) already does."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_seq: int = 0
    last_hash: str = Field(default="0" * 64, max_length=64)


AUDIT_POSTGRES_DDL = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
