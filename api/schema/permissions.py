"""Deny by default: every root field asks here who is signed in, every refusal is logged with who,
what and why, and sensitive fields carry their guard as a strawberry permission extension.

The rules themselves live in ``domain.access`` (visibility of employees, nominations, ceremonies
and audit events, the SQL filter beside the Python predicate). This module applies them to GraphQL:
a guard sits on the field itself (``extensions=guard(SeesProfile)``), so every path that reaches
an ``Employee`` or a ``Nomination`` — a root query, ``position.incumbent``, ``nomination.nominee``,
aliases, fragments — meets the same rule, and a refused field comes back null (or an empty list)
instead of failing the whole answer.
"""

from __future__ import annotations

import logging
from typing import Any

from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.base import StrawberryOptional

from domain.access import Principal, sees_profile
from domain.errors import NotAllowed

__all__ = [
    "SeesDerived",
    "SeesEvaluations",
    "SeesProfile",
    "SeesSensitive",
    "guard",
    "log_refusal",
    "refuse",
    "require_viewer",
    "viewer_of",
]

log = logging.getLogger("meritflow.api.permissions")


def viewer_of(info: Any) -> Principal | None:
    return info.context.viewer


def require_viewer(info: Any) -> Principal:
    viewer = info.context.viewer
    if viewer is None:
        log_refusal(info, "sign-in required")
        raise NotAllowed(
            "You are not signed in (or your session ended); sign in and try again.", code="UNAUTHENTICATED"
        )
    return viewer


def log_refusal(info: Any, reason: str, level: int = logging.WARNING) -> None:
    viewer = info.context.viewer
    who = viewer.username if viewer is not None else "anonymous"
    path = ".".join(str(p) for p in info.path.as_list()) if info is not None else "?"
    log.log(level, "refused %s to %s: %s", path, who, reason)


def refuse(
    info: Any, reason: str, message: str, code: str = "NOT_ALLOWED", *, key: str = "", params: dict | None = None
) -> NotAllowed:
    """The refusal, logged; ``key`` and ``params`` word it in the reader's language (ERROR_REASONS)."""
    log_refusal(info, reason)
    return NotAllowed(message, code=code, key=key, params=params)


class _FieldGuard(BasePermission):
    """A field's guard: ``allowed(viewer, source)`` decides; a refusal is logged, never raised."""

    what = "field"
    level = logging.WARNING

    def allowed(self, viewer: Principal | None, source: Any) -> bool:
        raise NotImplementedError

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        if self.allowed(info.context.viewer, source):
            return True
        log_refusal(info, f"{info.field_name} of {getattr(source, 'nip', '?')}: {self.what}", self.level)
        return False


class SeesProfile(_FieldGuard):
    """Profile fields of an Employee (birth date, religion, talent profile, nine-box): the viewer
    may read this person (``domain.access.sees_profile``). The source has ``nip`` and ``unit_code``."""

    what = "outside the viewer's scope"

    def allowed(self, viewer: Principal | None, source: Any) -> bool:
        return sees_profile(viewer, source.nip, source.unit_code)


class SeesSensitive(_FieldGuard):
    """Assessments and discipline of the person ``source.nip``: ``Principal.sees_sensitive_of``."""

    what = "sensitive"

    def allowed(self, viewer: Principal | None, source: Any) -> bool:
        return viewer is not None and viewer.sees_sensitive_of(source.nip)


class SeesDerived(_FieldGuard):
    """A value derived from a person's facts — an eligibility check's outcome, a ranking score or
    one of its parts: hidden wherever the fact it comes from is. Every such value needs the
    person's profile (``SeesProfile``); one derived from a sensitive fact (``source.sensitive``:
    JPM, discipline, health, a score that adds the JPM in) also needs ``SeesSensitive``'s rule.
    The source has ``nip``, ``unit_code`` and ``sensitive``."""

    what = "derived from facts hidden from the viewer"
    level = logging.DEBUG  # dozens per ranked page, each expected (the schema says null when hidden)

    def allowed(self, viewer: Principal | None, source: Any) -> bool:
        if not sees_profile(viewer, source.nip, source.unit_code):
            return False
        return not source.sensitive or (viewer is not None and viewer.sees_sensitive_of(source.nip))


class SeesEvaluations(_FieldGuard):
    """The panel's evaluations of a nomination: readers of anyone's sensitive fields."""

    what = "evaluations are sensitive"

    def allowed(self, viewer: Principal | None, source: Any) -> bool:
        return viewer is not None and viewer.sees_sensitive_of(None)


class _Masked(PermissionExtension):
    """``fail_silently`` that keeps a nullable list null (strawberry answers ``[]`` for one):
    null says "hidden from you", an empty list would say "there is none"."""

    def apply(self, field: Any) -> None:
        super().apply(field)
        if isinstance(field.type, StrawberryOptional):
            self.return_empty_list = False


def guard(*permissions: type[_FieldGuard]) -> list[PermissionExtension]:
    """The ``extensions=`` of a guarded field. The field must be nullable or a list."""
    return [_Masked(permissions=[p() for p in permissions], fail_silently=True, use_directives=False)]
