"""A decision of the action table: allowed, or refused with a code and a message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.errors import Ineligible, NotAllowed, Refusal


@dataclass(frozen=True)
class Decision:
    """Whether an action may be taken; if not, a refusal code and a message a person can act on."""

    allowed: bool
    code: Refusal | None = None
    message: str | None = None
    role: str | None = None  # the role the action is taken in
    dest: str | None = None  # the stage it leads to (None: unchanged)
    detail: dict[str, Any] = field(default_factory=dict)  # e.g. the failing eligibility checks
    params: dict[str, Any] = field(default_factory=dict)  # the values the message names (REFUSAL_PARAMS)

    def raise_if_refused(self) -> str | None:
        """The role, or the refusal as the error the API shows (``Ineligible`` for a nominee who
        stopped being eligible, ``NotAllowed`` with the code otherwise)."""
        if self.allowed:
            return self.role
        if self.code == Refusal.NOMINEE_INELIGIBLE:
            as_of = self.detail.get("as_of")
            failing = self.detail.get("failing", [])
            raise Ineligible(self.message or "", failing, key="ineligible.no_longer", params={"as_of": as_of})
        raise NotAllowed(self.message or "not allowed", code=self.code or Refusal.NOT_ALLOWED, params=self.params)


def refused(code: Refusal, message: str, params: dict[str, Any] | None = None, **detail: Any) -> Decision:
    """A refusal; ``params`` are the values its message names, for the code's text on a page
    (``domain.errors.REFUSAL_PARAMS``)."""
    return Decision(False, code, message, detail=detail, params=params or {})
