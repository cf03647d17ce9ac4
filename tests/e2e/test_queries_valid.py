"""Every GraphQL document of the web page (frontend/js/queries/*.js) is valid against the server's schema.

A renamed field then fails here, not in a user's browser. A document whose root field the schema does
not have fails with the name of the document and of the missing operation: the page would send it and
get an error, so it is a failure, not something to skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, validate

QUERIES_DIR = Path(__file__).resolve().parents[2] / "frontend" / "js" / "queries"
_DOCUMENT = re.compile(r"export const (\w+) = /\* GraphQL \*/ `(.*?)`;", re.S)
_CONSTANT = re.compile(r"^(?:export )?const (\w+) = `(.*?)`;", re.S | re.M)
_ERROR_FIELDS = re.compile(r"const ERROR_FIELDS = \{(.*?)\};", re.S)
_ERROR_CALL = re.compile(r"\$\{errors\(([^)]*)\)\}")
_INTERPOLATION = re.compile(r"\$\{(\w+)\}")


def _documents() -> dict[str, str]:
    """The documents as the browser builds them: constants and errors(...) expanded."""
    # One text of every file: a document may interpolate a constant of common.js.
    source = "\n".join(f.read_text(encoding="utf-8") for f in sorted(QUERIES_DIR.glob("*.js")))
    error_fields = dict(re.findall(r"(\w+): '([^']*)'", _ERROR_FIELDS.search(source).group(1)))  # type: ignore[union-attr]
    constants = dict(_CONSTANT.findall(source))

    def expand(text: str) -> str:
        text = _ERROR_CALL.sub(
            lambda m: "\n".join(
                f"... on {name} {{ {error_fields[name]} }}" for name in re.findall(r"'(\w+)'", m.group(1))
            ),
            text,
        )
        return _INTERPOLATION.sub(lambda m: expand(constants[m.group(1)]), text)

    return {name: expand(body) for name, body in _DOCUMENT.findall(source)}


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def schema():  # type: ignore[no-untyped-def]
    from api.schema.build import build_schema

    return build_schema(dev=True)._schema


def test_queries_file_has_documents() -> None:
    assert len(DOCUMENTS) >= 25, sorted(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_is_valid(schema, name: str) -> None:  # type: ignore[no-untyped-def]
    document = parse(DOCUMENTS[name])
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    root = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]
    wanted = [s.name.value for s in operation.selection_set.selections]  # type: ignore[attr-defined]
    missing = [f for f in wanted if root is None or f not in root.fields]
    assert not missing, (
        f"{name}: the API has no {operation.operation.value} field {', '.join(missing)} "
        "(frontend/js/queries/ sends it; add it to the schema or remove the document)"
    )
    errors = validate(schema, document)
    assert not errors, f"{name}: " + "; ".join(e.message for e in errors)
