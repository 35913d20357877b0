"""The sandbox-like mode (``--sandbox``): the simulator as Cloudprinter's sandbox behaves, not as our tests like it.

Our strict simulator is a convenient target; the real sandbox is not. A tool that is green only
against the former proves little, so this mode puts in front of the simulator what the sandbox
does differently (FACTS.md), as an ASGI wrapper that leaves the simulator itself unchanged:

- default validation: unknown request fields are accepted (never ``--strict``);
- an account that already holds orders: :attr:`SandboxConfig.orders` earlier orders per key, added
  through the API over the virtual hours before start-up (so most are finished, a few cancelled,
  the newest still cancelable), and kept when a ``--db`` file already has orders;
- no ``/_simulator/`` controls and no web page: every path outside the API answers 404;
- the answer variants FACTS.md reports: extra fields (``vat_rate``, ``production_sla_days``,
  ``availability``, ``type_name``), counts, prices and ``state`` as JSON numbers, ``state_code``
  strings no client can know (every code FACTS.md does not confirm is replaced), and a shipping level
  beyond the four standard ones (``cp_limited``);
- orders that never ship: where the simulator would report 100 (complete), the sandbox reports
  501 ``order_state_sandbox_done``, without tracking codes;
- error answers without a body: every other 403, 409 and 410 comes empty, as FACTS.md reports
  ("403/409/410 bodies may be empty"), the rest with the usual error body;
- a rate limit: more than :attr:`SandboxConfig.rate_limit` requests within one second (over all
  accounts) answer 429 with ``Retry-After`` in the API's error body.

The sandbox's real limits are not published; the figures here are this mode's own (``simulated``).
"""

from __future__ import annotations

import asyncio
import collections
import copy
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx
import orjson

from .app import create_app
from .clock import VirtualClock
from .errors import error_body
from .simulated import CONFIRMED_STATE_CODES
from .spec import base_path, load_spec

__all__ = ["DEFAULT_ORDERS", "DEFAULT_RATE_LIMIT", "SANDBOX_DONE", "SandboxApp", "SandboxConfig", "create_sandbox_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_ORDERS: Final = 300
"""Earlier orders per account (simulated: "hundreds", as a long-used sandbox account holds)."""
DEFAULT_RATE_LIMIT: Final = 20
"""Requests per second before 429 (simulated: Cloudprinter publishes no limit)."""
SANDBOX_DONE: Final = 501
"""Documented state 501, "sandbox processing done"; its code ``order_state_sandbox_done`` is reported."""
_COMPLETE: Final = 100
_CANCEL_EVERY: Final = 7
"""Every 7th seeded order is cancelled right after it was added (simulated)."""
_SEED_SPACING: Final = 600.0
"""Virtual seconds between two seeded orders (simulated): 300 orders span 50 hours."""
EXTRA_FIELDS: Final = {
    "vat_rate": "21.00",
    "production_sla_days": 3,
    "availability": "in_stock",
    "type_name": "sandbox",
}
"""Fields live answers carry beyond the documentation (names from FACTS.md; values simulated)."""
_NUMERIC_FIELDS: Final = frozenset(
    {"count", "state", "price", "vat", "from_price", "total_weight", "fee", "app_fee", "items", "invoice_exchange_rate",
     "min", "max"}
)  # fmt: skip
"""Fields the contract reads as NumberText or OrderState: the sandbox sends them as JSON numbers."""
_NUMBER: Final = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
LIMITED_LEVEL: Final = {
    "shipping_level_reference": "cp_limited",
    "shipping_level": "cp_limited",
    "name": "Limited - Tracked",
    "note": "A level some accounts have (reported)",
}
_JSON: Final = b"application/json"
EMPTY_BODY_STATUSES: Final = frozenset({403, 409, 410})
"""Statuses whose body may be empty (FACTS.md, reported): this mode empties every other one."""


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """How the sandbox-like mode behaves (every figure simulated: the real sandbox publishes none)."""

    orders: int = DEFAULT_ORDERS
    """Earlier orders each account holds at start-up (0: none)."""
    rate_limit: int = DEFAULT_RATE_LIMIT
    """Requests per second, over all accounts, before answers turn 429 (0: no limit)."""
    retry_after: int = 1
    """The least ``Retry-After`` of a 429, in seconds."""

    def __post_init__(self) -> None:
        if self.orders < 0 or self.orders > 100_000:
            raise ValueError("sandbox orders must be between 0 and 100000")
        if not 0 <= self.rate_limit <= 1_000_000:
            raise ValueError("sandbox rate limit must be between 0 (none) and 1000000 requests per second")
        if self.retry_after < 1 or self.retry_after > 3600:
            raise ValueError("sandbox Retry-After must be between 1 and 3600 seconds")

    @property
    def history_seconds(self) -> float:
        """How far back the earliest seeded order lies (virtual seconds)."""
        return self.orders * _SEED_SPACING

    def clock_start(self) -> float:
        """Where a fresh clock starts so that seeding ends at about the real time (epoch seconds)."""
        return time.time() - self.history_seconds


class _RateLimit:
    """At most ``limit`` requests in any one-second window (a sliding log of request times)."""

    def __init__(self, limit: int, retry_after: int, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self._monotonic = monotonic
        self._times: collections.deque[float] = collections.deque()

    def wait_needed(self) -> int | None:
        """None when the request may pass (and it is counted), else the seconds to wait."""
        if self.limit <= 0:
            return None
        now = self._monotonic()
        while self._times and self._times[0] <= now - 1.0:
            self._times.popleft()
        if len(self._times) >= self.limit:
            return max(self.retry_after, math.ceil(self._times[0] + 1.0 - now))
        self._times.append(now)
        return None


def _number(text: str) -> int | float:
    return int(text) if "." not in text else float(text)


def _variant(value: Any, *, top: bool) -> Any:
    """``value`` as the sandbox sends it: numbers as JSON numbers, unknown codes, extra fields."""
    if isinstance(value, list):
        return [_variant(item, top=top) for item in value]
    if not isinstance(value, dict):
        return value
    shown: dict[str, Any] = {}
    for key, item in value.items():
        if key in _NUMERIC_FIELDS and isinstance(item, str) and _NUMBER.match(item):
            shown[key] = _number(item)
        elif key == "state_code" and isinstance(item, str) and item not in CONFIRMED_STATE_CODES:
            shown[key] = f"{item}_sandbox"  # a code no client can know in advance
        else:
            shown[key] = _variant(item, top=False)
    if top:
        shown.update({key: extra for key, extra in EXTRA_FIELDS.items() if key not in shown})
    return shown


def _never_shipped(payload: Any) -> Any:
    """Order answers where the sandbox stops: 100 (complete) becomes 501, and nothing is tracked."""
    rows = payload if isinstance(payload, list) else [payload]
    for row in rows:
        if not isinstance(row, dict):
            continue
        if str(row.get("state")) == str(_COMPLETE):
            row["state"] = str(SANDBOX_DONE)
            if "state_code" in row:
                row["state_code"] = "order_state_sandbox_done"
        for item in row.get("items") or []:
            if isinstance(item, dict) and "tracking" in item:
                item["tracking"] = ""
    return payload


class SandboxApp:
    """ASGI wrapper: the simulator ``app`` answering as the sandbox does (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: SandboxConfig, prefix: str) -> None:
        self.app = app
        self.config = config
        self.prefix = prefix
        self._limit = _RateLimit(config.rate_limit, config.retry_after)
        self.rate_limited = 0
        """How many requests were answered 429 so far."""
        self._errors = 0  # 403/409/410 answers so far: the odd ones go out without a body

    @property
    def state(self) -> Any:
        """The wrapped app's state (``app.state.simulator`` for tests that look inside)."""
        return getattr(self.app, "state", None)

    def _operation(self, path: str) -> str | None:
        if not path.startswith(self.prefix + "/"):
            return None
        rest = path[len(self.prefix) :]
        return "/orders/" if rest == "/orders" else rest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wait = self._limit.wait_needed()
        if wait is not None:
            self.rate_limited += 1
            info = f"Too many requests: at most {self._limit.limit} per second; retry after {wait} s"
            headers = [(b"retry-after", str(wait).encode())]
            await _answer(send, 429, error_body("rate_limit_exceeded", info), headers)
            return
        operation = self._operation(str(scope["path"]))
        if operation is None:
            await _answer(send, 404, error_body("not_found", "No such endpoint"), [])
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self.app(scope, receive, capture)
        status = int(start["status"])
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", []) if bytes(k).lower() != b"content-length"]
        body = b"".join(chunks)
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if status == 200 and content_type.startswith(_JSON) and body:
            body = self._rewrite(operation, orjson.loads(body))
        elif status in EMPTY_BODY_STATUSES:
            self._errors += 1
            if self._errors % 2:  # the first, third, ...: the bodiless variant comes first
                body = b""
                headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        await _answer(send, status, body, headers)

    def _rewrite(self, operation: str, payload: Any) -> bytes:
        if operation in ("/orders/", "/orders/info", "/orders/log"):
            payload = _never_shipped(payload)
        if operation == "/shipping/levels" and isinstance(payload, list):
            payload = [*payload, copy.deepcopy(LIMITED_LEVEL)]
        return orjson.dumps(_variant(payload, top=True))


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    if body and not any(k.lower() == b"content-type" for k, _ in headers):
        headers = [*headers, (b"content-type", _JSON)]
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _seed(app: ASGIApp, prefix: str, api_keys: Sequence[str], clock: VirtualClock, count: int) -> None:
    """Add ``count`` earlier orders per key through the API, ``_SEED_SPACING`` virtual seconds apart.

    Skipped for an account that already has orders (a ``--db`` file from an earlier start). The
    calls go in-process (httpx's ASGI transport), in a thread of their own, so that this works
    whether or not the caller runs an event loop; the app's lifespan (webhooks) is not started.
    """
    spec = load_spec()
    examples = spec["paths"]["/orders/add"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    template = next(iter(examples.values()))["value"]

    async def seed() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            keys = []
            for key in api_keys:
                if (await client.post(f"{prefix}/orders/", json={"apikey": key})).status_code == 204:
                    keys.append(key)
            for index in range(count):
                for key in keys:
                    body = copy.deepcopy(template)
                    body["apikey"] = key
                    body["reference"] = f"sandbox-earlier-{index + 1:05d}"
                    for number, item in enumerate(body["items"], start=1):
                        item["reference"] = f"{body['reference']}-{number}"
                    answer = await client.post(f"{prefix}/orders/add", json=body)
                    if answer.status_code != 201:
                        raise RuntimeError(f"seeding the sandbox failed: orders/add answered {answer.status_code}")
                    if (index + 1) % _CANCEL_EVERY == 0:
                        await client.post(
                            f"{prefix}/orders/cancel", json={"apikey": key, "reference": body["reference"]}
                        )
                clock.advance(_SEED_SPACING)

    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(seed())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="sandbox-seed")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def create_sandbox_app(
    api_keys: Sequence[str],
    db_path: str | Path | None = None,
    clock: VirtualClock | None = None,
    *,
    config: SandboxConfig | None = None,
    strict: bool = False,
    control_token: str | None = None,
    **options: Any,
) -> SandboxApp:
    """The simulator in the sandbox-like mode: accounts seeded, answers as the sandbox gives them.

    Called like :func:`~cloudcore_simulator.create_app` (``options``: ``max_body``, ``webhooks``, ...).
    ``clock``: default one that starts at :meth:`SandboxConfig.clock_start`, so that seeding ends at
    about the real time; seeding moves a given clock forward by :attr:`SandboxConfig.history_seconds`.
    ``control_token`` is accepted and unused: this mode has no controls. It is never ``strict``.
    """
    del control_token
    config = config or SandboxConfig()
    if strict:
        raise ValueError("the sandbox accepts unknown request fields: it cannot be strict")
    if clock is None:
        clock = VirtualClock(start=config.clock_start())
    inner = create_app(list(api_keys), db_path, clock, **options)
    prefix = base_path(load_spec())
    _seed(inner, prefix, api_keys, clock, config.orders)
    return SandboxApp(inner, config, prefix)
