"""uvicorn's access log, written in batches: one write per 256 lines or per half second.

uvicorn writes each access line with its own ``write`` and ``flush`` — a system call per request,
on this kind of machine about a seventh of the server's CPU for a compiled read. The lines, their
format and their order stay uvicorn's; only the writing is batched: at most ``interval`` seconds
(or ``capacity`` lines) late, and flushed when the app stops (:func:`flush_all` in the lifespan's
shutdown: uvicorn ends a SIGTERM'd process by raising the signal again, so ``logging.shutdown`` never
runs then) and at a normal exit (``logging.shutdown``). A killed process loses at most the last half
second of access lines — the audit history, in the database, loses
nothing. ``meritflow serve --no-access-log`` turns the lines off (behind a proxy that logs them).
"""

from __future__ import annotations

import copy
import logging
import threading
import weakref
from typing import Any

from uvicorn.config import LOGGING_CONFIG

__all__ = ["BatchedStreamHandler", "flush_all", "log_config"]

_HANDLERS: weakref.WeakSet[BatchedStreamHandler] = weakref.WeakSet()


def flush_all() -> None:
    """Write every pending access line now (the app's lifespan calls this when it stops)."""
    for handler in list(_HANDLERS):
        handler.flush()


class BatchedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A ``StreamHandler`` that keeps formatted lines and writes them together."""

    def __init__(self, stream: Any = None, capacity: int = 256, interval: float = 0.5) -> None:
        super().__init__(stream)
        self.capacity = capacity
        self.interval = interval
        self.pending: list[str] = []
        self._writer: threading.Thread | None = None
        self._stopping = threading.Event()
        _HANDLERS.add(self)

    def emit(self, record: logging.LogRecord) -> None:  # called under self.lock (Handler.handle)
        try:
            self.pending.append(self.format(record) + self.terminator)
        except Exception:
            self.handleError(record)
            return
        if len(self.pending) >= self.capacity:
            self.flush()
        elif self._writer is None:  # the first line: start the timer thread that writes the rest
            self._writer = threading.Thread(target=self._write_every_interval, name="access-log", daemon=True)
            self._writer.start()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            lines, self.pending = self.pending, []
            if lines and self.stream is not None:
                self.stream.write("".join(lines))
            super().flush()

    def close(self) -> None:
        self._stopping.set()
        self.flush()
        super().close()

    def _write_every_interval(self) -> None:
        while not self._stopping.wait(self.interval):
            if self.pending:
                self.flush()


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the access lines batched (the rest as uvicorn has it)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["class"] = f"{__name__}.BatchedStreamHandler"
    return config
