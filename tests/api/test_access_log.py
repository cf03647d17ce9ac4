"""``api.access_log``: uvicorn's access lines, written in batches — every line, in order, at most
half a second late, and none lost on a normal stop."""

from __future__ import annotations

import io
import logging
import logging.config
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.access_log import BatchedStreamHandler, log_config
from tests.api.live import ROOT, free_port, wait_for_health


class CountingStream(io.StringIO):
    """Counts the writes the handler makes (one per batch is the point)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def _record(n: int) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, "line %d", (n,), None)


def test_lines_are_written_together_in_order_and_none_is_lost_on_close() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream, capacity=100, interval=30)
    writes = []
    for n in range(250):
        handler.handle(_record(n))
        writes.append(stream.writes)
    assert writes[98] == 0 and writes[99] == 1 and writes[199] == 2  # a write per full batch of 100
    assert stream.writes == 2  # 50 lines still pending
    handler.close()  # a normal stop (logging.shutdown closes every handler)
    assert stream.getvalue().splitlines() == [f"line {n}" for n in range(250)]
    assert stream.writes == 3


def test_a_quiet_server_still_writes_its_lines_within_the_interval() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream, capacity=100, interval=0.1)
    try:
        handler.handle(_record(1))
        handler.handle(_record(2))
        assert stream.getvalue() == ""  # batched, not written per line
        deadline = time.monotonic() + 5
        while stream.getvalue() != "line 1\nline 2\n" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert stream.getvalue() == "line 1\nline 2\n" and stream.writes == 1
    finally:
        handler.close()


def test_serve_configures_uvicorns_access_logger_with_it() -> None:
    config = log_config()
    stream = CountingStream()
    config["handlers"]["access"]["stream"] = stream
    logging.config.dictConfig(config)
    handler = logging.getLogger("uvicorn.access").handlers[0]
    try:
        assert isinstance(handler, BatchedStreamHandler)
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "POST", "/graphql", "1.1", 200
        )
        handler.flush()
        assert stream.getvalue() == 'INFO:     127.0.0.1:5000 - "POST /graphql HTTP/1.1" 200 OK\n'
    finally:
        handler.close()
        logging.getLogger("uvicorn.access").handlers.clear()


@pytest.mark.parametrize("flag", [[], ["--no-access-log"]])
def test_serve_writes_every_access_line_by_its_stop_unless_told_not_to(
    tmp_path: Path, flag: list[str]
) -> None:
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "--database-url", f"sqlite:///{tmp_path / 'serve.db'}", "serve"]
    command += ["--port", str(port), *flag]
    env = {**os.environ, "MERITFLOW_NINEBOX_WARMUP": "0"}
    with (tmp_path / "out.log").open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", server)
            for path in ("/health?n=1", "/health?n=2", "/health?n=3"):
                assert httpx.get(f"http://127.0.0.1:{port}{path}").status_code == 200
        finally:
            server.terminate()  # a normal stop: the pending lines are written
            server.wait(timeout=15)
    lines = [line for line in (tmp_path / "out.log").read_text().splitlines() if "GET /health?n=" in line]
    assert [line.split("?n=")[1][0] for line in lines] == ([] if flag else ["1", "2", "3"])
