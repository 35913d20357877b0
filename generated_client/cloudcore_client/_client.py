# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""`CloudCore` and `AsyncCloudCore`: the one way to call the API, with a resource per tag."""

from collections.abc import Mapping
from typing import Any, Final, Self

import httpx

from ._api_key import ApiKey
from ._base_client import DEFAULT_TIMEOUT, AsyncEngine, AsyncRawRequester, Keep, SyncEngine, SyncRawRequester
from ._operation import Operation
from ._retry import DEFAULT_RETRY, RetryPolicy
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


class CloudCore:
    """The CloudCore API: `api_key` given once, typed methods per tag, retries and timeouts built in.

    Args:
        api_key: the account's key (at least 8 characters); default: `CLOUDPRINTER_API_KEY`.
        base_url: default `CLOUDPRINTER_BASE_URL` or production (`DEFAULT_BASE_URL`); http(s), no query.
        timeout: seconds or an `httpx.Timeout` per attempt (default `DEFAULT_TIMEOUT`); ignored with `http_client`.
        retry: a `RetryPolicy` (default: 2 retries with backoff); `NO_RETRIES` turns retries off.
        deadline: seconds one call may take in all (retries, waits and slow bodies included); None: no bound.
        http_client: an `httpx.Client` to use (and not close), e.g. with custom TLS or proxies.
        transport: an `httpx` transport for the client built here, e.g. `httpx.MockTransport` in tests.

    Use it as a context manager, or call `close()`, to release pooled connections.
    """

    orders: orders.Orders
    products: products.Products
    shipping: shipping.Shipping
    with_raw_response: "CloudCoreWithRawResponse"

    def __init__(
        self,
        api_key: str | ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        deadline: float | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._attach(
            SyncEngine(
                api_key=api_key,
                base_url=base_url,
                retry=retry,
                deadline=deadline,
                user_agent=USER_AGENT,
                operations=OPERATIONS,
                timeout=timeout,
                http_client=http_client,
                transport=transport,
            )
        )

    def _attach(self, engine: SyncEngine) -> None:
        self._engine = engine
        self.orders = orders.Orders(engine)
        self.products = products.Products(engine)
        self.shipping = shipping.Shipping(engine)
        self.with_raw_response = CloudCoreWithRawResponse(engine)

    def with_options(self, *, retry: RetryPolicy | None = None, deadline: float | Keep | None = Keep.KEEP) -> Self:
        """This client with other retry or deadline settings, sharing its key and connections."""
        derived = object.__new__(type(self))
        derived._attach(self._engine.derive(retry=retry, deadline=deadline))
        return derived

    @property
    def base_url(self) -> str:
        return self._engine.base_url

    def close(self) -> None:
        """Close the pooled connections (unless the `http_client` was given by the caller)."""
        self._engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CloudCore(base_url={self.base_url!r}, api_key={self._engine._key!r})"


class CloudCoreWithRawResponse:
    """`CloudCore.with_raw_response`: every method returns a `RawResponse` (status, headers, `.parse()`)."""

    def __init__(self, engine: SyncEngine) -> None:
        requester = SyncRawRequester(engine)
        self.orders = orders.OrdersWithRawResponse(orders.Orders(requester))
        self.products = products.ProductsWithRawResponse(products.Products(requester))
        self.shipping = shipping.ShippingWithRawResponse(shipping.Shipping(requester))


class AsyncCloudCore:
    """The asyncio twin of `CloudCore`: the same arguments, resources and methods, awaited.

    Use it as an async context manager, or await `aclose()`, to release pooled connections.
    """

    orders: orders.AsyncOrders
    products: products.AsyncProducts
    shipping: shipping.AsyncShipping
    with_raw_response: "AsyncCloudCoreWithRawResponse"

    def __init__(
        self,
        api_key: str | ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        deadline: float | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._attach(
            AsyncEngine(
                api_key=api_key,
                base_url=base_url,
                retry=retry,
                deadline=deadline,
                user_agent=USER_AGENT,
                operations=OPERATIONS,
                timeout=timeout,
                http_client=http_client,
                transport=transport,
            )
        )

    def _attach(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.orders = orders.AsyncOrders(engine)
        self.products = products.AsyncProducts(engine)
        self.shipping = shipping.AsyncShipping(engine)
        self.with_raw_response = AsyncCloudCoreWithRawResponse(engine)

    def with_options(self, *, retry: RetryPolicy | None = None, deadline: float | Keep | None = Keep.KEEP) -> Self:
        """This client with other retry or deadline settings, sharing its key and connections."""
        derived = object.__new__(type(self))
        derived._attach(self._engine.derive(retry=retry, deadline=deadline))
        return derived

    @property
    def base_url(self) -> str:
        return self._engine.base_url

    async def aclose(self) -> None:
        """Close the pooled connections (unless the `http_client` was given by the caller)."""
        await self._engine.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncCloudCore(base_url={self.base_url!r}, api_key={self._engine._key!r})"


class AsyncCloudCoreWithRawResponse:
    """`AsyncCloudCore.with_raw_response`: every method returns a `RawResponse` once awaited."""

    def __init__(self, engine: AsyncEngine) -> None:
        requester = AsyncRawRequester(engine)
        self.orders = orders.AsyncOrdersWithRawResponse(orders.AsyncOrders(requester))
        self.products = products.AsyncProductsWithRawResponse(products.AsyncProducts(requester))
        self.shipping = shipping.AsyncShippingWithRawResponse(shipping.AsyncShipping(requester))


__all__ = ["AsyncCloudCore", "AsyncCloudCoreWithRawResponse", "CloudCore", "CloudCoreWithRawResponse"]
