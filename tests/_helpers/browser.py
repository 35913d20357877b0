"""The simulator's page as the browser tests drive it: Chromium's options, the waits, a webhook
receiver, a running simulator's handle, screenshots and signing in."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cloudcore_simulator import VirtualClock
from tests._helpers.spec import REPO

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
