"""What the page needs from the simulator it is mounted in, as a protocol.

The page reads state through the same services as the API (store, clock, order rules, webhook
outbox) and checks keys the same way; it depends on nothing else of the app's wiring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from ..clock import VirtualClock
from ..orders import OrderService
from ..store import Store
from ..webhooks import WebhookEmitter

__all__ = ["Host"]

T = TypeVar("T")


class Host(Protocol):
    """The simulator's per-app state, as the app builds it once and hands it to its routes."""

    store: Store
    clock: VirtualClock
    orders: OrderService
    webhooks: WebhookEmitter | None

    def account_for(self, key: object) -> str | None:
        """The account of a configured key (constant time), or None."""

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Call a store-touching function, off the event loop when the store may block."""
