"""The answers the real API is known to send (FACTS.md) are no violation: the proxy judges as the
contract tool does (issue #17), and is not red on what the real API does.

A middleware turns the simulator's answers into those variants: numbers, counts and ``state`` as
JSON numbers, unknown ``state_code`` strings and shipping levels, extra fields, 403/409/410 with
an empty body, an empty 200 to a cancel; 429 and 503 with ``Retry-After`` are load, counted apart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from cloudcore_client import CloudCoreError
from tests._helpers.proxy import KEY, Stack, add_order, everyday_calls, findings, simulator, stack

Message = dict[str, Any]


def _numbers(value: Any, fields: tuple[str, ...], floats: bool = False) -> Any:
    """``value`` with the given fields, wherever they are, as JSON numbers when they hold one
    (``floats``: whole numbers too are written with a fraction, ``2.0``)."""
    if isinstance(value, list):
        return [_numbers(item, fields, floats) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in fields and isinstance(item, str):
                with contextlib.suppress(ValueError):
                    item = int(item) if item.isdigit() and not floats else float(item)
            out[key] = _numbers(item, fields, floats)
        return out
    return value


NUMBERS = ("count", "state", "price", "vat", "from_price", "total_weight", "items", "fee", "app_fee",
           "invoice_exchange_rate")  # fmt: skip
EXTRA = {"vat_rate": 0.21, "production_sla_days": 3, "availability": "in_stock", "type_name": "Book"}


class Variants:
    """The simulator answering as the real API is reported to (FACTS.md)."""

    def __init__(self, app: Callable[..., Any], *, floats: bool = False) -> None:
        self.app = app
        self.floats = floats
        self.loaded: set[str] = set()

    async def __call__(self, scope: Message, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].removeprefix("/cloudcore/1.0")
        if path in ("/orders/quote", "/products/info") and path not in self.loaded:
            self.loaded.add(path)  # the first call of each: above the rate limit, or down for a moment
            status = 429 if path == "/orders/quote" else 503
            headers = [(b"retry-after", b"1"), (b"content-type", b"text/html"), (b"content-length", b"4")]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"busy"})
            return
        start: Message = {}
        body = bytearray()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                body.extend(message.get("body", b""))

        await self.app(scope, receive, capture)
        status, content = start["status"], bytes(body)
        if status in (403, 409, 410) or (path == "/orders/cancel" and status == 200):
            content = b""
        elif status == 200 and content:
            value = _numbers(orjson.loads(content), NUMBERS, self.floats)
            if path in ("/products", "/products/info", "/orders/info"):
                value = [{**row, **EXTRA} for row in value] if isinstance(value, list) else {**value, **EXTRA}
            if path in ("/orders/info", "/orders/"):
                rows = value if isinstance(value, list) else [value]
                for row in rows:
                    row["state_code"] = "order_state_not_public_yet"
            if path == "/shipping/levels":
                value.append({"shipping_level_reference": "cp_limited", "name": "Limited", "note": "some accounts"})
            if path == "/orders/quote":
                value["shipments"][0]["quotes"][0]["shipping_level"] = "cp_limited"
            content = orjson.dumps(value)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if content:
            headers.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


@pytest.mark.parametrize("floats", [False, True], ids=["integers", "whole-floats"])
def test_the_answers_the_real_api_sends_are_no_violation(floats: bool) -> None:
    """Numbers are compared as numbers, as the contract suite compares them: a count of ``2.0`` is
    the ``2`` that was sent, and a ``state`` of ``500.0`` is a cancelled order."""
    with stack(Variants(simulator(), floats=floats)) as running:
        client = running.client()
        calls: tuple[Callable[[], object], ...] = (
            lambda: client.products.get_product_info(reference="textbook_pb_a4_p_bw"),  # 503, Retry-After
            lambda: client.orders.quote_order(country="NL", items=[]),  # 429, Retry-After
            lambda: running.client("proxy-test-key-unknown").products.list_products(),  # 403, empty
            *everyday_calls(client),  # the client refuses the empty 200 of the cancel (issue #19): suppressed
            lambda: client.orders.cancel_order(reference="order-1"),  # 409, empty
            lambda: client.orders.get_order_info(reference="never-added"),  # 410, empty
        )
        for call in calls:
            with contextlib.suppress(CloudCoreError):
                call()
        add_order(client, "variant-2")
        client.orders.list_orders()
        report = running.report()
    assert report["violations"] == 0, findings(report)
    operations = report["operations"]
    assert operations["quoteOrder"]["load_answers"] == 1
    assert operations["getProductInfo"]["load_answers"] == 1
    assert operations["listProducts"]["statuses"]["403"] == 1
    assert operations["cancelOrder"]["statuses"]["409"] == 1
    assert operations["getOrderInfo"]["statuses"]["410"] == 1


def test_an_unknown_field_is_tolerated_by_default_and_a_violation_against_a_strict_upstream() -> None:
    def traffic(running: Stack) -> dict[str, Any]:
        running.post("/shipping/levels", {"apikey": KEY, "sdk_version": "2.1"})
        return running.report()

    with stack(simulator()) as running:
        report = traffic(running)
        assert report["violations"] == 0
        assert report["operations"]["listShippingLevels"]["unknown_fields_tolerated"] == 1
    with stack(simulator(strict=True), strict=True) as running:
        report = traffic(running)  # refused with 400, as that upstream should: the service's own error
        assert report["violations_by_kind"] == {"invalid-request": 1}, findings(report)
