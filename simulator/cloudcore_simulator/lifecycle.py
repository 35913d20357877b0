"""Order states over virtual time, as a deterministic per-order timeline of events.

An order's whole future is a pure function of its record: creation time, items and (at most one)
intervention. ``orders/info`` and ``orders/log`` read the timeline up to "now"; a webhook sender
(issue 6) asks :func:`events_between` which signals became due between two virtual instants,
so nothing has to run in the background and replays are exact.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from .model import Intervention, OrderRecord
from .simulated import CANCEL_CAUSE, ITEM_ERROR_CAUSES, ITEM_ERROR_DELAY, STATE_CODES

__all__ = [
    "CANCELED",
    "CANCEL_CAUSE",
    "COMPLETE",
    "ERROR_STATES",
    "MAX_DURATION",
    "STATE_CODES",
    "Event",
    "OrderStatus",
    "Signal",
    "events_between",
    "status_at",
    "timeline",
]

NEW: Final = 1
COMPLETE: Final = 100
CANCELED: Final = 500

ERROR_STATES: Final = frozenset({7, 11, 31, 35, 39, 41})

# Seconds after creation at which the order enters each pre-production state.
ORDER_STEPS: Final = ((0, 1), (60, 5), (120, 6), (180, 10), (300, 15), (420, 30), (600, 32), (660, 40), (900, 45))
PRODUCE_AFTER: Final = 3600  # production of the first item starts one hour after creation
MAX_DURATION: Final = PRODUCE_AFTER + 1800 + 8 * 3600 + 3600 + 2 * 3600 + 1
"""Upper bound on an uninterrupted timeline: an order created before ``t - MAX_DURATION`` is done."""

_NO_DATA: Final[Mapping[str, str]] = MappingProxyType({})
CARRIERS: Final = MappingProxyType({"cp_postal": "RR", "cp_ground": "1Z", "cp_saver": "1Z", "cp_fast": "JD"})


class Signal(StrEnum):
    """CloudSignal webhook types that the timeline emits."""

    ORDER_VALIDATED = "CloudprinterOrderValidated"
    ORDER_CANCELED = "CloudprinterOrderCanceled"
    ITEM_VALIDATED = "ItemValidated"
    ITEM_PRODUCE = "ItemProduce"
    ITEM_PRODUCED = "ItemProduced"
    ITEM_PACKED = "ItemPacked"
    ITEM_SHIPPED = "ItemShipped"
    ITEM_ERROR = "ItemError"
    ITEM_CANCELED = "ItemCanceled"


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happens to an order at virtual time ``at``.

    ``state`` is set when the order enters a new state (one ``orders/log`` row); ``signal`` when a
    webhook would be sent; ``data`` carries the signal's extra fields (tracking, cause, ...).
    """

    at: float
    state: int | None = None
    signal: Signal | None = None
    item_reference: str | None = None
    data: Mapping[str, str] = field(default_factory=lambda: _NO_DATA)  # shared: cached timelines stay small


@dataclass(frozen=True, slots=True)
class OrderStatus:
    """The order as seen at one instant: state, log rows and per-item shipping details."""

    state: int
    log: tuple[tuple[float, int], ...]
    tracking: Mapping[str, str]
    cancelable: bool


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x00".join(parts).encode()).digest()


def tracking_code(account: str, order_reference: str, item_reference: str, shipping_level: str) -> str:
    """A plausible, stable tracking code for a shipped item."""
    number = int.from_bytes(_digest("track", account, order_reference, item_reference)[:8], "big") % 10**12
    return f"{CARRIERS.get(shipping_level, 'CP')}{number:012d}"


_ItemKey = tuple[str, str, str]  # (reference, shipping level, shipping option)

TIMELINE_CACHE = 10_000
"""Uninterrupted timelines kept computed (a few KiB each for a few items): enough for the page's filters
over an account of thousands of orders; any other is recomputed, it is a pure function."""


def _natural(order: OrderRecord) -> tuple[Event, ...]:
    items = tuple((i.reference, i.shipping_level, i.shipping_option) for i in order.items)
    return _build_natural(order.account, order.reference, order.created_at, items)


@functools.lru_cache(maxsize=TIMELINE_CACHE)
def _build_natural(account: str, reference: str, t0: float, items: tuple[_ItemKey, ...]) -> tuple[Event, ...]:
    """The uninterrupted timeline: a pure function of its arguments, so it is cached."""
    events: list[Event] = []
    for offset, state in ORDER_STEPS:
        events.append(Event(t0 + offset, state=state))
        if state == 6:
            events.append(Event(t0 + offset, signal=Signal.ORDER_VALIDATED))
            events.extend(Event(t0 + offset, signal=Signal.ITEM_VALIDATED, item_reference=i[0]) for i in items)
    last_shipped = t0
    for item_reference, level, option in items:
        j = int.from_bytes(_digest(account, reference, item_reference)[:4], "big") / 2**32
        produce = t0 + PRODUCE_AFTER + round(j * 1800)
        produced = produce + 4 * 3600 + round(j * 4 * 3600)
        packed = produced + 3600
        shipped = packed + 2 * 3600
        last_shipped = max(last_shipped, shipped)
        tracking = tracking_code(account, reference, item_reference, level)
        events.append(Event(produce, signal=Signal.ITEM_PRODUCE, item_reference=item_reference))
        events.append(Event(produced, signal=Signal.ITEM_PRODUCED, item_reference=item_reference))
        events.append(Event(packed, signal=Signal.ITEM_PACKED, item_reference=item_reference))
        events.append(
            Event(
                shipped,
                signal=Signal.ITEM_SHIPPED,
                item_reference=item_reference,
                data=MappingProxyType({"tracking": tracking, "shipping_option": option}),
            )
        )
    events.append(Event(last_shipped + 1, state=COMPLETE))
    events.sort(key=lambda event: event.at)  # stable: same-instant events keep their order
    return tuple(events)


def _canceled(order: OrderRecord, at: float) -> list[Event]:
    # The only cancel the simulator knows is the client's own orders/cancel: CancelUserRequest.
    why = MappingProxyType({"cause": CANCEL_CAUSE})
    events = [Event(at, state=CANCELED, signal=Signal.ORDER_CANCELED, data=why)]
    events.extend(Event(at, signal=Signal.ITEM_CANCELED, item_reference=i.reference, data=why) for i in order.items)
    return events


def _interrupted(order: OrderRecord, events: tuple[Event, ...], intervention: Intervention) -> list[Event]:
    kept = [event for event in events if event.at <= intervention.at]
    at = intervention.at
    if intervention.kind == "cancel":
        kept.extend(_canceled(order, at))
    else:
        kept.append(Event(at, state=intervention.state))
        cause = ITEM_ERROR_CAUSES.get(intervention.state, "MiscError")
        kept.extend(
            Event(
                at,
                signal=Signal.ITEM_ERROR,
                item_reference=i.reference,
                data={"cause": cause, "delay": ITEM_ERROR_DELAY},
            )
            for i in order.items
        )
        if intervention.canceled_at is not None:  # a failed order the client then canceled
            kept.extend(_canceled(order, intervention.canceled_at))
    return kept


def timeline(order: OrderRecord) -> tuple[Event, ...]:
    """Every event of the order, past and future, in time order."""
    if order.intervention is None:
        return _natural(order)
    return tuple(_interrupted(order, _natural(order), order.intervention))


def status_at(order: OrderRecord, now: float) -> OrderStatus:
    """The order's state, log and tracking as of virtual time ``now``."""
    log: list[tuple[float, int]] = []
    tracking: dict[str, str] = {}
    production_started = False
    for event in timeline(order):
        if event.at > now:
            break
        if event.state is not None:
            log.append((event.at, event.state))
        if event.signal is Signal.ITEM_PRODUCE:
            production_started = True
        elif event.signal is Signal.ITEM_SHIPPED and event.item_reference is not None:
            tracking[event.item_reference] = event.data["tracking"]
    state = log[-1][1] if log else NEW
    # Cancelable until production starts (the simulator's cut-off: the state may still read 45),
    # and in an error state, where the order is stuck (no source forbids canceling it).
    cancelable = state in ERROR_STATES or (not production_started and state not in (COMPLETE, CANCELED))
    return OrderStatus(state, tuple(log), tracking, cancelable)


def events_between(orders: Iterable[OrderRecord], t0: float, t1: float) -> Iterator[tuple[OrderRecord, Event]]:
    """Events with ``t0 < at <= t1`` of the given orders, in time order (for webhook delivery).

    Callers pass the orders that can have such events: those created after ``t0 - MAX_DURATION``
    and those with an intervention after ``t0`` (see ``Store.orders_active_between``).
    """
    due = [(event, order) for order in orders for event in timeline(order) if t0 < event.at <= t1]
    due.sort(key=lambda pair: pair[0].at)
    for event, order in due:
        yield order, event
