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

    def raise_if_refused(self) -> str | None:
        """The role, or the refusal as the error the API shows (``Ineligible`` for a nominee who
        stopped being eligible, ``NotAllowed`` with the code otherwise)."""
        if self.allowed:
            return self.role
        if self.code == Refusal.NOMINEE_INELIGIBLE:
            as_of = self.detail.get("as_of")
            failing = self.detail.get("failing", [])
            raise Ineligible(self.message or "", failing, key="ineligible.no_longer", params={"as_of": as_of})
        raise NotAllowed(self.message or "not allowed", code=self.code or Refusal.NOT_ALLOWED)


def refused(code: Refusal, message: str, **detail: Any) -> Decision:
    return Decision(False, code, message, detail=detail)
