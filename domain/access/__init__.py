"""The access module: who asks (:class:`Principal`), the unit subtree (a recursive CTE and its
Python twin) and visibility (for an employee, a nomination, a ceremony and an audit event, the
SQL filter and the Python predicate side by side). The API's resolvers, loaders, subscriptions and
mutation answers and the workflow's unit check all take their rules from here."""

from domain.access.principal import AUDIT_READERS, PROVINCE_READERS, SENSITIVE_READERS, Principal
from domain.access.units import (
    load_unit_scope,
    principal_for_user,
    subtree_of,
    unit_in_scope,
    unit_subtree,
    with_unit_scope,
)
from domain.access.visibility import (
    JsonArrayHas,
    audit_event_filter,
    can_reach_employee,
    can_see_audit_event,
    can_see_ceremony,
    can_see_employee,
    can_see_nomination,
    can_see_position,
    ceremony_filter,
    employee_filter,
    nomination_filter,
    position_filter,
    profile_filter,
    reach_employee_filter,
    sees_profile,
    status_only,
)

__all__ = [
    "AUDIT_READERS",
    "PROVINCE_READERS",
    "SENSITIVE_READERS",
    "JsonArrayHas",
    "Principal",
    "audit_event_filter",
    "can_reach_employee",
    "can_see_audit_event",
    "can_see_ceremony",
    "can_see_employee",
    "can_see_nomination",
    "can_see_position",
    "ceremony_filter",
    "employee_filter",
    "load_unit_scope",
    "nomination_filter",
    "position_filter",
    "principal_for_user",
    "profile_filter",
    "reach_employee_filter",
    "sees_profile",
    "status_only",
    "subtree_of",
    "unit_in_scope",
    "unit_subtree",
    "with_unit_scope",
]
