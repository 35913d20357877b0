"""Browser tests of the simulator's page: Debian's chromium driven by Playwright, servers on loopback.

The simulator (frozen virtual clock, two accounts, webhooks to a loopback receiver that fails
on purpose for some orders) and the receiver run in threads of the test process, in the
simulator's shipped ``ThreadedServer`` (uvicorn on a free 127.0.0.1 port); the tests start and
stop them. Chromium runs headless with no network beyond loopback. Timeouts are
generous (the machine is often busy); tests wait for elements, they never sleep.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.app import WebhookConfig
from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, WEBHOOK_KEY, Receiver, Simulator
from tests._helpers.simulator import KEY_A, KEY_B, START


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
