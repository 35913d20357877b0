"""What every request works with, built once per app: keys, store, clock, rules and listings.

The API endpoints, their handlers and the control routes all receive one
:class:`RequestContext`; none of them reaches for module globals or for the app object.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import anyio.to_thread
from starlette.requests import Request

from .accounts import KeyRing
from .clock import VirtualClock
from .listings import Listings
from .orders import OrderService
from .request_body import BODY_TIMEOUT, authenticated_body, read_object
from .simulated import Realism
from .store import Store
from .webhooks import WebhookEmitter

__all__ = ["RequestContext"]

T = TypeVar("T")


class RequestContext:
    """Everything a request needs, built once: keys, store, clock, rules and prebuilt answers."""

    def __init__(
        self,
        api_keys: Sequence[str],
        store: Store,
        clock: VirtualClock,
        max_body: int,
        control_token: str | None = None,
        realism: Realism = Realism.SOURCES,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        if max_body < 1:
            raise ValueError("max_body must be at least 1 byte")
        if not (math.isfinite(body_timeout) and body_timeout > 0):
            raise ValueError("body_timeout must be a finite number of seconds > 0")
        self.keys = KeyRing(api_keys, control_token)
        self.store = store
        self.clock = clock
        self.orders = OrderService(store, clock, realism)
        self.listings = Listings()
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.webhooks: WebhookEmitter | None = None
        """The CloudSignal emitter, when a webhook URL is configured."""

    def account_for(self, key: object) -> str | None:
        """The account of a configured key (constant time), or None."""
        return self.keys.account_for(key)

    def wake_webhooks(self) -> None:
        """Have the webhook emitter look for due signals now (after a clock jump, a cancel, an error)."""
        if self.webhooks is not None:
            self.webhooks.wake()

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Call a store-touching function; off the event loop when the store may block on disk."""
        if self.store.blocking:
            return await anyio.to_thread.run_sync(functools.partial(function, *args))
        return function(*args)

    async def reset(self, account: str | None) -> None:
        """Forget one account's orders, quotes and signals, or everyone's.

        With webhooks, atomically with respect to the emitter: once this returns, no signal of a
        forgotten order is queued, in flight or sent (see :meth:`WebhookEmitter.reset`).
        """
        if self.webhooks is None:
            await self.run(self.store.reset, account)
        else:
            await self.webhooks.reset(account, self.store.reset)

    async def read_object(self, request: Request) -> dict[str, Any]:
        """The request's JSON object body (see :mod:`request_body`)."""
        return await read_object(request, self.max_body, self.body_timeout)

    async def authenticated_body(self, request: Request) -> tuple[dict[str, Any], str]:
        """The JSON object body and the account of its ``apikey`` (400, then 403)."""
        return await authenticated_body(request, self.max_body, self.keys, self.body_timeout)
