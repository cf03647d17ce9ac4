"""The Starlette application factory: ``create_app(settings)`` so tests build their own app."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from api.access_log import flush_all as flush_access_log
from api.background import start_ninebox_warmup, stop_ninebox_warmup
from api.documents_http import arms_endpoint
from api.events import make_event_bus
from api.exports import export_endpoint
from api.fast_front import FastFront
from api.graphql_view import MeritflowGraphQL
from api.middleware import BodySizeLimit, TrustedProxyClient, parse_networks
from api.settings import Settings
from api.socket_sessions import OpenSockets
from domain.db import async_url, create_engine, session_factory, write_transaction
from domain.migrate import upgrade
from domain.setup import ensure_reference_data

FRONTEND_DIR = Path(__file__).resolve().parent.parent / "frontend"


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    trusted_proxies = parse_networks(settings.trusted_proxies)  # a bad entry stops the start here
    engine = create_engine(settings.database_url, **server_pool(settings.database_url))
    sessions = session_factory(engine)
    bus = make_event_bus(engine, sessions)
    _install_event_bus(bus)
    graphql = MeritflowGraphQL(settings, sessions, bus)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade(engine)
            await ensure_reference_data(sessions)
            await ensure_workflow_data(sessions)
        # Outside the migrate check: `serve`'s workers do not migrate, but each keeps the nine-box
        # store warm (api.background; two workers never compute a person twice).
        warmup = await start_ninebox_warmup(sessions) if settings.ninebox_warmup else None
        try:
            yield
        finally:
            await stop_ninebox_warmup(warmup)
            await bus.stop()
            await engine.dispose()
            flush_access_log()  # the batched access lines (api.access_log), before uvicorn ends the process

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    routes = [
        Route("/health", health),
        # Route, not Mount: a Mount answers POST /graphql with a 307 redirect (stack-notes).
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/export/{what}.xlsx", export_endpoint(graphql)),  # the lists as spreadsheets (api.exports)
        Route("/documents/arms", arms_endpoint(graphql), methods=["GET", "PUT"]),  # api.documents_http
        Mount("/", StaticFiles(directory=FRONTEND_DIR, html=True), name="frontend"),
    ]
    middleware = [
        # known compiled reads answered before the routing (api.fast_front), within the body limit
        Middleware(FastFront, view=graphql, max_bytes=settings.max_body_bytes),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
    ]
    if trusted_proxies:
        middleware.insert(0, Middleware(TrustedProxyClient, trusted=trusted_proxies))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.event_bus = bus
    app.state.open_sockets = OpenSockets()  # logout closes the session's sockets (api.socket_sessions)
    return app


def server_pool(url: str) -> dict[str, int]:
    """The server's SQLAlchemy pool on PostgreSQL: writes, the resolvers and the full session lookup's
    settling. SQLAlchemy's default keeps 5 and opens and closes up to 10 more per burst: under 16
    concurrent requests a third of them paid a new connection (TCP, an SSL attempt, a PostgreSQL
    backend started, every prepared statement and its plan lost). The compiled reads and the session
    lookup have their own pool (api.driver_reads.READ_POOL_SIZE, 16), so 10 kept + 10 for a burst:
    at most 36 connections per process, 72 for two workers under PostgreSQL's default 100."""
    return {"pool_size": 10, "max_overflow": 10} if async_url(url).startswith("postgresql") else {}


async def ensure_workflow_data(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The workflow's reference data (definitions, holidays): domain/ cannot import workflow/,
    so the app layer writes it next to domain.setup's."""
    from workflow.setup import ensure_workflow_reference_data

    async with write_transaction(sessions) as session:
        await ensure_workflow_reference_data(session)


def _install_event_bus(bus: object) -> None:
    """Hand the bus to the workflow, which publishes each committed audit event to it."""
    try:
        from workflow.events import set_event_bus
    except ImportError:  # pragma: no cover - the workflow package is optional while it is built
        return
    set_event_bus(bus)  # type: ignore[arg-type]
