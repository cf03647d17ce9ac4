"""Read a GraphQL document into a plan the compiler understands, or say it cannot.

Only a narrow, exact subset is accepted: one query operation, plain fields (aliases allowed), the
arguments each connection lists, literal or variable values. Fragments, directives, ``__typename``
and any field or argument not in the tables return ``None``: the resolvers answer those.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    IntValueNode,
    NonNullTypeNode,
    NullValueNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    VariableNode,
    parse,
)

__all__ = ["Field", "Unsupported", "plan_document", "argument_values"]


class Unsupported(Exception):
    """The document (or this request's variables) is outside what the compiler handles."""


@dataclass(frozen=True)
class Field:
    """One selected field: its response key, schema name, arguments (as AST values) and children."""

    key: str
    name: str
    arguments: tuple[tuple[str, Any], ...]
    children: tuple[Field, ...]


def _field(node: Any) -> Field:
    if not isinstance(node, FieldNode) or node.directives or node.name.value.startswith("__"):
        raise Unsupported("fragments and directives go through the resolvers")
    children: tuple[Field, ...] = ()
    if node.selection_set is not None:
        children = tuple(_field(child) for child in node.selection_set.selections)
    keys = [child.key for child in children]
    if len(keys) != len(set(keys)):
        raise Unsupported("a response key selected twice is merged by graphql-core, not here")
    arguments = tuple((a.name.value, a.value) for a in node.arguments or ())
    return Field(node.alias.value if node.alias else node.name.value, node.name.value, arguments, children)


@lru_cache(maxsize=512)
def _parsed(query: str) -> DocumentNode | None:
    try:
        return parse(query, no_location=True)
    except GraphQLError:
        return None


@lru_cache(maxsize=512)
def plan_document(query: str, operation_name: str | None) -> tuple[Field, ...] | None:
    """The root fields of the query operation ``operation_name``, or None when not compilable."""
    document = _parsed(query)
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != len(document.definitions):
        return None  # fragment definitions
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1 or chosen[0].operation != OperationType.QUERY or chosen[0].directives:
        return None
    for variable in chosen[0].variable_definitions or ():
        if variable.default_value is not None or isinstance(variable.type, NonNullTypeNode):
            return None  # defaults and "must be given" are graphql-core's to apply and to refuse
    try:
        roots = tuple(_field(node) for node in chosen[0].selection_set.selections)
    except Unsupported:
        return None
    if len({r.key for r in roots}) != len(roots):
        return None
    return roots


def _value(node: Any, variables: dict[str, Any]) -> Any:
    if isinstance(node, VariableNode):
        if node.name.value not in variables:
            raise Unsupported("a variable left out: graphql-core decides what it means")
        return variables[node.name.value]
    if isinstance(node, NullValueNode):
        return None
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, BooleanValueNode | StringValueNode):
        return node.value
    raise Unsupported(f"argument value {type(node).__name__}")


def argument_values(field: Field, allowed: dict[str, type], variables: dict[str, Any]) -> dict[str, Any]:
    """The field's arguments, each of its expected Python type (else the resolvers judge it)."""
    values: dict[str, Any] = {}
    for name, node in field.arguments:
        if name not in allowed:
            raise Unsupported(f"argument {name}")
        value = _value(node, variables)
        if value is not None and type(value) is not allowed[name]:
            raise Unsupported(f"argument {name} of type {type(value).__name__}")
        values[name] = value
    return values
