"""Errors a person can act on. Each message says what was wrong and what to do.

The API turns each class into the GraphQL error type of the same name (contract/graphql.md).
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class; ``message`` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class NotAllowed(DomainError):
    """The user may not do this; ``code`` is machine-readable (NOT_YOUR_STEP, SEPARATION_OF_DUTIES, …)."""

    def __init__(self, message: str, code: str = "NOT_ALLOWED") -> None:
        super().__init__(message)
        self.code = code


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
