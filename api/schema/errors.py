"""The typed errors every mutation's union may return, and the handlers that turn a raised
``domain.errors`` exception into the union member of the same name (contract/graphql.md)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension

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


# messageKey / messageParams, not key / params: a mutation's union also has result types with a
# `key` of another type (RuleSetting), and one selection cannot ask for both.
KEY = (
    "The message's key (domain.errors.ERROR_REASONS) for a page that words it in its reader's language "
    "with `params`; null: show `message` (a NotAllowed: word its `code`, with `params`)."
)
PARAMS = "The values the message names, by name, as text (dates ISO, numbers as JSON)."


@strawberry.type(description="You may not do this; `code` says why in a machine-readable form.")
class NotAllowed:
    message: str
    code: str = "NOT_ALLOWED"
    message_key: str | None = strawberry.field(default=None, description=KEY)
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)


@strawberry.type(description="Someone changed the thing first; reload and try again.")
class Conflict:
    message: str
    current_state: str | None = None
    current_version: int | None = None
    message_key: str | None = strawberry.field(default=None, description=KEY)
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)


@strawberry.type(description="The person does not meet the rules for the post; `checks` are the failing ones.")
class Ineligible:
    message: str
    checks: list[Check]
    message_key: str | None = strawberry.field(default=None, description=KEY)
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)


@strawberry.type(description="One problem of an input: its English text, and its key with params for a page's wording.")
class InputProblem:
    message: str
    message_key: str | None = strawberry.field(
        default=None,
        description="This problem's key (domain.errors.ERROR_REASONS), worded with `params`; null: show `message`.",
    )
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)


PROBLEMS = (
    "Every problem of the input, in the order found, each worded by its own key and params (the page "
    "shows them all at once); never empty: an input with one problem lists that one (the same as "
    "`message`, `messageKey`, `messageParams`). `message` joins them all in English; `messageKey` and "
    "`messageParams` are the first keyed one's."
)


@strawberry.type(description="The input was wrong; the message says what to change.")
class InvalidInput:
    message: str
    message_key: str | None = strawberry.field(default=None, description=KEY)
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)
    found: strawberry.Private[list[InputProblem] | None] = None

    @strawberry.field(description=PROBLEMS)
    def problems(self) -> list[InputProblem]:
        # Built without a domain error (a login without credentials): the error is its own one problem.
        return self.found or [
            InputProblem(message=self.message, message_key=self.message_key, message_params=self.message_params)
        ]


def input_problems(exception: domain_errors.InvalidInput) -> list[InputProblem]:
    """A raised InvalidInput's problems as the API answers them."""
    return [
        InputProblem(message=str(p), message_key=p.key or None, message_params=reason_params(p.params))
        for p in exception.problems
    ]


@strawberry.type(description="Nothing with that identifier exists (or you may not know that it does).")
class NotFound:
    message: str
    message_key: str | None = strawberry.field(default=None, description=KEY)
    message_params: list[ResultParam] = strawberry.field(default_factory=list, description=PARAMS)


def _worded(exception: domain_errors.DomainError) -> dict[str, Any]:
    """The key and params of a raised error, as every error type answers them."""
    return {"message_key": exception.key or None, "message_params": reason_params(exception.params)}


class NotAllowedHandler(strawberry.ExceptionHandler[domain_errors.NotAllowed, NotAllowed]):
    def handle(self, exception: domain_errors.NotAllowed, *, field: Any, info: Any) -> NotAllowed:
        log.info("refused %s to %s: %s (%s)", field.python_name, _who(info), exception.message, exception.code)
        return NotAllowed(message=exception.message, code=exception.code, **_worded(exception))


class ConflictHandler(strawberry.ExceptionHandler[domain_errors.Conflict, Conflict]):
    def handle(self, exception: domain_errors.Conflict, *, field: Any, info: Any) -> Conflict:
        return Conflict(
            message=exception.message,
            current_state=_upper(exception.current_state),
            current_version=exception.current_version,
            **_worded(exception),
        )


class IneligibleHandler(strawberry.ExceptionHandler[domain_errors.Ineligible, Ineligible]):
    def handle(self, exception: domain_errors.Ineligible, *, field: Any, info: Any) -> Ineligible:
        checks = [check_from(c) for c in exception.checks]
        return Ineligible(message=exception.message, checks=checks, **_worded(exception))


class InvalidInputHandler(strawberry.ExceptionHandler[domain_errors.InvalidInput, InvalidInput]):
    def handle(self, exception: domain_errors.InvalidInput, *, field: Any, info: Any) -> InvalidInput:
        return InvalidInput(message=exception.message, **_worded(exception), found=input_problems(exception))


class NotFoundHandler(strawberry.ExceptionHandler[domain_errors.NotFound, NotFound]):
    def handle(self, exception: domain_errors.NotFound, *, field: Any, info: Any) -> NotFound:
        return NotFound(message=exception.message, **_worded(exception))


class ErrorReasons(SchemaExtension):
    """A domain error raised by a field outside a union (a read query: a bad cursor, an asOf out
    of range, a search too long) reaches the client in ``errors``; this adds its ``key`` and
    ``params`` to the error's ``extensions`` (with ``type``: InvalidInput, NotFound …; an
    InvalidInput's ``problems`` too, each ``{message, key, params}``), so the page words it like a
    union member."""

    def on_operation(self):  # type: ignore[no-untyped-def]
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if isinstance(original, domain_errors.DomainError):
                worded = {"type": _error_type(original), "key": original.key or None}
                worded["params"] = {p.name: p.value for p in reason_params(original.params)}
                if isinstance(original, domain_errors.NotAllowed):
                    worded["code"] = original.code
                if isinstance(original, domain_errors.InvalidInput):
                    worded["problems"] = [
                        {
                            "message": p.message,
                            "key": p.message_key,
                            "params": {q.name: q.value for q in p.message_params},
                        }
                        for p in input_problems(original)
                    ]
                error.extensions = {**(error.extensions or {}), **worded}


def _error_type(error: domain_errors.DomainError) -> str:
    for kind in (
        domain_errors.NotAllowed,
        domain_errors.Conflict,
        domain_errors.Ineligible,
        domain_errors.InvalidInput,
    ):
        if isinstance(error, kind):
            return kind.__name__
    return "NotFound"


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
