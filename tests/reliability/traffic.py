"""Over-the-wire helpers of the load and crash tests: bearer sessions opened in the database,
GraphQL mutations sent by many clients at once, and every answer sorted into one of a few kinds.

An answer is
- ``ok``: the mutation's result is the object (a confirmed transition);
- ``typed``: one of the union's error members (NotAllowed, Conflict, InvalidInput, NotFound,
  Ineligible), with its code or message;
- ``untyped``: a 200 with a GraphQL ``errors`` list (``masked`` when it says "Unexpected error");
- ``5xx`` / ``http``: another status; ``no answer``: the connection failed or timed out.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select

from api.sessions import start_session
from domain.db import write_transaction
from domain.models import User
from testkit.province import World
from tests.api import flow

TYPED = {"NotAllowed", "Conflict", "InvalidInput", "NotFound", "Ineligible"}
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "soak"


async def tokens(w: World, usernames: list[str]) -> dict[str, str]:
    """A bearer token per account (opened directly: argon2 on every login would dominate)."""
    found = {}
    async with write_transaction(w.sessions) as session:
        for name in usernames:
            user = (await session.exec(select(User).where(User.username == name))).one()
            assert user.id is not None
            found[name] = await start_session(session, user.id, "reliability")
    return found


@dataclass
class Answer:
    kind: str  # ok, typed, untyped, masked, 5xx, http, no answer
    detail: str
    seconds: float
    typename: str = ""
    target: int = 0  # the nomination the request was about


@dataclass
class Tally:
    answers: list[Answer] = field(default_factory=list)

    def add(self, answer: Answer) -> None:
        self.answers.append(answer)

    def count(self, *kinds: str) -> int:
        return sum(1 for a in self.answers if a.kind in kinds)

    def bad(self) -> list[Answer]:
        return [a for a in self.answers if a.kind not in ("ok", "typed")]

    def kinds(self) -> Counter[str]:
        return Counter(a.kind if a.kind != "typed" else f"typed {a.typename}" for a in self.answers)

    def latency(self) -> dict[str, float]:
        times = sorted(a.seconds for a in self.answers)
        if not times:
            return {}

        def at(q: float) -> float:
            return round(times[min(len(times) - 1, int(q * len(times)))], 3)

        return {"n": len(times), "p50": at(0.5), "p99": at(0.99), "max": round(times[-1], 3)}


def classify(status: int, body: Any, field_name: str, seconds: float) -> Answer:
    if status >= 500:
        return Answer("5xx", f"HTTP {status}", seconds)
    if status != 200 or not isinstance(body, dict):
        return Answer("http", f"HTTP {status}: {str(body)[:200]}", seconds)
    if body.get("errors"):
        text = json.dumps(body["errors"])[:300]
        return Answer("masked" if "Unexpected error" in text else "untyped", text, seconds)
    result = (body.get("data") or {}).get(field_name) or {}
    name = result.get("__typename", "")
    if name in TYPED:
        return Answer("typed", result.get("code") or result.get("message", ""), seconds, name)
    if name in ("Nomination", "Ceremony"):
        return Answer("ok", str(result.get("state", "")), seconds, name)
    return Answer("untyped", f"unexpected answer {str(result)[:200]}", seconds)


async def send(
    client: httpx.AsyncClient, token: str, document: str, variables: dict[str, Any], field_name: str
) -> Answer:
    start = time.monotonic()
    try:
        response = await client.post(
            "/graphql",
            json={"query": document, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as error:
        return Answer("no answer", f"{type(error).__name__}: {error}", time.monotonic() - start)
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return classify(response.status_code, body, field_name, time.monotonic() - start)


# The three races: (field, document, variables for a nomination id, the account kind racing).
RACES = {
    "approve": ("approve", flow.APPROVE, lambda nid, extra: {"id": nid}),
    "withdraw": ("withdraw", flow.WITHDRAW, lambda nid, extra: {"id": nid}),
    "select": ("selectNominee", flow.SELECT, lambda nid, extra: {"id": nid, "nip": extra}),
}


def write_figures(name: str, figures: dict[str, Any]) -> None:
    """Keep a run's figures for ``bench/soak.py`` (which writes bench/RESULTS.md)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


async def gather_bounded(coroutines: list[Any], limit: int) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(c: Any) -> Any:
        async with gate:
            return await c

    return await asyncio.gather(*(one(c) for c in coroutines))
