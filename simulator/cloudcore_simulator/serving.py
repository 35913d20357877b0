"""How the simulator is served by uvicorn: connection limits and a quiet, bounded shutdown.

uvicorn closes a keep-alive connection that stays idle after an answer (``timeout_keep_alive``),
but not a connection that never finishes its request head: a client sending a header line now
and then (slowloris) would hold a socket and a parser forever, and a head of endless header
lines would grow without bound. :func:`guarded_server` serves an ASGI app with uvicorn's own
HTTP protocol (httptools, or h11) extended by :func:`guarded_protocol`, which

- closes a connection whose request head has not arrived whole within ``header_timeout`` seconds
  of its first byte (or of the connection's start), answering 408 if part of a head came; so
  too a connection that goes on sending a body after it was answered (a refusal before the body);
- answers 431 and closes when a request head exceeds ``max_head`` bytes;
- at shutdown, closes at once the connections whose request body has not arrived (the app sees the
  client leave), and after ``grace`` seconds any still open, so handlers blocked on a socket end.

The body itself is the app's to bound (the simulator answers 408 after ``body_timeout``). A
handler still running when uvicorn gives up waiting (its graceful-shutdown timeout) is
cancelled; :class:`StopGuard` answers it a 503 in the API's error shape instead of letting the
cancellation surface as a logged traceback. Everything here is uvicorn's public configuration
except the protocol attributes read by the guard (``transport``, ``cycle``), which uvicorn's two
HTTP protocols have in common.
"""

from __future__ import annotations

import asyncio
import math
import socket
from dataclasses import dataclass
from typing import Any, Final

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .errors import error_body

__all__ = ["ConnectionLimits", "GuardedServer", "StopGuard", "StopState", "guarded_protocol", "guarded_server"]

HEADER_TIMEOUT: Final = 10.0
KEEP_ALIVE: Final = 5.0
MAX_HEAD: Final = 64 * 1024


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """Per-connection bounds (seconds and bytes); see the module docstring."""

    header_timeout: float = HEADER_TIMEOUT
    keep_alive: float = KEEP_ALIVE
    max_head: int = MAX_HEAD
    graceful_shutdown: float = 10.0

    def __post_init__(self) -> None:
        times = (self.header_timeout, self.keep_alive, self.graceful_shutdown)
        if not all(math.isfinite(t) and t > 0 for t in times):
            raise ValueError("connection timeouts must be finite numbers of seconds > 0")
        if self.max_head < 1024:
            raise ValueError("max_head must be at least 1024 bytes")


def _answer(status: int, reason: str, type_: str, info: str) -> bytes:
    body = error_body(type_, info)
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class StopState:
    """Shared by a server, its protocols and its :class:`StopGuard`: has shutdown begun?"""

    def __init__(self) -> None:
        self.stopping = False


_HEAD, _LEFTOVER, _REQUEST = "head", "leftover", "request"


def _phase(protocol: Any) -> str:
    """``head``: waiting for (the rest of) a request head; ``leftover``: answered, the client still
    sends the body nobody reads; ``request``: a request is being handled."""
    cycle = getattr(protocol, "cycle", None)
    if cycle is None:
        return _HEAD
    if not cycle.response_complete:
        return _REQUEST
    return _LEFTOVER if getattr(cycle, "more_body", False) else _HEAD


def guarded_protocol(
    base: type[asyncio.Protocol], limits: ConnectionLimits, state: StopState | None = None
) -> type[asyncio.Protocol]:
    """``base`` (a uvicorn HTTP protocol class) with the head timeout, head size limit and shutdown closing."""
    slow = f"The request head took over {limits.header_timeout:g} s"
    too_slow = _answer(408, "Request Timeout", "request_timeout", slow)
    too_large = _answer(
        431,
        "Request Header Fields Too Large",
        "request_header_fields_too_large",
        f"The request head exceeds {limits.max_head} bytes",
    )

    def arm(self: Any) -> None:
        if self._guard_timer is None:
            self._guard_timer = asyncio.get_running_loop().call_later(limits.header_timeout, head_timed_out, self)

    def disarm(self: Any) -> None:
        if self._guard_timer is not None:
            self._guard_timer.cancel()
            self._guard_timer = None

    def refuse(self: Any, answer: bytes) -> None:
        transport = self.transport
        if not transport.is_closing():
            if self._guard_head and _phase(self) == _HEAD:  # part of a head came: say why the connection ends
                transport.write(answer)
            transport.close()

    def head_timed_out(self: Any) -> None:
        self._guard_timer = None
        if _phase(self) != _REQUEST:
            refuse(self, too_slow)

    def connection_made(self: Any, transport: asyncio.BaseTransport) -> None:
        self._guard_timer = None
        self._guard_head = 0
        base.connection_made(self, transport)
        arm(self)

    def data_received(self: Any, data: bytes) -> None:
        phase = _phase(self)
        if phase != _REQUEST:  # a head, or a body sent after its answer: both within the head timeout
            arm(self)
        if phase == _HEAD:
            self._guard_head += len(data)
        base.data_received(self, data)
        phase = _phase(self)
        if phase == _REQUEST:
            self._guard_head = 0
            disarm(self)
        elif phase == _HEAD and self._guard_head > limits.max_head:
            disarm(self)
            refuse(self, too_large)

    def connection_lost(self: Any, exc: Exception | None) -> None:
        disarm(self)
        base.connection_lost(self, exc)

    def shutdown(self: Any) -> None:
        if state is not None:
            state.stopping = True
        cycle = getattr(self, "cycle", None)
        if cycle is not None and not cycle.response_started and getattr(cycle, "more_body", False):
            self.transport.close()  # its body never came: the app sees the client leave and ends
            return
        base.shutdown(self)  # type: ignore[attr-defined]
        if not self.transport.is_closing():
            asyncio.get_running_loop().call_later(limits.graceful_shutdown / 2, self.transport.close)

    namespace = {
        "connection_made": connection_made,
        "data_received": data_received,
        "connection_lost": connection_lost,
        "shutdown": shutdown,
    }
    return type(f"Guarded{base.__name__}", (base,), namespace)


class StopGuard:
    """ASGI wrapper: a request cancelled by the server's shutdown ends with a 503, not a traceback."""

    def __init__(self, app: Any, state: StopState) -> None:
        self.app = app
        self._state = state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except asyncio.CancelledError:
            if not self._state.stopping:
                raise
            if not started:
                body = error_body("service_unavailable", "The simulator is stopping")
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 503, "headers": headers})
                await send({"type": "http.response.body", "body": body})


class GuardedServer(uvicorn.Server):
    """uvicorn's server, telling its protocols and :class:`StopGuard` when shutdown begins."""

    def __init__(self, config: uvicorn.Config, state: StopState) -> None:
        super().__init__(config)
        self.stopping_state = state

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.stopping_state.stopping = True
        await super().shutdown(sockets=sockets)


def guarded_server(
    app: Any,
    limits: ConnectionLimits | None = None,
    *,
    server_class: type[GuardedServer] = GuardedServer,
    server_args: tuple[Any, ...] = (),
    **options: Any,
) -> GuardedServer:
    """A uvicorn server for ``app`` with ``limits`` (``options``: any other ``uvicorn.Config`` setting)."""
    limits = limits or ConnectionLimits()
    state = StopState()
    config = uvicorn.Config(
        StopGuard(app, state),
        http=guarded_protocol(AutoHTTPProtocol, limits, state),
        timeout_keep_alive=max(1, math.ceil(limits.keep_alive)),
        h11_max_incomplete_event_size=limits.max_head,
        timeout_graceful_shutdown=max(1, math.ceil(limits.graceful_shutdown)),
        ws="none",  # HTTP only: no websockets import (old uvicorn + new websockets warn at import)
        server_header=False,
        **options,
    )
    return server_class(config, state, *server_args)
