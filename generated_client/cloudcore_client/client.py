import asyncio
import gc
import json
import logging
import os
import random
import ssl
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar

import httpx
from attrs import define, evolve, field, frozen

from . import errors

if TYPE_CHECKING:
    from .api.orders import AsyncOrders, Orders
    from .api.products import AsyncProducts, Products
    from .api.shipping import AsyncShipping, Shipping


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The token to use for authentication
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    token: str
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# The high-level client: CloudCore (sync) and AsyncCloudCore. The low-level Client above stays
# for the generated `api.<tag>.<operation>` functions; everything below is what services import.
# ---------------------------------------------------------------------------------------------

#: Production (and sandbox accounts). The simulator's is `http://127.0.0.1:PORT/cloudcore/1.0`.
DEFAULT_BASE_URL: Final = "https://api.cloudprinter.com/cloudcore/1.0"
#: Environment variables read when no API key / base URL is passed.
API_KEY_ENV: Final = "CLOUDPRINTER_API_KEY"
BASE_URL_ENV: Final = "CLOUDPRINTER_BASE_URL"
#: A call that hangs is worse than one that fails: 10 s to connect, 60 s for everything else.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
#: Answers worth another attempt: rate limiting and server-side failures.
RETRYABLE_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
#: What the resource methods put in a body's `apikey` field; the engine writes the real key
#: into the serialised request only, so no model object ever holds it.
API_KEY_SLOT: Final = ""

_JSON_HEADERS: Final = {"Content-Type": "application/json", "Accept": "application/json"}
_log = logging.getLogger("cloudcore_client")


class ApiKey:
    """The account's API key, kept out of every repr, str, log line and exception message."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError("the API key must be a non-empty string")
        self._value = value

    def get_secret_value(self) -> str:
        """The key itself: only the engine calls this, when it serialises a request."""
        return self._value

    def scrub(self, text: str) -> str:
        """`text` with every occurrence of the key masked (servers sometimes echo what they got)."""
        return text.replace(self._value, "**********") if self._value in text else text

    def __repr__(self) -> str:
        return "ApiKey('**********')"

    __str__ = __repr__


@frozen
class RetryPolicy:
    """How often and how patiently a failed call is retried.

    Retried: connection failures, timeouts and the statuses in `RETRYABLE_STATUSES`. The delay
    before retry n (0-based) is `initial_delay * multiplier**n`, capped at `max_delay`, minus a
    random share of up to `jitter` of it (so that many clients do not retry in lockstep). A
    `Retry-After` header (seconds or HTTP date) is obeyed instead, up to `max_retry_after`.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    multiplier: float = 2.0
    jitter: float = 0.5
    max_retry_after: float = 60.0

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0 or self.initial_delay < 0 or self.max_delay < 0 or not 0 <= self.jitter <= 1:
            raise ValueError("retry settings must be non-negative and jitter within [0, 1]")

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        base = min(self.initial_delay * self.multiplier**retry, self.max_delay)
        return base * (1.0 - self.jitter * random.random())


NO_RETRIES: Final = RetryPolicy(max_retries=0)


def _retry_after(response: httpx.Response) -> float | None:
    """The `Retry-After` header in seconds, if present and readable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@define(frozen=True)
class Exchange:
    """The final answer of a call, and whether an earlier attempt may have reached the server.

    `maybe_applied` is what makes retrying `orders/add` safe: when it is true, a "reference
    already exists" answer may be the echo of our own first attempt and must be checked.
    """

    response: httpx.Response
    attempts: int
    maybe_applied: bool


def _maybe_applied(failure: Exception | int) -> bool:
    """Whether a failed attempt may still have been processed by the server."""
    if isinstance(failure, int):
        return failure >= 500
    return not isinstance(failure, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _error_detail(response: httpx.Response, key: ApiKey) -> tuple[str | None, str | None]:
    """The API's `error.type` and `error.info`, tolerating empty and non-JSON bodies."""
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        return None, None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    kind, info = error.get("type"), error.get("info")
    return (
        key.scrub(str(kind)) if kind is not None else None,
        key.scrub(str(info)) if info is not None else None,
    )


M = TypeVar("M")

#: From this many items on, `decode_list` pauses the cyclic garbage collector while it builds models.
GC_PAUSE_THRESHOLD: Final = 1000


def decode_list(from_dict: Callable[[Mapping[str, Any]], M], data: Any) -> list[M]:
    """`[from_dict(item) for item in data]`, with the cyclic GC paused for long lists.

    Building 100,000 small, acyclic model objects triggers repeated full collections that cost as
    much as the decoding itself; pausing the collector for that loop halves the time. It is
    re-enabled (if it was enabled) before anything else runs in this thread.
    """
    if len(data) < GC_PAUSE_THRESHOLD or not gc.isenabled():
        return [from_dict(item) for item in data]
    gc.disable()
    try:
        return [from_dict(item) for item in data]
    finally:
        gc.enable()


class Engine:
    """What sync and async share: the key, the URL, request building and error mapping."""

    def __init__(self, *, api_key: str | ApiKey | None, base_url: str | None, retry: RetryPolicy | None) -> None:
        if api_key is None:
            api_key = os.environ.get(API_KEY_ENV)
            if not api_key:
                raise errors.CloudCoreError(f"no API key: pass api_key= or set {API_KEY_ENV}")
        self._key = api_key if isinstance(api_key, ApiKey) else ApiKey(api_key)
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        self.retry = retry if retry is not None else RetryPolicy()

    def _build(self, client: httpx.Client | httpx.AsyncClient, path: str, body: Mapping[str, Any]) -> httpx.Request:
        # The key joins the body only inside this expression; this frame has returned before
        # anything is sent, so no traceback of a failed call shows a local holding it.
        return client.build_request(
            "POST",
            self.base_url + path,
            content=json.dumps({**body, "apikey": self._key.get_secret_value()}).encode(),
            headers=_JSON_HEADERS,
        )

    def _transport_error(self, operation: str, failure: Exception, attempts: int) -> errors.APIConnectionError:
        kind = errors.APITimeoutError if isinstance(failure, httpx.TimeoutException) else errors.APIConnectionError
        detail = self._key.scrub(str(failure)) or type(failure).__name__
        return kind(f"{type(failure).__name__} after {attempts} attempt(s): {detail}", operation=operation)

    def error(
        self, response: httpx.Response, operation: str, documented: Mapping[int, type[errors.APIStatusError]]
    ) -> errors.APIStatusError:
        """The exception for a non-success answer: typed when documented, `UnexpectedStatusError` else."""
        status = response.status_code
        kind = documented.get(status)
        if kind is None:
            if status == 429:
                kind = errors.RateLimitError
            elif status >= 500:
                kind = errors.InternalServerError
            else:
                kind = errors.UnexpectedStatusError
        error_type, info = _error_detail(response, self._key)
        content = self._key.scrub(response.content.decode(errors="replace")).encode()
        return kind(status, content, error_type=error_type, info=info, operation=operation)

    def not_found(self, response: httpx.Response, operation: str) -> errors.NotFoundError:
        """The exception for a 204 that the contract defines as "not found"."""
        return errors.NotFoundError(response.status_code, b"", info="not found (no content)", operation=operation)


class SyncEngine(Engine):
    """Sends one operation's request with retries, over one pooled `httpx.Client`."""

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        retry: RetryPolicy | None,
        timeout: httpx.Timeout | float | None,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
    ) -> None:
        super().__init__(api_key=api_key, base_url=base_url, retry=retry)
        self._owns_client = http_client is None
        self.http = http_client if http_client is not None else httpx.Client(timeout=timeout, transport=transport)

    def send(self, operation: str, path: str, body: Mapping[str, Any]) -> Exchange:
        """POST `body` (plus the key) to `path`; retry what is retryable; return the last answer."""
        request = self._build(self.http, path, body)
        maybe_applied = False
        for attempt in range(self.retry.max_retries + 1):
            retry_after: float | None = None
            try:
                response = self.http.send(request)
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block: the httpx exception (whose message
                # or frames may hold the serialised body) is neither kept nor chained.
                maybe_applied = maybe_applied or _maybe_applied(exc)
                reason = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            else:
                if response.status_code not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return Exchange(response, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(response.status_code)
                reason = f"HTTP {response.status_code}"
                retry_after = _retry_after(response)
            if attempt == self.retry.max_retries:
                raise failure
            wait = self.retry.delay(attempt, retry_after)
            _log.warning(
                "%s: %s, retry %d of %d in %.2f s", operation, reason, attempt + 1, self.retry.max_retries, wait
            )
            time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def close(self) -> None:
        if self._owns_client:
            self.http.close()


class AsyncEngine(Engine):
    """The asyncio twin of `SyncEngine`, over one pooled `httpx.AsyncClient`."""

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        retry: RetryPolicy | None,
        timeout: httpx.Timeout | float | None,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        super().__init__(api_key=api_key, base_url=base_url, retry=retry)
        self._owns_client = http_client is None
        self.http = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout, transport=transport)

    async def send(self, operation: str, path: str, body: Mapping[str, Any]) -> Exchange:
        """POST `body` (plus the key) to `path`; retry what is retryable; return the last answer."""
        request = self._build(self.http, path, body)
        maybe_applied = False
        for attempt in range(self.retry.max_retries + 1):
            retry_after: float | None = None
            try:
                response = await self.http.send(request)
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block: the httpx exception (whose message
                # or frames may hold the serialised body) is neither kept nor chained.
                maybe_applied = maybe_applied or _maybe_applied(exc)
                reason = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            else:
                if response.status_code not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return Exchange(response, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(response.status_code)
                reason = f"HTTP {response.status_code}"
                retry_after = _retry_after(response)
            if attempt == self.retry.max_retries:
                raise failure
            wait = self.retry.delay(attempt, retry_after)
            _log.warning(
                "%s: %s, retry %d of %d in %.2f s", operation, reason, attempt + 1, self.retry.max_retries, wait
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.aclose()


class CloudCore:
    """The CloudCore API: `api_key` given once, typed methods per tag, retries and timeouts built in.

    Args:
        api_key: the account's key; default: the `CLOUDPRINTER_API_KEY` environment variable.
        base_url: default `CLOUDPRINTER_BASE_URL` or production (`DEFAULT_BASE_URL`).
        timeout: seconds or an `httpx.Timeout` (default `DEFAULT_TIMEOUT`); ignored with `http_client`.
        retry: a `RetryPolicy` (default: 2 retries with backoff); `NO_RETRIES` turns retries off.
        http_client: an `httpx.Client` to use (and not close), e.g. with custom TLS or proxies.
        transport: an `httpx` transport for the client built here, e.g. `httpx.MockTransport` in tests.

    Use it as a context manager, or call `close()`, to release pooled connections.
    """

    orders: "Orders"
    products: "Products"
    shipping: "Shipping"

    def __init__(
        self,
        api_key: str | ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        from .api.orders import Orders  # noqa: PLC0415 (api modules import this one)
        from .api.products import Products  # noqa: PLC0415 (api modules import this one)
        from .api.shipping import Shipping  # noqa: PLC0415 (api modules import this one)

        self._engine = SyncEngine(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            timeout=timeout,
            http_client=http_client,
            transport=transport,
        )
        self.orders = Orders(self._engine)
        self.products = Products(self._engine)
        self.shipping = Shipping(self._engine)

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


class AsyncCloudCore:
    """The asyncio twin of `CloudCore`: the same arguments, resources and methods, awaited.

    Use it as an async context manager, or await `aclose()`, to release pooled connections.
    """

    orders: "AsyncOrders"
    products: "AsyncProducts"
    shipping: "AsyncShipping"

    def __init__(
        self,
        api_key: str | ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        from .api.orders import AsyncOrders  # noqa: PLC0415 (api modules import this one)
        from .api.products import AsyncProducts  # noqa: PLC0415 (api modules import this one)
        from .api.shipping import AsyncShipping  # noqa: PLC0415 (api modules import this one)

        self._engine = AsyncEngine(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            timeout=timeout,
            http_client=http_client,
            transport=transport,
        )
        self.orders = AsyncOrders(self._engine)
        self.products = AsyncProducts(self._engine)
        self.shipping = AsyncShipping(self._engine)

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
