"""The audit log as GraphQL shows it: one event (names and reasons redacted for a viewer who sees
only the status of a nomination about them), and the hash chain's check."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain import models

__all__ = ["AuditEvent", "AuditIntegrity"]


@strawberry.type(description="One entry of the audit log. `hash` chains it to the previous entry.")
class AuditEvent:
    seq: int
    at: datetime
    nomination_id: int | None
    actor: str | None
    on_behalf_of: str | None
    role: str | None
    action: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    outcome: str
    error_code: str | None
    hash: str
    prev_hash: str

    @classmethod
    def from_row(cls, row: models.AuditEvent, redact: bool = False) -> AuditEvent:
        return cls(
            seq=row.seq,
            at=row.at,
            nomination_id=row.nomination_id,
            actor=None if redact else row.actor_username,
            on_behalf_of=None if redact else row.on_behalf_of_username,
            role=row.role,
            action=row.action,
            from_state=row.from_state.upper() if row.from_state else None,
            to_state=row.to_state.upper() if row.to_state else None,
            reason=None if redact else row.reason,
            outcome=row.outcome,
            error_code=row.error_code,
            hash=row.hash,
            prev_hash=row.prev_hash,
        )


@strawberry.type(description="The audit hash chain recomputed: ok, or the first event that does not verify.")
class AuditIntegrity:
    ok: bool
    events_checked: int
    first_broken_event_id: int | None
    problem: str | None
