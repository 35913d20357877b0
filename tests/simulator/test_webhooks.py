"""CloudSignal webhooks: the simulator posts signals to a receiver built with the client's ``parse_signal``.

Both sides are real uvicorn servers on 127.0.0.1 (the simulator in a thread of the test process on
a frozen clock, or as a ``--db`` subprocess that is killed with SIGKILL); backoff and tick are
tens of milliseconds, so the whole module runs in seconds.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from cloudcore_client.models import (
    ItemCanceledSignal,
    ItemErrorSignal,
)
from cloudcore_client.webhooks import SIGNAL_TYPES, InvalidSignalError, Signal, WebhookKeyError, parse_signal
from cloudcore_simulator import VirtualClock, WebhookConfig, create_app
from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.lifecycle import CANCELED, MAX_DURATION
from cloudcore_simulator.lifecycle import Signal as SignalType
from cloudcore_simulator.model import Intervention
from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.simulator import (
    API,
    BOOK_ITEM,
    KEY_A,
    KEY_B,
    KEYS,
    START,
    Api,
    SimulatorProcess,
    free_port,
    order_body,
)
from tests._helpers.spec import Validate

WEBHOOK_KEY = "whk-simulator-5ecret-0123"
LIFE = [
    "CloudprinterOrderValidated",
    "ItemValidated",
    "ItemProduce",
    "ItemProduced",
    "ItemPacked",
    "ItemShipped",
]


# ---- a receiver built with the client's parse_signal -----------------------------------------
@dataclass
class Hit:
    """One request that reached the receiver, and what it answered."""

    at: float  # time.monotonic()
    body: dict[str, Any]
    status: int


def identity(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """What makes a signal the same signal: how an idempotent receiver keys it."""
    return body["type"], body["order_reference"], body.get("item_reference", ""), body["datetime"]


@dataclass
class Receiver:
    """Answers 500 to the first ``fail_first`` deliveries of each signal (always, with ``always_fail``)."""

    key: str = WEBHOOK_KEY
    fail_first: int = 0
    always_fail: bool = False
    hits: list[Hit] = field(default_factory=list)
    accepted: list[Signal] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        async def cloudsignal(request: Request) -> Response:
            raw = await request.body()
            with self.lock:
                try:
                    signal = parse_signal(raw, self.key)
                except WebhookKeyError:
                    status = 403
                except InvalidSignalError:
                    status = 400
                else:
                    body = orjson.loads(raw)
                    tries = sum(1 for hit in self.hits if identity(hit.body) == identity(body)) + 1
                    status = 500 if self.always_fail or tries <= self.fail_first else 204
                    if status == 204:
                        self.accepted.append(signal)
                self.hits.append(Hit(time.monotonic(), orjson.loads(raw), status))
            return Response(status_code=status)

        return Starlette(routes=[Route("/cloudsignal", cloudsignal, methods=["POST"])])

    def bodies(self, status: int | None = 204) -> list[dict[str, Any]]:
        with self.lock:
            return [hit.body for hit in self.hits if status is None or hit.status == status]

    def snapshot(self) -> list[Hit]:
        with self.lock:
            return list(self.hits)


@contextmanager
def serve(app: Starlette, port: int = 0) -> Iterator[str]:
    """Run ``app`` in a thread on 127.0.0.1 (``port``, or a free one); yields its root URL."""
    with ThreadedServer(app, port=port) as server:
        yield server.url


def wait_until(condition: Callable[[], object], timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# ---- the simulator, on a frozen clock, posting to a receiver ---------------------------------
@dataclass
class Sim:
    base_url: str
    http: httpx.Client

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(API + path, json=body)

    def advance(self, seconds: float) -> None:
        assert self.http.post("/_simulator/clock/advance", json={"seconds": seconds}).status_code == 200

    def status(self) -> dict[str, Any]:
        answer: dict[str, Any] = self.http.get("/_simulator/webhooks", headers={"X-Api-Key": KEY_A}).json()
        return answer

    def force_error(self, reference: str, state: int) -> None:
        body = {"apikey": KEY_A, "reference": reference, "state": state}
        assert self.http.post("/_simulator/orders/error", json=body).status_code == 200


@contextmanager
def simulator_for(receiver_url: str, db: Path | None = None, **options: Any) -> Iterator[Sim]:
    settings: dict[str, Any] = {"backoff_base": 0.02, "backoff_cap": 0.1, "tick": 0.05, "timeout": 5.0}
    settings.update(options)
    config = WebhookConfig(receiver_url + "/cloudsignal", WEBHOOK_KEY, **settings)
    app = create_app(KEYS, db_path=db, clock=VirtualClock(start=START, speed=0), webhooks=config)
    with serve(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        yield Sim(url, http)


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture(params=["memory", "sqlite"])
def sim(request: pytest.FixtureRequest, receiver: Receiver, tmp_path: Path) -> Iterator[Sim]:
    """A simulator posting to ``receiver``; on both stores (the outbox follows the store)."""
    db = tmp_path / "sim.db" if request.param == "sqlite" else None
    with serve(receiver.app()) as receiver_url, simulator_for(receiver_url, db) as simulator:
        yield simulator


def two_item_order(reference: str) -> dict[str, Any]:
    second = copy.deepcopy(BOOK_ITEM)
    second["reference"] = "item-2"
    second["shipping_level"] = "cp_fast"
    return order_body(reference, items=[copy.deepcopy(BOOK_ITEM), second])


def of_order(bodies: list[dict[str, Any]], reference: str) -> list[dict[str, Any]]:
    return [body for body in bodies if body["order_reference"] == reference]


# ---- (1) a whole order life ------------------------------------------------------------------
def test_a_whole_order_life_arrives_in_order(sim: Sim, receiver: Receiver) -> None:
    assert sim.post("/orders/add", two_item_order("life-1")).status_code == 201
    elapsed = 0.0
    while elapsed <= MAX_DURATION:  # in steps: every pass takes only what became due since the last
        sim.advance(1800)
        elapsed += 1800
    wait_until(lambda: len(receiver.accepted) >= 11, what="eleven signals")
    time.sleep(0.3)  # nothing more may come
    bodies = receiver.bodies()
    assert len(bodies) == len(receiver.bodies(None)) == 1 + 2 * 5  # each delivered once, no retries needed
    types = [body["type"] for body in bodies]
    assert types[:3] == ["CloudprinterOrderValidated", "ItemValidated", "ItemValidated"]
    for item in ("item-1", "item-2"):
        assert [b["type"] for b in bodies if b.get("item_reference") == item] == LIFE[1:]
    moments = [datetime.fromisoformat(body["datetime"]) for body in bodies]
    assert all(moment.utcoffset() is not None for moment in moments)
    assert moments == sorted(moments)

    # typed by the client, ids stable, times and shipping details as the API reports them
    assert [type(signal) for signal in receiver.accepted] == [SIGNAL_TYPES[t] for t in types]
    assert {body["apikey"] for body in bodies} == {WEBHOOK_KEY}
    assert len({body["order"] for body in bodies}) == 1
    assert bodies[0]["order"].isdigit()
    for item in ("item-1", "item-2"):
        ids = {b["item"] for b in bodies if b.get("item_reference") == item}
        assert len(ids) == 1
        assert ids.pop().isdigit()
    log = sim.post("/orders/log", {"apikey": KEY_A, "reference": "life-1"}).json()
    validated_at = next(row["create_date"] for row in log if row["state"] == "6")
    assert moments[0].strftime("%Y-%m-%d %H:%M:%S") == validated_at
    info = sim.post("/orders/info", {"apikey": KEY_A, "reference": "life-1"}).json()
    assert info["state"] == "100"
    shipped = {b["item_reference"]: b for b in bodies if b["type"] == "ItemShipped"}
    for item in info["items"]:
        assert item["tracking"]
        assert shipped[item["reference"]]["tracking"] == item["tracking"]
        assert shipped[item["reference"]]["shipping_option"] == item["shipping_option"]

    status = sim.status()
    assert (status["pending"], status["delivered"], status["failed"]) == (0, 11, 0)
    assert WEBHOOK_KEY not in orjson.dumps(status).decode()


# ---- (2) cancel and forced error -------------------------------------------------------------
def test_cancel_and_forced_error_signals(sim: Sim, receiver: Receiver) -> None:
    assert sim.post("/orders/add", order_body("to-cancel")).status_code == 201
    assert sim.post("/orders/add", order_body("to-fail")).status_code == 201
    sim.advance(100)  # before validation (at 120 s)
    time.sleep(0.2)  # the emitter has scanned up to this very instant
    assert sim.post("/orders/cancel", {"apikey": KEY_A, "reference": "to-cancel"}).status_code == 200
    # the clock is frozen: the cancel's signals are due at the instant the emitter already scanned
    wait_until(lambda: len(receiver.accepted) >= 2, what="the cancel signals")
    canceled = of_order(receiver.bodies(), "to-cancel")
    assert [b["type"] for b in canceled] == ["CloudprinterOrderCanceled", "ItemCanceled"]
    assert all(b["cause"] == "CancelUserRequest" for b in canceled)
    assert canceled[1]["item_reference"] == "item-1"
    assert isinstance(receiver.accepted[1], ItemCanceledSignal)

    sim.advance(100)  # validated
    sim.force_error("to-fail", 11)
    wait_until(lambda: len(receiver.accepted) >= 5, what="the error signals")
    sim.advance(2 * 86400)  # neither order goes any further
    time.sleep(0.3)
    failed = of_order(receiver.bodies(), "to-fail")
    assert [b["type"] for b in failed] == ["CloudprinterOrderValidated", "ItemValidated", "ItemError"]
    assert failed[2]["cause"] == "DownloadError"
    assert failed[2]["delay"] == "0"
    assert isinstance(receiver.accepted[-1], ItemErrorSignal)
    assert len(receiver.bodies(None)) == 5


# ---- (3) every payload matches the spec ------------------------------------------------------
def _declared(spec: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        target: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _declared(spec, target)
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names |= _declared(spec, part)
    return names


def test_every_payload_validates_against_its_webhook_schema(
    sim: Sim, receiver: Receiver, spec: dict[str, Any], validate: Validate
) -> None:
    for reference in ("life", "cancel", "error"):
        assert sim.post("/orders/add", order_body(reference)).status_code == 201
    sim.advance(200)  # validated
    assert sim.post("/orders/cancel", {"apikey": KEY_A, "reference": "cancel"}).status_code == 200
    sim.force_error("error", 31)
    sim.advance(MAX_DURATION)
    wait_until(lambda: len(receiver.accepted) >= 6 + 4 + 3, what="all signals")
    bodies = receiver.bodies()
    assert {b["type"] for b in bodies} == {str(t) for t in SignalType}  # every type the simulator emits
    for body in bodies:
        schema = spec["webhooks"][body["type"]]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{body['type']}Signal"}
        validate(schema, body)
        assert set(body) <= _declared(spec, schema), body  # nothing the schema does not name
        assert all(isinstance(value, str) for value in body.values())
        assert type(parse_signal(body, WEBHOOK_KEY)) is SIGNAL_TYPES[body["type"]]


# ---- (4) retries with backoff, bounded -------------------------------------------------------
BASE = 0.05


def test_a_failing_receiver_gets_retries_with_backoff_then_exactly_one_acceptance(tmp_path: Path) -> None:
    receiver = Receiver(fail_first=3)
    with serve(receiver.app()) as url, simulator_for(url, backoff_base=BASE, backoff_cap=1.0) as sim:
        assert sim.post("/orders/add", order_body("flaky")).status_code == 201
        assert sim.post("/orders/cancel", {"apikey": KEY_A, "reference": "flaky"}).status_code == 200
        wait_until(lambda: len(receiver.accepted) >= 2, what="both signals accepted")
        time.sleep(0.3)
        status = sim.status()
    hits = receiver.snapshot()
    per_signal: dict[tuple[str, ...], list[Hit]] = {}
    for hit in hits:
        per_signal.setdefault(identity(hit.body), []).append(hit)
    assert len(per_signal) == 2
    for tries in per_signal.values():
        assert [hit.status for hit in tries] == [500, 500, 500, 204]
        gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(tries)]
        for n, gap in enumerate(gaps, start=1):  # retry n waits at least half of base * 2**(n-1)
            assert gap >= 0.5 * BASE * 2 ** (n - 1) - 0.002, gaps
    assert Counter(identity(hit.body) for hit in hits if hit.status == 204) == dict.fromkeys(per_signal, 1)
    # in order per order: the item's signal waited until the order's was accepted
    first, second = (hits.index(tries[0]) for tries in per_signal.values())
    order_accepted = next(i for i, hit in enumerate(hits) if hit.status == 204)
    assert hits[first].body["type"] == "CloudprinterOrderCanceled"
    assert second > order_accepted
    assert (status["pending"], status["delivered"], status["failed"]) == (0, 2, 0)
    assert [entry["outcome"] for entry in status["recent"]][-4:] == ["retry", "retry", "retry", "delivered"]
    assert status["recent"][0]["status"] == 500


def test_a_receiver_that_always_fails_gets_max_attempts_and_the_delivery_ends_failed(tmp_path: Path) -> None:
    receiver = Receiver(always_fail=True)
    with serve(receiver.app()) as url, simulator_for(url, tmp_path / "sim.db", max_attempts=4) as sim:
        assert sim.post("/orders/add", order_body("doomed")).status_code == 201
        assert sim.post("/orders/cancel", {"apikey": KEY_A, "reference": "doomed"}).status_code == 200
        wait_until(lambda: sim.status()["failed"] == 2, what="both deliveries to fail")
        time.sleep(0.5)  # no further tries
        status = sim.status()
    hits = receiver.snapshot()
    assert [hit.body["type"] for hit in hits] == ["CloudprinterOrderCanceled"] * 4 + ["ItemCanceled"] * 4
    assert {hit.status for hit in hits} == {500}
    assert receiver.accepted == []
    assert (status["pending"], status["delivered"], status["failed"]) == (0, 0, 2)
    assert status["recent"][-1]["outcome"] == "failed"
    assert status["recent"][-1]["attempt"] == 4


# ---- (5) a wrong key is rejected -------------------------------------------------------------
def test_a_receiver_with_another_webhook_key_rejects_everything() -> None:
    receiver = Receiver(key="whk-another-key")
    with serve(receiver.app()) as url, simulator_for(url, max_attempts=2) as sim:
        assert sim.post("/orders/add", order_body("wrong-key")).status_code == 201
        sim.advance(200)
        wait_until(lambda: sim.status()["failed"] == 2, what="both deliveries to fail")
    hits = receiver.snapshot()
    assert len(hits) == 4
    assert {hit.status for hit in hits} == {403}
    assert {hit.body["apikey"] for hit in hits} == {WEBHOOK_KEY}
    assert receiver.accepted == []


# ---- (6) durability: kill -9 with pending deliveries -----------------------------------------
def test_pending_signals_survive_kill9_and_none_is_lost(
    simulator_process: Callable[..., SimulatorProcess], tmp_path: Path
) -> None:
    db = tmp_path / "sim.db"
    port = free_port()  # nobody listens there yet: the receiver is down
    args = (
        "--api-key", KEY_A, "--db", str(db), "--speed", "0",
        "--webhook-url", f"http://127.0.0.1:{port}/cloudsignal", "--webhook-key", WEBHOOK_KEY,
        "--webhook-max-attempts", "1000", "--webhook-backoff", "0.02", "--webhook-backoff-cap", "0.1",
        "--webhook-tick", "0.05",
    )  # fmt: skip
    first = simulator_process(*args)
    http = httpx.Client(base_url=first.base_url, timeout=10)
    early = Receiver()  # up for a while: what it accepted must never come again
    with serve(early.app(), port):
        assert http.post(API + "/orders/add", json=order_body("early")).status_code == 201
        http.post("/_simulator/clock/advance", json={"seconds": MAX_DURATION})
        wait_until(lambda: len(early.accepted) == len(LIFE), what="the early order's signals")
    for reference in ("life", "canceled", "failed"):
        assert http.post(API + "/orders/add", json=order_body(reference)).status_code == 201
    http.post("/_simulator/clock/advance", json={"seconds": 100})
    assert http.post(API + "/orders/cancel", json={"apikey": KEY_A, "reference": "canceled"}).status_code == 200
    http.post("/_simulator/clock/advance", json={"seconds": 100})
    body = {"apikey": KEY_A, "reference": "failed", "state": 35}
    assert http.post("/_simulator/orders/error", json=body).status_code == 200
    http.post("/_simulator/clock/advance", json={"seconds": MAX_DURATION})
    assert http.post(API + "/orders/add", json=order_body("later")).status_code == 201  # due after the restart
    expected = 6 + 2 + 3  # life, canceled, failed
    mine = {"X-Api-Key": KEY_A}
    wait_until(lambda: http.get("/_simulator/webhooks", headers=mine).json()["pending"] == expected, what="queued")
    wait_until(
        lambda: any(r["error"] for r in http.get("/_simulator/webhooks", headers=mine).json()["recent"]), what="tries"
    )
    http.close()
    first.kill9()
    assert WEBHOOK_KEY.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("sim.db*"))

    second = simulator_process(*args)
    receiver = Receiver()
    with serve(receiver.app(), port), httpx.Client(base_url=second.base_url, timeout=10) as http:
        wait_until(lambda: len(receiver.accepted) >= expected, what="the pending signals")
        http.post("/_simulator/clock/advance", json={"seconds": MAX_DURATION})
        wait_until(lambda: len(receiver.accepted) >= expected + 6, what="the later order's signals")
        time.sleep(0.3)
        status = http.get("/_simulator/webhooks", headers=mine).json()
    bodies = receiver.bodies()
    assert Counter(identity(b) for b in bodies).most_common(1)[0][1] == 1  # the receiver was down: no repeats
    assert of_order(bodies, "early") == []  # delivered before the crash: not found again
    assert [b["type"] for b in early.bodies()] == LIFE
    assert [b["type"] for b in of_order(bodies, "life")] == LIFE
    assert [b["type"] for b in of_order(bodies, "later")] == LIFE
    assert [b["type"] for b in of_order(bodies, "canceled")] == ["CloudprinterOrderCanceled", "ItemCanceled"]
    assert [b["type"] for b in of_order(bodies, "failed")] == [*LIFE[:2], "ItemError"]
    assert (status["pending"], status["failed"]) == (0, 0)


# ---- the write fence: a write in flight holds the emitter's cursor back ----------------------
def test_a_write_in_flight_holds_the_emitter_back() -> None:
    clock = VirtualClock(start=START, speed=0)
    config = WebhookConfig("http://127.0.0.1:9/cloudsignal", WEBHOOK_KEY)
    simulator = create_app(KEYS, clock=clock, webhooks=config).state.simulator  # no lifespan: driven by hand
    emitter, account = simulator.webhooks, account_id(KEY_A)
    assert emitter is not None
    simulator.orders.add(account, order_body("racing"))
    with simulator.orders.fence.writing() as now:  # a cancel that has read the clock, not yet stored
        clock.advance(200)  # validation (at 120 s) is due by now
        emitter.emit_once()
        simulator.store.intervene(account, "racing", Intervention("cancel", now, CANCELED))
    emitter.emit_once()
    assert emitter.outbox.counts()["pending"] == 2
    head = emitter.outbox.due(time.time(), 10)
    assert [orjson.loads(d.payload)["type"] for d in head] == ["CloudprinterOrderCanceled"]
    emitter.outbox.close()


def test_concurrent_cancels_on_a_running_clock_lose_no_signal(receiver: Receiver, tmp_path: Path) -> None:
    references = [f"run-{n}" for n in range(36)]
    with serve(receiver.app()) as url, simulator_for(url, tick=0.002) as sim:
        sim.http.post("/_simulator/clock/speed", json={"speed": 600})  # validation after 0.2 s

        def add_and_cancel(batch: list[str]) -> None:
            with httpx.Client(base_url=sim.base_url, timeout=10) as client:
                for n, reference in enumerate(batch):
                    assert client.post(API + "/orders/add", json=order_body(reference)).status_code == 201
                    time.sleep(0.05 * n)  # some cancels before validation, some after
                    body = {"apikey": KEY_A, "reference": reference}
                    assert client.post(API + "/orders/cancel", json=body).status_code == 200

        threads = [threading.Thread(target=add_and_cancel, args=(references[i::6],)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        logs = {r: sim.post("/orders/log", {"apikey": KEY_A, "reference": r}).json() for r in references}
        expected = {
            r: (LIFE[:2] if any(row["state"] == "6" for row in log) else [])
            + ["CloudprinterOrderCanceled", "ItemCanceled"]
            for r, log in logs.items()
        }
        total = sum(len(types) for types in expected.values())
        wait_until(lambda: len(receiver.accepted) >= total, what="every cancel's signals")
        time.sleep(0.2)
    bodies = receiver.bodies()
    assert len(bodies) == total
    for reference, types in expected.items():
        assert [b["type"] for b in of_order(bodies, reference)] == types, reference
    assert 0 < sum(len(types) == 4 for types in expected.values()) < len(references)  # both cases happened


def test_reset_drops_queued_signals_and_the_status_without_webhooks(mem_api: Api) -> None:
    assert mem_api.client.get("/_simulator/webhooks").json() == {"enabled": False}
    receiver = Receiver(always_fail=True)
    with serve(receiver.app()) as url, simulator_for(url, max_attempts=1000, backoff_cap=0.05) as sim:
        for reference in ("a", "b"):
            assert sim.post("/orders/add", order_body(reference)).status_code == 201
        sim.advance(200)
        wait_until(lambda: sim.status()["pending"] == 4 and receiver.snapshot(), what="signals queued and tried")
        assert sim.http.post("/_simulator/reset", json={"apikey": KEY_A}).status_code == 200
        assert (sim.status()["pending"], sim.status()["failed"]) == (0, 0)
        tried = len(receiver.snapshot())
        time.sleep(0.3)
        assert len(receiver.snapshot()) <= tried + 2  # at most the attempts in flight (one per order)


# ---- (7) a stalled receiver call holds back its own order only -------------------------------
@dataclass
class TrickleReceiver(Receiver):
    """Answers the signals of ``stalled`` orders one byte per ``interval`` seconds (until ``stop``)."""

    stalled: frozenset[str] = frozenset()
    interval: float = 1.0
    length: int = 1000
    stop: threading.Event = field(default_factory=threading.Event)

    def app(self) -> Starlette:
        async def cloudsignal(request: Request) -> Response:
            raw = await request.body()
            body = orjson.loads(raw)
            if body["order_reference"] not in self.stalled:
                with self.lock:
                    self.accepted.append(parse_signal(raw, self.key))
                    self.hits.append(Hit(time.monotonic(), body, 204))
                return Response(status_code=204)
            with self.lock:
                self.hits.append(Hit(time.monotonic(), body, 200))

            async def trickle() -> AsyncIterator[bytes]:
                for _ in range(self.length):
                    if self.stop.is_set():
                        return
                    yield b" "
                    await asyncio.sleep(self.interval)

            return StreamingResponse(trickle(), headers={"content-length": str(self.length)})

        return Starlette(routes=[Route("/cloudsignal", cloudsignal, methods=["POST"])])


@contextmanager
def trickling(receiver: TrickleReceiver) -> Iterator[str]:
    try:
        with serve(receiver.app()) as url:
            yield url
    finally:
        receiver.stop.set()


def test_a_receiver_stalling_on_one_order_never_delays_the_others() -> None:
    """The stalled call lasts until its deadline (120 s here); the other orders' signals go at once."""
    receiver = TrickleReceiver(stalled=frozenset({"stalled"}), interval=1.0)
    free = [f"free-{n}" for n in range(12)]  # more orders than deliveries in flight at once
    with trickling(receiver) as url, simulator_for(url, timeout=120.0, concurrency=4) as sim:
        assert sim.post("/orders/add", order_body("stalled")).status_code == 201
        sim.advance(200)  # the stalled order's validation signals are due first
        wait_until(lambda: receiver.snapshot(), what="the stalled call to begin")
        for reference in free:
            assert sim.post("/orders/add", order_body(reference)).status_code == 201
        sim.advance(200)
        wait_until(lambda: len(receiver.accepted) == 2 * len(free), timeout=60, what="the other orders' signals")
        # only its own order's two signals wait (in order), once the others' outcomes are recorded
        wait_until(lambda: sim.status()["pending"] == 2, timeout=60, what="the other orders' outcomes")
        stalled = [hit for hit in receiver.snapshot() if hit.body["order_reference"] == "stalled"]
        assert len(stalled) == 1  # still the first call, still trickling
    for reference in free:
        assert [b["type"] for b in of_order(receiver.bodies(), reference)] == LIFE[:2]


def test_the_timeout_bounds_a_whole_delivery_not_each_read() -> None:
    """An answer trickled faster than the timeout per byte still ends at the deadline, then retries."""
    receiver = TrickleReceiver(stalled=frozenset({"slow"}), interval=0.1, length=400)  # 40 s in all
    with trickling(receiver) as url, simulator_for(url, timeout=1.5, max_attempts=2) as sim:
        assert sim.post("/orders/add", order_body("slow")).status_code == 201
        started = time.monotonic()
        assert sim.post("/orders/cancel", {"apikey": KEY_A, "reference": "slow"}).status_code == 200
        wait_until(lambda: sim.status()["failed"] >= 1, timeout=60, what="the first signal to fail")
        elapsed = time.monotonic() - started
        status = sim.status()
    assert elapsed < 60  # two attempts of 1.5 s plus backoff, not 2 x 40 s
    tries = [hit for hit in receiver.snapshot() if hit.body["type"] == "CloudprinterOrderCanceled"]
    assert len(tries) == 2
    assert 1.5 - 0.05 <= tries[1].at - tries[0].at < 30  # the first attempt ran to its deadline, no longer
    failed = [entry for entry in status["recent"] if entry["outcome"] == "failed"]
    assert failed[0]["error"] == "deadline exceeded"


# ---- (8) who sees what -----------------------------------------------------------------------
def test_the_webhook_status_shows_an_account_only_its_own_signals(sim: Sim, receiver: Receiver) -> None:
    assert sim.post("/orders/add", order_body("mine")).status_code == 201
    assert sim.post("/orders/add", order_body("theirs", key=KEY_B)).status_code == 201
    sim.advance(200)
    wait_until(lambda: len(receiver.accepted) == 4, what="both orders' validation signals")
    wait_until(lambda: sim.status()["delivered"] == 2, what="A's deliveries recorded")
    theirs_recorded = {"X-Api-Key": KEY_B}
    wait_until(
        lambda: sim.http.get("/_simulator/webhooks", headers=theirs_recorded).json()["delivered"] == 2,
        what="B's deliveries recorded",
    )
    anonymous = sim.http.get("/_simulator/webhooks").json()
    assert set(anonymous) == {"enabled", "cursor", "cursor_epoch", "max_attempts"}
    mine = sim.http.get("/_simulator/webhooks", headers={"X-Api-Key": KEY_A}).json()
    theirs = sim.http.get("/_simulator/webhooks", headers={"X-Api-Key": KEY_B}).json()
    assert {entry["order_reference"] for entry in mine["recent"]} == {"mine"}
    assert {entry["order_reference"] for entry in theirs["recent"]} == {"theirs"}
    assert (mine["delivered"], theirs["delivered"]) == (2, 2)
    assert "theirs" not in orjson.dumps(mine).decode()
    assert sim.http.get("/_simulator/webhooks", headers={"X-Api-Key": "wrong"}).status_code == 403


@pytest.mark.parametrize(
    "setting",
    [
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"tick": 0.0},
        {"tick": float("nan")},
        {"backoff_base": float("nan")},
        {"backoff_cap": 1e308},
        {"concurrency": 0},
        {"max_attempts": 0},
    ],
    ids=str,
)
def test_webhook_settings_must_be_finite_and_in_range(setting: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        WebhookConfig("http://127.0.0.1:9/cloudsignal", WEBHOOK_KEY, **setting)
