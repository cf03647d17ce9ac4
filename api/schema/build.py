"""The one strawberry ``Schema`` of a process, with its hardening decided from settings first.

Built once per mode and cached (stack-notes: build the schema once). Production mode switches
introspection and "Did you mean …" hints off; both modes limit depth, aliases (fragment spreads
counted), tokens and ``login`` fields (one per request), and mask unexpected errors while letting
the errors a person can act on through.

Parsed and validated documents are cached (strawberry's ``ParserCache`` and ``ValidationCache``,
bounded LRU): the page sends the same few dozen query texts over and over, and parsing plus
validating one took longer than answering ``{ me { username } }``. The validation cache is keyed
by the document *object* (the parser cache hands out the same one for the same text) and by the
validation rules, so the limits' rules are made once here: ``QueryDepthLimiter(…)`` and
``MaxAliasesLimiter(…)`` make a new rule class per instance, and a new class per request would
miss the cache every time. A document is cached only when it parsed; the limits still run on
every document the first time it is seen, and the answer for it (errors included) is the same.
"""

from __future__ import annotations

import logging
from functools import cache

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from api.schema.auth import OneLoginPerRequest
from api.schema.errors import EXCEPTION_HANDLERS, ErrorReasons
from api.schema.suggestions import HideSuggestions
from domain.errors import DomainError

log = logging.getLogger("meritflow.api")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 5000
DOCUMENTS_CACHED = 512  # distinct query texts kept parsed and validated (the page has ~60)


def should_mask(error: GraphQLError) -> bool:
    """Mask only what a person cannot act on: an unexpected exception (logged in full here).
    Validation errors (no original error), permission and domain errors keep their message."""
    original = error.original_error
    if original is None or isinstance(original, (DomainError, GraphQLError)):
        return False
    log.error("unexpected error at %s", error.path, exc_info=original)
    return True


def _types() -> tuple[type, type, type]:
    from api.schema.account_fields import AccountMutations, AccountQueries
    from api.schema.admin_fields import AdminQueries
    from api.schema.audit_fields import AuditQueries
    from api.schema.auth import AuthMutations
    from api.schema.ceremony_fields import CeremonyQueries
    from api.schema.dashboard_fields import DashboardQueries
    from api.schema.delegation_fields import DelegationMutations
    from api.schema.nomination_mutations import NominationMutations
    from api.schema.nomination_queries import NominationQueries
    from api.schema.queries import PeopleQueries
    from api.schema.rule_settings import RuleSettingMutations, RuleSettingQueries
    from api.schema.subscriptions import Subscription
    from api.schema.talent_queries import TalentQueries
    from api.schema.workflow_facts import WorkflowQueries

    queries = (
        PeopleQueries,
        TalentQueries,
        NominationQueries,
        CeremonyQueries,
        AuditQueries,
        RuleSettingQueries,
        WorkflowQueries,
        DashboardQueries,
        AccountQueries,
        AdminQueries,
    )
    mutations = (
        AuthMutations,
        NominationMutations,
        RuleSettingMutations,
        DelegationMutations,
        AccountMutations,
    )
    return merge_types("Query", queries), merge_types("Mutation", mutations), Subscription


@cache
def build_schema(dev: bool) -> strawberry.Schema:
    query, mutation, subscription = _types()
    # One rule class per limit for the life of the process (see the module docstring).
    limit_rules = [
        *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
        *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
        OneLoginPerRequest,
    ]
    extensions: list = [
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),  # sets the parser's max_tokens: part of the cache key
        lambda: ParserCache(maxsize=DOCUMENTS_CACHED),
        lambda: ValidationCache(maxsize=DOCUMENTS_CACHED),
        lambda: MaskErrors(should_mask_error=should_mask, error_message="Unexpected error; it has been logged."),
        ErrorReasons,  # a read query's domain error: its message key and params in extensions
    ]
    if not dev:
        extensions += [DisableIntrospection, HideSuggestions]
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        extensions=extensions,
        exception_handlers=list(EXCEPTION_HANDLERS),
    )
