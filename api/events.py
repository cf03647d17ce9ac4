"""Live updates: the workflow's event bus, implemented for one process or for many.

* SQLite (one process): :class:`LocalEventBus` hands each committed audit event straight to the
  subscribers' queues.
* PostgreSQL (several workers or hosts): :class:`PostgresEventBus` sends ``NOTIFY meritflow_events``
  with the event's sequence number; every process keeps one dedicated asyncpg connection that
  ``LISTEN``s, loads the event once and fans it out locally. So an approval committed through
  worker A reaches a subscriber on worker B.

Events are published only after their transaction commits (``workflow.events.publish``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.db import is_sqlite, read_session
from domain.models import AuditEvent

log = logging.getLogger("meritflow.api.events")
CHANNEL = "meritflow_events"
QUEUE_SIZE = 1000


class LocalEventBus:
    """In-process fan-out: each subscriber has a bounded queue; a subscriber that stops reading
    loses events rather than growing memory without limit."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[AuditEvent]] = set()

    async def publish(self, event: AuditEvent) -> None:
        self.deliver(event)

    def deliver(self, event: AuditEvent) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("a live-update subscriber fell %d events behind; dropping event %s", QUEUE_SIZE, event.seq)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[AuditEvent]]:
        await self.start()
        queue: asyncio.Queue[AuditEvent] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    @property
    def subscriber_count(self) -> int:
        return len(self._queues)


class PostgresEventBus(LocalEventBus):
    """LISTEN/NOTIFY across processes, local fan-out within one."""

    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self.engine = engine
        self.sessions = sessions
        self._conn: object | None = None
        self._lock = asyncio.Lock()
        self._inbox: asyncio.Queue[str] = asyncio.Queue()
        self._consumer: asyncio.Task[None] | None = None

    async def publish(self, event: AuditEvent) -> None:
        import sqlalchemy as sa

        payload = json.dumps({"seq": event.seq, "nomination_id": event.nomination_id})
        async with self.engine.begin() as conn:
            await conn.execute(
                sa.text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
            )

    async def start(self) -> None:
        """Open the dedicated listening connection (once per process, on first subscriber)."""
        async with self._lock:
            if self._conn is not None:
                return
            import asyncpg

            url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            conn = await asyncpg.connect(url)
            await conn.add_listener(CHANNEL, self._on_notify)
            self._conn = conn
            self._consumer = asyncio.get_running_loop().create_task(self._consume())
            log.info("listening on %s", CHANNEL)

    async def stop(self) -> None:
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()  # type: ignore[attr-defined]
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            consumer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await consumer

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        if self._queues:
            self._inbox.put_nowait(payload)

    async def _consume(self) -> None:
        """One consumer, so events reach subscribers in the order they were notified."""
        while True:
            payload = await self._inbox.get()
            try:
                seq = int(json.loads(payload)["seq"])
                async with read_session(self.sessions) as session:
                    event = await session.get(AuditEvent, seq)
            except Exception:
                log.exception("could not load the audit event of notification %r", payload)
                continue
            if event is not None:
                self.deliver(event)


EventBus = LocalEventBus


def make_event_bus(engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> LocalEventBus:
    return LocalEventBus() if is_sqlite(engine) else PostgresEventBus(engine, sessions)
