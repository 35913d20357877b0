"""Every long-running part of the simulator is bounded (issue 18, part 2): each bound has its test.

- Webhook outbox retention per account: failed records (the newest 1,000), delivered details
  (1,000), the rest dropped and counted; the page says so.
- Pending signals cost O(due) per wake: the outbox's due heads (memory: rows looked at; SQLite:
  virtual-machine steps, which SQLite counts exactly) and the emitter's pass (orders read).
- A receiver that is down is probed one signal at a time; the failure log is rate-limited.
- Page sessions are capped per account: one key holder cannot end another account's sessions.

No test here measures wall time: they count work, or wait for explicit events.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, WebhookConfig, create_app, lifecycle
from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.model import OrderRecord
from cloudcore_simulator.outbox import (
    MAX_DELIVERED_KEPT,
    MAX_FAILED_KEPT,
    Delivery,
    MemoryOutbox,
    Outbox,
    OutboxEntry,
    Outcome,
    SQLiteOutbox,
)
from cloudcore_simulator.store import MemoryStore
from cloudcore_simulator.testing import ThreadedServer
from cloudcore_simulator.web.sessions import COOKIE, MAX_SESSIONS_PER_ACCOUNT
from cloudcore_simulator.webhooks import DOWN_AFTER, LOG_BURST, LOG_WINDOW, FailureLog
from tests._helpers.simulator import API, KEY_A, KEY_B, KEYS, START, order_body

PAGE = "/_simulator/"
MINE, THEIRS = account_id(KEY_A), account_id(KEY_B)


@pytest.fixture(params=["memory", "sqlite"])
def outbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Outbox]:
    box: Outbox = MemoryOutbox() if request.param == "memory" else SQLiteOutbox(tmp_path / "sim.db")
    box.set_cursor(0.0)
    yield box
    box.close()


def entries(account: str, count: int, at: float = 10.0, start: int = 0) -> list[OutboxEntry]:
    """One signal per order (each its own order: all heads), at one virtual instant."""
    return [
        OutboxEntry(f"{account}-{n}", account, f"o-{n}", at, orjson.dumps({"type": "ItemProduce", "n": n}))
        for n in range(start, start + count)
    ]


def settle_all(outbox: Outbox, outcome: Outcome) -> int:
    """Record ``outcome`` for every due head, as the sender would; returns how many."""
    done = 0
    while batch := outbox.due(1e12, 500):
        for delivery in batch:
            assert outbox.record(delivery, outcome, 0.0, 500, "HTTP 500")
            done += 1
    return done


# ---- retention ---------------------------------------------------------------------------------
def test_failed_records_are_kept_per_account_up_to_the_limit_and_the_rest_counted(outbox: Outbox) -> None:
    extra = 250
    outbox.append(entries(MINE, MAX_FAILED_KEPT + extra) + entries(THEIRS, 5), 10.0)
    assert settle_all(outbox, Outcome.FAILED) == MAX_FAILED_KEPT + extra + 5
    kept = outbox.entries(MINE)
    assert len(kept) == MAX_FAILED_KEPT
    assert {e.state for e in kept} == {"failed"}
    assert kept[0].order_reference == f"o-{extra}"  # the oldest were dropped
    assert outbox.counts(MINE) == {"pending": 0, "delivered": 0, "failed": MAX_FAILED_KEPT + extra, "dropped": extra}
    assert outbox.dropped_until(MINE) == 10.0
    assert len(outbox.entries(THEIRS)) == 5  # another account keeps its own
    assert outbox.counts(THEIRS)["dropped"] == 0
    assert outbox.dropped_until(THEIRS) is None
    # a dropped entry's key is remembered until the cursor passes its instant: never queued twice
    assert outbox.append(entries(MINE, 10), 10.0) == 0
    assert outbox.append([], 11.0) == 0
    outbox.forget(MINE)
    assert outbox.counts(MINE) == {"pending": 0, "delivered": 0, "failed": 0, "dropped": 0}
    assert outbox.dropped_until(MINE) is None


def test_delivered_details_are_bounded_and_pruned_once_the_cursor_passed(outbox: Outbox) -> None:
    outbox.append(entries(MINE, MAX_DELIVERED_KEPT + 100), 10.0)  # at the cursor instant: keys must stay
    assert settle_all(outbox, Outcome.DELIVERED) == MAX_DELIVERED_KEPT + 100
    assert len(outbox.entries(MINE)) == MAX_DELIVERED_KEPT
    assert outbox.counts(MINE)["delivered"] == MAX_DELIVERED_KEPT + 100
    assert outbox.append(entries(MINE, MAX_DELIVERED_KEPT + 100), 10.0) == 0  # found again: not queued again
    outbox.append([], 10.5)  # the cursor passes them: records and keys go
    assert outbox.entries(MINE) == []
    outbox.append(entries(MINE, 3, at=10.7), 11.0)
    settle_all(outbox, Outcome.DELIVERED)  # delivered behind the cursor: pruned at once
    assert outbox.entries(MINE) == []
    assert outbox.counts(MINE)["delivered"] == MAX_DELIVERED_KEPT + 103


def test_a_memory_outbox_of_100000_failed_signals_keeps_1000_records(tmp_path: Path) -> None:
    """The bound behind the benchmark's RSS figure (scripts/bench_webhooks.py)."""
    outbox = MemoryOutbox()
    outbox.set_cursor(0.0)
    for start in range(0, 100_000, 10_000):
        outbox.append(entries(MINE, 10_000, at=start + 1.0, start=start), start + 1.0)
        settle_all(outbox, Outcome.FAILED)
    assert len(outbox.entries(MINE)) == MAX_FAILED_KEPT
    assert outbox.counts(MINE)["dropped"] == 100_000 - MAX_FAILED_KEPT
    assert len(outbox._keys) <= MAX_FAILED_KEPT + 10_000  # kept records + dropped keys at the cursor instant


def test_the_page_says_how_many_failed_signals_were_dropped() -> None:
    clock = VirtualClock(start=START, speed=0)
    config = WebhookConfig("http://127.0.0.1:9/cloudsignal", "webhook-key-1234", max_attempts=1)
    app = create_app(KEYS, clock=clock, webhooks=config)
    emitter = app.state.simulator.webhooks
    with TestClient(app) as client:
        assert client.post(API + "/orders/add", json=order_body("o-1")).status_code == 201
        outbox = emitter.outbox
        outbox.append(entries(MINE, MAX_FAILED_KEPT + 7, at=START), START)
        for delivery in outbox.due(1e12, 2 * MAX_FAILED_KEPT):
            if delivery.order_reference != "o-1":
                outbox.record(delivery, Outcome.FAILED, 0.0, None, "ConnectError")
        client.post(PAGE + "page/sign-in", data={"apikey": KEY_A})
        page = client.get(PAGE).text
    assert re.search(r"data-dropped>\d+ failed signal\(s\) of this account were dropped", page)
    assert f"only the newest {MAX_FAILED_KEPT} failed signals keep their record" in page


# ---- O(due) per wake ---------------------------------------------------------------------------
class CountingDict(dict[int, Any]):
    """The memory outbox's rows, counting lookups."""

    reads = 0

    def get(self, key: int, default: Any = None) -> Any:
        CountingDict.reads += 1
        return super().get(key, default)

    def __getitem__(self, key: int) -> Any:
        CountingDict.reads += 1
        return super().__getitem__(key)


def waiting(outbox: Outbox, count: int, retry_at: float) -> None:
    """``count`` pending heads, each tried once and waiting for its retry at ``retry_at``."""
    outbox.append(entries(MINE, count), 10.0)
    for delivery in outbox.due(1e12, count):
        outbox.record(delivery, Outcome.RETRY, retry_at, 500, "HTTP 500")


def test_the_memory_outbox_looks_at_due_heads_only() -> None:
    """Amortised: a retried head is looked at once more (its old heap entry), then each wake is O(due)."""
    outbox = MemoryOutbox()
    outbox.set_cursor(0.0)
    waiting(outbox, 20_000, retry_at=5_000.0)
    outbox.append(entries(THEIRS, 3), 10.0)  # three heads due now
    outbox._rows = CountingDict(outbox._rows)
    CountingDict.reads = 0
    wakes = 200
    for _ in range(wakes):  # the sender wakes (a tick, a finished delivery) with nothing else due
        due = outbox.due(1_000.0, 8)
        assert [d.account for d in due] == [THEIRS] * 3
        assert outbox.next_due() == 0.0
    assert CountingDict.reads <= 20_000 + wakes * 10  # the 20,000 retries' old entries once, not 200 x 20,000
    for delivery in due:
        outbox.record(delivery, Outcome.DELIVERED, 0.0, 204, "")
    CountingDict.reads = 0
    for _ in range(wakes):
        assert outbox.due(1_000.0, 8) == []
        assert outbox.next_due() == 5_000.0
    assert CountingDict.reads <= wakes * 4


def vm_steps(db: sqlite3.Connection, call: Any) -> int:
    """SQLite virtual-machine instructions a call takes: an exact count of its work, not a timing."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.set_progress_handler(count, 1)
    try:
        call()
    finally:
        db.set_progress_handler(None, 1)
    return steps


def test_the_sqlite_outbox_looks_at_due_heads_only(tmp_path: Path) -> None:
    costs = {}
    for count in (100, 10_000):
        outbox = SQLiteOutbox(tmp_path / f"{count}.db")
        outbox._db.execute("PRAGMA synchronous = OFF")  # the setting-up only: 10,000 commits without fsync
        outbox.set_cursor(0.0)
        waiting(outbox, count, retry_at=5_000.0)
        outbox.append(entries(THEIRS, 3), 10.0)
        db = outbox._db
        costs[count] = (
            vm_steps(db, lambda o=outbox: o.due(1_000.0, 8)),
            vm_steps(db, lambda o=outbox: o.next_due()),
        )
        assert len(outbox.due(1_000.0, 8)) == 3
        plan = " ".join(str(row) for row in db.execute("EXPLAIN QUERY PLAN " + _due_sql()).fetchall())
        assert "webhook_outbox_ready" in plan, plan
        assert "SCAN webhook_outbox" not in plan, plan
        outbox.close()
    small, large = costs[100], costs[10_000]
    assert large[0] <= small[0] * 1.5 + 50, costs  # 100 times the waiting entries, about the same work
    assert large[1] <= small[1] * 1.5 + 50, costs


def _due_sql() -> str:
    from cloudcore_simulator import outbox as module

    return str(module._DUE).replace("?", "0")


class CountingStore(MemoryStore):
    """A memory store counting the orders the webhook emitter reads."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_order(self, account: str, reference: str) -> OrderRecord | None:
        self.reads += 1
        return super().get_order(account, reference)

    def orders_active_between(self, t0: float, t1: float) -> list[OrderRecord]:
        found = super().orders_active_between(t0, t1)
        self.reads += len(found)
        return found


def test_an_emitter_pass_reads_the_written_and_the_due_orders_only() -> None:
    clock = VirtualClock(start=START, speed=0)
    store = CountingStore()
    config = WebhookConfig("http://127.0.0.1:9/cloudsignal", "webhook-key-1234")
    simulator = create_app(KEYS, clock=clock, store=store, webhooks=config).state.simulator
    emitter = simulator.webhooks
    for n in range(2000):
        simulator.orders.add(MINE, order_body(f"o-{n}"))
    emitter.emit_once()  # the first pass looks at every order that can still have a signal
    store.reads = 0
    clock.advance(60)  # no signal due (validation comes at 120 s)
    assert emitter.emit_once() == 0
    assert store.reads == 0
    clock.advance(60)  # every order's validation signals come due
    assert emitter.emit_once() == 2 * 2000
    assert store.reads == 2000
    store.reads = 0
    clock.advance(1)
    assert emitter.emit_once() == 0
    assert store.reads == 0  # 2,000 orders pending and waiting: nothing to read
    simulator.orders.cancel(MINE, "o-7")
    store.reads = 0
    clock.advance(1)
    assert emitter.emit_once() == 2  # its two cancel signals
    assert store.reads == 1  # the order written
    emitter.outbox.close()


# ---- a receiver that is down ------------------------------------------------------------------
class FlakyReceiver:
    """Answers 500 until ``up`` is set, and records how many requests were in flight at once."""

    def __init__(self) -> None:
        self.up = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.requests: list[tuple[int, int]] = []  # (status, requests in flight when it came)

    def app(self) -> Starlette:
        async def cloudsignal(request: Request) -> Response:
            await request.body()
            with self.lock:
                self.in_flight += 1
                status = 204 if self.up.is_set() else 500
                self.requests.append((status, self.in_flight))
            await asyncio.sleep(0.02)  # long enough for concurrent requests to overlap
            with self.lock:
                self.in_flight -= 1
            return Response(status_code=status)

        return Starlette(routes=[Route("/cloudsignal", cloudsignal, methods=["POST"])])


def wait_until(condition: Any, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_a_receiver_that_is_down_is_probed_one_signal_at_a_time_then_gets_everything() -> None:
    receiver = FlakyReceiver()
    with ThreadedServer(receiver.app()) as hooks:
        config = WebhookConfig(
            hooks.url + "/cloudsignal", "webhook-key-1234", max_attempts=1000, backoff_base=0.02,
            backoff_cap=0.1, tick=0.05, timeout=30.0,
        )  # fmt: skip
        app = create_app(KEYS, clock=VirtualClock(start=START, speed=0), webhooks=config)
        with ThreadedServer(app) as sim, httpx.Client(base_url=sim.url, timeout=30) as http:
            for n in range(40):
                assert http.post(API + "/orders/add", json=order_body(f"o-{n}")).status_code == 201
            http.post("/_simulator/clock/advance", json={"seconds": 200})  # 80 signals due, 40 orders
            mine = {"X-Api-Key": KEY_A}
            wait_until(lambda: http.get("/_simulator/webhooks", headers=mine).json()["receiver_down"], what="down")
            wait_until(lambda: len(receiver.requests) >= DOWN_AFTER + 10, what="ten probes")
            with receiver.lock:
                probes = receiver.requests[2 * DOWN_AFTER :]  # well after it counted as down
            assert probes
            assert max(in_flight for _, in_flight in probes) == 1  # one at a time, not eight
            pending = http.get("/_simulator/webhooks", headers=mine).json()["pending"]
            assert pending == 80  # nothing failed: the waiting signals kept their attempts
            receiver.up.set()
            wait_until(lambda: http.get("/_simulator/webhooks", headers=mine).json()["delivered"] == 80, what="all")
            status = http.get("/_simulator/webhooks", headers=mine).json()
    assert status["receiver_down"] is False
    assert (status["pending"], status["failed"]) == (0, 0)


def test_the_failure_log_writes_a_bounded_number_of_lines_and_counts_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    log = FailureLog(monotonic=lambda: now[0], redact=lambda text: text.replace(KEY_A, "***"))
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator.webhooks"):
        for n in range(1000):
            log.failed("ItemProduce", f"order-{n}-{KEY_A}", 10, "ConnectError")
        assert len(caplog.records) == LOG_BURST
        now[0] += LOG_WINDOW
        log.failed("ItemShipped", "order-last", 10, "HTTP 500")
    assert len(caplog.records) == LOG_BURST + 1
    assert f"{1000 - LOG_BURST} more failed signal(s) not logged" in caplog.records[-1].getMessage()
    assert all(KEY_A not in record.getMessage() for record in caplog.records)


# ---- page sessions -----------------------------------------------------------------------------
def test_one_account_signing_in_again_and_again_ends_only_its_own_sessions(mem_api: Any) -> None:
    client: TestClient = mem_api.client
    assert client.post(PAGE + "page/sign-in", data={"apikey": KEY_A}, follow_redirects=False).status_code == 303
    mine = client.cookies[COOKIE]
    theirs = []
    for _ in range(1100):  # one key holder, beyond the cap and beyond the 1,000 sessions once kept in all
        answer = client.post(PAGE + "page/sign-in", data={"apikey": KEY_B}, follow_redirects=False)
        theirs.append(answer.cookies[COOKIE])
    client.cookies.clear()

    def signed_in(token: str) -> bool:
        client.cookies.set(COOKIE, token, path=PAGE)
        page = client.get(PAGE).text
        client.cookies.clear()
        return 'name="csrf"' in page

    assert signed_in(mine)  # the other account's session survived 1,100 sign-ins
    assert not signed_in(theirs[0])  # the key holder's oldest sessions ended
    assert all(signed_in(token) for token in theirs[-MAX_SESSIONS_PER_ACCOUNT:])
    assert sum(signed_in(token) for token in theirs) == MAX_SESSIONS_PER_ACCOUNT


def test_delivery_records_use_the_outbox_api_only() -> None:
    """A guard for the tests above: a Delivery round-trips through record() as the sender's does."""
    outbox = MemoryOutbox()
    outbox.set_cursor(0.0)
    outbox.append(entries(MINE, 1), 1.0)
    [delivery] = outbox.due(1e12, 1)
    assert isinstance(delivery, Delivery)
    assert outbox.record(delivery, Outcome.DELIVERED, 0.0, 204, "")
    assert not outbox.record(delivery, Outcome.DELIVERED, 0.0, 204, "")  # only once


def test_computed_timelines_are_bounded_and_an_evicted_one_is_recomputed_the_same() -> None:
    items = (("item-1", "cp_postal", "postal"),)
    first = lifecycle._build_natural("account", "order-0", 1_000.0, items)
    for n in range(1, lifecycle.TIMELINE_CACHE + 50):
        lifecycle._build_natural("account", f"order-{n}", 1_000.0, items)
    assert lifecycle._build_natural.cache_info().currsize <= lifecycle.TIMELINE_CACHE
    assert lifecycle._build_natural("account", "order-0", 1_000.0, items) == first  # evicted, rebuilt alike
