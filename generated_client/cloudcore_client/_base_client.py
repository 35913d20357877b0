# Copied verbatim from generator/runtime/_base_client.py by `nox -s generate`: edit that file, not this one.
"""The engines behind `CloudCore` and `AsyncCloudCore`: one request per call, the key, retries, deadline.

Everything a call goes through is here, once: the key injected into the serialised body only,
the base URL checked, redirects never followed, retries with backoff, the optional overall
deadline, the answer read and masked, and raw access (`with_raw_response`) through the same path.
"""

from __future__ import annotations

import asyncio
import copy
import enum
import ipaddress
import json
import logging
import math
import os
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Final, Generic, ParamSpec, Protocol, Self, TypeVar, cast

import httpx

from ._api_key import MASK, ApiKey
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    CloudCoreError,
    ConfigurationError,
)
from ._operation import Exchange, Operation, decode_answer
from ._reconcile import LOOKUP_OPERATION, recovery_for
from ._retry import DEFAULT_RETRY, RETRYABLE_STATUSES, RetryPolicy
from ._retry import retry_after as _retry_after

__all__ = [
    "API_KEY_ENV",
    "API_KEY_SLOT",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AsyncEngine",
    "AsyncRawRequester",
    "AsyncRequester",
    "InsecureTransportWarning",
    "Keep",
    "RawResponse",
    "SyncAPIClient",
    "SyncEngine",
    "SyncRawRequester",
    "SyncRequester",
    "to_async_raw_response",
    "to_raw_response",
]

#: Production (and sandbox accounts). The simulator's is `http://127.0.0.1:PORT/cloudcore/1.0`.
DEFAULT_BASE_URL: Final = "https://api.cloudprinter.com/cloudcore/1.0"
#: Environment variables read when no API key / base URL is passed.
API_KEY_ENV: Final = "CLOUDPRINTER_API_KEY"
BASE_URL_ENV: Final = "CLOUDPRINTER_BASE_URL"
#: A call that hangs is worse than one that fails: 10 s to connect, 60 s for everything else.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
#: What the resource methods put in a body's `apikey` field; the engine writes the real key
#: into the serialised request only, so no model object ever holds it.
API_KEY_SLOT: Final = ""

_log = logging.getLogger("cloudcore_client")
_warned_origins: set[str] = set()

R = TypeVar("R")
P = ParamSpec("P")


class Keep(enum.Enum):
    """The default of `with_options` arguments: keep the client's setting (None means "no deadline")."""

    KEEP = "keep"


class InsecureTransportWarning(UserWarning):
    """The API key is about to travel unencrypted (plain http) to a host that is not this machine."""


def _api_key(api_key: str | ApiKey | None) -> ApiKey:
    if isinstance(api_key, ApiKey):
        return api_key
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
        if not api_key:
            raise ConfigurationError(f"no API key: pass api_key= or set {API_KEY_ENV}")
    return ApiKey(api_key)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _base_url(base_url: str | None) -> str:
    """The checked base URL: http(s), a host, no query or fragment; warns once for plain http."""
    raw = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"base_url is not a URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an http(s) URL with a host, got {raw!r}")
    if url.query or url.fragment or raw.rstrip("/").endswith(("?", "#")):
        # Not echoed: a query string is where people put tokens.
        raise ConfigurationError("base_url must not carry a query string or fragment")
    if url.userinfo:
        raise ConfigurationError("base_url must not carry credentials")
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    if url.scheme == "http" and not _is_loopback(url.host) and origin not in _warned_origins:
        _warned_origins.add(origin)
        warnings.warn(
            f"the API key will be sent over plain http to {origin}: use https outside this machine",
            InsecureTransportWarning,
            stacklevel=5,
        )
    return raw.rstrip("/")


def _deadline(deadline: float | None) -> float | None:
    number = isinstance(deadline, int | float) and not isinstance(deadline, bool)
    if deadline is not None and not (number and math.isfinite(deadline) and deadline > 0):
        raise ConfigurationError("deadline must be a positive number of seconds, or None")
    return deadline


class _DeadlinePassedError(Exception):
    """Internal: the overall deadline passed while an answer was being read."""


class RawResponse(Generic[R]):
    """An answer as the server sent it (key masked), for `with_raw_response`; `parse()` decodes it.

    Attributes:
        status_code: the HTTP status of the final attempt.
        headers: its headers, key masked.
        content: its body, key masked.
        http_response: an `httpx.Response` with the same masked data (its request's key masked too).
        attempts: how many attempts the call took (retries included).
    """

    def __init__(self, operation: Operation[R], exchange: Exchange, key: ApiKey, request: httpx.Request) -> None:
        self._operation = operation
        self._key = key
        self.status_code = exchange.status_code
        self.headers = exchange.headers
        self.content = exchange.content
        self.attempts = exchange.attempts
        self.http_response = httpx.Response(
            exchange.status_code, headers=exchange.headers, content=exchange.content, request=request
        )

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> R:
        """The typed result, or the typed error, exactly as the plain method would give it."""
        return decode_answer(self._operation, self.status_code, self.content, self._key)

    def __repr__(self) -> str:
        return f"<RawResponse {self._operation.name} HTTP {self.status_code}>"


class SyncRequester(Protocol):
    """What the generated sync resources call: one operation, its body, its result."""

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R: ...


class AsyncRequester(Protocol):
    """What the generated async resources await."""

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R: ...


def to_raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """Retype a resource method bound to a raw requester: it returns the `RawResponse` it really gets."""
    return cast("Callable[P, RawResponse[R]]", method)


def to_async_raw_response(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The asyncio twin of `to_raw_response`."""
    return cast("Callable[P, Awaitable[RawResponse[R]]]", method)


class _Engine:
    """What sync and async share: the key, the URL, request building and failure mapping."""

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        retry: RetryPolicy,
        deadline: float | None,
        user_agent: str,
        operations: Mapping[str, Operation[Any]],
    ) -> None:
        if not isinstance(retry, RetryPolicy):
            raise ConfigurationError("retry must be a RetryPolicy (NO_RETRIES for none)")
        self._key = _api_key(api_key)
        self.base_url = _base_url(base_url)
        self.retry = retry
        self.deadline = _deadline(deadline)
        self._operations = operations
        self._headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": user_agent}

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, operation: Operation[Any], body: Mapping[str, Any]
    ) -> httpx.Request:
        # The key joins the body only inside this expression; this frame has returned before
        # anything is sent, so no traceback of a failed call shows a local holding it.
        return http.build_request(
            "POST",
            self.base_url + operation.path,
            content=json.dumps({**body, "apikey": self._key.get_secret_value()}).encode(),
            headers=self._headers,
        )

    def _masked_request(self, operation: Operation[Any], body: Mapping[str, Any]) -> httpx.Request:
        """The request as `RawResponse.http_response.request` shows it: the key masked."""
        content = json.dumps({**body, "apikey": MASK}).encode()
        return httpx.Request("POST", self.base_url + operation.path, content=content, headers=self._headers)

    def _stop_at(self) -> float | None:
        return None if self.deadline is None else time.monotonic() + self.deadline

    def _bound(self, request: httpx.Request, timeouts: Mapping[str, float | None], stop_at: float | None) -> None:
        """Shorten this attempt's timeouts to what is left of the deadline (a no-op without one)."""
        if stop_at is None:
            return
        left = stop_at - time.monotonic()
        if left <= 0:
            raise _DeadlinePassedError
        request.extensions["timeout"] = {name: left if t is None else min(t, left) for name, t in timeouts.items()}

    def _deadline_error(
        self, operation: Operation[Any], attempts: int | None, last: str | None = None
    ) -> APITimeoutError:
        tried = f" after {attempts} attempt(s)" if attempts is not None else ""
        after = f"; last failure: {last}" if last else ""
        return APITimeoutError(f"deadline of {self.deadline} s passed{tried}{after}", operation=operation.name)

    def _transport_error(self, operation: Operation[Any], failure: Exception, attempts: int) -> APIConnectionError:
        kind = APITimeoutError if isinstance(failure, httpx.TimeoutException) else APIConnectionError
        detail = self._key.scrub(str(failure)) or type(failure).__name__
        return kind(f"{type(failure).__name__} after {attempts} attempt(s): {detail}", operation=operation.name)

    def _exchange(
        self,
        status: int,
        headers: httpx.Headers,
        content: bytes | None,
        operation: Operation[Any],
        attempts: int,
        maybe_applied: bool,
    ) -> Exchange:
        if content is None:  # the body could not be decoded (broken gzip, ...)
            if 200 <= status < 300:
                raise APIResponseValidationError(
                    status, operation=operation.name, reason="the body could not be decoded (content encoding)"
                )
            content = b""
        # Masked at once: no later frame, log or exception can show a key the server echoed.
        return Exchange(status, self._scrub_headers(headers), self._key.scrub_bytes(content), attempts, maybe_applied)

    def _scrub_headers(self, headers: httpx.Headers) -> httpx.Headers:
        # The common case (no echo, no escape) costs one pass over the raw bytes, no copy.
        if not any(self._key.may_hold(value) for _, value in headers.raw):
            return headers
        return httpx.Headers([(name, self._key.scrub(value)) for name, value in headers.items()])

    def _recovery_lookup(self) -> Operation[Any]:
        return self._operations[LOOKUP_OPERATION]

    def _decode(self, operation: Operation[R], exchange: Exchange) -> R:
        return decode_answer(operation, exchange.status_code, exchange.content, self._key)

    def _raw(self, operation: Operation[R], body: Mapping[str, Any], exchange: Exchange) -> RawResponse[R]:
        return RawResponse(operation, exchange, self._key, self._masked_request(operation, body))


def _maybe_applied(failure: Exception | int) -> bool:
    """Whether a failed attempt may still have been processed by the server."""
    if isinstance(failure, int):
        return failure >= 500
    return not isinstance(failure, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


class SyncEngine(_Engine):
    """Sends one operation's request with retries, over one pooled `httpx.Client`."""

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        retry: RetryPolicy,
        deadline: float | None,
        user_agent: str,
        operations: Mapping[str, Operation[Any]],
        timeout: httpx.Timeout | float | None,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=user_agent,
            operations=operations,
        )
        self._owns_client = http_client is None
        self.http = http_client if http_client is not None else httpx.Client(timeout=timeout, transport=transport)

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        exchange = self._send(operation, body, stop_at)
        try:
            return self._decode(operation, exchange)
        except APIStatusError as error:
            recovery = recovery_for(operation.name, body, error) if exchange.maybe_applied else None
            if recovery is None:
                raise
            lookup = self._recovery_lookup()
            held = self._decode(lookup, self._send(lookup, {"reference": recovery.reference}, stop_at))
            result = recovery.confirm(held.to_dict())
            if result is None:
                raise
        _log.info("%s: a retried call had already been applied; confirmed via %s", operation.name, LOOKUP_OPERATION)
        return operation.decode(result)

    def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        return self._raw(operation, body, self._send(operation, body, self._stop_at()))

    def _attempt(self, request: httpx.Request, stop_at: float | None) -> tuple[int, httpx.Headers, bytes | None]:
        response = self.http.send(request, stream=True, follow_redirects=False)
        try:
            try:
                if stop_at is None:
                    return response.status_code, response.headers, response.read()
                # With a deadline, the body is read in chunks so that a trickle cannot outlast it.
                chunks = []
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() >= stop_at:
                        raise _DeadlinePassedError
            except httpx.DecodingError:
                return response.status_code, response.headers, None
            return response.status_code, response.headers, b"".join(chunks)
        finally:
            response.close()

    def _send(self, operation: Operation[Any], body: Mapping[str, Any], stop_at: float | None) -> Exchange:
        """POST `body` (plus the key); retry what is retryable; return the last answer."""
        request = self._build(self.http, operation, body)
        timeouts = dict(request.extensions.get("timeout", {}))
        maybe_applied = False
        last: str | None = None
        for attempt in range(self.retry.max_retries + 1):
            failure: CloudCoreError | None = None
            wait_hint: float | None = None
            try:
                self._bound(request, timeouts, stop_at)
                status, headers, content = self._attempt(request, stop_at)
            except _DeadlinePassedError:
                raise self._deadline_error(operation, attempt + 1, last) from None
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block: the httpx exception (whose message
                # or frames may hold the serialised body) is neither kept nor chained.
                maybe_applied = maybe_applied or _maybe_applied(exc)
                last = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            except httpx.HTTPError as exc:
                failure = self._transport_error(operation, exc, attempt + 1)
                raise failure from None
            else:
                if status not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return self._exchange(status, headers, content, operation, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(status)
                last = f"HTTP {status}"
                wait_hint = _retry_after(headers)
            if stop_at is not None and time.monotonic() >= stop_at:
                raise self._deadline_error(operation, attempt + 1, last)
            if failure is not None and attempt == self.retry.max_retries:
                raise failure
            wait = self.retry.delay(attempt, wait_hint)
            if stop_at is not None and time.monotonic() + wait >= stop_at:
                raise self._deadline_error(operation, attempt + 1, last)
            _log.warning(
                "%s: %s, retry %d of %d in %.2f s", operation.name, last, attempt + 1, self.retry.max_retries, wait
            )
            time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def derive(self, *, retry: RetryPolicy | None = None, deadline: float | Keep | None = Keep.KEEP) -> SyncEngine:
        """A copy sharing the key and connections, with other retry or deadline settings."""
        return _derive(self, retry, deadline)

    def close(self) -> None:
        if self._owns_client:
            self.http.close()


class AsyncEngine(_Engine):
    """The asyncio twin of `SyncEngine`, over one pooled `httpx.AsyncClient`."""

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        retry: RetryPolicy,
        deadline: float | None,
        user_agent: str,
        operations: Mapping[str, Operation[Any]],
        timeout: httpx.Timeout | float | None,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=user_agent,
            operations=operations,
        )
        self._owns_client = http_client is None
        self.http = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout, transport=transport)

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        try:
            async with asyncio.timeout(self.deadline):
                exchange = await self._send(operation, body, stop_at)
                try:
                    return self._decode(operation, exchange)
                except APIStatusError as error:
                    recovery = recovery_for(operation.name, body, error) if exchange.maybe_applied else None
                    if recovery is None:
                        raise
                    lookup = self._recovery_lookup()
                    held = self._decode(lookup, await self._send(lookup, {"reference": recovery.reference}, stop_at))
                    result = recovery.confirm(held.to_dict())
                    if result is None:
                        raise
        except TimeoutError:
            raise self._deadline_error(operation, None) from None
        _log.info("%s: a retried call had already been applied; confirmed via %s", operation.name, LOOKUP_OPERATION)
        return operation.decode(result)

    async def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        try:
            async with asyncio.timeout(self.deadline):
                exchange = await self._send(operation, body, self._stop_at())
        except TimeoutError:
            raise self._deadline_error(operation, None) from None
        return self._raw(operation, body, exchange)

    async def _attempt(self, request: httpx.Request, stop_at: float | None) -> tuple[int, httpx.Headers, bytes | None]:
        response = await self.http.send(request, stream=True, follow_redirects=False)
        try:
            try:
                if stop_at is None:
                    return response.status_code, response.headers, await response.aread()
                # With a deadline, the body is read in chunks so that a trickle cannot outlast it.
                chunks = []
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() >= stop_at:
                        raise _DeadlinePassedError
            except httpx.DecodingError:
                return response.status_code, response.headers, None
            return response.status_code, response.headers, b"".join(chunks)
        finally:
            await response.aclose()

    async def _send(self, operation: Operation[Any], body: Mapping[str, Any], stop_at: float | None) -> Exchange:
        """POST `body` (plus the key); retry what is retryable; return the last answer."""
        request = self._build(self.http, operation, body)
        timeouts = dict(request.extensions.get("timeout", {}))
        maybe_applied = False
        last: str | None = None
        for attempt in range(self.retry.max_retries + 1):
            failure: CloudCoreError | None = None
            wait_hint: float | None = None
            try:
                self._bound(request, timeouts, stop_at)
                status, headers, content = await self._attempt(request, stop_at)
            except _DeadlinePassedError:
                raise self._deadline_error(operation, attempt + 1, last) from None
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block (see SyncEngine._send).
                maybe_applied = maybe_applied or _maybe_applied(exc)
                last = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            except httpx.HTTPError as exc:
                failure = self._transport_error(operation, exc, attempt + 1)
                raise failure from None
            else:
                if status not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return self._exchange(status, headers, content, operation, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(status)
                last = f"HTTP {status}"
                wait_hint = _retry_after(headers)
            if stop_at is not None and time.monotonic() >= stop_at:
                raise self._deadline_error(operation, attempt + 1, last)
            if failure is not None and attempt == self.retry.max_retries:
                raise failure
            wait = self.retry.delay(attempt, wait_hint)
            if stop_at is not None and time.monotonic() + wait >= stop_at:
                raise self._deadline_error(operation, attempt + 1, last)
            _log.warning(
                "%s: %s, retry %d of %d in %.2f s", operation.name, last, attempt + 1, self.retry.max_retries, wait
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def derive(self, *, retry: RetryPolicy | None = None, deadline: float | Keep | None = Keep.KEEP) -> AsyncEngine:
        """A copy sharing the key and connections, with other retry or deadline settings."""
        return _derive(self, retry, deadline)

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.aclose()


E = TypeVar("E", SyncEngine, AsyncEngine)


def _derive(engine: E, retry: RetryPolicy | None, deadline: float | Keep | None) -> E:
    derived = copy.copy(engine)
    derived._owns_client = False  # the original closes the shared connections
    if retry is not None:
        if not isinstance(retry, RetryPolicy):
            raise ConfigurationError("retry must be a RetryPolicy (NO_RETRIES for none)")
        derived.retry = retry
    if not isinstance(deadline, Keep):
        derived.deadline = _deadline(deadline)
    return derived


class SyncRawRequester:
    """The requester behind `CloudCore.with_raw_response`: each call returns its `RawResponse`."""

    def __init__(self, engine: SyncEngine) -> None:
        self._engine = engine

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        # Typed as the parsed result for the shared resource classes; `to_raw_response` retypes it.
        return cast("R", self._engine.request_raw(operation, body))


class AsyncRawRequester:
    """The requester behind `AsyncCloudCore.with_raw_response`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        return cast("R", await self._engine.request_raw(operation, body))


class SyncAPIClient(ABC):
    """What `CloudCore` inherits: its engine, options and lifecycle; the subclass adds the resources."""

    #: Set by the generated subclass: every operation by method name, and the User-Agent.
    _operations: ClassVar[Mapping[str, Operation[Any]]]
    _user_agent: ClassVar[str]
    _engine: SyncEngine

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
        engine = SyncEngine(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=self._user_agent,
            operations=self._operations,
            timeout=timeout,
            http_client=http_client,
            transport=transport,
        )
        self._attach(engine)

    @abstractmethod
    def _attach(self, engine: SyncEngine) -> None:
        """Build the resources over `engine` (generated per spec)."""

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
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._engine._key!r})"


class AsyncAPIClient(ABC):
    """What `AsyncCloudCore` inherits: the asyncio twin of `SyncAPIClient`."""

    _operations: ClassVar[Mapping[str, Operation[Any]]]
    _user_agent: ClassVar[str]
    _engine: AsyncEngine

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
        engine = AsyncEngine(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=self._user_agent,
            operations=self._operations,
            timeout=timeout,
            http_client=http_client,
            transport=transport,
        )
        self._attach(engine)

    @abstractmethod
    def _attach(self, engine: AsyncEngine) -> None:
        """Build the resources over `engine` (generated per spec)."""

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
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._engine._key!r})"
