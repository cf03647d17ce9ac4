"""The demo's sign-in accounts: one per role, with fixed usernames and passwords.

Passwords are printed by ``meritflow seed --demo``; they are for a demo database only. The
officials who are civil servants are linked to the employee holding the matching post, so
separation of duties in the workflow works on real NIPs (the TPK chair, the Sekda and the
candidate are three different people).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.reference import Role


@dataclass(frozen=True)
class AccountSpec:
    username: str
    password: str
    roles: tuple[str, ...]
    description: str
    # Whose NIP the account carries: a post code, "candidate", "staff:<OPD>", or None for no NIP.
    holder: str | None = None
    unit_code: str | None = None
    display_name: str | None = None  # for accounts without a NIP (with one, the employee's name)


@dataclass(frozen=True)
class DemoAccount:
    """An account as created in the database: the spec plus the NIP and name it was linked to."""

    username: str
    password: str
    roles: tuple[str, ...]
    description: str
    nip: str | None
    display_name: str | None
    unit_code: str | None


def _password(username: str) -> str:
    return f"demo-{username}-2026"


def _spec(
    username: str,
    roles: tuple[Role, ...],
    description: str,
    holder: str | None = None,
    unit_code: str | None = None,
    display_name: str | None = None,
) -> AccountSpec:
    roles_ = tuple(r.value for r in roles)
    return AccountSpec(username, _password(username), roles_, description, holder, unit_code, display_name)


DEMO_ACCOUNTS: tuple[AccountSpec, ...] = (
    _spec("admin", (Role.ADMIN,), "administrator of meritflow (rule settings, accounts)", None, None, "Admin"),
    _spec("operator", (Role.OPERATOR,), "BKD operator for the whole province", "staff:BKD"),
    _spec("operator_dinkes", (Role.OPERATOR,), "operator scoped to Dinas Kesehatan", "staff:DINKES", "DINKES"),
    _spec(
        "panel_chair", (Role.PANEL_CHAIR, Role.PANEL), "chair of the TPK (Asisten Administrasi Umum)", "SETDA-ASISTEN3"
    ),
    _spec("panel1", (Role.PANEL,), "TPK member (Kepala BKD)", "BKD-KEPALA"),
    _spec("panel2", (Role.PANEL,), "TPK member (Inspektur)", "INSPEKTORAT-KEPALA"),
    _spec("secretary", (Role.SECRETARY,), "Sekretaris Daerah, the PyB", "SETDA-SEKDA"),
    _spec("ppk", (Role.PPK,), "Gubernur, the PPK (no NIP)", None, None, "Gubernur Banten"),
    _spec(
        "reviewer", (Role.REVIEWER,), "national review, KemenPANRB/BKN (no NIP)", None, None, "Penelaah KemenPANRB/BKN"
    ),
    _spec("auditor", (Role.AUDITOR,), "auditor of the Inspektorat (read-only audit trail)", "staff:INSPEKTORAT"),
    _spec("employee", (Role.EMPLOYEE,), "a civil servant eligible for a vacant JPT Pratama post", "candidate"),
)
