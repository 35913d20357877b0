"""CloudSignal webhooks: the simulator posts each order's signals to one configured URL.

Two background tasks run in the app's lifespan:

- The **emitter** wakes every ``tick`` seconds (and at once after ``/_simulator/clock/advance``,
  a cancel or a forced error). It reads the virtual instant up to which all writes are visible
  (:class:`~cloudcore_simulator.fence.WriteFence`), takes every signal of the orders' timelines
  (:mod:`~cloudcore_simulator.lifecycle`) between its cursor and that instant, turns each into
  the payload of the spec's ``XxxSignal`` schema, and appends them to the outbox while moving the
  cursor, in one transaction (:mod:`~cloudcore_simulator.outbox`). It looks only at the orders
  written since its last pass and at those whose next signal has come due (a schedule by instant),
  so a pass costs O(written + due), however many orders are stored or pending.
- The **sender** posts due outbox entries as JSON, each delivery its own task. 200 or 204
  delivers an entry; anything else (another status, a connection error, the deadline) is retried
  after an exponential backoff with jitter, up to ``max_attempts`` tries in all, after which the
  entry is marked failed and kept. ``timeout`` is a deadline for the whole attempt (connect, send,
  every byte of the answer), so a receiver that trickles its answer cannot hold a delivery longer.
  After :data:`DOWN_AFTER` failed attempts in a row the receiver counts as down: the sender then
  sends one signal at a time (a probe), spaced like retries (up to ``backoff_cap``), until one is
  delivered; the other signals wait without using up their attempts. A dead receiver with 20,000
  signals pending so costs a probe per backoff, not 20,000 connection attempts per round.
  WARNING lines about failed signals are limited to :data:`LOG_BURST` per :data:`LOG_WINDOW` s.

Signals of one order go out strictly one after another, in timeline order: a later signal waits
while an earlier one is retried. A receiver that sees ``ItemShipped`` before ``ItemProduced`` of
the same item, or ``ItemCanceled`` before the order's ``CloudprinterOrderCanceled``, would apply a
state transition to a state it does not know yet; strict per-order order spares every receiver
that reordering logic. Different orders do not wait for each other: up to ``concurrency`` orders'
deliveries are in flight at once, and a new one starts as soon as any finishes, so a stalled
receiver call holds back its own order only. A failed entry no longer holds its order's later
signals back.

Delivery is at least once: an entry is marked delivered after the receiver's answer, so a crash
between the two (or a shutdown during a request) sends it again. Receivers must be idempotent,
e.g. keyed by ``(type, order, item, datetime)``, as Cloudprinter's own retries require anyway.

All store and outbox work runs in a worker thread, on connections of its own when the state is in
SQLite, so it never holds up the request path. A reset (:meth:`WebhookEmitter.reset`) runs under
the emitter's lock and waits for the reset accounts' deliveries in flight, so no signal of a reset
order is queued or sent after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import heapq
import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import anyio.to_thread
import httpx
import orjson

from .clock import format_iso
from .fence import WriteFence
from .lifecycle import Event, timeline
from .model import OrderRecord, item_id_for
from .outbox import Delivery, Outbox, OutboxEntry, Outcome
from .store import ChangeLog, Store
from .validation import printable

__all__ = ["DOWN_AFTER", "MAX_ATTEMPTS_LIMIT", "FailureLog", "WebhookConfig", "WebhookEmitter", "signal_payload"]

MAX_ATTEMPTS_LIMIT: Final = 1000
MAX_SECONDS: Final = 86400.0
"""Longest backoff, tick or delivery deadline (a day)."""
MAX_CONCURRENCY: Final = 1000
RECENT: Final = 20
#: How long stopping waits for the emitter's and sender's tasks to end once cancelled (an emitter
#: pass already running in its worker thread finishes first); any still running are logged and left.
STOP_WAIT: Final = 10.0
DOWN_AFTER: Final = 8
"""Failed attempts in a row (any orders) after which the receiver counts as down and is only probed."""
LOG_BURST: Final = 10
LOG_WINDOW: Final = 60.0
"""At most LOG_BURST WARNING lines about failed signals per LOG_WINDOW seconds; the rest are counted."""
_log = logging.getLogger("cloudcore_simulator.webhooks")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where and how to deliver signals. Times are real seconds; the key is never shown or logged.

    ``url``: every account's signals are posted here. ``key``: the webhook key sent as ``apikey``
    (a secret of its own, not an API key). ``max_attempts``: tries per signal before it is marked
    failed. Retry ``n`` waits ``min(backoff_cap, backoff_base * 2**(n-1))`` times a random factor
    in [0.5, 1]. ``tick``: how often the emitter looks for due signals. ``timeout``: the deadline
    of one whole attempt. ``concurrency``: requests in flight at once (to different orders).
    All numbers must be finite; times at most :data:`MAX_SECONDS`.
    """

    url: str
    key: str = field(repr=False)
    _: KW_ONLY
    max_attempts: int = 10
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    tick: float = 0.5
    timeout: float = 10.0
    concurrency: int = 8

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the webhook URL must be an absolute http(s) URL")
        if not self.key:
            raise ValueError("the webhook key must not be empty")
        if not 1 <= self.max_attempts <= MAX_ATTEMPTS_LIMIT:
            raise ValueError(f"max_attempts must be between 1 and {MAX_ATTEMPTS_LIMIT}")
        times = (self.backoff_base, self.backoff_cap, self.tick, self.timeout)
        if not all(math.isfinite(t) and 0 < t <= MAX_SECONDS for t in times):
            raise ValueError(f"backoff, backoff cap, tick and timeout must be > 0 and at most {MAX_SECONDS:.0f} s")
        if self.backoff_base > self.backoff_cap:
            raise ValueError("backoff_base must be <= backoff_cap")
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}")

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failed try."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** min(attempts - 1, 60))
        return ceiling * random.uniform(0.5, 1.0)


def signal_payload(order: OrderRecord, event: Event) -> dict[str, str]:
    """The body of the event's signal as the spec's ``XxxSignal`` schema has it, without ``apikey``.

    ``order`` and ``item`` are Cloudprinter-side ids, stable digits derived from account and
    references; ``datetime`` is the event's virtual instant in ISO 8601 with offset.
    """
    if event.signal is None:
        raise ValueError("the event has no signal")
    payload = {
        "type": str(event.signal),
        "order": order.order_id,
        "order_reference": order.reference,
        "datetime": format_iso(event.at),
    }
    if event.item_reference is not None:
        payload["item"] = item_id_for(order.account, order.reference, event.item_reference)
        payload["item_reference"] = event.item_reference
    payload.update(event.data)
    return payload


def _entry(order: OrderRecord, event: Event) -> OutboxEntry:
    identity = "\x00".join(
        (order.account, order.reference, repr(order.created_at), str(event.signal), event.item_reference or "")
    )
    key = hashlib.sha256(f"{identity}\x00{event.at!r}".encode()).hexdigest()[:32]
    # A right-sized copy: orjson's bytes keep its 4 KiB write buffer, and pending entries are kept.
    payload = bytes(memoryview(orjson.dumps(signal_payload(order, event))))
    return OutboxEntry(key, order.account, order.reference, event.at, payload)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Until ``event`` is set or ``seconds`` have passed; a cancellation always goes through.

    ``asyncio.timeout``, not ``asyncio.wait_for``: on Python 3.11, ``wait_for`` returns normally
    when its task is cancelled in the loop iteration that also sets the event (the cancellation
    is lost), and the loops around this wait then never ended: the server never stopped.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()


class FailureLog:
    """The WARNING lines about failed signals, at most :data:`LOG_BURST` per :data:`LOG_WINDOW` seconds.

    A dead receiver fails every signal; one line each would flood the log. Lines beyond the budget
    are counted, and the next line that is written says how many were left out.
    """

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, redact: Callable[[str], str] | None = None
    ) -> None:
        self._monotonic = monotonic
        self._redact = redact or (lambda text: text)
        self._window_start = -math.inf
        self._written = 0
        self._skipped = 0

    def failed(self, signal_type: object, order_reference: str, attempts: int, error: str) -> None:
        """Log one failed signal, unless this window's budget is spent."""
        now = self._monotonic()
        if now - self._window_start >= LOG_WINDOW:
            self._window_start, self._written = now, 0
        if self._written >= LOG_BURST:
            self._skipped += 1
            return
        self._written += 1
        skipped, self._skipped = self._skipped, 0
        more = f"; {skipped} more failed signal(s) not logged before this one" if skipped else ""
        _log.warning(
            "CloudSignal %s of order %s failed after %d attempts (%s)%s",
            signal_type,
            printable(self._redact(order_reference), 80),
            attempts,
            error,
            more,
        )


class WebhookEmitter:
    """The emitter and sender tasks (see the module docstring), plus their status for the control API."""

    def __init__(
        self,
        config: WebhookConfig,
        outbox: Outbox,
        reader: Store,
        fence: WriteFence,
        *,
        owns_reader: bool = False,
        changes: ChangeLog | None = None,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.config = config
        self.outbox = outbox
        self._reader = reader
        self._owns_reader = owns_reader
        self._fence = fence
        self._changes = changes if changes is not None else reader.changes
        cursor = outbox.cursor()
        if cursor is None:
            raise ValueError("the outbox needs a cursor before the emitter starts")
        self._cursor = cursor
        self._generation = -1  # the first pass always scans
        self._emit_lock = threading.Lock()  # one emitter pass, or one reset, at a time
        self._schedule: list[tuple[float, str, str]] = []  # (next signal instant, account, reference), a heap
        self._planned: dict[tuple[str, str], float] = {}  # each order's valid schedule entry
        self._recent: deque[tuple[str, dict[str, Any]]] = deque(maxlen=RECENT * 8)  # (account, attempt)
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False  # the loops end at their next pass, even if a cancellation were lost
        self._inflight: dict[tuple[str, str], asyncio.Task[None]] = {}  # per order: its one delivery
        self._emit_wake: asyncio.Event | None = None
        self._send_wake: asyncio.Event | None = None
        self._failures = 0  # attempts failed in a row, any order
        self._probe_at = 0.0  # while the receiver is down: when the next probe may go
        self._failure_log = FailureLog(redact=redact)

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start both tasks on the running event loop (the app's lifespan calls this)."""
        self._emit_wake, self._send_wake = asyncio.Event(), asyncio.Event()
        self._stopping = False
        self._tasks = [
            asyncio.create_task(self._emit_loop(self._emit_wake, self._send_wake), name="cloudsignal-emitter"),
            asyncio.create_task(self._send_loop(self._send_wake), name="cloudsignal-sender"),
        ]

    async def stop(self) -> None:
        """Cancel both tasks (an unanswered delivery stays pending) and release the outbox.

        Bounded: the tasks get :data:`STOP_WAIT` seconds to end; the loops also check a flag, so
        one whose cancellation were lost still ends at its next pass.
        """
        self._stopping = True
        tasks = [*self._tasks, *self._inflight.values()]
        for task in tasks:
            task.cancel()
        if tasks:
            done, late = await asyncio.wait(tasks, timeout=STOP_WAIT)
            for task in done:  # the loops log their own failures: this is only what escaped them
                if not task.cancelled() and task.exception() is not None:
                    _log.error("webhook task %s ended with %r", task.get_name(), task.exception())
            if late:
                _log.error("%d webhook task(s) did not end within %g s of stopping", len(late), STOP_WAIT)
        self._tasks = []
        self._inflight.clear()
        with self._emit_lock:  # a pass still running in its worker thread ends first
            self.outbox.close()
            if self._owns_reader:
                self._reader.close()

    def wake(self) -> None:
        """Look for due signals now rather than at the next tick (call on the event loop)."""
        if self._emit_wake is not None:
            self._emit_wake.set()

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        if self.outbox.blocking:
            return await anyio.to_thread.run_sync(functools.partial(function, *args))
        return function(*args)

    # ---- emitter ------------------------------------------------------------------------------
    def emit_once(self) -> int:
        """Append the signals due between the cursor and the write horizon; returns how many are new.

        A pass looks only at the orders written since the last one (the store's
        :class:`~cloudcore_simulator.store.ChangeLog`) and at those whose next signal is due by
        now (its own schedule): O(written + due), not O(stored orders). The first pass, and one
        after more writes than the change log tracks, looks at every order that can still have
        a signal. The cursor instant itself is scanned again (a write may have stamped it after
        the last pass, on a frozen clock); the outbox drops what it already has by key.
        """
        with self._emit_lock:
            horizon, generation = self._fence.horizon()
            cursor = self._cursor
            if horizon < cursor or (horizon == cursor and generation == self._generation):
                return 0
            due: list[tuple[OrderRecord, Event]] = []
            for order in self._orders_to_look_at(cursor, horizon):
                upcoming = None
                for event in timeline(order):
                    if event.signal is None or event.at < cursor:
                        continue
                    if event.at > horizon:
                        upcoming = event.at
                        break
                    due.append((order, event))
                self._plan((order.account, order.reference), upcoming)
            due.sort(key=lambda pair: pair[1].at)  # stable: an order's same-instant signals keep their order
            added = self.outbox.append([_entry(order, event) for order, event in due], horizon)
            self._cursor, self._generation = horizon, generation
            return added

    def _orders_to_look_at(self, cursor: float, horizon: float) -> list[OrderRecord]:
        """Orders written since the last pass, and those whose next signal is due by ``horizon``."""
        written = self._changes.take()
        found: dict[tuple[str, str], OrderRecord] = {}
        if written is None:
            found = {(o.account, o.reference): o for o in self._reader.orders_active_between(cursor, horizon)}
        else:
            for account, reference in written:
                order = self._reader.get_order(account, reference)
                if order is not None:
                    found[account, reference] = order
        while self._schedule and self._schedule[0][0] <= horizon:
            at, account, reference = heapq.heappop(self._schedule)
            key = (account, reference)
            if self._planned.get(key) != at:
                continue  # replanned since
            del self._planned[key]
            if key not in found:
                order = self._reader.get_order(account, reference)
                if order is not None:  # None: reset meanwhile
                    found[key] = order
        return sorted(found.values(), key=lambda order: order.created_at)

    def _plan(self, key: tuple[str, str], upcoming: float | None) -> None:
        """Look at the order again when its next signal is due (never, for None)."""
        if self._planned.get(key) == upcoming:
            return
        if upcoming is None:
            self._planned.pop(key, None)
            return
        self._planned[key] = upcoming
        heapq.heappush(self._schedule, (upcoming, *key))

    async def _emit_loop(self, wake: asyncio.Event, send_wake: asyncio.Event) -> None:
        while not self._stopping:
            wake.clear()
            try:
                if await anyio.to_thread.run_sync(self.emit_once):
                    send_wake.set()
            except Exception:
                _log.exception("webhook emitter pass failed; retrying at the next tick")
            await _wait(wake, self.config.tick)

    # ---- sender -------------------------------------------------------------------------------
    @property
    def receiver_down(self) -> bool:
        """True after :data:`DOWN_AFTER` failed attempts in a row: the sender then only probes."""
        return self._failures >= DOWN_AFTER

    async def _send_loop(self, wake: asyncio.Event) -> None:
        config = self.config
        limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
        async with httpx.AsyncClient(
            timeout=config.timeout, limits=limits, trust_env=False, follow_redirects=False
        ) as client:
            while not self._stopping:
                wake.clear()
                try:
                    self._start_due(client, wake, await self._due())
                    next_due = await self._run(self.outbox.next_due)
                except Exception:
                    _log.exception("webhook sender pass failed; retrying shortly")
                    next_due = time.time() + config.tick
                if next_due is not None and self.receiver_down:
                    next_due = max(next_due, self._probe_at)
                delay = 1.0 if next_due is None else min(1.0, max(0.0, next_due - time.time()))
                await _wait(wake, delay)

    async def _due(self) -> list[Delivery]:
        """Due heads of orders with no delivery in flight, as many as there are free slots.

        While the receiver is down, one probe at a time, spaced like retries.
        """
        free = self.config.concurrency - len(self._inflight)
        if self.receiver_down:
            if self._inflight or time.time() < self._probe_at:
                return []
            free = 1
        if free <= 0:
            return []
        batch = await self._run(self.outbox.due, time.time(), len(self._inflight) + free)
        return [d for d in batch if (d.account, d.order_reference) not in self._inflight][:free]

    def _start_due(self, client: httpx.AsyncClient, wake: asyncio.Event, batch: list[Delivery]) -> None:
        """One task per delivery; when it ends, the sender looks again (its order's next signal)."""
        for delivery in batch:
            order = (delivery.account, delivery.order_reference)
            task = asyncio.create_task(self._deliver(client, delivery), name="cloudsignal-delivery")
            self._inflight[order] = task

            def done(task: asyncio.Task[None], order: tuple[str, str] = order) -> None:
                if self._inflight.get(order) is task:
                    del self._inflight[order]
                if not task.cancelled() and task.exception() is not None:
                    _log.error("webhook delivery failed to record its outcome: %r", task.exception())
                wake.set()

            task.add_done_callback(done)

    async def _post(self, client: httpx.AsyncClient, body: bytes) -> int:
        """One attempt within the total deadline: the status, or an exception."""
        async with asyncio.timeout(self.config.timeout):
            response = await client.post(
                self.config.url,
                content=body,
                headers={"content-type": "application/json", "user-agent": "cloudcore-simulator"},
            )
            return response.status_code

    async def _deliver(self, client: httpx.AsyncClient, delivery: Delivery) -> None:
        config = self.config
        payload: dict[str, Any] = orjson.loads(delivery.payload)
        body = orjson.dumps({"apikey": config.key, **payload})
        status: int | None = None
        error = ""
        try:
            status = await self._post(client, body)
        except TimeoutError:
            error = "deadline exceeded"
        except Exception as exc:  # any failure to get an answer is retried, never fatal
            error = type(exc).__name__
        await self.settle(delivery, payload, status, error)

    async def settle(self, delivery: Delivery, payload: dict[str, Any], status: int | None, error: str) -> None:
        """Record one attempt's outcome: the outbox, the receiver's health, the recent list, the log."""
        config = self.config
        attempts = delivery.attempts + 1
        if status in (200, 204):
            outcome, next_at = Outcome.DELIVERED, 0.0
            self._failures = 0
        else:
            outcome = Outcome.FAILED if attempts >= config.max_attempts else Outcome.RETRY
            next_at = 0.0 if outcome is Outcome.FAILED else time.time() + config.backoff(attempts)
            self._failures += 1
            if self.receiver_down:
                self._probe_at = time.time() + config.backoff(self._failures - DOWN_AFTER + 1)
        error = error or ("" if outcome is Outcome.DELIVERED else f"HTTP {status}")
        if not await self._run(self.outbox.record, delivery, outcome, next_at, status, error):
            return  # its account was reset meanwhile
        attempt = {
            "type": payload.get("type"),
            "order_reference": payload.get("order_reference"),
            "item_reference": payload.get("item_reference"),
            "attempt": attempts,
            "status": status,
            "error": error or None,
            "outcome": str(outcome),
            "time": format_iso(time.time()),
        }
        self._recent.append((delivery.account, attempt))
        if outcome is Outcome.FAILED:
            self._failure_log.failed(payload.get("type"), delivery.order_reference, attempts, error)
        else:
            _log.debug("CloudSignal %s: %s", payload.get("type"), outcome)

    # ---- control API --------------------------------------------------------------------------
    async def status(self, account: str | None, *, detail: bool) -> dict[str, Any]:
        """The cursor and settings; with ``detail``, the counts and last attempts of ``account``
        (all accounts for None) and whether the receiver is down. Never a key or URL credentials."""
        answer: dict[str, Any] = {
            "enabled": True,
            "cursor": format_iso(self._cursor),
            "cursor_epoch": self._cursor,
            "max_attempts": self.config.max_attempts,
        }
        if detail:
            answer.update(await self._run(self.outbox.counts, account))
            answer["receiver_down"] = self.receiver_down
            recent = [attempt for owner, attempt in self._recent if account in (None, owner)]
            answer["recent"] = recent[-RECENT:]
        return answer

    async def reset(self, account: str | None, reset_store: Callable[[str | None], None]) -> None:
        """Forget one account's orders and signals, or everyone's, atomically with respect to the emitter.

        ``reset_store`` and the outbox's forget run together under the emitter's lock, so no pass
        can queue a signal it read before the reset. Deliveries of forgotten signals that are in
        flight are then awaited (each ends by its own deadline), so once this returns none of them
        is sent any more.
        """
        await anyio.to_thread.run_sync(self._forget_locked, account, reset_store)
        kept = [(owner, attempt) for owner, attempt in self._recent if account is not None and owner != account]
        self._recent.clear()
        self._recent.extend(kept)
        flying = [task for (owner, _), task in self._inflight.items() if account in (None, owner)]
        if flying:
            _, late = await asyncio.wait(flying, timeout=self.config.timeout + 1.0)
            for task in late:  # only if recording its outcome stalled: cancel it
                task.cancel()

    def _forget_locked(self, account: str | None, reset_store: Callable[[str | None], None]) -> None:
        with self._emit_lock:
            reset_store(account)
            self.outbox.forget(account)
            if account is None:
                self._schedule.clear()
                self._planned.clear()
