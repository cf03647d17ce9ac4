"""The enums of a nomination, shared by the nomination and ceremony types."""

from __future__ import annotations

from enum import Enum

import strawberry

__all__ = ["NominationKind", "NominationState"]


@strawberry.enum
class NominationState(Enum):
    MAPPING = "mapping"
    ASSESSMENT = "assessment"
    APPROVAL = "approval"
    INAUGURATION = "inauguration"
    OATH = "oath"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@strawberry.enum
class NominationKind(Enum):
    PROMOTION = "promotion"
    ROTATION = "rotation"
    TRANSFER = "transfer"
