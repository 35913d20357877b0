"""The proxy forwards unchanged: a client gets exactly what the upstream sent, and clean traffic is clean.

"Exactly" is checked at the ASGI level of the upstream: the status, every header the upstream app
sent (names, values, order; uvicorn's own ``date`` in front) and the body's bytes; and the other
way, the request the upstream received is the one the client sent (body bytes and headers, with
the upstream's ``Host``).
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudcore_client import NO_RETRIES, CloudCore, CloudCoreError
from tests._helpers.proxy import KEY, OTHER_KEY, TIMEOUT, Capture, everyday, findings, simulator, stack, violations

HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding"}


def raw_call(
    url: str, method: str = "POST", body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, raw header lines and raw body bytes (nothing decoded) of one call."""
    with httpx.Client(timeout=TIMEOUT) as client, client.stream(method, url, content=body, headers=headers) as answer:
        return answer.status_code, list(answer.headers.raw), b"".join(answer.iter_raw())


def as_sent(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower(), value) for name, value in headers if name.lower() not in HOP_BY_HOP]


class Edge:
    """An upstream of answers the simulator never gives: gzip, chunked, duplicate headers, binary, a
    slow answer, an answer that breaks off; each path of ``/edge/...``."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.arrived = threading.Event()
        self.calls = 0

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        self.calls += 1
        path = scope["path"]
        if path == "/edge/gzip":
            body = gzip.compress(b'{"compressed": true}', mtime=0)  # the same bytes every time: no clock in them
            headers = [
                (b"content-type", b"application/json"),
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        elif path == "/edge/chunked":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
            for part in (b"one ", b"two ", b"three"):
                await send({"type": "http.response.body", "body": part, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        elif path == "/edge/headers":
            headers = [
                (b"X-Mixed-Case", b"Value"),
                (b"set-cookie", b"a=1"),
                (b"set-cookie", b"b=2"),
                (b"content-length", b"4"),
            ]
            await send({"type": "http.response.start", "status": 418, "headers": headers})
            await send({"type": "http.response.body", "body": b"\x00\xff\xfe\x01"})
        elif path == "/edge/slow":
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, TIMEOUT)
            await send({"type": "http.response.start", "status": 503, "headers": [(b"content-length", b"4")]})
            await send({"type": "http.response.body", "body": b"late"})
        elif path == "/edge/broken":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            await send({"type": "http.response.body", "body": b"only ten b", "more_body": True})
            raise RuntimeError("the upstream breaks off")  # uvicorn cuts the connection


class Recording(httpx.HTTPTransport):
    """The client's transport, keeping each request's body and each answer's raw bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[bytes, int, list[tuple[bytes, bytes]], bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        raw = b"".join(response.stream)
        self.exchanges.append((request.content, response.status_code, list(response.headers.raw), raw))
        return httpx.Response(
            response.status_code,
            headers=response.headers.raw,
            content=raw,
            request=request,
            extensions=response.extensions,
        )


def test_a_client_gets_exactly_what_the_upstream_sent() -> None:
    """Byte for byte: the generated client's everyday session through the proxy, two accounts."""
    upstream = Capture(simulator())
    with stack(upstream) as running:
        transports = []
        for key, prefix in ((KEY, "mine"), (OTHER_KEY, "theirs")):
            transport = Recording()
            transports.append(transport)
            http = httpx.Client(transport=transport, timeout=TIMEOUT)
            with CloudCore(key, base_url=running.base_url, retry=NO_RETRIES, http_client=http) as client:
                everyday(client, prefix)
            http.close()
        got = [exchange for transport in transports for exchange in transport.exchanges]
        assert len(got) == len(upstream.seen) == 2 * 14
        for (sent_body, status, headers, body), upstream_saw in zip(got, upstream.seen, strict=True):
            assert upstream_saw.body == sent_body, "the upstream did not receive the body the client sent"
            assert status == upstream_saw.status
            assert body == upstream_saw.answer
            wire = as_sent(headers)
            assert wire[0][0] == b"date"  # the upstream server's own (uvicorn's), passed on
            assert wire[1:] == as_sent(upstream_saw.answer_headers)
        report = running.report()
        assert report["violations"] == 0, findings(report)


def test_requests_arrive_unchanged() -> None:
    upstream = Capture(simulator())
    with stack(upstream) as running:
        body = b'{"apikey": "proxy-test-key-one-0123",  "x-extra": [1, 2.50, "\\u00e9"]}'
        headers = {"Content-Type": "application/json", "X-Trace": "abc", "Cookie": "c=1", "User-Agent": "svc/1.0"}
        raw_call(running.base_url + "/shipping/levels?a=%2F&b=1", "POST", body, headers)
        sent = upstream.seen[-1]
        assert sent.body == body
        assert sent.query == b"a=%2F&b=1"
        received = {(name, value) for name, value in sent.headers}
        for name, value in headers.items():
            assert (name.lower().encode(), value.encode()) in received
        assert (b"host", f"127.0.0.1:{running.upstream.port}".encode()) in received
        names = [name for name, _ in sent.headers]
        assert names.count(b"host") == 1
        assert b"accept-encoding" in names  # httpx's own, sent by the client: passed on, none added
        assert not {b"via", b"x-forwarded-for", b"forwarded"} & set(names)


@pytest.mark.parametrize("path", ["/edge/gzip", "/edge/chunked", "/edge/headers"])
def test_answers_the_simulator_never_gives_pass_unchanged(path: str) -> None:
    edge = Edge()
    upstream = Capture(edge)
    with stack(upstream) as running:
        direct = raw_call(running.upstream.url + path)
        proxied = raw_call(running.proxy.url + path)
        assert proxied[0] == direct[0]
        assert proxied[2] == direct[2] == upstream.seen[-1].answer  # gzip stays compressed
        assert as_sent(proxied[1])[1:] == as_sent(direct[1])[1:]
        assert [name for name, _ in proxied[1]] == [name for name, _ in direct[1]]  # names' case kept


def test_a_slow_upstream_is_waited_for_as_it_is() -> None:
    edge = Edge()
    with stack(edge) as running:
        answers: list[tuple[int, list[tuple[bytes, bytes]], bytes]] = []
        caller = threading.Thread(target=lambda: answers.append(raw_call(running.proxy.url + "/edge/slow")))
        caller.start()
        assert edge.arrived.wait(TIMEOUT)
        caller.join(0.5)
        assert caller.is_alive(), "the proxy answered before the upstream did"
        edge.release.set()
        caller.join(TIMEOUT)
        assert answers == [(503, answers[0][1], b"late")]
        assert edge.calls == 1, "no retry"


def test_an_upstream_that_gives_no_answer_gets_a_502_in_the_api_error_shape() -> None:
    with stack(simulator()) as running:
        running.upstream.stop()
        answer = running.post("/products", {"apikey": KEY})
        assert answer.status_code == 502
        assert answer.headers["x-cloudcore-proxy"] == "upstream-failed"
        assert answer.json()["error"]["type"] == "proxy_upstream_failed"
        report = running.report()
        assert report["upstream_failures"] == 1
        assert report["violations"] == 0


def test_an_upstream_over_the_deadline_gets_a_504() -> None:
    edge = Edge()
    with stack(edge, upstream_timeout=0.5) as running:
        try:
            status, _, body = raw_call(running.proxy.url + "/edge/slow")
        finally:
            edge.release.set()  # the upstream answers at last (its server can stop)
        assert status == 504
        assert b"proxy_upstream_failed" in body
        report = running.report()
        assert report["upstream_failures"] == 1
        assert report["outside_the_contract"] == {"/edge/slow": 1}


def test_an_answer_that_breaks_off_breaks_off_for_the_caller_too() -> None:
    with stack(Edge()) as running:
        with pytest.raises(httpx.RemoteProtocolError):
            raw_call(running.upstream.url + "/edge/broken")
        with pytest.raises(httpx.RemoteProtocolError):
            raw_call(running.proxy.url + "/edge/broken")


def test_clean_traffic_yields_an_empty_violations_report(default_stack: Any) -> None:
    """Everyday traffic of two accounts, plus what the real API tolerates: no violation at all."""
    everyday(default_stack.client(KEY), "mine")
    everyday(default_stack.client(OTHER_KEY), "theirs")
    default_stack.post("/shipping/levels", {"apikey": KEY, "not_in_the_contract": True})  # tolerated
    with pytest.raises(CloudCoreError):
        default_stack.client(KEY).orders.get_order_info(reference="never-added")  # 410
    with pytest.raises(CloudCoreError):
        default_stack.client(KEY).products.get_product_info(reference="no-such-product")  # 204
    report = default_stack.report()
    assert report["violations"] == 0, findings(report)
    assert report["findings"] == []
    assert report["exchanges"] == 31
    assert report["operations"]["listShippingLevels"]["unknown_fields_tolerated"] == 1
    assert report["coverage"]["operations"] == 11
    assert report["operations"]["getOrderInfo"]["statuses"] == {"200": 4, "410": 1}
    assert violations(report) == {}
