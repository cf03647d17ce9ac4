"""Who asks or acts: one principal type for the API's viewer and the workflow's actor.

A principal is built once per request (or WebSocket connection, or workflow call) from the stored
account, with an operator's unit scope already expanded to the unit and all its sub-units, so
visibility checks are plain set look-ups that never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.reference import Role

__all__ = ["AUDIT_READERS", "PROVINCE_READERS", "SENSITIVE_READERS", "Principal"]

# Roles that may read every employee's profile and every nomination (province-wide readers).
PROVINCE_READERS = frozenset(
    {Role.ADMIN, Role.PANEL, Role.PANEL_CHAIR, Role.SECRETARY, Role.PPK, Role.REVIEWER, Role.AUDITOR}
)
# Roles that may read sensitive fields (assessment scores, discipline, evaluation notes) of anyone.
SENSITIVE_READERS = frozenset({Role.PANEL, Role.PANEL_CHAIR, Role.SECRETARY, Role.PPK, Role.REVIEWER, Role.AUDITOR})
# Roles that may read the whole audit log, refusals included.
AUDIT_READERS = frozenset({Role.AUDITOR, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    """The signed-in person. ``unit_scope`` is the set of units an operator covers (their unit and
    every sub-unit; ``None`` = the whole province). Built without a scope but with a unit, it
    covers that one unit only (deny by default) until expanded with ``access.with_unit_scope``.
    ``delegation_id`` names the Plt/Plh delegation they act under, if any (the workflow checks it
    is theirs and in force)."""

    user_id: int
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    nip: str | None = None
    unit_code: str | None = None
    unit_scope: frozenset[str] | None = None
    display_name: str | None = None
    delegation_id: int | None = None

    def __post_init__(self) -> None:
        if self.unit_code is not None and self.unit_scope is None:
            object.__setattr__(self, "unit_scope", frozenset({self.unit_code}))

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_operator(self) -> bool:
        return Role.OPERATOR in self.roles

    @property
    def reads_province(self) -> bool:
        """Reads every employee and nomination: a staff role other than a unit-bound operator."""
        return bool(self.roles & PROVINCE_READERS) or (self.is_operator and self.unit_scope is None)

    @property
    def is_staff(self) -> bool:
        """A staff role (province reader or operator): sees nominations in full, not only their status."""
        return self.reads_province or self.is_operator

    @property
    def reads_audit_log(self) -> bool:
        return bool(self.roles & AUDIT_READERS)

    def operates_in(self, unit_code: str | None) -> bool:
        """Whether the unit lies in this principal's *operator* scope, whatever other roles they
        hold (an operator who is also an auditor still acts only in their units): the workflow's
        unit rule. Without a unit, the whole province; with a unit but no expanded scope, that unit."""
        if self.unit_scope is None:
            return self.unit_code is None
        return unit_code in self.unit_scope

    def covers_unit(self, unit_code: str | None) -> bool:
        """Whether the unit lies in this principal's operator scope (province readers cover all)."""
        if self.reads_province:
            return True
        if self.is_operator and self.unit_scope is not None:
            return unit_code in self.unit_scope
        return False

    def sees_sensitive_of(self, nip: str | None) -> bool:
        """Assessment scores, discipline and evaluation notes: the panel, the approving officials and
        auditors for anyone; every person for themselves; nobody else (operators included)."""
        return bool(self.roles & SENSITIVE_READERS) or (nip is not None and nip == self.nip)
