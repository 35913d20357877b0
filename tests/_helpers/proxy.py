"""What the proxy's tests share (tests/proxy): a simulator (drifted or not) as the "real" API, the proxy in front.

Everything runs on 127.0.0.1 on free ports, servers in threads of the test process, started and
stopped by each test. The "real" API is the simulator in its default mode (unknown fields accepted,
as the real API does), optionally wrapped in the contract suite's fault injector.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from cloudcore_client import NO_RETRIES, CloudCore
from cloudcore_client.models import Address, AddressType, ItemFile, ItemFileType, ItemOption, OrderItem, QuoteItem
from cloudcore_contract.proxy import ProxyConfig
from cloudcore_contract.proxy.server import ProxyServer
from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.testing import API_PATH, ThreadedServer
from tests.contract.faults import Fault, FaultInjector

KEY = "proxy-test-key-one-0123"
OTHER_KEY = "proxy-test-key-two-4567"
KEYS = (KEY, OTHER_KEY)
#: Generous on purpose: the machine running the tests may be busy (DEVELOPERS.md).
TIMEOUT = 60.0

Scope = dict[str, Any]
ASGI = Callable[..., Any]


def simulator(*, fault: Fault | None = None, strict: bool = False, keys: Sequence[str] = KEYS) -> ASGI:
    """The simulator (two accounts, frozen clock), with ``fault`` injected when given."""
    app: ASGI = create_app(list(keys), clock=VirtualClock(speed=0), strict=strict)
    return FaultInjector(app, fault, api_keys=keys) if fault is not None else app


@dataclass
class Sent:
    """What an upstream app received and answered, at the ASGI level."""

    method: str
    path: str
    query: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    status: int = 0
    answer_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    answer: bytes = b""


class Capture:
    """ASGI middleware that records every request the app received and every answer it sent."""

    def __init__(self, app: ASGI) -> None:
        self.app = app
        self.seen: list[Sent] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        record = Sent(scope["method"], scope["path"], scope["query_string"], list(scope["headers"]), body)
        with self._lock:
            self.seen.append(record)
        delivered = False

        async def replay() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return dict(await receive())

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                record.answer_headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                record.answer += message.get("body", b"")
            await send(message)

        await self.app(scope, replay, capture)


class Stack:
    """An upstream server and the proxy in front of it; clients, raw calls and the report."""

    def __init__(self, upstream: ThreadedServer, proxy: ProxyServer, exits: ExitStack) -> None:
        self.upstream = upstream
        self.proxy = proxy
        self._exits = exits

    @property
    def base_url(self) -> str:
        return self.proxy.url + API_PATH

    def client(self, key: str = KEY) -> CloudCore:
        """The generated client, as a service would point it at the proxy (no retries: one call, one exchange)."""
        client = CloudCore(key, base_url=self.base_url, retry=NO_RETRIES, timeout=TIMEOUT)
        self._exits.callback(client.close)
        return client

    def post(self, path: str, body: Any, **options: Any) -> httpx.Response:
        """A raw POST through the proxy (for what the client refuses to send)."""
        return httpx.post(self.base_url + path, json=body, timeout=TIMEOUT, **options)

    def report(self) -> dict[str, Any]:
        """The proxy's report, once every exchange so far is settled (and compared, with a shadow)."""
        app = self.proxy.app
        deadline = TIMEOUT
        step = 0.01
        while deadline > 0 and (app.holding.exchanges or (app.shadow is not None and app.shadow.queued)):
            threading.Event().wait(step)
            deadline -= step
        answer = httpx.get(self.proxy.url + "/_proxy/report", timeout=TIMEOUT)
        answer.raise_for_status()
        report: dict[str, Any] = answer.json()
        return report


@contextmanager
def stack(upstream_app: ASGI, **config: Any) -> Iterator[Stack]:
    """Serve ``upstream_app``, put a proxy in front of it (``config``: ProxyConfig options)."""
    with ExitStack() as exits:
        upstream = exits.enter_context(ThreadedServer(upstream_app))
        proxy = exits.enter_context(ProxyServer(ProxyConfig(upstream=upstream.url, **config)))
        yield Stack(upstream, proxy, exits)


def violations(report: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(operation, kind) -> count."""
    found: dict[tuple[str, str], int] = {}
    for operation, figures in report["operations"].items():
        for kind, count in figures["violations"].items():
            found[(operation, kind)] = count
    return found


def findings(report: dict[str, Any]) -> str:
    """The report's findings, one per line (for assertion messages)."""
    return "\n".join(
        f"{f['operation']} {f['kind']}: {f['what']} ({f['example']['detail']})" for f in report["findings"]
    )


# ---- a service's everyday traffic ---------------------------------------------------------------
def address() -> Address:
    return Address(
        type_=AddressType.DELIVERY,
        firstname="Ada",
        lastname="Lovelace",
        street1="Example street 1",
        zip_="99999",
        city="Berlin",
        country="DE",
        email="ada@example.com",
        phone="12345678",
    )


def item(reference: str, count: int = 2) -> OrderItem:
    return OrderItem(
        reference=reference,
        product="textbook_pb_a4_p_bw",
        count=count,
        shipping_level="cp_saver",
        files=[
            ItemFile(
                type_=ItemFileType.BOOK,
                url="https://files.example.com/b.pdf",
                md5sum="1ef89e74e628e223ae94aa4586330833",
            )
        ],
        options=[ItemOption(type_="total_pages", count="120")],
    )


def add_order(client: CloudCore, reference: str) -> None:
    client.orders.add_order(
        reference=reference, email="support@example.com", addresses=[address()], items=[item(f"{reference}-1")]
    )


def everyday_calls(client: CloudCore, prefix: str = "order") -> list[Callable[[], object]]:
    """What a service does in a day: catalogue, shipping, a quote, an order followed and cancelled."""
    quote_item = QuoteItem(
        reference="q-1", product="textbook_pb_a4_p_bw", count=1, options=[ItemOption(type_="total_pages", count="120")]
    )
    order = f"{prefix}-1"
    return [
        client.products.list_products,
        lambda: client.products.get_product_info(reference="textbook_pb_a4_p_bw"),
        client.shipping.list_shipping_levels,
        client.shipping.list_shipping_countries,
        lambda: client.shipping.list_shipping_states(country_reference="US"),
        lambda: client.orders.quote_order(country="NL", items=[quote_item]),
        client.orders.list_orders,
        lambda: add_order(client, order),
        lambda: client.orders.get_order_info(reference=order),
        lambda: client.orders.get_order_log(reference=order),
        client.orders.list_orders,
        lambda: client.orders.cancel_order(reference=order),
        lambda: client.orders.get_order_info(reference=order),
        lambda: client.orders.get_order_log(reference=order),
    ]


def everyday(client: CloudCore, prefix: str = "order") -> None:
    """The everyday calls, one after the other (14 exchanges)."""
    for call in everyday_calls(client, prefix):
        call()
