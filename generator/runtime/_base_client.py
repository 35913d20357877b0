"""The clients' base classes and the engines' I/O: one request per call, performed blocking or awaited.

Everything a call goes through besides I/O (the key injected into the serialised body only, the
base URL checked, redirects never followed, retries with backoff, the optional overall deadline,
the answer read within a size cap and masked, decoding, raw access) is written once in
`_engine.py`, as the steps of a call. `SyncEngine` and `AsyncEngine` perform those steps: each
attempt (holding a connection slot, reading the body chunk by chunk) and each pause between
attempts. `BaseAPIClient` is what `CloudCore` and `AsyncCloudCore` share: construction, options,
repr. Whatever fails on the way (the transport, a closed client, an argument JSON cannot carry)
leaves as a `CloudCoreError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar, cast

import httpx

from ._api_key import ApiKey
from ._body import Answer, AnswerReader
from ._deadline import DeadlinePassedError, until
from ._engine import BaseEngine, Done, HttpT, Outcome, Step, Steps, TransportT, pool_wait
from ._network import bound_by_deadline
from ._operation import Operation
from ._raw_response import RawResponse
from ._retry import DEFAULT_RETRY, RetryPolicy
from ._settings import DEFAULT_LIMITS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Keep
from ._slots import AsyncSlots, SyncSlots

__all__ = [
    "AsyncAPIClient",
    "AsyncEngine",
    "AsyncRawRequester",
    "AsyncRequester",
    "BaseAPIClient",
    "SyncAPIClient",
    "SyncEngine",
    "SyncRawRequester",
    "SyncRequester",
]

R = TypeVar("R")
T = TypeVar("T")


class SyncEngine(BaseEngine[httpx.Client, httpx.BaseTransport]):
    """Performs each call's steps blocking, over one pooled `httpx.Client`."""

    _slots: SyncSlots

    def _open(
        self,
        timeout: httpx.Timeout | float | None,
        transport: httpx.BaseTransport | None,
        limits: httpx.Limits,
        headers: Mapping[str, str],
    ) -> httpx.Client:
        return httpx.Client(timeout=timeout, transport=transport, limits=limits, headers=headers)

    def _hold_connections(self, bound: int | None) -> None:
        self._slots = SyncSlots(bound)
        # Socket reads and writes cut to the deadline: a blocked thread cannot be cancelled (_network.py).
        bound_by_deadline(self.http)

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        return self._run(operation, self._call_steps(operation, body, stop_at), stop_at)

    def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        stop_at = self._stop_at()
        return self._run(operation, self._raw_steps(operation, body, stop_at), stop_at)

    def _run(self, operation: Operation[Any], steps: Steps[T], stop_at: float | None) -> T:
        """Perform `steps` within the call's deadline: each attempt blocking, each pause a sleep."""
        with until(stop_at), contextlib.closing(steps):
            try:
                step = Outcome().resume(steps)
                while not isinstance(step, Done):
                    step = self._perform(step).resume(steps)
            except DeadlinePassedError:
                raise self._deadline_error(operation, None, "while decoding the answer") from None
            return step.value

    def _perform(self, step: Step) -> Outcome:
        try:
            if isinstance(step, httpx.Request):
                return Outcome(self._attempt(step))
            time.sleep(step)
            return Outcome()
        except Exception as exc:  # handed back to the call, which maps it
            return Outcome(failure=exc)

    def _attempt(self, request: httpx.Request) -> Answer:
        """One request and its whole answer, holding one of the client's connection slots meanwhile."""
        with self._slots.held(pool_wait(request)):
            response = self.http.send(request, stream=True, follow_redirects=False)
            try:
                body = AnswerReader(response, self.max_response_bytes)
                for chunk in response.iter_raw() if body.streamed else ():
                    if not body.feed(chunk):
                        break
                return body.answer()
            finally:
                response.close()

    def close(self) -> None:
        if self._owns_client:
            self.http.close()


class AsyncEngine(BaseEngine[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """Performs each call's steps awaited, over one pooled `httpx.AsyncClient`."""

    _slots: AsyncSlots

    def _open(
        self,
        timeout: httpx.Timeout | float | None,
        transport: httpx.AsyncBaseTransport | None,
        limits: httpx.Limits,
        headers: Mapping[str, str],
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout, transport=transport, limits=limits, headers=headers)

    def _hold_connections(self, bound: int | None) -> None:
        self._slots = AsyncSlots(bound)

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R:
        """The typed result of `operation`, or its typed error (retried writes confirmed, see `_reconcile`)."""
        stop_at = self._stop_at()
        return await self._run(operation, self._call_steps(operation, body, stop_at), stop_at)

    async def request_raw(self, operation: Operation[R], body: Mapping[str, Any]) -> RawResponse[R]:
        """The final answer of `operation` (after retries), undecoded and key-masked."""
        stop_at = self._stop_at()
        return await self._run(operation, self._raw_steps(operation, body, stop_at), stop_at)

    async def _run(self, operation: Operation[Any], steps: Steps[T], stop_at: float | None) -> T:
        """Perform `steps` within the call's deadline, which `asyncio.timeout` holds in every phase."""
        try:
            with until(stop_at), contextlib.closing(steps):
                async with asyncio.timeout(self.deadline):
                    step = Outcome().resume(steps)
                    while not isinstance(step, Done):
                        step = (await self._perform(step)).resume(steps)
                    return step.value
        except (TimeoutError, DeadlinePassedError):
            raise self._deadline_error(operation, None) from None

    async def _perform(self, step: Step) -> Outcome:
        try:
            if isinstance(step, httpx.Request):
                return Outcome(await self._attempt(step))
            await asyncio.sleep(step)
            return Outcome()
        except Exception as exc:  # handed back to the call, which maps it; cancellation passes
            return Outcome(failure=exc)

    async def _attempt(self, request: httpx.Request) -> Answer:
        """One request and its whole answer, holding one of the client's connection slots meanwhile."""
        async with self._slots.held(pool_wait(request)):
            response = await self.http.send(request, stream=True, follow_redirects=False)
            try:
                body = AnswerReader(response, self.max_response_bytes)
                if body.streamed:
                    async for chunk in response.aiter_raw():
                        if not body.feed(chunk):
                            break
                return body.answer()
            finally:
                await response.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.aclose()


class SyncRequester(Protocol):
    """What the generated sync resources call: one operation, its body, its result."""

    def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R: ...


class AsyncRequester(Protocol):
    """What the generated async resources await."""

    async def request(self, operation: Operation[R], body: Mapping[str, Any]) -> R: ...


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


EngineT = TypeVar("EngineT", SyncEngine, AsyncEngine)


class BaseAPIClient(ABC, Generic[EngineT, HttpT, TransportT]):
    """What `CloudCore` and `AsyncCloudCore` share: their engine, options and repr; the generated
    subclass adds the resources (`_attach`)."""

    #: Set by the generated subclass: every operation by method name, and the User-Agent.
    _operations: ClassVar[Mapping[str, Operation[Any]]]
    _user_agent: ClassVar[str]
    #: `SyncEngine` or `AsyncEngine`.
    _engine_class: ClassVar[type[BaseEngine[Any, Any]]]
    _engine: EngineT

    def __init__(
        self,
        api_key: str | ApiKey | None = None,
        *,
        base_url: str | None = None,
        timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        deadline: float | None = None,
        http_client: HttpT | None = None,
        transport: TransportT | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        engine = self._engine_class(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            deadline=deadline,
            http_client=http_client,
            transport=transport,
            limits=limits,
            max_response_bytes=max_response_bytes,
            user_agent=self._user_agent,
            operations=self._operations,
        )
        self._attach(cast("EngineT", engine))

    @abstractmethod
    def _attach(self, engine: EngineT) -> None:
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

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._engine._key!r})"


class SyncAPIClient(BaseAPIClient[SyncEngine, httpx.Client, httpx.BaseTransport]):
    """What `CloudCore` inherits: a blocking client, closed by `close()` or its `with` block."""

    _engine_class = SyncEngine

    def close(self) -> None:
        """Close the pooled connections (unless the `http_client` was given by the caller)."""
        self._engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


class AsyncAPIClient(BaseAPIClient[AsyncEngine, httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """What `AsyncCloudCore` inherits: an asyncio client, closed by `aclose()` or its `async with` block."""

    _engine_class = AsyncEngine

    async def aclose(self) -> None:
        """Close the pooled connections (unless the `http_client` was given by the caller)."""
        await self._engine.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()
