"""The operator's dashboard and the workspace (issue 11, "Each role at home"): vacancies by level,
nominations by stage and overdue nominations counted only in the units the operator covers; an
operator of another unit neither sees nor may ask for them; other roles are refused. The
workspace's sections and landing come from the access module and the action table."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from domain.clock import today
from domain.models import Nomination
from testkit.province import ACCOUNTS

DASHBOARD = """query($u: String) { dashboard(unitCode: $u) {
  unitCode overdueCount overdue { id position { code } }
  vacanciesByLevel { level posts vacant vacantWithOpenNomination }
  nominationsByStage { stage count } } }"""
CREATE = """mutation($p: String!) { createNomination(positionCode: $p, kind: PROMOTION) {
  __typename ... on Nomination { id } } }"""
WORKSPACE = "{ workspace { sections home } }"


async def _nominate_and_make_overdue(app, as_user) -> dict[str, int]:  # type: ignore[no-untyped-def]
    operator = await as_user("op-all")
    ids = {}
    for post in ("KADINKES", "KABKD"):
        created = (await operator.data(CREATE, {"p": post}))["createNomination"]
        assert created["__typename"] == "Nomination", created
        ids[post] = created["id"]
    async with app.state.sessions() as session:  # both stages were due a week ago
        for row in (await session.exec(select(Nomination).where(col(Nomination.id).in_(ids.values())))).all():
            row.stage_due_on = today() - timedelta(days=7)
            session.add(row)
        await session.commit()
    return ids


def _levels(board: dict) -> dict[str, tuple[int, int, int]]:  # type: ignore[type-arg]
    return {v["level"]: (v["posts"], v["vacant"], v["vacantWithOpenNomination"]) for v in board["vacanciesByLevel"]}


def _stages(board: dict) -> dict[str, int]:  # type: ignore[type-arg]
    return {s["stage"]: s["count"] for s in board["nominationsByStage"] if s["count"]}


async def test_a_unit_operator_counts_only_their_units(app, as_user) -> None:  # type: ignore[no-untyped-def]
    ids = await _nominate_and_make_overdue(app, as_user)
    dinkes = (await (await as_user("op-dinkes")).data(DASHBOARD))["dashboard"]
    assert dinkes["unitCode"] == "DINKES"
    assert _levels(dinkes) == {"jpt_pratama": (1, 1, 1), "administrator": (1, 0, 0), "pengawas": (1, 1, 0)}
    assert _stages(dinkes) == {"MAPPING": 1}
    assert dinkes["overdueCount"] == 1 and dinkes["overdue"] == [
        {"id": ids["KADINKES"], "position": {"code": "KADINKES"}}
    ]

    bkd = (await (await as_user("op-bkd")).data(DASHBOARD))["dashboard"]
    assert _levels(bkd) == {"jpt_pratama": (1, 1, 1), "administrator": (1, 0, 0)}
    assert [n["id"] for n in bkd["overdue"]] == [ids["KABKD"]]

    province = (await (await as_user("op-all")).data(DASHBOARD))["dashboard"]
    assert province["unitCode"] is None and province["overdueCount"] == 2 and _stages(province) == {"MAPPING": 2}
    assert _levels(province)["jpt_pratama"] == (4, 2, 2)


async def test_narrowing_to_a_sub_unit_and_refusing_another_units(app, as_user) -> None:  # type: ignore[no-untyped-def]
    await _nominate_and_make_overdue(app, as_user)
    op_dinkes = await as_user("op-dinkes")
    narrowed = (await op_dinkes.data(DASHBOARD, {"u": "DINKES-YANKES"}))["dashboard"]
    assert narrowed["unitCode"] == "DINKES-YANKES" and narrowed["overdueCount"] == 0
    assert _levels(narrowed) == {"administrator": (1, 0, 0), "pengawas": (1, 1, 0)}
    for unit in ("BKD", "SETDA", "NOWHERE"):  # another unit's counts, or a probe for a unit's existence
        refused = await op_dinkes(DASHBOARD, {"u": unit})
        assert refused["data"] is None and "outside the units you cover" in refused["errors"][0]["message"], unit


async def test_roles_that_are_not_operators_are_refused(as_user, anon) -> None:  # type: ignore[no-untyped-def]
    for username in ("admin", "auditor", "employee", "gubernur", "chair", "panel"):
        refused = await (await as_user(username))(DASHBOARD)
        assert refused["data"] is None and "operators" in refused["errors"][0]["message"], username
    assert (await anon(DASHBOARD))["errors"]


async def test_each_role_has_its_sections_and_landing(as_user) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "employee": ("profile", ["profile", "nominations"]),
        "auditor": ("audit", ["posts", "talent", "employees", "nominations", "ceremonies", "audit"]),
        "admin": ("accounts", ["accounts", "delegations", "settings", "audit"]),
        "op-dinkes": ("dashboard", ["dashboard", "inbox", "posts", "nominations", "ceremonies"]),
        "gubernur": ("inbox", ["inbox", "posts", "nominations"]),
        "chair": ("inbox", ["inbox", "profile", "nominations"]),
    }
    for username, (home, some) in expected.items():
        workspace = (await (await as_user(username)).data(WORKSPACE))["workspace"]
        assert workspace["home"] == home, (username, workspace)
        assert set(some) <= set(workspace["sections"]), (username, workspace)
    employee = (await (await as_user("employee")).data(WORKSPACE))["workspace"]["sections"]
    assert employee == ["profile", "nominations"]  # nothing that would answer "not allowed"
    operator = (await (await as_user("op-dinkes")).data(WORKSPACE))["workspace"]["sections"]
    assert not {"accounts", "delegations", "settings", "audit", "profile"} & set(operator)


# A section's main request, and whether the API served it (an error or a NotAllowed member: refused).
PROBES = {
    "dashboard": ("{ dashboard { overdueCount } }", None),
    "posts": ("{ positions(first: 1) { totalCount } }", None),
    "ceremonies": ("{ ceremonies(first: 1) { totalCount } }", None),
    "accounts": ("{ accounts(first: 1) { totalCount } }", None),
    "delegations": ("{ delegations(first: 1) { totalCount } }", None),
    "settings": (  # an unknown key: InvalidInput for whoever may change settings, NotAllowed for the rest
        'mutation { updateRuleSetting(key: "no.such.key", value: "1") { __typename } }',
        "updateRuleSetting",
    ),
}


async def test_the_menu_cannot_drift_from_what_the_api_serves(as_user) -> None:  # type: ignore[no-untyped-def]
    """For every account of the test province: a section is in the workspace exactly when the API
    serves its main request — so a menu item never ends in a refusal, and none is missing."""
    for username in ACCOUNTS:
        api = await as_user(username)
        sections = (await api.data(WORKSPACE))["workspace"]["sections"]
        for section, (document, mutation) in PROBES.items():
            body = await api(document)
            served = not body.get("errors")
            if served and mutation:
                served = body["data"][mutation]["__typename"] != "NotAllowed"
            assert served == (section in sections), (username, section, body)
