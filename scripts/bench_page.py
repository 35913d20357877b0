"""Benchmark: the simulator page (`GET /_simulator/`) for an account of 1,000 orders.

Prints figures; it is not a test. Everything runs on 127.0.0.1 and stops by itself:

    .venv/bin/python scripts/bench_page.py [--orders 1000] [--runs 30]

A simulator (uvicorn in a thread, frozen clock, webhooks to a loopback receiver that answers 204,
except 500 for one order in 50) gets ``--orders`` orders through the API; the clock then moves a
day, so that every order has its whole timeline and every signal was posted (or failed). Then
the page is fetched signed in, over one keep-alive connection: the first page, a later page, and
each filter (reference, state, "has failed signals"). For each: the median and the slowest of
``--runs`` fetches, whole HTTP round trip (target: under 300 ms).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cloudcore_simulator import VirtualClock, WebhookConfig, create_app
from cloudcore_simulator.testing import ThreadedServer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests._helpers.simulator import order_body  # noqa: E402 - the tests' documented orders/add body

KEY = "bench-page-key-0123456789"
WEBHOOK_KEY = "bench-webhook-key-0123"
TARGET_MS = 300.0


def receiver() -> Starlette:
    async def receive(request: Request) -> Response:
        number = int(orjson.loads(await request.body())["order_reference"].removeprefix("bulk-"))
        return Response(status_code=500 if number % 50 == 0 else 204)

    return Starlette(routes=[Route("/signals", receive, methods=["POST"])])


def wait_for_deliveries(client: httpx.Client, limit: float = 600.0) -> dict[str, int]:
    """Until every due signal was queued and none is pending (delivered or failed), at most ``limit`` s."""
    now = client.get("/_simulator/clock").json()["epoch"]
    deadline = time.monotonic() + limit
    while True:
        status = client.get("/_simulator/webhooks", headers={"X-Api-Key": KEY}).json()
        caught_up = status["cursor_epoch"] is not None and status["cursor_epoch"] >= now
        if (caught_up and status["pending"] == 0) or time.monotonic() > deadline:
            return {name: status[name] for name in ("pending", "delivered", "failed")}
        time.sleep(0.5)


def timed(client: httpx.Client, params: dict[str, str], runs: int) -> tuple[float, float, int]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = client.get("/_simulator/", params=params)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.status_code
    return statistics.median(times), max(times), answer.text.count('class="order"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    logging.getLogger("cloudcore_simulator").setLevel(logging.ERROR)  # failed deliveries are expected
    clock = VirtualClock(speed=0)
    with ThreadedServer(receiver()) as sink:
        hooks = WebhookConfig(f"{sink.url}/signals", WEBHOOK_KEY, max_attempts=2, backoff_base=0.05, tick=0.05)
        with (
            ThreadedServer(create_app([KEY], clock=clock, webhooks=hooks)) as sim,
            httpx.Client(base_url=sim.url, timeout=120) as client,
        ):
            started = time.perf_counter()
            for n in range(1, args.orders + 1):
                answer = client.post("/cloudcore/1.0/orders/add", json=order_body(f"bulk-{n:04d}", key=KEY))
                assert answer.status_code == 201, answer.text
            added = time.perf_counter() - started
            client.post("/_simulator/clock/advance", json={"seconds": 86_400})
            signals = wait_for_deliveries(client)
            client.post("/_simulator/page/sign-in", data={"apikey": KEY})
            print(f"page benchmark: {args.orders} orders added in {added:.1f} s; signals after a day: {signals}")
            print(f"{'view':<36} {'median ms':>10} {'slowest ms':>11} {'orders shown':>13}")
            views = {
                "first page": {},
                "page 25": {"page": "25"},
                "reference filter (one order)": {"reference": "bulk-0421"},
                "state filter (100, complete)": {"state": "100"},
                "has failed signals": {"failed": "1"},
            }
            worst = 0.0
            for name, params in views.items():
                median, slowest, count = timed(client, params, args.runs)
                worst = max(worst, median)
                print(f"{name:<36} {median:>10.1f} {slowest:>11.1f} {count:>13}")
            verdict = "within" if worst < TARGET_MS else "OVER"
            print(f"slowest median {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
