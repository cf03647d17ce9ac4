"""Errors a person can act on. Each message says what was wrong and what to do.

The API turns each class into the GraphQL error type of the same name (contract/graphql.md).
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Why an action was refused: the machine-readable ``code`` of :class:`NotAllowed` and of an
    action that ``availableActions`` lists as not allowed. One list, so a page or a test can
    rely on the spelling."""

    WRONG_STAGE = "WRONG_STAGE"  # the nomination's stage (or a stage fact: shortlist, nominee, open steps) says no
    MISSING_ROLE = "MISSING_ROLE"  # the person holds none of the roles the action needs
    OUT_OF_UNIT = "OUT_OF_UNIT"  # an operator outside the post's unit and its sub-units
    NOT_YOUR_STEP = "NOT_YOUR_STEP"  # the current approval step belongs to another role
    SEPARATION_OF_DUTIES = "SEPARATION_OF_DUTIES"  # creator, nominee, or already acted at another step
    NOMINEE_INELIGIBLE = "NOMINEE_INELIGIBLE"  # the nominee stopped being eligible; return the nomination
    NO_DELEGATION = "NO_DELEGATION"  # a Plt/Plh delegation that is not the actor's or not in force
    NOMINEE_ELSEWHERE = "NOMINEE_ELSEWHERE"  # the person is already the nominee of another open nomination
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"  # a panel member as a candidate, an approver on the shortlist
    CEREMONY_NOT_YET = "CEREMONY_NOT_YET"  # a ceremony conducted before its date
    NOT_ALLOWED = "NOT_ALLOWED"  # any other refusal


class DomainError(Exception):
    """Base class; ``message`` is shown to the user as it is; ``params`` are the values in it, by
    name, for a page that words the message itself."""

    params: dict = {}  # noqa: RUF012 - read-only default; instances set their own

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class NotVisible(NotFound):
    """The record exists but the caller may not see it: answered exactly like ``NotFound`` (same
    message), so a refusal reveals nothing; the workflow still logs the attempt for auditors,
    under ``code`` NOT_VISIBLE (the audit log is read by auditors only)."""

    code = "NOT_VISIBLE"


class InvalidInput(DomainError):
    pass


class NotAllowed(DomainError):
    """The user may not do this; ``code`` is machine-readable (NOT_YOUR_STEP, SEPARATION_OF_DUTIES, …)."""

    def __init__(self, message: str, code: str = Refusal.NOT_ALLOWED) -> None:
        super().__init__(message)
        self.code = str(code)


class Conflict(DomainError):
    """Someone else changed the thing first (stale version, an open nomination already exists, …)."""

    def __init__(self, message: str, current_state: str | None = None, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_state = current_state
        self.current_version = current_version


class Ineligible(DomainError):
    """The person does not meet the rules for the post; ``checks`` are the failing ones."""

    def __init__(self, message: str, checks: list) -> None:  # list[domain.rules.verdict.Check]
        super().__init__(message)
        self.checks = checks
