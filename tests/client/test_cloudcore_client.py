"""The high-level client (`CloudCore`, `AsyncCloudCore`) against `httpx.MockTransport` handlers."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudcore_client import (
    NO_RETRIES,
    APIConnectionError,
    ApiKey,
    APIStatusError,
    APITimeoutError,
    AsyncCloudCore,
    AuthenticationError,
    BadRequestError,
    CloudCore,
    CloudCoreError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    UnexpectedStatusError,
)
from cloudcore_client.models import (
    CancelOrderResponse,
    ItemFile,
    ItemFileType,
    ItemOption,
    OrderItem,
    OrderSummary,
)
from cloudcore_client.resources.orders import AsyncOrders, Orders
from cloudcore_client.resources.products import AsyncProducts, Products
from cloudcore_client.resources.shipping import AsyncShipping, Shipping
from tests._helpers.spec import load_spec
from tests.client.programs.every_operation import ADDRESS

KEY = "sk-live-7f3a9c2e1b"
BASE = "http://127.0.0.1:9/cloudcore/1.0"
FAST = RetryPolicy(max_retries=2, initial_delay=0.0)
Handler = Callable[[httpx.Request], httpx.Response]


def make(handler: Handler, retry: RetryPolicy = FAST) -> CloudCore:
    return CloudCore(KEY, base_url=BASE, retry=retry, transport=httpx.MockTransport(handler))


def body_of(request: httpx.Request) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(request.content)
    return data


def api_error(status: int, kind: str, info: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"type": kind, "info": info}}, headers=headers)


ITEM = OrderItem(
    reference="r-1-1",
    product="book_hardcover_21x30",
    count=5,
    shipping_level="cp_saver",
    files=[
        ItemFile(type_=ItemFileType.COVER, url="https://example.com/c.pdf", md5sum="4578c3ecf64e47581b175d542f8b0160"),
        ItemFile(type_=ItemFileType.BOOK, url="https://example.com/b.pdf", md5sum="1ef89e74e628e223ae94aa4586330833"),
    ],
    options=[ItemOption(type_="total_pages", count="36")],
)


def order_info(reference: str, product: str = "book_hardcover_21x30", count: Any = "5") -> dict[str, Any]:
    """An `orders/info` answer for the order made of ADDRESS and ITEM (or a variant of it)."""
    return {
        "reference": reference,
        "state": "1",
        "state_code": "order_state_new",
        "order_date": "2026-01-01 10:00:00",
        "email": "support@example.com",
        "addresses": [
            {
                "type": "delivery",
                "firstname": "Ada",
                "lastname": "Lovelace",
                "street1": "Example street 1",
                "zip": "99999",
                "city": "Berlin",
                "country": "DE",
            }
        ],
        "items": [{"reference": "r-1-1", "name": product, "count": count}],
    }


def add(client: CloudCore, reference: str = "r-1") -> Any:
    return client.orders.add_order(reference=reference, email="support@example.com", addresses=[ADDRESS], items=[ITEM])


# ---- key handling ------------------------------------------------------------------------------


def test_key_is_injected_into_every_body_and_nowhere_else() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    with make(handler) as client:
        client.shipping.list_shipping_states(country_reference="US")
        client.orders.list_orders()
    assert [str(r.url) for r in sent] == [f"{BASE}/shipping/states", f"{BASE}/orders/"]
    assert body_of(sent[0]) == {"apikey": KEY, "country_reference": "US"}
    assert body_of(sent[1]) == {"apikey": KEY}
    for request in sent:
        assert request.method == "POST"
        assert request.headers["content-type"] == "application/json"
        assert KEY not in str(request.headers)
        assert KEY not in str(request.url)


def test_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(body_of(request)["apikey"])
        return httpx.Response(200, json=[])

    monkeypatch.setenv("CLOUDPRINTER_API_KEY", "from-env")
    monkeypatch.setenv("CLOUDPRINTER_BASE_URL", "http://127.0.0.1:1/x/")
    with CloudCore(transport=httpx.MockTransport(handler)) as client:
        assert client.base_url == "http://127.0.0.1:1/x"
        client.products.list_products()
    assert seen == ["from-env"]
    monkeypatch.delenv("CLOUDPRINTER_API_KEY")
    with pytest.raises(CloudCoreError, match="CLOUDPRINTER_API_KEY"):
        CloudCore()


def test_key_is_hidden_from_reprs() -> None:
    client = make(lambda r: httpx.Response(200, json=[]))
    key = ApiKey(KEY)
    texts = [repr(client), str(client), repr(key), str(key), f"{key}", repr(client.orders), repr(vars(client))]
    texts += [repr(AsyncCloudCore(KEY, base_url=BASE)), repr(client._engine), repr(vars(client._engine))]
    assert "**********" in repr(client)
    for text in texts:
        assert KEY not in text
    assert key.get_secret_value() == KEY


def test_key_is_hidden_from_exceptions_tracebacks_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Even when the server echoes the key, and with every frame's locals rendered."""

    def echo(request: httpx.Request) -> httpx.Response:
        return api_error(400, f"bad_{KEY}", f"apikey {body_of(request)['apikey']} is malformed")

    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.WriteError(f"connection reset while sending {request.content!r}", request=request)

    caplog.set_level(logging.DEBUG)
    failures: list[CloudCoreError] = []
    for handler in (echo, broken):
        with make(handler) as client, pytest.raises(CloudCoreError) as caught:
            add(client)
        failures.append(caught.value)
    assert isinstance(failures[0], BadRequestError)
    assert isinstance(failures[1], APIConnectionError)
    assert "**********" in str(failures[0])
    for error in failures:
        rendered = "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
        texts = [str(error), repr(error), repr(error.args), repr(vars(error)), rendered]
        for text in texts:
            assert KEY not in text
    assert "retry" in caplog.text
    assert KEY not in caplog.text


# ---- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "expected"),
    [
        (400, "json_data_schema_is_not_valid", BadRequestError),
        (403, "invalid_api_key", AuthenticationError),
        (409, "order_state_not_cancelable", ConflictError),
        (410, "order_not_found", NotFoundError),
        (418, "teapot", UnexpectedStatusError),
        (429, "rate_limited", RateLimitError),
        (500, "internal", InternalServerError),
    ],
)
def test_statuses_raise_typed_errors(status: int, kind: str, expected: type[APIStatusError]) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return api_error(status, kind, f"info for {status}")

    with make(handler, retry=NO_RETRIES) as client, pytest.raises(expected) as caught:
        client.orders.cancel_order(reference="r-1")
    error = caught.value
    assert type(error) is expected
    assert (error.status_code, error.error_type, error.info) == (status, kind, f"info for {status}")
    assert error.operation == "cancel_order"
    assert f"HTTP {status}" in str(error)
    assert kind in str(error)
    assert len(calls) == 1


def test_documented_status_with_empty_body_and_undocumented_one() -> None:
    with make(lambda r: httpx.Response(410), retry=NO_RETRIES) as client, pytest.raises(NotFoundError) as gone:
        client.orders.get_order_info(reference="x")
    assert (gone.value.status_code, gone.value.error_type, gone.value.info) == (410, None, None)
    # 409 is documented for cancel_order only: elsewhere it is unexpected.
    with make(lambda r: api_error(409, "x", "y")) as client, pytest.raises(UnexpectedStatusError) as odd:
        client.orders.get_order_info(reference="x")
    assert not isinstance(odd.value, ConflictError)


def test_the_hierarchy() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, CloudCoreError)
    assert issubclass(APIStatusError, CloudCoreError)
    kinds = (BadRequestError, AuthenticationError, NotFoundError, ConflictError, UnexpectedStatusError)
    for kind in (*kinds, RateLimitError, InternalServerError):
        assert kind.__bases__ == (APIStatusError,)


def test_no_content_has_a_typed_meaning_per_operation() -> None:
    with make(lambda r: httpx.Response(204)) as client:
        assert client.orders.list_orders() == []
        assert client.products.list_products() == []
        with pytest.raises(NotFoundError) as log:
            client.orders.get_order_log(reference="nope")
        with pytest.raises(NotFoundError) as product:
            client.products.get_product_info(reference="nope")
        # A 204 where the contract has none is no success.
        with pytest.raises(UnexpectedStatusError):
            client.shipping.list_shipping_levels()
    assert log.value.status_code == product.value.status_code == 204


def test_every_content_less_success_in_the_spec_says_what_it_means() -> None:
    """The generated methods read `x-cloudcore-no-content`; without it a 2xx would be an error."""
    spec = load_spec()
    meanings = {}
    for path, item in spec["paths"].items():
        for status, response in item["post"]["responses"].items():
            if status.startswith("2") and "content" not in response:
                meanings[(path, status)] = response.get("x-cloudcore-no-content")
    assert meanings == {
        ("/orders/", "204"): "empty-list",
        ("/orders/log", "204"): "not-found",
        ("/products", "204"): "empty-list",
        ("/products/info", "204"): "not-found",
    }


# ---- retries ----------------------------------------------------------------------------------


def sequence(*steps: httpx.Response | type[httpx.TransportError]) -> tuple[Handler, list[httpx.Request]]:
    """A handler that plays `steps` in order (an exception class is raised), then repeats the last."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        step = steps[min(len(seen), len(steps) - 1)]
        seen.append(request)
        if isinstance(step, httpx.Response):
            return step
        raise step("simulated failure", request=request)

    return handler, seen


@pytest.mark.parametrize(
    "first",
    [httpx.ConnectError, httpx.ReadTimeout, httpx.Response(429), httpx.Response(503), httpx.Response(502)],
    ids=["connect-error", "read-timeout", "429", "503", "502"],
)
def test_retryable_failure_then_success(first: Any) -> None:
    handler, seen = sequence(first, httpx.Response(200, json=[]))
    with make(handler) as client:
        assert client.shipping.list_shipping_countries() == []
    assert len(seen) == 2
    assert seen[0].content == seen[1].content


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.ConnectError, APIConnectionError),
        (httpx.ConnectTimeout, APITimeoutError),
        (httpx.Response(503), InternalServerError),
        (httpx.Response(429), RateLimitError),
    ],
    ids=["connect-error", "timeout", "503", "429"],
)
def test_gives_up_after_max_retries(failure: Any, expected: type[CloudCoreError]) -> None:
    handler, seen = sequence(failure)
    with make(handler, retry=RetryPolicy(max_retries=3, initial_delay=0)) as client, pytest.raises(expected):
        client.products.list_products()
    assert len(seen) == 4


def test_no_retry_on_client_errors() -> None:
    handler, seen = sequence(api_error(400, "json_data_schema_is_not_valid", "bad"), httpx.Response(200, json=[]))
    with make(handler) as client, pytest.raises(BadRequestError):
        client.products.list_products()
    assert len(seen) == 1


def test_backoff_grows_with_jitter_and_obeys_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("cloudcore_client._base_client.time.sleep", slept.append)
    policy = RetryPolicy(max_retries=3, initial_delay=1.0, multiplier=2.0, max_delay=3.0, jitter=0.5)
    handler, _ = sequence(httpx.Response(503), httpx.Response(503), httpx.Response(429, headers={"Retry-After": "7"}))
    with make(handler, retry=policy) as client, pytest.raises(RateLimitError):
        client.products.list_products()
    assert len(slept) == 3
    assert 0.5 <= slept[0] <= 1.0
    assert 1.0 <= slept[1] <= 2.0
    assert slept[2] == 7.0
    assert RetryPolicy(jitter=0).delay(10) == RetryPolicy().max_delay
    assert RetryPolicy(max_retry_after=5).delay(0, retry_after=3600) == 5


# ---- idempotent orders/add -------------------------------------------------------------------


class FlakyOrderApi:
    """Stores an order, then loses the answer of that first `orders/add` (a read timeout)."""

    def __init__(self, held: dict[str, Any] | None = None) -> None:
        self.stored: dict[str, dict[str, Any]] = {}
        self.held = held
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/cloudcore/1.0")
        self.calls.append(path)
        body = body_of(request)
        if path == "/orders/add":
            reference = body["reference"]
            if reference in self.stored:
                return api_error(400, "order_reference_not_unique", f'Order reference "{reference}" already exists')
            self.stored[reference] = body
            if self.calls.count("/orders/add") == 1:
                raise httpx.ReadTimeout("timed out", request=request)
            return httpx.Response(201, json={"order": reference})
        if path == "/orders/info":
            return httpx.Response(200, json=self.held or order_info(body["reference"]))
        return httpx.Response(204)


def test_retried_add_that_meets_its_own_order_succeeds() -> None:
    api = FlakyOrderApi()
    with make(api) as client:
        result = add(client)
    assert result.order == "r-1"
    assert api.calls == ["/orders/add", "/orders/add", "/orders/info"]
    assert len(api.stored) == 1


def test_retried_add_that_meets_a_different_order_raises() -> None:
    api = FlakyOrderApi(held=order_info("r-1", count="6"))
    with make(api) as client, pytest.raises(BadRequestError) as caught:
        add(client)
    assert caught.value.error_type == "order_reference_not_unique"
    assert api.calls == ["/orders/add", "/orders/add", "/orders/info"]


def test_add_without_retry_never_hides_a_taken_reference() -> None:
    api = FlakyOrderApi()
    api.stored["r-1"] = {}
    with make(api) as client, pytest.raises(BadRequestError):
        add(client)
    assert api.calls == ["/orders/add"]


def test_add_after_a_refused_connection_does_not_check_info() -> None:
    """A connect error means the first attempt never arrived: a taken reference is someone else's."""
    handler, seen = sequence(httpx.ConnectError, api_error(400, "order_reference_not_unique", "exists"))
    with make(handler) as client, pytest.raises(BadRequestError):
        add(client)
    assert [r.url.path for r in seen] == ["/cloudcore/1.0/orders/add"] * 2


# ---- idempotent orders/cancel ----------------------------------------------------------------


class FlakyCancelApi:
    """Cancels the order, then loses the answer of that first `orders/cancel` (a read timeout)."""

    def __init__(self, state: str = "45", *, lose_first_answer: bool = True) -> None:
        self.state = state
        self.lose_first_answer = lose_first_answer
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/cloudcore/1.0")
        self.calls.append(path)
        if path == "/orders/cancel":
            if self.state == "500":
                return api_error(409, "order_state_not_cancelable", "The order can no longer be canceled")
            self.state = "500"
            if self.lose_first_answer:
                raise httpx.ReadTimeout("timed out", request=request)
            return httpx.Response(200, json={})
        if path == "/orders/info":
            return httpx.Response(200, json={**order_info(body_of(request)["reference"]), "state": self.state})
        return httpx.Response(204)


def test_retried_cancel_that_meets_its_own_cancellation_succeeds() -> None:
    api = FlakyCancelApi()
    with make(api) as client:
        assert isinstance(client.orders.cancel_order(reference="r-1"), CancelOrderResponse)
    assert api.calls == ["/orders/cancel", "/orders/cancel", "/orders/info"]


def test_cancel_without_retry_never_hides_a_conflict() -> None:
    api = FlakyCancelApi(state="500")
    with make(api) as client, pytest.raises(ConflictError):
        client.orders.cancel_order(reference="r-1")
    assert api.calls == ["/orders/cancel"]


def test_retried_cancel_meeting_an_order_in_production_raises() -> None:
    """The 409 after a lost answer is only ours when the order really is canceled (state 500)."""
    handler, seen = sequence(httpx.ReadTimeout, api_error(409, "order_state_not_cancelable", "in production"))
    info = httpx.Response(200, json={**order_info("r-1"), "state": "45"})

    def routed(request: httpx.Request) -> httpx.Response:
        return info if request.url.path.endswith("/orders/info") else handler(request)

    with make(routed) as client, pytest.raises(ConflictError):
        client.orders.cancel_order(reference="r-1")
    assert len(seen) == 2


# ---- decoding ---------------------------------------------------------------------------------


def test_unknown_fields_and_numbers_for_strings_decode() -> None:
    orders = [{"reference": 12346, "order_date": "2015-08-05 10:00:00", "state": 1, "state_code": "new", "vat": 0.2}]
    answers = {
        "/orders/": orders,
        "/orders/info": order_info("o", count=2) | {"is_cancelable": True, "production_sla_days": 3},
        "/products": [
            {
                "name": "A",
                "note": "B",
                "reference": "p",
                "category": "C",
                "from_price": 3.33,
                "currency": "EUR",
                "availability": {"nl": True},
            }
        ],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers[request.url.path.removeprefix("/cloudcore/1.0")])

    with make(handler) as client:
        (summary,) = client.orders.list_orders()
        info = client.orders.get_order_info(reference="o")
        (product,) = client.products.list_products()
    assert isinstance(summary, OrderSummary)
    assert (summary.reference, summary.state, summary.additional_properties) == ("12346", 1, {"vat": 0.2})
    # Counts and prices are string-or-number in the contract (NumberText); the client reads the
    # documented string, so amounts never pass through a float.
    assert info.items[0].count == "2"
    assert info["production_sla_days"] == 3
    assert info.is_cancelable is True
    assert product.from_price == "3.33"
    assert product["availability"] == {"nl": True}


def test_a_long_list_decodes_without_touching_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding is no process-wide affair: the host service's other threads keep their GC."""
    import gc

    def forbidden() -> None:
        raise AssertionError("the client must not switch the garbage collector")

    monkeypatch.setattr(gc, "disable", forbidden)
    order = {"order_date": "2015-08-05 10:00:00", "state": "1", "state_code": "s"}
    orders = [{"reference": str(i), **order} for i in range(2500)]
    with make(lambda r: httpx.Response(200, json=orders)) as client:
        decoded = client.orders.list_orders()
    assert [o.reference for o in decoded] == [str(i) for i in range(2500)]


# ---- async and lifecycle ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sync", "async_"), [(Orders, AsyncOrders), (Products, AsyncProducts), (Shipping, AsyncShipping)]
)
def test_async_surface_mirrors_sync(sync: type, async_: type) -> None:
    def methods(cls: type) -> dict[str, inspect.Signature]:
        return {name: inspect.signature(fn) for name, fn in vars(cls).items() if not name.startswith("_")}

    assert methods(sync) == methods(async_)
    assert methods(sync)
    for name in methods(async_):
        assert inspect.iscoroutinefunction(getattr(async_, name))
    tags = {"orders", "products", "shipping"}
    assert tags <= set(vars(CloudCore(KEY, base_url=BASE)))
    assert tags <= set(vars(AsyncCloudCore(KEY, base_url=BASE)))


def test_async_client_calls_retries_and_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(seconds: float) -> None:
        # asyncio.sleep is patched process-wide: event loops of other threads (a simulator another
        # test left serving at session scope) keep their real sleep and stay out of the count.
        if threading.current_thread() is not threading.main_thread():
            await real_sleep(seconds)
            return
        slept.append(seconds)

    monkeypatch.setattr("cloudcore_client._base_client.asyncio.sleep", fake_sleep)
    handler, seen = sequence(httpx.Response(503), httpx.Response(201, json={"order": "r-9"}))
    api = FlakyOrderApi()

    async def scenario() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncCloudCore(KEY, base_url=BASE, retry=FAST, transport=transport) as client:
            result = await client.orders.add_order(
                reference="r-9", email="a@example.com", addresses=[ADDRESS], items=[ITEM]
            )
            assert result.order == "r-9"
        async with AsyncCloudCore(KEY, base_url=BASE, retry=FAST, transport=httpx.MockTransport(api)) as client:
            assert (
                await client.orders.add_order(
                    reference="r-1", email="support@example.com", addresses=[ADDRESS], items=[ITEM]
                )
            ).order == "r-1"
            with pytest.raises(NotFoundError):
                await client.orders.get_order_log(reference="r-1")

    api.calls.clear()
    asyncio.run(scenario())
    assert len(seen) == 2
    assert len(slept) == 2  # after the 503, and after the lost answer of the first orders/add
    assert body_of(seen[1])["apikey"] == KEY
    assert api.calls[:3] == ["/orders/add", "/orders/add", "/orders/info"]


def test_context_managers_close_owned_clients_only() -> None:
    with make(lambda r: httpx.Response(200, json=[])) as client:
        http = client._engine.http
        assert not http.is_closed
    assert http.is_closed

    mine = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[])))
    with CloudCore(KEY, base_url=BASE, http_client=mine) as client:
        assert client.products.list_products() == []
    assert not mine.is_closed
    mine.close()

    async def scenario() -> httpx.AsyncClient:
        async with AsyncCloudCore(KEY, base_url=BASE) as client:
            return client._engine.http

    assert asyncio.run(scenario()).is_closed
