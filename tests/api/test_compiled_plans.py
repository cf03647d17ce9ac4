"""On PostgreSQL a compiled page's SQL text carries only the parameters bound per request; every value
fixed when it was compiled is written into the text, so PostgreSQL keeps ONE generic plan for the
prepared statement instead of planning it again on every execution (``CompiledReads._compile``).
Pages whose values ARE bound per request (a Plt/Plh's inbox on each day) are checked in
test_compiled_inbox.py; their answers against the resolvers' in test_compiled_differential.py."""

from __future__ import annotations

import pytest

from api.driver_reads import ReadPool
from testkit.drive import drive_to
from testkit.province import World
from tests.api.test_compiled_differential import PAGED, PLAIN_EMPLOYEES, PLAIN_INBOX, compiled_reads
from workflow.inbox_rule import INBOX_PARAMS

pytestmark = pytest.mark.postgres_only

PER_REQUEST = {"after0", "after1", *INBOX_PARAMS}


@pytest.fixture
async def world(province: World) -> World:
    await drive_to(province, "mapping", "KABKD")
    await drive_to(province, "approval", "KADINKES", approvals=1)
    return province


async def test_pages_bind_only_per_request_values_and_postgresql_keeps_a_generic_plan(app, as_user, world) -> None:  # type: ignore[no-untyped-def]
    reads = compiled_reads(app)
    for username in ("op-all", "op-dinkes", "sekda"):
        api = await as_user(username)
        for query, variables in [(PLAIN_INBOX, None), (PLAIN_EMPLOYEES, None), (PAGED["nominations"], {"after": None})]:
            for _ in range(2):  # the resolvers answer first, then the compiled path
                assert "errors" not in await api(query, variables)
    pages = list(reads.statements.values())
    assert len(pages) >= 6 and all(page.sql for page in pages)
    for page in pages:
        assert set(page.positions) <= PER_REQUEST, page.positions  # LIMIT n, states, roles: in the text
    inbox = next(page for (document, *_), page in reads.statements.items() if document[0] == PLAIN_INBOX)
    assert "LIMIT 20" in inbox.sql and "'mapping'" in inbox.sql  # the page size and the awaited states

    pool = await ReadPool.of(reads.engine)
    async with pool.acquire() as connection:
        statement = await connection.prepare(inbox.sql)
        for _ in range(8):
            await statement.fetch(*[inbox.defaults[name] for name in inbox.positions])
        plans = await connection.fetchrow(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1", statement.get_name()
        )
    assert plans["generic_plans"] >= 3, dict(plans)  # planned five times, then one plan kept
