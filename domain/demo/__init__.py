"""Demo data: a deterministic synthetic province modelled on Banten (``meritflow seed --demo``).

``seed_demo(sessions, employees=2000, seed=1, reference_date=date(2026, 11, 29), progress=None)``
fills an empty database and returns a :class:`DemoSummary` (the ten vacant JPT Pratama posts,
their candidates, the near-misses and the accounts with their passwords).
"""

from domain.demo.accounts import DEMO_ACCOUNTS, AccountSpec, DemoAccount
from domain.demo.plan import MIN_EMPLOYEES, NEAR_MISS_FLAWS, VACANT_JPT_COUNT
from domain.demo.seed import (
    DEFAULT_REFERENCE_DATE,
    DemoDatabaseNotEmpty,
    DemoSummary,
    ProgressCallback,
    database_is_empty,
    existing_data,
    seed_demo,
)

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "DEMO_ACCOUNTS",
    "MIN_EMPLOYEES",
    "NEAR_MISS_FLAWS",
    "VACANT_JPT_COUNT",
    "AccountSpec",
    "DemoAccount",
    "DemoDatabaseNotEmpty",
    "DemoSummary",
    "ProgressCallback",
    "database_is_empty",
    "existing_data",
    "seed_demo",
]
