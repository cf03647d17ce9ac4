"""Permission matrix: every role × every mutation, on a post in the Dinas Kesehatan (own unit of
``op-dinkes``, another unit for ``op-bkd``, the province for ``op-all``) and one in the BKD →
allowed or refused with a code, a refused attempt changing nothing; and no sensitive field reaches
a role that may not see it, whichever path the query takes.

An allowed cell changes the nomination, so each allowed role gets a nomination freshly driven to the
stage (each on its own post). The two steps that move the nominee into the post (recordOath,
conductCeremony) are run for one allowed role each; the other allowed role is checked through
``availableActions`` instead, since the candidate cannot be appointed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from domain.clock import today
from domain.db import write_transaction
from domain.models import Nomination, Position
from domain.models.nomination import OPEN_STATES
from testkit.drive import drive_to
from testkit.province import HEAD_CANDIDATE, OTHER_CANDIDATE, WITNESS_1, WITNESS_2, World
from tests.api import flow
from tests.api.conftest import Api
from workflow import service

ROLES = ("admin", "op-dinkes", "op-bkd", "op-all", "panel", "chair", "sekda", "reviewer", "gubernur", "auditor",
         "employee", "candidate", None)  # fmt: skip
OPERATORS = frozenset({"op-dinkes", "op-all"})
REFUSAL_CODES = {"MISSING_ROLE", "OUT_OF_UNIT", "NOT_YOUR_STEP", "SEPARATION_OF_DUTIES", "UNAUTHENTICATED",
                 "WRONG_STAGE", "NOT_FOUND"}  # fmt: skip
# NOT_FOUND: the role may not see the nomination at all (domain.access), so it is answered as if it
# did not exist — no refusal may reveal a hidden nomination's state, stage or unit.
SEEN = "query($id: Int!) { nomination(id: $id) { id } }"
LETTER = {"ln": "B-1/KASN/2026", "ld": str(date.today())}


@dataclass
class Case:
    name: str
    stage: str
    document: str
    variables: Any  # (driver, nomination id) -> dict
    allowed: frozenset[str]
    field: str
    changes_state: bool = True
    run_allowed: frozenset[str] | None = None  # the allowed roles actually run (default all)
    expected: dict[str, str] = field(default_factory=dict)  # role -> refusal code expected exactly


def nid_only(_d: Driver, nid: int) -> dict[str, Any]:
    return {"id": nid}


CASES = [
    Case("createNomination", "new", flow.CREATE, lambda d, _n: {"p": d.post}, OPERATORS, "createNomination",
         expected={"op-bkd": "OUT_OF_UNIT", "panel": "MISSING_ROLE", "admin": "MISSING_ROLE"}),
    Case("setShortlist", "mapping", flow.SHORTLIST, lambda d, n: {"id": n, "nips": [HEAD_CANDIDATE]}, OPERATORS,
         "setShortlist", expected={"op-bkd": "NOT_FOUND"}),
    Case("startAssessment", "shortlisted", flow.START, nid_only, OPERATORS, "startAssessment",
         expected={"op-bkd": "NOT_FOUND"}),
    Case("withdraw", "mapping", flow.WITHDRAW, nid_only, OPERATORS, "withdraw", expected={"op-bkd": "NOT_FOUND"}),
    Case("recordEvaluation", "assessment", flow.EVALUATE, lambda d, n: {"id": n, "nip": HEAD_CANDIDATE, "s": 80},
         frozenset({"panel", "chair"}), "recordEvaluation", changes_state=False),
    Case("selectNominee", "evaluated", flow.SELECT, lambda d, n: {"id": n, "nip": HEAD_CANDIDATE},
         frozenset({"chair"}), "selectNominee", expected={"panel": "MISSING_ROLE"}),
    Case("submitForApproval", "nominee", flow.SUBMIT, nid_only, OPERATORS, "submitForApproval",
         expected={"op-bkd": "NOT_FOUND"}),
    Case("approve (TPK chair)", "step1", flow.APPROVE, nid_only, frozenset({"chair"}), "approve",
         expected={"sekda": "NOT_YOUR_STEP", "gubernur": "NOT_YOUR_STEP"}),
    Case("returnForRevision", "step1", flow.RETURN, nid_only, frozenset({"chair"}), "returnForRevision"),
    Case("reject", "step1", flow.REJECT, nid_only, frozenset({"chair"}), "reject"),
    Case("approve (Sekda)", "step2", flow.APPROVE, nid_only, frozenset({"sekda"}), "approve",
         expected={"chair": "NOT_YOUR_STEP"}),
    Case("approve (national review)", "step3", flow.APPROVE, lambda d, n: {"id": n, **LETTER},
         frozenset({"reviewer"}), "approve"),
    Case("approve (Gubernur)", "step4", flow.APPROVE, nid_only, frozenset({"gubernur"}), "approve",
         expected={"reviewer": "NOT_YOUR_STEP"}),
    Case("scheduleInauguration", "approved", flow.SCHEDULE, lambda d, n: d.schedule_vars(n), OPERATORS,
         "scheduleInauguration", expected={"op-bkd": "NOT_FOUND"}),
    Case("recordInauguration", "inauguration", flow.INAUGURATE, nid_only, OPERATORS, "recordInauguration",
         expected={"op-bkd": "NOT_FOUND"}),
    Case("createCeremony", "new", flow.CEREMONY, lambda d, _n: {"d": str(date.today() + timedelta(days=5))},
         frozenset({"op-all"}), "createCeremony", changes_state=False,
         expected={"op-dinkes": "OUT_OF_UNIT", "op-bkd": "OUT_OF_UNIT", "panel": "MISSING_ROLE"}),
    Case("recordOath", "oath", flow.OATH, lambda d, n: {"id": n, "w": [WITNESS_1, WITNESS_2]}, OPERATORS,
         "recordOath", run_allowed=frozenset({"op-dinkes"}), expected={"op-bkd": "NOT_FOUND"}),
]  # fmt: skip


# A matrix stage ("new": no nomination yet) -> where testkit's drive_to stops and how many approval
# steps are taken by then.
DRIVE = {"mapping": ("mapping", 0), "shortlisted": ("shortlisted", 0), "assessment": ("assessment", 0),
         "evaluated": ("evaluated", 0), "nominee": ("nominee", 0), "step1": ("approval", 0),
         "step2": ("approval", 1), "step3": ("approval", 2), "step4": ("approval", 3), "approved": ("approved", 0),
         "inauguration": ("inauguration", 0), "oath": ("oath", 0)}  # fmt: skip


class Driver:
    """Drives nominations to a stage through the workflow service (testkit's ``drive_to``), each on
    a fresh post of the Dinas Kesehatan; the matrix then tries the stage's mutation through the API."""

    def __init__(self, world: World, posts: list[str], ceremony_id: int) -> None:
        self.world = world
        self.posts = iter(posts)
        self.post = ""
        self.ceremony_id = ceremony_id

    def schedule_vars(self, nid: int) -> dict[str, Any]:
        today = date.today()
        return {"id": nid, "c": self.ceremony_id, "n": f"SK-{nid}", "dd": str(today), "ed": str(today)}

    async def to(self, stage: str, nominee: str = HEAD_CANDIDATE) -> int | None:
        self.post = next(self.posts)
        if stage == "new":
            return None
        await self._release(nominee)
        stop, approvals = DRIVE[stage]
        return await drive_to(
            self.world, stop, self.post, nominee=nominee, shortlist=[HEAD_CANDIDATE, OTHER_CANDIDATE], score=85,
            note="strong record", approvals=approvals, ceremony=self.ceremony_id,
        )  # fmt: skip

    async def _release(self, nip: str) -> None:
        """One person is the nominee of one open nomination at a time: the matrix is done with the
        previous nomination of this nominee, so it is withdrawn before the next is driven."""
        async with self.world.sessions() as session:
            rows = await session.exec(
                select(Nomination.id).where(Nomination.nominee_nip == nip, col(Nomination.state).in_(OPEN_STATES))
            )
            held = list(rows.all())
        for nid in held:
            await service.withdraw(self.world.sessions, self.world.holder("operator"), nid, "matriks: selesai")


@pytest.fixture
async def driver(app, as_user, province: World):  # type: ignore[no-untyped-def]
    posts = [f"MX-{i:02d}" for i in range(60)]
    async with write_transaction(app.state.sessions) as s:
        s.add_all(
            [
                Position(code=c, title=f"Kepala UPT {c}", unit_code="DINKES", level="jpt_pratama", eselon="II.b")
                for c in posts
            ]
        )
    ceremony = await (await as_user("op-all")).data(flow.CEREMONY, {"d": str(date.today() + timedelta(days=3))})
    return Driver(province, posts, ceremony["createCeremony"]["id"])


async def _api(as_user, client, role: str | None) -> Api:  # type: ignore[no-untyped-def]
    return await as_user(role) if role else Api(client)


async def _version(as_user, nid: int | None) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    if nid is None:
        return None
    data = await (await as_user("auditor")).data(
        "query($id: Int!) { nomination(id: $id) { state version } }", {"id": nid}
    )
    return data["nomination"]["state"], data["nomination"]["version"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_every_role_on_every_mutation(case: Case, driver: Driver, as_user, client) -> None:  # type: ignore[no-untyped-def]
    # Refused roles, all on one nomination at the stage: each refusal has a code and changes nothing.
    nid = await driver.to(case.stage)
    before = await _version(as_user, nid)
    for role in ROLES:
        if role in case.allowed:
            continue
        api = await _api(as_user, client, role)
        result = (await api.data(case.document, case.variables(driver, nid)))[case.field]
        if result["__typename"] == "NotFound" and nid is not None:
            seen = await api(SEEN, {"id": nid})
            assert not (seen.get("data") or {}).get("nomination"), (case.name, role, "NotFound for a visible one")
            result = {**result, "code": "NOT_FOUND"}
        else:
            assert result["__typename"] == "NotAllowed", (case.name, role, result)
        assert result["code"] in REFUSAL_CODES, (case.name, role, result)
        if role in case.expected:
            assert result["code"] == case.expected[role], (case.name, role, result)
        if role is None:
            assert result["code"] == "UNAUTHENTICATED"
        assert await _version(as_user, nid) == before, (case.name, role, "a refused attempt changed the nomination")
    # Allowed roles, each on a nomination of its own (or the same one when the step keeps the state).
    for role in sorted(case.run_allowed if case.run_allowed is not None else case.allowed):
        if case.changes_state:
            nid = await driver.to(case.stage)
        result = (await (await as_user(role)).data(case.document, case.variables(driver, nid)))[case.field]
        assert result["__typename"] in ("Nomination", "Ceremony"), (case.name, role, result)
    for role in case.allowed - (case.run_allowed if case.run_allowed is not None else case.allowed):
        nid = await driver.to(case.stage, nominee=OTHER_CANDIDATE)
        actions = await (await as_user(role)).data(
            "query($id: Int!) { nomination(id: $id) { availableActions { action allowed reason } } }", {"id": nid}
        )
        action = {"recordOath": "record_oath"}[case.name]
        allowed = {a["action"]: a for a in actions["nomination"]["availableActions"]}[action]
        assert allowed["allowed"] is True, (case.name, role, allowed)


async def test_operator_scope_runs_both_ways(as_user) -> None:  # type: ignore[no-untyped-def]
    """The BKD's post: its own operator may open a nomination, the Dinas Kesehatan's may not."""
    dinkes = (await (await as_user("op-dinkes")).data(flow.CREATE, {"p": "KABKD"}))["createNomination"]
    assert dinkes["__typename"] == "NotAllowed" and dinkes["code"] == "OUT_OF_UNIT"
    bkd = (await (await as_user("op-bkd")).data(flow.CREATE, {"p": "KABKD"}))["createNomination"]
    assert bkd["__typename"] == "Nomination"


async def test_conduct_ceremony_only_by_an_operator(driver: Driver, as_user, client) -> None:  # type: ignore[no-untyped-def]
    """Without the operator role: NotAllowed (MISSING_ROLE) at once, not a failing result per
    nomination. An operator of another unit holds the role, but conducts only what they may see."""
    op_all = await as_user("op-all")
    ceremony = (await op_all.data(flow.CEREMONY, {"d": str(today())}))["createCeremony"]["id"]
    driver.ceremony_id = ceremony
    nid = await driver.to("inauguration", nominee=OTHER_CANDIDATE)
    before = await _version(as_user, nid)
    for role in [r for r in ROLES if r not in OPERATORS | {"op-bkd"}]:
        for ceremony_id in (ceremony, 999_999):  # the role is judged first: no hint whether the ceremony exists
            result = await (await _api(as_user, client, role)).data(
                flow.CONDUCT, {"c": ceremony_id, "w": [WITNESS_1, WITNESS_2]}
            )
            outcome = result["conductCeremony"]
            assert outcome["__typename"] == "NotAllowed", (role, outcome)
            assert outcome["code"] == ("UNAUTHENTICATED" if role is None else "MISSING_ROLE"), (role, outcome)
    other_unit = await (await as_user("op-bkd")).data(flow.CONDUCT, {"c": ceremony, "w": [WITNESS_1, WITNESS_2]})
    results = other_unit["conductCeremony"]["results"]
    assert results == [], results  # the Dinas Kesehatan's nomination is not theirs to see, nor to conduct
    assert await _version(as_user, nid) == before
    done = await (await as_user("op-dinkes")).data(
        flow.CONDUCT.replace("witnessNips: $w)", 'witnessNips: $w, clergy: [{religion: "islam", name: "K.H. Ahmad"}])'),
        {"c": ceremony, "w": [WITNESS_1, WITNESS_2]},
    )
    results = done["conductCeremony"]["results"]
    assert [(r["nominationId"], r["ok"], r["state"]) for r in results] == [(nid, True, "COMPLETED")], results


# --- sensitive fields ------------------------------------------------------------------------
SEES_SENSITIVE = {"panel", "chair", "sekda", "reviewer", "gubernur", "auditor"}
PROFILE_READERS = SEES_SENSITIVE | {"admin", "op-dinkes", "op-all"}  # the candidate's unit is DINKES


async def test_sensitive_fields_by_role(driver: Driver, as_user) -> None:  # type: ignore[no-untyped-def]
    nid = await driver.to("step1")
    profile_q = """query($nip: String!) {
      e: employee(nip: $nip) { talentProfile { assessments { jpm } discipline { severity } } }
      alias: employee(nip: $nip) { t: talentProfile { a: assessments { j: jpm } } } }"""
    nomination_q = (
        """query($id: Int!) { ...N } fragment N on Query { n: nomination(id: $id) { evaluations { score note } } }"""
    )
    eligibility_q = (
        "query($nip: String!, $p: String!) { el: eligibility(nip: $nip, positionCode: $p) { checks { rule detail } } }"
    )
    for role in [r for r in ROLES if r]:
        api = await as_user(role)
        self_view = role == "candidate"  # the candidate's own account
        sees = role in SEES_SENSITIVE or self_view
        profile = await api(profile_q, {"nip": HEAD_CANDIDATE})
        nomination = await api(nomination_q, {"id": nid})
        eligibility = await api(eligibility_q, {"nip": HEAD_CANDIDATE, "p": driver.post})
        talent = ((profile.get("data") or {}).get("e") or {}).get("talentProfile")
        if sees:
            assert talent is not None and talent["assessments"] == [{"jpm": 86.5}], (role, profile)
        elif role in PROFILE_READERS:
            assert talent == {"assessments": None, "discipline": None}, (role, profile)
            assert profile["data"]["alias"]["t"] == {"a": None}, (role, profile)
        else:
            assert (profile.get("data") or {}).get("e") is None and profile["errors"], (role, profile)
        evaluations = ((nomination.get("data") or {}).get("n") or {}).get("evaluations")
        if role in SEES_SENSITIVE:
            assert evaluations and evaluations[0]["note"] == "strong record", (role, nomination)
        else:
            assert evaluations is None, (role, nomination)
        checks = ((eligibility.get("data") or {}).get("el") or {}).get("checks") or []
        competency = [c["detail"] for c in checks if c["rule"] == "competency"]
        if role in SEES_SENSITIVE:
            assert competency and competency[0], (role, competency)
        else:
            assert all(d is None for d in competency), (role, competency)  # hidden (guard SeesDerived)
        leaked = "86.5" in str(profile) + str(nomination) + str(eligibility)
        assert leaked == sees, (role, profile, eligibility)


def test_matrix_covers_every_contract_mutation() -> None:
    from api.schema.build import build_schema

    # updateRuleSetting: every role in tests/api/test_rule_settings.py (admin only); createDelegation and
    # endDelegation: every role in tests/api/test_delegations.py (admin only).
    covered = {c.field for c in CASES} | {"conductCeremony", "login", "logout", "updateRuleSetting"}
    covered |= {"createDelegation", "endDelegation"}
    # updateLetterhead, updateCeremonyDocuments: every account in tests/api/test_ceremony_documents.py.
    covered |= {"updateLetterhead", "updateCeremonyDocuments"}
    # The account mutations: every account in tests/api/test_admin_accounts.py (admin only).
    covered |= {"createAccount", "changeAccount", "disableAccount", "enableAccount", "resetPassword"}
    mutations = set(build_schema(False)._schema.mutation_type.fields)  # type: ignore[union-attr]
    assert mutations <= covered, mutations - covered
