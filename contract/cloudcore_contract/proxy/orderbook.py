"""What the proxy remembers of orders, to judge later answers by earlier ones (bounded).

The contract suite's stateful checks follow an order it added or cancelled with requests of its
own. The proxy makes no request of its own: it remembers what the service's traffic did (an order
added with a 201, a cancel answered 200) and judges the answers that traffic asks for later (the
list, the info, the log), as ``added_order_visible``, ``cancel_reflected`` and
``foreign_order_invisible`` do. Orders are keyed by account fingerprint and reference (references
are unique per account, not across accounts).

Bounded: at most ``max_orders`` orders are remembered, the oldest forgotten first; each keeps only
the fields the checks compare (``facts.order_summary``), every text clipped to ``CLIP`` characters.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..facts import order_summary

__all__ = ["CLIP", "DEFAULT_MAX_ORDERS", "OrderBook", "Remembered", "sent_order"]

DEFAULT_MAX_ORDERS: Final = 5000
#: Characters kept of each text an order's check compares (``facts.order_summary``).
CLIP: Final = 200


def sent_order(body: Mapping[str, Any]) -> dict[str, Any]:
    """What ``orders/info`` must show again of a schema-valid ``orders/add`` body, texts clipped."""
    return order_summary(body, CLIP)


@dataclass(slots=True)
class Remembered:
    """One order: what was sent (None: not added through the proxy) and when it was added/cancelled."""

    account: str
    reference: str
    sent: dict[str, Any] | None = None
    added_at: float | None = None
    cancelled_at: float | None = None


class OrderBook:
    """Orders added or cancelled through the proxy, per account; the oldest forgotten past the bound."""

    def __init__(self, max_orders: int = DEFAULT_MAX_ORDERS) -> None:
        if max_orders < 1:
            raise ValueError("max_orders must be at least 1")
        self.max_orders = max_orders
        self._orders: OrderedDict[tuple[str, str], Remembered] = OrderedDict()
        self._owners: dict[str, set[str]] = {}
        self._by_account: dict[str, dict[str, Remembered]] = {}
        self.forgotten = 0

    def __len__(self) -> int:
        return len(self._orders)

    def _entry(self, account: str, reference: str) -> Remembered:
        key = (account, reference)
        entry = self._orders.get(key)
        if entry is None:
            entry = self._orders[key] = Remembered(account, reference)
            self._by_account.setdefault(account, {})[reference] = entry
            while len(self._orders) > self.max_orders:
                self._forget()
        return entry

    def _forget(self) -> None:
        (account, reference), _ = self._orders.popitem(last=False)
        self.forgotten += 1
        owned = self._by_account.get(account)
        if owned is not None:
            owned.pop(reference, None)
            if not owned:
                del self._by_account[account]
        owners = self._owners.get(reference)
        if owners is not None:
            owners.discard(account)
            if not owners:
                del self._owners[reference]

    def added(self, account: str, reference: str, sent: dict[str, Any] | None, at: float) -> None:
        """An ``orders/add`` of ``reference`` by ``account`` was answered 201 at ``at``."""
        entry = self._entry(account, reference)
        entry.sent, entry.added_at = sent, at
        self._owners.setdefault(reference, set()).add(account)

    def cancelled(self, account: str, reference: str, at: float) -> None:
        """An ``orders/cancel`` of ``reference`` by ``account`` was answered 200 at ``at``."""
        entry = self._entry(account, reference)
        if entry.cancelled_at is None:
            entry.cancelled_at = at

    def get(self, account: str, reference: str) -> Remembered | None:
        return self._orders.get((account, reference))

    def of_account(self, account: str) -> Iterator[Remembered]:
        yield from list(self._by_account.get(account, {}).values())

    def foreign(self, account: str, reference: str, before: float) -> bool:
        """Whether ``reference`` was added (201, before ``before``) by other accounts and never by ``account``."""
        owners = self._owners.get(reference)
        if not owners or account in owners:
            return False
        for owner in owners:
            entry = self._orders.get((owner, reference))
            if entry is not None and entry.added_at is not None and entry.added_at <= before:
                return True
        return False
