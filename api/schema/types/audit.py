"""The audit log as GraphQL shows it: one event (names and reasons redacted for a viewer who sees
only the status of a nomination about them), and the hash chain's check."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.types import Info

from api.schema.types.officials import Official, Subject, official_of, subject_of
from domain import models

__all__ = ["AuditEvent", "AuditIntegrity"]


@strawberry.type(description="One entry of the audit log. `hash` chains it to the previous entry.")
class AuditEvent:
    row: strawberry.Private[models.AuditEvent]
    redacted: strawberry.Private[bool]
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
            row=row,
            redacted=redact,
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

    @strawberry.field(
        description='Who acted, by name and the role they acted in ("Dyah Pamungkas", `panel_chair`); null where '
        "names are withheld from the viewer (an employee following a nomination about them)."
    )
    async def official(self, info: Info) -> Official | None:
        if self.redacted:
            return None
        row = self.row
        return await official_of(
            info, row.actor_user_id, row.actor_username, row.role, row.on_behalf_of_user_id, row.on_behalf_of_username
        )

    @strawberry.field(
        description="The person the event is about: the candidate scored (`record_evaluation`), the nominee selected "
        "(`select_nominee`); null when it is about no one. `hidden` when the viewer may not see that person."
    )
    async def subject(self, info: Info) -> Subject | None:
        return await subject_of(info, subject_nip(self.row))


def subject_nip(row: models.AuditEvent) -> str | None:
    """The NIP an event's data names as its subject, if any."""
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for key in ("nip", "nominee_nip"):
        if isinstance(data.get(key), str):
            return data[key]
    oath = data.get("oath")
    if isinstance(oath, dict) and isinstance(oath.get("nip"), str):
        return oath["nip"]
    return None


@strawberry.type(description="The audit hash chain recomputed: ok, or the first event that does not verify.")
class AuditIntegrity:
    ok: bool
    events_checked: int
    first_broken_event_id: int | None
    problem: str | None
