"""Live updates: after a transition commits, its audit event is handed to an :class:`EventBus`.

The API implements the bus (in-process fan-out on SQLite, LISTEN/NOTIFY on PostgreSQL) and
installs it with :func:`set_event_bus`; the default does nothing. Publishing happens only after
the commit, so subscribers never see an event that was rolled back.
"""

from __future__ import annotations

from typing import Protocol

from domain.models import AuditEvent


class EventBus(Protocol):
    async def publish(self, event: AuditEvent) -> None: ...


class NullEventBus:
    async def publish(self, event: AuditEvent) -> None:
        return None


_bus: EventBus = NullEventBus()


def set_event_bus(bus: EventBus | None) -> None:
    global _bus
    _bus = bus or NullEventBus()


def event_bus() -> EventBus:
    return _bus


async def publish(events: list[AuditEvent]) -> None:
    """Hand committed events to the bus; a failing subscriber never undoes a committed step."""
    for event in events:
        try:
            await _bus.publish(event)
        except Exception:  # noqa: BLE001 - live updates are best effort; the audit log is the record
            import logging

            logging.getLogger(__name__).exception("event bus failed to publish audit event %s", event.seq)
