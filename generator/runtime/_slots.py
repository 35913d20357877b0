"""The bound on calls in flight per client: a slot is held from sending a request to its last byte.

httpx's own pool also queues requests, but its bookkeeping grows with the queue (500 waiting calls
slowed every call down past a 5 s deadline); these queues cost O(1) per call, first come first
served, and a wait is bounded by the pool timeout, cut to the call's deadline. A wait that runs
out raises `httpx.PoolTimeout`, which the engine reports like httpx's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator

import httpx

__all__ = ["AsyncSlots", "SyncSlots"]

_NO_SLOT = "no connection slot became free within the pool timeout or the deadline"


class SyncSlots:
    """The sync client's slots: a `threading.BoundedSemaphore` (None: no bound)."""

    def __init__(self, bound: int | None) -> None:
        self._semaphore = threading.BoundedSemaphore(bound) if bound is not None else None

    @contextlib.contextmanager
    def held(self, wait: float | None) -> Iterator[None]:
        if self._semaphore is None:
            yield
            return
        if not self._semaphore.acquire(timeout=wait):
            raise httpx.PoolTimeout(_NO_SLOT)
        try:
            yield
        finally:
            self._semaphore.release()


class AsyncSlots:
    """The async client's slots: an `asyncio.Semaphore` per event loop (None: no bound)."""

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
            raise httpx.PoolTimeout(_NO_SLOT) from None
        try:
            yield
        finally:
            semaphore.release()
