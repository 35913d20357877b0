"""The shadow target: each request sent again to a second server (our simulator), answers compared.

The caller gets the real answer and never waits for the shadow: a request goes to the shadow only
after its real answer has been sent, through a bounded queue that one worker empties in order (so
an order is added on the shadow before its info is asked there, as on the upstream). A full queue
skips the comparison, a failing or slow shadow is counted: none of it reaches the caller.

With a shadow key, the ``apikey`` of each body sent to the shadow is replaced by it (so the
service's real key need not be given to the simulator; the simulator then holds one account).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Final

import orjson

from .compare import compare
from .exchange import Answer, Exchange, end_to_end
from .masking import printable
from .report import Fidelity
from .upstream import FAILURES, Origin, framed, split_framing

__all__ = ["DEFAULT_SHADOW_QUEUE", "DEFAULT_SHADOW_TIMEOUT", "Shadow"]

DEFAULT_SHADOW_QUEUE: Final = 256
DEFAULT_SHADOW_TIMEOUT: Final = 10.0
_log = logging.getLogger("cloudcore_contract.proxy")


class Shadow:
    """Sends exchanges to the shadow target in order and records how its answers differ."""

    def __init__(
        self,
        base_url: str,
        fidelity: Fidelity,
        *,
        key: str | None = None,
        timeout: float = DEFAULT_SHADOW_TIMEOUT,
        queue_size: int = DEFAULT_SHADOW_QUEUE,
        max_body: int,
        done: Callable[[Exchange], None],
    ) -> None:
        self.base = base_url
        self.fidelity = fidelity
        self._key = key
        self._timeout = timeout
        self._max_body = max_body
        self._done = done
        self._queue: asyncio.Queue[Exchange] = asyncio.Queue(maxsize=queue_size)
        self._origin: Origin | None = None
        self._worker: asyncio.Task[None] | None = None
        self._failures_logged: set[str] = set()

    async def start(self) -> None:
        self._origin = Origin(self.base, timeout=self._timeout, max_connections=4)
        await self._origin.start()
        self._worker = asyncio.create_task(self._work(), name="cloudcore-proxy-shadow")

    async def stop(self, drain: float) -> None:
        """Compare what is queued (for at most ``drain`` seconds), then stop."""
        if self._worker is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), drain)
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        while not self._queue.empty():
            self.fidelity.skip("the proxy stopped first")
            self._done(self._queue.get_nowait())
        if self._origin is not None:
            await self._origin.aclose()
            self._origin = None

    def submit(self, exchange: Exchange) -> bool:
        """Queue an exchange for comparison; False (and counted) when it cannot be compared."""
        if exchange.request_body is None or exchange.answer is None or exchange.answer.body is None:
            self.fidelity.skip("not captured (over a size or memory bound)")
            return False
        try:
            self._queue.put_nowait(exchange)
        except asyncio.QueueFull:
            self.fidelity.skip("the shadow queue was full")
            return False
        return True

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    def _body(self, exchange: Exchange) -> bytes:
        body = exchange.request_body or b""
        if self._key is None:
            return body
        value = exchange.request_json()
        if isinstance(value, dict) and isinstance(value.get("apikey"), str):
            return orjson.dumps({**value, "apikey": self._key})
        return body

    async def _send(self, exchange: Exchange) -> Answer:
        assert self._origin is not None
        target = exchange.caller_path + (f"?{exchange.query}" if exchange.query else "")
        raw = ((name.encode("latin-1"), value.encode("latin-1")) for name, value in exchange.request_headers)
        headers, _ = split_framing(end_to_end(raw))
        body = self._body(exchange)
        response = await self._origin.open(exchange.method, target, framed(headers, False, None), body)
        try:
            chunks, size = [], 0
            async for chunk in response.chunks():
                size += len(chunk)
                if size > self._max_body:
                    return Answer(response.status, _text_headers(response.headers), None)
                chunks.append(chunk)
            return Answer(response.status, _text_headers(response.headers), b"".join(chunks))
        finally:
            response.close()

    async def _work(self) -> None:
        while True:
            exchange = await self._queue.get()
            try:
                await self._compare(exchange)
            except Exception:  # never let one exchange stop the worker
                _log.exception("shadow comparison failed")
            finally:
                self._done(exchange)
                self._queue.task_done()

    async def _compare(self, exchange: Exchange) -> None:
        assert exchange.answer is not None
        try:
            answer = await self._send(exchange)
        except FAILURES as exc:
            self.fidelity.failed += 1
            reason = type(exc).__name__
            if reason not in self._failures_logged:
                self._failures_logged.add(reason)
                _log.warning("shadow target %s failed (%s); counted, the caller is not affected", self.base, reason)
            return
        differences = compare(exchange.operation_id, exchange.answer, answer)
        shown = f"shadow answered {answer.status}"
        for what in self.fidelity.add(exchange, differences, shown):
            detail = next((d for w, d in differences if w == what), "")
            _log.warning(
                "shadow difference %s: %s%s | %s",
                exchange.operation_id or "outside the contract",
                printable(what, 300),
                f" ({printable(exchange.masker.text(detail), 300)})" if detail else "",
                printable(exchange.shown_request(), 600),
            )


def _text_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers]
