"""What the page shows of one account, read in-process through the same services the API uses.

Orders, newest first, one page of ``PAGE_SIZE`` at a time, filtered by reference, state and
"has failed signals" (`OrderQuery`); each shown order's ``orders/info`` and ``orders/log``
answers on the virtual clock; the quote hashes still valid; and every CloudSignal the shown
orders have produced so far, joined with what the webhook outbox knows of its delivery.
Filtering reads each order's state from its timeline, never through ``orders/info``: only the
orders of the page cost a full answer, so an account of thousands renders as fast as one page.
Everything here is plain data for the template.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode

import orjson

from ..clock import format_iso
from ..errors import ApiError
from ..lifecycle import STATE_CODES, status_at, timeline
from ..model import OrderRecord
from ..outbox import EntryStatus
from ..webhooks import signal_payload
from .host import Host

__all__ = [
    "MAX_SIGNALS",
    "PAGE_SIZE",
    "AccountView",
    "OrderQuery",
    "OrderView",
    "SignalView",
    "account_view",
    "next_event_at",
]

PAGE_SIZE: Final = 20
"""Orders per page, newest first."""
MAX_SIGNALS: Final = 300
"""The newest signals of the shown orders, at most."""
MAX_REFERENCE_FILTER: Final = 200
"""A longer reference filter is cut (no order reference the page shows is that long to type)."""


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """Which orders the page lists: a reference substring, a state, failed signals only, a page."""

    reference: str = ""
    state: int | None = None
    failed_signals: bool = False
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> OrderQuery:
        """From the page's query string; a value that is not one the form offers is ignored."""
        state = params.get("state", "")
        page = params.get("page", "")
        return cls(
            reference=params.get("reference", "").strip()[:MAX_REFERENCE_FILTER],
            state=int(state) if state.isascii() and state.isdigit() and int(state) in STATE_CODES else None,
            failed_signals=params.get("failed") == "1",
            page=max(1, int(page)) if page.isascii() and page.isdigit() and len(page) < 7 else 1,
        )

    @property
    def filtered(self) -> bool:
        return bool(self.reference) or self.state is not None or self.failed_signals

    def params(self, **changes: Any) -> str:
        """This query (with ``changes``) as a query string for the page's links, defaults left out."""
        query = dataclasses.replace(self, **changes)
        pairs: list[tuple[str, str]] = []
        if query.reference:
            pairs.append(("reference", query.reference))
        if query.state is not None:
            pairs.append(("state", str(query.state)))
        if query.failed_signals:
            pairs.append(("failed", "1"))
        if query.page > 1:
            pairs.append(("page", str(query.page)))
        return urlencode(pairs)

    def matches(self, order: OrderRecord, now: float, failed: set[str]) -> bool:
        if self.reference and self.reference.casefold() not in order.reference.casefold():
            return False
        if self.failed_signals and order.reference not in failed:
            return False
        return self.state is None or status_at(order, now).state == self.state


@dataclass(frozen=True, slots=True)
class OrderView:
    """One order: the ``orders/info`` answer and its ``orders/log`` rows (with state codes)."""

    info: dict[str, Any]
    log: list[dict[str, str]]
    next_event: str | None


@dataclass(frozen=True, slots=True)
class SignalView:
    """One CloudSignal of the account and where its delivery stands."""

    at: str
    type: str
    order_reference: str
    item_reference: str
    payload: str  # pretty JSON, as posted (minus ``apikey``)
    status: str  # delivered, pending, failed, queued, not sent
    attempts: int
    last_status: int | None
    last_error: str
    next_retry: str  # "in 3 s" for a pending entry that was tried already


@dataclass(frozen=True, slots=True)
class AccountView:
    """Everything the page shows for one account, as of one virtual instant."""

    now: str
    speed: float
    order_count: int
    orders: list[OrderView]
    quotes: list[dict[str, str]]
    webhooks_enabled: bool
    query: OrderQuery = field(default_factory=OrderQuery)
    matching: int = 0  # orders that match the query, on all pages
    pages: int = 1
    first: int = 0  # 1-based position of the page's first order among the matching ones (0: none)
    signals: list[SignalView] = field(default_factory=list)
    next_event: str | None = None
    dropped_signals: int = 0
    """Failed signals whose record the outbox dropped (its retention limit); shown as ``dropped``."""


def next_event_at(simulator: Host, account: str, now: float) -> float | None:
    """The virtual instant of the account's next order event (state change or signal), if any."""
    upcoming = (
        event.at for order in simulator.store.list_orders(account) for event in timeline(order) if event.at > now
    )
    return min(upcoming, default=None)


def _pretty(payload: bytes) -> str:
    return orjson.dumps(orjson.loads(payload), option=orjson.OPT_INDENT_2).decode()


def _signal(
    entry: EntryStatus | None,
    payload: bytes,
    at: float,
    cursor: float | None,
    origin: float | None,
    wall: float,
    dropped_until: float | None = None,
) -> SignalView:
    data: dict[str, Any] = orjson.loads(payload)
    if entry is None:
        # Delivered entries are pruned once the emitter's cursor passes them; before, not yet queued.
        # Signals due before webhooks were first switched on (the origin) were never sent at all.
        # Up to the latest failed entry the retention limit dropped, a missing record may be either.
        if origin is not None and at < origin:
            status = "not sent"
        elif dropped_until is not None and at <= dropped_until:
            status = "dropped"
        else:
            status = "delivered" if cursor is not None and at < cursor else "queued"
        attempts, last_status, last_error, next_retry = 0, None, "", ""
    else:
        status, attempts, last_status, last_error = entry.state, entry.attempts, entry.last_status, entry.last_error
        waiting = entry.state == "pending" and entry.attempts > 0 and entry.next_at > wall
        next_retry = f"in {entry.next_at - wall:.0f} s" if waiting else ""
    return SignalView(
        at=format_iso(at),
        type=str(data.get("type", "")),
        order_reference=str(data.get("order_reference", "")),
        item_reference=str(data.get("item_reference", "")),
        payload=_pretty(payload),
        status=status,
        attempts=attempts,
        last_status=last_status,
        last_error=last_error,
        next_retry=next_retry,
    )


def _signals(
    simulator: Host, account: str, entries: list[EntryStatus], orders: list[OrderRecord], known: set[str], now: float
) -> list[SignalView]:
    """The signals of ``orders`` (those the page shows), plus outbox entries of no known order."""
    emitter = simulator.webhooks
    cursor = emitter.outbox.cursor() if emitter is not None else None
    origin = emitter.outbox.origin() if emitter is not None else None
    shown = {order.reference for order in orders}
    kept = {
        (e.order_reference, e.payload): e
        for e in entries
        if e.order_reference in shown or e.order_reference not in known
    }
    dropped_until = emitter.outbox.dropped_until(account) if emitter is not None else None
    wall = time.time()
    found: list[tuple[float, SignalView]] = []
    for order in orders:
        for event in timeline(order):
            if event.signal is None or event.at > now:
                continue
            payload = orjson.dumps(signal_payload(order, event))
            entry = kept.pop((order.reference, payload), None)
            view = _signal(entry, payload, event.at, cursor, origin, wall, dropped_until)
            if emitter is None:
                view = dataclasses.replace(view, status="not sent")
            found.append((event.at, view))
    # Entries whose order changed or went away since (none in practice) are shown rather than hidden.
    found.extend((e.at, _signal(e, e.payload, e.at, cursor, origin, wall)) for e in kept.values())
    found.sort(key=lambda pair: pair[0])  # stable: an order's same-instant signals keep their order
    return [view for _, view in reversed(found[-MAX_SIGNALS:])]


def account_view(simulator: Host, account: str, query: OrderQuery | None = None) -> AccountView:
    """The account as of now, one page of its orders (blocking: call it through ``Host.run``)."""
    query = query or OrderQuery()
    now = simulator.clock.now()
    records = simulator.store.list_orders(account)
    emitter = simulator.webhooks
    entries = emitter.outbox.entries(account) if emitter is not None else []
    failed = {entry.order_reference for entry in entries if entry.state == "failed"}
    newest_first = records[::-1]
    matching = [r for r in newest_first if query.matches(r, now, failed)] if query.filtered else newest_first
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    query = dataclasses.replace(query, page=min(query.page, pages))
    start = (query.page - 1) * PAGE_SIZE
    shown = matching[start : start + PAGE_SIZE]
    orders: list[OrderView] = []
    for record in shown:
        try:
            info = simulator.orders.info(account, record.reference)
        except ApiError:
            continue  # reset meanwhile
        rows = simulator.orders.log(account, record.reference) or []
        log = [{**row, "state_code": STATE_CODES.get(int(row["state"]), "")} for row in rows]
        upcoming = min((e.at for e in timeline(record) if e.at > now), default=None)
        orders.append(OrderView(info, log, None if upcoming is None else format_iso(upcoming)))
    quotes = [
        {
            "hash": quote.hash,
            "shipping_level": quote.shipping_level,
            "country": quote.country,
            "items": ", ".join(sorted(quote.item_references)),
            "expires": format_iso(quote.expires_at),
        }
        for quote in simulator.store.valid_quotes(account, now)
    ]
    upcoming_any = next_event_at(simulator, account, now)
    return AccountView(
        now=format_iso(now),
        speed=simulator.clock.speed,
        order_count=len(records),
        orders=orders,
        query=query,
        matching=len(matching),
        pages=pages,
        first=start + 1 if shown else 0,
        quotes=quotes,
        webhooks_enabled=simulator.webhooks is not None,
        signals=_signals(simulator, account, entries, shown, {r.reference for r in records}, now),
        next_event=None if upcoming_any is None else format_iso(upcoming_any),
        dropped_signals=simulator.webhooks.outbox.counts(account)["dropped"] if simulator.webhooks else 0,
    )
