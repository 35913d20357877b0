# Copied verbatim from generator/runtime/_engine.py by `nox -s generate`: edit that file, not this one.
"""What the sync and async engines share: everything a call does that is not I/O, written once.

A call is a generator of steps (`Steps`, the sans-I/O style of h11 and httpcore's state machines):
it yields the `httpx.Request` of each attempt and the seconds of each pause between attempts, and
is sent each attempt's `Answer`, or has the attempt's failure thrown in. The key, the request,
retries and their backoff, the deadline, the size cap, masking, decoding and the confirmation of
retried writes are all here; `SyncEngine` and `AsyncEngine` (`_base_client.py`) only perform the
steps, blocking or awaited (`Outcome` carries a step's result back).
"""

from __future__ import annotations

import copy
import json
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Generator, Mapping
from typing import Any, Final, Generic, Self, TypeVar, cast

import httpx

from ._api_key import MASK, ApiKey
from ._body import ACCEPT_ENCODING, Answer, TooLargeError
from ._deadline import DeadlinePassedError
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    CloudCoreError,
    InvalidArgumentError,
    ResponseTooLargeError,
)
from ._operation import Exchange, Operation, decode_answer
from ._raw_response import RawResponse
from ._reconcile import LOOKUP_OPERATION, recovery_for
from ._retry import RETRYABLE_STATUSES, RetryPolicy
from ._retry import retry_after as _retry_after
from ._settings import (
    Keep,
    checked_api_key,
    checked_base_url,
    checked_deadline,
    checked_max_response_bytes,
    checked_retry,
    connection_bound,
)

__all__ = ["API_KEY_SLOT", "BaseEngine", "Done", "Outcome", "Step", "Steps", "pool_wait"]

#: What the resource methods put in a body's `apikey` field; the engine writes the real key
#: into the serialised request only, so no model object ever holds it.
API_KEY_SLOT: Final = ""

_log = logging.getLogger("cloudcore_client")

R = TypeVar("R")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)

#: One step of a call: an attempt to send (the request), or a pause before the next one (seconds).
Step = httpx.Request | float
#: A call, or part of one: its steps, then its result (see the module docstring).
Steps = Generator[Step, Any, R]


class Done(Generic[R]):
    """The end of a call's steps: its result."""

    __slots__ = ("value",)

    def __init__(self, value: R) -> None:
        self.value = value


class Outcome:
    """What a step gave, its value or the exception it raised, to be handed back to the call."""

    __slots__ = ("_failure", "_value")

    def __init__(self, value: Any = None, failure: Exception | None = None) -> None:
        self._value = value
        self._failure = failure

    def resume(self, steps: Steps[R]) -> Step | Done[R]:
        """Hand this outcome to `steps` (a failure is raised where the step was asked for); its next step."""
        try:
            return steps.send(self._value) if self._failure is None else steps.throw(self._take_failure())
        except StopIteration as done:
            return Done(done.value)

    def _take_failure(self) -> Exception:
        # No local of a frame that a traceback may show holds it: an httpx exception's message can
        # hold the serialised body, key included (tracebacks rendered with their locals stay clean).
        failure, self._failure = cast("Exception", self._failure), None
        return failure


def pool_wait(request: httpx.Request) -> float | None:
    """How long an attempt may wait for a free connection: the pool timeout, cut to the deadline."""
    wait: float | None = request.extensions.get("timeout", {}).get("pool")
    return wait


def _maybe_applied(failure: Exception | int) -> bool:
    """Whether a failed attempt may still have been processed by the server."""
    if isinstance(failure, int):
        return failure >= 500
    return not isinstance(failure, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


class BaseEngine(ABC, Generic[HttpT, TransportT]):
    """One client's engine: its key, URL, settings and connections, and every call's steps."""

    http: HttpT

    def __init__(
        self,
        *,
        api_key: str | ApiKey | None,
        base_url: str | None,
        timeout: httpx.Timeout | float | None,
        retry: RetryPolicy,
        deadline: float | None,
        http_client: HttpT | None,
        transport: TransportT | None,
        limits: httpx.Limits,
        max_response_bytes: int | None,
        user_agent: str,
        operations: Mapping[str, Operation[Any]],
    ) -> None:
        self.retry = checked_retry(retry)
        self._key = checked_api_key(api_key)
        # The warning of a plain-http URL names the line that made the client (three frames up).
        self.base_url = checked_base_url(base_url, stacklevel=3)
        self.deadline = checked_deadline(deadline)
        self.max_response_bytes = checked_max_response_bytes(max_response_bytes)
        self._operations = operations
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": user_agent,
        }
        bound = connection_bound(limits, http_client)  # before a client is opened that would leak
        self._owns_client = http_client is None
        self.http = http_client if http_client is not None else self._open(timeout, transport, limits, self._headers)
        # A client we opened has our headers as its defaults: merging them into every request's
        # (httpx pops the three its defaults share) cost about 8 us a call. A caller's client
        # keeps its own defaults, so ours go with each request.
        self._request_headers = None if http_client is None else self._headers
        self._hold_connections(bound)

    @abstractmethod
    def _open(
        self,
        timeout: httpx.Timeout | float | None,
        transport: TransportT | None,
        limits: httpx.Limits,
        headers: Mapping[str, str],
    ) -> HttpT:
        """The httpx client to use when none was given, sending `headers` by default."""

    @abstractmethod
    def _hold_connections(self, bound: int | None) -> None:
        """Set up the bound on calls in flight (and whatever else `self.http` needs)."""

    def derive(
        self,
        *,
        retry: RetryPolicy | None = None,
        deadline: float | Keep | None = Keep.KEEP,
        max_response_bytes: int | Keep | None = Keep.KEEP,
    ) -> Self:
        """A copy sharing the key, connections and slots, with other retry, deadline or size-cap settings."""
        derived = copy.copy(self)
        derived._owns_client = False  # the original closes the shared connections
        if retry is not None:
            derived.retry = checked_retry(retry)
        if not isinstance(deadline, Keep):
            derived.deadline = checked_deadline(deadline)
        if not isinstance(max_response_bytes, Keep):
            derived.max_response_bytes = checked_max_response_bytes(max_response_bytes)
        return derived

    # ---- a call's steps ------------------------------------------------------------------------

    def _call_steps(self, operation: Operation[R], body: Mapping[str, Any], stop_at: float | None) -> Steps[R]:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        exchange = yield from self._send_steps(operation, body, stop_at)
        try:
            return self._decode(operation, exchange)
        except APIStatusError as error:
            recovery = recovery_for(operation.name, body, error) if exchange.maybe_applied else None
            if recovery is None:
                raise
            lookup = self._operations[LOOKUP_OPERATION]
            held_answer = yield from self._send_steps(lookup, {"reference": recovery.reference}, stop_at)
            result = recovery.confirm(self._decode(lookup, held_answer).to_dict())
            if result is None:
                raise
        _log.info("%s: a retried call had already been applied; confirmed via %s", operation.name, LOOKUP_OPERATION)
        return operation.decode(result)

    def _raw_steps(
        self, operation: Operation[R], body: Mapping[str, Any], stop_at: float | None
    ) -> Steps[RawResponse[R]]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        exchange = yield from self._send_steps(operation, body, stop_at)
        return RawResponse(operation, exchange, self._key, self._masked_request(operation, body))

    def _send_steps(self, operation: Operation[Any], body: Mapping[str, Any], stop_at: float | None) -> Steps[Exchange]:
        """POST `body` (plus the key); retry what is retryable; return the last answer."""
        request = self._build(operation, body)
        timeouts = dict(request.extensions.get("timeout", {}))
        maybe_applied = False
        last: str | None = None
        for attempt in range(self.retry.max_retries + 1):
            failure: CloudCoreError | None = None
            wait_hint: float | None = None
            try:
                self._bound(request, timeouts, stop_at)
                answer: Answer = yield request
            except DeadlinePassedError:
                raise self._deadline_error(operation, attempt + 1, last) from None
            except TooLargeError as exc:
                raise self._too_large(operation, exc) from None
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
            yield wait
        raise AssertionError("unreachable: the last attempt returns or raises")

    # ---- the request ---------------------------------------------------------------------------

    def _stop_at(self) -> float | None:
        return None if self.deadline is None else time.monotonic() + self.deadline

    def _build(self, operation: Operation[Any], body: Mapping[str, Any]) -> httpx.Request:
        if self.http.is_closed:
            closed = "the client is closed (close() was called on it, or on the client it was derived from)"
            raise APIConnectionError(closed, operation=operation.name)
        try:
            content = self._serialise(body)
        except (TypeError, ValueError) as exc:
            message = f"an argument cannot be sent as JSON: {type(exc).__name__}: {self._key.scrub(str(exc))[:200]}"
            raise InvalidArgumentError(f"{operation.name}: {message}") from None
        try:
            return self.http.build_request(
                "POST", self.base_url + operation.path, content=content, headers=self._request_headers
            )
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

    def _bound(self, request: httpx.Request, timeouts: Mapping[str, float | None], stop_at: float | None) -> None:
        """Shorten this attempt's timeouts to what is left of the deadline (a no-op without one)."""
        if stop_at is None:
            return
        left = stop_at - time.monotonic()
        if left <= 0:
            raise DeadlinePassedError
        request.extensions["timeout"] = {name: left if t is None else min(t, left) for name, t in timeouts.items()}

    # ---- answers and failures ------------------------------------------------------------------

    def _exchange(self, answer: Answer, operation: Operation[Any], attempts: int, maybe_applied: bool) -> Exchange:
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

    def _decode(self, operation: Operation[R], exchange: Exchange) -> R:
        return decode_answer(operation, exchange.status_code, exchange.content, self._key)

    def _too_large(self, operation: Operation[Any], failure: TooLargeError) -> ResponseTooLargeError:
        limit = self.max_response_bytes or 0
        return ResponseTooLargeError(failure.status, operation=operation.name, limit=limit, size=failure.size)

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
