"""The typed errors every mutation's union may return, and the handlers that turn a raised
``domain.errors`` exception into the union member of the same name (contract/graphql.md)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import strawberry

from api.schema.types.ceremonies import ResultParam
from domain import errors as domain_errors

log = logging.getLogger("meritflow.api")


@strawberry.type(description="One rule applied to one person: whether it passed and why.")
class Check:
    rule: str
    passed: bool
    severity: str
    detail: str
    source: str = ""
    key: str | None = strawberry.field(
        default=None, description="The reason's message key with `params`, for a page's wording (see EligibilityCheck)."
    )
    params: list[ResultParam] = strawberry.field(default_factory=list)


def reason_params(params: Mapping[str, Any] | None) -> list[ResultParam]:
    """A check's params as the API answers them: each value as text (numbers as JSON, dates ISO)."""

    def text(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, default=str)

    return [ResultParam(name=str(k), value=text(v)) for k, v in (params or {}).items() if v is not None]


def check_from(check: Any) -> Check:
    severity = getattr(check.severity, "value", check.severity)
    return Check(
        rule=check.rule,
        passed=check.passed,
        severity=str(severity),
        detail=check.detail,
        source=check.source,
        key=getattr(check, "key", "") or None,
        params=reason_params(getattr(check, "params", None)),
    )


@strawberry.type(description="You may not do this; `code` says why in a machine-readable form.")
class NotAllowed:
    message: str
    code: str = "NOT_ALLOWED"


@strawberry.type(description="Someone changed the thing first; reload and try again.")
class Conflict:
    message: str
    current_state: str | None = None
    current_version: int | None = None


@strawberry.type(description="The person does not meet the rules for the post; `checks` are the failing ones.")
class Ineligible:
    message: str
    checks: list[Check]


@strawberry.type(description="The input was wrong; the message says what to change.")
class InvalidInput:
    message: str


@strawberry.type(description="Nothing with that identifier exists (or you may not know that it does).")
class NotFound:
    message: str


class NotAllowedHandler(strawberry.ExceptionHandler[domain_errors.NotAllowed, NotAllowed]):
    def handle(self, exception: domain_errors.NotAllowed, *, field: Any, info: Any) -> NotAllowed:
        log.info("refused %s to %s: %s (%s)", field.python_name, _who(info), exception.message, exception.code)
        return NotAllowed(message=exception.message, code=exception.code)


class ConflictHandler(strawberry.ExceptionHandler[domain_errors.Conflict, Conflict]):
    def handle(self, exception: domain_errors.Conflict, *, field: Any, info: Any) -> Conflict:
        return Conflict(
            message=exception.message,
            current_state=_upper(exception.current_state),
            current_version=exception.current_version,
        )


class IneligibleHandler(strawberry.ExceptionHandler[domain_errors.Ineligible, Ineligible]):
    def handle(self, exception: domain_errors.Ineligible, *, field: Any, info: Any) -> Ineligible:
        return Ineligible(message=exception.message, checks=[check_from(c) for c in exception.checks])


class InvalidInputHandler(strawberry.ExceptionHandler[domain_errors.InvalidInput, InvalidInput]):
    def handle(self, exception: domain_errors.InvalidInput, *, field: Any, info: Any) -> InvalidInput:
        return InvalidInput(message=exception.message)


class NotFoundHandler(strawberry.ExceptionHandler[domain_errors.NotFound, NotFound]):
    def handle(self, exception: domain_errors.NotFound, *, field: Any, info: Any) -> NotFound:
        return NotFound(message=exception.message)


EXCEPTION_HANDLERS = (
    NotAllowedHandler(),
    ConflictHandler(),
    IneligibleHandler(),
    InvalidInputHandler(),
    NotFoundHandler(),
)


def _upper(state: str | None) -> str | None:
    return state.upper() if state else state


def _who(info: Any) -> str:
    viewer = getattr(info.context, "viewer", None)
    return viewer.username if viewer is not None else "anonymous"
