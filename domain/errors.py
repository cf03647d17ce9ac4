"""Errors a person can act on. Each message says what was wrong and what to do.

The API turns each class into the GraphQL error type of the same name (contract/graphql.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any


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


def _jsonable(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in (params or {}).items()}


class DomainError(Exception):
    """Base class; ``message`` is shown to the user as it is (English). ``key`` (a message key of
    :data:`ERROR_REASONS`) with ``params`` (the values in the message, by name) say the same for a
    page that words it in its reader's language (``frontend/i18n/reasons-*.js``: ``reason.<key>``);
    no key: the page shows ``message`` (a NotAllowed is worded by its ``code`` then)."""

    key: str = ""
    params: dict = {}  # noqa: RUF012 - read-only default; instances set their own

    def __init__(self, message: str, *, key: str = "", params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = _jsonable(params)


class NotFound(DomainError):
    pass


class NotVisible(NotFound):
    """The record exists but the caller may not see it: answered exactly like ``NotFound`` (same
    message), so a refusal reveals nothing; the workflow still logs the attempt for auditors,
    under ``code`` NOT_VISIBLE (the audit log is read by auditors only)."""

    code = "NOT_VISIBLE"


class Problem(str):
    """One of several problems of an input: its English text (a ``str``, so joining problems gives
    the message, and code that lists them as text keeps working) with its message key and params
    (no key: a page shows the English text)."""

    key: str
    params: dict

    def __new__(cls, message: str, *, key: str = "", params: Mapping[str, Any] | None = None) -> Problem:
        problem = super().__new__(cls, message)
        problem.key, problem.params = key, _jsonable(params)
        return problem


class InvalidInput(DomainError):
    """``problems``: every problem of the input, in the order found, each with its English text, key
    and params; never empty: an error raised with one message is its own one problem. ``message``,
    ``key`` and ``params`` stay the joined text and the first keyed problem's (:func:`invalid_input`)."""

    def __init__(
        self,
        message: str,
        *,
        key: str = "",
        params: Mapping[str, Any] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message, key=key, params=params)
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(message, key=key, params=self.params),)


def invalid_input(problems: Sequence[str]) -> InvalidInput:
    """The error for every problem found at once (one way, used everywhere). ``problems`` keeps each
    with its key and params, so a page words every one in its reader's language; the English message
    joins them all; ``key`` and ``params`` are the first keyed problem's, for a client that words one."""
    kept = tuple(p if isinstance(p, Problem) else Problem(p) for p in problems)
    first = next((p for p in kept if p.key), None)
    if first is None:
        return InvalidInput("; ".join(kept), problems=kept)
    return InvalidInput("; ".join(kept), key=first.key, params=first.params, problems=kept)


class NotAllowed(DomainError):
    """The user may not do this; ``code`` is machine-readable (NOT_YOUR_STEP, SEPARATION_OF_DUTIES, …)."""

    def __init__(
        self, message: str, code: str = Refusal.NOT_ALLOWED, *, key: str = "", params: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message, key=key, params=params)
        self.code = str(code)


class Conflict(DomainError):
    """Someone else changed the thing first (stale version, an open nomination already exists, …)."""

    def __init__(
        self,
        message: str,
        current_state: str | None = None,
        current_version: int | None = None,
        *,
        key: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, key=key, params=params)
        self.current_state = current_state
        self.current_version = current_version


class Ineligible(DomainError):
    """The person does not meet the rules for the post; ``checks`` are the failing ones."""

    def __init__(
        self, message: str, checks: list, *, key: str = "", params: Mapping[str, Any] | None = None
    ) -> None:  # checks: list[domain.rules.verdict.Check]
        super().__init__(message, key=key, params=params)
        self.checks = checks


# The params a refusal code's message may name (refusal.<CODE> in reasons-*.js words them, each
# part only when its params are given: one code is refused at several sites, each naming some of
# them); a refusal without params is worded by its code alone. SEPARATION_OF_DUTIES' ``reason`` is
# one of creator, nominee, shortlisted, acted, self_evaluate, self_select; CONFLICT_OF_INTEREST's
# ``verb`` is selected or shortlisted.
REFUSAL_PARAMS: dict[str, tuple[str, ...]] = {
    "WRONG_STAGE": ("state", "allowed"),
    "NOT_YOUR_STEP": ("step", "role"),
    "OUT_OF_UNIT": ("unit", "own_unit"),
    "MISSING_ROLE": ("needed", "held"),
    "SEPARATION_OF_DUTIES": ("who", "reason", "step"),
    "NO_DELEGATION": ("delegation", "username", "start", "end", "on"),
    "NOMINEE_ELSEWHERE": ("nip", "name", "nomination", "post", "state"),
    "CONFLICT_OF_INTEREST": ("nips", "verb"),
    "CEREMONY_NOT_YET": ("ceremony", "held_on", "today"),
}


# The message keys of errors, with the params each names (the eligibility checks' keys are in
# domain.rules.reasons). tests/domain/test_reason_keys.py finds every ``key=`` the code raises with
# and holds it to this table and to both catalogues.
ERROR_REASONS: dict[str, tuple[str, ...]] = {
    "ineligible.summary": ("name", "nip", "post", "as_of"),
    "ineligible.no_longer": ("as_of",),
    "input.as_of_range": ("as_of", "earliest", "latest"),
    "input.page_size": ("argument", "value", "max"),
    "input.cursor": ("cursor",),
    "input.cursor_before_first": (),
    "input.text_too_long": ("argument", "length", "max"),
    "input.text_nul": ("argument",),
    "input.date_order": ("date_from", "date_to"),
    "input.sort": ("sort", "keys"),
    "input.members_first": ("value", "max"),
    "input.limit_range": ("limit", "max"),
    "input.offset_negative": ("offset",),
    "input.not_key_post": ("post",),
    "not_found.post": ("post",),
    "not_found.employee": ("nip",),
    # The workflow's mutations (steps, ceremonies, delegations, idempotency keys); several problems
    # at once: each keyed in InvalidInput.problems, the error by its first (domain.errors.invalid_input).
    "conflict.delegation_ended": ("delegation", "end"),
    "conflict.post_open": ("post",),
    "conflict.post_open_nomination": ("post", "nomination", "state"),
    "input.ceremony_before_decree": ("held_on", "decree_date"),
    "input.ceremony_officiant_missing": (),
    "input.ceremony_place_missing": (),
    "input.ceremony_too_late": ("held_on", "days", "decree_date"),
    "input.decree_number_missing": (),
    "input.delegation_acting_unknown": ("username",),
    "input.delegation_kind": ("kind",),
    "input.delegation_principal_unknown": ("username",),
    "input.delegation_self": (),
    "input.document_number_too_long": ("length", "max"),
    "input.effective_before_decree": ("effective_date", "decree_date"),
    "input.idempotency_key_action": ("key", "used_for", "action"),
    "input.idempotency_key_long": ("max", "length"),
    "input.idempotency_key_reused": ("key", "action"),
    "input.inauguration_not_scheduled": (),
    "input.invitation_after_ceremony": ("invitation_on", "held_on"),
    "input.invitation_late": ("invitation_on", "held_on", "last_day"),
    "input.letter_missing": ("step",),
    "input.letter_number_blank": (),
    "input.letter_number_too_long": ("length", "max"),
    "input.nip_invalid": ("nip",),
    "input.nip_unknown": ("nip",),
    "input.not_shortlisted": ("nip",),
    "input.oath_clergy_missing": ("religion",),
    "input.oath_no_form": ("religion",),
    "input.officiant_nip_invalid": ("nip",),
    "input.period_end_range": ("day", "earliest", "latest"),
    "input.period_order": ("start", "end"),
    "input.period_start_range": ("day", "earliest", "latest"),
    "input.post_level": ("post", "level"),
    "input.score_range": ("score",),
    "input.shortlist_empty": (),
    "input.witness_count": ("count",),
    "input.witness_is_appointee": ("nip",),
    "input.witness_level": ("nip", "name", "held", "needed"),
    "input.witness_nip_invalid": ("nip",),
    "input.witness_unknown": ("nip",),
    "not_allowed.ceremony_conducted": ("ceremony", "conducted_on"),
    "not_found.ceremony": ("ceremony",),
    "not_found.delegation": ("delegation",),
    "input.account_already_disabled": ("username",),
    "input.account_already_enabled": ("username",),
    "input.account_unchanged": ("username",),
    "input.letterhead_city_missing": (),
    "input.letterhead_province_missing": (),
    "input.letterhead_province_prefix": (),
    "input.letterhead_too_long": ("field", "length", "max"),
    "input.letterhead_unset": (),
    "input.nomination_kind": ("kind",),
    "input.own_account_disable": (),
    "input.own_admin_role": (),
    "input.password_short": ("length", "min"),
    "input.reason_required": ("action",),
    "input.role_unknown": ("role", "roles"),
    "input.roles_empty": ("roles",),
    "input.step_names_repeat": ("names",),
    "input.step_no_role": ("step",),
    "input.steps_empty": (),
    "input.unit_unknown": ("unit",),
    "input.username_format": ("username",),
    "input.username_taken": ("username",),
    "not_found.account": ("account",),
    "not_found.definition": ("kind", "level"),
    "input.level_unknown": ("level", "levels"),
    "input.too_many_nips": ("count", "max"),
    "input.nip_digits": ("nip",),
    "input.arms_empty": (),
    "input.arms_too_large": ("size", "max"),
    "input.arms_format": (),
    "not_found.unit": ("unit",),
    "input.members_range": ("max",),
    "input.limit_offset_range": ("max",),
    "input.setting_unknown": ("setting", "settings"),
    "input.setting_not_json": ("setting", "example"),
    "input.setting_shape": ("setting", "example"),
    "input.setting_source": ("setting", "max"),
    "input.credentials_missing": (),
    "input.roles_null": (),
    "input.post_not_structural": ("post", "level", "allowed"),
    "not_found.nomination": ("nomination",),
    "conflict.stale": ("nomination", "expected", "state"),
    "conflict.busy": (),
    "conflict.concurrent": ("nomination", "state"),
    "input.too_many_entries": ("argument", "count", "max"),
    "input.entry_too_long": ("argument", "length", "max"),
    "input.entry_nul": ("argument",),
    "input.job_history_same_start": ("nip", "effective"),
    "input.job_history_later_start": ("nip", "start", "effective"),
    "input.box_range": ("box",),
    "not_allowed.staff_only": (),
    "not_allowed.post_outside_scope": ("post",),
    "not_allowed.employee": (),
    "not_allowed.nomination": ("nomination",),
    "not_allowed.audit_log": (),
    "not_allowed.audit_verify": (),
    "not_allowed.dashboard": (),
    "not_allowed.unit_outside_scope": ("unit",),
    "not_allowed.admin_only": (),
    "not_allowed.rule_settings": (),
}
