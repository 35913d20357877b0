"""The sync client's network streams, each socket operation cut to what is left of the call's deadline.

httpx applies a timeout to each socket read, not to a phase: headers trickled one byte per 0.3 s
never trip a 10 s read timeout, so a blocking call could outlive any deadline. asyncio cancels (the
async client runs each call under `asyncio.timeout`); a blocked thread cannot be cancelled. So the
sync client's connections are opened through `DeadlineBackend`, whose streams shorten every read,
write, connect and TLS handshake to the deadline of the call in progress (`_deadline.py`); outside
a call with a deadline they pass the timeouts through unchanged.

httpcore's network backend is a public, documented extension point; httpx does not expose it, so
`bound_by_deadline` installs it on the connection pools of an `httpx.Client` (attributes private to
httpx and httpcore 1.x, looked up defensively: when a future httpx moves them, the deadline is still
checked between body chunks and before decoding, and a test fails).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._deadline import remaining

__all__ = ["DeadlineBackend", "bound_by_deadline"]


def _cut(timeout: float | None, timeout_error: type[Exception]) -> float | None:
    left = remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise timeout_error("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _cut(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """A network backend whose streams cut every socket operation to the call's deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _cut(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(path, _cut(timeout, httpcore.ConnectTimeout), socket_options)
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bound_by_deadline(client: httpx.Client) -> bool:
    """Install `DeadlineBackend` on every connection pool of `client`; whether every pool took it.

    Connections opened before stay as they are; only transports that are httpx's own have a pool.
    """
    mounts: dict[Any, Any] = getattr(client, "_mounts", {})
    transports = [getattr(client, "_transport", None), *mounts.values()]
    complete = True
    for transport in transports:
        if transport is None or not isinstance(transport, httpx.HTTPTransport):
            continue
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, DeadlineBackend):
            continue
        if not isinstance(backend, httpcore.NetworkBackend):
            complete = False
            continue
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return complete
