# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""`CloudCore` and `AsyncCloudCore`: the one way to call the API, with a resource per tag."""

from collections.abc import Mapping
from typing import Any, Final

from ._base_client import AsyncAPIClient, AsyncEngine, AsyncRawRequester, SyncAPIClient, SyncEngine, SyncRawRequester
from ._operation import Operation
from ._version import __version__
from .resources import orders, products, shipping

#: Every operation by method name (the engine reads orders back through `get_order_info`).
OPERATIONS: Final[Mapping[str, Operation[Any]]] = {
    **orders.OPERATIONS,
    **products.OPERATIONS,
    **shipping.OPERATIONS,
}
#: Sent with every request.
USER_AGENT: Final = f"cloudcore-client/{__version__}"


class CloudCore(SyncAPIClient):
    """The CloudCore API: `api_key` given once, typed methods per tag, retries, deadline and typed errors.

    Args:
        api_key: the account's key (at least 8 characters); default: `CLOUDPRINTER_API_KEY`.
        base_url: default `CLOUDPRINTER_BASE_URL` or production (`DEFAULT_BASE_URL`); http(s), no query.
        timeout: per attempt: seconds or an `httpx.Timeout` (default `DEFAULT_TIMEOUT`); ignored with `http_client`.
        retry: a `RetryPolicy` (default: 2 retries with backoff); `NO_RETRIES` turns retries off.
        deadline: seconds one call may take in all (connecting, waiting for a connection, headers, body,
            decoding, retries and their waits); None: no bound.
        http_client: an `httpx.Client` to use (and not close), e.g. with custom TLS or proxies.
        transport: an `httpx` transport for the client built here, e.g. `httpx.MockTransport` in tests.
        limits: the connection pool (`DEFAULT_LIMITS`: 100 calls in flight, others wait their turn up to
            the pool timeout or the deadline); for the client built here.
        max_response_bytes: the largest body read, decompressed (`DEFAULT_MAX_RESPONSE_BYTES`, 64 MiB);
            a larger one raises `ResponseTooLargeError` unread. None: no cap.

    Use it as a context manager, or call `close()`, to release pooled connections.
    """

    _operations = OPERATIONS
    _user_agent = USER_AGENT
    orders: orders.Orders
    products: products.Products
    shipping: shipping.Shipping
    with_raw_response: "CloudCoreWithRawResponse"

    def _attach(self, engine: SyncEngine) -> None:
        self._engine = engine
        self.orders = orders.Orders(engine)
        self.products = products.Products(engine)
        self.shipping = shipping.Shipping(engine)
        self.with_raw_response = CloudCoreWithRawResponse(engine)


class CloudCoreWithRawResponse:
    """`CloudCore.with_raw_response`: every method returns a `RawResponse` (status, headers, `.parse()`)."""

    def __init__(self, engine: SyncEngine) -> None:
        requester = SyncRawRequester(engine)
        self.orders = orders.OrdersWithRawResponse(orders.Orders(requester))
        self.products = products.ProductsWithRawResponse(products.Products(requester))
        self.shipping = shipping.ShippingWithRawResponse(shipping.Shipping(requester))


class AsyncCloudCore(AsyncAPIClient):
    """The asyncio twin of `CloudCore`: the same arguments, resources and methods, awaited.

    Use it as an async context manager, or await `aclose()`, to release pooled connections.
    """

    _operations = OPERATIONS
    _user_agent = USER_AGENT
    orders: orders.AsyncOrders
    products: products.AsyncProducts
    shipping: shipping.AsyncShipping
    with_raw_response: "AsyncCloudCoreWithRawResponse"

    def _attach(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.orders = orders.AsyncOrders(engine)
        self.products = products.AsyncProducts(engine)
        self.shipping = shipping.AsyncShipping(engine)
        self.with_raw_response = AsyncCloudCoreWithRawResponse(engine)


class AsyncCloudCoreWithRawResponse:
    """`AsyncCloudCore.with_raw_response`: every method returns a `RawResponse` once awaited."""

    def __init__(self, engine: AsyncEngine) -> None:
        requester = AsyncRawRequester(engine)
        self.orders = orders.AsyncOrdersWithRawResponse(orders.AsyncOrders(requester))
        self.products = products.AsyncProductsWithRawResponse(products.AsyncProducts(requester))
        self.shipping = shipping.AsyncShippingWithRawResponse(shipping.AsyncShipping(requester))


__all__ = ["AsyncCloudCore", "AsyncCloudCoreWithRawResponse", "CloudCore", "CloudCoreWithRawResponse"]
