"""A whole order life through the generated client against the simulator.

Quote, add with the quote hash, info, log, then either cancel or let the virtual clock run to
completion; sync over a real loopback server and async in-process (httpx's ASGI transport).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Protocol

import httpx
import pytest

from cloudcore_client import (
    AsyncCloudCore,
    BadRequestError,
    CloudCore,
    ConflictError,
    NotFoundError,
    RetryPolicy,
)
from cloudcore_client.models import OrderItem, OrderState, Quote, QuoteItem
from cloudcore_client.types import UNSET
from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.testing import SimulatorServer
from tests.client.programs.every_operation import ADDRESS, order_items

KEY = "life-key-8c1f2e"
DAY = 86_400.0


class Advance(Protocol):
    def __call__(self, seconds: float) -> object: ...


def quote_items(reference: str) -> list[QuoteItem]:
    return [
        QuoteItem(reference=item.reference, product=item.product, count=item.count, options=item.options)
        for item in order_items(reference)
    ]


def items_with_quote(reference: str, quote: Quote) -> list[OrderItem]:
    """The order's items shipped with the quote's cheapest shipping choice instead of a level."""
    cheapest = min(quote.shipments[0].quotes, key=lambda choice: float(choice.price))
    items = order_items(reference)
    for item in items:
        item.shipping_level = UNSET
        item.quote = cheapest.quote
    return items


def _levels(client_quote: Quote) -> set[str]:
    return {choice.shipping_level for choice in client_quote.shipments[0].quotes}


def sync_order_life(client: CloudCore, advance: Advance) -> None:
    quote = client.orders.quote_order(country="DE", items=quote_items("life-1"))
    assert _levels(quote)
    assert _levels(quote) <= {"cp_postal", "cp_ground", "cp_saver", "cp_fast"}
    assert all(len(choice.quote) == 64 for choice in quote.shipments[0].quotes)

    added = client.orders.add_order(
        reference="life-1", email="ops@example.com", addresses=[ADDRESS], items=items_with_quote("life-1", quote)
    )
    assert added.order == "life-1"
    info = client.orders.get_order_info(reference="life-1")
    assert (info.state, info.state_code, info.is_cancelable) == (OrderState.NEW, "order_state_new", True)
    assert [(item.reference, item.name, item.count) for item in info.items] == [
        ("life-1-1", "book_hardcover_21x30", "5")
    ]
    assert [entry.state for entry in client.orders.get_order_log(reference="life-1")] == [OrderState.NEW]

    # Past the last shipment the order is complete, every item tracked, every state logged.
    advance(2 * DAY)
    info = client.orders.get_order_info(reference="life-1")
    assert (info.state, info.state_code) == (OrderState.COMPLETE, "order_state_complete")
    assert all(item.tracking and item.shipping_option for item in info.items)
    states = [entry.state for entry in client.orders.get_order_log(reference="life-1")]
    assert states == [1, 5, 6, 10, 15, 30, 32, 40, 45, 100]
    assert all(state.is_known for state in states)
    with pytest.raises(ConflictError) as late:
        client.orders.cancel_order(reference="life-1")
    assert late.value.status_code == 409

    # A second order is canceled before production: state 500, logged last.
    client.orders.add_order(
        reference="life-2", email="ops@example.com", addresses=[ADDRESS], items=order_items("life-2")
    )
    advance(120)
    client.orders.cancel_order(reference="life-2")
    info = client.orders.get_order_info(reference="life-2")
    assert (info.state, info.is_cancelable) == (OrderState.CANCELED, False)
    assert [entry.state for entry in client.orders.get_order_log(reference="life-2")][-1] is OrderState.CANCELED
    assert [o.reference for o in client.orders.list_orders()] == ["life-1", "life-2"]

    # A quote expires 48 virtual hours after it was made.
    stale = client.orders.quote_order(country="DE", items=quote_items("life-3"))
    advance(48 * 3600 + 1)
    with pytest.raises(BadRequestError) as expired:
        client.orders.add_order(
            reference="life-3", email="ops@example.com", addresses=[ADDRESS], items=items_with_quote("life-3", stale)
        )
    assert expired.value.info == "Quote hash not found or expired"

    with pytest.raises(NotFoundError) as gone:
        client.orders.get_order_info(reference="never-added")
    assert gone.value.status_code == 410


@pytest.fixture
def loopback() -> Iterator[SimulatorServer]:
    with SimulatorServer([KEY]) as server:
        yield server


def test_order_life_sync_over_loopback(loopback: SimulatorServer) -> None:
    with CloudCore(KEY, base_url=loopback.base_url, retry=RetryPolicy(max_retries=0)) as client:
        sync_order_life(client, loopback.advance)


def test_order_life_async_in_process() -> None:
    asyncio.run(async_order_life())


async def async_order_life() -> None:
    clock = VirtualClock(start=1_767_225_600.0, speed=0)
    app = create_app([KEY], clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with AsyncCloudCore(KEY, base_url="http://127.0.0.1/cloudcore/1.0", transport=transport) as client:
        quote = await client.orders.quote_order(country="DE", items=quote_items("async-1"))
        await client.orders.add_order(
            reference="async-1", email="ops@example.com", addresses=[ADDRESS], items=items_with_quote("async-1", quote)
        )
        assert (await client.orders.get_order_info(reference="async-1")).state is OrderState.NEW
        clock.advance(2 * DAY)
        info = await client.orders.get_order_info(reference="async-1")
        assert info.state is OrderState.COMPLETE
        assert all(item.tracking for item in info.items)
        log = await client.orders.get_order_log(reference="async-1")
        assert [entry.state for entry in log][-1] is OrderState.COMPLETE

        await client.orders.add_order(
            reference="async-2", email="ops@example.com", addresses=[ADDRESS], items=order_items("async-2")
        )
        await client.orders.cancel_order(reference="async-2")
        assert (await client.orders.get_order_info(reference="async-2")).state is OrderState.CANCELED
        with pytest.raises(ConflictError):
            await client.orders.cancel_order(reference="async-2")
