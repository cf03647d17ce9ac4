"""Browser tests: the real app on a free port, a fresh SQLite file with the demo province, and
Debian's chromium driven by Playwright's sync API (never ``playwright install``).

Tests are plain sync functions (the sync API refuses to run inside an event loop). Screenshots go
to test-output/screenshots/, which CI keeps.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# MERITFLOW_CHROMIUM lets a developer check the skip path (point it at a missing file).
CHROMIUM = Path(os.environ.get("MERITFLOW_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "test-output" / "screenshots"
DEMO_EMPLOYEES = "300"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]


_skipped_browser_tests: list[str] = []


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: {CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
            _skipped_browser_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Say loudly, at the end of every run, that the browser tests did not run."""
    if _skipped_browser_tests:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(
            f"{len(_skipped_browser_tests)} browser tests were skipped: {CHROMIUM} is not installed. "
            "Install it (apt-get install -y chromium) to run them; .ci/run does."
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Remember each phase's report on the item so fixtures can tell a failed test at teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def demo_password(username: str) -> str:
    """The demo accounts' passwords, as ``meritflow seed --demo`` prints them."""
    from domain.demo.accounts import DEMO_ACCOUNTS

    return next(a.password for a in DEMO_ACCOUNTS if a.username == username)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _seed(env: dict[str, str], log: Path) -> None:
    result = _cli("seed", "--demo", "--employees", DEMO_EMPLOYEES, env=env)
    log.write_text(result.stdout + result.stderr)
    if result.returncode == 0:
        return
    if "invalid choice: 'seed'" not in result.stderr:
        raise RuntimeError(f"meritflow seed failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    # The seed command is not registered yet: seed through the library function it will call.
    script = (
        "import asyncio\n"
        "from domain.db import create_engine, session_factory\n"
        "from domain.migrate import upgrade\n"
        "from domain.demo.seed import seed_demo\n"
        "async def main():\n"
        "    engine = create_engine(__import__('os').environ['DATABASE_URL'])\n"
        "    await upgrade(engine)\n"
        f"    await seed_demo(session_factory(engine), employees={DEMO_EMPLOYEES})\n"
        "    await engine.dispose()\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"seeding the demo failed:\n{result.stderr}")


@pytest.fixture(scope="package")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running meritflow with the demo province (300 employees) in a fresh SQLite file."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests skipped: {CHROMIUM} is not installed")
    workdir = tmp_path_factory.mktemp("e2e")
    env = {k: v for k, v in os.environ.items() if k not in ("MERITFLOW_DEV", "MERITFLOW_SKIP_MIGRATE")}
    # A fresh SQLite file by default; MERITFLOW_E2E_DATABASE_URL runs the app on another (empty) database.
    env["DATABASE_URL"] = os.environ.get("MERITFLOW_E2E_DATABASE_URL") or f"sqlite:///{workdir / 'e2e.db'}"
    env["PYTHONUNBUFFERED"] = "1"
    _seed(env, workdir / "seed.log")
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                output = (workdir / "server.log").read_text()
                raise RuntimeError(f"meritflow serve exited with {server.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("meritflow serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests skipped: {CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def new_page(browser, app_url: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """``new_page()`` → a page in its own browser context (own cookies), on the app's sign-in page.
    Uncaught exceptions are collected on ``page.errors``; a failing test leaves a screenshot of
    every page it opened (FAILED-<test>-<n>.png)."""
    contexts = []

    def make(viewport: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=app_url, viewport=viewport or {"width": 1280, "height": 860})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
        page.goto("/")
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w-]+", "_", request.node.name)
        for number, context in enumerate(contexts):
            for page in context.pages:
                screenshot(page, f"FAILED-{name}-{number}")
    for context in contexts:
        context.close()


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/#/signin")
    page.get_by_label(_label(page, "signin.username")).fill(username)
    page.get_by_label(_label(page, "signin.password")).fill(demo_password(username))
    page.locator("form button[type=submit]").click()
    page.get_by_test_id("who").wait_for()


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("sign-out").click()
    page.locator("#username").wait_for()


def _label(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("(key) => import('/js/i18n.js').then((m) => m.t(key))", key)


def message(page, key: str, **params: object) -> str:  # type: ignore[no-untyped-def]
    """The catalogue text of ``key`` in the page's current language."""
    return page.evaluate("([key, params]) => import('/js/i18n.js').then((m) => m.t(key, params))", [key, params])


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def stub_graphql(page, answers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]]) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    """Answers the page's GraphQL requests whose query contains a key of ``answers`` (such as
    ``"query Ceremony("``) with the data that key's function makes of the request's variables; every
    other request goes to the server. Returns the variables of the answered requests, by key."""
    sent: dict[str, list[dict]] = {marker: [] for marker in answers}

    def answer(route) -> None:  # type: ignore[no-untyped-def]
        body = json.loads(route.request.post_data or "{}")
        query = body.get("query", "")
        marker = next((marker for marker in answers if marker in query), None)
        if marker is None:
            route.continue_()
            return
        variables = body.get("variables") or {}
        sent[marker].append(variables)
        data = answers[marker](variables)
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"data": data}))

    page.route("**/graphql", answer)
    return sent
