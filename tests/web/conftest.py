"""Browser tests of the simulator's page: Debian's chromium driven by Playwright, servers on loopback.

The simulator (frozen virtual clock, two accounts, webhooks to a loopback receiver that fails
on purpose for some orders) and the receiver run in threads of the test process, in the
simulator's shipped ``ThreadedServer`` (uvicorn on a free 127.0.0.1 port); the tests start and
stop them. Chromium runs headless with no network beyond loopback. Timeouts are
generous (the machine is often busy); tests wait for elements, they never sleep.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.app import WebhookConfig
from cloudcore_simulator.testing import ThreadedServer
from tests.conftest import REPO
from tests.simulator.conftest import KEY_A, KEY_B, START

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORTS = REPO / "reports"
WEBHOOK_KEY = "whk-page-5ecret-0123"
WAIT_MS = 30_000
"""Longest wait for an element or an expectation (quiet machine: the slowest, a delivery, under 2 s)."""
expect.set_options(timeout=WAIT_MS)

NO_CHROMIUM = (
    None
    if CHROMIUM.is_file() and shutil.which(str(CHROMIUM))
    else f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)"
)
"""Why the browser tests cannot run here, if they cannot."""


@dataclass
class Receiver:
    """A CloudSignal receiver that keeps the bodies it got; it answers 500 for orders named ``fail-...``."""

    bodies: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def receive(request: Request) -> Response:
            body = orjson.loads(await request.body())
            self.bodies.append(body)
            return Response(status_code=500 if body["order_reference"].startswith("fail-") else 204)

        return Starlette(routes=[Route("/signals", receive, methods=["POST"])])


@dataclass
class Simulator:
    """A running simulator: its origin, its clock, and an API caller."""

    origin: str
    clock: VirtualClock
    receiver: Receiver

    def api(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{self.origin}/cloudcore/1.0{path}", json=body, timeout=60)


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    """A fresh simulator (accounts KEY_A and KEY_B, frozen clock) posting signals to a receiver."""
    receiver = Receiver()
    with ThreadedServer(receiver.app()) as receiving:
        clock = VirtualClock(start=START, speed=0)
        webhooks = WebhookConfig(
            f"{receiving.url}/signals", WEBHOOK_KEY, tick=0.05, backoff_base=0.05, backoff_cap=0.5, timeout=30
        )
        with ThreadedServer(create_app([KEY_A, KEY_B], clock=clock, webhooks=webhooks)) as serving:
            yield Simulator(serving.url, clock, receiver)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync driver, for this package's tests only.

    Between its calls the driver leaves its event loop marked as running in this thread, so
    `asyncio.run` anywhere else would fail while it lives: it must end with the last browser test
    (package scope), never outlive it (session scope did, and broke tests/integration run after it).
    """
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=120_000)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """Write a full-page screenshot to reports/ (for the README) and return its path."""
    REPORTS.mkdir(exist_ok=True)
    path = REPORTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, origin: str, key: str) -> None:
    """Open the page and sign in with ``key`` through the form."""
    page.goto(f"{origin}/_simulator/")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Open").click()
    page.locator("#orders").wait_for()
