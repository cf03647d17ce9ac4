"""End to end over real HTTP: uvicorn on a free port, the demo province, and one JPT Pratama
nomination from creation to oath, each official signing in with their own account and using only
the contract's operations."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import ensure_workflow_data
from domain.demo import seed_demo
from domain.setup import ensure_reference_data
from tests.api import flow
from tests.api.conftest import LOGIN
from tests.api.live import uvicorn_server


class HttpUser:
    def __init__(self, base: str, username: str, password: str) -> None:
        self.base, self.username, self.password = base, username, password
        self.client = httpx.AsyncClient(base_url=base, timeout=30)

    async def sign_in(self) -> HttpUser:
        response = await self.client.post(
            "/graphql", json={"query": LOGIN, "variables": {"u": self.username, "p": self.password}}
        )
        login = response.json()["data"]["login"]
        assert login["__typename"] == "User", login
        assert "HttpOnly" in response.headers["set-cookie"]
        return self  # the cookie jar now carries the session, as in a browser

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def ok(self, query: str, variables: dict[str, Any], field: str) -> dict[str, Any]:
        result = (await self.data(query, variables))[field]
        assert result["__typename"] in ("Nomination", "Ceremony"), (self.username, field, result)
        return result


@pytest.fixture
async def demo(sessions):  # type: ignore[no-untyped-def]
    await ensure_reference_data(sessions)
    await ensure_workflow_data(sessions)
    return await seed_demo(sessions, employees=200)


async def test_jpt_pratama_nomination_from_creation_to_oath_over_http(database_url, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    passwords = {a.username: a.password for a in demo.accounts}
    post = demo.vacant_jpt_pratama[0]
    with uvicorn_server(database_url, log=tmp_path / "uvicorn.log") as base:
        users = {}
        for name in ("operator", "panel1", "panel_chair", "secretary", "reviewer", "ppk", "auditor"):
            users[name] = await HttpUser(base, name, passwords[name]).sign_in()
        try:
            op = users["operator"]
            ranked = await op.data(
                "query($p: String!) { candidates(positionCode: $p, first: 3) {"
                " edges { node { rank employee { nip position { code } } } } } }",
                {"p": post},
            )
            top = [e["node"]["employee"] for e in ranked["candidates"]["edges"]]
            assert len(top) >= 2
            nominee, old_post = top[0]["nip"], top[0]["position"]["code"]

            nid = (await op.ok(flow.CREATE, {"p": post}, "createNomination"))["id"]
            await op.ok(flow.SHORTLIST, {"id": nid, "nips": [t["nip"] for t in top]}, "setShortlist")
            await op.ok(flow.START, {"id": nid}, "startAssessment")
            for t in top:
                await users["panel1"].ok(
                    flow.EVALUATE, {"id": nid, "nip": t["nip"], "s": 90 - top.index(t)}, "recordEvaluation"
                )
            await users["panel_chair"].ok(flow.SELECT, {"id": nid, "nip": nominee}, "selectNominee")
            await op.ok(flow.SUBMIT, {"id": nid}, "submitForApproval")
            await users["panel_chair"].ok(flow.APPROVE, {"id": nid}, "approve")
            await users["secretary"].ok(flow.APPROVE, {"id": nid}, "approve")
            letter = {"id": nid, "ln": "B-4512/KASN/11/2026", "ld": str(date.today())}
            await users["reviewer"].ok(flow.APPROVE, letter, "approve")
            approved = await users["ppk"].ok(flow.APPROVE, {"id": nid}, "approve")
            assert approved["state"] == "APPROVAL"  # every step done; the operator schedules next

            held_on = date.today() + timedelta(days=7)
            ceremony = await op.ok(flow.CEREMONY, {"d": str(held_on)}, "createCeremony")
            schedule = flow.schedule_variables(nid, ceremony["id"], "821.2/Kep.77-BKD/2026", held_on)
            await op.ok(flow.SCHEDULE, schedule, "scheduleInauguration")
            await op.ok(flow.INAUGURATE, {"id": nid}, "recordInauguration")
            officials = await op.data(
                '{ positions(level: "jpt_pratama", vacant: false, first: 5) { edges { node { incumbent { nip } } } } }'
            )
            witnesses = [e["node"]["incumbent"]["nip"] for e in officials["positions"]["edges"]][:2]
            done = await op.ok(flow.OATH, {"id": nid, "w": witnesses}, "recordOath")
            assert done["state"] == "COMPLETED"

            auditor = users["auditor"]
            check = await auditor.data(
                "query($n: String!, $old: String!, $new: String!, $id: Int!) {"
                " employee(nip: $n) { position { code } talentProfile { jobHistory { positionCode endDate } } }"
                " old: position(code: $old) { vacant incumbent { nip } }"
                " new: position(code: $new) { vacant incumbent { nip } }"
                " nomination(id: $id) { state approvals { actor role }"
                " history { actor onBehalfOf action fromState toState reason hash } } }",
                {"n": nominee, "old": old_post, "new": post, "id": nid},
            )
            assert check["employee"]["position"]["code"] == post
            assert check["employee"]["talentProfile"]["jobHistory"][0] == {"positionCode": post, "endDate": None}
            assert check["old"] == {"vacant": True, "incumbent": None}
            assert check["new"] == {"vacant": False, "incumbent": {"nip": nominee}}
            history = check["nomination"]["history"]
            assert [a["actor"] for a in check["nomination"]["approvals"]] == [
                "panel_chair",
                "secretary",
                "reviewer",
                "ppk",
            ]
            states = [h["toState"] for h in history if h["toState"]]
            for state in ("MAPPING", "ASSESSMENT", "APPROVAL", "INAUGURATION", "OATH", "COMPLETED"):
                assert state in states
            assert {h["actor"] for h in history} >= {
                "operator",
                "panel1",
                "panel_chair",
                "secretary",
                "reviewer",
                "ppk",
            }
            assert all(len(h["hash"]) == 64 for h in history)
            integrity = await auditor.data("{ auditIntegrity { ok eventsChecked } }")
            assert integrity["auditIntegrity"]["ok"] is True
        finally:
            for user in users.values():
                await user.client.aclose()


def test_meritflow_serve_migrates_an_empty_database_and_serves(tmp_path: Path) -> None:
    import subprocess

    from tests.api.live import ROOT, free_port, wait_for_health

    port = free_port()
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    command = [str(ROOT / ".venv/bin/meritflow"), "--database-url", url, "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_health(base, process)
        me = httpx.post(f"{base}/graphql", json={"query": "{ me { username } }"}).json()
        assert me == {"data": {"me": None}}
        assert httpx.get(f"{base}/").status_code == 200
        refused = httpx.post(f"{base}/graphql", json={"query": "{ __schema { types { name } } }"}).json()
        assert "introspection" in refused["errors"][0]["message"].lower()
    finally:
        process.terminate()
        process.wait(timeout=20)
