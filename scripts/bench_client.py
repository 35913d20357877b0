"""Benchmark of the high-level client: per-call overhead on loopback, and decoding a large answer.

1. Per call, against the simulator on 127.0.0.1 (a subprocess, so that it does not share our
   GIL): the median time of `CloudCore.shipping.list_shipping_levels()` vs a raw `httpx.Client`
   posting the same JSON and decoding the answer with `.json()`. Target ratio <= 1.10.
2. Decoding a 100,000-order `orders/` answer: `CloudCore.orders.list_orders()` and
   `AsyncCloudCore.orders.list_orders()` served those bytes by an `httpx.MockTransport` vs
   `json.loads` of the same bytes alone, interleaved in turns, best of 12, in CPU time (user + sys of this
   process, less disturbed by other work on the machine) and wall time. Target ratio <= 2, with
   the garbage collector left alone (the client never switches it).
3. The exact-number path: a 100,000-product `products` answer whose `from_price` is a string (as
   documented) vs a JSON number (reported; read exactly by a second, text-keeping parse), each
   against `json.loads` of its bytes.

It prints figures and the load average they were measured under; it asserts nothing.
Usage: python scripts/bench_client.py [--calls N] [--orders N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

from cloudcore_client import AsyncCloudCore, CloudCore

KEY = "bench-key-0c4e"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def simulator() -> Iterator[str]:
    """The simulator in a subprocess on a free loopback port; yields its API base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cloudcore_simulator", "--host", "127.0.0.1", "--port", str(port), "--api-key", KEY],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/_simulator/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the simulator did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/cloudcore/1.0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def timed_both(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def load() -> str:
    """The machine's load average (1, 5, 15 minutes): the figures' context on a shared machine."""
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def per_call(base_url: str, calls: int) -> None:
    url = f"{base_url}/shipping/levels"
    with CloudCore(KEY, base_url=base_url) as client, httpx.Client(timeout=60) as raw:

        def ours() -> object:
            return client.shipping.list_shipping_levels()

        def theirs() -> object:
            response = raw.post(url, json={"apikey": KEY})
            response.raise_for_status()
            return response.json()

        for _ in range(200):  # warm up both connection pools and the server
            ours()
            theirs()
        client_times, raw_times = [], []
        for _ in range(calls):  # interleaved, so that drift affects both alike
            client_times.append(timed(ours))
            raw_times.append(timed(theirs))
    client_median, raw_median = statistics.median(client_times), statistics.median(raw_times)
    print(f"per call (shipping/levels, {calls} calls each, median):")
    print(f"  CloudCore        {client_median * 1e6:9.1f} us")
    print(f"  raw httpx.Client {raw_median * 1e6:9.1f} us")
    print(f"  ratio            {client_median / raw_median:9.3f}   (target <= 1.10)")


def decoding(orders: int, rounds: int = 12) -> None:
    answer = json.dumps(
        [
            {
                "reference": f"order-{i:06d}",
                "order_date": "2026-01-01 10:00:00",
                "state": "1" if i % 3 else 45,
                "state_code": "order_state_new",
            }
            for i in range(orders)
        ]
    ).encode()

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    base_url = "http://127.0.0.1:9/cloudcore/1.0"
    full_collections = gc.get_stats()[2]["collections"]
    loop = asyncio.new_event_loop()
    with CloudCore(KEY, base_url=base_url, transport=httpx.MockTransport(serve)) as client:
        async_client = AsyncCloudCore(KEY, base_url=base_url, transport=httpx.MockTransport(serve))
        calls: dict[str, Callable[[], object]] = {
            "CloudCore.orders.list_orders": client.orders.list_orders,
            "AsyncCloudCore.orders.list_orders": lambda: loop.run_until_complete(async_client.orders.list_orders()),
            "json.loads alone": lambda: json.loads(answer),
        }
        for name, call in calls.items():
            decoded = call()
            if not isinstance(decoded, list) or len(decoded) != orders:
                raise SystemExit(f"{name} decoded a wrong number of orders")
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in calls}
        names = list(calls)
        for round_ in range(rounds):
            # Interleaved, so that load from other processes affects all alike, and in turns: each call
            # leaves the garbage collector's counts in a state that the next one starts from.
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                times[name].append(timed_both(calls[name]))
        loop.run_until_complete(async_client.aclose())
    loop.close()
    full_collections = gc.get_stats()[2]["collections"] - full_collections
    best = {name: (min(t[0] for t in runs), min(t[1] for t in runs)) for name, runs in times.items()}
    loads_wall, loads_cpu = best["json.loads alone"]
    print(f"decoding an orders/ answer of {orders:,} orders ({len(answer) / 1e6:.1f} MB, best of {rounds}; {load()}):")
    print(f"  {'':36} {'CPU':>9} {'ratio':>6} {'wall':>9} {'ratio':>6}")
    for name, (wall, cpu) in best.items():
        print(f"  {name:36} {cpu * 1e3:6.1f} ms {cpu / loads_cpu:6.2f} {wall * 1e3:6.1f} ms {wall / loads_wall:6.2f}")
    print("  target: ratio <= 2")
    print(f"  garbage collector enabled throughout: {gc.isenabled()}, full collections meanwhile: {full_collections}")


def exact_numbers(products: int, rounds: int = 5) -> None:
    def answer(price: str) -> bytes:
        item = '{"name": "n", "note": "n", "reference": "p-%d", "category": "c", "from_price": %s, "currency": "EUR"}'
        return ("[" + ",".join(item % (i, price) for i in range(products)) + "]").encode()

    print(f"decoding a products answer of {products:,} products (best of {rounds}):")
    for label, body in (("from_price as string", answer('"1234.5600"')), ("from_price as number", answer("1234.5600"))):

        def serve(request: httpx.Request, body: bytes = body) -> httpx.Response:
            return httpx.Response(200, content=body)

        def loads(body: bytes = body) -> object:
            return json.loads(body)

        transport = httpx.MockTransport(serve)
        with CloudCore(KEY, base_url="http://127.0.0.1:9/cloudcore/1.0", transport=transport) as client:
            if client.products.list_products()[0].from_price != "1234.5600":
                raise SystemExit("the client did not read the price exactly")
            client_times, loads_times = [], []
            for _ in range(rounds):
                client_times.append(timed(client.products.list_products))
                loads_times.append(timed(loads))
        ratio = min(client_times) / min(loads_times)
        print(f"  {label:22} {min(client_times) * 1e3:8.1f} ms, {ratio:5.2f} x json.loads")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per side (default 2000)")
    parser.add_argument("--orders", type=int, default=100_000, help="orders in the decoded answer (default 100000)")
    args = parser.parse_args()
    with simulator() as base_url:
        per_call(base_url, args.calls)
    decoding(args.orders)
    exact_numbers(args.orders)


if __name__ == "__main__":
    main()
