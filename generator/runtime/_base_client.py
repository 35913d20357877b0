"""The engines behind `CloudCore` and `AsyncCloudCore`: one request per call, the key, retries, deadline.

Everything a call goes through is here, once: the key injected into the serialised body only,
the base URL checked, redirects never followed, a bounded number of calls in flight, retries with
backoff, the optional overall deadline, the answer read within a size cap and masked, and raw
access (`with_raw_response`) through the same path. Whatever fails on the way (the transport, a
closed client, an argument JSON cannot carry) leaves as a `CloudCoreError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import enum
import ipaddress
import json
import logging
import math
import os
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, ClassVar, Final, Generic, NamedTuple, ParamSpec, Protocol, Self, TypeVar, cast

import httpx

from ._api_key import MASK, ApiKey
from ._body import ACCEPT_ENCODING, BodyReader, TooLargeError, UndecodableError
from ._deadline import DeadlinePassedError, until
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    CloudCoreError,
    ConfigurationError,
    InvalidArgumentError,
    ResponseTooLargeError,
)
from ._network import bound_by_deadline
from ._operation import Exchange, Operation, decode_answer
from ._reconcile import LOOKUP_OPERATION, recovery_for
from ._retry import DEFAULT_RETRY, RETRYABLE_STATUSES, RetryPolicy
from ._retry import retry_after as _retry_after

__all__ = [
    "API_KEY_ENV",
    "API_KEY_SLOT",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RESPONSE_BYTES",
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
#: A call that hangs is worse than one that fails: 10 s to connect, 60 s for everything else
#: (the wait for a free connection included).
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
#: The connection pool: at most 100 calls of one client (and its `with_options` copies) in flight;
#: others wait, first come first served, up to the pool timeout or the call's deadline. 20 idle
#: connections are kept for 5 s. httpx's own defaults, stated here because the client enforces them.
DEFAULT_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
#: The largest body read (after decompression): 64 MiB, about 550,000 orders of `orders/`. A larger
#: answer is refused with `ResponseTooLargeError` before it is read whole. None: no cap.
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024
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
        # What the first call would do to the host: decode IDNA (httpx), encode it for the socket
        # layer (Python's codec refuses a label over 63 characters). Failing here, not mid-call.
        host = url.host
        url.raw_host.decode("ascii").encode("idna")
    except Exception as exc:  # httpx.InvalidURL, TypeError, idna's errors, UnicodeError
        raise ConfigurationError(f"base_url is not a URL: {type(exc).__name__}: {exc}") from None
    if url.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"base_url must be an http(s) URL with a host, got {raw!r}")
    if url.query or url.fragment or raw.rstrip("/").endswith(("?", "#")):
        # Not echoed: a query string is where people put tokens.
        raise ConfigurationError("base_url must not carry a query string or fragment")
    if url.userinfo:
        raise ConfigurationError("base_url must not carry credentials")
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    if url.scheme == "http" and not _is_loopback(host) and origin not in _warned_origins:
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


def _max_response_bytes(limit: int | None) -> int | None:
    if limit is not None and not (type(limit) is int and limit > 0):
        raise ConfigurationError("max_response_bytes must be a positive number of bytes, or None")
    return limit


def _limits(limits: httpx.Limits, http_client: object) -> int | None:
    """The bound on calls in flight, from `limits`; refused when it could not be the pool's."""
    if not isinstance(limits, httpx.Limits):
        raise ConfigurationError("limits must be an httpx.Limits")
    if http_client is not None and limits is not DEFAULT_LIMITS:
        raise ConfigurationError("limits configures the client CloudCore builds: set them on your http_client")
    bound = limits.max_connections
    if bound is not None and bound < 1:
        raise ConfigurationError("limits.max_connections must be at least 1, or None")
    return bound


class _Answer(NamedTuple):
    """One attempt's answer as read: the body, or None with why it could not be decoded."""

    status: int
    headers: httpx.Headers
    content: bytes | None
    undecodable: str = ""


def _pool_wait(request: httpx.Request) -> float | None:
    """How long an attempt may wait for a free connection: the pool timeout, cut to the deadline."""
    wait: float | None = request.extensions.get("timeout", {}).get("pool")
    return wait


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
        max_response_bytes: int | None,
    ) -> None:
        if not isinstance(retry, RetryPolicy):
            raise ConfigurationError("retry must be a RetryPolicy (NO_RETRIES for none)")
        self._key = _api_key(api_key)
        self.base_url = _base_url(base_url)
        self.retry = retry
        self.deadline = _deadline(deadline)
        self.max_response_bytes = _max_response_bytes(max_response_bytes)
        self._operations = operations
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": user_agent,
        }

    def _build(
        self, http: httpx.Client | httpx.AsyncClient, operation: Operation[Any], body: Mapping[str, Any]
    ) -> httpx.Request:
        if http.is_closed:
            closed = "the client is closed (close() was called on it, or on the client it was derived from)"
            raise APIConnectionError(closed, operation=operation.name)
        try:
            content = self._serialise(body)
        except (TypeError, ValueError) as exc:
            message = f"an argument cannot be sent as JSON: {type(exc).__name__}: {self._key.scrub(str(exc))[:200]}"
            raise InvalidArgumentError(f"{operation.name}: {message}") from None
        try:
            return http.build_request("POST", self.base_url + operation.path, content=content, headers=self._headers)
        except Exception as exc:  # httpx.InvalidURL, UnicodeError: no URL to send to
            reason = f"cannot build the request: {type(exc).__name__}"
            raise APIConnectionError(reason, operation=operation.name) from None

    def _serialise(self, body: Mapping[str, Any]) -> bytes:
        # The key joins the body only inside this expression; this frame has returned before
        # anything is sent, so no traceback of a failed call shows a local holding it.
        return json.dumps({**body, "apikey": self._key.get_secret_value()}, allow_nan=False).encode()

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
            raise DeadlinePassedError
        request.extensions["timeout"] = {name: left if t is None else min(t, left) for name, t in timeouts.items()}

    def _reader(self, response: httpx.Response) -> BodyReader:
        return BodyReader(response.headers, self.max_response_bytes)

    def _too_large(self, operation: Operation[Any], status: int, failure: TooLargeError) -> ResponseTooLargeError:
        limit = self.max_response_bytes or 0
        return ResponseTooLargeError(status, operation=operation.name, limit=limit, size=failure.size)

    def _unexpected_failure(self, operation: Operation[Any], failure: Exception, attempts: int) -> APIConnectionError:
        """A failure that is not httpx's own (a transport's ValueError, a closed client's RuntimeError)."""
        detail = self._key.scrub(str(failure))[:200] or type(failure).__name__
        if isinstance(failure, RuntimeError) and "closed" in detail:
            detail = "the client is closed: " + detail
        message = f"{type(failure).__name__} after {attempts} attempt(s): {detail}"
        return APIConnectionError(message, operation=operation.name)

    def _deadline_error(
        self, operation: Operation[Any], attempts: int | None, last: str | None = None
    ) -> APITimeoutError:
        tried = f" after {attempts} attempt(s)" if attempts is not None else ""
        after = f"; last failure: {last}" if last and attempts is not None else f" {last}" if last else ""
        return APITimeoutError(f"deadline of {self.deadline} s passed{tried}{after}", operation=operation.name)

    def _transport_error(self, operation: Operation[Any], failure: Exception, attempts: int) -> APIConnectionError:
        kind = APITimeoutError if isinstance(failure, httpx.TimeoutException) else APIConnectionError
        detail = self._key.scrub(str(failure)) or type(failure).__name__
        return kind(f"{type(failure).__name__} after {attempts} attempt(s): {detail}", operation=operation.name)

    def _exchange(self, answer: _Answer, operation: Operation[Any], attempts: int, maybe_applied: bool) -> Exchange:
        status, headers, content = answer.status, answer.headers, answer.content
        if content is None:  # the body could not be decoded (broken gzip, unknown coding)
            if 200 <= status < 300:
                reason = f"the body could not be decoded: {answer.undecodable}"
                raise APIResponseValidationError(status, operation=operation.name, reason=reason)
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
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=user_agent,
            operations=operations,
            max_response_bytes=max_response_bytes,
        )
        bound = _limits(limits, http_client)
        self._slots = threading.BoundedSemaphore(bound) if bound is not None else None
        self._owns_client = http_client is None
        self.http = (
            http_client
            if http_client is not None
            else httpx.Client(timeout=timeout, transport=transport, limits=limits)
        )
        # Socket reads and writes cut to the deadline: a blocked thread cannot be cancelled (_network.py).
        bound_by_deadline(self.http)

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        with until(stop_at):
            try:
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
            except DeadlinePassedError:
                raise self._deadline_error(operation, None, "while decoding the answer") from None
        _log.info("%s: a retried call had already been applied; confirmed via %s", operation.name, LOOKUP_OPERATION)
        return operation.decode(result)

    def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        stop_at = self._stop_at()
        with until(stop_at):
            return self._raw(operation, body, self._send(operation, body, stop_at))

    def _attempt(self, request: httpx.Request, stop_at: float | None) -> _Answer:
        """One request and its whole answer, holding one of the client's connection slots meanwhile."""
        if self._slots is not None and not self._slots.acquire(timeout=_pool_wait(request)):
            raise httpx.PoolTimeout("no connection slot became free within the pool timeout or the deadline")
        try:
            response = self.http.send(request, stream=True, follow_redirects=False)
            try:
                reader = self._reader(response)
                if response.is_stream_consumed:  # built with `content=` (a mock): held decoded already
                    reader.take_decoded(response.content)
                else:
                    for chunk in response.iter_raw():
                        reader.feed(chunk)
                        if stop_at is not None and time.monotonic() >= stop_at:
                            raise DeadlinePassedError
                return _Answer(response.status_code, response.headers, reader.finish())
            except UndecodableError as exc:
                return _Answer(response.status_code, response.headers, None, str(exc))
            except TooLargeError as exc:
                exc.status = response.status_code
                raise
            finally:
                response.close()
        finally:
            if self._slots is not None:
                self._slots.release()

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
                answer = self._attempt(request, stop_at)
            except DeadlinePassedError:
                raise self._deadline_error(operation, attempt + 1, last) from None
            except TooLargeError as exc:
                raise self._too_large(operation, exc.status, exc) from None
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block: the httpx exception (whose message
                # or frames may hold the serialised body) is neither kept nor chained.
                maybe_applied = maybe_applied or _maybe_applied(exc)
                last = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            except httpx.HTTPError as exc:
                failure = self._transport_error(operation, exc, attempt + 1)
                raise failure from None
            except Exception as exc:  # a transport's own failure, a closed client
                raise self._unexpected_failure(operation, exc, attempt + 1) from None
            else:
                if answer.status not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return self._exchange(answer, operation, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(answer.status)
                last = f"HTTP {answer.status}"
                wait_hint = _retry_after(answer.headers)
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

    def derive(
        self,
        *,
        retry: RetryPolicy | None = None,
        deadline: float | Keep | None = Keep.KEEP,
        max_response_bytes: int | Keep | None = Keep.KEEP,
    ) -> SyncEngine:
        """A copy sharing the key, connections and slots, with other retry, deadline or size-cap settings."""
        return _derive(self, retry, deadline, max_response_bytes)

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
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            deadline=deadline,
            user_agent=user_agent,
            operations=operations,
            max_response_bytes=max_response_bytes,
        )
        self._slots = _AsyncSlots(_limits(limits, http_client))
        self._owns_client = http_client is None
        self.http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=timeout, transport=transport, limits=limits)
        )

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        try:
            with until(stop_at):
                async with asyncio.timeout(self.deadline):
                    exchange = await self._send(operation, body, stop_at)
                    try:
                        return self._decode(operation, exchange)
                    except APIStatusError as error:
                        recovery = recovery_for(operation.name, body, error) if exchange.maybe_applied else None
                        if recovery is None:
                            raise
                        lookup = self._recovery_lookup()
                        answer = await self._send(lookup, {"reference": recovery.reference}, stop_at)
                        held = self._decode(lookup, answer)
                        result = recovery.confirm(held.to_dict())
                        if result is None:
                            raise
        except (TimeoutError, DeadlinePassedError):
            raise self._deadline_error(operation, None) from None
        _log.info("%s: a retried call had already been applied; confirmed via %s", operation.name, LOOKUP_OPERATION)
        return operation.decode(result)

    async def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        stop_at = self._stop_at()
        try:
            with until(stop_at):
                async with asyncio.timeout(self.deadline):
                    exchange = await self._send(operation, body, stop_at)
        except (TimeoutError, DeadlinePassedError):
            raise self._deadline_error(operation, None) from None
        return self._raw(operation, body, exchange)

    async def _attempt(self, request: httpx.Request, stop_at: float | None) -> _Answer:
        """One request and its whole answer, holding one of the client's connection slots meanwhile."""
        async with self._slots.held(_pool_wait(request)):
            response = await self.http.send(request, stream=True, follow_redirects=False)
            try:
                reader = self._reader(response)
                if response.is_stream_consumed:  # built with `content=` (a mock): held decoded already
                    reader.take_decoded(response.content)
                else:
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
                        if stop_at is not None and time.monotonic() >= stop_at:
                            raise DeadlinePassedError
                return _Answer(response.status_code, response.headers, reader.finish())
            except UndecodableError as exc:
                return _Answer(response.status_code, response.headers, None, str(exc))
            except TooLargeError as exc:
                exc.status = response.status_code
                raise
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
                answer = await self._attempt(request, stop_at)
            except DeadlinePassedError:
                raise self._deadline_error(operation, attempt + 1, last) from None
            except TooLargeError as exc:
                raise self._too_large(operation, exc.status, exc) from None
            except httpx.TransportError as exc:
                # Only a scrubbed summary outlives this block (see SyncEngine._send).
                maybe_applied = maybe_applied or _maybe_applied(exc)
                last = type(exc).__name__
                failure = self._transport_error(operation, exc, attempt + 1)
            except httpx.HTTPError as exc:
                failure = self._transport_error(operation, exc, attempt + 1)
                raise failure from None
            except Exception as exc:  # a transport's own failure, a closed client
                raise self._unexpected_failure(operation, exc, attempt + 1) from None
            else:
                if answer.status not in RETRYABLE_STATUSES or attempt == self.retry.max_retries:
                    return self._exchange(answer, operation, attempt + 1, maybe_applied)
                maybe_applied = maybe_applied or _maybe_applied(answer.status)
                last = f"HTTP {answer.status}"
                wait_hint = _retry_after(answer.headers)
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

    def derive(
        self,
        *,
        retry: RetryPolicy | None = None,
        deadline: float | Keep | None = Keep.KEEP,
        max_response_bytes: int | Keep | None = Keep.KEEP,
    ) -> AsyncEngine:
        """A copy sharing the key, connections and slots, with other retry, deadline or size-cap settings."""
        return _derive(self, retry, deadline, max_response_bytes)

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.aclose()


class _AsyncSlots:
    """The async client's bound on calls in flight: an `asyncio.Semaphore` per event loop.

    httpx's own pool also queues requests, but its bookkeeping grows with the queue (500 waiting
    calls slowed every call down past a 5 s deadline); this queue costs O(1) per call, and the wait
    is bounded by the pool timeout, cut to the call's deadline.
    """

    def __init__(self, bound: int | None) -> None:
        self._bound = bound
        self._semaphores: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _semaphore(self) -> asyncio.Semaphore | None:
        if self._bound is None:
            return None
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            # One per loop: an asyncio primitive belongs to the loop it first waits on.
            for closed in [other for other in self._semaphores if other.is_closed()]:
                del self._semaphores[closed]
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self._bound)
        return semaphore

    @contextlib.asynccontextmanager
    async def held(self, wait: float | None) -> AsyncIterator[None]:
        semaphore = self._semaphore()
        if semaphore is None:
            yield
            return
        try:
            async with asyncio.timeout(wait):
                await semaphore.acquire()
        except TimeoutError:
            raise httpx.PoolTimeout("no connection slot became free within the pool timeout or the deadline") from None
        try:
            yield
        finally:
            semaphore.release()


E = TypeVar("E", SyncEngine, AsyncEngine)


def _derive(
    engine: E, retry: RetryPolicy | None, deadline: float | Keep | None, max_response_bytes: int | Keep | None
) -> E:
    derived = copy.copy(engine)
    derived._owns_client = False  # the original closes the shared connections
    if retry is not None:
        if not isinstance(retry, RetryPolicy):
            raise ConfigurationError("retry must be a RetryPolicy (NO_RETRIES for none)")
        derived.retry = retry
    if not isinstance(deadline, Keep):
        derived.deadline = _deadline(deadline)
    if not isinstance(max_response_bytes, Keep):
        derived.max_response_bytes = _max_response_bytes(max_response_bytes)
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
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
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
            limits=limits,
            max_response_bytes=max_response_bytes,
        )
        self._attach(engine)

    @abstractmethod
    def _attach(self, engine: SyncEngine) -> None:
        """Build the resources over `engine` (generated per spec)."""

    def with_options(
        self,
        *,
        retry: RetryPolicy | None = None,
        deadline: float | Keep | None = Keep.KEEP,
        max_response_bytes: int | Keep | None = Keep.KEEP,
    ) -> Self:
        """This client with other retry, deadline or size-cap settings, sharing its key and connections."""
        derived = object.__new__(type(self))
        derived._attach(self._engine.derive(retry=retry, deadline=deadline, max_response_bytes=max_response_bytes))
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
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
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
            limits=limits,
            max_response_bytes=max_response_bytes,
        )
        self._attach(engine)

    @abstractmethod
    def _attach(self, engine: AsyncEngine) -> None:
        """Build the resources over `engine` (generated per spec)."""

    def with_options(
        self,
        *,
        retry: RetryPolicy | None = None,
        deadline: float | Keep | None = Keep.KEEP,
        max_response_bytes: int | Keep | None = Keep.KEEP,
    ) -> Self:
        """This client with other retry, deadline or size-cap settings, sharing its key and connections."""
        derived = object.__new__(type(self))
        derived._attach(self._engine.derive(retry=retry, deadline=deadline, max_response_bytes=max_response_bytes))
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
