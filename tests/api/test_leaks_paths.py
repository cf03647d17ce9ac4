"""Every path to an ``Employee`` in the schema, for every role: the paths are generated from the
schema's own type graph (not a hand list), so a field added tomorrow that reaches an Employee is
walked too. For each role, each root query that leads to an Employee is asked once (per value of
its required arguments) with every such path merged into one selection; every Employee in the
answer is then held to the rules below, written out here independently of ``domain.access``:

- an account that is not staff reaches nobody but themselves;
- birth date, religion, talent profile and nine-box are null for a person whose profile the viewer
  may not read (province readers all, a unit operator their units, anyone themselves) — and shown
  for one they may;
- assessments and discipline are null unless the viewer is on the panel, an approving official, an
  auditor, or the person.

Runs on SQLite and, with ``DATABASE_URL=postgresql…``, on PostgreSQL (issue 9, item 5)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import graphql
from graphql import GraphQLObjectType, GraphQLSchema, GraphQLUnionType, get_named_type

from api.schema.build import MAX_DEPTH, build_schema
from domain.db import write_transaction
from domain.models import Employee, Nomination
from domain.reference import Level
from testkit.drive import a_ceremony, approve_all, drive_to
from testkit.province import ACCOUNTS, CHAIR_NIP, HEAD_CANDIDATE, JUNIOR, OTHER_CANDIDATE, PEOPLE, TODAY, World
from workflow import service

TARGET = "Employee"
# What is asked of every Employee reached (its profile and sensitive fields); three levels deep.
EMPLOYEE_FIELDS = (
    "__typename nip birthDate religion nineBox { box } talentProfile { assessments { jpm } discipline { severity } }"
)
MAX_PATH = MAX_DEPTH - 3

# --- who may see what, written out for testkit's small province ---------------------------------

HEAD_OF_DINKES = "196001011985031008"  # added by _world: the incumbent of KADINKES
UNIT_OF = {nip: unit for nip, _, unit, *_ in PEOPLE} | {HEAD_OF_DINKES: "DINKES"}
PROVINCE_READERS = {"admin", "op-all", "panel", "chair", "sekda", "reviewer", "gubernur", "auditor"}
SENSITIVE_READERS = {"panel", "chair", "sekda", "reviewer", "gubernur", "auditor"}
OPERATOR_UNITS = {"op-dinkes": {"DINKES", "DINKES-YANKES"}, "op-bkd": {"BKD"}}
STAFF = PROVINCE_READERS | OPERATOR_UNITS.keys()
OWN_NIP = {username: nip for username, (_, _, nip) in ACCOUNTS.items() if nip}


def sees_profile(role: str, nip: str) -> bool:
    return role in PROVINCE_READERS or UNIT_OF[nip] in OPERATOR_UNITS.get(role, ()) or OWN_NIP.get(role) == nip


def sees_sensitive(role: str, nip: str) -> bool:
    return role in SENSITIVE_READERS or OWN_NIP.get(role) == nip


# --- the paths, from the schema ---------------------------------------------------------------


@dataclass
class Node:
    """One field of the merged selection; ``employee``: an Employee is reached here."""

    type_name: str
    employee: bool = False
    fragments: dict[str, Node] = field(default_factory=dict)  # union member -> its selection
    children: dict[str, Node] = field(default_factory=dict)


def _members(type_: Any) -> list[GraphQLObjectType]:
    if isinstance(type_, GraphQLUnionType):
        return list(type_.types)
    return [type_] if isinstance(type_, GraphQLObjectType) else []


def employee_paths(schema: GraphQLSchema) -> list[tuple[str, ...]]:
    """Every path of field names from a root query field to a field of type Employee, through
    object types (union members included) that do not repeat along the path, at most
    ``MAX_PATH`` fields long (the depth limit leaves room for the Employee's own fields)."""
    found: list[tuple[str, ...]] = []

    def walk(type_: GraphQLObjectType, path: tuple[str, ...], seen: frozenset[str]) -> None:
        if len(path) >= MAX_PATH:
            return
        for name, definition in type_.fields.items():
            target = get_named_type(definition.type)
            if target.name == TARGET:
                found.append((*path, name))
            for member in _members(target):
                if member.name not in seen:
                    walk(member, (*path, name), seen | {member.name})

    assert schema.query_type is not None
    walk(schema.query_type, (), frozenset({schema.query_type.name}))
    return found


def merged(schema: GraphQLSchema, paths: list[tuple[str, ...]]) -> dict[str, Node]:
    """The paths as one selection tree per root field."""
    assert schema.query_type is not None
    roots: dict[str, Node] = {}
    for path in paths:
        type_: Any = schema.query_type
        level = roots
        node: Node | None = None
        for name in path:
            target = get_named_type(_field(type_, name).type)
            node = level.setdefault(name, Node(target.name))
            if isinstance(target, GraphQLUnionType):
                # follow the member that has the next field (walk() went through each member)
                rest = path[path.index(name) + 1 :]
                member = next(m for m in target.types if rest and rest[0] in m.fields)
                node = node.fragments.setdefault(member.name, Node(member.name))
                type_ = member
            else:
                type_ = target
            level = node.children
        assert node is not None
        node.employee = True
    return roots


def _field(type_: Any, name: str) -> Any:
    return type_.fields[name]


# --- arguments --------------------------------------------------------------------------------

ARGUMENTS: dict[str, list[Any]] = {  # "Type.field.argument" or "argument" -> the values to try
    "nip": [OTHER_CANDIDATE, JUNIOR, HEAD_CANDIDATE],
    "Query.position.code": ["SEKBKD", "KABID-YANKES", "KADINKES"],
    "positionCode": ["KADINKES", "KABKD"],
    "Query.nineBox.unitCode": ["DINKES", "BKD", None],
    "Query.nineBoxMembers.box": list(range(1, 10)),  # every cell: whoever sits in one is reached
    "Query.nomination.id": ["$nomination"],
    "Query.ceremony.id": ["$ceremony"],
    "Query.ceremonyDocuments.id": ["$ceremony"],
}


def _arguments(type_name: str, field_name: str, definition: Any, root: bool) -> list[dict[str, Any]]:
    """Each combination of argument values to ask a field with: every required argument (from
    ``ARGUMENTS``, failing loudly when it has no entry) and the optional ones ``ARGUMENTS`` names
    for this field. Below the root only the first combination is used."""
    choices: dict[str, list[Any]] = {}
    for name, argument in definition.args.items():
        specific = f"{type_name}.{field_name}.{name}"
        if specific in ARGUMENTS:
            choices[name] = ARGUMENTS[specific]
        elif graphql.is_required_argument(argument):
            assert name in ARGUMENTS, f"{specific} is required: add values for it to ARGUMENTS"
            choices[name] = ARGUMENTS[name]
    combos = [dict(zip(choices, values, strict=True)) for values in itertools.product(*choices.values())]
    return combos if root else combos[:1]


def _literal(value: Any, refs: dict[str, Any]) -> str:
    if isinstance(value, str) and value.startswith("$"):
        value = refs[value[1:]]
    return json.dumps(value)


def _selection(schema: GraphQLSchema, type_name: str, node: Node, refs: dict[str, Any]) -> str:
    parts = [EMPLOYEE_FIELDS] if node.employee else []
    type_ = schema.get_type(type_name)
    for name, child in node.children.items():
        definition = _field(type_, name)
        args = _arguments(type_name, name, definition, root=False)
        parts.append(name + _args(args[0] if args else {}, refs) + " { " + _body(schema, child, refs) + " }")
    return " ".join(parts)


def _body(schema: GraphQLSchema, node: Node, refs: dict[str, Any]) -> str:
    if node.fragments:
        return "__typename " + " ".join(
            f"... on {member} {{ {_selection(schema, member, child, refs)} }}"
            for member, child in node.fragments.items()
        )
    return _selection(schema, node.type_name, node, refs)


def _args(values: dict[str, Any], refs: dict[str, Any]) -> str:
    if not values:
        return ""
    return "(" + ", ".join(f"{k}: {_literal(v, refs)}" for k, v in values.items()) + ")"


def documents(schema: GraphQLSchema, refs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(root field, query document) for each root field that reaches an Employee and each
    combination of its arguments."""
    assert schema.query_type is not None
    for root, node in merged(schema, employee_paths(schema)).items():
        definition = _field(schema.query_type, root)
        for values in _arguments("Query", root, definition, root=True) or [{}]:
            yield root, "{ " + root + _args(values, refs) + " { " + _body(schema, node, refs) + " } }"


# --- the walk ---------------------------------------------------------------------------------


def employees_in(answer: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every Employee object of an answer, with its path of field names (list indices dropped)."""
    if isinstance(answer, list):
        for item in answer:
            yield from employees_in(item, path)
    elif isinstance(answer, dict):
        if answer.get("__typename") == TARGET:
            yield path, answer
        for key, value in answer.items():
            yield from employees_in(value, (*path, key))


def problems_of(role: str, person: dict[str, Any]) -> list[str]:
    nip, problems = person["nip"], []
    if role not in STAFF and nip != OWN_NIP.get(role):
        problems.append(f"reaches {nip}: not staff, and not themselves")
    profile = {k: person[k] for k in ("birthDate", "religion", "nineBox", "talentProfile")}
    if not sees_profile(role, nip):
        problems += [f"{k} of {nip} is shown" for k, v in profile.items() if v is not None]
    elif person["birthDate"] is None or person["talentProfile"] is None:
        problems.append(f"the profile of {nip} is hidden from a viewer who may read it")
    talent = person["talentProfile"] or {}
    if not sees_sensitive(role, nip):
        problems += [f"{k} of {nip} is shown" for k in ("assessments", "discipline") if talent.get(k) is not None]
    return problems


async def _world(province: World) -> dict[str, Any]:
    """Nominations whose post, shortlist, nominee, last return and ceremony reach people of
    several units: KADINKES (DINKES, held by a head of office added here) with the BKD candidate
    as nominee, returned for revision once and then scheduled in a ceremony; KABKD (BKD) with the
    DINKES candidate, returned for revision."""
    async with write_transaction(province.sessions) as session:
        session.add(
            Employee(
                nip=HEAD_OF_DINKES,
                name="Kepala Dinas",
                birth_date=date(1960, 1, 1),
                gender="male",
                cpns_start=date(1985, 3, 1),
                religion="islam",
                golongan="IV/d",
                education="S2",
                unit_code="DINKES",
                position_code="KADINKES",
                health_ok=True,
            )
        )
    shortlist = [HEAD_CANDIDATE, OTHER_CANDIDATE]
    operator, chair = province.holder("operator"), province["chair"]
    first = await drive_to(province, "approval", "KADINKES", nominee=OTHER_CANDIDATE, shortlist=shortlist)
    await service.return_for_revision(province.sessions, chair, first, "lengkapi data")
    await service.select_nominee(province.sessions, chair, first, OTHER_CANDIDATE)
    await service.submit_for_approval(province.sessions, operator, first)
    await approve_all(province, first)
    ceremony = await a_ceremony(province)
    await service.schedule_inauguration(province.sessions, operator, first, ceremony, "821.2/1/BKD", TODAY, TODAY)
    second = await drive_to(province, "approval", "KABKD", nominee=HEAD_CANDIDATE, shortlist=shortlist)
    await service.return_for_revision(province.sessions, chair, second, "lengkapi data")
    async with write_transaction(province.sessions) as session:  # overdue: the dashboard lists both
        for nomination_id in (first, second):
            overdue = await session.get(Nomination, nomination_id)
            assert overdue is not None
            overdue.stage_due_on = TODAY - timedelta(days=30)
    # An administrator for a year: close to eligible for a JPT post (nearCandidates reaches them).
    a_year_ago = TODAY - timedelta(days=400)
    near = await province.employee(Level.ADMINISTRATOR, held_since=a_year_ago, target=Level.JPT_PRATAMA)
    UNIT_OF[near] = "BKD"  # World.employee places everyone it adds in BKD
    return {"nomination": first, "second": second, "ceremony": ceremony}


async def test_every_path_to_an_employee_applies_the_same_rules_for_every_role(as_user, anon, province: World) -> None:  # type: ignore[no-untyped-def]
    assert CHAIR_NIP in OWN_NIP.values()
    schema = graphql.build_schema(build_schema(dev=False).as_str())
    paths = set(employee_paths(schema))
    assert len(paths) >= 10, sorted(paths)  # the walk found the schema's paths, not a handful
    refs = await _world(province)
    docs = list(documents(schema, refs))
    for root, document in documents(schema, {**refs, "nomination": refs["second"]}):
        if root == "nomination":
            docs.append((root, document))

    reached: set[tuple[str, ...]] = set()
    failures: list[str] = []
    for role in [*ACCOUNTS, "anonymous"]:
        api = anon if role == "anonymous" else await as_user(role)
        for _root, document in docs:
            body = await api(document)
            for error in body.get("errors") or []:
                assert error.get("path"), (role, document, error)  # a refusal, never a rejected document
                assert "Unexpected error" not in error["message"], (role, document, error)
            for path, person in employees_in(body.get("data") or {}):
                reached.add(path)
                failures += [f"{role} at {'.'.join(path)}: {p}" for p in problems_of(role, person)]
    assert not failures, "\n".join(sorted(set(failures)))
    assert paths <= reached, f"paths that reached nobody (add data to _world): {sorted(paths - reached)}"
