"""Issue 11, client side: each hostile answer or setting, replayed, gives a `CloudCoreError` in bound time.

The inputs are the exact ones of the report: broken 2xx bodies, `Retry-After: nan`, a trickled body,
a redirect to another host, JSON-escaped echoes of the key, short keys, `retry=None`.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from cloudcore_client import (
    NO_RETRIES,
    APIResponseValidationError,
    APITimeoutError,
    AsyncCloudCore,
    CloudCore,
    CloudCoreError,
    ConfigurationError,
    InsecureTransportWarning,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    UnexpectedStatusError,
)
from cloudcore_client.models import OrderInfo

KEY = "sk-live-7f3a9c2e1b"
BASE = "http://127.0.0.1:9/cloudcore/1.0"
Handler = Callable[[httpx.Request], httpx.Response]


def make(handler: Handler, key: str = KEY, **options: Any) -> CloudCore:
    return CloudCore(key, base_url=BASE, retry=NO_RETRIES, transport=httpx.MockTransport(handler), **options)


def answer(content: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, content=content, headers=headers)


def order_info(**extra: Any) -> dict[str, Any]:
    return {
        "reference": "r-1",
        "state": "1",
        "state_code": "order_state_new",
        "order_date": "2026-01-01 10:00:00",
        "email": "support@example.com",
        "addresses": [],
        "items": [],
        **extra,
    }


# ---- 2xx answers that are not the documented model ---------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000

BROKEN_BODIES = {
    "truncated-json": b'{"reference": "r-1", "state": "1", "state_',
    "html-page": b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    "empty-body": b"",
    "list-for-object": b"[]",
    "null-for-object": b"null",
    "string-for-object": b'"ok"',
    "invalid-utf8": b'{"reference": "\xff\xfe"}',
    "100000-deep-nesting": DEEP,
    "identifier-missing": json.dumps({k: v for k, v in order_info().items() if k != "reference"}).encode(),
}


@pytest.mark.parametrize("body", BROKEN_BODIES.values(), ids=BROKEN_BODIES.keys())
def test_a_broken_success_body_is_a_response_validation_error(body: bytes) -> None:
    with make(answer(body)) as client, pytest.raises(APIResponseValidationError) as caught:
        client.orders.get_order_info(reference="r-1")
    error = caught.value
    assert isinstance(error, CloudCoreError)
    assert (error.status_code, error.operation) == (200, "get_order_info")
    assert len(error.excerpt) <= 200
    assert len(str(error)) < 600


def test_broken_gzip_is_a_response_validation_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # A stream, as from the network: `content=` would make httpx decode it inside this mock.
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"this is not gzip"))

    with make(handler) as client, pytest.raises(APIResponseValidationError) as caught:
        client.orders.get_order_info(reference="r-1")
    assert caught.value.status_code == 200


def test_a_list_item_that_is_not_an_object_and_an_object_where_a_list_is_documented() -> None:
    seven = answer(b'[{"reference": "a", "order_date": "2015-08-05 10:00:00", "state": "1", "state_code": "s"}, 7]')
    with make(seven) as client, pytest.raises(APIResponseValidationError):
        client.orders.list_orders()
    with make(answer(b'{"orders": []}')) as client, pytest.raises(APIResponseValidationError):
        client.orders.list_orders()


def test_the_excerpt_of_a_broken_body_masks_the_key() -> None:
    body = f"<html>invalid key {KEY} for account</html>".encode()
    with make(answer(body, 201)) as client, pytest.raises(APIResponseValidationError) as caught:
        client.orders.add_order(reference="r", email="a@example.com", addresses=[], items=[])
    assert "**********" in caught.value.excerpt
    assert KEY not in str(caught.value)
    assert KEY not in repr(vars(caught.value))


def test_valid_json_that_orjson_refuses_still_decodes() -> None:
    """An integer past 64 bits is valid JSON: the `json` fallback reads what orjson will not."""
    body = json.dumps(order_info() | {"tracking_id": 2**70}).encode()
    with make(answer(body)) as client:
        info = client.orders.get_order_info(reference="r-1")
    assert info["tracking_id"] == 2**70


def test_a_valid_gzip_answer_still_decodes() -> None:
    body = gzip.compress(json.dumps(order_info()).encode())
    with make(answer(body, headers={"Content-Encoding": "gzip"})) as client:
        assert isinstance(client.orders.get_order_info(reference="r-1"), OrderInfo)


def test_async_client_maps_broken_bodies_too() -> None:
    async def scenario() -> None:
        transport = httpx.MockTransport(answer(DEEP))
        async with AsyncCloudCore(KEY, base_url=BASE, retry=NO_RETRIES, transport=transport) as client:
            with pytest.raises(APIResponseValidationError):
                await client.orders.get_order_info(reference="r-1")

    asyncio.run(scenario())


# ---- Retry-After that is no usable number -------------------------------------------------------

HOSTILE_RETRY_AFTER = ["nan", "NaN", "inf", "-inf", "-5", "1e309", "Wed, 21 Oct 2015 07:28:00 GMT"]


@pytest.mark.parametrize("value", HOSTILE_RETRY_AFTER)
@pytest.mark.parametrize(("status", "expected"), [(503, InternalServerError), (429, RateLimitError)])
def test_unusable_retry_after_is_ignored(
    monkeypatch: pytest.MonkeyPatch, value: str, status: int, expected: type[CloudCoreError]
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("cloudcore_client._base_client.time.sleep", slept.append)
    policy = RetryPolicy(max_retries=2, initial_delay=0.25, jitter=0)
    handler = answer(b"", status, headers={"Retry-After": value})
    transport = httpx.MockTransport(handler)
    with CloudCore(KEY, base_url=BASE, retry=policy, transport=transport) as client, pytest.raises(expected):
        client.products.list_products()
    assert slept == [0.25, 0.5]  # the backoff, as if the header were absent


def test_retry_after_nan_does_not_hang_the_async_client() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, headers={"Retry-After": "nan"})

    async def scenario() -> None:
        policy = RetryPolicy(max_retries=2, initial_delay=0.01)
        transport = httpx.MockTransport(handler)
        async with AsyncCloudCore(KEY, base_url=BASE, retry=policy, transport=transport) as client:
            with pytest.raises(InternalServerError):
                # The guard against a hang: far above the ~0.03 s this takes.
                await asyncio.wait_for(client.products.list_products(), timeout=60)

    asyncio.run(scenario())
    assert len(calls) == 3


# ---- an overall deadline per call -------------------------------------------------------------


@contextmanager
def trickling_server(body_length: int = 200, interval: float = 0.15) -> Iterator[str]:
    """A loopback HTTP server that answers 200 and sends its body one byte per `interval` seconds."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                received = b""
                while b"\r\n\r\n" not in received:
                    received += conn.recv(65536)
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body_length}\r\n\r\n"
                conn.sendall(head.encode())
                for _ in range(body_length):
                    if stop.wait(interval):
                        return
                    conn.sendall(b" ")
            except OSError:
                return  # the client gave up and closed: that is the point

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/cloudcore/1.0"
    finally:
        stop.set()
        acceptor.join(timeout=10)
        listener.close()


# 200 bytes at 0.15 s take 30 s to arrive; with a 2 s deadline the call must fail long before.
TRICKLE_SECONDS = 200 * 0.15


def test_a_trickled_body_fails_at_the_deadline() -> None:
    with trickling_server() as base_url, CloudCore(KEY, base_url=base_url, timeout=2.0, deadline=2.0) as client:
        start = time.monotonic()
        with pytest.raises(APITimeoutError, match="deadline"):
            client.orders.get_order_info(reference="r-1")
        elapsed = time.monotonic() - start
    assert 1.9 <= elapsed < TRICKLE_SECONDS / 3


def test_a_trickled_body_fails_at_the_deadline_async() -> None:
    async def scenario(base_url: str) -> float:
        async with AsyncCloudCore(KEY, base_url=base_url, timeout=2.0, deadline=2.0) as client:
            start = time.monotonic()
            with pytest.raises(APITimeoutError, match="deadline"):
                await client.orders.get_order_info(reference="r-1")
            return time.monotonic() - start

    with trickling_server() as base_url:
        elapsed = asyncio.run(scenario(base_url))
    assert 1.9 <= elapsed < TRICKLE_SECONDS / 3


def test_the_deadline_covers_retries_and_their_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, headers={"Retry-After": "30"})

    policy = RetryPolicy(max_retries=5)
    with CloudCore(KEY, base_url=BASE, retry=policy, deadline=1.0, transport=httpx.MockTransport(handler)) as client:
        start = time.monotonic()
        with pytest.raises(APITimeoutError, match="HTTP 503"):
            client.products.list_products()
    assert time.monotonic() - start < 10  # it does not sleep 30 s it cannot afford
    assert calls == [1]


def test_with_options_sets_a_per_call_deadline_and_rejects_nonsense() -> None:
    with make(answer(b"[]")) as client:
        bounded = client.with_options(deadline=5.0)
        assert bounded._engine.deadline == 5.0
        assert client._engine.deadline is None
        assert bounded.with_options(deadline=None)._engine.deadline is None
        assert bounded.products.list_products() == []
        for nonsense in (0, -1, float("nan"), float("inf"), "5", True):
            with pytest.raises(ConfigurationError):
                client.with_options(deadline=nonsense)  # type: ignore[arg-type]
    assert not bounded._engine.http.is_closed or client._engine.http.is_closed


# ---- redirects, plain http, base_url ----------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_never_carries_the_key_to_another_origin(status: int) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, headers={"Location": "https://attacker.example/collect"})

    mine = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    client = CloudCore(KEY, base_url=BASE, retry=NO_RETRIES, http_client=mine)
    with client, pytest.raises(UnexpectedStatusError) as caught:
        client.orders.get_order_info(reference="r-1")
    mine.close()
    assert caught.value.status_code == status
    assert [r.url.host for r in seen] == ["127.0.0.1"]


def test_plain_http_to_another_host_warns_once() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CloudCore(KEY, base_url="http://print-api.internal.example/cloudcore/1.0").close()
        CloudCore(KEY, base_url="http://print-api.internal.example/cloudcore/1.0").close()
        for quiet in ("https://api.cloudprinter.com/cloudcore/1.0", "http://127.0.0.1:8080/x", "http://localhost/x"):
            CloudCore(KEY, base_url=quiet).close()
    insecure = [w for w in caught if issubclass(w.category, InsecureTransportWarning)]
    assert len(insecure) == 1
    assert "print-api.internal.example" in str(insecure[0].message)
    assert insecure[0].filename == __file__  # points at the caller's line


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8080/cloudcore/1.0?x=1",
        "http://127.0.0.1:8080/cloudcore/1.0#frag",
        "ftp://127.0.0.1/cloudcore/1.0",
        "127.0.0.1:8080/cloudcore/1.0",
        "http:///cloudcore/1.0",
        "https://user:pass@api.cloudprinter.com/cloudcore/1.0",
    ],
)
def test_a_malformed_base_url_is_refused_at_construction(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        CloudCore(KEY, base_url=base_url)


# ---- key masking --------------------------------------------------------------------------------

ODD_KEYS = ["kéy-ünïcode-42", 'key"with"quotes', "key\\with\\backslashes", "key/with/slashes-0", "emoji-key-🔑-77"]


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2]) for i in range(0, len(data), 2)]


def _escaped_forms(key: str) -> list[str]:
    """The key as a server may echo it inside JSON strings: ASCII-escaped, as is, every char \\u-escaped."""
    return [
        json.dumps(key)[1:-1],
        json.dumps(key, ensure_ascii=False)[1:-1],
        "".join(f"\\u{unit:04X}" for unit in _utf16_units(key)),
        json.dumps(key)[1:-1].replace("/", "\\/"),  # PHP's json_encode escapes slashes
    ]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_a_key_echoed_json_escaped_is_masked_in_errors(key: str) -> None:
    for echoed in _escaped_forms(key):
        body = ('{"error": {"type": "invalid_api_key", "info": "unknown key ' + echoed + '"}}').encode()
        with make(answer(body, 403), key=key) as client, pytest.raises(CloudCoreError) as caught:
            client.orders.list_orders()
        rendered = str(caught.value) + repr(vars(caught.value))
        assert key not in rendered
        assert key not in caught.value.content.decode("utf-8", errors="replace")  # type: ignore[attr-defined]
        assert echoed not in rendered
        assert "**********" in (caught.value.info or "")  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", [KEY, *ODD_KEYS])
def test_a_key_echoed_in_a_success_answer_is_masked_in_the_model_and_its_repr(key: str) -> None:
    for echoed in _escaped_forms(key):
        body = json.dumps(order_info(), ensure_ascii=False)[:-1] + ', "apikey": "' + echoed + '"}'
        with make(answer(body.encode()), key=key) as client:
            info = client.orders.get_order_info(reference="r-1")
            raw = client.with_raw_response.orders.get_order_info(reference="r-1")
        assert info.additional_properties == {"apikey": "**********"}
        assert key not in repr(info)
        assert key.encode() not in raw.content
        assert echoed.encode() not in raw.content
        assert raw.parse().additional_properties == {"apikey": "**********"}


@pytest.mark.parametrize("short", ["k", "test", "1234567", "       x"])
def test_short_keys_are_refused(short: str) -> None:
    with pytest.raises(ConfigurationError, match="at least 8"):
        CloudCore(short, base_url=BASE)


def test_masking_never_mangles_text_that_merely_resembles_the_key() -> None:
    """The report's case: key "test" turned `Order "test-order-1" not found` into `**********-order-1`."""
    message = 'Order "test-order-1" not found'
    body = json.dumps({"error": {"type": "order_not_found", "info": message}}).encode()
    with make(answer(body, 410), key="test-key") as client, pytest.raises(NotFoundError) as caught:
        client.orders.get_order_info(reference="test-order-1")
    assert caught.value.info == message


# ---- retry=None ---------------------------------------------------------------------------------


def test_retry_none_is_refused_rather_than_meaning_the_default() -> None:
    with pytest.raises(ConfigurationError, match="NO_RETRIES"):
        CloudCore(KEY, base_url=BASE, retry=None)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="NO_RETRIES"):
        AsyncCloudCore(KEY, base_url=BASE, retry=None)  # type: ignore[arg-type]
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503)

    with make(handler) as client, pytest.raises(InternalServerError):
        client.products.list_products()
    assert calls == [1]  # NO_RETRIES: exactly one attempt
