"""No "Did you mean …" hints outside dev mode.

graphql-core appends suggestions to validation and input errors ("Cannot query field 'birthdate'
on type 'Employee'. Did you mean 'birthDate'?", likewise for arguments, types, enum values and
input fields): with introspection off they would still let anyone map the schema by guessing.
strawberry's ``StrawberryConfig(disable_field_suggestions=True)`` strips only the unknown-field
case, and graphql-core's own ``hide_suggestions`` is not passed through by strawberry, so this
extension strips the hint from every error of the response.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

__all__ = ["HideSuggestions", "without_suggestion"]

_SUGGESTION = re.compile(r"\s*Did you mean\b.*\Z", re.DOTALL)


def without_suggestion(message: str) -> str:
    return _SUGGESTION.sub("", message)


class HideSuggestions(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        errors: list[GraphQLError] = list(context.pre_execution_errors or ())
        errors.extend(getattr(context.result, "errors", None) or ())
        for error in errors:
            error.message = without_suggestion(error.message)
