"""The proxy holds a bounded number of exchanges, and nothing it keeps grows with the traffic."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from cloudcore_contract.proxy import ProxyApp, ProxyConfig
from cloudcore_contract.proxy.exchange import Answer, Exchange
from tests._helpers.proxy import KEY, TIMEOUT, simulator, stack

CONCURRENT = 6
ORDER = {
    "apikey": KEY,
    "email": "support@example.com",
    "addresses": [
        {"type": "delivery", "firstname": "A", "lastname": "B", "street1": "S 1", "zip": "1", "city": "C",
         "country": "DE", "email": "a@example.com", "phone": "1"}
    ],
    "items": [{"reference": "i-1", "product": "p", "count": 1, "shipping_level": "cp_saver",
               "files": [{"type": "book", "url": "https://f.example.com/b.pdf", "md5sum": "0" * 32}]}],
}  # fmt: skip


class Gate:
    """An upstream that answers no request before ``CONCURRENT`` of them have arrived."""

    def __init__(self) -> None:
        self.arrived = 0
        self.all_in = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        self.arrived += 1
        if self.arrived == CONCURRENT:
            self.all_in.set()
        await asyncio.get_running_loop().run_in_executor(None, self.all_in.wait, TIMEOUT)
        body = b'[{"shipping_level_reference": "cp_postal", "name": "Postal", "note": "Untracked"}]'
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def test_exchanges_over_the_bound_are_forwarded_but_not_held() -> None:
    gate = Gate()
    with stack(gate, max_held=2) as running:
        answers: list[httpx.Response] = []

        def call() -> None:
            answers.append(running.post("/shipping/levels", {"apikey": KEY}))

        callers = [threading.Thread(target=call) for _ in range(CONCURRENT)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(TIMEOUT)
        report = running.report()
    assert [answer.status_code for answer in answers] == [200] * CONCURRENT
    assert len({answer.content for answer in answers}) == 1
    held = report["held"]
    assert held["exchanges_peak"] == 2 == held["exchanges_bound"]
    assert held["exchanges"] == 0
    assert held["bytes"] == 0
    assert report["exchanges"] == CONCURRENT
    assert report["not_judged"] == {"over the bound of 2 exchanges held": CONCURRENT - 2}
    assert report["operations"]["listShippingLevels"]["not_judged"] == CONCURRENT - 2


def test_an_answer_over_the_body_bound_is_forwarded_whole_and_not_judged() -> None:
    with stack(simulator(), max_body=1000) as running:
        through = running.post("/products", {"apikey": KEY})
        direct = httpx.post(running.upstream.url + "/cloudcore/1.0/products", json={"apikey": KEY}, timeout=TIMEOUT)
        report = running.report()
    assert len(through.content) > 1000
    assert through.content == direct.content
    assert report["not_judged"] == {"the answer is over a size or memory bound": 1}
    assert report["held"]["bytes"] == 0


def _exchange(app: ProxyApp, index: int) -> Exchange:
    """One synthetic exchange of a varied mix: orders added, odd statuses, paths outside the contract."""
    kind = index % 4
    if kind == 0:
        path, body = "/cloudcore/1.0/orders/add", {**ORDER, "reference": f"r-{index}"}
        status, answer = 201, orjson.dumps({"order": f"r-{index}"})
    elif kind == 1:  # a distinct violation each time: "answered 1xx-4xx (documented ...)"
        path, body = "/cloudcore/1.0/orders/", {"apikey": KEY}
        status, answer = 100 + index % 400, b""
    elif kind == 2:
        path, body = f"/elsewhere/{index}", {"apikey": KEY}
        status, answer = 404, b"{}"
    else:
        path, body = "/cloudcore/1.0/shipping/levels", {"apikey": KEY}
        status, answer = 200, b'[{"shipping_level_reference": "cp_postal", "name": "Postal", "note": "x"}]'
    exchange = Exchange(
        seq=index,
        wall=time.time(),
        started=time.monotonic(),
        method="POST",
        path=path,
        query="",
        operation=app.contract.match(path),
        request_headers=[("content-type", "application/json")],
        request_body=orjson.dumps(body),
    )
    exchange.answer = Answer(status, [("content-type", "application/json")], answer)
    exchange.finished = time.monotonic()
    return exchange


def test_nothing_the_proxy_keeps_grows_with_the_traffic(caplog: pytest.LogCaptureFixture) -> None:
    """Orders remembered, findings listed, paths counted: each stops at its bound; memory stays flat
    from 4,000 to 12,000 exchanges (the figure for 100,000 over the network: scripts/bench_proxy.py)."""
    caplog.set_level(logging.CRITICAL, logger="cloudcore_contract.proxy")  # pytest keeps every record it sees
    app = ProxyApp(ProxyConfig(upstream="http://127.0.0.1:9", max_orders=100, max_findings=50))

    def feed(start: int, count: int) -> None:
        for index in range(start, start + count):
            assert app.holding.enter()
            app._settle(_exchange(app, index))

    feed(0, 2000)
    tracemalloc.start()
    try:
        feed(2000, 2000)
        before, _ = tracemalloc.get_traced_memory()
        feed(4000, 8000)
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = after - before
    report = app.report.as_dict()
    assert report["exchanges"] == 12_000
    assert len(app.judge.orders) == 100
    assert report["orders_remembered"]["forgotten"] == 12_000 // 4 - 100
    assert len(report["findings"]) == 50
    assert report["findings_not_listed"] > 0
    assert len(report["outside_the_contract"]) <= 51
    assert app.holding.exchanges == 0
    assert grown < 256 * 1024, f"{grown:,} bytes more after 8,000 more exchanges"
