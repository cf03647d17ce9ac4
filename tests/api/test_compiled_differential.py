"""The compiled read path (``api.compiled``) answers exactly what the resolvers answer.

Every query of the corpus — each compiled connection, nested paths, aliases, pages followed by
their ``after`` cursors, masked fields — is run for every account of the small province (scoped
and province-wide operators, officials, the panel, an auditor, two employees) once through the
resolvers (the compiled path switched off) and once through the compiled path, and the two JSON
answers must be equal. A filter or mask broken in one path fails here, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from api.compiled import CompiledReads
from testkit.drive import drive_to
from testkit.province import HEAD_CANDIDATE, JUNIOR, World

ACCOUNTS = [
    "admin", "op-dinkes", "op-bkd", "op-all", "panel", "chair", "sekda", "reviewer", "gubernur", "auditor",
    "employee", "candidate",
]  # fmt: skip

PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
NOMINATION = """id state kind round level createdAt updatedAt decreeNumber plannedDate
  position { code title isKey unit { code name } }
  nominee { nip name birthDate religion unit { code } }
  approvals { stepName actor approvedAt role round void onBehalfOf }"""
NOMINATIONS_PAGE = (
    f"{{ nominations(first: 50) {{ totalCount edges {{ cursor node {{ {NOMINATION} }} }} {PAGE_INFO} }} }}"
)
INBOX = (
    f"{{ nominations(assignedToMe: true) {{ totalCount edges {{ node {{ id state position {{ code }} }} }} "
    f"{PAGE_INFO} }} }}"
)
EMPLOYEE = """nip name frontTitle backTitle gender golongan birthDate religion unitCode unit { code name parentCode }
  position { code title unit { code name } incumbent { nip name birthDate } vacant }"""
EMPLOYEES = f"{{ employees(first: 50) {{ totalCount edges {{ cursor node {{ {EMPLOYEE} }} }} {PAGE_INFO} }} }}"
POSITION = (
    "code title unitCode level eselon isKey vacant unit { code name } incumbent { nip name religion position { code } }"
)
VACANT = f"{{ positions(vacant: true) {{ totalCount edges {{ cursor node {{ {POSITION} }} }} {PAGE_INFO} }} }}"
HELD = f"{{ positions(vacant: false, first: 50) {{ totalCount edges {{ node {{ {POSITION} }} }} }} }}"
ALIASED = """{ list: nominations(first: 5) { n: totalCount edges { c: cursor e: node { i: id s: state
  p: position { t: title u: unit { name } } who: nominee { nip } a: approvals { actor } } }
  info: pageInfo { endCursor } } }"""
ONLY_COUNT = "{ employees { totalCount } }"
# No cursor and no pageInfo: on PostgreSQL the database joins the edges into one text (aggregated).
PLAIN_INBOX = (
    "{ nominations(assignedToMe: true) { edges { node { id state position { code title unit { code name } } } } } }"
)
PLAIN_EMPLOYEES = """{ staff: employees(first: 7) { n: totalCount edges { node { nip name position { code title }
  unit { code name } } } again: edges { node { nip name position { code title } unit { code name } } } } }"""
PLAIN_NOMINATIONS = """{ nominations(first: 4) { edges { e: node { id approvals { stepName actor approvedAt }
  nominee { nip name } } } } }"""
PAGED = {  # followed page by page through endCursor
    "nominations": f"query($after: String) {{ nominations(first: 2, after: $after) {{ totalCount "
    f"edges {{ cursor node {{ id nominee {{ nip }} }} }} {PAGE_INFO} }} }}",
    "employees": f"query($after: String, $first: Int) {{ employees(first: $first, after: $after) {{ totalCount "
    f"edges {{ cursor node {{ nip name birthDate }} }} {PAGE_INFO} }} }}",
    "positions": f"query($after: String, $v: Boolean) {{ positions(first: 3, after: $after, vacant: $v) {{ totalCount "
    f"edges {{ cursor node {{ code incumbent {{ nip }} }} }} {PAGE_INFO} }} }}",
}
AGGREGATED = [HELD, PLAIN_INBOX, PLAIN_EMPLOYEES, PLAIN_NOMINATIONS]
CORPUS = [NOMINATIONS_PAGE, INBOX, EMPLOYEES, VACANT, ALIASED, ONLY_COUNT, *AGGREGATED]


def compiled_reads(app: Starlette) -> CompiledReads:
    view = next(route.app for route in app.routes if getattr(route, "path", None) == "/graphql")
    return view.compiled  # type: ignore[no-any-return]


def first_difference(left: Any, right: Any, path: str = "") -> str:
    """Where two JSON answers first differ, for a readable failure."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if left.get(key, "<missing>") != right.get(key, "<missing>"):
                return first_difference(left.get(key, "<missing>"), right.get(key, "<missing>"), f"{path}.{key}")
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            if a != b:
                return first_difference(a, b, f"{path}[{i}]")
    return f"at {path}: compiled {left!r} != resolved {right!r}"


class Both:
    """Runs a query through the resolvers, then through the compiled path, and compares."""

    def __init__(self, app: Starlette, as_user: Any) -> None:
        self.reads = compiled_reads(app)
        self.fast = next(route.app for route in app.routes if getattr(route, "path", None) == "/graphql").fast
        self.as_user = as_user

    async def answers(self, username: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        api = await self.as_user(username)
        self.reads.enabled = False
        resolved = await api(query, variables)
        self.reads.enabled = True
        served, fast = self.reads.served, self.fast.served
        compiled = await api(query, variables)
        case = f"{username}: {query[:60]} {variables}"
        assert compiled == resolved, f"{case}: {first_difference(compiled, resolved)}"
        if not resolved.get("errors"):
            assert self.reads.served == served + 1, f"not compiled: {case}"
            # answered before strawberry's view (api.fast_reads): the document was known
            assert self.fast.served == fast + 1, f"not by the fast path: {case}"
        return resolved


@pytest.fixture
async def world(province: World) -> World:
    """Nominations at several stages, in three units, with shortlists holding the employees."""
    await drive_to(province, "approval", "KADINKES", nominee=HEAD_CANDIDATE, approvals=1)
    await drive_to(province, "shortlisted", "KABID-YANKES", shortlist=[JUNIOR, HEAD_CANDIDATE], nominee=JUNIOR)
    await drive_to(province, "mapping", "KABKD")
    await drive_to(province, "nominee", "KABIRO-HUKUM")
    await drive_to(province, "approved", "SEKBKD")
    await drive_to(province, "nominee", "KASI-YANKES")  # a nominee from BKD: out of op-dinkes's scope
    return province


async def test_every_role_gets_the_same_answer_from_both_paths(app, as_user, world: World) -> None:  # type: ignore[no-untyped-def]
    both = Both(app, as_user)
    seen = 0
    for username in ACCOUNTS:
        for query in CORPUS:
            body = await both.answers(username, query)
            seen += bool(body.get("data"))
    assert seen > len(ACCOUNTS) * 4
    # On PostgreSQL the pages without cursors were the aggregated kind (one row), the others not.
    postgres = both.reads.dialect.postgres
    for (document, *_), page in both.reads.statements.items():
        assert page.aggregated == (postgres and document[0] in AGGREGATED), document[0][:60]
    # The answers compared are not vacuous: hidden rows and fields stay hidden on both paths.
    employees = (await both.answers("op-dinkes", EMPLOYEES))["data"]["employees"]["edges"]
    assert employees and {e["node"]["unit"]["code"] for e in employees} <= {"DINKES", "DINKES-YANKES"}
    own = (await both.answers("employee", EMPLOYEES))["data"]["employees"]["edges"]
    assert [e["node"]["nip"] for e in own] == [JUNIOR]
    nominations = (await both.answers("employee", NOMINATIONS_PAGE))["data"]["nominations"]["edges"]
    assert nominations and all(n["node"]["approvals"] == [] and n["node"]["nominee"] is None for n in nominations)
    held = (await both.answers("op-bkd", HELD))["data"]["positions"]["edges"]
    assert {p["node"]["unit"]["code"] for p in held} == {"BKD"}
    kadinkes = (await both.answers("op-bkd", NOMINATIONS_PAGE))["data"]["nominations"]["edges"]
    assert all(n["node"]["position"]["unit"]["code"] == "BKD" for n in kadinkes)
    dinkes = (await both.answers("op-dinkes", NOMINATIONS_PAGE))["data"]["nominations"]["edges"]
    outsiders = [
        n["node"]["nominee"] for n in dinkes if n["node"]["nominee"] and n["node"]["nominee"]["unit"]["code"] == "BKD"
    ]
    assert outsiders and all(o["birthDate"] is None and o["religion"] is None for o in outsiders)


async def test_pages_followed_by_cursor_are_the_same(app, as_user, world: World) -> None:  # type: ignore[no-untyped-def]
    both = Both(app, as_user)
    for username in ("auditor", "op-dinkes", "employee", "op-all"):
        for name, query in PAGED.items():
            variants = {
                "employees": [{"first": None}, {"first": 2}],
                "positions": [{"v": None}, {"v": True}, {"v": False}],
            }
            for extra in variants.get(name, [{}]):
                after, pages = None, 0
                while pages < 20:
                    body = await both.answers(username, query, {"after": after, **extra})
                    if body.get("errors"):
                        break
                    connection = body["data"][name]
                    after, pages = connection["pageInfo"]["endCursor"], pages + 1
                    if not connection["pageInfo"]["hasNextPage"]:
                        break


async def test_bad_arguments_and_other_queries_fall_back_and_still_answer(app, as_user, province: World) -> None:  # type: ignore[no-untyped-def]
    both = Both(app, as_user)
    reads = compiled_reads(app)
    unsupported = [
        "{ nominations(first: 5) { edges { node { id availableActions { action allowed } } } } }",
        '{ employees(first: 5, search: "budi") { edges { node { nip } } } }',
        "query { nominations(first: 3) { edges { node { ...N } } } } fragment N on Nomination { id state }",
        "{ nominations(first: 3) { edges { node { id @include(if: true) } } } }",
        "{ me { username } }",
        "{ employees(first: 5) { edges { node { nip __typename } } } }",
    ]
    for query in unsupported:
        api = await as_user("auditor")
        served = reads.served
        body = await api(query)
        assert body.get("data") is not None, body
        assert reads.served == served, f"compiled: {query}"
    for query, variables in [
        (PAGED["employees"], {"first": 0}),
        (PAGED["employees"], {"first": 500}),
        (PAGED["nominations"], {"after": "not-a-cursor"}),
        (PAGED["nominations"], {"after": 5}),
        ("query($n: Int!) { employees(first: $n) { totalCount } }", {"n": None}),
    ]:
        served = reads.served
        body = await both.answers("auditor", query, variables)
        assert body["errors"] and reads.served == served
    refused = await both.answers("employee", VACANT)  # positions need a staff role: the resolver's error
    assert refused["errors"][0]["message"].startswith("Only staff roles")
