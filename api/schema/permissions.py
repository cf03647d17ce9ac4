"""Deny by default: every root field and every sensitive field asks here, and every refusal is
logged with who, what and why.

The rules (issue 4): an operator sees and acts in their unit and its sub-units (no unit = the whole
province); panel members, approving officials and auditors read everything; an employee sees their
own profile and the nominations about them; sensitive fields (assessment scores, discipline,
evaluation notes) only to the panel, the approving officials, auditors and the person themselves.
Checks sit in the resolver of the field, so aliases, fragments and nesting cannot get around them.
"""

from __future__ import annotations

import logging
from typing import Any

from api.viewer import Viewer
from domain import models
from domain.errors import NotAllowed

log = logging.getLogger("meritflow.api.permissions")


def viewer_of(info: Any) -> Viewer | None:
    return info.context.viewer


def require_viewer(info: Any) -> Viewer:
    viewer = info.context.viewer
    if viewer is None:
        log_refusal(info, "sign-in required")
        raise NotAllowed(
            "You are not signed in (or your session ended); sign in and try again.", code="UNAUTHENTICATED"
        )
    return viewer


def log_refusal(info: Any, reason: str) -> None:
    viewer = info.context.viewer
    who = viewer.username if viewer is not None else "anonymous"
    path = ".".join(str(p) for p in info.path.as_list()) if info is not None else "?"
    log.warning("refused %s to %s: %s", path, who, reason)


def refuse(info: Any, reason: str, message: str, code: str = "NOT_ALLOWED") -> NotAllowed:
    log_refusal(info, reason)
    return NotAllowed(message, code=code)


def can_read_profile(viewer: Viewer, nip: str, unit_code: str | None) -> bool:
    """The whole profile of a person: province readers, an operator covering the person's unit,
    and the person themselves."""
    return viewer.reads_province or viewer.covers_unit(unit_code) or viewer.nip == nip


def can_read_positions(viewer: Viewer) -> bool:
    return viewer.reads_province or viewer.is_operator


def sensitive_or_none(info: Any, nip: str, what: str) -> bool:
    """True when the viewer may see ``what`` of ``nip``; otherwise logs the refusal."""
    viewer = info.context.viewer
    if viewer is not None and viewer.sees_sensitive_of(nip):
        return True
    log_refusal(info, f"{what} of {nip} is sensitive")
    return False


def can_see_nomination(viewer: Viewer, nomination: models.Nomination, post: models.Position | None) -> bool:
    """Province readers see all; an operator those for posts in their units; an employee those about them."""
    if viewer.reads_province:
        return True
    if viewer.is_operator:
        return post is not None and viewer.covers_unit(post.unit_code)
    return viewer.nip is not None and (
        nomination.nominee_nip == viewer.nip or viewer.nip in (nomination.shortlist or [])
    )
